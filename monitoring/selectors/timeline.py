"""The Gantt view of one execution: when each step waited, ran and finished, with its resources, and
the host samples (CPU, memory) of the machines its steps ran on, while it ran.

StepRun keeps one CPU-seconds figure and one peak RSS per step, not a series; the series here are
the hosts' MetricSample rows (taken every METRICS_INTERVAL by workers and the web sampler), averaged
into at most ``MAX_POINTS`` buckets per host.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from django.db.models import Avg, Max
from django.utils import timezone

from core.sql import EpochBucket
from executions.models import Execution, StepRun
from executions.selectors import execution_steps_by_start
from monitoring.models import MetricSample

MAX_POINTS = 300


def _host_of(worker: str) -> str | None:
    host = worker.split(":", 1)[0] if worker else ""
    return host if host and host not in {"inline", "local"} else None


def _ms(a, b) -> int | None:
    return int((b - a).total_seconds() * 1000) if a and b else None


def execution_timeline(*, execution: Execution) -> dict[str, Any]:
    """Per step: queued/start/end, wait, offset from the execution's start and duration (ms), rows,
    CPU seconds, CPU use (cpu_seconds / wall time), peak RSS; and host samples. Two queries."""
    now = timezone.now()
    origin = execution.started_at or execution.created_at
    end = execution.finished_at or now
    steps = list(execution_steps_by_start(execution=execution))
    hosts = sorted({h for s in steps if (h := _host_of(s.worker))})
    span = max(1.0, (end - origin).total_seconds())
    size = max(1, math.ceil(span / MAX_POINTS))
    samples = _host_samples(hosts, since=origin, until=end, bucket_seconds=size)
    return {
        "execution": {
            "id": execution.pk,
            "pipeline_id": execution.pipeline_id,
            "status": execution.status,
            "created_at": execution.created_at,
            "started_at": execution.started_at,
            "finished_at": execution.finished_at,
            "duration_ms": _ms(origin, execution.finished_at or now) if execution.started_at else None,
        },
        "steps": [_step_row(s, origin=origin, now=now) for s in steps],
        "resources": {
            "bucket_seconds": size,
            "hosts": [{"host": h, "samples": samples[h]} for h in hosts],
        },
    }


def _step_row(s: StepRun, *, origin: datetime, now: datetime) -> dict[str, Any]:
    running = s.status == StepRun.Status.RUNNING
    duration = (
        s.duration_ms if s.duration_ms is not None else _ms(s.started_at, s.finished_at or (now if running else None))
    )
    return {
        "node_key": s.node_key,
        "node_type": s.node_type,
        "group": s.group,
        "is_head": s.is_head,
        "status": s.status,
        "attempt": s.attempt,
        "worker": s.worker,
        "queued_at": s.queued_at,
        "started_at": s.started_at,
        "finished_at": s.finished_at,
        "wait_ms": s.wait_ms,
        "offset_ms": _ms(origin, s.started_at),
        "duration_ms": duration,
        "rows_in": s.rows_in,
        "rows_out": s.rows_out,
        "bytes_out": s.bytes_out,
        "cpu_seconds": s.cpu_seconds,
        "cpu_utilisation": round(s.cpu_seconds * 1000 / duration, 3)
        if s.cpu_seconds is not None and duration
        else None,
        "peak_rss_bytes": s.peak_rss_bytes,
        "error": s.error[:500],
    }


def _host_samples(hosts: list[str], *, since, until, bucket_seconds: int) -> dict[str, list[dict[str, Any]]]:
    """Each host's MetricSample rows between ``since`` and ``until``, averaged per bucket (one query)."""
    samples: dict[str, list[dict[str, Any]]] = {h: [] for h in hosts}
    if not hosts:
        return samples
    points = (
        MetricSample.objects.filter(host__in=hosts, ts__gte=since, ts__lte=until)
        .annotate(bucket=EpochBucket("ts", bucket_seconds))
        .values("host", "bucket")
        .annotate(
            cpu_percent=Avg("cpu_percent"),
            memory_percent=Avg("memory_percent"),
            memory_used_bytes=Max("memory_used_bytes"),
        )
        .order_by("host", "bucket")
    )
    for p in points:
        samples[p["host"]].append(
            {
                "ts": datetime.fromtimestamp(p["bucket"], tz=UTC),
                "cpu_percent": round(p["cpu_percent"], 2),
                "memory_percent": round(p["memory_percent"], 2),
                "memory_used_bytes": p["memory_used_bytes"],
            }
        )
    return samples
