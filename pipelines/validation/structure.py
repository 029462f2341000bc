"""The shape of the graph: cycles and the order data flows in."""

from __future__ import annotations

from collections import defaultdict, deque


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


def topological_order(keys: list[str], edges: list[tuple[str, str]]) -> list[str]:
    indegree = {k: 0 for k in keys}
    downstream: dict[str, list[str]] = defaultdict(list)
    for src, dst in edges:
        downstream[src].append(dst)
        indegree[dst] += 1
    queue = deque(k for k in keys if indegree[k] == 0)
    order = []
    while queue:
        k = queue.popleft()
        order.append(k)
        for d in downstream[k]:
            indegree[d] -= 1
            if indegree[d] == 0:
                queue.append(d)
    return order
