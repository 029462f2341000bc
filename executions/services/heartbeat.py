"""Heartbeats of running steps."""

from __future__ import annotations

from django.utils import timezone

from executions.events import node_event
from executions.models import Execution, StepRun


def step_heartbeat(*, step: StepRun, progress: float | None = None, peak_rss_bytes: int | None = None) -> bool:
    """Refresh the heartbeat; False when this attempt no longer owns the step or the run is cancelling.

    A step claimed in a chain's transaction that has not committed yet (see Chain) has no row to
    refresh: the committed one still shows it pending, one attempt back. It is alive all the same."""
    fields = {"heartbeat_at": timezone.now()}
    if progress is not None:
        fields["progress"] = max(0.0, min(progress, 0.99))
    if peak_rss_bytes is not None:
        fields["peak_rss_bytes"] = peak_rss_bytes
    owned = StepRun.objects.filter(pk=step.pk, attempt=step.attempt, status=StepRun.Status.RUNNING).update(**fields)
    if not owned:
        return StepRun.objects.filter(pk=step.pk, attempt=step.attempt - 1, status=StepRun.Status.PENDING).exists()
    if progress is not None:
        node_event(
            step.execution,
            "step.progress",
            node_key=step.node_key,
            node_type=step.node_type,
            status=StepRun.Status.RUNNING,
            attempt=step.attempt,
            progress=fields["progress"],
            peak_rss_bytes=peak_rss_bytes,
        )
    return Execution.objects.filter(pk=step.execution_id, status=Execution.Status.RUNNING).exists()
