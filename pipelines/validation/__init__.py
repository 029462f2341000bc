"""Graph validation: ``validate_graph`` returns every problem at once (node key, field path, code,
message) together with the propagated schema of every port and column-level lineage. It is the one
check behind save-as-version, run and dry-run.

The steps, in the order their problems are reported: the graph's size (``structure``); the nodes'
keys, types and configs (``nodes``); the edges' ends and ports, then every node's inputs (``ports``);
the calls of other pipelines (``calls``: found, no cycle, not too deep, mapped right); cycles, and
nodes that lead to no destination (``structure``). A graph without cycles then gets its
topological order and, with ``check_schemas``, the schemas (``schemas``) and lineage (``lineage``)
of every port.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pipelines.graph import Graph, topological_order
from pipelines.validation.backend import backend_problems
from pipelines.validation.calls import check_calls
from pipelines.validation.nodes import check_nodes
from pipelines.validation.ports import check_edges, check_inputs
from pipelines.validation.result import Problem, ValidationResult
from pipelines.validation.schemas import propagate_schemas
from pipelines.validation.streaming import streaming_warnings
from pipelines.validation.structure import cycle_problems, destination_problems, size_problem

__all__ = ["Problem", "ValidationResult", "register_check", "validate_graph"]

# Checks of apps above pipelines (executions: a node's pool exists), registered at start-up.
_checks: list[Callable[[Graph, ValidationResult], None]] = []


def register_check(fn: Callable[[Graph, ValidationResult], None]) -> None:
    if fn not in _checks:
        _checks.append(fn)


def validate_graph(
    graph: Graph,
    *,
    check_schemas: bool = True,
    context: dict[str, Any] | None = None,
    server_checks: bool = True,
    backend: str = "polars",
) -> ValidationResult:
    """Every problem of ``graph`` at once; with ``check_schemas``, also propagate schemas and lineage.

    ``context`` passes BuildContext fields to source types (``get_connection``,
    ``params``, ``data_root``, ``file_access``) for reading metadata, and ``call_scope``
    to ``pipeline.call`` nodes (see ``pipelines.validation.calls``). ``server_checks=False`` leaves out the
    registered checks against this server's state (a node's pool exists): pipeline tests run offline.
    ``backend`` other than ``polars`` (with ``check_schemas``): a graph without other problems is also
    compiled for it, and each node that cannot run there is a problem (``pipelines.validation.backend``); on
    ``polars``, a table of a Spark connection is such a problem (the spark backend alone reads it).
    """
    result = ValidationResult()
    too_big = size_problem(graph)
    if too_big is not None:
        result.problems.append(too_big)
        return result
    nodes, types = check_nodes(graph, result)
    incoming, links = check_edges(graph, nodes, types, result)
    check_inputs(types, incoming, result)
    check_calls(types, result, context or {})
    for check in _checks if server_checks else ():
        check(graph, result)
    cycles = cycle_problems(list(nodes), links)
    result.problems.extend(cycles)
    result.problems.extend(destination_problems(list(nodes), types, links))
    if cycles:
        return result
    result.order = topological_order(list(nodes), links)
    if check_schemas:
        propagate_schemas(result, types, incoming, context or {})
        if not result.problems:
            result.problems.extend(backend_problems(graph, backend, context or {}))
    result.warnings = streaming_warnings(result, types)
    return result
