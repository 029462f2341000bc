"""From a validated graph to the steps of an execution: fused chains and their dependencies.

A *group* is a maximal linear chain u1 → u2 → … → uk where each link is the
only edge out of ui (a single-output node) and the only edge into ui+1 (a
single-input node). Sources may head a chain and a destination may end one,
so a linear pipeline runs as one Polars plan (scan → … → sink) with no
artifact per node. Branches, joins, unions and quality checks are
materialisation points: they start or end groups.

The plan of an execution's version (cached per process: versions are immutable), and what the plan
says about a run in progress: which groups come next, whether their inputs are absent, how long a
step is expected to take. Reads only; nothing here writes.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from executions.engine.outcomes import GroupOutcome
from executions.models import Execution, StepRun
from pipelines.graph import EdgeSpec, Graph
from pipelines.nodes import registry
from pipelines.nodes.base import NodeError, NodeType

# Types that always materialise their output (their own step): quality checks
# must count and report; fan-out and fan-in nodes feed or read several edges.
NEVER_FUSED_FAMILIES = {"quality"}


@dataclass
class GroupPlan:
    head: str
    members: list[str]  # in chain order; members[0] == head
    upstream_groups: set[str] = field(default_factory=set)
    downstream_groups: set[str] = field(default_factory=set)


@dataclass
class ExecutionPlan:
    groups: dict[str, GroupPlan]
    group_of: dict[str, str]
    # node key -> list of incoming edges (in graph order)
    incoming: dict[str, list[EdgeSpec]]
    # node key -> node type key
    types: dict[str, str] = field(default_factory=dict)


def _fusable_link(graph: Graph, out_edges, in_edges, u: str, v: str) -> bool:
    types = {n.key: registry.get(n.type) for n in graph.nodes}
    tu, tv = types[u], types[v]
    if tu is None or tv is None:
        return False
    if tu.family in NEVER_FUSED_FAMILIES or tv.family in NEVER_FUSED_FAMILIES:
        return False
    if getattr(tu, "never_fused", False) or getattr(tv, "never_fused", False):  # pipeline.call: a step of its own
        return False
    if tu.family == "destination" or tv.family == "source":
        return False
    if len(out_edges[u]) != 1 or len(in_edges[v]) != 1:
        return False
    if len(tu.outputs) != 1 or tu.describe()["dynamic_outputs"]:
        return False
    in_ports = tv.inputs
    return len(in_ports) == 1 and not in_ports[0].multiple


def plan_execution(graph: Graph, *, fuse: bool | None = None) -> ExecutionPlan:
    if fuse is None:
        from django.conf import settings

        fuse = settings.SLUICE_FUSE_CHAINS
    keys = [n.key for n in graph.nodes]
    out_edges: dict[str, list[EdgeSpec]] = defaultdict(list)
    in_edges: dict[str, list[EdgeSpec]] = defaultdict(list)
    for e in graph.edges:
        out_edges[e.source].append(e)
        in_edges[e.target].append(e)
    next_in_chain: dict[str, str] = {}
    has_chain_parent: set[str] = set()
    if fuse:
        for u in keys:
            if len(out_edges[u]) == 1:
                v = out_edges[u][0].target
                if _fusable_link(graph, out_edges, in_edges, u, v):
                    next_in_chain[u] = v
                    has_chain_parent.add(v)
    groups: dict[str, GroupPlan] = {}
    group_of: dict[str, str] = {}
    for k in keys:
        if k in has_chain_parent:
            continue
        members = [k]
        while members[-1] in next_in_chain:
            members.append(next_in_chain[members[-1]])
        groups[k] = GroupPlan(head=k, members=members)
        for m in members:
            group_of[m] = k
    for e in graph.edges:
        gu, gv = group_of[e.source], group_of[e.target]
        if gu != gv:
            groups[gv].upstream_groups.add(gu)
            groups[gu].downstream_groups.add(gv)
    return ExecutionPlan(
        groups=groups, group_of=group_of, incoming=dict(in_edges), types={n.key: n.type for n in graph.nodes}
    )


# --- plans and graphs, cached per version (versions are immutable) --------------------------


_plans: dict[tuple[int, bool], tuple[Graph, ExecutionPlan]] = {}
_plans_lock = threading.Lock()


def graph_and_plan(execution: Execution) -> tuple[Graph, ExecutionPlan]:
    """The graph and plan of an execution's version, cached per process (versions are immutable)."""
    key = (execution.version_id, execution.fuse_chains)
    cached = _plans.get(key)
    if cached is None:
        graph = Graph.from_dict(execution.version.graph)
        cached = (graph, plan_execution(graph, fuse=execution.fuse_chains))
        with _plans_lock:
            if len(_plans) > 256:
                _plans.clear()
            _plans[key] = cached
    return cached


