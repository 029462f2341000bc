"""Retention: finished executions' artifacts are deleted after SLUICE_ARTIFACT_RETENTION_DAYS."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from executions import artifacts
from executions.models import Execution, StepRun


def artifacts_cleanup(*, older_than: timedelta) -> int:
    """Delete the artifact directories whose executions (and every retry sharing them) finished
    before now - ``older_than``. Returns how many directories were removed."""
    cutoff = timezone.now() - older_than
    keys = (
        Execution.objects.values("artifact_key")
        .annotate(last=Max("finished_at"))
        .filter(last__lt=cutoff)
        .exclude(artifact_key__in=Execution.objects.filter(status__in=Execution.ACTIVE).values("artifact_key"))
    )
    removed = 0
    for row in keys:
        artifacts.delete_execution_artifacts(row["artifact_key"])
        StepRun.objects.filter(execution__artifact_key=row["artifact_key"]).exclude(artifacts={}).update(artifacts={})
        removed += 1
    return removed
