"""The hourly rollups of executions and step runs (docs/monitoring.md, "Rollups").

The monitoring figures over a window (monitoring/selectors/rollup_reads.py) read whole hours from
ExecutionHour / StageHour and only the rest (the partial hour where the window starts, and everything
after the sealed mark) from the raw rows, so their cost no longer grows with the rows of the window.

An hour is *sealed* once it is over (by SEAL_MARGIN) and no execution created before its end is still
active: a finished execution and its step runs never change again (retries and reruns are new
executions; executions go only with their pipeline, and the rollups with it, by the foreign key).
``rollups_refresh`` moves the mark forward and folds the newly sealed hours, a bounded number per call;
the periodic task ``monitoring.refresh_rollups`` (celery beat ``sluice-rollups``, or the embedded loop)
calls it every SLUICE_ROLLUP_SECONDS. PostgreSQL only: elsewhere the reads use the raw rows.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from executions.models import Execution
from monitoring.models import RollupState

NAME = "hourly"
HOUR = timedelta(hours=1)
SEAL_MARGIN = timedelta(minutes=5)  # an execution row is committed well within this of its created_at
MAX_HOURS_PER_CALL = 24 * 7  # a backfill goes a week per call (one transaction each)

FINISHED = tuple(Execution.FINISHED)

EXECUTION_HOURS_SQL = """
WITH base AS (
    SELECT e.pipeline_id, date_trunc('hour', e.created_at, 'UTC') AS hour, e.status, e.rows_in, e.rows_out,
        EXTRACT(EPOCH FROM (e.finished_at - e.started_at))::double precision AS s,
        e.status = ANY(%(finished)s) AND e.started_at IS NOT NULL AND e.finished_at IS NOT NULL AS fin
    FROM executions_execution e
    WHERE e.created_at >= %(lo)s AND e.created_at < %(hi)s
),
st AS (
    SELECT pipeline_id, hour, jsonb_object_agg(status, n) AS by_status
    FROM (SELECT pipeline_id, hour, status, count(*) AS n FROM base GROUP BY 1, 2, 3) per_status
    GROUP BY 1, 2
)
INSERT INTO monitoring_executionhour (pipeline_id, hour, total, by_status, failed, n_duration, sum_duration_s,
    durations_s, durations_packed, sum_rows_in, sum_rows_out)
SELECT b.pipeline_id, b.hour, count(*), st.by_status, count(*) FILTER (WHERE b.status = 'failed'),
    count(*) FILTER (WHERE b.fin), sum(b.s) FILTER (WHERE b.fin),
    COALESCE(array_agg(b.s ORDER BY b.s) FILTER (WHERE b.fin), '{}'),
    COALESCE(string_agg(float8send(b.s), ''::bytea) FILTER (WHERE b.fin), ''::bytea),
    sum(b.rows_in) FILTER (WHERE b.status = 'succeeded'), sum(b.rows_out) FILTER (WHERE b.status = 'succeeded')
FROM base b
JOIN st ON st.pipeline_id = b.pipeline_id AND st.hour = b.hour
GROUP BY b.pipeline_id, b.hour, st.by_status
"""

STAGE_HOURS_SQL = """
INSERT INTO monitoring_stagehour (pipeline_id, node_key, hour, node_type, runs, succeeded, failed, skipped,
    cancelled, n_ms, sum_ms, max_ms, durations_ms, durations_packed, sum_rows_in, sum_rows_out, rows_handled,
    cpu_seconds, max_peak_rss_bytes, last_run_at, last_failed_at, last_failed_id)
