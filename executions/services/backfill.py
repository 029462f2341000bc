"""Backfills: a pipeline's cron schedule run over a past range, like ``airflow dags backfill``.

Each cron interval [t, next t) whose start t falls in [start, end) and whose end has passed is one
interval; those with a successful run already (a run whose ``sluice_interval_start`` param names it,
docs/executions.md) are skipped, the others run oldest first, at most ``concurrency`` at a time: the
next starts when one finishes (the ``on_execution_finished`` hook). Backfill runs have trigger
``backfill``, priority 0 and steps on their own Celery queue (executors.step_queue)."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from croniter import CroniterError, croniter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from core.ids import utc_moment
from executions.models import Backfill, BackfillInterval, Execution
from executions.services.lifecycle import execution_cancel, execution_start
from executions.services.schedules import INTERVAL_START, interval_params, iso_utc
from pipelines.models import Pipeline

log = logging.getLogger("sluice.executions")
Interval = tuple[datetime, datetime]


@dataclass
class BackfillPlan:
    """What a backfill of a range would do: the intervals it would run and those it skips."""

    to_run: list[Interval] = field(default_factory=list)
    skipped: list[Interval] = field(default_factory=list)


def backfill_intervals(
    *, cron: str, tz: str, start: datetime, end: datetime, now: datetime | None = None
) -> list[Interval]:
    """The cron intervals [t, next t) with t in [start, end), in the time zone ``tz``, leaving out any
    that has not ended by ``now``. More than SLUICE_BACKFILL_MAX_INTERVALS is a ValidationError that
    names the (estimated) count."""
    limit = settings.SLUICE_BACKFILL_MAX_INTERVALS
    now = now or timezone.now()
    it = croniter(cron, (start - timedelta(seconds=1)).astimezone(ZoneInfo(tz)))
    out: list[Interval] = []
    t = it.get_next(datetime)
    while t < end:
        nxt = it.get_next(datetime)
        if nxt > now:
            break
        if len(out) == limit:
            span = (min(end, now) - out[0][0]) / (t - out[0][0]) * limit
            raise ValidationError(
                {"end": [f"The range holds about {int(span):,} intervals of “{cron}”, more than the limit of {limit}."]}
            )
        out.append((t, nxt))
        t = nxt
    return out


def parse_moment(value: str) -> datetime | None:
    """``2026-11-01`` (midnight) or an ISO 8601 date-time; without an offset, in the schedule's time zone."""
    value = value.strip()
    try:
        day = parse_date(value)
        moment = datetime.combine(day, time()) if day else parse_datetime(value)
        return utc_moment(moment) if moment is not None else None
    except ValueError:
        return None


def _aware(moment: datetime, tz: str) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(tz))


def backfill_plan(*, pipeline: Pipeline, start: datetime, end: datetime, now: datetime | None = None) -> BackfillPlan:
    """The intervals of the pipeline's schedule in [start, end) (naive datetimes are in the schedule's
    time zone), split into those to run and those that already have a successful run."""
    if not pipeline.schedule_cron:
        raise ValidationError({"pipeline": ["The pipeline has no cron schedule to backfill."]})
    start, end = _aware(start, pipeline.schedule_timezone), _aware(end, pipeline.schedule_timezone)
    if end <= start:
        raise ValidationError({"end": ["The end must be after the start."]})
    try:
        intervals = backfill_intervals(
            cron=pipeline.schedule_cron, tz=pipeline.schedule_timezone, start=start, end=end, now=now
        )
    except (CroniterError, ValueError, KeyError) as exc:  # a cron that never fires, a zone gone from tzdata
        raise ValidationError(
            {"pipeline": [f"The schedule “{pipeline.schedule_cron}” cannot be computed: {exc}"]}
        ) from exc
    done = set(
        Execution.objects.filter(
            pipeline=pipeline,
            status=Execution.Status.SUCCEEDED,
            **{f"params__{INTERVAL_START}__in": [iso_utc(s) for s, _ in intervals]},
        ).values_list(f"params__{INTERVAL_START}", flat=True)
    )
    plan = BackfillPlan()
    for interval in intervals:
        (plan.skipped if iso_utc(interval[0]) in done else plan.to_run).append(interval)
    return plan


