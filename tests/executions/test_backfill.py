"""Backfills (issue 19): intervals, skipping what succeeded, the concurrency bound, cancel, the lane."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from croniter import croniter_range
from django.core.exceptions import ValidationError

from executions import executors
from executions.models import Backfill, Execution, StepRun
from executions.services import backfill as backfill_module
from executions.services import execution_start
from executions.services.backfill import backfill_cancel, backfill_intervals, backfill_plan, backfill_start
from executions.services.schedules import interval_params, schedule_fire, schedule_interval_ending
from tests.executions.conftest import chain
from tests.local_pool import close_local_pool

pytestmark = pytest.mark.django_db(transaction=True)
GRAPH = chain(("src", "t.rows", {"n": 2}), ("a", "t.add", {"add": 1}), ("dst", "t.sink", {"name": "bf"}))
NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture
def pipeline(make_pipeline):
    return make_pipeline(GRAPH, schedule_cron="0 6 * * *", schedule_timezone="Europe/Paris")


def _utc(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    "cron,tz,start,end",
    [
        ("0 6 * * *", "Europe/Paris", "2026-03-25", "2026-04-02"),  # across the DST change of 29 March
        ("*/15 * * * *", "UTC", "2026-11-01T10:07", "2026-11-01T13:00"),
        ("30 2 * * 1-5", "America/New_York", "2026-10-28", "2026-11-12"),  # weekdays, DST ends 1 November
    ],
)
def test_intervals_match_croniter(cron, tz, start, end):
    zone = ZoneInfo(tz)
    lo = datetime.fromisoformat(start).replace(tzinfo=zone)
    hi = datetime.fromisoformat(end).replace(tzinfo=zone)
    got = backfill_intervals(cron=cron, tz=tz, start=lo, end=hi, now=NOW)
    # Independently: every fire time in [lo, hi] by croniter_range, the next one closing the last interval.
    fires = [t for t in croniter_range(lo, hi + timedelta(days=7), cron)]
    starts = [t for t in fires if t < hi]
    expected = list(zip(starts, fires[1 : len(starts) + 1], strict=True))
    assert [(s.astimezone(UTC), e.astimezone(UTC)) for s, e in got] == [
        (s.astimezone(UTC), e.astimezone(UTC)) for s, e in expected
    ]
    assert got and all(s.astimezone(zone) >= lo for s, _ in got)


def test_intervals_stop_at_now_and_at_the_cap(settings):
    start = datetime(2026, 11, 30, 22, tzinfo=UTC)
    got = backfill_intervals(cron="0 * * * *", tz="UTC", start=start, end=start + timedelta(days=5), now=NOW)
    assert [s.hour for s, _ in got] == [22, 23]  # 00:00-01:00 on 1 December has not ended at NOW
    settings.SLUICE_BACKFILL_MAX_INTERVALS = 1000
    with pytest.raises(ValidationError) as err:
        backfill_intervals(cron="* * * * *", tz="UTC", start=NOW - timedelta(days=3650), end=NOW, now=NOW)
    message = err.value.message_dict["end"][0]
    assert "more than the limit of 1000" in message and "5,256,000" in message


def test_scheduled_runs_record_their_interval(pipeline):
    pipeline.schedule_enabled = True
    pipeline.save()
    with mock.patch(
        "executions.services.schedules.timezone.now", return_value=datetime(2026, 11, 3, 5, 0, 3, tzinfo=UTC)
    ):
        execution = schedule_fire(pipeline_id=pipeline.pk)
    # 06:00 Paris is 05:00 UTC in November: the run fired at 05:00:03 covers the day that just ended.
    assert execution.params["sluice_interval_start"] == "2026-11-02T05:00:00+00:00"
    assert execution.params["sluice_interval_end"] == "2026-11-03T05:00:00+00:00"
    start, end = schedule_interval_ending(pipeline=pipeline, now=datetime(2026, 11, 3, 5, 0, 3, tzinfo=UTC))
    assert interval_params(start, end) == {k: execution.params[k] for k in interval_params(start, end)}


def _run(pipeline, operator, day: int, status: str = "succeeded") -> Execution:
    start = datetime(2026, 11, day, 5, tzinfo=UTC)
    return Execution.objects.create(
        pipeline=pipeline,
        version=pipeline.current_version,
        status=status,
        trigger="schedule",
        params=interval_params(start, start + timedelta(days=1)),
    )


def test_plan_skips_intervals_that_succeeded(pipeline, operator):
    _run(pipeline, operator, 2)
    _run(pipeline, operator, 3, status="failed")  # a failure is run again
    plan = backfill_plan(pipeline=pipeline, start=datetime(2026, 11, 1), end=datetime(2026, 11, 6), now=NOW)
    assert [s.day for s, _ in plan.to_run] == [1, 3, 4, 5]
    assert [s.day for s, _ in plan.skipped] == [2]


def _active(backfill: Backfill) -> int:
    return Execution.objects.filter(backfill_interval__backfill=backfill, status__in=Execution.ACTIVE).count()


def test_runs_every_interval_oldest_first_at_most_n_at_once(pipeline, operator):
    pipeline.concurrency_limit = 10
    pipeline.save()
    _run(pipeline, operator, 2)
    backfill = backfill_start(
        pipeline=pipeline, user=operator, start=datetime(2026, 11, 1), end=datetime(2026, 11, 8), concurrency=2, now=NOW
    )
    assert backfill.intervals.filter(status="skipped").count() == 1
    peak = _active(backfill)
    while executors.run_inline_until_idle(max_steps=1):
        peak = max(peak, _active(backfill))
    assert peak == 2
    backfill.refresh_from_db()
    assert backfill.status == "succeeded" and backfill.finished_at
    runs = Execution.objects.filter(trigger="backfill", pipeline=pipeline).order_by("pk")
    assert [r.params["sluice_interval_start"][:10] for r in runs] == [f"2026-11-0{d}" for d in (1, 3, 4, 5, 6, 7)]
    assert {r.status for r in runs} == {"succeeded"} and {r.priority for r in runs} == {0}
    # Started again over the same range: nothing left to run.
    again = backfill_start(
        pipeline=pipeline, user=operator, start=datetime(2026, 11, 1), end=datetime(2026, 11, 8), now=NOW
    )
    executors.run_inline_until_idle()
    again.refresh_from_db()
    assert again.status == "succeeded" and again.intervals.exclude(status="skipped").count() == 0


def test_a_failed_interval_is_run_again_by_a_new_backfill(pipeline, operator, make_pipeline):
    pipeline.concurrency_limit = 5
    pipeline.save()
    first = backfill_start(
        pipeline=pipeline, user=operator, start=datetime(2026, 11, 1), end=datetime(2026, 11, 4), concurrency=3, now=NOW
    )
    ivs = list(first.intervals.order_by("interval_start"))
    Execution.objects.filter(pk=ivs[1].execution_id).update(status="failed")
    from executions.services.backfill import backfill_execution_finished

    backfill_execution_finished(ivs[1].execution_id)
    executors.run_inline_until_idle()
    first.refresh_from_db()
    assert first.status == "failed"
    assert dict(first.intervals.values_list("interval_start__day", "status")) == {
        1: "succeeded",
        2: "failed",
        3: "succeeded",
    }
    second = backfill_start(
        pipeline=pipeline, user=operator, start=datetime(2026, 11, 1), end=datetime(2026, 11, 4), now=NOW
    )
    assert [iv.interval_start.day for iv in second.intervals.exclude(status="skipped")] == [2]


def test_one_backfill_at_a_time_and_validation(pipeline, operator, make_pipeline):
    with pytest.raises(ValidationError) as err:
        backfill_start(
            pipeline=pipeline, user=operator, start=datetime(2026, 11, 5), end=datetime(2026, 11, 1), now=NOW
        )
    assert "end" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        backfill_start(
            pipeline=pipeline,
            user=operator,
            start=datetime(2026, 11, 1),
            end=datetime(2026, 11, 5),
            concurrency=5,
            now=NOW,
        )
    assert "concurrency" in err.value.message_dict
    unscheduled = make_pipeline(GRAPH, name="No schedule")
    with pytest.raises(ValidationError) as err:
        backfill_start(
            pipeline=unscheduled, user=operator, start=datetime(2026, 11, 1), end=datetime(2026, 11, 5), now=NOW
        )
    assert "pipeline" in err.value.message_dict
    backfill_start(pipeline=pipeline, user=operator, start=datetime(2026, 11, 1), end=datetime(2026, 11, 5), now=NOW)
    with pytest.raises(ValidationError) as err:
        backfill_start(
            pipeline=pipeline, user=operator, start=datetime(2026, 10, 1), end=datetime(2026, 10, 5), now=NOW
        )
    assert "is running" in err.value.message_dict["pipeline"][0]


def test_cancel_stops_pending_and_cancels_running(pipeline, operator):
    backfill = backfill_start(
        pipeline=pipeline, user=operator, start=datetime(2026, 11, 1), end=datetime(2026, 11, 8), concurrency=1, now=NOW
    )
    running = backfill.intervals.get(status="running").execution
    backfill_cancel(backfill=backfill, by=operator)
    executors.run_inline_until_idle()
    backfill.refresh_from_db()
    running.refresh_from_db()
    assert backfill.status == "cancelled" and running.status == "cancelled"
    assert set(backfill.intervals.values_list("status", flat=True)) == {"cancelled"}
    assert Execution.objects.filter(trigger="backfill").count() == 1
    assert backfill_cancel(backfill=backfill, by=operator).status == "cancelled"  # again: nothing to stop
    Backfill.objects.filter(pk=backfill.pk).update(status="succeeded")
    with pytest.raises(ValidationError):
        backfill_cancel(backfill=backfill, by=operator)


def test_backfill_steps_go_to_their_own_queue(pipeline, operator, settings):
    settings.SLUICE_EXECUTOR = "celery"
    settings.SLUICE_STEP_QUEUE = "celery"
    settings.SLUICE_BACKFILL_QUEUE = "celery-backfill"
    task = mock.Mock()
    with mock.patch.object(executors, "_task", task):
        backfill_start(
            pipeline=pipeline, user=operator, start=datetime(2026, 11, 1), end=datetime(2026, 11, 2), now=NOW
        )
        backfill_step = StepRun.objects.get(execution__trigger="backfill", node_key="src").pk
        queues = {c.kwargs["args"][0]: c.kwargs["queue"] for c in task.apply_async.call_args_list}
        assert queues == {backfill_step: "celery-backfill"}
        task.apply_async.reset_mock()
        pipeline.schedule_enabled, pipeline.concurrency_limit = True, 5
        pipeline.save()
        scheduled = schedule_fire(pipeline_id=pipeline.pk)
        queues = {c.kwargs["args"][0]: c.kwargs["queue"] for c in task.apply_async.call_args_list}
        assert queues == {StepRun.objects.get(execution=scheduled, node_key="src").pk: "celery"}


def test_backfill_runs_take_no_slot_of_the_concurrency_limit(pipeline, operator, settings):
    """The lane: with the default limit of 1, a backfill runs its 3 intervals at once (its own bound),
    and a scheduled run that fires meanwhile starts at once instead of waiting behind them; a manual run
    holding the pipeline's one slot does not hold up the backfill either."""
    settings.SLUICE_EXECUTOR = "celery"
    assert pipeline.concurrency_limit == 1
    with mock.patch.object(executors, "_task", mock.Mock()):
        backfill = backfill_start(
            pipeline=pipeline,
            user=operator,
            start=datetime(2026, 11, 1),
            end=datetime(2026, 11, 4),
            concurrency=3,
            now=NOW,
        )
        assert _active(backfill) == 3
        assert set(Execution.objects.filter(trigger="backfill").values_list("status", "priority")) == {("running", 0)}
        pipeline.schedule_enabled = True
        pipeline.save()
        scheduled = schedule_fire(pipeline_id=pipeline.pk)
        assert scheduled.status == "running" and scheduled.priority == pipeline.priority
        backfill_cancel(backfill=backfill, by=operator)  # one backfill of a pipeline at a time
        second = backfill_start(
            pipeline=pipeline,
            user=operator,
            start=datetime(2026, 11, 4),
            end=datetime(2026, 11, 6),
            concurrency=2,
            now=NOW,
        )
        assert _active(second) == 2  # the scheduled run still holds the pipeline's slot
        manual = execution_start(pipeline=pipeline, user=operator)
        assert manual.status == "queued"  # the slot is the scheduled run's, not the backfill's to give


