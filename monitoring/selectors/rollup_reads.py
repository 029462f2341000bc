"""The window figures read from the hourly rollups (monitoring/services/rollups.py) plus the raw rows
they do not cover, in one query each after one small read of the sealed mark (PostgreSQL).

A window ``[since, now]`` is split at ``lo`` (the first whole hour at or after ``since``) and ``hi`` (the
sealed mark): hours in ``[lo, hi)`` come from ExecutionHour / StageHour, the rest (``[since, lo)`` and
from ``hi`` on) from the executions and step runs themselves. The rollups keep every succeeded
duration, so percentiles are those of the raw rows; every figure is the one the raw query gives (sums
of floats may differ in the last bits, under the rounding shown).
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from core.sealed_parts import ceil_slot, floor_slot
from executions.models import Execution
from monitoring.selectors import sealed_cache
from monitoring.services.rollups import NAME, SEAL_MARGIN, ceil_hour
from pipelines.selectors import pipelines_visible_to

E = Execution.Status


def rollups_usable() -> bool:
    from core.sql import sql_percentiles

    return connection.vendor == "postgresql" and sql_percentiles()


# Stand-ins in a read's parameters for its bounds, which _fetch fills in once it has read the mark.
RAW_BOUNDS, HOUR_BOUNDS = object(), object()


def _bounds(since: datetime) -> tuple[str, list, str, list]:
    """The raw rows' condition on ``e.created_at`` (two ranges) and the rollup rows' condition on ``h.hour``
    (``[lo, mark)``), each with its parameters (stand-ins: see _read)."""
    raw = "((e.created_at >= %s AND e.created_at < %s) OR (e.created_at >= %s AND e.created_at < %s))"
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


def percentiles_of_parts(ordered: np.ndarray, other: np.ndarray | None, fractions: tuple[float, ...]) -> list:
    """percentile_cont_of the union of ``ordered`` (sorted: a sealed part) and ``other`` (any order, small:
    the raw part) at each fraction, without merging them: each element of ``other`` (sorted) lands after
    the elements of ``ordered`` up to it, so a rank of the union is found by bisecting those places."""
    b = np.sort(other) if other is not None and len(other) else None
    n = len(ordered) + (len(b) if b is not None else 0)
    if n == 0:
        return [None for _ in fractions]
    if b is None:
        places = []
    else:
        places = (np.searchsorted(ordered, b, side="right") + np.arange(len(b))).tolist()
        b = b.tolist()

    def kth(rank: int) -> float:
        j = bisect_left(places, rank)  # elements of other before the rank
        return float(b[j]) if j < len(places) and places[j] == rank else float(ordered[rank - j])

    out = []
    for fraction in fractions:
        pos = fraction * (n - 1)
        lo = math.floor(pos)
        first, second = kth(lo), kth(min(lo + 1, n - 1))
        out.append(first + (second - first) * (pos - lo))
    return out


# Run first in the transaction of each rollup read: the read's settings, the sealed mark and the state row's
# id (the sealed cache's key names it). The mark is read before the queries so that the planner sees the
# real ranges: read inside them, as an InitPlan, it was estimated at a third of the table and the plan
# became a sequential scan of the step runs. The settings: the planner's estimate of these queries crosses
# the default jit_above_cost (steps per execution are under-counted at 10M rows), and LLVM compilation
# then took 80-200 ms of a 250 ms answer; the packed durations make sorts wider than the default 4 MB of
# work_mem, which spilled them; the rows are read through a server-side cursor (see _rows), planned for
# all of its rows, not the first.
TUNING_SQL = """
SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true),
    set_config('cursor_tuple_fraction', '1', true),
    (SELECT min(a.created_at) FROM executions_execution a WHERE a.status = ANY(%s)), r.sealed_until, r.id
