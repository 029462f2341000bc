"""The shape of the graph: its size, cycles, nodes that lead to no destination, and the order data
flows in."""

from __future__ import annotations

from collections import defaultdict, deque

from django.conf import settings

from pipelines.graph import Graph
from pipelines.nodes.base import NodeType
from pipelines.validation.result import Problem


def size_problem(graph: Graph) -> Problem | None:
    """An empty graph, or one over SLUICE_MAX_GRAPH_NODES: nothing else is checked then."""
    if not graph.nodes:
        return Problem(code="empty_graph", message="The pipeline has no nodes.")
    if len(graph.nodes) > settings.SLUICE_MAX_GRAPH_NODES:
        limit = settings.SLUICE_MAX_GRAPH_NODES
        return Problem(
            code="too_large",
            field="nodes",
            message=f"A pipeline holds at most {limit} nodes, not {len(graph.nodes)}.",
        )
    return None


def cycle_problems(keys: list[str], links: list[tuple[str, str]]) -> list[Problem]:
    """One problem per cycle of the (source, target) ``links`` between ``keys``."""
    adjacency: dict[str, list[str]] = defaultdict(list)
    for src, dst in links:
        adjacency[src].append(dst)
    return [
        Problem(
            code="cycle",
            node=cycle[0],
            field="edges",
            message=f"Cycle between {', '.join(cycle)}: data cannot flow in a loop.",
        )
        for cycle in find_cycles(keys, adjacency)
    ]


def destination_problems(keys: list[str], types: dict[str, NodeType], links: list[tuple[str, str]]) -> list[Problem]:
    """Every node must lead to a destination."""
    destinations = [k for k, t in types.items() if t.family == "destination"]
    if not destinations:
        return [Problem(code="no_destination", message="The pipeline has no destination node.")]
    upstream: dict[str, list[str]] = defaultdict(list)
    for src, dst in links:
        upstream[dst].append(src)
    reaches = set(destinations)
    queue = deque(destinations)
    while queue:
        k = queue.popleft()
        for u in upstream[k]:
            if u not in reaches:
                reaches.add(u)
                queue.append(u)
    return [
        Problem(
            code="dead_end",
            node=key,
            message=f"{key} is not connected to any destination; its output would be lost.",
        )
        for key in keys
        if key not in reaches
    ]


def find_cycles(keys: list[str], adjacency: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components that form cycles (Tarjan, iterative), each sorted by key."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    cycles: list[list[str]] = []
    counter = 0
    for root in keys:
        if root in index:
            continue
        work = [(root, iter(adjacency.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(adjacency.get(w, ()))))
                    advanced = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1 or v in adjacency.get(v, ()):
                    cycles.append(sorted(component))
    return cycles
