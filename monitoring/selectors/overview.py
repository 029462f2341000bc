"""The monitoring overview: a summary over a window, and the executions running or queued now."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Avg, Count, F, Max, Prefetch, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from core.sql import DurationSeconds, percentile_annotations, python_percentiles, sql_percentiles
from executions.models import Execution, StepRun
from monitoring.models import Worker
from monitoring.selectors import sealed_cache
from monitoring.selectors.access import visible
from monitoring.selectors.rollup_reads import floor_slot, rollups_usable, summary_rows
from monitoring.selectors.windows import Window as TimeWindow
from monitoring.services.rollups import NAME as ROLLUPS
from monitoring.services.rollups import SEAL_MARGIN
from pipelines.graph import Graph

E = Execution.Status
TOP = 5
RUNNING = (E.RUNNING, E.COMMITTING, E.CANCELLING)
EXPECTED_RUNS = 20  # the ETA of a step is the median of this many last successful runs (as the runner's)
NEVER, FOREVER = datetime(1, 1, 2, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC)


def monitoring_summary(*, user, window: TimeWindow) -> dict[str, Any]:
    """Counts by status, success rate, average and p95 duration (s), rows, running and queued now,
    workers, and the top failing pipelines and nodes. A fixed number of queries. On PostgreSQL the whole
    sealed hours of the window come from the hourly rollups (rollup_reads.py)."""
    executions = Execution.objects.filter(visible(user), created_at__gte=window.since)
    if rollups_usable():
        figures, top_pipelines, top_nodes = _rollup_figures(user=user, since=window.since)
    else:
        figures, top_pipelines = _window_figures(executions), None
        top_nodes = None
    now = Execution.objects.filter(visible(user), status__in=Execution.ACTIVE).aggregate(
        running=Count("id", filter=Q(status__in=RUNNING)), queued=Count("id", filter=Q(status=E.QUEUED))
    )
    return {
        **window.as_dict(),
        "executions": figures,
        "running_now": now["running"],
        "queued_now": now["queued"],
        "workers": _workers_now(),
        "top_failing_pipelines": top_pipelines if top_pipelines is not None else _top_failing_pipelines(executions),
        "top_failing_nodes": top_nodes if top_nodes is not None else _top_failing_nodes(user=user, since=window.since),
    }


def _rollup_figures(*, user, since) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The window figures, the top failing pipelines and nodes from one rollup-backed read."""
    rows, p95, top_nodes = summary_rows(user=user, since=since, top=TOP)
    by_status = {s: sum(r["by_status"][s] for r in rows) for s in E.values}
    n_duration = sum(r["n_duration"] for r in rows)
    sum_duration = sum(r["sum_duration_s"] or 0.0 for r in rows)
    done = by_status[E.SUCCEEDED] + by_status[E.FAILED]
    figures = {
        "total": sum(r["total"] for r in rows),
        "by_status": by_status,
        "success_rate": round(by_status[E.SUCCEEDED] / done, 4) if done else None,
        "avg_duration_s": round(sum_duration / n_duration, 3) if n_duration else None,
        "p95_duration_s": round(p95, 3) if p95 is not None else None,
        "rows_in": sum(r["sum_rows_in"] or 0 for r in rows),
        "rows_out": sum(r["sum_rows_out"] or 0 for r in rows),
    }
    failing = sorted((r for r in rows if r["failed"] > 0), key=lambda r: (-r["failed"], r["pipeline_id"]))[:TOP]
    top = [
        {
            "pipeline_id": r["pipeline_id"],
            "slug": r["slug"],
            "name": r["name"],
            "runs": r["total"],
            "failed": r["failed"],
            "failure_rate": round(r["failed"] / r["total"], 4),
        }
        for r in failing
    ]
    return figures, top, top_nodes