def backfill_start(
    *, pipeline: Pipeline, user, start: datetime, end: datetime, concurrency: int = 1, now: datetime | None = None
) -> Backfill:
    """Plan the range, record the backfill with its intervals and start the first ``concurrency`` of
    them after commit. One backfill of a pipeline runs at a time."""
    limit = settings.SLUICE_BACKFILL_MAX_CONCURRENCY
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or not 1 <= concurrency <= limit:
        raise ValidationError({"concurrency": [f"A whole number from 1 to {limit}."]})
    if pipeline.current_version_id is None:
        raise ValidationError({"pipeline": ["The pipeline has no version yet: save the draft as a version first."]})
    plan = backfill_plan(pipeline=pipeline, start=start, end=end, now=now)
    if not plan.to_run and not plan.skipped:
        raise ValidationError({"start": ["No interval of the schedule starts in this range (and has ended)."]})
    with transaction.atomic():
        Pipeline.objects.select_for_update().filter(pk=pipeline.pk).first()
        running = Backfill.objects.filter(pipeline=pipeline, status=Backfill.Status.RUNNING).first()
        if running is not None:
            raise ValidationError(
                {"pipeline": [f"Backfill #{running.pk} of this pipeline is running: cancel it or let it finish."]}
            )
        backfill = Backfill.objects.create(
            pipeline=pipeline,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            range_start=_aware(start, pipeline.schedule_timezone),
            range_end=_aware(end, pipeline.schedule_timezone),
            cron=pipeline.schedule_cron,
            timezone=pipeline.schedule_timezone,
            concurrency=concurrency,
        )
        rows = [
            BackfillInterval(backfill=backfill, interval_start=s, interval_end=e, status=status)
            for intervals, status in (
                (plan.to_run, BackfillInterval.Status.PENDING),
                (plan.skipped, BackfillInterval.Status.SKIPPED),
            )
            for s, e in intervals
        ]
        BackfillInterval.objects.bulk_create(rows)
        backfill_id = backfill.pk
        transaction.on_commit(lambda: backfill_advance(backfill_id=backfill_id))
    log.info(
        "backfill %s of %s: %s to run, %s skipped", backfill.pk, pipeline.slug, len(plan.to_run), len(plan.skipped)
    )
    return backfill


def backfill_advance(*, backfill_id: int) -> int:
    """Start pending intervals, oldest first, while fewer than ``concurrency`` run; finish the backfill
    when none is left. Serialised on the backfill's row. Returns how many runs it started."""
    started = 0
    with transaction.atomic():
        backfill = (
            Backfill.objects.select_for_update(of=("self",))
            .select_related("pipeline__owner", "created_by")
            .filter(pk=backfill_id)
            .first()
        )
        if backfill is None or backfill.status != Backfill.Status.RUNNING:
            return 0
        intervals = backfill.intervals.all()
        _sync_outcomes(intervals)
        free = backfill.concurrency - intervals.filter(status=BackfillInterval.Status.RUNNING).count()
        pending = intervals.filter(status=BackfillInterval.Status.PENDING).order_by("interval_start")
        for interval in pending.iterator() if free > 0 else ():
            started += _start_interval(backfill, interval)  # one that cannot start fails; the next takes its slot
            if started >= free:
                break
        _finish_if_done(backfill)
    return started


def _sync_outcomes(intervals) -> None:
    """Running intervals whose run has finished (its finish hook never ran: a process died in between)
    or is gone take its outcome."""
    running = intervals.filter(status=BackfillInterval.Status.RUNNING)
    for status, outcome in _OUTCOME.items():
        running.filter(execution__status=status).update(status=outcome)
    running.filter(execution__isnull=True).update(status=BackfillInterval.Status.FAILED, error="The run was deleted.")


