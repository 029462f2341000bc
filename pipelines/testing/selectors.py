"""Reads of pipeline tests (visibility is the pipeline's: callers pass a pipeline the user may see)."""

from __future__ import annotations

from django.db.models import QuerySet

from pipelines.models import Pipeline, PipelineTest


def tests_of(*, pipeline: Pipeline) -> QuerySet[PipelineTest]:
    return PipelineTest.objects.filter(pipeline=pipeline).order_by("name", "id")


def tests_summary(*, pipeline: Pipeline) -> dict[str, int]:
    """How many tests of ``pipeline`` are in each last status (one query)."""
    counts = {status: 0 for status in PipelineTest.Status.values}
    for status in tests_of(pipeline=pipeline).values_list("last_status", flat=True):
        counts[status] += 1
    counts["total"] = sum(counts.values())
    return counts
