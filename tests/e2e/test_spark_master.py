"""A spark connection to a standalone master URL (``spark://``) against the session's real local cluster
(``spark_cluster``, tests/spark_cluster.py): Sluice starts its own driver (a Spark Connect server attached
to the master, pipelines.connectors.spark_driver), the connection test and a pipeline run on a Celery
worker go through it, the second user reuses the first one's driver, and the module stops it by its pid.
An unreachable master and a missing Java fail clearly within a bound."""

from __future__ import annotations

import contextlib
import json
import os
import time

import polars as pl
import psutil
import pytest
from django.conf import settings

from pipelines.connectors import spark_driver
from pipelines.connectors.spark import spark_connection_test
from tests import factories
from tests.e2e.conftest import run_pipeline
from tests.e2e.test_spark_backend import GRAPH
from tests.spark_cluster import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("spark")]

# The cluster's workers have room for one more application next to its own Connect server.
DRIVER_SETTINGS = {"spark.driver.memory": "512m", "spark.executor.memory": "512m", "spark.cores.max": 2}


def _master_connection(user, master_url: str):
    return factories.ConnectionFactory(
        kind="spark",
        owner=user,
        config={
            "url": master_url,
            "allow_private_network": True,
            "settings": {"spark.sql.shuffle.partitions": 4, "spark.sql.session.timeZone": "UTC"},
            "driver_settings": DRIVER_SETTINGS,
        },
    )


def _driver_state(master_url: str) -> dict | None:
    key = spark_driver.driver_key(master_url, {k: str(v) for k, v in DRIVER_SETTINGS.items()})
    path = spark_driver.drivers_root() / f"{key}.json"
    return json.loads(path.read_text()) if path.exists() else None


@pytest.fixture(scope="module")
def master_driver(spark_cluster):
    """The master URL; at the end, the driver this module started is stopped by its pid, and gone (its
    idle stop is the safety net should the session die first)."""
    idle = os.environ.get("SLUICE_SPARK_DRIVER_IDLE_SECONDS")
    os.environ["SLUICE_SPARK_DRIVER_IDLE_SECONDS"] = "300"
    key = spark_driver.driver_key(spark_cluster.master_url, {k: str(v) for k, v in DRIVER_SETTINGS.items()})
    root = spark_driver.drivers_root()
    try:
        yield spark_cluster.master_url
    finally:
        if idle is None:
            os.environ.pop("SLUICE_SPARK_DRIVER_IDLE_SECONDS")
        else:
            os.environ["SLUICE_SPARK_DRIVER_IDLE_SECONDS"] = idle
        pids = []
        with contextlib.suppress(OSError, ValueError):
            pids = [json.loads((root / f"{key}.json").read_text())["pid"], int((root / f"{key}.jvm").read_text())]
        assert spark_driver.stop_driver(key=key) is True
        assert pids and all(_gone(pid) for pid in pids), pids
        assert not (root / key).exists() and not (root / f"{key}.properties").exists()  # its token and files


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _processes(pid: int) -> list[psutil.Process]:
    leader = psutil.Process(pid)
    return [leader, *leader.children(recursive=True)]


def _safe(call, *args, default):
    """``call(*args)``, or ``default`` for a process that ended or is a zombie meanwhile (spark-submit's
    launcher)."""
    try:
        return call(*args)
    except psutil.Error:
        return default


def _tested_once_started(connection, *, within: float = 240) -> dict:
    """The connection test, asked again while it answers that the driver is still starting, as its message tells
    a user to (a cold start of the driver's JVM took over 20 s on a slow CI machine)."""
    deadline = time.monotonic() + within
    while True:
        result = spark_connection_test(connection=connection, timeout=20)
        if result["ok"] or "is still starting" not in result["message"] or time.monotonic() > deadline:
            return result
        time.sleep(2)


