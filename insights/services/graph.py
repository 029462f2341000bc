"""Recommendations read off a pipeline's current graph and its history: a filter that could move before
a join, a sort followed by a limit that is not fused into a top-k, an unfused chain (fusion off, or a link
broken by a node), source columns nothing downstream uses, a step whose peak memory nears the worker's
limit. Each says why, and the gain to expect from the figures of past runs."""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterable
from typing import Any

from django.conf import settings

from executions.engine.planning import plan_execution
from executions.models import Execution, StepRun
from insights.selectors.history import NodeStats
from insights.services import findings as f
from insights.services.findings import Finding
from pipelines.graph import Graph
from pipelines.lineage import column_edges
from pipelines.nodes import registry
from pipelines.nodes.expressions import expr_columns

# Which sides of a join a filter on that side's columns may move to without changing the result.
JOIN_SIDES = {"inner": {"left", "right"}, "left": {"left"}, "right": {"right"}, "semi": {"left"}, "anti": {"left"}}


class Context:
    """What the recommendations read: the graph, its links, the last run's steps, the node stats and (when
    the graph validated) its schemas and lineage."""

    def __init__(
        self,
        *,
        pipeline_id: int,
        graph: Graph,
        stats: list[NodeStats],
        last_run: Execution | None,
        steps: dict[str, StepRun],
        validation: dict[str, Any] | None,
        version_id: int | None = None,
    ) -> None:
        self.pipeline_id = pipeline_id
        self.version_id = version_id
        self.graph = graph
        self.nodes = {n.key: n for n in graph.nodes}
        self.stats = {s.node_key: s for s in stats}
        self.last_run = last_run
        self.steps = steps
        self.validation = validation
        self.out_edges: dict[str, list] = defaultdict(list)
        self.in_edges: dict[str, list] = defaultdict(list)
        for e in graph.edges:
            self.out_edges[e.source].append(e)
            self.in_edges[e.target].append(e)

    def type_of(self, key: str) -> str:
        return self.nodes[key].type

    def mean(self, key: str, field: str) -> float | None:
        stats = self.stats.get(key)
        return getattr(stats, field) if stats else None

    def runs(self) -> list[int]:
        return [self.last_run.pk] if self.last_run else []

    def run_links(self) -> list[dict[str, str]]:
        return [f.builder_link(self.pipeline_id)] + ([f.run_link(self.last_run.pk)] if self.last_run else [])


# --- a filter after a join --------------------------------------------------------------------------------


def _sides_of(ctx: Context, join: str, columns: list[str]) -> set[str] | None:
    """The join inputs (left/right) every column of ``columns`` comes from, through the validator's
    lineage; None when a column's origin is unknown or mixed."""
    lineage = ((ctx.validation or {}).get("lineage") or {}).get(join, {}).get("out", {})
    side_of_node = {e.source: e.target_port for e in ctx.in_edges[join]}
    sides: set[str] | None = None
    for column in columns:
        origins = {side_of_node.get(o["node"]) for o in lineage.get(column, [])}
        if not origins or None in origins:
            return None
        sides = origins if sides is None else sides & origins
    return sides


