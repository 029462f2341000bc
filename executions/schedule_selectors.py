"""Reads of schedules: every pipeline the user can see that runs by itself — on a cron schedule (live or
paused) or after another pipeline succeeds — with its last scheduled run and what starts it next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from croniter import CroniterError
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from executions.models import Execution, PipelineDependency
from executions.services.schedules import schedule_next_runs
from pipelines.models import Pipeline
from pipelines.selectors import pipelines_visible_to

STATES = ("all", "active", "paused")


def schedules_visible_to(*, user, state: str = "all") -> QuerySet[Pipeline]:
    """Pipelines with a cron expression or an enabled upstream dependency, annotated with their last
    scheduled run (three subqueries: no query per row). ``state``: ``active`` (the cron fires: enabled,
    the pipeline active, a version saved) or ``paused`` (a cron that does not fire); ``all`` adds the
    upstream-only ones."""
    if state not in STATES:
        raise ValueError(f"state must be one of {', '.join(STATES)}")
    upstream = PipelineDependency.objects.filter(downstream=OuterRef("pk"), enabled=True)
    scheduled = Execution.objects.filter(pipeline=OuterRef("pk"), trigger=Execution.Trigger.SCHEDULE).order_by(
        "-created_at", "-id"
    )
    qs = (
        pipelines_visible_to(user=user)
        .exclude(status=Pipeline.Status.ARCHIVED)
        .annotate(
            has_upstream=Exists(upstream),
            last_scheduled_id=Subquery(scheduled.values("pk")[:1]),
            last_scheduled_status=Subquery(scheduled.values("status")[:1]),
            last_scheduled_at=Subquery(scheduled.values("created_at")[:1]),
        )
        .select_related("owner")
    )
    fires = Q(schedule_enabled=True, status=Pipeline.Status.ACTIVE, current_version__isnull=False)
    if state == "active":
        qs = qs.exclude(schedule_cron="").filter(fires)
    elif state == "paused":
        qs = qs.exclude(schedule_cron="").exclude(fires)
    else:
        qs = qs.filter(~Q(schedule_cron="") | Q(has_upstream=True))
    return qs.order_by("name", "id")


def upstream_names(*, user, pipeline_ids: list[int]) -> dict[int, list[str]]:
    """The names of the enabled upstream pipelines of each of ``pipeline_ids`` that ``user`` can see (one
    query); one the user cannot see is counted, not named."""
    visible = pipelines_visible_to(user=user).values("pk")
    names: dict[int, list[str]] = {}
    links = PipelineDependency.objects.filter(downstream_id__in=pipeline_ids, enabled=True).annotate(
        seen=Exists(visible.filter(pk=OuterRef("upstream_id")))
    )
    for downstream_id, name, seen in links.values_list("downstream_id", "upstream__name", "seen").order_by(
        "upstream__name"
    ):
        names.setdefault(downstream_id, []).append(name if seen else "a pipeline you cannot see")
    return names


@dataclass(frozen=True)
class ScheduleState:
    fires: bool  # the cron fires on its own (enabled, the pipeline active, a version to run)
    next_run_at: datetime | None  # its next fire time, when it fires
    problem: str  # why a cron set here does not fire, for people ("" when it does or there is none)


def schedule_state(pipeline: Pipeline) -> ScheduleState:
    if not pipeline.schedule_cron:
        return ScheduleState(False, None, "")
    if not pipeline.schedule_enabled:
        return ScheduleState(False, None, "Paused")
    if pipeline.status != Pipeline.Status.ACTIVE:
        return ScheduleState(False, None, f"The pipeline is {pipeline.get_status_display().lower()}")
    if not pipeline.current_version_id:
        return ScheduleState(False, None, "No saved version to run")
    try:
        runs = schedule_next_runs(pipeline=pipeline, count=1)
    except (CroniterError, ValueError, KeyError):
        return ScheduleState(False, None, "The cron expression cannot be read")
    return ScheduleState(True, runs[0] if runs else None, "")
