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

import numpy as np
from django.db import connection, transaction

from executions.models import Execution
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


# Stand-ins in a read's parameters for its bounds, which _fetch fills in once it has read the mark.
RAW_BOUNDS, HOUR_BOUNDS = object(), object()


def _bounds(since: datetime) -> tuple[str, list, str, list]:
    """The raw rows' condition on ``e.created_at`` (``[since, lo)`` and from the mark on) and the rollup
    rows' condition on ``h.hour`` (``[lo, mark)``), each with its parameters (stand-ins: see _fetch)."""
    raw = "((e.created_at >= %s AND e.created_at < %s) OR e.created_at >= %s)"
    hours = "h.hour >= %s AND h.hour < %s"
    return raw, [RAW_BOUNDS], hours, [HOUR_BOUNDS]


# Durations travel as big-endian float8s end to end (float8send, concatenated by string_agg): the rollup
# rows keep them so (durations_packed; rows folded before that column existed have NULL, and their list is
# packed on the fly), the raw rows are packed in the query, so the database hands over every duration of
# a group as one bytes value instead of a row per duration (unnest then sort cost about a microsecond per
# value; this, a copy).
PACKED = np.dtype(">f8")


def _packed(column: str, values: str) -> str:
    """The packed durations of a rollup row: its packed column, or its list packed when that is NULL."""
    return f"COALESCE({column}, (SELECT string_agg(float8send(v), ''::bytea) FROM unnest({values}) AS x(v)))"  # noqa: S608


def _durations(packed: bytes | memoryview | None) -> np.ndarray:
    """The durations of a group, in no order (NULL elements do not occur: only durations are packed)."""
    if not packed:
        return np.empty(0, dtype=np.float64)
    return np.frombuffer(packed, dtype=PACKED).astype(np.float64)


def percentile_cont_of(values: np.ndarray, fraction: float) -> float | None:
    """PostgreSQL's ``percentile_cont(fraction)`` of ``values`` (any order): the same two closest ranks,
    selected by a partial sort, and the same interpolation in double precision (core.sql.percentile_cont)."""
    n = len(values)
    if n == 0:
        return None
    pos = fraction * (n - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, n - 1)
    ranked = np.partition(values, [lo, hi])
    first, second = float(ranked[lo]), float(ranked[hi])
    return first + (second - first) * (pos - lo)


# Run first in the transaction of each rollup read: the read's settings, and the sealed mark. The mark is
# read before the query so that the planner sees the real ranges: read inside it, as an InitPlan, it was
# estimated at a third of the table and the plan became a sequential scan of the step runs. The settings:
# the planner's estimate of these queries crosses the default jit_above_cost (steps per execution are
# under-counted at 10M rows), and LLVM compilation then took 80-200 ms of a 250 ms answer; the packed
# durations make the sorts of the merged parts wider than the default 4 MB of work_mem, which spilled them;
# the rows are read through a server-side cursor (see _fetch), planned for all of its rows, not the first.
TUNING_SQL = """
SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true),
    set_config('cursor_tuple_fraction', '1', true),
    (SELECT sealed_until FROM monitoring_rollupstate WHERE name = %s)
"""


FETCH_ROWS = 100  # groups fetched at a time: a window's packed durations never sit in memory all at once