def filter_before_join(ctx: Context) -> list[Finding]:
    if ctx.validation is None:
        return []
    found = []
    for key, node in ctx.nodes.items():
        if node.type != "transform.filter" or len(ctx.in_edges[key]) != 1:
            continue
        join = ctx.in_edges[key][0].source
        if ctx.type_of(join) != "transform.join" or len(ctx.out_edges[join]) != 1:
            continue
        condition = str(node.config.get("condition") or "")
        columns = expr_columns(condition)
        allowed = JOIN_SIDES.get(str(ctx.nodes[join].config.get("how") or "inner"), set())
        sides = _sides_of(ctx, join, columns) if columns else None
        if not sides or not (sides & allowed):
            continue
        side = "left" if "left" in sides & allowed else "right"
        joined, kept = ctx.mean(join, "mean_rows_out"), ctx.mean(key, "mean_rows_out")
        join_ms = ctx.mean(join, "mean_duration_ms")
        figures: dict[str, Any] = {"join": join, "side": side, "columns": columns}
        gain = "The join then matches fewer rows."
        if joined and kept is not None:
            keep = kept / joined
            figures.update(join_rows_out=round(joined, 1), filter_rows_out=round(kept, 1), kept_share=round(keep, 4))
            gain = (
                f"On average the filter keeps {keep * 100:.0f} % of the {joined:,.0f} joined rows; filtered first, "
                f"the join builds and emits about that share"
            )
            if join_ms:
                saved = join_ms * (1 - keep)
                figures.update(join_mean_ms=round(join_ms, 3), expected_saving_ms=round(saved, 3))
                gain += f": up to {f.seconds(saved)} of the join's {f.seconds(join_ms)} a run"
            gain += "."
        found.append(
            Finding(
                kind="filter_before_join",
                subject=f"{key}>{join}",
                node_key=key,
                title=f"Move filter {key} before join {join} (onto its {side} input)",
                explanation=(
                    f"{key}'s condition reads only {', '.join(columns)}, which come from the {side} input of "
                    f"{join} (a {ctx.nodes[join].config.get('how') or 'inner'} join), so filtering that input "
                    f"first gives the same rows. {gain}"
                ),
                runs=ctx.runs(),
                links=ctx.run_links(),
                figures=figures,
            )
        )
    return found


# --- a sort followed by a limit ------------------------------------------------------------------------------


def sort_then_limit(ctx: Context) -> list[Finding]:
    found = []
    for key, node in ctx.nodes.items():
        if node.type != "transform.sort" or len(ctx.out_edges[key]) != 1:
            continue
        limit = ctx.out_edges[key][0].target
        if ctx.type_of(limit) != "transform.limit":
            continue
        sort_step, limit_step = ctx.steps.get(key), ctx.steps.get(limit)
        if sort_step is None or limit_step is None or sort_step.group == limit_step.group:
            continue  # fused (or never run): Polars turns sort + slice into a top-k already
        n = ctx.nodes[limit].config.get("n")
        rows = ctx.mean(key, "mean_rows_in")
        sort_ms = ctx.mean(key, "mean_duration_ms")
        figures = {"limit": limit, "n": n, "sort_rows_in": rows, "sort_mean_ms": sort_ms}
        why = "fusion is off for these runs" if ctx.last_run and not ctx.last_run.fuse_chains else "they run apart"
        found.append(
            Finding(
                kind="sort_limit",
                subject=f"{key}>{limit}",
                node_key=key,
                severity="warning" if rows and n and rows > 100 * n else "info",
                title=f"Sort {key} orders every row, then {limit} keeps {n}: make it a top-k",
                explanation=(
                    f"{key} and {limit} ran as separate steps in run #{sort_step.execution_id} ({why}), so the "
                    f"sort ordered and wrote all {rows or 0:,.0f} rows before {limit} kept {n}. Fused in one "
                    f"chain (turn fusion on, keep nothing else reading {key}), Polars keeps only the top {n} "
                    f"while scanning: O(N log k) instead of O(N log N), and no artifact of the sorted rows. "
                    f"The sort took {f.seconds(sort_ms or 0)} a run."
                ),
                runs=[sort_step.execution_id],
                links=ctx.run_links(),
                figures=figures,
            )
        )
    return found


# --- unfused chains --------------------------------------------------------------------------------------------


def _bytes(ctx: Context, keys: Iterable[str]) -> float:
    return sum(ctx.mean(k, "mean_bytes_out") or 0 for k in keys)


_plans: dict[int, Any] = {}  # version id -> its fused plan (versions are immutable; planning costs ~100 ms)


