"""Retention: quality results older than SLUICE_QUALITY_RETENTION_DAYS are deleted (the periodic task
quality.cleanup_results, hourly). Issues stay: their counters are their own."""

from __future__ import annotations

from datetime import datetime

from quality.models import QualityResult

BATCH = 10_000


def quality_results_cleanup(*, before: datetime) -> int:
    """Delete results of runs finished before ``before``, in batches; returns how many."""
    removed = 0
    while True:
        ids = list(QualityResult.objects.filter(run_at__lt=before).order_by().values_list("pk", flat=True)[:BATCH])
        if not ids:
            return removed
        removed += QualityResult.objects.filter(pk__in=ids)._raw_delete(QualityResult.objects.db)