def _fetch(sql: str, params: list, *, since: datetime, unpack=None) -> list[dict[str, Any]]:
    """The rows of one rollup read as dicts, in a transaction of its own (a savepoint inside another one,
    whose settings then last to its end): TUNING_SQL, then ``sql`` with the window's bounds for the
    stand-ins RAW_BOUNDS and HOUR_BOUNDS of ``params``. A ``durations`` column is unpacked into a float64
    array as each batch of rows arrives (a server-side cursor), and ``unpack(row)`` (when given) may turn
    it into figures at once, so a month's 10,000,000 step durations (240 MB as text) never sit in memory
    together."""
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(TUNING_SQL, [NAME])
            mark = cur.fetchone()[-1]
        lo = ceil_hour(since)
        hi = max(mark, lo) if mark is not None else lo
        bounds = {id(RAW_BOUNDS): [since, lo, hi], id(HOUR_BOUNDS): [lo, hi]}
        rows = []
        with connection.chunked_cursor() as cur:
            cur.execute(sql, [v for p in params for v in bounds.get(id(p), [p])])
            names = [c.name for c in cur.description]
            while batch := cur.fetchmany(FETCH_ROWS):
                for values in batch:
                    row = dict(zip(names, values, strict=True))
                    if "durations" in row:
                        row["durations"] = _durations(row["durations"])
                    rows.append(unpack(row) if unpack else row)
        return rows


# --- stage metrics ---------------------------------------------------------------------------


def _stage_filters(pipeline_id: int | None, node_keys: list[str] | None) -> tuple[str, list, str, list, str, list]:
    """The optional pipeline and node filters, on the raw executions, on their steps and on the rollup rows,
    each with its parameters."""
    exec_filter, exec_params, step_filter, step_params, hour_filter, hour_params = "", [], "", [], "", []
    if pipeline_id is not None:
        exec_filter += " AND e.pipeline_id = %s"
        exec_params.append(pipeline_id)
        hour_filter += " AND h.pipeline_id = %s"
        hour_params.append(pipeline_id)
    if node_keys is not None:
        step_filter += " AND s.node_key = ANY(%s)"
        step_params.append(list(node_keys))
        hour_filter += " AND h.node_key = ANY(%s)"
        hour_params.append(list(node_keys))
    return exec_filter, exec_params, step_filter, step_params, hour_filter, hour_params


