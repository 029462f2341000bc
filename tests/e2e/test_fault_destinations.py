"""Exactly-once under SIGKILL for destination.file (Parquet, CSV) and destination.warehouse (DuckDB file,
PostgreSQL schema).

Every run writes the same N numbers into two targets (so the commit phase has a "between the two" moment).
The worker is SIGKILLed (with its pool children) at each kill point of tests.e2e.killpoints, twice: step
points on attempts 1 and 2 (the step finishes on attempt 3, the last one the lost-worker allowance gives),
commit points once in the step's worker and once more in the worker that runs the watchdog's re-commit.
Then the watchdog and a fresh worker finish the run, and the targets must hold exactly one run's output:
N distinct rows each, nothing duplicated, nothing partial, no staging file or table left behind.
"""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import duckdb
import polars as pl
import psycopg
import pytest
from django.conf import settings

from executions.services import execution_start
from executions.services.watchdog import watchdog_sweep
from executions.tasks import watchdog
from pipelines import services
from pipelines.graph import parse_graph_document
from tests.e2e import killpoints
from tests.e2e.conftest import postgres_connection, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("celery")]
ROWS = 400_000
BATCH = 50_000
PARTS = 4  # partitions of the partitioned file target (p = i % PARTS)
STEP_POINTS = ("before_stage", "mid_stage", "after_stage")
COMMIT_POINTS = ("commit", "after_publish")
DURATIONS: list[tuple[str, float]] = []


@pytest.fixture
def pg_target():
    """A database of its own on the suite's PostgreSQL for the PostgreSQL-schema warehouse."""
    name = f"sluice_e2e_wh_{os.getpid()}"
    db = settings.DATABASES["default"]
    base = f"postgresql://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name, f"{base}/{name}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _destinations(target: str, folder: str, operator, pg_target) -> list[dict]:
    if target == "file_partitioned":
        return [{"path": f"{folder}/{t}", "mode": "partitioned", "partition_by": ["p"]} for t in "ab"]
    if target.startswith("file_"):
        fmt = target.removeprefix("file_")
        return [{"path": f"{folder}/{t}.{fmt}", "format": fmt, "mode": "overwrite"} for t in ("a", "b")]
    if target == "duckdb":
        return [{"path": f"{folder}/wh.duckdb", "table": t, "mode": "append", "batch_size": BATCH} for t in "ab"]
    name, _ = pg_target
    connection = postgres_connection(operator, name=f"warehouse {name} {folder}", database=name)
    return [
        {"connection": connection.slug, "schema": "analytics", "table": t, "mode": "append", "batch_size": BATCH}
        for t in "ab"
    ]


def _pipeline(operator, target: str, folder: str, pg_target, tables: str):
    kind = "destination.file" if target.startswith("file_") else "destination.warehouse"
    configs = _destinations(target, folder, operator, pg_target)
    graph = {
        "nodes": [
            {"key": "numbers", "type": "e2e.numbers", "config": {"n": ROWS, "mod": PARTS}},
            *({"key": f"load_{t}", "type": kind, "config": c} for t, c in zip(tables, configs, strict=False)),
        ],
        "edges": [{"source": "numbers", "target": f"load_{t}"} for t in tables],
    }
    pipeline = services.pipeline_create(
        user=operator,
        name=f"fault {target} {folder}",
        graph=parse_graph_document(graph),
        default_params={"sluice_retry": {"backoff_seconds": 0.2}},
    )
    services.pipeline_version_create(pipeline=pipeline, user=operator)
    pipeline.refresh_from_db()
    return pipeline


def _kill_when_reached(worker, point: str) -> str:
    where = wait_for(killpoints.reached, timeout=90, interval=0.02, what=f"a worker to reach {point}")
    worker.kill()
    return where


def _finished(execution) -> bool:
    execution.refresh_from_db()
    return execution.is_finished


def _read(target: str, folder: Path, pg_target, tables: str) -> tuple[dict[str, tuple[int, ...]], set[str]]:
    """Per target table/file: (rows, distinct, min, max); and every name left in the target's place."""
    if target == "file_partitioned":
        stats = {}
        for t in tables:
            if (folder / t).is_dir():
                parts = sorted(p.name for p in (folder / t).iterdir())
                assert parts == [f"p={k}" for k in range(PARTS)], parts  # every partition, nothing else
                frame = pl.scan_parquet(folder / t / "**" / "*.parquet", hive_partitioning=True)
                i = pl.col("i")
                row = frame.select(pl.len(), i.n_unique().alias("u"), i.min().alias("lo"), i.max().alias("hi"))
                stats[t] = tuple(int(v) for v in row.collect().row(0))
        return stats, {p.name for p in folder.iterdir()}
    if target.startswith("file_"):
        fmt = target.removeprefix("file_")
        scan = pl.scan_parquet if fmt == "parquet" else pl.scan_csv
        stats = {}
        for t in tables:
            path = folder / f"{t}.{fmt}"
            if path.exists():
                i = pl.col("i")
                frame = scan(path).select(pl.len(), i.n_unique().alias("u"), i.min().alias("lo"), i.max().alias("hi"))
                stats[t] = tuple(int(v) for v in frame.collect().row(0))
        return stats, {p.name for p in folder.iterdir()}
    query = "select count(*), count(distinct i), min(i), max(i) from {}"
    if target == "duckdb":
        with duckdb.connect(str(folder / "wh.duckdb"), read_only=True) as conn:
            names = {r[0] for r in conn.execute("select table_name from information_schema.tables").fetchall()}
            stats = {t: tuple(conn.execute(query.format(f"main.{t}")).fetchone()) for t in tables if t in names}
        return stats, names
    _, url = pg_target
    with psycopg.connect(url, autocommit=True) as conn:
        names = {
            r[0]
            for r in conn.execute(
                "select table_name from information_schema.tables where table_schema = 'analytics'"
            ).fetchall()
        }
        stats = {t: tuple(conn.execute(query.format(f"analytics.{t}")).fetchone()) for t in tables if t in names}
    return stats, names


