"""The run history the insight generators read: one query each, whatever the number of runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Avg, Count, Max, Q

from executions.models import Execution, StepRun


@dataclass(frozen=True)
class RunPoint:
    id: int
    started_at: datetime
    finished_at: datetime
    rows_out: int

    @property
    def duration_seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()


def pipeline_runs(*, pipeline_id: int, since: datetime, limit: int = 500) -> list[RunPoint]:
    """The pipeline's succeeded runs (mode run) created since ``since``, oldest first; at most the newest
    ``limit`` (the (pipeline, created_at) index)."""
    rows = (
        Execution.objects.filter(
            pipeline_id=pipeline_id,
            created_at__gte=since,
            status=Execution.Status.SUCCEEDED,
            started_at__isnull=False,
            finished_at__isnull=False,
        )
        .order_by("-created_at", "-id")
        .values_list("id", "started_at", "finished_at", "rows_out")[:limit]
    )
    return [RunPoint(*row) for row in reversed(list(rows))]


@dataclass(frozen=True)
class NodeStats:
    node_key: str
    node_type: str
    finished: int  # steps that succeeded or failed
    failed: int
    mean_duration_ms: float | None  # of the succeeded steps
    max_peak_rss_bytes: int | None
    mean_rows_in: float | None
    mean_rows_out: float | None
    mean_bytes_out: float | None
    last_execution_id: int | None  # the newest run with a finished step of this node
    last_failed_execution_id: int | None
    peak_execution_id: int | None  # a run that reached the peak memory (the newest of the node's finished ones)

    @property
    def failure_rate(self) -> float:
        return self.failed / self.finished if self.finished else 0.0


def node_stats(*, pipeline_id: int, since: datetime) -> list[NodeStats]:
    """Per node of the pipeline, over the runs created since ``since``: finished and failed steps, mean
    duration, rows and bytes of the succeeded ones, the peak RSS. One aggregate query."""
    ok = Q(status=StepRun.Status.SUCCEEDED)
    failed = Q(status=StepRun.Status.FAILED)
    rows = (
        StepRun.objects.filter(
            execution__pipeline_id=pipeline_id,
            execution__created_at__gte=since,
            status__in=(StepRun.Status.SUCCEEDED, StepRun.Status.FAILED),
        )
        .order_by()
        .values("node_key")
        .annotate(
            node_type=Max("node_type"),
            finished=Count("id"),
            failed=Count("id", filter=failed),
            mean_duration_ms=Avg("duration_ms", filter=ok),
            max_peak_rss_bytes=Max("peak_rss_bytes"),
            mean_rows_in=Avg("rows_in", filter=ok),
            mean_rows_out=Avg("rows_out", filter=ok),
            mean_bytes_out=Avg("bytes_out", filter=ok),
            last_execution_id=Max("execution_id"),
            last_failed_execution_id=Max("execution_id", filter=failed),
        )
        .order_by("node_key")
    )
    stats = []
    for r in rows:
        stats.append(
            NodeStats(
                node_key=r["node_key"],
                node_type=r["node_type"],
                finished=r["finished"],
                failed=r["failed"],
                mean_duration_ms=r["mean_duration_ms"],
                max_peak_rss_bytes=r["max_peak_rss_bytes"],
                mean_rows_in=r["mean_rows_in"],
                mean_rows_out=r["mean_rows_out"],
                mean_bytes_out=r["mean_bytes_out"],
                last_execution_id=r["last_execution_id"],
                last_failed_execution_id=r["last_failed_execution_id"],
                peak_execution_id=r["last_execution_id"],
            )
        )
    return stats


def peak_memory_run(*, pipeline_id: int, node_key: str, since: datetime) -> int | None:
    """The run in which ``node_key`` reached its highest peak RSS since ``since``."""
    return (
        StepRun.objects.filter(
            execution__pipeline_id=pipeline_id,
            execution__created_at__gte=since,
            node_key=node_key,
            peak_rss_bytes__isnull=False,
        )
        .order_by("-peak_rss_bytes", "-execution_id")
        .values_list("execution_id", flat=True)
        .first()
    )


def last_run_steps(*, pipeline_id: int) -> tuple[Execution | None, dict[str, StepRun]]:
    """The pipeline's newest succeeded run and its steps by node key (two queries)."""
    execution = (
        Execution.objects.filter(pipeline_id=pipeline_id, status=Execution.Status.SUCCEEDED)
        .order_by("-created_at", "-id")
        .first()
    )
    if execution is None:
        return None, {}
    return execution, {s.node_key: s for s in StepRun.objects.filter(execution=execution)}