def _fused_plan(ctx: Context):
    if ctx.version_id is None:
        return plan_execution(ctx.graph, fuse=True)
    plan = _plans.get(ctx.version_id)
    if plan is None:
        if len(_plans) > 256:
            _plans.clear()
        plan = _plans[ctx.version_id] = plan_execution(ctx.graph, fuse=True)
    return plan


def unfused_chains(ctx: Context) -> list[Finding]:
    if ctx.last_run is None or not ctx.steps:
        return []
    try:
        ideal = _fused_plan(ctx)
    except Exception:  # an unknown node type: the plan cannot be drawn
        return []
    found = []
    if not ctx.last_run.fuse_chains:
        merged = [g for g in ideal.groups.values() if len(g.members) > 1]
        if merged:
            inner = [m for g in merged for m in g.members[:-1]]
            written = _bytes(ctx, inner)
            found.append(
                Finding(
                    kind="unfused_chain",
                    subject="fusion_off",
                    severity="warning",
                    title=f"Fusion is off: {len(inner)} steps write artifacts a fused run would not",
                    explanation=(
                        f"Run #{ctx.last_run.pk} ran with fused chains off (SLUICE_FUSE_CHAINS), so each of the "
                        f"{len(ctx.steps)} nodes ran as its own step. Fused, the graph runs as "
                        f"{len(ideal.groups)} steps: the groups {', '.join('→'.join(g.members) for g in merged)} "
                        f"each become one Polars plan, without the {f.size(written)} of intermediate artifacts "
                        "these steps wrote a run and without a dispatch per node."
                    ),
                    runs=ctx.runs(),
                    links=ctx.run_links(),
                    figures={"steps": len(ctx.steps), "fused_steps": len(ideal.groups), "bytes_saved": written},
                )
            )
        return found
    for e in ctx.graph.edges:
        u, v = e.source, e.target
        if ideal.group_of.get(u) == ideal.group_of.get(v) or len(ctx.out_edges[u]) != 1:
            continue
        if len(ctx.in_edges[v]) != 1:
            continue
        tu, tv = registry.get(ctx.type_of(u)), registry.get(ctx.type_of(v))
        if tu is None or tv is None or tu.family != "transform" or tv.family != "transform":
            continue
        breaker = v if len(tv.inputs) != 1 or tv.inputs[0].multiple else u
        written = ctx.mean(u, "mean_bytes_out") or 0
        found.append(
            Finding(
                kind="unfused_chain",
                subject=f"{u}>{v}",
                node_key=breaker,
                title=f"The chain breaks at {breaker} ({ctx.type_of(breaker)}): {u} → {v} run as two steps",
                explanation=(
                    f"{u} feeds only {v} and {v} reads only {u}, yet {breaker}'s type "
                    f"({ctx.type_of(breaker)}) is a materialisation point (several outputs or inputs), so the "
                    f"link is not fused: {u} writes an artifact of {f.size(written)} a run for {v} to read back. "
                    "A single-input, single-output node in its place (or moved to the chain's end) keeps the "
                    "chain as one Polars plan."
                ),
                runs=ctx.runs(),
                links=ctx.run_links(),
                figures={"from": u, "to": v, "breaker": breaker, "bytes_written": written},
            )
        )
    return found


# --- source columns nothing uses ---------------------------------------------------------------------------


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def _downstream(ctx: Context, start: str) -> set[str]:
    seen, queue = set(), deque([start])
    while queue:
        for e in ctx.out_edges[queue.popleft()]:
            if e.target not in seen:
                seen.add(e.target)
                queue.append(e.target)
    return seen


def _reaching_destinations(ctx: Context, source: str, columns: list[str]) -> set[str]:
    """The source's columns whose lineage reaches a destination's input."""
    links: dict[tuple, list[tuple]] = defaultdict(list)
    for a, b in column_edges(ctx.graph, ctx.validation or {}):
        links[a].append(b)
    reached = set()
    for column in columns:
        seen, queue = set(), deque([(source, "out", column)])
        while queue:
            here = queue.popleft()
            if ctx.nodes.get(here[0]) and ctx.type_of(here[0]).startswith("destination."):
                reached.add(column)
                break
            for nxt in links.get(here, []):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
    return reached


