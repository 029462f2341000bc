"""Graph validation: ``validate_graph`` returns every problem at once (node key, field path, code,
message) together with the propagated schema of every port and column-level lineage. It is the one
check behind save-as-version, run and dry-run.
"""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Any

from django.conf import settings
from pydantic import ValidationError as PydanticValidationError

from pipelines.graph import EdgeSpec, Graph, NodeSpec
from pipelines.nodes import registry
from pipelines.nodes.base import NodeType
from pipelines.validation.nodes import _config_problems
from pipelines.validation.result import Problem, ValidationResult
from pipelines.validation.schemas import _propagate
from pipelines.validation.structure import find_cycles, topological_order

__all__ = ["Problem", "ValidationResult", "validate_graph"]


def validate_graph(
    graph: Graph, *, check_schemas: bool = True, context: dict[str, Any] | None = None
) -> ValidationResult:
    """Every problem of ``graph`` at once; with ``check_schemas``, also propagate schemas and lineage.

    ``context`` passes BuildContext fields to source types (``get_connection``,
    ``params``, ``data_root``, ``file_access``) for reading metadata.
    """
    result = ValidationResult()
    problems = result.problems

    if not graph.nodes:
        problems.append(Problem(code="empty_graph", message="The pipeline has no nodes."))
        return result
    if len(graph.nodes) > settings.SLUICE_MAX_GRAPH_NODES:
        limit = settings.SLUICE_MAX_GRAPH_NODES
        problems.append(
            Problem(
                code="too_large",
                field="nodes",
                message=f"A pipeline holds at most {limit} nodes, not {len(graph.nodes)}.",
            )
        )
        return result

    # Nodes: keys, types, configs.
    nodes: dict[str, NodeSpec] = {}
    types: dict[str, NodeType] = {}
    for i, node in enumerate(graph.nodes):
        if node.key in nodes:
            problems.append(
                Problem(
                    code="duplicate_key",
                    node=node.key,
                    field=f"nodes[{i}].key",
                    message=f"Node key {node.key!r} is used more than once.",
                )
            )
            continue
        nodes[node.key] = node
        node_type = registry.get(node.type)
        if node_type is None:
            problems.append(
                Problem(
                    code="unknown_type",
                    node=node.key,
                    field="type",
                    message=f"{node.key}: unknown node type {node.type!r}.",
                )
            )
            continue
        types[node.key] = node_type
        try:
            result.configs[node.key] = node_type.parse_config(node.config)
        except PydanticValidationError as exc:
            problems.extend(_config_problems(node, exc))

    # Edges: endpoints and ports.
    incoming: dict[str, dict[str, list[tuple[int, EdgeSpec]]]] = defaultdict(lambda: defaultdict(list))
    graph_edges: list[tuple[str, str]] = []
    for i, edge in enumerate(graph.edges):
        ok = True
        for end, key in (("source", edge.source), ("target", edge.target)):
            if key not in nodes:
                problems.append(
                    Problem(
                        code="unknown_node",
                        field=f"edges[{i}].{end}",
                        message=f"Edge {i} {end} {key!r} is not a node of this pipeline.",
                    )
                )
                ok = False
        if not ok:
            continue
        src_type, dst_type = types.get(edge.source), types.get(edge.target)
        if src_type is not None and (edge.source in result.configs or not src_type.describe()["dynamic_outputs"]):
            ports = src_type.output_ports(result.configs.get(edge.source))
            if edge.source_port not in ports:
                problems.append(
                    Problem(
                        code="unknown_port",
                        node=edge.source,
                        field=f"edges[{i}].source_port",
                        message=f"{edge.source} has no output port {edge.source_port!r} "
                        f"(ports: {', '.join(ports) or 'none'}).",
                    )
                )
                ok = False
        if dst_type is not None:
            in_ports = [p.name for p in dst_type.input_ports(result.configs.get(edge.target))]
            if edge.target_port not in in_ports:
                problems.append(
                    Problem(
                        code="unknown_port",
                        node=edge.target,
                        field=f"edges[{i}].target_port",
                        message=f"{edge.target} has no input port {edge.target_port!r} "
                        f"(ports: {', '.join(in_ports) or 'none'}).",
                    )
                )
                ok = False
        graph_edges.append((edge.source, edge.target))
        if ok:
            incoming[edge.target][edge.target_port].append((i, edge))

    # Inputs: required ports connected, single ports connected once.
    for key, node_type in types.items():
        for port in node_type.input_ports(result.configs.get(key)):
            connected = incoming[key].get(port.name, [])
            if not connected and port.required:
                problems.append(
                    Problem(
                        code="missing_input",
                        node=key,
                        field=f"inputs.{port.name}",
                        message=f"{key}: input port {port.name!r} is not connected.",
                    )
                )
            elif len(connected) > 1 and not port.multiple:
                problems.append(
                    Problem(
                        code="too_many_inputs",
                        node=key,
                        field=f"inputs.{port.name}",
                        message=f"{key}: input port {port.name!r} takes one edge, not {len(connected)} "
                        f"(from {', '.join(e.source for _, e in connected)}).",
                    )
                )

    # Cycles.
    adjacency: dict[str, list[str]] = defaultdict(list)
    for src, dst in graph_edges:
        adjacency[src].append(dst)
    cycles = find_cycles(list(nodes), adjacency)
    for cycle in cycles:
        problems.append(
            Problem(
                code="cycle",
                node=cycle[0],
                field="edges",
                message=f"Cycle between {', '.join(cycle)}: data cannot flow in a loop.",
            )
        )

    # Every node must lead to a destination.
    destinations = [k for k, t in types.items() if t.family == "destination"]
    if not destinations:
        problems.append(Problem(code="no_destination", message="The pipeline has no destination node."))
    else:
        upstream: dict[str, list[str]] = defaultdict(list)
        for src, dst in graph_edges:
            upstream[dst].append(src)
        reaches = set(destinations)
        queue = deque(destinations)
        while queue:
            k = queue.popleft()
            for u in upstream[k]:
                if u not in reaches:
                    reaches.add(u)
                    queue.append(u)
        for key in nodes:
            if key not in reaches:
                problems.append(
                    Problem(
                        code="dead_end",
                        node=key,
                        message=f"{key} is not connected to any destination; its output would be lost.",
                    )
                )

    if cycles:
        return result
    result.order = topological_order(list(nodes), graph_edges)
    if check_schemas:
        _propagate(graph, result, types, incoming, context or {})
    return result