FROM (SELECT 1) AS one LEFT JOIN monitoring_rollupstate r ON r.name = %s
"""


FETCH_ROWS = 100  # groups fetched at a time: a window's packed durations never sit in memory all at once


def _rows(sql: str, params: list, *, at_once: bool = False) -> Iterator[dict[str, Any]]:
    """The rows of ``sql`` as dicts through a server-side cursor, a batch at a time (``at_once``: through
    a plain cursor, in one round trip: for the raw parts, which the read holds whole anyway); a
    ``durations`` column is unpacked into a float64 array as its row arrives."""
    with connection.cursor() if at_once else connection.chunked_cursor() as cur:
        cur.execute(sql, params)
        names = [c.name for c in cur.description]
        while batch := cur.fetchall() if at_once else cur.fetchmany(FETCH_ROWS):
            for values in batch:
                row = dict(zip(names, values, strict=True))
                if "durations" in row:
                    row["durations"] = _durations(row["durations"])
                yield row


@dataclass(frozen=True)
class Read:
    """One rollup read: its raw part (SQL over the rows the rollups do not cover: RAW_BOUNDS in its
    parameters), its sealed part (SQL over the rollup rows of ``[lo, mark)``: HOUR_BOUNDS), grouped by
    ``keys`` in both, and how two rows of a group combine: summed columns, largest columns, the newest
    failure (``last_failed_at`` then ``last_failed_id``) and the concatenated ``durations``."""

    name: str
    keys: tuple[str, ...]
    raw_sql: str
    raw_params: list
    hour_sql: str
    hour_params: list
    sums: tuple[str, ...] = ()
    maxes: tuple[str, ...] = ()
    last_failed: bool = False


def _add(a, b):
    return b if a is None else a if b is None else a + b


def _largest(a, b):
    return b if a is None else a if b is None else max(a, b)


def _newest_failure(row: dict[str, Any]) -> tuple:
    # ORDER BY last_failed_at DESC NULLS LAST, last_failed_id DESC, among rows with a failed step
    at = row["last_failed_at"]
    return (
        row["last_failed_id"] is not None,
        at is not None,
        at or datetime.min.replace(tzinfo=UTC),
        row["last_failed_id"] or 0,
    )


def _combine(read: Read, a: dict[str, Any], b: dict[str, Any], *, concatenate: bool = False) -> dict[str, Any]:
    """Two rows of a group as one. Durations: ``a``'s are kept and ``b``'s set apart as ``raw_durations``
    (a's are the settled part's, sorted: see percentiles_of_parts), or both concatenated."""
    out = dict(a)
    for c in read.sums:
        out[c] = _add(a[c], b[c])
    for c in read.maxes:
        out[c] = _largest(a[c], b[c])
    if read.last_failed:
        newest = max(a, b, key=_newest_failure)
        out["last_failed_at"], out["last_failed_id"] = newest["last_failed_at"], newest["last_failed_id"]
    if "durations" in a and concatenate:
        out["durations"] = np.concatenate([a["durations"], b["durations"]])
    elif "durations" in a:
        out["raw_durations"] = b["durations"]
    return out


def _params(params: list, *, raw: list, hours: list) -> list:
    return [v for p in params for v in (raw if p is RAW_BOUNDS else hours if p is HOUR_BOUNDS else [p])]


def _key(read: Read, row: dict[str, Any]) -> tuple:
    return tuple(row[k] for k in read.keys)


def _settled(read: Read, *, state_id: int | None, bounds: Bounds) -> Iterator[dict[str, Any]]:
    """The rows of the read's settled part ``[start, settled)`` (the rollup rows of ``[lo, mark)`` and the
    raw rows of ``[start, lo)`` and ``[mark, settled)``), each one's durations sorted: from the sealed
    cache, or read (and kept there unless their durations pass its MAX_BYTES)."""
    b = bounds
    key = sealed_cache.key_of(read.name, state_id, b.start, b.lo, b.hi, b.settled, read.hour_sql, read.hour_params)
    cached = sealed_cache.get(key)
    if cached is not None:
        yield from cached
        return
    kept: list | None = [] if sealed_cache.enabled() else None
    size = 0
    inner = [b.start, b.lo, b.hi, b.settled] if b.hi > b.lo else [b.start, b.settled, b.settled, b.settled]
    raw_rows = _rows(read.raw_sql, _params(read.raw_params, raw=inner, hours=[]), at_once=True)
    pending = {_key(read, r): r for r in raw_rows}
    hours = _rows(read.hour_sql, _params(read.hour_params, raw=[], hours=[b.lo, b.hi])) if b.hi > b.lo else ()
    for row in itertools.chain(hours, [None]):
        if row is None:  # then the groups with no rollup rows
            rows = list(pending.values())
        else:
            raw = pending.pop(_key(read, row), None)
            rows = [_combine(read, row, raw, concatenate=True) if raw is not None else row]
        for r in rows:
            if "durations" in r:
                r["durations"] = np.sort(r["durations"])
            if kept is not None:
                size += r["durations"].nbytes if "durations" in r else 0
                if size > sealed_cache.MAX_BYTES:
                    kept = None
                else:
                    kept.append(dict(r))
            yield r
    if kept is not None:
        sealed_cache.put(key, kept)


@dataclass(frozen=True)
class Bounds:
    """A window ``[since, now]`` cut for a read: the rollup hours ``[lo, hi)`` (hi: the sealed mark) inside
    the settled part ``[start, settled)``, the whole five minutes from ``since`` up to the last five
    minutes before which every execution had finished and had been committed (SEAL_MARGIN), which never
    changes either and is kept in the sealed cache; the rest, ``[since, start)`` and from ``settled`` on
    (at most five and ten minutes of rows), is read at each request."""

    since: datetime
    start: datetime
    lo: datetime
    hi: datetime
    settled: datetime


def _cut(since: datetime, *, mark: datetime | None, oldest_active: datetime | None) -> Bounds:
    lo = ceil_hour(since)
    hi = max(mark, lo) if mark is not None else lo
    start = ceil_slot(since)
    return Bounds(since=since, start=start, lo=lo, hi=hi, settled=max(settled_time(oldest_active), start, hi))


def settled_time(oldest_active: datetime | None) -> datetime:
    """The last whole five minutes before which every execution had finished (``oldest_active``: the
    creation time of the oldest one still queued or running, or None) and had been committed."""
    settled = floor_slot(timezone.now() - SEAL_MARGIN)
    return min(settled, floor_slot(oldest_active)) if oldest_active is not None else settled


FAR = datetime(9999, 1, 1, tzinfo=UTC)


def _read(*reads: Read, since: datetime, finish=None) -> list[list[dict[str, Any]]]:
    """The groups of each read over ``[since, now]``: its settled part (see Bounds, from the sealed cache)
    and the raw rows around it, combined per group; ``finish(row)`` (when given) turns each group into its
    figures as soon as it is complete, so that its durations need not stay. In one transaction (a savepoint
    inside another one, whose settings then last to its end) after one read of the mark."""
    finish = finish or (lambda row: row)
    results = []
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(TUNING_SQL, [list(Execution.ACTIVE), NAME])
            *_, oldest_active, mark, state_id = cur.fetchone()
        bounds = _cut(since, mark=mark, oldest_active=oldest_active)
        # Before the first fold (no state row) nothing names the data in a key: every row is read raw.
        settled = state_id is not None and bounds.settled > bounds.start
        outer = [since, bounds.start, bounds.settled, FAR] if settled else [since, FAR, FAR, FAR]
        for read in reads:
            raw_rows = _rows(read.raw_sql, _params(read.raw_params, raw=outer, hours=[]), at_once=True)
            pending = {_key(read, r): r for r in raw_rows}
            out = []
            if settled:
                for row in _settled(read, state_id=state_id, bounds=bounds):
                    raw = pending.pop(_key(read, row), None)
                    out.append(finish(_combine(read, row, raw) if raw is not None else row))
            for r in pending.values():  # groups with no settled part: their durations are raw ones, unsorted
                if "durations" in r:
                    r["raw_durations"], r["durations"] = r["durations"], _durations(None)
                out.append(finish(r))
            results.append(out)
    return results


def _visible_names(user, rows: list[dict[str, Any]]) -> dict[int, tuple[str, str]]:
    """(slug, name) of the rows' pipelines that exist and that ``user`` may see. One query (none if no rows)."""
    ids = {r["pipeline_id"] for r in rows}
    if not ids:
        return {}
    found = pipelines_visible_to(user=user).filter(pk__in=ids).values_list("pk", "slug", "name")
    return {pk: (slug, name) for pk, slug, name in found}


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
        step_params.append(sorted(node_keys))
        hour_filter += " AND h.node_key = ANY(%s)"
        hour_params.append(sorted(node_keys))
    return exec_filter, exec_params, step_filter, step_params, hour_filter, hour_params


