"""What the pipeline pages show of runs: the last execution of each pipeline, recent executions and
the next fire times of a schedule — reads over the executions app, scoped like its API (moved here from
pipelines/views/runs.py: these parts of the pipeline pages belong to executions)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.timesince import timeuntil

from executions.models import Execution
from executions.selectors import executions_for_list
from executions.services.schedules import schedule_next_runs
from pipelines.models import Pipeline


def with_last_run(qs: QuerySet[Pipeline]) -> QuerySet[Pipeline]:
    """Annotate ``last_run_id``, ``last_run_status`` and ``last_run_at`` (subqueries: no query per row)."""
    latest = Execution.objects.filter(pipeline=OuterRef("pk")).order_by("-created_at", "-id")
    return qs.annotate(
        last_run_id=Subquery(latest.values("pk")[:1]),
        last_run_status=Subquery(latest.values("status")[:1]),
        last_run_at=Subquery(latest.values("created_at")[:1]),
    )


def recent_runs(*, user, pipeline: Pipeline, limit: int = 10) -> list[Execution]:
    return list(executions_for_list(user=user).filter(pipeline=pipeline).order_by("-created_at", "-id")[:limit])


def describe_runs(runs: list[datetime], *, now: datetime | None = None) -> list[dict]:
    """Fire times as text in the schedule's own time zone, with how far away each is."""
    now = now or timezone.now()
    return [
        {
            "at": run,
            "text": run.strftime("%a %d %b %Y, %H:%M %Z"),
            "iso": run.isoformat(),
            "until": timeuntil(run, now),
        }
        for run in runs
    ]


def next_runs(*, pipeline: Pipeline, count: int = 5) -> list[dict]:
    """The next ``count`` fire times of the pipeline's cron (whether or not it is enabled)."""
    return describe_runs(schedule_next_runs(pipeline=pipeline, count=count))


def next_run(pipeline: Pipeline) -> dict | None:
    """The next scheduled run when the schedule is enabled and can fire (the pipeline is active and
    has a version), else None."""
    if not (
        pipeline.schedule_enabled
        and pipeline.schedule_cron
        and pipeline.status == Pipeline.Status.ACTIVE
        and pipeline.current_version_id
    ):
        return None
    runs = next_runs(pipeline=pipeline, count=1)
    return runs[0] if runs else None
