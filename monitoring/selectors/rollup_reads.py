"""The window figures read from the hourly rollups (monitoring/services/rollups.py) plus the raw rows
they do not cover, in one query each after one small read of the sealed mark (PostgreSQL).

A window ``[since, now]`` is split at ``lo`` (the first whole hour at or after ``since``) and ``hi`` (the
sealed mark): hours in ``[lo, hi)`` come from ExecutionHour / StageHour, the rest (``[since, lo)`` and
from ``hi`` on) from the executions and step runs themselves. The rollups keep every succeeded
duration, so percentiles are those of the raw rows; every figure is the one the raw query gives (sums
of floats may differ in the last bits, under the rounding shown).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from django.db import connection

from executions.models import Execution
from monitoring.models import RollupState
from monitoring.services.rollups import NAME, ceil_hour
from pipelines import roles
from pipelines.selectors import pipelines_visible_to

E = Execution.Status


def rollups_usable() -> bool:
    from core.sql import sql_percentiles

    return connection.vendor == "postgresql" and sql_percentiles()


def _visibility(user, column: str) -> tuple[str, list]:
    if roles.sees_everything(user):
        return "", []
    sql, params = pipelines_visible_to(user=user).values("pk").query.sql_with_params()
    return f" AND {column} IN ({sql})", list(params)


def _bounds(since: datetime) -> tuple[str, list, str, list]:
    """The raw rows' condition on ``e.created_at`` (``[since, lo)`` and from the mark on) and the rollup
    rows' condition on ``h.hour`` (``[lo, mark)``), each with its parameters. The mark is read first (one
    small query) so that the planner sees the real ranges: read inside the query, as an InitPlan, it was
    estimated at a third of the table and the plan became a sequential scan of the step runs."""
    lo = ceil_hour(since)
    mark = RollupState.objects.filter(name=NAME).values_list("sealed_until", flat=True).first()
    hi = max(mark, lo) if mark is not None else lo
    raw = "((e.created_at >= %s AND e.created_at < %s) OR e.created_at >= %s)"
    hours = "h.hour >= %s AND h.hour < %s"
    return raw, [since, lo, hi], hours, [lo, hi]


# --- stage metrics ---------------------------------------------------------------------------


def _stage_filters(pipeline_id: int | None, node_keys: list[str] | None) -> tuple[str, list, str, list]:
    """The optional pipeline and node filters, on the raw rows and on the rollup rows, with their parameters."""
    raw_filter, raw_params, hour_filter, hour_params = "", [], "", []
    if pipeline_id is not None:
        raw_filter += " AND e.pipeline_id = %s"
        raw_params.append(pipeline_id)
        hour_filter += " AND h.pipeline_id = %s"
        hour_params.append(pipeline_id)
    if node_keys is not None:
        raw_filter += " AND s.node_key = ANY(%s)"
        raw_params.append(list(node_keys))
        hour_filter += " AND h.node_key = ANY(%s)"
        hour_params.append(list(node_keys))
    return raw_filter, raw_params, hour_filter, hour_params


# The stage aggregates of the raw rows and of the rollup rows, merged; percentiles over both's durations.
_STAGE_SQL = """
WITH raw AS (
    SELECT e.pipeline_id, s.node_key, {raw_bucket} AS bucket, s.id, s.node_type, s.status, s.duration_ms,
        s.rows_in, s.rows_out, s.cpu_seconds, s.peak_rss_bytes, s.finished_at
    FROM executions_steprun s
    JOIN executions_execution e ON e.id = s.execution_id
    WHERE {raw_where}{raw_filter}{vis_sql}
),
parts AS (
    SELECT pipeline_id, node_key, bucket, max(node_type) AS node_type,
        count(*) FILTER (WHERE status IN ('succeeded', 'failed')) AS runs,
        count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
        count(*) FILTER (WHERE status = 'failed') AS failed,
        count(*) FILTER (WHERE status = 'skipped') AS skipped,
        count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
        count(duration_ms) FILTER (WHERE status = 'succeeded') AS n_ms,
        sum(duration_ms) FILTER (WHERE status = 'succeeded') AS sum_ms,
        max(duration_ms) FILTER (WHERE status = 'succeeded') AS max_ms,
        sum(rows_in) FILTER (WHERE status = 'succeeded') AS sum_rows_in,
        sum(rows_out) FILTER (WHERE status = 'succeeded') AS sum_rows_out,
        sum(GREATEST(COALESCE(rows_in, 0), COALESCE(rows_out, 0))) FILTER (WHERE status = 'succeeded')
            AS rows_handled,
        sum(cpu_seconds) FILTER (WHERE status = 'succeeded') AS cpu_seconds,
        max(peak_rss_bytes) AS max_peak_rss_bytes,
        max(finished_at) AS last_run_at,
        (array_agg(finished_at ORDER BY finished_at DESC NULLS LAST, id DESC)
            FILTER (WHERE status = 'failed'))[1] AS last_failed_at,
        (array_agg(id ORDER BY finished_at DESC NULLS LAST, id DESC) FILTER (WHERE status = 'failed'))[1]
            AS last_failed_id,
        NULL::double precision[] AS durations_ms
    FROM raw GROUP BY 1, 2, 3
    UNION ALL
    SELECT h.pipeline_id, h.node_key, {hour_bucket}, h.node_type, h.runs, h.succeeded, h.failed, h.skipped,
        h.cancelled, h.n_ms, h.sum_ms, h.max_ms, h.sum_rows_in, h.sum_rows_out, h.rows_handled, h.cpu_seconds,
        h.max_peak_rss_bytes, h.last_run_at, h.last_failed_at, h.last_failed_id, h.durations_ms
    FROM monitoring_stagehour h
    WHERE {hour_where}{hour_filter}{hvis_sql}
),
vals AS (
    SELECT pipeline_id, node_key, bucket, duration_ms::double precision AS v FROM raw
    WHERE status = 'succeeded' AND duration_ms IS NOT NULL
    UNION ALL
    SELECT p.pipeline_id, p.node_key, p.bucket, x.v
    FROM parts p CROSS JOIN LATERAL unnest(p.durations_ms) AS x(v)
    WHERE p.durations_ms IS NOT NULL
),
pct AS (
    SELECT pipeline_id, node_key, bucket, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS p50_ms,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY v) AS p95_ms
    FROM vals GROUP BY 1, 2, 3
),
agg AS (
    SELECT pipeline_id, node_key, bucket, max(node_type) AS node_type, sum(runs)::bigint AS runs,
        sum(succeeded)::bigint AS succeeded, sum(failed)::bigint AS failed, sum(skipped)::bigint AS skipped,
        sum(cancelled)::bigint AS cancelled,
        (sum(sum_ms)::numeric / NULLIF(sum(n_ms), 0))::double precision AS avg_ms,
        max(max_ms) AS max_ms, sum(sum_ms)::bigint AS busy_ms, sum(sum_rows_in)::bigint AS sum_rows_in,
        sum(sum_rows_out)::bigint AS sum_rows_out, sum(rows_handled)::bigint AS rows_handled,
        sum(cpu_seconds) AS sum_cpu_seconds, max(max_peak_rss_bytes) AS max_peak_rss_bytes,
        max(last_run_at) AS last_run_at,
        (array_agg(last_failed_id ORDER BY last_failed_at DESC NULLS LAST, last_failed_id DESC)
            FILTER (WHERE last_failed_id IS NOT NULL))[1] AS last_failed_id
    FROM parts GROUP BY 1, 2, 3
)
SELECT agg.*, pct.p50_ms, pct.p95_ms, pl.slug AS pipeline_slug, pl.name AS pipeline_name
FROM agg
LEFT JOIN pct ON pct.pipeline_id = agg.pipeline_id AND pct.node_key = agg.node_key AND pct.bucket = agg.bucket
JOIN pipelines_pipeline pl ON pl.id = agg.pipeline_id
ORDER BY agg.pipeline_id, agg.node_key, agg.bucket
"""


def stage_rows(
    *,
    user,
    since: datetime,
    pipeline_id: int | None = None,
    node_keys: list[str] | None = None,
    bucket_seconds: int | None = None,
) -> list[dict[str, Any]]:
    """Per (pipeline, node[, bucket]) the aggregates of monitoring/selectors/stages.py ``_aggregates``
    (same names), with ``pipeline_slug``, ``pipeline_name``, ``node_type`` and ``last_failed_id`` (the
    newest failed step, by finished_at then id). ``bucket_seconds`` must be whole hours."""
    if bucket_seconds is not None and bucket_seconds % 3600:
        raise ValueError("rollup buckets are whole hours")
    raw_where, raw_where_params, hour_where, hour_where_params = _bounds(since)
    raw_filter, raw_params, hour_filter, hour_params = _stage_filters(pipeline_id, node_keys)
    vis_sql, vis_params = _visibility(user, "e.pipeline_id")
    hvis_sql, hvis_params = _visibility(user, "h.pipeline_id")
    if bucket_seconds is None:
        raw_bucket, hour_bucket = "0::bigint", "0::bigint"
    else:
        size = int(bucket_seconds)
        raw_bucket = f"(FLOOR(EXTRACT(EPOCH FROM e.created_at) / {size}) * {size})::bigint"
        hour_bucket = f"(FLOOR(EXTRACT(EPOCH FROM h.hour) / {size}) * {size})::bigint"
    # Only fixed fragments and integers are formatted in; every value is a parameter.
    sql = _STAGE_SQL.format(
        raw_bucket=raw_bucket,
        hour_bucket=hour_bucket,
        raw_where=raw_where,
        raw_filter=raw_filter,
        vis_sql=vis_sql,
        hour_where=hour_where,
        hour_filter=hour_filter,
        hvis_sql=hvis_sql,
    )
    all_params = [*raw_where_params, *raw_params, *vis_params, *hour_where_params, *hour_params, *hvis_params]
    with connection.cursor() as cur:
        cur.execute(sql, all_params)
        names = [c.name for c in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


# --- the executions summary -------------------------------------------------------------------


def execution_rows(*, user, since: datetime) -> tuple[list[dict[str, Any]], float | None]:
    """Per pipeline: total, one ``n_<status>`` per status, failed, n_duration, sum_duration_s, rows in and
    out of succeeded runs, slug and name; and the p95 duration (s) of the whole window."""
    raw_where, raw_where_params, hour_where, hour_where_params = _bounds(since)
    statuses = list(E.values)
    raw_counts = ", ".join(f"count(*) FILTER (WHERE status = %s) AS n_{i}" for i in range(len(statuses)))
    hour_counts = ", ".join(f"COALESCE((h.by_status ->> %s)::bigint, 0) AS n_{i}" for i in range(len(statuses)))
    sums = ", ".join(f"sum(n_{i})::bigint AS n_{i}" for i in range(len(statuses)))
    vis_sql, vis_params = _visibility(user, "e.pipeline_id")
    hvis_sql, hvis_params = _visibility(user, "h.pipeline_id")
    # Only fixed fragments and integers are formatted in; every value is a parameter.
    sql = f"""