def test_connection_test_starts_a_local_driver_on_the_master(master_driver, spark_cluster, editor, client_for):
    connection = _master_connection(editor, master_driver)
    result = _tested_once_started(connection)
    assert result["ok"] is True, result
    assert result["message"].endswith(f"(a local driver on the master {master_driver}).")
    state = _driver_state(master_driver)
    assert state is not None and state["master"] == master_driver
    # The driver's gRPC port listens on 127.0.0.1 only; its token is in no process's command line.
    procs = _processes(state["pid"])
    ports = {c.laddr for p in procs for c in _safe(p.net_connections, "tcp", default=[]) if c.status == "LISTEN"}
    assert {ip for ip, port in ports if port == state["port"]} <= {"127.0.0.1", "::ffff:127.0.0.1"}
    assert state["port"] in {port for _ip, port in ports}
    assert not any(state["token"] in " ".join(_safe(p.cmdline, default=[])) for p in procs)
    # Its memory (driver.memory 512m): the supervisor's and the JVM's resident size, measured here.
    rss = sum(_safe(lambda p=p: p.memory_info().rss, default=0) for p in procs) / 2**20
    print(f"local driver resident: {rss:.0f} MiB")
    assert rss < 1200
    # The master runs it as an application beside the cluster's own Connect server.
    names = [a["name"] for a in spark_cluster.master_state()["activeapps"]]
    assert any(n.startswith("Sluice driver ") for n in names), names
    # A second test reuses it.
    again = spark_connection_test(connection=connection, timeout=20)
    assert again["ok"] is True and _driver_state(master_driver)["pid"] == state["pid"]
    # Introspection through the API goes through it too.
    found = client_for(editor).get(f"/api/connections/{connection.pk}/introspect/")
    assert found.status_code == 200, found.json()
    assert "default" in {s["name"] for s in found.json()["schemas"]}
    assert _driver_state(master_driver)["pid"] == state["pid"]


def test_a_pipeline_on_a_worker_runs_through_the_same_driver_and_equals_polars(
    master_driver, on_celery, operator, spark_cluster
):
    """The same pipeline on the polars backend and on the spark one through the master connection."""
    rows = 3000
    orders = pl.DataFrame(
        {
            "id": range(rows),
            "country": pl.Series([None, "DE", "FR", "fr", "IT"] * (rows // 5)),
            "amount": [round((i * 7919) % 1000 / 10, 2) for i in range(rows)],
            "status": ["paid" if i % 3 else "void" for i in range(rows)],
        }
    )
    (settings.DATA_ROOT / "spark_in").mkdir(parents=True, exist_ok=True)
    orders.write_parquet(settings.DATA_ROOT / "spark_in" / "orders.parquet")
    out = settings.DATA_ROOT / "spark_out" / "totals.parquet"

    on_polars = run_pipeline(operator, GRAPH, name="on polars", timeout=120)
    assert on_polars.status == "succeeded", on_polars.error
    want = pl.read_parquet(out).sort("country", nulls_last=False)
    out.unlink()

    connection = _master_connection(operator, master_driver)
    if _driver_state(master_driver) is None:  # the test that starts it may have run on another xdist worker
        assert spark_connection_test(connection=connection, timeout=90)["ok"]
    before = _driver_state(master_driver)
    execution = run_pipeline(
        operator,
        GRAPH,
        name="on a spark master",
        timeout=180,
        backend="spark",
        default_params={"sluice_spark_connection": connection.slug},
    )
    assert execution.backend == "spark" and execution.status == "succeeded", execution.error
    assert before is not None and _driver_state(master_driver)["pid"] == before["pid"]  # the worker reused it
    got = pl.read_parquet(out).sort("country", nulls_last=False)
    assert len(want) == 5 and got["country"].to_list() == want["country"].to_list()
    assert got["orders"].cast(pl.Int64).to_list() == want["orders"].cast(pl.Int64).to_list()
    assert all(abs(g - w) < 1e-6 * max(1.0, abs(w)) for g, w in zip(got["gross"], want["gross"], strict=True))


def test_an_unreachable_master_fails_clearly_within_a_bound(editor):
    url = f"spark://127.0.0.1:{free_port()}"
    started = time.monotonic()
    result = spark_connection_test(connection=_master_connection(editor, url), timeout=20)
    assert time.monotonic() - started < 10
    assert result["ok"] is False
    assert result["message"] == f"The Spark master at {url} cannot be reached (nothing answers on its port)."
    assert _driver_state(url) is None


def test_a_host_without_java_says_so(editor, spark_cluster, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    connection = _master_connection(editor, spark_cluster.master_url)
    connection.config["driver_settings"] = {"spark.driver.memory": "768m"}  # another driver: none runs yet
    result = spark_connection_test(connection=connection, timeout=5)
    assert result["ok"] is False
    assert "Java is not installed on this host" in result["message"], result
