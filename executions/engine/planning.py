"""From a validated graph to the steps of an execution: fused groups and their dependencies.

A *group* is a maximal *in-tree* of nodes that run as one Polars plan: a node fuses into its successor
when the edge to it is its only edge out (a single static output port: nothing is routed), neither is a
quality check nor a ``never_fused`` type (pipeline.call), the node is not a destination and the
successor not a source. A linear chain u1 → u2 → … → uk is the simplest such tree; a join or a union
(several edges in) fuses with each upstream node whose only edge goes into it, so a whole query —
sources → filters → joins → aggregate → sort → limit → destination — becomes one group, one plan,
no artifact in between. The group's members are a topological order (post-order from its tail, the
inputs in the order of the edges): members[0], a leaf, is the group's key (its *head*: the claimed
row, the step's identity); members[-1] is the tail, whose outputs leave the group.

A node with several edges in fuses only when none of its inputs can be *absent* at run time (a
routing node upstream — several output ports — may send no rows down a port, and what follows is
skipped): a group is skipped or run as a whole, never in part. And it fuses only the branches that
start at sources of their own (a branch that reads another step's output, e.g. after a fan-out, stays
a step of its own): such branches are independent steps that several workers run at once, while fused
they would run in one worker; a branch from its own source gains the most from fusion (the filters
and the column selection after a join reach the source's scan). Fan-out nodes (several edges out),
routing nodes and quality checks are materialisation points: they end groups. Unfused
(``SLUICE_FUSE_CHAINS=0``), every node is a group of its own.

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
from pipelines.graph import EdgeSpec, Graph, topological_order
from pipelines.nodes import registry
from pipelines.nodes.base import NodeError, NodeType

# Types that always materialise their output (their own step): quality checks
# must count and report; fan-out and fan-in nodes feed or read several edges.
NEVER_FUSED_FAMILIES = {"quality"}


@dataclass
class GroupPlan:
    head: str
    members: list[str]  # a topological order; members[0] == head (a leaf), members[-1] the tail
    upstream_groups: set[str] = field(default_factory=set)
    downstream_groups: set[str] = field(default_factory=set)
    # the edges into members from other groups, in graph order (a chain's: the head's)
    inputs: list[EdgeSpec] = field(default_factory=list)
    # a linear chain: each member after the head is fed by the one before it, and only by it
    chain: bool = True


@dataclass
class ExecutionPlan:
    groups: dict[str, GroupPlan]
    group_of: dict[str, str]
    # node key -> list of incoming edges (in graph order)
    incoming: dict[str, list[EdgeSpec]]
    # node key -> node type key
    types: dict[str, str] = field(default_factory=dict)


def _topological(keys: list[str], out_edges: dict[str, list[EdgeSpec]], in_edges: dict[str, list[EdgeSpec]]):
    waiting = {k: len(in_edges[k]) for k in keys}
    ready = [k for k in keys if waiting[k] == 0]
    order = []
    while ready:
        k = ready.pop()
        order.append(k)
        for e in out_edges[k]:
            waiting[e.target] -= 1
            if waiting[e.target] == 0:
                ready.append(e.target)
    return order


def _maybe_skipped(keys, types, out_edges, in_edges) -> set[str]:
    """Nodes that may be skipped at run time: downstream of a routing node (several output ports, or
    ports named by the config), whose empty port is an absent input."""
    skipped: set[str] = set()
    for k in _topological(keys, out_edges, in_edges):
        if any(e.source in skipped or routes_rows(types[e.source]) for e in in_edges[k]):
            skipped.add(k)
    return skipped


def _fusable_link(types, out_edges, in_edges, maybe_skipped: set[str], u: str, v: str) -> bool:
    """Whether ``u`` (whose only edge out goes to ``v``) runs in ``v``'s group."""
    tu, tv = types[u], types[v]
    if tu is None or tv is None:
        return False
    if tu.family in NEVER_FUSED_FAMILIES or tv.family in NEVER_FUSED_FAMILIES:
        return False
    if getattr(tu, "never_fused", False) or getattr(tv, "never_fused", False):  # pipeline.call: a step of its own
        return False
    if tu.family == "destination" or tv.family == "source":
        return False
    if len(out_edges[u]) != 1:
        return False
    if len(tu.outputs) != 1 or type(tu).output_ports is not NodeType.output_ports:  # ports named by the config
        return False
    if not _fan_in(tv, in_edges[v]):
        return True  # a link of a linear chain
    # fan-in (a join, a union): only when no input of v can be absent, so the group runs whole
    return v not in maybe_skipped


