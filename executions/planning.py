"""From a validated graph to the steps of an execution: fused chains and their dependencies.

A *group* is a maximal linear chain u1 → u2 → … → uk where each link is the
only edge out of ui (a single-output node) and the only edge into ui+1 (a
single-input node). Sources may head a chain and a destination may end one,
so a linear pipeline runs as one Polars plan (scan → … → sink) with no
artifact per node. Branches, joins, unions and quality checks are
materialisation points: they start or end groups.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pipelines.graph import EdgeSpec, Graph
from pipelines.nodes import registry

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
