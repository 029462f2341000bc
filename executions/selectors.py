"""Reads of executions, steps and logs, always scoped to what a user may see."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from executions.models import Execution, PipelineDependency, StepLog, StepRun
from pipelines.selectors import pipelines_visible_to


def executions_visible_to(*, user) -> QuerySet[Execution]:
    return Execution.objects.filter(pipeline__in=pipelines_visible_to(user=user))


def executions_for_list(*, user) -> QuerySet[Execution]:
    return executions_visible_to(user=user).select_related("pipeline", "version", "started_by")


def execution_with_steps(*, user) -> QuerySet[Execution]:
    return executions_for_list(user=user).prefetch_related(Prefetch("steps", queryset=StepRun.objects.order_by("id")))


def executions_active(*, user) -> QuerySet[Execution]:
    return execution_with_steps(user=user).filter(status__in=Execution.ACTIVE).order_by("-priority", "created_at")


def execution_logs(
    *, execution: Execution, step: str | None = None, level: str | None = None, text: str | None = None
) -> QuerySet[StepLog]:
    qs = StepLog.objects.filter(execution=execution).order_by("ts", "id")
    if step:
        qs = qs.filter(node_key=step)
    if level:
        qs = qs.filter(level=level.lower())
    if text:
        qs = qs.filter(Q(message__icontains=text) | Q(logger__icontains=text))
    return qs


def dependencies_of(*, pipeline) -> QuerySet[PipelineDependency]:
    return PipelineDependency.objects.select_related("upstream", "downstream").filter(
        Q(upstream=pipeline) | Q(downstream=pipeline)
    )
