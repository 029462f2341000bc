"""The statements of a run's fixed costs (its start, its finish) and of a step's success do not grow with
the number of steps: a run of 30 steps sends as many as a run of 4 (bench/overhead.py times them); and the
StepRun rows that a start stores with COPY read back as written."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from unittest import mock

import psycopg
import pytest
from django.db import connection

from executions import executors
from executions.models import Execution
from executions.services import execution_start
from executions.services import steps as step_services
from tests.executions.conftest import chain

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="counts what is sent to PostgreSQL"),
]


@contextlib.contextmanager
def statements() -> Iterator[list[str]]:
    """Every statement sent to PostgreSQL meanwhile: the ORM's and ``core.db``'s alike (core.db's plain
    psycopg cursors pass by Django's wrappers, so CaptureQueriesContext would not see them)."""
    seen: list[str] = []

    def spy(name: str):
        original = getattr(psycopg.Cursor, name)

        def call(self, query, *args, **kwargs):
            seen.append(str(query)[:200])
            return original(self, query, *args, **kwargs)

        return mock.patch.object(psycopg.Cursor, name, call)

    with spy("execute"), spy("executemany"), spy("copy"):
        yield seen


@pytest.fixture
def unfused(settings):
    settings.SLUICE_FUSE_CHAINS = False
    settings.SLUICE_CHAIN_COMMIT_MS = 0  # every success commits on its own: the same statements each time


def line(make_pipeline, steps: int):
    """A source, ``steps - 2`` transforms and a destination in a line."""
    nodes = [("src", "t.rows", {"n": 3})]
    nodes += [(f"add{i}", "t.add", {"add": 1}) for i in range(steps - 2)]
    nodes += [("dst", "t.sink", {"name": f"line{steps}"})]
    return make_pipeline(chain(*nodes), name=f"Line of {steps}")


def fan_out(make_pipeline, width: int):
    """A source feeding ``width`` transforms, gathered by a union into a destination."""
    nodes = [("src", "t.rows", {"n": 3})] + [(f"add{i}", "t.add", {"add": i}) for i in range(width)]
    nodes += [("all", "t.union", {}), ("dst", "t.sink", {"name": f"fan{width}"})]
    edges = [("src", f"add{i}") for i in range(width)] + [(f"add{i}", "all") for i in range(width)]
    edges.append(("all", "dst"))
    return make_pipeline(chain(*nodes, edges=edges), name=f"Fan-out of {width}")


def run(pipeline, user) -> Execution:
    execution = execution_start(pipeline=pipeline, user=user)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    return execution


def spied(monkeypatch, name: str) -> list[list[str]]:
    """The statements of each call of ``steps.<name>`` (called by the step's task through that name)."""
    calls: list[list[str]] = []
    original = getattr(step_services, name)

    def wrapper(*args, **kwargs):
        with statements() as seen:
            result = original(*args, **kwargs)
        calls.append(seen)
        return result

    monkeypatch.setattr(step_services, name, wrapper)
    return calls


def uncoalesced(seen: list[str]) -> list[str]:
    """Without the count of the run's progress event, which a success makes only when the coalesced event
    is due (notifications.events.publish_coalesced): about ten a second per run, whatever its number of steps."""
    return [q for q in seen if not q.startswith("SELECT COUNT(*), COUNT(*) FILTER")]


def test_start_sends_as_many_statements_for_30_steps_as_for_4(make_pipeline, editor, unfused):
    counts = {}
    for steps in (4, 30):
        pipeline = line(make_pipeline, steps)
        run(pipeline, editor)  # warm: the plan, the validation's and the statements' caches
        with statements() as seen:
            execution = execution_start(pipeline=pipeline, user=editor)
        counts[steps] = len(seen)
        assert execution.steps.count() == steps
        executors.run_inline_until_idle()
    assert counts[30] == counts[4], counts


def test_finish_sends_as_many_statements_for_30_steps_as_for_4(make_pipeline, editor, unfused, monkeypatch):
    finishes = spied(monkeypatch, "execution_finish")
    counts = {}
    for steps in (4, 30):
        pipeline = line(make_pipeline, steps)
        run(pipeline, editor)
        finishes.clear()
        execution = run(pipeline, editor)
        assert len(finishes) == 1, "the last step's success finishes the run, once"
        counts[steps] = len(finishes[0])
        assert execution.rows_in == 3 and execution.rows_out == 3  # the rollup of the rows ran
    assert counts[30] == counts[4], counts


def test_a_step_success_sends_as_many_statements_in_a_run_of_30_steps_as_of_4(
    make_pipeline, editor, unfused, monkeypatch
):
    successes = spied(monkeypatch, "step_succeed")
    counts = {}
    for steps in (4, 30):
        pipeline = line(make_pipeline, steps)
        run(pipeline, editor)
        successes.clear()
        run(pipeline, editor)
        assert len(successes) == steps
        counts[steps] = [len(uncoalesced(s)) for s in successes]
    # the source's success, the transforms' (each the same), the destination's
    assert len(set(counts[30][1:-1])) == 1, counts[30]
    assert counts[30][:2] + counts[30][-1:] == counts[4][:2] + counts[4][-1:], counts


def test_a_success_that_releases_20_steps_sends_as_many_statements_as_one_that_releases_2(
    make_pipeline, editor, unfused, monkeypatch
):
    successes = spied(monkeypatch, "step_succeed")
    counts = {}
    for width in (2, 20):
        pipeline = fan_out(make_pipeline, width)
        run(pipeline, editor)
        successes.clear()
        execution = run(pipeline, editor)
        assert execution.steps.filter(status="succeeded").count() == width + 3
        counts[width] = len(uncoalesced(successes[0]))  # the source's: it released every transform
    assert counts[20] == counts[2], counts


def test_step_rows_stored_with_copy_read_back_as_written(make_pipeline, editor):
    """core.db.insert_models (COPY) keeps what bulk_create would: awkward text, JSON, NULL against {}."""
    from django.utils import timezone

    from core import db
    from executions.models import StepRun

    execution = execution_start(pipeline=line(make_pipeline, 3), user=editor)
    awkward = "tab\there, line\nbreak, back\\slash, quote ' \" , comma; \\N, é中 😀"
    now = timezone.now()
    rows = [
        StepRun(
            execution=execution,
            node_key=f"x{i}",
            node_type="t.add",
            group=f"x{i}",
            error=awkward,
            worker=awkward[:200],
            queued_at=now if i else None,
            report={"text": awkward, "n": [1, 2.5, None, True]},
            receipt=None if i else {"staging": awkward},
            output_rows={"out": i},
        )
        for i in range(3)
    ]
    db.insert_models(rows)
    assert all(r.pk for r in rows) and len({r.pk for r in rows}) == 3
    for row in rows:
        stored = StepRun.objects.get(pk=row.pk)
        assert (stored.node_key, stored.error, stored.worker) == (row.node_key, awkward, awkward[:200])
        assert stored.report == row.report and stored.output_rows == row.output_rows
        assert stored.receipt == row.receipt and stored.queued_at == row.queued_at
    assert StepRun.objects.filter(pk__in=[r.pk for r in rows], receipt__isnull=True).count() == 2


def test_insert_models_refuses_a_model_with_auto_now_fields():
    """COPY sends the attributes as they are: an ``auto_now_add`` field would be stored NULL, so such
    models are refused instead of half-written."""
    from core import db
    from executions.models import Pool

    with pytest.raises(ValueError, match="auto_now"):
        db.insert_models([Pool(name="p", slots=1)])
    assert not Pool.objects.filter(name="p").exists()


FINISH_CLAIM = 'UPDATE "executions_execution" SET status = %s, commit_heartbeat_at = %s'
FINAL_STATUS = 'UPDATE "executions_execution" SET status = %s, finished_at = %s'


def test_a_succeeded_run_claims_its_commit_and_records_its_final_status_with_one_statement_each(
    make_pipeline, editor, unfused, monkeypatch
):
    """The finish of a run whose last step succeeded: the claim (running → committing, when no step is
    active or failed) is its first statement, one read of the steps with staged writes follows, then the
    final status with the rows' rollup in the same UPDATE (no read of the run's state before the claim,
    no separate sum of the steps' rows)."""
    finishes = spied(monkeypatch, "execution_finish")
    pipeline = line(make_pipeline, 4)
    run(pipeline, editor)
    finishes.clear()
    execution = run(pipeline, editor)
    seen = finishes[0]
    assert seen[0].startswith(FINISH_CLAIM), seen
    assert seen[1].startswith('SELECT "executions_steprun"'), seen
    assert seen[2].startswith(FINAL_STATUS), seen
    assert not any("SUM(" in q for q in seen[3:]), seen
    assert (execution.rows_in, execution.rows_out) == (3, 3)
    assert execution.finished_at is not None and execution.steps.filter(receipt__isnull=False).count() == 0


def test_finish_leaves_a_run_with_an_active_step_running(make_pipeline, editor, unfused):
    from executions.services.lifecycle import execution_finish

    execution = execution_start(pipeline=line(make_pipeline, 3), user=editor)
    assert execution_finish(execution_id=execution.pk) is None  # its source is still queued
    execution.refresh_from_db()
    assert execution.status == Execution.Status.RUNNING and execution.finished_at is None
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == Execution.Status.SUCCEEDED


def test_finish_fails_a_run_with_a_failed_step_and_leaves_a_finished_run_as_it_is(make_pipeline, editor, unfused):
    from executions.models import StepRun
    from executions.services.lifecycle import execution_finish

    execution = execution_start(pipeline=line(make_pipeline, 3), user=editor)
    execution.steps.filter(node_key="src").update(status=StepRun.Status.FAILED, error="boom")
    execution.steps.exclude(node_key="src").update(status=StepRun.Status.CANCELLED)
    finished = execution_finish(execution_id=execution.pk)
    assert finished.status == Execution.Status.FAILED and finished.finished_at is not None
    again = execution_finish(execution_id=execution.pk)
    assert (again.status, again.finished_at) == (Execution.Status.FAILED, finished.finished_at)
    executors.run_inline_until_idle()  # the source's dispatched task finds nothing to claim
    execution.refresh_from_db()
    assert execution.status == Execution.Status.FAILED


def test_fetch_models_reads_rows_as_the_orm_does(make_pipeline, editor):
    """core.db.fetch_models names the columns from the result and makes the instances without
    ``Model.__init__``: the same field values as the ORM's, saved state, and post_init receivers still
    called when a model has them (it then goes through ``Model.from_db``)."""
    from django.db.models.signals import post_init

    from core import db
    from executions.models import StepRun

    execution = execution_start(pipeline=line(make_pipeline, 3), user=editor)
    sql = 'SELECT * FROM "executions_steprun" WHERE execution_id = %s ORDER BY id'
    rows = db.fetch_models(StepRun, sql, [execution.pk])
    orm = list(StepRun.objects.filter(execution=execution).order_by("id"))
    assert [r.pk for r in rows] == [o.pk for o in orm] and len(rows) == 3
    for row, expected in zip(rows, orm, strict=True):
        for field in StepRun._meta.concrete_fields:
            assert getattr(row, field.attname) == getattr(expected, field.attname), field.name
        assert (row._state.adding, row._state.db) == (False, "default")
    assert rows[0].execution.pk == execution.pk  # relations load as usual
    rows[0].progress = 0.5
    rows[0].save(update_fields=["progress"])  # a saved row: an UPDATE, not an INSERT
    assert StepRun.objects.get(pk=rows[0].pk).progress == 0.5
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(receiver, sender=StepRun)
    try:
        again = db.fetch_models(StepRun, sql, [execution.pk])
    finally:
        post_init.disconnect(receiver, sender=StepRun)
    assert len(seen) == 3 and [r.pk for r in again] == [o.pk for o in orm]
    assert db.fetch_models(StepRun, sql, [-1]) == []


def test_a_start_inserts_an_admitted_run_running_and_does_not_read_it_again(make_pipeline, editor, unfused):
    """A run admitted at once is inserted running (the slots are counted first, under the pipeline's lock),
    and the returned execution is what committed: no UPDATE of the run, no read of it after the commit.
    Its events still say queued, then running; a run behind the concurrency limit stays queued."""
    from notifications.models import Event

    pipeline = line(make_pipeline, 3)
    run(pipeline, editor)
    with statements() as seen:
        execution = execution_start(pipeline=pipeline, user=editor)
    assert not [q for q in seen if q.startswith('UPDATE "executions_execution"')], seen
    assert not [q for q in seen if q.startswith('SELECT "executions_execution"."id"')], seen
    stored = Execution.objects.get(pk=execution.pk)
    assert execution.status == stored.status == Execution.Status.RUNNING
    assert execution.started_at == stored.started_at and execution.started_at is not None
    assert (execution.created_at, execution.artifact_key, execution.params) == (
        stored.created_at,
        stored.artifact_key,
        stored.params,
    )
    said = Event.objects.filter(topic=f"execution:{execution.pk}").order_by("id").values_list("type", "data__status")
    assert list(said[:2]) == [("execution.queued", "queued"), ("execution.started", "running")]

    pipeline.concurrency_limit = 1
    pipeline.save(update_fields=["concurrency_limit"])
    waiting = execution_start(pipeline=pipeline, user=editor)  # the first still holds the only slot
    stored = Execution.objects.get(pk=waiting.pk)
    assert waiting.status == stored.status == Execution.Status.QUEUED
    assert waiting.started_at is None and stored.started_at is None
    executors.run_inline_until_idle()  # the first finishes and admits the second
    stored.refresh_from_db()
    assert stored.status == Execution.Status.SUCCEEDED, stored.error


def test_admitting_waiting_runs_counts_the_slots_only_when_a_run_waits(make_pipeline, editor, unfused):
    from executions.services.lifecycle import execution_admit_waiting

    pipeline = line(make_pipeline, 3)
    run(pipeline, editor)
    with statements() as seen:
        assert execution_admit_waiting(pipeline_id=pipeline.pk) == 0
    assert not [q for q in seen if q.startswith("SELECT COUNT(*)")], seen
    pipeline.concurrency_limit = 1
    pipeline.save(update_fields=["concurrency_limit"])
    first = execution_start(pipeline=pipeline, user=editor)
    second = execution_start(pipeline=pipeline, user=editor)
    assert second.status == Execution.Status.QUEUED
    with statements() as seen:
        assert execution_admit_waiting(pipeline_id=pipeline.pk) == 0  # the first holds the slot
    assert [q for q in seen if q.startswith("SELECT COUNT(*)")], seen
    Execution.objects.filter(pk=first.pk).update(status=Execution.Status.CANCELLED)
    assert execution_admit_waiting(pipeline_id=pipeline.pk) == 1
    assert Execution.objects.get(pk=second.pk).status == Execution.Status.RUNNING


def test_the_progress_event_counts_the_steps_done_when_each_success_commits(
    make_pipeline, editor, unfused, monkeypatch
):
    """The count behind ``execution.progress`` (a statement of its own, in the success's transaction): the
    run's steps, and those done so far, its own success included; here not coalesced, one per success."""
    from notifications import events
    from notifications.models import Event

    monkeypatch.setattr(events, "COALESCE_SECONDS", 0.0)
    execution = run(line(make_pipeline, 4), editor)
    progress = Event.objects.filter(topic=f"execution:{execution.pk}", type="execution.progress").order_by("id")
    data = [e.data for e in progress]
    assert [(d["steps_done"], d["steps_total"]) for d in data] == [(1, 4), (2, 4), (3, 4), (4, 4)], data
    assert data[-1]["progress"] == 1.0 and data[0]["progress"] == 0.25
