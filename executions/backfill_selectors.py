"""Reads of backfills: only those of pipelines the user can see, with their progress counted in SQL."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from executions.models import Backfill, BackfillInterval
from pipelines.selectors import pipelines_visible_to


def _counted(qs: QuerySet[Backfill]) -> QuerySet[Backfill]:
    s = BackfillInterval.Status
    counts = {
        f"n_{name}": Count("intervals", filter=Q(intervals__status=status))
        for name, status in (
            ("pending", s.PENDING),
            ("running", s.RUNNING),
            ("succeeded", s.SUCCEEDED),
            ("failed", s.FAILED),
            ("cancelled", s.CANCELLED),
            ("skipped", s.SKIPPED),
        )
    }
    return qs.annotate(n_total=Count("intervals"), **counts)


def backfills_visible_to(*, user, pipeline_id: int | None = None) -> QuerySet[Backfill]:
    qs = Backfill.objects.filter(pipeline__in=pipelines_visible_to(user=user))
    if pipeline_id is not None:
        qs = qs.filter(pipeline_id=pipeline_id)
    return _counted(qs.select_related("pipeline", "created_by")).order_by("-created_at", "-id")


def backfill_intervals_of(*, backfill: Backfill) -> QuerySet[BackfillInterval]:
    return backfill.intervals.select_related("execution").order_by("interval_start")