def _window_figures(executions) -> dict[str, Any]:
    """Counts by status, success rate, average and p95 duration (s) and rows of ``executions``."""
    finished = Q(status__in=Execution.FINISHED, started_at__isnull=False, finished_at__isnull=False)
    duration = DurationSeconds("started_at", "finished_at")
    figures = executions.aggregate(
        total=Count("id"),
        **{f"n_{s}": Count("id", filter=Q(status=s)) for s in E.values},
        avg_duration_s=Avg(duration, filter=finished),
        sum_rows_in=Sum("rows_in", filter=Q(status=E.SUCCEEDED)),
        sum_rows_out=Sum("rows_out", filter=Q(status=E.SUCCEEDED)),
        **{f"{k}_duration_s": v for k, v in percentile_annotations(duration, filter=finished).items()},
    )
    if not sql_percentiles():
        pct = python_percentiles(executions.filter(finished), group_by=[], value=duration).get((), {})
        figures["p95_duration_s"] = pct.get("p95")
    done = figures["n_succeeded"] + figures["n_failed"]
    avg = figures["avg_duration_s"]
    p95 = figures.get("p95_duration_s")
    return {
        "total": figures["total"],
        "by_status": {s: figures[f"n_{s}"] for s in E.values},
        "success_rate": round(figures["n_succeeded"] / done, 4) if done else None,
        "avg_duration_s": round(avg, 3) if avg is not None else None,
        "p95_duration_s": round(p95, 3) if p95 is not None else None,
        "rows_in": figures["sum_rows_in"] or 0,
        "rows_out": figures["sum_rows_out"] or 0,
    }


def _workers_now() -> dict[str, int]:
    """Workers online, and busy: running a step that heart-beat recently."""
    recent = timezone.now() - timedelta(seconds=settings.SLUICE_STALE_AFTER_SECONDS)
    online = Worker.objects.filter(status=Worker.Status.ONLINE).count()
    busy = (
        StepRun.objects.filter(status=StepRun.Status.RUNNING, heartbeat_at__gte=recent)
        .exclude(worker="")
        .values("worker")
        .distinct()
        .count()
    )
    return {"online": online, "busy": busy}


def _top_failing_pipelines(executions) -> list[dict[str, Any]]:
    rows = (
        executions.values("pipeline_id")
        .annotate(
            slug=Max("pipeline__slug"),
            name=Max("pipeline__name"),
            runs=Count("id"),
            failed=Count("id", filter=Q(status=E.FAILED)),
        )
        .filter(failed__gt=0)
        .order_by("-failed", "pipeline_id")[:TOP]
    )
    return [
        {
            "pipeline_id": r["pipeline_id"],
            "slug": r["slug"],
            "name": r["name"],
            "runs": r["runs"],
            "failed": r["failed"],
            "failure_rate": round(r["failed"] / r["runs"], 4),
        }
        for r in rows
    ]


def _top_failing_nodes(*, user, since) -> list[dict[str, Any]]:
    rows = (
        StepRun.objects.filter(
            visible(user, "execution__pipeline"),
            execution__created_at__gte=since,
            status=StepRun.Status.FAILED,
        )
        .values("execution__pipeline_id", "node_key")
        .annotate(slug=Max("execution__pipeline__slug"), failed=Count("id"))
        .order_by("-failed", "execution__pipeline_id", "node_key")[:TOP]
    )
    return [
        {
            "pipeline_id": r["execution__pipeline_id"],
            "slug": r["slug"],
            "node_key": r["node_key"],
            "failed": r["failed"],
        }
        for r in rows
    ]


# --- active executions -------------------------------------------------------------------------


# Per (pipeline, node): the hour from which its last 20 successes are sure to lie, from the stage rollups
# (monitoring/services/rollups.py): the oldest of its 20 newest sealed hours with a success (each holds one
# or more), or its oldest such hour when it has fewer, or the sealed mark when it has none. Rollups cover
# every execution before the mark, so no success is older than that hour, and the walk down the pipeline's
# executions stops there instead of at its first run (a node that never succeeded walked them all).
LAST_SUCCESSES_SQL = """
SELECT w.pid, w.key, d.duration_ms, d.created_at
FROM unnest(%s::bigint[], %s::text[]) AS w(pid, key)
CROSS JOIN LATERAL (
    SELECT COALESCE(
        (SELECT min(t.hour) FROM (
            SELECT h.hour FROM monitoring_stagehour h
            WHERE h.pipeline_id = w.pid AND h.node_key = w.key AND h.n_ms > 0
            ORDER BY h.hour DESC LIMIT %s) t),
        (SELECT r.sealed_until FROM monitoring_rollupstate r WHERE r.name = %s),
        '-infinity'::timestamptz
    ) AS since
) b
CROSS JOIN LATERAL (
    SELECT s.duration_ms, e.created_at
    FROM executions_execution e
    JOIN executions_steprun s ON s.execution_id = e.id AND s.node_key = w.key
    WHERE e.pipeline_id = w.pid AND e.created_at >= b.since AND s.status = 'succeeded' AND s.duration_ms IS NOT NULL
        AND e.created_at >= %s AND e.created_at < %s
    ORDER BY e.created_at DESC
    LIMIT %s
) d
"""


