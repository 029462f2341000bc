"""Step bookkeeping commits without waiting for the WAL flush (executions.services.chain.relax_commit): a claim's
and a chain's successes, not a run's finish, a failure or anything else; SLUICE_DURABLE_STEP_COMMITS makes every
commit wait. And a success's release is read after its pipeline (core.db.fetch_models_later): one round trip."""

from __future__ import annotations

from unittest import mock

import psycopg
import pytest
from django.db import connection, transaction

from core import db
from executions import executors
from executions.models import Execution, StepRun
from executions.services import execution_start
from executions.services.chain import relax_commit
from tests.executions.conftest import chain

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="synchronous_commit is PostgreSQL's"),
]


def setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_relax_commit_holds_for_its_transaction_only():
    assert setting() == "on"
    with transaction.atomic():
        cursor = relax_commit()
        assert cursor is not None
        cursor.close()
        assert setting() == "off"
    assert setting() == "on"  # SET LOCAL: the next transaction waits for the flush again


def test_durable_step_commits_send_nothing(settings):
    settings.SLUICE_DURABLE_STEP_COMMITS = True
    with transaction.atomic():
        assert relax_commit() is None
        assert setting() == "on"


def commits_seen() -> tuple[list[tuple[str, str]], object]:
    """Each COMMIT sent meanwhile, with the synchronous_commit it ran under and the writes sent since the
    commit before (its transaction's, after any autocommitted ones: a step's log lines and their event)."""
    seen: list[tuple[str, str]] = []
    original = psycopg.Connection.commit
    writes: list[str] = []
    original_execute = psycopg.Cursor.execute

    def execute(self, query, *args, **kwargs):
        text = str(query)
        if text.startswith(("UPDATE", "INSERT")):
            writes.append(text[:120])
        return original_execute(self, query, *args, **kwargs)

    def commit(self):
        with original_execute(psycopg.Cursor(self), "SHOW synchronous_commit") as cursor:
            value = cursor.fetchone()[0]
        seen.append((value, " | ".join(writes)))
        writes.clear()
        return original(self)

    patches = (
        mock.patch.object(psycopg.Connection, "commit", commit),
        mock.patch.object(psycopg.Cursor, "execute", execute),
    )
    return seen, patches


def run_watched(pipeline, user) -> tuple[Execution, list[tuple[str, str]]]:
    """Start a run, then run its steps inline watching their commits (``commits_seen``)."""
    execution = execution_start(pipeline=pipeline, user=user)
    seen, (patch_commit, patch_execute) = commits_seen()
    with patch_commit, patch_execute:
        executors.run_inline_until_idle()
    execution.refresh_from_db()
    return execution, seen


@pytest.mark.parametrize("durable", [False, True])
def test_a_run_relaxes_its_claim_and_successes_not_its_finish(make_pipeline, editor, settings, durable):
    settings.SLUICE_FUSE_CHAINS = False
    settings.SLUICE_DURABLE_STEP_COMMITS = durable
    graph = chain(("src", "t.rows", {"n": 3}), ("add", "t.add", {"add": 1}), ("dst", "t.sink", {"name": "relaxed"}))
    execution, seen = run_watched(make_pipeline(graph, name="Relaxed"), editor)
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    claims = [v for v, first in seen if CLAIM in first]
    successes = [v for v, first in seen if SUCCESS in first]
    finals = [v for v, writes in seen if FINAL in writes]
    assert claims and successes and finals, seen
    expected = "on" if durable else "off"
    assert set(claims) == {expected} and set(successes) == {expected}, seen
    assert set(finals) == {"on"}, seen  # the finish waits for the flush, and flushes the steps' commits with it
    assert {v for v, first in seen if CLAIM not in first and SUCCESS not in first} == {"on"}, seen


CLAIM, SUCCESS = "SET status = %s, attempt = attempt + 1", "SET status = %s, finished_at = %s, heartbeat_at"
FINAL = 'UPDATE "executions_execution" SET status = %s, finished_at = %s'  # the run's final status


def test_a_failure_commits_durably(make_pipeline, editor, settings):
    """A step's failure (and its run's) is no bookkeeping of a chain: it waits for the flush."""
    settings.SLUICE_FUSE_CHAINS = False
    graph = chain(
        ("src", "t.rows", {"n": 3}), ("bad", "t.add", {"fail_times": 99}), ("dst", "t.sink", {"name": "never"})
    )
    execution, seen = run_watched(make_pipeline(graph, name="Failing"), editor)
    assert execution.status == Execution.Status.FAILED
    assert execution.steps.get(node_key="bad").status == StepRun.Status.FAILED
    # the source's claim and success are bookkeeping; the failure's retries, its end and the run's are not
    assert {v for v, first in seen if CLAIM not in first and SUCCESS not in first} == {"on"}, seen
    assert seen[-1][0] == "on", seen


def test_rows_read_after_the_pipeline_are_its_statements():
    """fetch_models_later: sent inside the block, read after it (the block's closing round trip brought them)."""
    ex = StepRun._meta.db_table
    with transaction.atomic():
        with db.pipeline():
            later = db.fetch_models_later(StepRun, f'SELECT * FROM "{ex}" WHERE id = %s', [-1])
        assert later() == []


def test_the_step_statements_are_prepared_on_their_connection(make_pipeline, editor, settings):
    """core.db's statements are parsed and planned once per connection: Django's backend turns psycopg's
    prepared statements off unless OPTIONS names a threshold (config/settings: SLUICE_DB_PREPARED_STATEMENTS),
    and then even ``prepare=True`` prepares nothing."""
    settings.SLUICE_FUSE_CHAINS = False
    assert connection.connection.prepare_threshold is not None
    graph = chain(("src", "t.rows", {"n": 3}), ("add", "t.add", {"add": 1}), ("dst", "t.sink", {"name": "prepared"}))
    execution, _ = run_watched(make_pipeline(graph, name="Prepared"), editor)
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("SET status = $1, finished_at = $2, heartbeat_at" in s for s in prepared), prepared  # a success
    assert any("remaining_upstream = remaining_upstream - 1" in s for s in prepared), prepared  # a release


def test_prepared_statements_can_be_turned_off(monkeypatch):
    """Behind a pooler that does not keep them per client (PgBouncer in transaction mode before 1.21)."""
    import importlib

    import config.settings.runtime as runtime

    monkeypatch.setenv("SLUICE_DB_PREPARED_STATEMENTS", "0")
    try:
        assert importlib.reload(runtime).DATABASES["default"]["OPTIONS"]["prepare_threshold"] is None
        monkeypatch.setenv("SLUICE_DB_PREPARED_STATEMENTS", "1")
        assert importlib.reload(runtime).DATABASES["default"]["OPTIONS"]["prepare_threshold"] == 5
    finally:
        monkeypatch.delenv("SLUICE_DB_PREPARED_STATEMENTS")
        importlib.reload(runtime)
