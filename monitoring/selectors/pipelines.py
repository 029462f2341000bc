"""A pipeline seen from monitoring: its graph with the latest step status and stage metrics laid over
it, the pipelines it triggers or is triggered by, and its current state and health."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from croniter import croniter
from django.db.models import F, Max, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from executions.models import Execution, PipelineDependency, StepRun
from executions.services.schedules import schedule_next_runs
from monitoring.selectors.access import visible
from monitoring.selectors.stages import stage_metrics
from monitoring.selectors.windows import Window as TimeWindow
from pipelines.graph import Graph
from pipelines.models import Pipeline
from pipelines.selectors import pipeline_graph

E = Execution.Status
RECENT_EXECUTIONS = 20  # the latest status of a node is looked for in this many last executions
HEALTH_RUNS = 10  # "degraded": under DEGRADED_BELOW success among this many last finished runs
DEGRADED_BELOW = 0.8
MAX_LINKED = 200  # pipelines shown in the pipeline-to-pipeline graph


def latest_steps(*, pipeline_id: int, node_keys: list[str]) -> dict[str, dict[str, Any]]:
    """The newest StepRun of each node among the pipeline's last 20 executions (one query)."""
    recent = Execution.objects.filter(pipeline_id=pipeline_id).order_by("-created_at", "-id").values("pk")
    rows = (
        StepRun.objects.filter(execution_id__in=recent[:RECENT_EXECUTIONS], node_key__in=node_keys)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("node_key")],
                order_by=[F("execution__created_at").desc(), F("id").desc()],
            )
        )
        .filter(rank=1)
        .values(
            "node_key",
            "status",
            "execution_id",
            "started_at",
            "finished_at",
            "duration_ms",
            "rows_in",
            "rows_out",
            "progress",
            "error",
        )
    )
    return {r.pop("node_key"): r | {"error": r["error"][:500]} for r in rows}


