"""executors.dispatch: a step goes to its run's lane (SLUICE_BACKFILL_QUEUE for backfill runs), told by the
caller that knows the run (its start, a step's success: no query) or looked up (the watchdog's redispatch)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from executions import executors
from executions.models import Execution, StepRun
from executions.services import execution_start
from executions.services.steps import step_execute
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db(transaction=True)  # dispatches happen after commits


@pytest.fixture
def lanes(settings):
    settings.SLUICE_EXECUTOR = "celery"
    settings.SLUICE_STEP_QUEUE = "celery"
    settings.SLUICE_BACKFILL_QUEUE = "celery-backfill"
    settings.SLUICE_CONTINUE_SECONDS = 0  # a success dispatches its successor instead of running it on
    settings.SLUICE_FUSE_CHAINS = False  # two steps
    task = mock.Mock()
    with mock.patch.object(executors, "_task", task):
        yield task


def _queues(task) -> dict[int, str]:
    return {c.kwargs["args"][0]: c.kwargs["queue"] for c in task.apply_async.call_args_list}


def _two_steps(make_pipeline):
    return make_pipeline(chain(("src", "t.rows", {"n": 2}), ("dst", "t.sink", {"name": "lanes"})))


@pytest.mark.parametrize("trigger", [Execution.Trigger.BACKFILL, Execution.Trigger.MANUAL])
def test_a_runs_steps_go_to_its_lane_at_start_and_on_release(make_pipeline, editor, lanes, trigger):
    lane = "celery-backfill" if trigger == Execution.Trigger.BACKFILL else "celery"
    execution = execution_start(pipeline=_two_steps(make_pipeline), user=editor, trigger=trigger)
    src = StepRun.objects.get(execution=execution, node_key="src")
    assert _queues(lanes) == {src.pk: lane}
    lanes.apply_async.reset_mock()
    step_execute(step_id=src.pk, worker="w1")  # its success releases dst, dispatched after the commit
    dst = StepRun.objects.get(execution=execution, node_key="dst")
    assert dst.status == StepRun.Status.QUEUED
    assert _queues(lanes) == {dst.pk: lane}


def test_a_dispatch_told_the_lane_asks_the_database_nothing(make_pipeline, editor, lanes):
    execution = execution_start(pipeline=_two_steps(make_pipeline), user=editor, trigger=Execution.Trigger.BACKFILL)
    src = StepRun.objects.get(execution=execution, node_key="src").pk
    lanes.apply_async.reset_mock()
    with CaptureQueriesContext(connection) as told:
        executors.dispatch([src], backfill=True)
    assert len(told) == 0 and _queues(lanes) == {src: "celery-backfill"}
    lanes.apply_async.reset_mock()
    with CaptureQueriesContext(connection) as asked:
        executors.dispatch([src])  # not told (the watchdog's redispatch): looked up
    assert len(asked) == 1 and _queues(lanes) == {src: "celery-backfill"}