# The stage aggregates of the raw rows (the window's raw executions are a materialized range of the
# created_at index: the planner walked an index with the OR), every succeeded duration packed (_durations).
_STAGE_RAW_SQL = """
WITH ex AS MATERIALIZED (
    SELECT e.id, e.pipeline_id, e.created_at FROM executions_execution e WHERE {raw_where}{exec_filter}
)
SELECT e.pipeline_id, s.node_key, {raw_bucket} AS bucket, max(s.node_type) AS node_type,
    count(*) FILTER (WHERE s.status IN ('succeeded', 'failed')) AS runs,
    count(*) FILTER (WHERE s.status = 'succeeded') AS succeeded,
    count(*) FILTER (WHERE s.status = 'failed') AS failed,
    count(*) FILTER (WHERE s.status = 'skipped') AS skipped,
    count(*) FILTER (WHERE s.status = 'cancelled') AS cancelled,
    count(s.duration_ms) FILTER (WHERE s.status = 'succeeded') AS n_ms,
    (sum(s.duration_ms) FILTER (WHERE s.status = 'succeeded'))::bigint AS sum_ms,
    max(s.duration_ms) FILTER (WHERE s.status = 'succeeded') AS max_ms,
    (sum(s.rows_in) FILTER (WHERE s.status = 'succeeded'))::bigint AS sum_rows_in,
    (sum(s.rows_out) FILTER (WHERE s.status = 'succeeded'))::bigint AS sum_rows_out,
    (sum(GREATEST(COALESCE(s.rows_in, 0), COALESCE(s.rows_out, 0))) FILTER (WHERE s.status = 'succeeded'))::bigint
        AS rows_handled,
    sum(s.cpu_seconds) FILTER (WHERE s.status = 'succeeded') AS cpu_seconds,
    max(s.peak_rss_bytes) AS max_peak_rss_bytes,
    max(s.finished_at) AS last_run_at,
    (array_agg(s.finished_at ORDER BY s.finished_at DESC NULLS LAST, s.id DESC)
        FILTER (WHERE s.status = 'failed'))[1] AS last_failed_at,
    (array_agg(s.id ORDER BY s.finished_at DESC NULLS LAST, s.id DESC) FILTER (WHERE s.status = 'failed'))[1]
        AS last_failed_id,
    string_agg(float8send(s.duration_ms::double precision), ''::bytea)
        FILTER (WHERE s.status = 'succeeded' AND s.duration_ms IS NOT NULL) AS durations
FROM ex e
JOIN executions_steprun s ON s.execution_id = e.id
WHERE TRUE{step_filter}
GROUP BY 1, 2, 3
"""