def _linked_pipelines(*, user, pipeline: Pipeline) -> dict[str, Any]:
    """Every pipeline upstream (transitively) and downstream (transitively) of ``pipeline`` that the
    user may see, with the trigger links between them and each one's last execution status."""
    links = list(
        PipelineDependency.objects.filter(visible(user, "upstream"), visible(user, "downstream")).values_list(
            "id", "upstream_id", "downstream_id", "enabled"
        )
    )
    down: dict[int, set[int]] = defaultdict(set)
    up: dict[int, set[int]] = defaultdict(set)
    for _, u, d, _enabled in links:
        down[u].add(d)
        up[d].add(u)
    seen = {pipeline.pk}
    for neighbours in (down, up):
        stack = [pipeline.pk]
        while stack and len(seen) < MAX_LINKED:
            for nxt in neighbours[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
    last = Execution.objects.filter(pipeline=OuterRef("pk")).order_by("-created_at", "-id")
    nodes = list(
        Pipeline.objects.filter(pk__in=seen)
        .annotate(
            last_status=Subquery(last.values("status")[:1]),
            last_run_at=Subquery(last.values("created_at")[:1]),
        )
        .values("id", "slug", "name", "status", "last_status", "last_run_at")
        .order_by("id")
    )
    edges = [
        {"id": i, "upstream": u, "downstream": d, "enabled": enabled}
        for i, u, d, enabled in links
        if u in seen and d in seen
    ]
    return {"root": pipeline.pk, "nodes": nodes, "edges": edges}


def pipeline_dependency_graph(*, user, pipeline: Pipeline, window: TimeWindow) -> dict[str, Any]:
    """The current version's nodes and edges (the draft when there is no version yet), each node with
    its latest step and its stage metrics over ``window``; and the pipeline-to-pipeline graph."""
    version = pipeline.current_version
    graph = Graph.from_dict(version.graph) if version else pipeline_graph(pipeline=pipeline)
    keys = [n.key for n in graph.nodes]
    latest = latest_steps(pipeline_id=pipeline.pk, node_keys=keys)
    metrics = {
        m["node_key"]: m for m in stage_metrics(user=user, window=window, pipeline_id=pipeline.pk, node_keys=keys)
    }
    nodes = []
    for n in graph.nodes:
        m = metrics.get(n.key)
        if m is not None:
            m = {k: v for k, v in m.items() if k not in {"pipeline_id", "pipeline_slug", "pipeline_name", "node_key"}}
        nodes.append(
            {
                "key": n.key,
                "type": n.type,
                "label": n.label,
                "position": {"x": n.x, "y": n.y},
                "latest": latest.get(n.key),
                "metrics": m,
            }
        )
    return {
        "pipeline": {"id": pipeline.pk, "slug": pipeline.slug, "name": pipeline.name},
        "version": version.number if version else None,
        **window.as_dict(),
        "nodes": nodes,
        "edges": [e.to_dict() for e in graph.edges],
        "pipelines": _linked_pipelines(user=user, pipeline=pipeline),
    }


def _previous_fires(pipeline: Pipeline, now: datetime, count: int = 2) -> list[datetime]:
    it = croniter(pipeline.schedule_cron, now.astimezone(ZoneInfo(pipeline.schedule_timezone)))
    return [it.get_prev(datetime) for _ in range(count)]


def _health(pipeline: Pipeline, *, recent: list[str], last_success_at, scheduled: bool, now) -> tuple[str, str]:
    if pipeline.status != Pipeline.Status.ACTIVE:
        return "paused", f"The pipeline is {pipeline.status}."
    if recent and recent[0] == E.FAILED:
        return "failing", "The last finished run failed."
    if scheduled:
        second_last_fire = _previous_fires(pipeline, now)[1]
        if pipeline.created_at < second_last_fire and (last_success_at is None or last_success_at < second_last_fire):
            return "stale", f"No successful run since the scheduled run of {second_last_fire.isoformat()}."
    if not recent:
        return "never_run", "No finished run yet."
    rate = recent.count(E.SUCCEEDED) / len(recent)
    if rate < DEGRADED_BELOW:
        return "degraded", f"{rate:.0%} of the last {len(recent)} finished runs succeeded."
    return "ok", f"{rate:.0%} of the last {len(recent)} finished runs succeeded."


def pipeline_state(*, pipeline: Pipeline, now: datetime | None = None) -> dict[str, Any]:
    """Last run, last success, running now, next scheduled runs and health: ok, degraded (under 80%
    success in the last 10 finished runs), failing (the last finished run failed), stale (scheduled,
    but no success since the second-last scheduled time), never_run or paused. Four queries."""
    now = now or timezone.now()
    runs = Execution.objects.filter(pipeline=pipeline).order_by("-created_at", "-id")
    fields = ("id", "status", "trigger", "created_at", "started_at", "finished_at", "rows_in", "rows_out", "error")
    last = runs.values(*fields).first()
    recent = list(runs.filter(status__in=Execution.FINISHED).values_list("status", flat=True)[:HEALTH_RUNS])
    last_success_at = runs.filter(status=E.SUCCEEDED).aggregate(at=Max("finished_at"))["at"]
    active = list(runs.filter(status__in=Execution.ACTIVE).values("id", "status", "created_at", "started_at")[:50])
    if last is not None:
        last["error"] = last["error"][:500]
        last["duration_s"] = (
            (last["finished_at"] - last["started_at"]).total_seconds()
            if last["started_at"] and last["finished_at"]
            else None
        )
    scheduled = bool(pipeline.schedule_enabled and pipeline.schedule_cron and pipeline.status == Pipeline.Status.ACTIVE)
    health, reason = _health(pipeline, recent=recent, last_success_at=last_success_at, scheduled=scheduled, now=now)
    return {
        "pipeline": {"id": pipeline.pk, "slug": pipeline.slug, "name": pipeline.name, "status": pipeline.status},
        "last_run": last,
        "last_success_at": last_success_at,
        "running_now": active,
        "schedule": {
            "cron": pipeline.schedule_cron,
            "timezone": pipeline.schedule_timezone,
            "enabled": scheduled,
            "next_runs": schedule_next_runs(pipeline=pipeline, count=5, after=now) if scheduled else [],
        },
        "recent_success_rate": round(recent.count(E.SUCCEEDED) / len(recent), 4) if recent else None,
        "health": health,
        "health_reason": reason,
    }
