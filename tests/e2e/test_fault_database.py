"""SIGKILL the worker in the middle of a database destination's write: after a restart and the
watchdog, the target table holds exactly the rows of one successful run."""

from __future__ import annotations

import os
from datetime import timedelta

import psycopg
import pytest
from django.conf import settings

from executions.services import execution_start
from executions.services.watchdog import watchdog_sweep
from tests.e2e.conftest import postgres_connection, versioned_pipeline, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("celery")]
ROWS = 12_000_000


@pytest.fixture
def data_db():
    name = f"sluice_e2e_fault_{os.getpid()}"
    db = settings.DATABASES["default"]
    admin = f"postgresql://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name, admin.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pipeline(operator, database: str):
    connection = postgres_connection(operator, name=f"fault target {database}", database=database)
    nodes = [
        {"key": "numbers", "type": "e2e.numbers", "config": {"n": ROWS}},
        {
            "key": "load",
            "type": "destination.database",
            "config": {"connection": connection.slug, "table": "facts", "mode": "append"},
        },
    ]
    return versioned_pipeline(operator, nodes, name=f"fault {database}")


def _recover_and_check(worker, execution, url, *, attempts: int, node: str = "numbers") -> None:
    worker.start()
    wait_for(
        lambda: watchdog_sweep(stale_after=timedelta(seconds=2)),
        timeout=30,
        what="the watchdog to requeue the lost step or finish the commit",
    )

    def done():
        execution.refresh_from_db()
        return execution.is_finished

    wait_for(done, timeout=120, what="the recovered execution")
    assert execution.status == "succeeded", execution.error
    assert execution.steps.get(node_key=node).attempt == attempts
    with psycopg.connect(url, autocommit=True) as conn:
        total, distinct = conn.execute("select count(*), count(distinct i) from facts").fetchone()
    assert (total, distinct) == (ROWS, ROWS)  # no partial rows, no duplicates


def _copying(name: str, url: str) -> int:
    # The staging table is invisible until its transaction commits; the COPY itself shows here.
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(
            "select count(*) from pg_stat_activity where datname = %s and query ilike 'copy %%'", [name]
        ).fetchone()[0]


def test_sigkill_while_staging(on_celery, operator, data_db):
    name, url = data_db
    execution = execution_start(pipeline=_pipeline(operator, name), user=operator)
    wait_for(lambda: _copying(name, url), timeout=60, interval=0.02, what="the COPY into the staging table")
    on_celery.kill()  # mid-write
    try:
        assert execution.steps.get(node_key="numbers").status == "running"
    finally:
        _recover_and_check(on_celery, execution, url, attempts=2)


def test_sigkill_while_staging_a_step_the_worker_continued_into(on_celery, operator, data_db, settings):
    """Unfused, ``load`` is a step of its own that the worker claimed in the transaction of ``numbers``'
    success and ran without a new task: when it dies there, the redelivered task of ``numbers`` claims
    nothing, and the watchdog requeues ``load`` like any stale step."""
    settings.SLUICE_FUSE_CHAINS = False
    name, url = data_db
    execution = execution_start(pipeline=_pipeline(operator, name), user=operator)
    wait_for(lambda: _copying(name, url), timeout=60, interval=0.02, what="the COPY into the staging table")
    on_celery.kill()  # mid-write
    try:
        numbers, load = execution.steps.get(node_key="numbers"), execution.steps.get(node_key="load")
        assert numbers.status == "succeeded" and load.status == "running"
        assert load.worker == numbers.worker  # continued, not dispatched to another worker
    finally:
        _recover_and_check(on_celery, execution, url, attempts=2, node="load")
    assert execution.steps.get(node_key="numbers").attempt == 1


def test_sigkill_while_committing(on_celery, operator, data_db, monkeypatch):
    name, url = data_db
    execution = execution_start(pipeline=_pipeline(operator, name), user=operator)

    def committing():
        execution.refresh_from_db()
        return execution.status == "committing"

    wait_for(committing, timeout=120, interval=0.01, what="the commit phase")
    on_celery.kill()
    _recover_and_check(on_celery, execution, url, attempts=1)