def _walk(pairs: set[tuple[int, str]], *, after: datetime, before: datetime) -> list[tuple]:
    """(pipeline, node, duration_ms, created_at) of the last 20 successes of each pair among executions
    created in ``[after, before)`` (PostgreSQL)."""
    ordered = sorted(pairs)
    params = [[p for p, _ in ordered], [k for _, k in ordered], EXPECTED_RUNS, ROLLUPS, after, before, EXPECTED_RUNS]
    with connection.cursor() as cur:
        cur.execute(LAST_SUCCESSES_SQL, params)
        return cur.fetchall()


def _newest_first(rows: list[tuple]) -> list[tuple[tuple[int, str], list[int]]]:
    """Walked rows (pipeline, node, duration_ms, created_at) as (pair, durations newest first)."""
    found: dict[tuple[int, str], list[tuple]] = defaultdict(list)
    for p, k, ms, at in rows:
        found[(p, k)].append((at, ms))
    return [(pair, [ms for _, ms in sorted(runs, key=lambda r: r[0], reverse=True)]) for pair, runs in found.items()]


def _last_successes(pairs: set[tuple[int, str]], settled: datetime | None = None):
    """(pipeline, node, duration_ms) of the last 20 successes of each pair. PostgreSQL: one LATERAL
    query walking each pipeline's executions newest first (the (pipeline, -created_at) index) into
    the (execution, node_key) unique index, down to the hour the rollups bound it by, so it reads about
    20 rows per pair. With ``settled`` (a time before which every execution of the pairs' pipelines had
    finished: their steps never change again) the walk before it is kept in the sealed cache, per set of
    pairs and settled time, and only the executions from it on are walked at each request. Elsewhere: a
    window function over all of the pairs' successful steps."""
    if connection.vendor == "postgresql":
        if settled is None:
            return [row[:3] for row in _walk(pairs, after=NEVER, before=FOREVER)]
        key = sealed_cache.key_of("last-successes", sorted(pairs), settled)
        kept = sealed_cache.get(key)
        if kept is None:  # per pair, the durations newest first (the walk before the settled time)
            kept = [
                {"p": p, "k": k, "ms": ms} for (p, k), ms in _newest_first(_walk(pairs, after=NEVER, before=settled))
            ]
            sealed_cache.put(key, kept)
        # Every success from the settled time on is newer than every kept one.
        recent = dict(_newest_first(_walk(pairs, after=settled, before=FOREVER)))
        out = []
        for r in kept:
            out.extend((r["p"], r["k"], ms) for ms in (recent.pop((r["p"], r["k"]), []) + r["ms"])[:EXPECTED_RUNS])
        for (p, k), ms in recent.items():
            out.extend((p, k, v) for v in ms[:EXPECTED_RUNS])
        return out
    return (
        StepRun.objects.filter(
            status=StepRun.Status.SUCCEEDED,
            duration_ms__isnull=False,
            execution__pipeline_id__in={p for p, _ in pairs},
            node_key__in={k for _, k in pairs},
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("execution__pipeline_id"), F("node_key")],
                order_by=[F("execution__created_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=EXPECTED_RUNS)
        .values_list("execution__pipeline_id", "node_key", "duration_ms")
    )


def expected_durations(pairs: set[tuple[int, str]], *, settled: datetime | None = None) -> dict[tuple[int, str], float]:
    """Median (upper, as the runner's) of the last 20 successful durations in seconds, per (pipeline,
    node), newest executions first. One query (two when ``settled`` is given and its part is not cached)."""
    if not pairs:
        return {}
    found: dict[tuple[int, str], list[int]] = defaultdict(list)
    for pipeline_id, key, ms in _last_successes(pairs, settled):
        if (pipeline_id, key) in pairs:
            found[(pipeline_id, key)].append(ms)
    out = {}
    for pair, values in found.items():
        values.sort()
        out[pair] = values[len(values) // 2] / 1000.0
    return out


def _step_view(step: StepRun, expected: float | None, now) -> dict[str, Any]:
    elapsed = (now - step.started_at).total_seconds() if step.started_at else None
    if step.status in StepRun.DONE:
        remaining, progress = 0.0, 1.0
    elif step.status == StepRun.Status.RUNNING:
        remaining = max(0.0, expected - elapsed) if expected is not None and elapsed is not None else None
        progress = min(0.99, elapsed / expected) if expected and elapsed is not None else step.progress
    else:
        remaining, progress = expected, 0.0
    return {
        "node_key": step.node_key,
        "node_type": step.node_type,
        "group": step.group,
        "status": step.status,
        "attempt": step.attempt,
        "worker": step.worker,
        "queued_at": step.queued_at,
        "started_at": step.started_at,
        "elapsed_s": round(elapsed, 3) if elapsed is not None and step.status == StepRun.Status.RUNNING else None,
        "progress": round(progress or 0.0, 4),
        "expected_s": expected,
        "eta_s": round(remaining, 3) if remaining is not None else None,
        "rows_in": step.rows_in,
        "rows_out": step.rows_out,
    }


def _critical_path(execution: Execution, steps: list[dict[str, Any]]) -> float | None:
    """Seconds left along the longest remaining path of the version's graph; a fused chain runs once
    (its head carries the time). None when an unfinished step has no history."""
    by_key = {s["node_key"]: s for s in steps}
    weight: dict[str, float] = {}
    for s in steps:
        if s["node_key"] != s["group"]:
            weight[s["node_key"]] = 0.0
        elif s["eta_s"] is None:
            return None
        else:
            weight[s["node_key"]] = s["eta_s"]
    graph = Graph.from_dict(execution.version.graph or {})
    incoming: dict[str, list[str]] = defaultdict(list)
    for e in graph.edges:
        if e.source in by_key and e.target in by_key:
            incoming[e.target].append(e.source)
    memo: dict[str, float] = {}

    def finish(key: str, depth: int = 0) -> float:
        if key not in memo:
            before = max((finish(u, depth + 1) for u in incoming[key]), default=0.0) if depth < 1000 else 0.0
            memo[key] = before + weight.get(key, 0.0)
        return memo[key]

    return round(max((finish(k) for k in by_key), default=0.0), 3)


# The step columns the overview shows (_step_view): not the JSON ones (artifacts, report, output rows,
# receipt) nor the traceback, which were a third of its time at 200 steps.
ACTIVE_STEP_FIELDS = (
    "execution_id",
    "node_key",
    "node_type",
    "group",
    "status",
    "attempt",
    "worker",
    "queued_at",
    "started_at",
    "progress",
    "rows_in",
    "rows_out",
)


def _settled(executions: list[Execution], *, limit: int, now: datetime) -> datetime | None:
    """A time before which every execution of the listed executions' pipelines had finished and been
    committed (a whole five minutes; see rollup_reads.Bounds), or None when the list was cut at ``limit``
    (an older active run of those pipelines may then be missing from it). The user sees every execution
    of a pipeline they see, so the list holds all of those pipelines' active runs."""
    if len(executions) >= limit:
        return None
    settled = floor_slot(now - SEAL_MARGIN)
    for e in executions:
        settled = min(settled, floor_slot(e.created_at))
    return settled


def executions_active_overview(*, user, limit: int = 100) -> list[dict[str, Any]]:
    """Running and queued executions (most urgent first) with per-step status, progress and ETA.
    Four queries whatever the number of executions and steps."""
    from executions.selectors import executions_active

    steps = StepRun.objects.only(*ACTIVE_STEP_FIELDS).order_by("id")
    active = executions_active(user=user).select_related(None).select_related("pipeline", "version")
    executions = list(active.prefetch_related(None).prefetch_related(Prefetch("steps", queryset=steps))[:limit])
    pairs = {(e.pipeline_id, s.node_key) for e in executions for s in e.steps.all()}
    now = timezone.now()
    expected = expected_durations(pairs, settled=_settled(executions, limit=limit, now=now))
    out = []
    for e in executions:
        steps = [_step_view(s, expected.get((e.pipeline_id, s.node_key)), now) for s in e.steps.all()]
        total = len(steps)
        done = sum(1 for s in steps if s["status"] in StepRun.DONE)
        progress = sum(s["progress"] for s in steps) / total if total else 0.0
        eta = _critical_path(e, steps) if steps else None
        out.append(
            {
                "id": e.pk,
                "pipeline": {"id": e.pipeline_id, "slug": e.pipeline.slug, "name": e.pipeline.name},
                "version": e.version.number,
                "status": e.status,
                "trigger": e.trigger,
                "priority": e.priority,
                "created_at": e.created_at,
                "started_at": e.started_at,
                "elapsed_s": round((now - e.started_at).total_seconds(), 3) if e.started_at else None,
                "steps_total": total,
                "steps_done": done,
                "progress": round(progress, 4),
                "eta_s": eta,
                "expected_finish_at": now + timedelta(seconds=eta) if eta is not None else None,
                "steps": steps,
            }
        )
    return out