# The same aggregates of the rollup rows of [lo, mark), of every pipeline (the read keeps the visible ones).
_STAGE_HOUR_SQL = """
SELECT h.pipeline_id, h.node_key, {hour_bucket} AS bucket, max(h.node_type) AS node_type,
    sum(h.runs)::bigint AS runs, sum(h.succeeded)::bigint AS succeeded, sum(h.failed)::bigint AS failed,
    sum(h.skipped)::bigint AS skipped, sum(h.cancelled)::bigint AS cancelled, sum(h.n_ms)::bigint AS n_ms,
    sum(h.sum_ms)::bigint AS sum_ms, max(h.max_ms) AS max_ms, sum(h.sum_rows_in)::bigint AS sum_rows_in,
    sum(h.sum_rows_out)::bigint AS sum_rows_out, sum(h.rows_handled)::bigint AS rows_handled,
    sum(h.cpu_seconds) AS cpu_seconds, max(h.max_peak_rss_bytes) AS max_peak_rss_bytes,
    max(h.last_run_at) AS last_run_at,
    (array_agg(h.last_failed_at ORDER BY h.last_failed_at DESC NULLS LAST, h.last_failed_id DESC)
        FILTER (WHERE h.last_failed_id IS NOT NULL))[1] AS last_failed_at,
    (array_agg(h.last_failed_id ORDER BY h.last_failed_at DESC NULLS LAST, h.last_failed_id DESC)
        FILTER (WHERE h.last_failed_id IS NOT NULL))[1] AS last_failed_id,
    string_agg({hour_durations}, ''::bytea) AS durations
FROM monitoring_stagehour h
WHERE {hour_where}{hour_filter}
GROUP BY 1, 2, 3
"""