# The stage aggregates of the raw rows and of the rollup rows, merged; every succeeded duration of both,
# packed (see _durations), for the percentiles.
_STAGE_SQL = """
WITH ex AS MATERIALIZED (
    SELECT e.id, e.pipeline_id, e.created_at FROM executions_execution e WHERE {raw_where}{exec_filter}{vis_sql}
),
raw AS (
    SELECT e.pipeline_id, s.node_key, {raw_bucket} AS bucket, s.id, s.node_type, s.status, s.duration_ms,
        s.rows_in, s.rows_out, s.cpu_seconds, s.peak_rss_bytes, s.finished_at
    FROM ex e
    JOIN executions_steprun s ON s.execution_id = e.id
    WHERE TRUE{step_filter}
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
        string_agg(float8send(duration_ms::double precision), ''::bytea)
            FILTER (WHERE status = 'succeeded' AND duration_ms IS NOT NULL) AS durations
    FROM raw GROUP BY 1, 2, 3
    UNION ALL
    SELECT h.pipeline_id, h.node_key, {hour_bucket}, h.node_type, h.runs, h.succeeded, h.failed, h.skipped,
        h.cancelled, h.n_ms, h.sum_ms, h.max_ms, h.sum_rows_in, h.sum_rows_out, h.rows_handled, h.cpu_seconds,
        h.max_peak_rss_bytes, h.last_run_at, h.last_failed_at, h.last_failed_id, {hour_durations}
    FROM monitoring_stagehour h
    WHERE {hour_where}{hour_filter}{hvis_sql}
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
            FILTER (WHERE last_failed_id IS NOT NULL))[1] AS last_failed_id,
        string_agg(durations, ''::bytea) AS durations
    FROM parts GROUP BY 1, 2, 3
)
SELECT agg.*, pl.slug AS pipeline_slug, pl.name AS pipeline_name
FROM agg
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
    filters = _stage_filters(pipeline_id, node_keys)
    exec_filter, exec_params, step_filter, step_params, hour_filter, hour_params = filters
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
        exec_filter=exec_filter,
        vis_sql=vis_sql,
        step_filter=step_filter,
        hour_where=hour_where,
        hour_filter=hour_filter,
        hvis_sql=hvis_sql,
        hour_durations=_packed("h.durations_packed", "h.durations_ms"),
    )
    all_params = [*raw_where_params, *exec_params, *vis_params, *step_params]
    all_params += [*hour_where_params, *hour_params, *hvis_params]
    return _fetch(sql, all_params, since=since, unpack=_with_percentiles)


def _with_percentiles(row: dict[str, Any]) -> dict[str, Any]:
    values = row.pop("durations")
    row["p50_ms"], row["p95_ms"] = percentile_cont_of(values, 0.5), percentile_cont_of(values, 0.95)
    return row


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
parts AS (
    SELECT pipeline_id, count(*) AS total, {raw_counts}, count(*) FILTER (WHERE status = 'failed') AS failed,
        count(*) FILTER (WHERE fin) AS n_duration, sum(s) FILTER (WHERE fin) AS sum_duration_s,
        sum(rows_in) FILTER (WHERE status = 'succeeded') AS sum_rows_in,
        sum(rows_out) FILTER (WHERE status = 'succeeded') AS sum_rows_out,
        string_agg(float8send(s), ''::bytea) FILTER (WHERE fin) AS durations
    FROM raw GROUP BY 1
    UNION ALL
    SELECT h.pipeline_id, h.total, {hour_counts}, h.failed, h.n_duration, h.sum_duration_s, h.sum_rows_in,
        h.sum_rows_out, {_packed("h.durations_packed", "h.durations_s")}
    FROM monitoring_executionhour h WHERE {hour_where}{hvis_sql}
)
SELECT agg.*, pl.slug, pl.name
FROM (
    SELECT pipeline_id, sum(total)::bigint AS total, {sums}, sum(failed)::bigint AS failed,
        sum(n_duration)::bigint AS n_duration, sum(sum_duration_s) AS sum_duration_s,
        sum(sum_rows_in)::bigint AS sum_rows_in, sum(sum_rows_out)::bigint AS sum_rows_out,
        string_agg(durations, ''::bytea) AS durations
    FROM parts GROUP BY 1
) agg
JOIN pipelines_pipeline pl ON pl.id = agg.pipeline_id
ORDER BY agg.pipeline_id
"""  # noqa: S608
    # The placeholders in text order: finished, the raw bounds, visibility (raw), the raw counts, the hour
    # counts, the hour bounds, visibility (hours).
    all_params = [list(Execution.FINISHED), *raw_where_params, *vis_params, *statuses, *statuses]
    all_params += [*hour_where_params, *hvis_params]
    rows = _fetch(sql, all_params, since=since)
    values = np.concatenate([r.pop("durations") for r in rows]) if rows else _durations(None)
    for r in rows:
        r["by_status"] = {s: r.pop(f"n_{i}") for i, s in enumerate(statuses)}
    return rows, percentile_cont_of(values, 0.95)


def failing_nodes(*, user, since: datetime, top: int) -> list[dict[str, Any]]:
    """The (pipeline, node) pairs with the most failed steps over the window, most first."""
    raw_where, raw_where_params, hour_where, hour_where_params = _bounds(since)
    vis_sql, vis_params = _visibility(user, "e.pipeline_id")
    hvis_sql, hvis_params = _visibility(user, "h.pipeline_id")
    # Only fixed fragments and integers are formatted in; every value is a parameter.
    sql = f"""
WITH ex AS MATERIALIZED (
    SELECT e.id, e.pipeline_id FROM executions_execution e WHERE {raw_where}{vis_sql}
),
parts AS (
    SELECT e.pipeline_id, s.node_key, count(*) AS failed
    FROM ex e JOIN executions_steprun s ON s.execution_id = e.id
    WHERE s.status = 'failed'
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
    rows = _fetch(sql, [*raw_where_params, *vis_params, *hour_where_params, *hvis_params, top], since=since)
    return [{k: r[k] for k in ("pipeline_id", "slug", "node_key", "failed")} for r in rows]
