"""Cron schedules: one django-celery-beat PeriodicTask per scheduled pipeline, kept in sync by these
services; celery beat fires them in production, the in-process scheduler in the embedded mode."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from croniter import CroniterError, croniter
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from executions.models import Execution
from executions.services.lifecycle import execution_start
from pipelines.models import Pipeline

log = logging.getLogger("sluice.schedules")
TASK = "executions.run_scheduled"


def task_name(pipeline_id: int) -> str:
    return f"sluice:pipeline:{pipeline_id}"


def schedule_sync(*, pipeline_id: int) -> PeriodicTask | None:
    """Create, update or disable the PeriodicTask of a pipeline to match its schedule fields. A
    schedule is live when it is enabled, has a cron expression, and the pipeline is active and has
    a version."""
    pipeline = Pipeline.objects.filter(pk=pipeline_id).first()
    if pipeline is None:
        schedule_delete(pipeline_id=pipeline_id)
        return None
    live = bool(
        pipeline.schedule_enabled
        and pipeline.schedule_cron
        and pipeline.current_version_id
        and pipeline.status == Pipeline.Status.ACTIVE
    )
    existing = PeriodicTask.objects.filter(name=task_name(pipeline_id)).first()
    if not pipeline.schedule_cron:
        if existing is not None:
            existing.delete()
        return None
    minute, hour, day_of_month, month_of_year, day_of_week = pipeline.schedule_cron.split()
    with transaction.atomic():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_month=day_of_month,
            month_of_year=month_of_year,
            day_of_week=day_of_week,
            timezone=ZoneInfo(pipeline.schedule_timezone),
        )
        if existing is None:
            return PeriodicTask.objects.create(
                name=task_name(pipeline_id),
                task=TASK,
                crontab=crontab,
                args=json.dumps([pipeline_id]),
                enabled=live,
                description=f"Scheduled runs of {pipeline.slug}",
            )
        existing.crontab, existing.enabled, existing.interval = crontab, live, None
        existing.save()
        return existing


def schedule_delete(*, pipeline_id: int) -> None:
    PeriodicTask.objects.filter(name=task_name(pipeline_id)).delete()


def schedule_next_runs(*, pipeline: Pipeline, count: int = 5, after: datetime | None = None) -> list[datetime]:
    """The next ``count`` fire times of the pipeline's cron, in its time zone."""
    if not pipeline.schedule_cron:
        return []
    tz = ZoneInfo(pipeline.schedule_timezone)
    start = (after or timezone.now()).astimezone(tz)
    it = croniter(pipeline.schedule_cron, start)
    return [it.get_next(datetime) for _ in range(max(0, min(count, 50)))]


INTERVAL_START, INTERVAL_END = "sluice_interval_start", "sluice_interval_end"


def interval_params(start: datetime, end: datetime) -> dict[str, str]:
    """The params that name a run's cron interval [start, end): ISO 8601 in UTC, so that equal intervals
    have equal strings (a backfill finds the intervals that already succeeded by them)."""
    return {INTERVAL_START: iso_utc(start), INTERVAL_END: iso_utc(end)}


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def schedule_interval_ending(*, pipeline: Pipeline, now: datetime) -> tuple[datetime, datetime]:
    """The interval a run fired at ``now`` covers: from the fire time before the latest one (at or
    before ``now``) to the latest one, as Airflow's data intervals (a run processes the interval that
    just ended)."""
    tz = ZoneInfo(pipeline.schedule_timezone)
    it = croniter(pipeline.schedule_cron, (now + timedelta(seconds=1)).astimezone(tz))
    end = it.get_prev(datetime)
    start = it.get_prev(datetime)
    return start, end


def _interval_of_now(pipeline: Pipeline) -> dict[str, str] | None:
    try:
        return interval_params(*schedule_interval_ending(pipeline=pipeline, now=timezone.now()))
    except (CroniterError, ValueError, KeyError):  # no cron, or one croniter cannot walk back: no interval
        return None


def schedule_fire(*, pipeline_id: int) -> Execution | None:
    """Start a scheduled run as the pipeline's owner (the target of the PeriodicTask)."""
    pipeline = Pipeline.objects.select_related("owner", "current_version").filter(pk=pipeline_id).first()
    if pipeline is None or pipeline.status != Pipeline.Status.ACTIVE or not pipeline.schedule_enabled:
        return None
    from notifications.events import publish

    try:
        execution = execution_start(
            pipeline=pipeline,
            user=pipeline.owner,
            trigger=Execution.Trigger.SCHEDULE,
            params=_interval_of_now(pipeline),
        )
    except ValidationError as exc:
        log.warning("scheduled run of %s not started: %s", pipeline.slug, exc)
        execution = None
    publish(
        f"pipeline:{pipeline.pk}",
        "schedule.fired",
        {
            "pipeline_id": pipeline.pk,
            "execution_id": execution.pk if execution else None,
            "cron": pipeline.schedule_cron,
            "timezone": pipeline.schedule_timezone,
        },
    )
    return execution


def schedules_due(*, now: datetime | None = None) -> list[int]:
    """For the embedded scheduler: fire every live schedule whose next time (after its last run) has
    passed — once, however many runs were missed — and record the run. Safe with several processes:
    the last_run_at update is conditional."""
    now = now or timezone.now()
    fired = []
    for task in PeriodicTask.objects.select_related("crontab").filter(task=TASK, enabled=True, crontab__isnull=False):
        c = task.crontab
        expr = f"{c.minute} {c.hour} {c.day_of_month} {c.month_of_year} {c.day_of_week}"
        tz = ZoneInfo(str(c.timezone))
        last = task.last_run_at or task.date_changed
        nxt = croniter(expr, last.astimezone(tz)).get_next(datetime)
        if nxt > now:
            continue
        won = PeriodicTask.objects.filter(pk=task.pk, last_run_at=task.last_run_at).update(
            last_run_at=now, total_run_count=task.total_run_count + 1
        )
        if won:
            pipeline_id = json.loads(task.args or "[]")[0]
            schedule_fire(pipeline_id=pipeline_id)
            fired.append(pipeline_id)
    return fired