_STAGE_SUMS = ("runs", "succeeded", "failed", "skipped", "cancelled", "n_ms", "sum_ms", "sum_rows_in")
_STAGE_SUMS += ("sum_rows_out", "rows_handled", "cpu_seconds")


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
    newest failed step, by finished_at then id), ordered by pipeline, node and bucket. ``bucket_seconds``
    must be whole hours."""
    if bucket_seconds is not None and bucket_seconds % 3600:
        raise ValueError("rollup buckets are whole hours")
    raw_where, raw_where_params, hour_where, hour_where_params = _bounds(since)
    exec_filter, exec_params, step_filter, step_params, hour_filter, hour_params = _stage_filters(
        pipeline_id, node_keys
    )
    if bucket_seconds is None:
        raw_bucket, hour_bucket = "0::bigint", "0::bigint"
    else:
        size = int(bucket_seconds)
        raw_bucket = f"(FLOOR(EXTRACT(EPOCH FROM e.created_at) / {size}) * {size})::bigint"
        hour_bucket = f"(FLOOR(EXTRACT(EPOCH FROM h.hour) / {size}) * {size})::bigint"
    # Only fixed fragments and integers are formatted in; every value is a parameter.
    read = Read(
        name="stages",
        keys=("pipeline_id", "node_key", "bucket"),
        raw_sql=_STAGE_RAW_SQL.format(
            raw_where=raw_where, exec_filter=exec_filter, raw_bucket=raw_bucket, step_filter=step_filter
        ),
        raw_params=[*raw_where_params, *exec_params, *step_params],
        hour_sql=_STAGE_HOUR_SQL.format(
            hour_bucket=hour_bucket,
            hour_durations=_packed("h.durations_packed", "h.durations_ms"),
            hour_where=hour_where,
            hour_filter=hour_filter,
        ),
        hour_params=[*hour_where_params, *hour_params],
        sums=_STAGE_SUMS,
        maxes=("node_type", "max_ms", "max_peak_rss_bytes", "last_run_at"),
        last_failed=True,
    )
    [rows] = _read(read, since=since, finish=_stage_figures)
    names = _visible_names(user, rows)
    out = []
    for r in rows:
        if r["pipeline_id"] in names:
            r["pipeline_slug"], r["pipeline_name"] = names[r["pipeline_id"]]
            out.append(r)
    out.sort(key=lambda r: (r["pipeline_id"], r["node_key"], r["bucket"]))
    return out


def _stage_figures(row: dict[str, Any]) -> dict[str, Any]:
    """A group's sums as the stage selectors name them, its percentiles taken and its durations dropped."""
    values, raw = row.pop("durations"), row.pop("raw_durations", None)
    n_ms, sum_ms = row.pop("n_ms"), row["sum_ms"]
    row["avg_ms"] = sum_ms / n_ms if n_ms else None
    row["busy_ms"] = row.pop("sum_ms")
    row["sum_cpu_seconds"] = row.pop("cpu_seconds")
    row.pop("last_failed_at")
    row["p50_ms"], row["p95_ms"] = percentiles_of_parts(values, raw, (0.5, 0.95))
    return row


# --- the executions summary -------------------------------------------------------------------


def summary_rows(*, user, since: datetime, top: int) -> tuple[list[dict[str, Any]], float | None, list[dict]]:
    """Per pipeline: total, by_status (one count per status), failed, n_duration, sum_duration_s, rows in
    and out of succeeded runs, slug and name, ordered by pipeline; the p95 duration (s) of the window; and
    the ``top`` (pipeline, node) pairs with the most failed steps, most first. Three queries after the
    mark's (five when the sealed parts are not cached), and one for the pipelines' names."""
    executions, failing = _executions_read(since), _failing_read(since)
    rows, failing_rows = _read(executions, failing, since=since)
    names = _visible_names(user, rows + failing_rows)
    statuses = list(E.values)
    rows = sorted((r for r in rows if r["pipeline_id"] in names), key=lambda r: r["pipeline_id"])
    parts = [r.pop(k) for r in rows for k in ("durations", "raw_durations") if k in r]
    values = np.concatenate(parts) if parts else _durations(None)
    for r in rows:
        r["slug"], r["name"] = names[r["pipeline_id"]]
        r["by_status"] = {s: r.pop(f"n_{i}") for i, s in enumerate(statuses)}
    failing_rows = sorted(
        (r for r in failing_rows if r["pipeline_id"] in names and r["failed"] > 0),
        key=lambda r: (-r["failed"], r["pipeline_id"], r["node_key"]),
    )
    top_nodes = [
        {
            "pipeline_id": r["pipeline_id"],
            "slug": names[r["pipeline_id"]][0],
            "node_key": r["node_key"],
            "failed": r["failed"],
        }
        for r in failing_rows[:top]
    ]
    return rows, percentile_cont_of(values, 0.95), top_nodes