def _fan_in(node_type, edges_in) -> bool:
    """A node with several edges in, or an input port that takes several (a join, a union)."""
    ports = node_type.inputs if node_type is not None else []
    return not (len(edges_in) == 1 and len(ports) == 1 and not ports[0].multiple)


def _tree_members(tail: str, feeders: dict[str, list[str]]) -> list[str]:
    """Post-order from ``tail`` over the fused edges (iterative: a chain may be thousands long)."""
    members: list[str] = []
    stack: list[tuple[str, int]] = [(tail, 0)]
    while stack:
        node, i = stack.pop()
        if i < len(feeders[node]):
            stack.append((node, i + 1))
            stack.append((feeders[node][i], 0))
        else:
            members.append(node)
    return members


def plan_execution(graph: Graph, *, fuse: bool | None = None, backend: str = "polars") -> ExecutionPlan:
    if backend in ("sql", "spark"):
        return _one_step(graph)
    if fuse is None:
        from django.conf import settings

        fuse = settings.SLUICE_FUSE_CHAINS
    keys = [n.key for n in graph.nodes]
    types = {n.key: registry.get(n.type) for n in graph.nodes}
    out_edges: dict[str, list[EdgeSpec]] = defaultdict(list)
    in_edges: dict[str, list[EdgeSpec]] = defaultdict(list)
    for e in graph.edges:
        out_edges[e.source].append(e)
        in_edges[e.target].append(e)
    fused_into: dict[str, str] = {}
    if fuse:
        maybe_skipped = _maybe_skipped(keys, types, out_edges, in_edges)
        # rooted: the node and what fuses into it read no other group's output (it starts at sources).
        rooted: dict[str, bool] = {}
        for v in _topological(keys, out_edges, in_edges):
            fan_in = _fan_in(types[v], in_edges[v])
            for e in in_edges[v]:
                u = e.source
                if len(out_edges[u]) != 1 or (fan_in and not rooted[u]):
                    continue  # a fan-in fuses only branches that start at sources (module docstring)
                if _fusable_link(types, out_edges, in_edges, maybe_skipped, u, v):
                    fused_into[u] = v
            rooted[v] = all(fused_into.get(e.source) == v and rooted[e.source] for e in in_edges[v])
    feeders: dict[str, list[str]] = defaultdict(list)
    for e in graph.edges:
        if fused_into.get(e.source) == e.target:
            feeders[e.target].append(e.source)
    index = {k: i for i, k in enumerate(keys)}
    trees = sorted((_tree_members(k, feeders) for k in keys if k not in fused_into), key=lambda m: index[m[0]])
    groups: dict[str, GroupPlan] = {}
    group_of: dict[str, str] = {}
    for members in trees:
        head = members[0]
        groups[head] = GroupPlan(head=head, members=members)
        for m in members:
            group_of[m] = head
    for e in graph.edges:
        gu, gv = group_of[e.source], group_of[e.target]
        if gu != gv:
            groups[gv].upstream_groups.add(gu)
            groups[gu].downstream_groups.add(gv)
            groups[gv].inputs.append(e)
            if e.target != gv:
                groups[gv].chain = False
    for v, fed in feeders.items():
        if len(fed) > 1:
            groups[group_of[v]].chain = False
    return ExecutionPlan(
        groups=groups, group_of=group_of, incoming=dict(in_edges), types={n.key: n.type for n in graph.nodes}
    )


def _one_step(graph: Graph) -> ExecutionPlan:
    """The plan of a run on the sql backend: the whole graph one group (its members in topological order),
    run by ``executions.engine.sqlrunning`` as one program on its target."""
    in_edges: dict[str, list[EdgeSpec]] = defaultdict(list)
    for e in graph.edges:
        in_edges[e.target].append(e)
    members = topological_order([n.key for n in graph.nodes], [(e.source, e.target) for e in graph.edges])
    group = GroupPlan(head=members[0], members=members, chain=False)
    return ExecutionPlan(
        groups={group.head: group},
        group_of=dict.fromkeys(members, group.head),
        incoming=dict(in_edges),
        types={n.key: n.type for n in graph.nodes},
    )


# --- plans and graphs, cached per version (versions are immutable) --------------------------


