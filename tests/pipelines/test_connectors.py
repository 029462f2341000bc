"""Database connectors: config schemas and validation, identifiers, statement checks, secrets
scrubbing, connection_test and connection_introspect against real PostgreSQL, MariaDB, SQLite
and DuckDB. The fixtures here (a throw-away PostgreSQL database per test module, Connection
rows) are imported by the node tests too."""

from __future__ import annotations

import socket
import sqlite3
import uuid
from urllib.parse import unquote, urlparse

import duckdb
import psycopg
import pytest
from django.core.exceptions import ValidationError

from pipelines.connectors import connection_config_schema, connection_validate_config
from pipelines.connectors.identifiers import IdentifierError, check_identifier
from pipelines.connectors.ops import IntrospectionNotSupported, connection_introspect, connection_test
from pipelines.connectors.sql import ConnectorError, postgres_uri, quote_ident, scrub
from pipelines.connectors.statements import UnsafeStatement, check_condition, check_select, strip_statement
from pipelines.crypto import encrypt_json
from pipelines.models import Connection
from pipelines.nodes.base import BuildContext
from tests.factories import ConnectionFactory

ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=5"
PASSWORD = "S3cret-p@ss/w0rd?"


# --- shared fixtures (imported by the node tests) ------------------------------------------------


@pytest.fixture(scope="module")
def pg_database():
    """A PostgreSQL database of its own for this test module, dropped at the end."""
    name = f"h2_data_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_run(database: str, *statements: str, params=None) -> list[tuple]:
    """Run statements on ``database`` (autocommit); the rows of the last one, if any."""
    rows: list[tuple] = []
    with psycopg.connect(f"host=127.0.0.1 port=5432 user=postgres dbname={database}", autocommit=True) as conn:
        for sql in statements:
            cur = conn.execute(sql, params)
            rows = cur.fetchall() if cur.description else []
    return rows


def make_connection(kind: str, config: dict, secrets: dict | None = None, **extra) -> Connection:
    return ConnectionFactory(
        kind=kind,
        config=config,
        encrypted_secrets=encrypt_json(secrets) if secrets else "",
        secret_keys=sorted(secrets or {}),
        **extra,
    )


@pytest.fixture
def pg_conn(db, pg_database):
    return make_connection(
        "postgresql", {"host": "127.0.0.1", "port": 5432, "database": pg_database, "user": "postgres"}
    )


@pytest.fixture
def sqlite_conn(db, settings):
    return make_connection("sqlite", {"path": "db/app.sqlite"})


@pytest.fixture
def duckdb_conn(db, settings):
    return make_connection("duckdb", {"path": "db/app.duckdb"})


def data_file(settings, relative: str) -> str:
    path = settings.DATA_ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return str(path)


def make_ctx(mode: str = "run", **kwargs) -> BuildContext:
    kwargs.setdefault("timeout", 30)
    kwargs.setdefault("get_connection", lambda slug: Connection.objects.get(slug=slug))
    return BuildContext(node_key="node", mode=mode, **kwargs)


def mariadb_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 3306), timeout=2):
            return True
    except OSError:
        return False


needs_mariadb = pytest.mark.skipif(not mariadb_up(), reason="MariaDB is not running at 127.0.0.1:3306")


# --- config schemas and validation ----------------------------------------------------------------


def test_config_schema_per_kind():
    pg = connection_config_schema("postgresql")
    assert pg["secrets"] == ["password"]
    assert {"host", "port", "database", "user", "sslmode", "schema"} <= set(pg["config_schema"]["properties"])
    assert pg["config_schema"]["properties"]["port"]["default"] == 5432
    assert connection_config_schema("mysql")["config_schema"]["properties"]["port"]["default"] == 3306
    for kind in ("sqlite", "duckdb"):
        schema = connection_config_schema(kind)
        assert schema["secrets"] == [] and schema["config_schema"]["required"] == ["path"]
    assert "base_url" in connection_config_schema("http")["config_schema"]["properties"]
    with pytest.raises(ValueError):
        connection_config_schema("oracle")


def test_validate_config_accepts_good_configs(settings):
    connection_validate_config(
        kind="postgresql",
        config={"host": "db.example.com", "database": "shop", "user": "etl", "sslmode": "require", "schema": "sales"},
        secrets={"password": "x"},
    )
    connection_validate_config(kind="mysql", config={"host": "10.0.0.5", "database": "shop", "user": "etl"}, secrets={})
    connection_validate_config(kind="sqlite", config={"path": "dbs/a.sqlite"}, secrets={})