def _executions_read(since: datetime) -> Read:
    raw_where, raw_where_params, hour_where, hour_where_params = _bounds(since)
    statuses = list(E.values)
    raw_counts = ", ".join(f"count(*) FILTER (WHERE e.status = %s) AS n_{i}" for i in range(len(statuses)))
    hour_counts = ", ".join(
        f"sum(COALESCE((h.by_status ->> %s)::bigint, 0))::bigint AS n_{i}" for i in range(len(statuses))
    )
    # Only fixed fragments and integers are formatted in; every value is a parameter.
    raw_sql = f"""
SELECT e.pipeline_id, count(*) AS total, {raw_counts}, count(*) FILTER (WHERE e.status = 'failed') AS failed,
    count(*) FILTER (WHERE e.fin) AS n_duration, sum(e.s) FILTER (WHERE e.fin) AS sum_duration_s,
    (sum(e.rows_in) FILTER (WHERE e.status = 'succeeded'))::bigint AS sum_rows_in,
    (sum(e.rows_out) FILTER (WHERE e.status = 'succeeded'))::bigint AS sum_rows_out,
    string_agg(float8send(e.s), ''::bytea) FILTER (WHERE e.fin) AS durations
FROM (
    SELECT e.pipeline_id, e.status, e.rows_in, e.rows_out,
        EXTRACT(EPOCH FROM (e.finished_at - e.started_at))::double precision AS s,
        e.status = ANY(%s) AND e.started_at IS NOT NULL AND e.finished_at IS NOT NULL AS fin
    FROM executions_execution e
    WHERE {raw_where}
) e
GROUP BY 1
"""  # noqa: S608
    hour_sql = f"""
SELECT h.pipeline_id, sum(h.total)::bigint AS total, {hour_counts}, sum(h.failed)::bigint AS failed,
    sum(h.n_duration)::bigint AS n_duration, sum(h.sum_duration_s) AS sum_duration_s,
    sum(h.sum_rows_in)::bigint AS sum_rows_in, sum(h.sum_rows_out)::bigint AS sum_rows_out,
    string_agg({_packed("h.durations_packed", "h.durations_s")}, ''::bytea) AS durations
FROM monitoring_executionhour h WHERE {hour_where}
GROUP BY 1
"""  # noqa: S608
    counts = tuple(f"n_{i}" for i in range(len(statuses)))
    return Read(
        name="executions",
        keys=("pipeline_id",),
        # The placeholders in text order: the raw counts, finished, the raw bounds; the hour counts, bounds.
        raw_sql=raw_sql,
        raw_params=[*statuses, list(Execution.FINISHED), *raw_where_params],
        hour_sql=hour_sql,
        hour_params=[*statuses, *hour_where_params],
        sums=("total", *counts, "failed", "n_duration", "sum_duration_s", "sum_rows_in", "sum_rows_out"),
    )


def _failing_read(since: datetime) -> Read:
    raw_where, raw_where_params, hour_where, hour_where_params = _bounds(since)
    # Only fixed fragments and integers are formatted in; every value is a parameter.
    raw_sql = f"""
WITH ex AS MATERIALIZED (
    SELECT e.id, e.pipeline_id FROM executions_execution e WHERE {raw_where}
)
SELECT e.pipeline_id, s.node_key, count(*) AS failed
FROM ex e JOIN executions_steprun s ON s.execution_id = e.id
WHERE s.status = 'failed'
GROUP BY 1, 2
"""  # noqa: S608
    hour_sql = f"""
SELECT h.pipeline_id, h.node_key, sum(h.failed)::bigint AS failed FROM monitoring_stagehour h
WHERE {hour_where} AND h.failed > 0
GROUP BY 1, 2
"""  # noqa: S608
    return Read(
        name="failing",
        keys=("pipeline_id", "node_key"),
        raw_sql=raw_sql,
        raw_params=raw_where_params,
        hour_sql=hour_sql,
        hour_params=hour_where_params,
        sums=("failed",),
    )