def backfills_reconcile() -> int:
    """For the watchdog: advance every running backfill (starts what a missed finish hook did not)."""
    ids = list(Backfill.objects.filter(status=Backfill.Status.RUNNING).values_list("pk", flat=True))
    return sum(backfill_advance(backfill_id=pk) for pk in ids)


def _start_interval(backfill: Backfill, interval: BackfillInterval) -> int:
    try:
        with transaction.atomic():
            execution = execution_start(
                pipeline=backfill.pipeline,
                user=backfill.created_by or backfill.pipeline.owner,
                params=interval_params(interval.interval_start, interval.interval_end),
                trigger=Execution.Trigger.BACKFILL,  # its own lane and priority 0 (services.lifecycle)
            )
    except ValidationError as exc:
        interval.status, interval.error = BackfillInterval.Status.FAILED, " ".join(exc.messages)[:2000]
        interval.save(update_fields=["status", "error"])
        return 0
    interval.status, interval.execution = BackfillInterval.Status.RUNNING, execution
    interval.save(update_fields=["status", "execution"])
    return 1


def _finish_if_done(backfill: Backfill) -> None:
    statuses = set(backfill.intervals.values_list("status", flat=True).distinct())
    if statuses & {BackfillInterval.Status.PENDING, BackfillInterval.Status.RUNNING}:
        return
    failed = statuses & {BackfillInterval.Status.FAILED, BackfillInterval.Status.CANCELLED}
    backfill.status = Backfill.Status.FAILED if failed else Backfill.Status.SUCCEEDED
    backfill.finished_at = timezone.now()
    backfill.save(update_fields=["status", "finished_at"])


_OUTCOME = {
    Execution.Status.SUCCEEDED: BackfillInterval.Status.SUCCEEDED,
    Execution.Status.FAILED: BackfillInterval.Status.FAILED,
    Execution.Status.CANCELLED: BackfillInterval.Status.CANCELLED,
}


def backfill_execution_finished(execution_id: int) -> None:
    """The ``on_execution_finished`` hook: record the outcome of a backfill run and start the next."""
    interval = BackfillInterval.objects.select_related("execution").filter(execution_id=execution_id).first()
    if interval is None or interval.execution.status not in _OUTCOME:
        return
    BackfillInterval.objects.filter(pk=interval.pk, status=BackfillInterval.Status.RUNNING).update(
        status=_OUTCOME[interval.execution.status], error=interval.execution.error[:2000]
    )
    backfill_advance(backfill_id=interval.backfill_id)


def backfill_cancel(*, backfill: Backfill, by) -> Backfill:
    """Stop a running backfill: its pending intervals are cancelled, its running runs are cancelled."""
    with transaction.atomic():
        locked = Backfill.objects.select_for_update().get(pk=backfill.pk)
        if locked.status == Backfill.Status.CANCELLED:
            return locked  # nothing left to stop
        if locked.status != Backfill.Status.RUNNING:
            raise ValidationError({"status": [f"Backfill already {locked.status}."]})
        locked.status, locked.finished_at = Backfill.Status.CANCELLED, timezone.now()
        locked.cancelled_by = by if getattr(by, "is_authenticated", False) else None
        locked.save(update_fields=["status", "finished_at", "cancelled_by"])
        locked.intervals.filter(status=BackfillInterval.Status.PENDING).update(status=BackfillInterval.Status.CANCELLED)
        running = list(
            Execution.objects.filter(
                backfill_interval__backfill=locked, backfill_interval__status=BackfillInterval.Status.RUNNING
            )
        )
    for execution in running:
        if execution.is_finished:
            continue
        with contextlib.suppress(ValidationError):  # it finished meanwhile
            execution_cancel(execution=execution, by=by)
    return locked


def plan_as_dict(plan: BackfillPlan) -> dict:
    def rows(intervals: list[Interval]) -> list[dict]:
        return [{"start": s.astimezone(UTC).isoformat(), "end": e.astimezone(UTC).isoformat()} for s, e in intervals]

    return {"to_run": rows(plan.to_run), "skipped": rows(plan.skipped)}