@pytest.mark.parametrize(
    ("kind", "config", "secrets", "key", "fragment"),
    [
        ("postgresql", {"database": "d", "user": "u"}, {}, "config", "host"),
        ("postgresql", {"host": "h?sslmode=disable", "database": "d", "user": "u"}, {}, "config", "host"),
        ("postgresql", {"host": "h", "database": "d", "user": "u", "port": 70000}, {}, "config", "port"),
        ("postgresql", {"host": "h", "database": "d", "user": "u", "schema": "x; drop"}, {}, "config", "schema"),
        ("postgresql", {"host": "h", "database": "d", "user": "u", "extra": 1}, {}, "config", "extra"),
        ("postgresql", {"host": "h", "database": "d", "user": "u"}, {"token": "t"}, "secrets", "token"),
        ("sqlite", {"path": "/etc/passwd"}, {}, "config", "absolute"),
        ("duckdb", {"path": "../outside.duckdb"}, {}, "config", ".."),
        ("mysql", {"host": "h", "database": "d b", "user": "u"}, {}, "config", "database"),
    ],
)
def test_validate_config_refuses_bad_configs(kind, config, secrets, key, fragment):
    with pytest.raises(ValidationError) as info:
        connection_validate_config(kind=kind, config=config, secrets=secrets)
    assert key in info.value.message_dict
    assert fragment in " ".join(info.value.message_dict[key])


# --- identifiers, DSNs, scrubbing, statements -----------------------------------------------------


@pytest.mark.parametrize(
    "name", ["users; drop table x", 'a"b', "a'b", "naïve", "x" * 64, "", "1abc", "a b", "a.b", "a-b", "t\x00"]
)
def test_bad_identifiers_are_refused(name):
    with pytest.raises(IdentifierError):
        check_identifier(name)
    with pytest.raises(IdentifierError):
        quote_ident(name, "postgres")


def test_good_identifiers_are_quoted():
    assert quote_ident("Order_2", "postgres") == '"Order_2"'
    assert quote_ident("select", "mysql") == "`select`"
    assert check_identifier("x" * 63) == "x" * 63


def test_postgres_uri_encodes_secrets_and_sets_session_options():
    uri = postgres_uri(
        {"host": "127.0.0.1", "database": "shop", "user": "etl"},
        {"password": PASSWORD},
        read_only=True,
        statement_timeout=2.5,
    )
    parsed = urlparse(uri)
    assert unquote(parsed.password) == PASSWORD
    assert parsed.hostname == "127.0.0.1" and parsed.port == 5432 and parsed.path == "/shop"
    assert "default_transaction_read_only%3Don" in uri and "statement_timeout%3D2500" in uri
    assert "connect_timeout=5" in uri


def test_scrub_removes_passwords_and_dsns():
    text = f"failed for postgresql://etl:{PASSWORD}@h/db password={PASSWORD} and {PASSWORD}"
    cleaned = scrub(text, {"password": PASSWORD})
    assert PASSWORD not in cleaned and "postgresql://" not in cleaned


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM t",
        "DROP TABLE t",
        "SELECT 1; DROP TABLE t",
        "SELECT 1; SELECT 2",
        "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
        "WITH u AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM u",
        "SELECT * INTO copy_t FROM t",
        "SELECT * FROM t FOR UPDATE",
        "INSERT INTO t SELECT 1",
        "CREATE TABLE x AS SELECT 1",
        "SET default_transaction_read_only = off",
        "COPY t TO '/tmp/x'",
        "VACUUM",
        "",
        "SELECT 'unterminated",
    ],
)
def test_check_select_refuses_non_reads(sql):
    with pytest.raises(UnsafeStatement):
        check_select(sql, "postgres")


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1",
        "select a, b from t where a > 1 order by b limit 5;",
        "WITH x AS (SELECT 1 AS a) SELECT * FROM x",
        "SELECT 1 UNION ALL SELECT 2",
        "SELECT * FROM (SELECT 1) AS s -- trailing comment",
    ],
)
def test_check_select_accepts_reads(sql):
    check_select(sql, "postgres")


def test_strip_statement_drops_trailing_semicolons_and_comments():
    assert strip_statement("SELECT 1 ; ; -- done", "postgres") == "SELECT 1"
    assert strip_statement("SELECT ';' AS s", "postgres") == "SELECT ';' AS s"


@pytest.mark.parametrize("where", ["a = 1) OR (1 = 1", "a = 1; DROP TABLE t", "a IN (DELETE FROM t RETURNING a)"])
def test_check_condition_refuses_escapes(where):
    with pytest.raises(UnsafeStatement):
        check_condition(where, "postgres")


# --- connection_test ---------------------------------------------------------------------------


def test_connection_test_postgres_ok(pg_conn):
    result = connection_test(connection=pg_conn)
    assert result["ok"] is True, result
    assert result["server_version"].startswith("PostgreSQL")
    assert result["latency_ms"] >= 0


def test_connection_test_failure_never_shows_the_password(db):
    conn = make_connection(
        "postgresql",
        {"host": "127.0.0.1", "port": 5432, "database": f"h2_missing_{uuid.uuid4().hex[:8]}", "user": "postgres"},
        {"password": PASSWORD},
    )
    result = connection_test(connection=conn)
    assert result["ok"] is False
    assert "does not exist" in result["message"]
    assert PASSWORD not in result["message"] and "postgresql://" not in result["message"]
    assert result["server_version"] is None


