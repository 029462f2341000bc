"""Durations of every node of one pipeline per time bucket, in one query: the data of the monitoring
page's duration-over-time lines and its node × time heatmap. Same window rule as the stage metrics
(a step belongs to the window of its execution's creation), durations of succeeded steps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import Avg, Count, F, Q

from core.sql import EpochBucket, percentile_annotations, python_percentiles, sql_percentiles
from executions.models import StepRun
from monitoring.selectors.stages import steps_in_window
from monitoring.selectors.windows import Window as TimeWindow
from monitoring.selectors.windows import bucket_starts

SUCCEEDED = Q(status=StepRun.Status.SUCCEEDED)


def stage_duration_grid(*, user, pipeline_id: int, window: TimeWindow, bucket_seconds: int) -> dict[str, Any]:
    """``{"buckets": [datetime...], "nodes": {node_key: [{"runs", "failed", "avg_ms", "p50_ms"} per
    bucket]}}``; every bucket of the window present. One query (two without SQL percentiles)."""
    qs = steps_in_window(user=user, window=window, pipeline_id=pipeline_id).annotate(
        bucket=EpochBucket("execution__created_at", bucket_seconds)
    )
    rows = list(
        qs.values("node_key", "bucket")
        .annotate(
            runs=Count("id", filter=Q(status__in=[StepRun.Status.SUCCEEDED, StepRun.Status.FAILED])),
            failed=Count("id", filter=Q(status=StepRun.Status.FAILED)),
            avg_ms=Avg("duration_ms", filter=SUCCEEDED),
            **{f"{k}_ms": v for k, v in percentile_annotations("duration_ms", filter=SUCCEEDED).items()},
        )
        .order_by("node_key", "bucket")
    )
    if not sql_percentiles():
        found = python_percentiles(qs.filter(SUCCEEDED), group_by=["node_key", "bucket"], value=F("duration_ms"))
        for r in rows:
            r["p50_ms"] = found.get((r["node_key"], r["bucket"]), {}).get("p50")
    starts = bucket_starts(window=window, size=bucket_seconds)
    cells: dict[str, dict[int, dict[str, Any]]] = {}
    for r in rows:
        cells.setdefault(r["node_key"], {})[int(r["bucket"])] = r
    empty = {"runs": 0, "failed": 0, "avg_ms": None, "p50_ms": None}
    nodes = {}
    for key, by_bucket in cells.items():
        series = []
        for start in starts:
            r = by_bucket.get(start)
            if r is None:
                series.append(dict(empty))
                continue
            series.append(
                {
                    "runs": r["runs"],
                    "failed": r["failed"],
                    "avg_ms": round(r["avg_ms"], 1) if r["avg_ms"] is not None else None,
                    "p50_ms": round(r["p50_ms"], 1) if r.get("p50_ms") is not None else None,
                }
            )
        nodes[key] = series
    return {"buckets": [datetime.fromtimestamp(s, tz=UTC) for s in starts], "nodes": nodes}
