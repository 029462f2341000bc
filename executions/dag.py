"""The read-only DAG document of an execution for dag.js (``#dag-root[data-graph]``): the version's graph
with each node's step status and metrics. Pure functions, no queries (the steps come from the view)."""

from __future__ import annotations

from typing import Any


def node_family(node_type: str) -> str | None:
    from pipelines.nodes import registry

    found = registry.get(node_type)
    return getattr(found, "family", None) if found is not None else None


def node_position(x, y) -> dict[str, float] | None:
    return {"x": x, "y": y} if x is not None and y is not None else None


def execution_dag(*, graph, steps, execution_id: int) -> dict[str, Any]:
    """The version's graph with each node's step status and metrics (dag.js contract)."""
    by_key = {s.node_key: s for s in steps}
    laid_out = any(n.x or n.y for n in graph.nodes)  # all at 0,0: let dag.js lay them out
    nodes = []
    for n in graph.nodes:
        step = by_key.get(n.key)
        metrics = {}
        if step is not None:
            metrics = {
                "rows_in": step.rows_in,
                "rows_out": step.rows_out,
                "duration_ms": step.duration_ms,
                "progress": round(step.progress or 0.0, 3),
                "attempt": step.attempt,
            }
        nodes.append(
            {
                "key": n.key,
                "type": n.type,
                "label": n.label or n.key,
                "family": node_family(n.type),
                "position": node_position(n.x, n.y) if laid_out else None,
                "status": step.status if step is not None else "pending",
                "metrics": {k: v for k, v in metrics.items() if v is not None},
            }
        )
    return {"nodes": nodes, "edges": _edges(graph), "execution_id": execution_id}


def _edges(graph) -> list[dict[str, Any]]:
    return [
        {"source": e.source, "target": e.target, "source_port": e.source_port, "target_port": e.target_port}
        for e in graph.edges
    ]