def test_connection_test_unreachable_port_is_bounded(db):
    conn = make_connection(
        "postgresql", {"host": "127.0.0.1", "port": 1, "database": "x", "user": "u"}, {"password": PASSWORD}
    )
    result = connection_test(connection=conn)
    assert result["ok"] is False and result["latency_ms"] < 6000
    assert PASSWORD not in result["message"]


@needs_mariadb
def test_connection_test_mysql_wrong_password(db):
    conn = make_connection(
        "mysql", {"host": "127.0.0.1", "port": 3306, "database": "test", "user": "root"}, {"password": PASSWORD}
    )
    result = connection_test(connection=conn)
    assert result["ok"] is False
    assert "Access denied" in result["message"] and PASSWORD not in result["message"]


@needs_mariadb
def test_connection_test_mysql_ok(db):
    conn = make_connection("mysql", {"host": "127.0.0.1", "port": 3306, "database": "test", "user": "root"})
    result = connection_test(connection=conn)
    assert result["ok"] is True, result
    assert "MariaDB" in result["server_version"] or "MySQL" in result["server_version"]


def test_connection_test_sqlite_and_duckdb(sqlite_conn, duckdb_conn, settings):
    missing = connection_test(connection=sqlite_conn)
    assert missing["ok"] is False and "does not exist" in missing["message"]
    sqlite3.connect(data_file(settings, "db/app.sqlite")).close()
    duckdb.connect(data_file(settings, "db/app.duckdb")).close()
    assert connection_test(connection=sqlite_conn)["server_version"].startswith("SQLite")
    assert connection_test(connection=duckdb_conn)["server_version"].startswith("DuckDB")


def test_connection_test_delegates_http(db, monkeypatch):
    from pipelines.connectors import http

    seen = []

    def fake(*, connection):
        seen.append(connection.slug)
        return {"ok": True, "message": "HTTP 200", "latency_ms": 1, "status_code": 200}

    monkeypatch.setattr(http, "http_connection_test", fake)
    conn = make_connection("http", {"base_url": "https://api.example.com"})
    result = connection_test(connection=conn)
    assert seen == [conn.slug] and result["ok"] is True and result["server_version"] is None


# --- connection_introspect ---------------------------------------------------------------------


def test_introspect_postgres(pg_conn, pg_database):
    pg_run(
        pg_database,
        "CREATE SCHEMA IF NOT EXISTS intro",
        "CREATE TABLE IF NOT EXISTS intro.items (id bigint NOT NULL, label text, price numeric(8,2))",
        "CREATE OR REPLACE VIEW intro.cheap AS SELECT id FROM intro.items WHERE price < 10",
        "CREATE TABLE IF NOT EXISTS intro._sluice_stage_leftover (a int)",
    )
    result = connection_introspect(connection=pg_conn)
    names = [s["name"] for s in result["schemas"]]
    assert "intro" in names and "public" in names and "pg_catalog" not in names
    only = connection_introspect(connection=pg_conn, schema="intro")
    assert [s["name"] for s in only["schemas"]] == ["intro"]
    tables = {t["name"]: t for t in only["schemas"][0]["tables"]}
    assert set(tables) == {"items", "cheap"}
    assert tables["cheap"]["type"] == "view" and tables["items"]["type"] == "table"
    assert tables["items"]["columns"] == [
        {"name": "id", "type": "bigint", "nullable": False},
        {"name": "label", "type": "text", "nullable": True},
        {"name": "price", "type": "numeric(8,2)", "nullable": True},
    ]
    assert only["truncated"] is False


def test_introspect_refuses_bad_schema_and_http(pg_conn, db):
    with pytest.raises(ConnectorError) as info:
        connection_introspect(connection=pg_conn, schema="x; drop schema public")
    assert info.value.field == "schema"
    with pytest.raises(ConnectorError):
        connection_introspect(connection=pg_conn, schema="no_such_schema")
    http_conn = make_connection("http", {"base_url": "https://api.example.com"})
    with pytest.raises(IntrospectionNotSupported, match="not supported for HTTP"):
        connection_introspect(connection=http_conn)


def test_introspect_sqlite_and_duckdb(sqlite_conn, duckdb_conn, settings):
    with sqlite3.connect(data_file(settings, "db/app.sqlite")) as lite:
        lite.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        lite.execute("CREATE VIEW v AS SELECT name FROM t")
    result = connection_introspect(connection=sqlite_conn)
    tables = {t["name"]: t for t in result["schemas"][0]["tables"]}
    assert tables["v"]["type"] == "view"
    assert tables["t"]["columns"][1] == {"name": "name", "type": "TEXT", "nullable": False}
    with duckdb.connect(data_file(settings, "db/app.duckdb")) as duck:
        duck.execute("CREATE SCHEMA mart")
        duck.execute("CREATE TABLE mart.sales (day DATE, total DOUBLE)")
    result = connection_introspect(connection=duckdb_conn)
    schemas = {s["name"]: s for s in result["schemas"]}
    assert [t["name"] for t in schemas["mart"]["tables"]] == ["sales"]
    assert schemas["mart"]["tables"][0]["columns"][0] == {"name": "day", "type": "DATE", "nullable": True}