_plans: dict[tuple[int, bool, str], tuple[Graph, ExecutionPlan]] = {}
_plans_lock = threading.Lock()


def graph_and_plan(execution: Execution) -> tuple[Graph, ExecutionPlan]:
    """The graph and plan of an execution's version, cached per process (versions are immutable)."""
    key = (execution.version_id, execution.fuse_chains, execution.backend)
    cached = _plans.get(key)
    if cached is None:
        graph = Graph.from_dict(execution.version.graph)
        cached = (graph, plan_execution(graph, fuse=execution.fuse_chains, backend=execution.backend))
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
    edges = plan.groups[group].inputs
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
    edges = plan.groups[group].inputs
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
    any of them otherwise. (A group that is not a chain has no input that can be absent, see the
    module's docstring: any absent one skips it.)"""
    _, plan = graph_and_plan(execution)
    edges = plan.groups[group].inputs
    if not edges:
        return False
    steps = {s.node_key: s for s in StepRun.objects.filter(execution=execution, node_key__in=[e.source for e in edges])}
    head_type = registry.get(plan.types[group])
    absent = [edge_absent(steps, e) for e in edges]
    multi = plan.groups[group].chain and head_type is not None and any(p.multiple for p in head_type.inputs)
    return all(absent) if multi else any(absent)


def resolve_node(graph: Graph, key: str):
    spec = next(n for n in graph.nodes if n.key == key)
    node_type = registry.get(spec.type)
    if node_type is None:
        raise NodeError(f"Node type {spec.type!r} is not installed on this worker.")
    return spec, node_type, node_type.parse_config(spec.config)


# Per process: pipeline id -> (when read, for which run, node key -> median seconds of its last successful runs).
_expected: dict[int, tuple[float, int, dict[str, float]]] = {}
_EXPECTED_FOR = 60.0  # seconds a pipeline's medians are kept
_EXPECTED_MISS = 1.0  # a node without any (a new node, a first run) is looked for again after this long
_EXPECTED_RUNS = 30  # the pipeline's last runs whose steps give the medians
_EXPECTED_SAMPLES = 20  # of each node's most recent successful runs among them


def expected_duration(step: StepRun) -> float | None:
    """Median duration of the last successful runs of this node of this pipeline (for progress/ETA,
    and whether a chain may hold its commit over the step), cached per process: a pipeline's nodes are
    read together, once a minute (``_median_durations``), and a node that has none yet again at the next run
    of the pipeline (its first run just gave it one) or after a second."""
    pipeline_id, run, now = step.execution.pipeline_id, step.execution_id, time.monotonic()
    cached = _expected.get(pipeline_id)
    if cached is not None:
        age, medians = now - cached[0], cached[2]
        if age < _EXPECTED_FOR and (step.node_key in medians or (age < _EXPECTED_MISS and cached[1] == run)):
            return medians.get(step.node_key)
    medians = _median_durations(pipeline_id)
    if len(_expected) > 10_000:
        _expected.clear()
    _expected[pipeline_id] = (now, run, medians)
    return medians.get(step.node_key)


def _median_durations(pipeline_id: int) -> dict[str, float]:
    """Each node's median duration (seconds) over its last ``_EXPECTED_SAMPLES`` successful runs among the
    pipeline's last ``_EXPECTED_RUNS`` runs: one query over those runs' steps (the pipeline's index on
    its runs, then each run's steps), where a query per node walked that node key's successes in every
    pipeline (``source``, ``filter``: keys that most pipelines share) to find this one's."""
    recent = Execution.objects.filter(pipeline_id=pipeline_id).order_by("-created_at").values("id")[:_EXPECTED_RUNS]
    # Filtered by status here, not in SQL: a status condition invites the planner to combine the runs' index
    # with the partial index of every success (step_node_succeeded) when its statistics are stale.
    rows = (
        StepRun.objects.filter(execution_id__in=recent)
        .order_by("node_key", "-finished_at")
        .values_list("node_key", "status", "duration_ms")
    )
    durations: dict[str, list[int]] = {}
    for key, status, duration in rows:
        samples = durations.setdefault(key, [])
        if status == StepRun.Status.SUCCEEDED and duration is not None and len(samples) < _EXPECTED_SAMPLES:
            samples.append(duration)
    durations = {key: samples for key, samples in durations.items() if samples}
    return {key: sorted(samples)[len(samples) // 2] / 1000.0 for key, samples in durations.items()}