def downstream_groups(execution: Execution, group: str) -> list[str]:
    _, plan = graph_and_plan(execution)
    return sorted(plan.groups[group].downstream_groups)


def routes_rows(node_type) -> bool:
    """Nodes with several output ports route rows; an empty routed port means 'nothing went this way'."""
    # describe() builds the config's JSON Schema: ask the class directly (this runs for every edge).
    return node_type is not None and (
        len(node_type.outputs) > 1 or type(node_type).output_ports is not NodeType.output_ports
    )


def edge_absent(steps: dict[str, StepRun], edge) -> bool:
    upstream = steps.get(edge.source)
    if upstream is None or upstream.status == StepRun.Status.SKIPPED:
        return True
    if routes_rows(registry.get(upstream.node_type)):
        return (upstream.output_rows or {}).get(edge.source_port, 0) == 0
    return False


def never_absent(execution: Execution, group: str, *, finished: str) -> bool:
    """True when ``group`` has one input edge, from ``finished``, through a node that does not route
    rows: then it runs as soon as ``finished`` succeeded, with no look at the data."""
    _, plan = graph_and_plan(execution)
    edges = plan.incoming.get(group, [])
    return (
        len(edges) == 1
        and plan.group_of[edges[0].source] == finished
        and not routes_rows(registry.get(plan.types[edges[0].source]))
    )


def inputs_absent(execution: Execution, group: str, *, finished: str, outcome: GroupOutcome | None) -> bool:
    """Whether ``group`` must be skipped, now that ``finished`` (the last of its upstream groups) is done
    (``outcome`` None: it was skipped). A group fed by one edge is decided from the outcome in hand;
    others look at the stored upstream steps."""
    _, plan = graph_and_plan(execution)
    edges = plan.incoming.get(group, [])
    if len(edges) == 1 and plan.group_of[edges[0].source] == finished:
        if outcome is None:
            return True
        edge = edges[0]
        node = outcome.nodes.get(edge.source)
        if node is not None and routes_rows(registry.get(plan.types[edge.source])):
            return node.output_rows.get(edge.source_port, 0) == 0
        return False
    return group_inputs_absent(execution, group)


def group_inputs_absent(execution: Execution, group: str) -> bool:
    """A group is skipped when its inputs are absent: all of them for a multi-edge port (union),
    any of them otherwise."""
    _, plan = graph_and_plan(execution)
    edges = plan.incoming.get(group, [])
    if not edges:
        return False
    steps = {s.node_key: s for s in StepRun.objects.filter(execution=execution, node_key__in=[e.source for e in edges])}
    head_type = registry.get(plan.types[group])
    absent = [edge_absent(steps, e) for e in edges]
    multi = head_type is not None and any(p.multiple for p in head_type.inputs)
    return all(absent) if multi else any(absent)


def resolve_node(graph: Graph, key: str):
    spec = next(n for n in graph.nodes if n.key == key)
    node_type = registry.get(spec.type)
    if node_type is None:
        raise NodeError(f"Node type {spec.type!r} is not installed on this worker.")
    return spec, node_type, node_type.parse_config(spec.config)


_expected: dict[tuple[int, str], tuple[float, float | None]] = {}


def expected_duration(step: StepRun) -> float | None:
    """Median duration of the last successful runs of this node of this pipeline (for progress/ETA,
    and whether a chain may hold its commit over the step), cached for a minute per process."""
    key = (step.execution.pipeline_id, step.node_key)
    cached = _expected.get(key)
    if cached is not None and time.monotonic() - cached[0] < 60:
        return cached[1]
    value = _median_duration(step)
    if value is not None:  # a first run has no history yet; ask again next time
        if len(_expected) > 10_000:
            _expected.clear()
        _expected[key] = (time.monotonic(), value)
    return value


def _median_duration(step: StepRun) -> float | None:
    durations = sorted(
        StepRun.objects.filter(
            execution__pipeline_id=step.execution.pipeline_id,
            node_key=step.node_key,
            status=StepRun.Status.SUCCEEDED,
            duration_ms__isnull=False,
        )
        .order_by("-finished_at")
        .values_list("duration_ms", flat=True)[:20]
    )
    if not durations:
        return None
    return durations[len(durations) // 2] / 1000.0