WITH raw AS (
    SELECT e.pipeline_id, e.status, e.rows_in, e.rows_out,
        EXTRACT(EPOCH FROM (e.finished_at - e.started_at))::double precision AS s,
        e.status = ANY(%s) AND e.started_at IS NOT NULL AND e.finished_at IS NOT NULL AS fin
    FROM executions_execution e
    WHERE {raw_where}{vis_sql}
),
hours AS (
    SELECT h.* FROM monitoring_executionhour h WHERE {hour_where}{hvis_sql}
),
parts AS (
    SELECT pipeline_id, count(*) AS total, {raw_counts}, count(*) FILTER (WHERE status = 'failed') AS failed,
        count(*) FILTER (WHERE fin) AS n_duration, sum(s) FILTER (WHERE fin) AS sum_duration_s,
        sum(rows_in) FILTER (WHERE status = 'succeeded') AS sum_rows_in,
        sum(rows_out) FILTER (WHERE status = 'succeeded') AS sum_rows_out
    FROM raw GROUP BY 1
    UNION ALL
    SELECT h.pipeline_id, h.total, {hour_counts}, h.failed, h.n_duration, h.sum_duration_s, h.sum_rows_in,
        h.sum_rows_out
    FROM hours h
),
vals AS (
    SELECT s AS v FROM raw WHERE fin
    UNION ALL
    SELECT x.v FROM hours h CROSS JOIN LATERAL unnest(h.durations_s) AS x(v)
),
-- percentile_cont(0.95) needs the values of ascending ranks floor(0.95 (n - 1)) and the next: the two
-- smallest of the n - floor(0.95 (n - 1)) largest (a bounded top-N sort, not a sort of the window).
top AS (
    SELECT v FROM vals ORDER BY v DESC
    LIMIT (SELECT GREATEST(sum(n_duration) - floor(0.95 * (sum(n_duration) - 1)), 0)::bigint FROM parts)
)
SELECT agg.*, pl.slug, pl.name,
    (SELECT array_agg(v ORDER BY v) FROM (SELECT v FROM top ORDER BY v LIMIT 2) two) AS p95_pair
