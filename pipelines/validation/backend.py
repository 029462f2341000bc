"""Whether a graph runs on its backend: for ``sql``, every node compiles onto the graph's one target.

Validation with ``backend="sql"`` compiles the graph (``pipelines.sqlbackend.compiler``) once the
graph has no other problem: each node that has no SQL form giving its Polars answer, or that reads or
writes somewhere else than the target, is a problem on that node (code ``no_sql_form``, the field of
its config concerned, the reason). A graph with such a problem is refused as a whole: it never runs
half on one engine.
"""

from __future__ import annotations

from typing import Any

from pipelines.graph import Graph
from pipelines.sqlbackend.compiler import BACKENDS, GraphDoesNotCompile, compile_graph, polars_problems
from pipelines.validation.result import Problem


def backend_problems(graph: Graph, backend: str, context: dict[str, Any]) -> list[Problem]:
    """The problems of running ``graph`` (already valid) on ``backend``."""
    if backend not in BACKENDS:
        return [Problem(code="unknown_backend", message=f"Unknown backend {backend!r}; one of {', '.join(BACKENDS)}.")]
    if backend == "polars":  # nothing to compile; only the Spark tables, which the spark backend alone reads
        if context.get("sample"):  # a dry run: a Spark table's sample comes back through Arrow (sources.database)
            return []
        found = polars_problems(graph, context.get("get_connection"))
        return [Problem(code=p.code, node=p.node, field=f"config.{p.field}", message=p.message) for p in found]
    if backend == "spark":
        context = {"spark_connection": None, **context}  # compiled for Spark, on the connection it names
    try:
        compile_graph(graph, context=context)
    except GraphDoesNotCompile as exc:
        return [
            Problem(
                code=p.code,
                node=p.node,
                field=(f"config.{p.field}" if p.field else "config") if p.node else p.field,
                message=p.message if not p.node or p.message.startswith(p.node) else f"{p.node}: {p.message}",
            )
            for p in exc.problems
        ]
    return []