SELECT e.pipeline_id, s.node_key, date_trunc('hour', e.created_at, 'UTC'), max(s.node_type),
    count(*) FILTER (WHERE s.status IN ('succeeded', 'failed')),
    count(*) FILTER (WHERE s.status = 'succeeded'),
    count(*) FILTER (WHERE s.status = 'failed'),
    count(*) FILTER (WHERE s.status = 'skipped'),
    count(*) FILTER (WHERE s.status = 'cancelled'),
    count(s.duration_ms) FILTER (WHERE s.status = 'succeeded'),
    sum(s.duration_ms) FILTER (WHERE s.status = 'succeeded'),
    max(s.duration_ms) FILTER (WHERE s.status = 'succeeded'),
    COALESCE(array_agg(s.duration_ms::double precision ORDER BY s.duration_ms)
        FILTER (WHERE s.status = 'succeeded' AND s.duration_ms IS NOT NULL), '{}'),
    COALESCE(string_agg(float8send(s.duration_ms::double precision), ''::bytea)
        FILTER (WHERE s.status = 'succeeded' AND s.duration_ms IS NOT NULL), ''::bytea),
    sum(s.rows_in) FILTER (WHERE s.status = 'succeeded'),
    sum(s.rows_out) FILTER (WHERE s.status = 'succeeded'),
    sum(GREATEST(COALESCE(s.rows_in, 0), COALESCE(s.rows_out, 0))) FILTER (WHERE s.status = 'succeeded'),
    sum(s.cpu_seconds) FILTER (WHERE s.status = 'succeeded'),
    max(s.peak_rss_bytes),
    max(s.finished_at),
    (array_agg(s.finished_at ORDER BY s.finished_at DESC NULLS LAST, s.id DESC) FILTER (WHERE s.status = 'failed'))[1],
    (array_agg(s.id ORDER BY s.finished_at DESC NULLS LAST, s.id DESC) FILTER (WHERE s.status = 'failed'))[1]
FROM executions_execution e
JOIN executions_steprun s ON s.execution_id = e.id
WHERE e.created_at >= %(lo)s AND e.created_at < %(hi)s
GROUP BY 1, 2, 3
"""


def floor_hour(at: datetime) -> datetime:
    at = at.astimezone(UTC)
    return at.replace(minute=0, second=0, microsecond=0)


def ceil_hour(at: datetime) -> datetime:
    floor = floor_hour(at)
    return floor if floor == at else floor + HOUR


def seal_target(now: datetime) -> datetime:
    """The hour up to which every execution is finished: the end of the last hour over by SEAL_MARGIN,
    or the hour of the oldest execution still active, whichever is earlier."""
    target = floor_hour(now - SEAL_MARGIN)
    oldest_active = (
        Execution.objects.filter(status__in=Execution.ACTIVE).order_by("created_at").values_list("created_at").first()
    )
    if oldest_active is not None:
        target = min(target, floor_hour(oldest_active[0]))
    return target


def rollups_refresh(*, now: datetime | None = None, max_hours: int = MAX_HOURS_PER_CALL) -> int:
    """Fold the hours sealed since the last call (at most ``max_hours`` of them) into the rollups and
    move the mark; returns the number of hours folded. The first call starts at the oldest execution's
    hour (the backfill of existing rows goes ``max_hours`` per call: ``manage.py refresh_rollups``
    loops until it is done)."""
    if connection.vendor != "postgresql":
        return 0
    now = now or timezone.now()
    target = seal_target(now)
    with transaction.atomic():
        state = RollupState.objects.select_for_update().filter(name=NAME).first()
        if state is None:
            oldest = Execution.objects.order_by("created_at").values_list("created_at", flat=True).first()
            start = floor_hour(oldest) if oldest is not None else target
            state = RollupState.objects.create(name=NAME, sealed_until=start)
            state = RollupState.objects.select_for_update().get(pk=state.pk)
        lo = state.sealed_until
        hi = min(target, lo + max_hours * HOUR)
        if hi <= lo:
            return 0
        with connection.cursor() as cur:
            # A mark that went back (it never should) must not count an hour twice.
            cur.execute("DELETE FROM monitoring_executionhour WHERE hour >= %s AND hour < %s", [lo, hi])
            cur.execute("DELETE FROM monitoring_stagehour WHERE hour >= %s AND hour < %s", [lo, hi])
            cur.execute(EXECUTION_HOURS_SQL, {"lo": lo, "hi": hi, "finished": list(FINISHED)})
            cur.execute(STAGE_HOURS_SQL, {"lo": lo, "hi": hi})
        RollupState.objects.filter(pk=state.pk).update(sealed_until=hi, updated_at=now)
    return int((hi - lo) / HOUR)


def rollups_refresh_all(*, now: datetime | None = None) -> int:
    """Call rollups_refresh until the mark reaches its target (the backfill); hours folded."""
    total = 0
    while True:
        folded = rollups_refresh(now=now)
        total += folded
        if folded == 0:
            return total


def rollups_rebuild() -> int:
    """Drop every rollup and fold again from the raw rows (after a restore of old rows, say)."""
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic():
        RollupState.objects.filter(name=NAME).delete()
        with connection.cursor() as cur:
            cur.execute("DELETE FROM monitoring_executionhour")
            cur.execute("DELETE FROM monitoring_stagehour")
    return rollups_refresh_all()
