"""Edges and ports: every edge joins two nodes of the graph by ports they have, and every node's
required inputs are connected (a single port once)."""

from __future__ import annotations

from collections import defaultdict

from pipelines.graph import EdgeSpec, Graph, NodeSpec
from pipelines.nodes.base import NodeType
from pipelines.validation.result import Problem, ValidationResult

# node key -> input port -> [(edge index, edge)]: the edges whose ends and ports are right
Incoming = dict[str, dict[str, list[tuple[int, EdgeSpec]]]]


def check_edges(
    graph: Graph, nodes: dict[str, NodeSpec], types: dict[str, NodeType], result: ValidationResult
) -> tuple[Incoming, list[tuple[str, str]]]:
    """``(incoming, links)``: the edges by target and port, and every (source, target) pair between
    nodes of the graph, even through a wrong port (the shape of the graph, for cycles and reach)."""
    incoming: Incoming = defaultdict(lambda: defaultdict(list))
    links: list[tuple[str, str]] = []
    known = _Ports(types, result)
    for i, edge in enumerate(graph.edges):
        source, target = edge.source, edge.target
        if source not in nodes or target not in nodes:
            result.problems.extend(_end_problems(i, edge, nodes))
            continue
        links.append((source, target))
        outs, ins = known.outputs(source), known.inputs(target)
        if (outs is None or edge.source_port in outs) and (ins is None or edge.target_port in ins):
            incoming[target][edge.target_port].append((i, edge))  # the usual case: nothing to build
        else:
            result.problems.extend(_port_problems(i, edge, known))
    return incoming, links


def _end_problems(i: int, edge: EdgeSpec, nodes: dict[str, NodeSpec]) -> list[Problem]:
    return [
        Problem(
            code="unknown_node",
            field=f"edges[{i}].{end}",
            message=f"Edge {i} {end} {key!r} is not a node of this pipeline.",
        )
        for end, key in (("source", edge.source), ("target", edge.target))
        if key not in nodes
    ]


class _Ports:
    """Each node's port names, asked of its type once per validation (not once per edge)."""

    def __init__(self, types: dict[str, NodeType], result: ValidationResult):
        self.types, self.configs = types, result.configs
        self._out: dict[str, tuple[str, ...] | None] = {}
        self._in: dict[str, list[str] | None] = {}

    def outputs(self, key: str) -> tuple[str, ...] | None:
        """None: no type, or ports that depend on a config that did not parse (nothing to check)."""
        if key not in self._out:
            node_type = self.types.get(key)
            dynamic = node_type is not None and type(node_type).output_ports is not NodeType.output_ports
            if node_type is None or (key not in self.configs and dynamic):
                self._out[key] = None
            else:
                self._out[key] = tuple(node_type.output_ports(self.configs.get(key)))
        return self._out[key]

    def inputs(self, key: str) -> list[str] | None:
        if key not in self._in:
            node_type = self.types.get(key)
            self._in[key] = (
                None if node_type is None else [p.name for p in node_type.input_ports(self.configs.get(key))]
            )
        return self._in[key]


def _port_problems(i: int, edge: EdgeSpec, known: _Ports) -> list[Problem]:
    """An output port the source does not have (unless its ports depend on a config that did not
    parse), an input port the target does not have."""
    problems = []
    ports = known.outputs(edge.source)
    in_ports = known.inputs(edge.target)
    if ports is not None and edge.source_port not in ports:
        problems.append(
            Problem(
                code="unknown_port",
                node=edge.source,
                field=f"edges[{i}].source_port",
                message=f"{edge.source} has no output port {edge.source_port!r} (ports: {', '.join(ports) or 'none'}).",
            )
        )
    if in_ports is not None and edge.target_port not in in_ports:
        problems.append(
            Problem(
                code="unknown_port",
                node=edge.target,
                field=f"edges[{i}].target_port",
                message=f"{edge.target} has no input port {edge.target_port!r} "
                f"(ports: {', '.join(in_ports) or 'none'}).",
            )
        )
    return problems


def check_inputs(types: dict[str, NodeType], incoming: Incoming, result: ValidationResult) -> None:
    """Required input ports connected, single ports connected once."""
    for key, node_type in types.items():
        for port in node_type.input_ports(result.configs.get(key)):
            connected = incoming[key].get(port.name, [])
            if not connected and port.required:
                result.problems.append(
                    Problem(
                        code="missing_input",
                        node=key,
                        field=f"inputs.{port.name}",
                        message=f"{key}: input port {port.name!r} is not connected.",
                    )
                )
            elif len(connected) > 1 and not port.multiple:
                result.problems.append(
                    Problem(
                        code="too_many_inputs",
                        node=key,
                        field=f"inputs.{port.name}",
                        message=f"{key}: input port {port.name!r} takes one edge, not {len(connected)} "
                        f"(from {', '.join(e.source for _, e in connected)}).",
                    )
                )