@pytest.fixture
def local_executor(settings):
    settings.SLUICE_EXECUTOR = "local"
    settings.SLUICE_LOCAL_WORKERS = 4
    yield
    close_local_pool()


def test_local_executor_never_runs_more_than_the_concurrency(pipeline, operator, local_executor):
    """Real threads (4 of them, more than the bound): runs finish concurrently and each finish starts the
    next through the hook; sampled all along, no more than 2 backfill runs are ever active."""
    pipeline.concurrency_limit = 10
    pipeline.save()
    backfill = backfill_start(
        pipeline=pipeline, user=operator, start=datetime(2026, 11, 1), end=datetime(2026, 11, 9), concurrency=2, now=NOW
    )
    peak, deadline = 0, time.monotonic() + 120
    while Backfill.objects.get(pk=backfill.pk).status == "running":
        assert time.monotonic() < deadline, "the backfill did not finish"
        peak = max(peak, _active(backfill))
        time.sleep(0.01)
    backfill.refresh_from_db()
    assert backfill.status == "succeeded" and 1 <= peak <= 2
    assert backfill.intervals.filter(status="succeeded").count() == 8
    assert Execution.objects.filter(trigger="backfill", status="succeeded").count() == 8


def test_the_watchdog_catches_up_on_a_missed_finish_and_a_deleted_run(pipeline, operator):
    from executions.services.backfill import backfills_reconcile

    pipeline.concurrency_limit = 5
    pipeline.save()
    backfill = backfill_start(
        pipeline=pipeline, user=operator, start=datetime(2026, 11, 1), end=datetime(2026, 11, 5), concurrency=2, now=NOW
    )
    first, second = backfill.intervals.filter(status="running").order_by("interval_start")
    # The first run finished but its process died before the hook; the second run was deleted.
    Execution.objects.filter(pk=first.execution_id).update(status="succeeded")
    Execution.objects.filter(pk=second.execution_id).delete()
    assert backfills_reconcile() == 2  # both slots freed: the two pending intervals start
    statuses = dict(backfill.intervals.values_list("interval_start__day", "status"))
    assert statuses == {1: "succeeded", 2: "failed", 3: "running", 4: "running"}
    assert backfill.intervals.get(interval_start__day=2).error == "The run was deleted."


def test_an_interval_that_cannot_start_fails_and_the_next_takes_its_slot(pipeline, operator):
    pipeline.concurrency_limit = 5
    pipeline.save()
    real_start = backfill_module.execution_start
    calls = []

    def start_or_refuse(**kwargs):
        calls.append(kwargs["params"]["sluice_interval_start"][:10])
        if len(calls) == 1:
            raise ValidationError({"graph": ["src: the table is gone"]})
        return real_start(**kwargs)

    with mock.patch.object(backfill_module, "execution_start", side_effect=start_or_refuse):
        backfill = backfill_start(
            pipeline=pipeline,
            user=operator,
            start=datetime(2026, 11, 1),
            end=datetime(2026, 11, 5),
            concurrency=2,
            now=NOW,
        )
    statuses = dict(backfill.intervals.values_list("interval_start__day", "status"))
    assert statuses == {1: "failed", 2: "running", 3: "running", 4: "pending"}
    assert "the table is gone" in backfill.intervals.get(interval_start__day=1).error