def unused_columns(ctx: Context) -> list[Finding]:
    if ctx.validation is None:
        return []
    schemas = ctx.validation.get("schemas") or {}
    found = []
    for key, node in ctx.nodes.items():
        if not node.type.startswith("source."):
            continue
        columns = list((schemas.get(key) or {}).get("out", {}))
        if len(columns) < 2:
            continue
        used = _reaching_destinations(ctx, key, columns)
        texts = [s for k in _downstream(ctx, key) for s in _strings(ctx.nodes[k].config)]
        for column in columns:
            if column in used:
                continue
            word = re.compile(rf"(?<![\w]){re.escape(column)}(?![\w])")
            if any(t == column or word.search(t) for t in texts):
                used.add(column)
        unused = [c for c in columns if c not in used]
        if not unused or len(unused) == len(columns):
            continue
        bytes_out = ctx.mean(key, "mean_bytes_out")
        share = len(unused) / len(columns)
        # at most 200 names kept (a source may have thousands of columns); the count is exact
        figures = {
            "columns": len(columns),
            "unused": unused[:200],
            "unused_count": len(unused),
            "unused_share": round(share, 4),
        }
        gain = f"{len(unused)} of {len(columns)} columns ({share * 100:.0f} %) are read and carried for nothing"
        if bytes_out:
            figures.update(bytes_out=bytes_out, expected_bytes_saved=round(bytes_out * share))
            gain += f"; about {f.size(bytes_out * share)} of the {f.size(bytes_out)} this step writes a run"
        found.append(
            Finding(
                kind="unused_columns",
                subject=key,
                node_key=key,
                title=f"{key} reads {len(columns)} columns; {len(unused)} are never used downstream",
                explanation=(
                    f"No destination receives {', '.join(unused[:10])}{'…' if len(unused) > 10 else ''} (the "
                    f"validator's column lineage) and no downstream node names them. {gain}. A transform.map "
                    f"selecting the {len(columns) - len(unused)} used columns right after {key}, in its fused "
                    "chain, lets the scan skip the rest."
                ),
                runs=ctx.runs(),
                links=ctx.run_links(),
                figures=figures,
            )
        )
    return found


# --- memory ---------------------------------------------------------------------------------------------------


def memory_pressure(ctx: Context, peak_run=None) -> list[Finding]:
    limit = settings.SLUICE_WORKER_MEMORY_MB * 1024 * 1024
    if limit <= 0:
        return []
    found = []
    for s in ctx.stats.values():
        peak = s.max_peak_rss_bytes
        if not peak or peak < f.MEMORY_WARNING * limit:
            continue
        share = peak / limit
        run = peak_run(s.node_key) if peak_run else s.peak_execution_id
        found.append(
            Finding(
                kind="memory_pressure",
                subject=s.node_key,
                node_key=s.node_key,
                severity="critical" if share >= f.MEMORY_CRITICAL else "warning",
                title=f"{s.node_key} peaked at {f.size(peak)}, {share * 100:.0f} % of a worker's "
                f"{settings.SLUICE_WORKER_MEMORY_MB} MB",
                explanation=(
                    f"The highest peak RSS of {s.node_key} ({s.node_type}) in the window is {f.size(peak)} against "
                    f"the {settings.SLUICE_WORKER_MEMORY_MB} MB a worker may use (SLUICE_WORKER_MEMORY_MB). A bit "
                    "more data and the step is killed. Filter or select earlier, turn a join's maintain_order "
                    "off, or run it on a worker with more memory."
                ),
                runs=[run] if run else [],
                links=[f.builder_link(ctx.pipeline_id)] + ([f.run_link(run)] if run else []),
                figures={"peak_rss_bytes": peak, "limit_bytes": limit, "share": round(share, 4)},
            )
        )
    return found
