"""The spark connection kind against a real Spark standalone cluster on 127.0.0.1 (one master, two
workers, a Spark Connect server that requires a token: the session's ``spark_cluster``,
tests/spark_cluster.py). One xdist group: every test here shares the one cluster of the xdist worker
that runs them."""

from __future__ import annotations

import time
import uuid

import pyspark
import pytest

from pipelines import interactive
from pipelines.connectors.spark import spark_connection_test, spark_session
from pipelines.crypto import encrypt_json
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("spark")]


def _connection(owner, config: dict, token: str | None):
    return factories.ConnectionFactory(
        kind="spark",
        owner=owner,
        config={"allow_private_network": True, **config},
        encrypted_secrets=encrypt_json({"token": token}) if token else "",
        secret_keys=["token"] if token else [],
    )


@pytest.fixture
def spark_connection(spark_cluster, editor):
    settings = {"spark.sql.shuffle.partitions": 3, "spark.sql.session.timeZone": "UTC"}
    return _connection(editor, {"url": spark_cluster.connect_url, "settings": settings}, spark_cluster.token)


def test_the_cluster_has_a_master_and_two_alive_workers(spark_cluster):
    state = spark_cluster.master_state()
    assert [w["state"] for w in state["workers"]] == ["ALIVE", "ALIVE"]
    assert all(w["host"] == "127.0.0.1" for w in state["workers"])


def test_connection_test_reports_the_version_from_the_interactive_pool(spark_connection, client_for, editor, settings):
    """Through the API and the real interactive pool (a child process under its memory cap), as the web
    process runs it."""
    settings.SLUICE_INTERACTIVE_POOL = "process"
    settings.SLUICE_INTERACTIVE_WORKERS = 1
    interactive.reset()
    try:
        response = client_for(editor).post(f"/api/connections/{spark_connection.pk}/test/")
    finally:
        interactive.reset()
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["ok"] is True, body
    assert body["server_version"] == f"Spark {pyspark.__version__}"
    assert body["message"] == f"Connected to Spark {pyspark.__version__} (Spark Connect)."


def test_introspect_lists_a_table_created_here_with_its_column_types(spark_connection, client_for, editor):
    database = f"sluice_{uuid.uuid4().hex[:8]}"
    with spark_session(spark_connection, timeout=60) as session:
        assert session.conf.get("spark.sql.shuffle.partitions") == "3"  # the connection's settings apply
        session.sql(f"CREATE DATABASE {database}")
        session.sql(
            f"CREATE TABLE {database}.orders (id BIGINT, customer STRING, amount DECIMAL(12,2), placed DATE) "
            "USING parquet"
        )
        session.sql(f"INSERT INTO {database}.orders VALUES (1, 'a', 9.50, DATE'2026-12-07')")
        session.sql(f"CREATE VIEW {database}.big_orders AS SELECT id FROM {database}.orders WHERE amount > 5")
    try:
        api = client_for(editor)
        found = api.get(f"/api/connections/{spark_connection.pk}/introspect/", {"schema": database})
        assert found.status_code == 200, found.json()
        [schema] = found.json()["schemas"]
        assert schema["name"] == database
        tables = {t["name"]: t for t in schema["tables"]}
        assert tables["orders"]["type"] == "table" and tables["big_orders"]["type"] == "view"
        assert [(c["name"], c["type"]) for c in tables["orders"]["columns"]] == [
            ("id", "bigint"),
            ("customer", "string"),
            ("amount", "decimal(12,2)"),
            ("placed", "date"),
        ]
        everything = api.get(f"/api/connections/{spark_connection.pk}/introspect/").json()
        assert {"default", database} <= {s["name"] for s in everything["schemas"]}

        missing = api.get(f"/api/connections/{spark_connection.pk}/introspect/", {"schema": "no_such_db"})
        assert missing.status_code == 400 and "no_such_db" in str(missing.json())
    finally:
        with spark_session(spark_connection, timeout=60) as session:
            session.sql(f"DROP DATABASE {database} CASCADE")


def test_the_default_database_is_used_and_a_missing_one_is_named(spark_cluster, editor):
    url, token = spark_cluster.connect_url, spark_cluster.token
    good = _connection(editor, {"url": url, "database": "default"}, token)
    with spark_session(good, timeout=60) as session:
        assert session.sql("SELECT current_database()").collect()[0][0] == "default"
    missing = _connection(editor, {"url": url, "database": "no_such_db"}, token)
    result = spark_connection_test(connection=missing, timeout=20)
    assert result["ok"] is False
    assert "no_such_db" in result["message"] and "JVM stacktrace" not in result["message"]


@pytest.mark.parametrize("token", [None, "not-the-token"])
def test_a_missing_or_wrong_token_is_refused_and_never_shown(spark_cluster, editor, token):
    result = spark_connection_test(
        connection=_connection(editor, {"url": spark_cluster.connect_url}, token), timeout=20
    )
    assert result["ok"] is False, result
    assert spark_cluster.token not in result["message"]
    assert "not-the-token" not in result["message"]
    assert f"127.0.0.1:{spark_cluster.connect_port}" in result["message"]


def test_a_port_that_is_not_spark_connect_fails_clearly_within_the_bound(spark_cluster, editor):
    """The master's own RPC port answers TCP but not gRPC: the test ends within its bound and says so."""
    connection = _connection(editor, {"url": f"sc://127.0.0.1:{spark_cluster.master_port}"}, None)
    started = time.monotonic()
    result = spark_connection_test(connection=connection, timeout=5)
    assert time.monotonic() - started < 9
    assert result["ok"] is False
    assert f"127.0.0.1:{spark_cluster.master_port}" in result["message"]