# Parquet and the DuckDB file at every point; CSV, a partitioned Parquet directory (published by exchanging
# directories) and the PostgreSQL schema where the two phases meet: after staging and inside the publish.
CASES = [
    *((t, p) for t in ("file_parquet", "duckdb") for p in (*STEP_POINTS, *COMMIT_POINTS)),
    *((t, p) for t in ("file_csv", "file_partitioned", "pg_schema") for p in ("after_stage", "commit")),
]
# Passes run alone (and with the rest of this file), but in the whole suite the worker never stops at the
# commit point of the PostgreSQL schema: both loads succeed and no commit is seen at the point. Not yet
# understood (the issue 14 note says what was ruled out); kept running so that a fix shows as XPASS.
CASES[CASES.index(("pg_schema", "commit"))] = pytest.param(
    "pg_schema",
    "commit",
    marks=pytest.mark.xfail(reason="commit point not reached in the full suite; passes alone", strict=False),
)


@pytest.mark.parametrize(("target", "point"), CASES)
def test_sigkill_at_every_kill_point_publishes_exactly_once(on_celery, operator, pg_target, target, point, settings):
    started = time.monotonic()
    # A step message the killed worker had reserved but not started waits for the broker's visibility
    # timeout; the watchdog sends such long-queued steps again (default after 10 minutes).
    settings.SLUICE_REDISPATCH_AFTER_SECONDS = 3
    folder = f"fault/{target}_{point}_{os.getpid()}"
    root = Path(settings.DATA_ROOT) / folder
    # One destination for the step points (its step is killed on attempts 1 and 2); two for the commit
    # points, so that the publish phase has a moment between the two.
    tables = "a" if point in STEP_POINTS else "ab"
    pipeline = _pipeline(operator, target, folder, pg_target, tables)
    # Armed before the run starts: the two loads stage and commit within a second, sooner than a busy test
    # process gets back from execution_start (armed after it, the commit point was missed in the full suite).
    killpoints.arm(point)
    try:
        execution = execution_start(pipeline=pipeline, user=operator)
        reached = [_kill_when_reached(on_celery, point)]
        if point in STEP_POINTS:
            # The watchdog requeues the lost steps as attempt 2; a fresh worker reaches the point again.
            on_celery.start()
            killpoints.arm(point)
            wait_for(
                lambda: watchdog_sweep(stale_after=timedelta(seconds=2)).get("stale"),
                timeout=30,
                what="the watchdog to requeue the killed steps",
            )
        else:
            # The execution is stuck in committing; the watchdog task, run by a worker, re-commits and
            # reaches the point again.
            execution.refresh_from_db()
            assert execution.status == "committing"
            on_celery.start()
            killpoints.arm(point)
            time.sleep(2.1)  # the commit heartbeat must be older than the worker's SLUICE_STALE_AFTER_SECONDS
            watchdog.apply_async(queue=on_celery.queue)
        reached.append(_kill_when_reached(on_celery, point))
        execution.refresh_from_db()
        assert not execution.is_finished
        # Whatever the kills left must not be visible as the target: no target yet, or the one published.
        if point in STEP_POINTS and root.exists() and target.startswith("file_"):
            assert not {p for p in root.iterdir() if not p.name.startswith(".")}, "published before the commit"
    finally:
        killpoints.disarm()
    on_celery.start()

    def recover():
        watchdog_sweep(stale_after=timedelta(seconds=2))
        return _finished(execution)

    wait_for(recover, timeout=120, interval=0.5, what="the recovered execution")
    assert execution.status == "succeeded", execution.error
    loads = {s.node_key.removeprefix("load_"): s.attempt for s in execution.steps.filter(node_key__startswith="load_")}
    if point in STEP_POINTS:
        assert loads == {"a": 3}, loads  # killed at the point on attempts 1 and 2, finished on the third
    else:
        assert loads == {"a": 1, "b": 1}, loads
    stats, names = _read(target, root, pg_target, tables)
    one_run = (ROWS, ROWS, 0, ROWS - 1)
    assert stats == dict.fromkeys(tables, one_run)  # each target: one run's rows, none twice, none missing
    suffix = f".{target.removeprefix('file_')}" if target in ("file_parquet", "file_csv") else ""
    expected = {f"{t}{suffix}" for t in tables}
    if target == "duckdb":
        leftovers = {p.name for p in root.iterdir()} - {"wh.duckdb", "wh.duckdb.wal"}
        assert not leftovers, leftovers
    assert names == expected, f"staging left behind: {sorted(names - expected)}"
    DURATIONS.append((f"{target}/{point}", time.monotonic() - started))
    print(f"{target}/{point}: killed at {reached}, {time.monotonic() - started:.1f}s")
