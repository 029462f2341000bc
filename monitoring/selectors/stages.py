"""Stage metrics: per pipeline and node over a window, and the same figures over time buckets.

A step belongs to the window of its execution (``Execution.created_at``): that column is indexed
with the pipeline, so a pipeline's window is an index range. Durations are of succeeded steps;
``runs`` counts steps that finished succeeded or failed (skipped and cancelled ones are counted apart).
Throughput is rows handled (the larger of rows in and rows out) per second of succeeded work.
Nodes of a fused chain share their group's duration, CPU and peak RSS.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import Avg, Count, F, Max, Q, QuerySet, Sum, Value, Window
from django.db.models.functions import Coalesce, Greatest, RowNumber

from core.sql import (
    PERCENTILES,
    EpochBucket,
    percentile_annotations,
    python_percentiles,
    sql_percentiles,
)
from executions.models import StepRun
from monitoring.selectors.access import visible
from monitoring.selectors.rollup_reads import rollups_usable, stage_rows
from monitoring.selectors.windows import Window as TimeWindow
from monitoring.selectors.windows import bucket_starts

S = StepRun.Status
SUCCEEDED = Q(status=S.SUCCEEDED)
ERROR_CHARS = 500


def steps_in_window(*, user, window: TimeWindow, pipeline_id: int | None = None, node_key: str | None = None):
    qs = StepRun.objects.filter(visible(user, "execution__pipeline"), execution__created_at__gte=window.since)
    if pipeline_id is not None:
        qs = qs.filter(execution__pipeline_id=pipeline_id)
    if node_key is not None:
        qs = qs.filter(node_key=node_key)
    return qs


def _aggregates() -> dict[str, Any]:
    handled = Greatest(Coalesce("rows_in", Value(0)), Coalesce("rows_out", Value(0)))
    return {
        "runs": Count("id", filter=Q(status__in=[S.SUCCEEDED, S.FAILED])),
        "succeeded": Count("id", filter=SUCCEEDED),
        "failed": Count("id", filter=Q(status=S.FAILED)),
        "skipped": Count("id", filter=Q(status=S.SKIPPED)),
        "cancelled": Count("id", filter=Q(status=S.CANCELLED)),
        "avg_ms": Avg("duration_ms", filter=SUCCEEDED),
        "max_ms": Max("duration_ms", filter=SUCCEEDED),
        "busy_ms": Sum("duration_ms", filter=SUCCEEDED),
        "sum_rows_in": Sum("rows_in", filter=SUCCEEDED),
        "sum_rows_out": Sum("rows_out", filter=SUCCEEDED),
        "rows_handled": Sum(handled, filter=SUCCEEDED),
        "sum_cpu_seconds": Sum("cpu_seconds", filter=SUCCEEDED),
        "max_peak_rss_bytes": Max("peak_rss_bytes"),
        "last_run_at": Max("finished_at"),
        **{f"{name}_ms": agg for name, agg in percentile_annotations("duration_ms", filter=SUCCEEDED).items()},
    }


def _figures(row: dict[str, Any]) -> dict[str, Any]:
    """The derived figures of one aggregated row (success rate, throughput) in the output shape."""
    finished = row["succeeded"] + row["failed"]
    busy = row["busy_ms"] or 0
    return {
        "runs": row["runs"],
        "succeeded": row["succeeded"],
        "failed": row["failed"],
        "skipped": row["skipped"],
        "cancelled": row["cancelled"],
        "success_rate": round(row["succeeded"] / finished, 4) if finished else None,
        "avg_ms": round(row["avg_ms"], 1) if row["avg_ms"] is not None else None,
        "p50_ms": row.get("p50_ms"),
        "p95_ms": row.get("p95_ms"),
        "max_ms": row["max_ms"],
        "rows_in": row["sum_rows_in"] or 0,
        "rows_out": row["sum_rows_out"] or 0,
        "throughput_rows_per_s": round((row["rows_handled"] or 0) * 1000 / busy, 2) if busy else None,
        "cpu_seconds": round(row["sum_cpu_seconds"] or 0.0, 3),
        "peak_rss_bytes": row["max_peak_rss_bytes"],
        "last_run_at": row["last_run_at"],
    }


def _merge_percentiles(rows: list[dict], qs: QuerySet, group_by: list[str]) -> None:
    if sql_percentiles():
        return
    found = python_percentiles(qs.filter(SUCCEEDED), group_by=group_by, value=F("duration_ms"))
    for row in rows:
        pct = found.get(tuple(row[g] for g in group_by), {})
        for name in PERCENTILES:
            row[f"{name}_ms"] = pct.get(name)


def last_errors(qs: QuerySet) -> dict[tuple[int, str], dict[str, Any]]:
    """The latest failed step per (pipeline, node) of ``qs`` (one query, a window function)."""
    ranked = (
        qs.filter(status=S.FAILED)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("execution__pipeline_id"), F("node_key")],
                order_by=[F("finished_at").desc(nulls_last=True), F("id").desc()],
            )
        )
        .filter(rank=1)
        .values("execution__pipeline_id", "node_key", "error", "finished_at", "execution_id")
    )
    return {
        (r["execution__pipeline_id"], r["node_key"]): {
            "message": r["error"][:ERROR_CHARS],
            "at": r["finished_at"],
            "execution_id": r["execution_id"],
        }
        for r in ranked
    }


def _errors_by_id(ids: list[int]) -> dict[int, dict[str, Any]]:
    """The last errors of the rollup path: the failed steps named by the rollups, read in one query."""
    if not ids:
        return {}
    return {
        r["id"]: {"message": r["error"][:ERROR_CHARS], "at": r["finished_at"], "execution_id": r["execution_id"]}
        for r in StepRun.objects.filter(pk__in=ids).values("id", "error", "finished_at", "execution_id")
    }


def stage_metrics(
    *, user, window: TimeWindow, pipeline_id: int | None = None, node_keys: list[str] | None = None
) -> list[dict[str, Any]]:
    """Per pipeline and node: runs, success rate, avg/p50/p95/max duration (ms), rows in/out,
    throughput, CPU seconds, peak RSS and the last error, over ``window``. Two queries (three on SQLite).
    On PostgreSQL the whole sealed hours come from the hourly rollups (rollup_reads.py)."""
    if rollups_usable():
        rows = stage_rows(user=user, since=window.since, pipeline_id=pipeline_id, node_keys=node_keys)
        errors = _errors_by_id([r["last_failed_id"] for r in rows if r["last_failed_id"] is not None])
        return [
            {
                "pipeline_id": r["pipeline_id"],
                "pipeline_slug": r["pipeline_slug"],
                "pipeline_name": r["pipeline_name"],
                "node_key": r["node_key"],
                "node_type": r["node_type"],
                **_figures(r),
                "last_error": errors.get(r["last_failed_id"]),
            }
            for r in rows
        ]
    qs = steps_in_window(user=user, window=window, pipeline_id=pipeline_id)
    if node_keys is not None:
        qs = qs.filter(node_key__in=node_keys)
    group_by = ["execution__pipeline_id", "node_key"]
    rows = list(
        qs.values(*group_by)
        .annotate(
            pipeline_slug=Max("execution__pipeline__slug"),
            pipeline_name=Max("execution__pipeline__name"),
            node_type=Max("node_type"),
            **_aggregates(),
        )
        .order_by(*group_by)
    )
    _merge_percentiles(rows, qs, group_by)
    errors = last_errors(qs) if any(r["failed"] for r in rows) else {}
    return [
        {
            "pipeline_id": r["execution__pipeline_id"],
            "pipeline_slug": r["pipeline_slug"],
            "pipeline_name": r["pipeline_name"],
            "node_key": r["node_key"],
            "node_type": r["node_type"],
            **_figures(r),
            "last_error": errors.get((r["execution__pipeline_id"], r["node_key"])),
        }
        for r in rows
    ]


def stage_history(
    *, user, pipeline_id: int, node_key: str, window: TimeWindow, bucket_seconds: int
) -> list[dict[str, Any]]:
    """The stage figures of one node per time bucket (by the execution's creation time), every bucket
    of the window present (empty ones with zero runs). One query (two on SQLite). Buckets of whole hours
    read the sealed hours from the hourly rollups on PostgreSQL."""
    if rollups_usable() and bucket_seconds % 3600 == 0:
        rows = stage_rows(
            user=user, since=window.since, pipeline_id=pipeline_id, node_keys=[node_key], bucket_seconds=bucket_seconds
        )
        by_bucket = {int(r["bucket"]): r for r in rows}
        counts = ("runs", "succeeded", "failed", "skipped", "cancelled")
        empty = dict.fromkeys(_aggregates(), None) | dict.fromkeys(counts, 0)
        return [
            {"start": datetime.fromtimestamp(start, tz=UTC), **_figures(by_bucket.get(start, empty))}
            for start in bucket_starts(window=window, size=bucket_seconds)
        ]
    qs = steps_in_window(user=user, window=window, pipeline_id=pipeline_id, node_key=node_key).annotate(
        bucket=EpochBucket("execution__created_at", bucket_seconds)
    )
    rows = list(qs.values("bucket").annotate(**_aggregates()).order_by("bucket"))
    _merge_percentiles(rows, qs, ["bucket"])
    by_bucket = {int(r["bucket"]): r for r in rows}
    empty = dict.fromkeys(_aggregates(), None) | {k: 0 for k in ("runs", "succeeded", "failed", "skipped", "cancelled")}
    return [
        {"start": datetime.fromtimestamp(start, tz=UTC), **_figures(by_bucket.get(start, empty))}
        for start in bucket_starts(window=window, size=bucket_seconds)
    ]