FROM (
    SELECT pipeline_id, sum(total)::bigint AS total, {sums}, sum(failed)::bigint AS failed,
        sum(n_duration)::bigint AS n_duration, sum(sum_duration_s) AS sum_duration_s,
        sum(sum_rows_in)::bigint AS sum_rows_in, sum(sum_rows_out)::bigint AS sum_rows_out
    FROM parts GROUP BY 1
) agg
JOIN pipelines_pipeline pl ON pl.id = agg.pipeline_id
ORDER BY agg.pipeline_id
"""  # noqa: S608
    # The placeholders in text order: finished, the raw bounds, visibility (raw), the hour bounds,
    # visibility (hours), then the raw counts and the hour counts.
    all_params = [list(Execution.FINISHED), *raw_where_params, *vis_params, *hour_where_params, *hvis_params]
    all_params += [*statuses, *statuses]
    with connection.cursor() as cur:
        cur.execute(sql, all_params)
        names = [c.name for c in cur.description]
        rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    n = sum(r["n_duration"] for r in rows)
    pair = rows[0]["p95_pair"] if rows else None
    p95 = None
    if n and pair:
        pos = 0.95 * (n - 1)
        first = pair[0]
        second = pair[1] if len(pair) > 1 else first
        p95 = first + (second - first) * (pos - math.floor(pos))
    for r in rows:
        r["by_status"] = {s: r.pop(f"n_{i}") for i, s in enumerate(statuses)}
    return rows, p95


def failing_nodes(*, user, since: datetime, top: int) -> list[dict[str, Any]]:
    """The (pipeline, node) pairs with the most failed steps over the window, most first."""
    raw_where, raw_where_params, hour_where, hour_where_params = _bounds(since)
    vis_sql, vis_params = _visibility(user, "e.pipeline_id")
    hvis_sql, hvis_params = _visibility(user, "h.pipeline_id")
    # Only fixed fragments and integers are formatted in; every value is a parameter.
    sql = f"""
WITH parts AS (
    SELECT e.pipeline_id, s.node_key, count(*) AS failed
    FROM executions_steprun s JOIN executions_execution e ON e.id = s.execution_id
    WHERE {raw_where} AND s.status = 'failed'{vis_sql}
    GROUP BY 1, 2
    UNION ALL
    SELECT h.pipeline_id, h.node_key, h.failed FROM monitoring_stagehour h
    WHERE {hour_where} AND h.failed > 0{hvis_sql}
)
SELECT p.pipeline_id, pl.slug, p.node_key, sum(p.failed)::bigint AS failed
FROM parts p JOIN pipelines_pipeline pl ON pl.id = p.pipeline_id
GROUP BY p.pipeline_id, pl.slug, p.node_key
ORDER BY failed DESC, p.pipeline_id, p.node_key
LIMIT %s
"""  # noqa: S608
    with connection.cursor() as cur:
        cur.execute(sql, [*raw_where_params, *vis_params, *hour_where_params, *hvis_params, top])
        return [
            {"pipeline_id": pid, "slug": slug, "node_key": key, "failed": failed}
            for pid, slug, key, failed in cur.fetchall()
        ]
