"""What a running step reports while it runs: heartbeats and log lines (see engine.monitor)."""

from __future__ import annotations

from django.utils import timezone

from executions.events import node_event, step_log_event
from executions.models import Execution, StepLog, StepRun


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


def step_logs_write(*, execution_id: int, batch: list[StepLog]) -> None:
    """Store a step's captured log lines and send them as one step.log event per node."""
    StepLog.objects.bulk_create(batch)
    by_node: dict[str, list[dict]] = {}
    for entry in batch:
        by_node.setdefault(entry.node_key, []).append(
            {
                "ts": entry.ts.isoformat(),
                "level": entry.level,
                "node_key": entry.node_key,
                "message": entry.message[:2000],
            }
        )
    for node_key, lines in by_node.items():
        step_log_event(execution_id, node_key, lines)
