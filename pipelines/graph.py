"""A pipeline graph as plain data, its canonical JSON and content hash, and its validation.

``validate_graph`` returns every problem at once (node key, field path, code,
message) together with the propagated schema of every port and column-level
lineage. It is the one check behind save-as-version, run and dry-run.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeConfig, NodeError, NodeType, polars_message, schema_to_json
from pipelines.nodes.expressions import NOT_ALLOWED


@dataclass
class NodeSpec:
    key: str
    type: str
    config: dict[str, Any] = field(default_factory=dict)
    label: str = ""
    x: float = 0.0
    y: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "type": self.type,
            "label": self.label,
            "config": self.config,
            "position": {"x": self.x, "y": self.y},
        }


@dataclass
class EdgeSpec:
    source: str
    target: str
    source_port: str = "out"
    target_port: str = "in"

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "source_port": self.source_port,
            "target": self.target,
            "target_port": self.target_port,
        }


@dataclass
class Graph:
    nodes: list[NodeSpec] = field(default_factory=list)
    edges: list[EdgeSpec] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Graph:
        """From the canonical JSON shape (already shape-checked by a serializer or produced by us)."""
        nodes = []
        for n in data.get("nodes") or []:
            pos = n.get("position") or {}
            nodes.append(
                NodeSpec(
                    key=n["key"],
                    type=n["type"],
                    config=n.get("config") or {},
                    label=n.get("label") or "",
                    x=float(pos.get("x", 0) or 0),
                    y=float(pos.get("y", 0) or 0),
                )
            )
        edges = [
            EdgeSpec(
                source=e["source"],
                target=e["target"],
                source_port=e.get("source_port") or "out",
                target_port=e.get("target_port") or "in",
            )
            for e in data.get("edges") or []
        ]
        return cls(nodes=nodes, edges=edges)

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": [n.to_dict() for n in self.nodes], "edges": [e.to_dict() for e in self.edges]}

    def content_hash(self) -> str:
        """Hash of what the graph does: node keys, types, configs and edges. Labels and positions
        are layout, so moving a node on the canvas does not make a new version."""
        core = {
            "nodes": sorted(
                ({"key": n.key, "type": n.type, "config": n.config} for n in self.nodes), key=lambda n: n["key"]
            ),
            "edges": sorted((e.source, e.source_port, e.target, e.target_port) for e in self.edges),
        }
        blob = json.dumps(core, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


@dataclass
class Problem:
    code: str
    message: str
    node: str | None = None
    field: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "field": self.field, "code": self.code, "message": self.message}


@dataclass
class ValidationResult:
    problems: list[Problem] = field(default_factory=list)
    # node key -> port -> {column: dtype}; "in:<port>" keys hold input schemas
    schemas: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    # node key -> output port -> column -> [{"node", "port", "column"}]
    lineage: dict[str, dict[str, dict[str, list[dict[str, str]]]]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    configs: dict[str, NodeConfig] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.is_valid,
            "problems": [p.to_dict() for p in self.problems],
            "schemas": self.schemas,
            "lineage": self.lineage,
            "order": self.order,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ValidationResult:
        """From ``to_dict`` (a result computed in an interactive child); ``configs`` stay behind."""
        return cls(
            problems=[
                Problem(code=p["code"], message=p["message"], node=p.get("node"), field=p.get("field"))
                for p in data.get("problems", [])
            ],
            schemas=data.get("schemas", {}),
            lineage=data.get("lineage", {}),
            order=list(data.get("order", [])),
        )


def _config_problems(node: NodeSpec, exc: PydanticValidationError) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err.get("loc", ()))
        out.append(
            Problem(
                code=NOT_ALLOWED if err.get("type") == NOT_ALLOWED else "invalid_config",
                node=node.key,
                field=f"config.{loc}" if loc else "config",
                message=f"{node.key}: {loc + ': ' if loc else ''}{err.get('msg', 'invalid value')}",
            )
        )
    return out


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


def _propagate(graph, result: ValidationResult, types, incoming, context: dict[str, Any]) -> None:
    """Schema propagation and lineage in topological order, over the nodes' own ``output_schema``."""
    out_schemas: dict[tuple[str, str], pl.Schema] = {}
    failed: set[str] = {p.node for p in result.problems if p.node}
    data_root = context.get("data_root", settings.DATA_ROOT)
    for key in result.order:
        node_type = types.get(key)
        config = result.configs.get(key)
        if node_type is None or config is None or key in failed:
            failed.add(key)
            continue
        inputs: dict[str, pl.Schema | list[pl.Schema]] = {}
        refs: dict[str, list[tuple[str, str]]] = {}
        blocked = False
        for port in node_type.input_ports(config):
            edges = [e for _, e in incoming[key].get(port.name, [])]
            schemas = []
            for e in edges:
                s = out_schemas.get((e.source, e.source_port))
                if s is None:
                    blocked = True
                    break
                schemas.append(s)
            if blocked:
                break
            if not edges:
                continue
            inputs[port.name] = schemas if port.multiple else schemas[0]
            refs[port.name] = [(e.source, e.source_port) for e in edges]
        if blocked:
            failed.add(key)  # an upstream problem already explains this node
            continue
        ctx = BuildContext(
            node_key=key,
            mode="schema",
            data_root=data_root,
            params=context.get("params", {}),
            get_connection=context.get("get_connection"),
            timeout=settings.SOURCE_METADATA_TIMEOUT,
            file_access=context.get("file_access"),
        )
        try:
            outputs = node_type.output_schema(ctx, config, inputs)
        except NodeError as exc:
            result.problems.append(
                Problem(
                    code=exc.code,
                    node=key,
                    field=f"config.{exc.field}" if exc.field else "config",
                    message=f"{key}: {exc.message}",
                )
            )
            failed.add(key)
            continue
        except pl.exceptions.PolarsError as exc:
            result.problems.append(
                Problem(code="schema_error", node=key, field="config", message=f"{key}: {polars_message(exc)}")
            )
            failed.add(key)
            continue
        node_schemas = {f"in:{p}": schema_to_json(s) for p, s in inputs.items() if not isinstance(s, list)}
        for p, s in inputs.items():
            if isinstance(s, list):
                for i, one in enumerate(s):
                    node_schemas[f"in:{p}[{i}]"] = schema_to_json(one)
        for port, schema in outputs.items():
            out_schemas[(key, port)] = schema
            node_schemas[port] = schema_to_json(schema)
        result.schemas[key] = node_schemas
        lineage = node_type.lineage(config, inputs, outputs)
        resolved: dict[str, dict[str, list[dict[str, str]]]] = {}
        for port, columns in lineage.items():
            resolved[port] = {}
            for column, sources in columns.items():
                items = []
                for in_port, index, src_col in sources:
                    port_refs = refs.get(in_port, [])
                    if index < len(port_refs):
                        src_node, src_port = port_refs[index]
                        items.append({"node": src_node, "port": src_port, "column": src_col})
                resolved[port][column] = items
        result.lineage[key] = resolved


# --- The graph document: the JSON/YAML shape users send -------------------------------------

_KEY_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,62}$"


class _Position(BaseModel):
    model_config = ConfigDict(extra="forbid")
    x: float = Field(0.0, ge=-1e7, le=1e7, allow_inf_nan=False)
    y: float = Field(0.0, ge=-1e7, le=1e7, allow_inf_nan=False)


class NodeDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str = Field(pattern=_KEY_PATTERN, description="Stable id of the node within the pipeline.")
    type: str = Field(min_length=1, max_length=100, description="Node type key, e.g. transform.filter.")
    label: str = Field("", max_length=200)
    config: dict[str, Any] = Field(default_factory=dict, description="Validated by the node type's Config.")
    position: _Position = Field(default_factory=_Position)


class EdgeDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str = Field(pattern=_KEY_PATTERN)
    source_port: str = Field("out", pattern=_KEY_PATTERN)
    target: str = Field(pattern=_KEY_PATTERN)
    target_port: str = Field("in", pattern=_KEY_PATTERN)


class GraphDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nodes: list[NodeDocument] = Field(default_factory=list)
    edges: list[EdgeDocument] = Field(default_factory=list)


def graph_errors(exc: PydanticValidationError, *, prefix: str = "") -> dict[str, list[str]]:
    """Pydantic errors as field-level messages keyed by dotted path (``nodes.3.key``)."""
    errors: dict[str, list[str]] = defaultdict(list)
    for err in exc.errors(include_url=False):
        path = ".".join(str(p) for p in err.get("loc", ()))
        errors[f"{prefix}{path}" if path else prefix.rstrip(".") or "graph"].append(err.get("msg", "invalid"))
    return dict(errors)


def refused_expressions(type_key: str, config: Any) -> list[tuple[str, str]]:
    """``(field path, message)`` for every expression of a node's config that is not allowed.

    A refused expression makes the whole document unstorable (unlike other config problems, which
    a draft may hold): it must never be saved, shared as a template, or reach Polars.
    """
    node_type = registry.get(type_key)
    if node_type is None or not isinstance(config, dict):
        return []
    try:
        node_type.parse_config(config)
    except PydanticValidationError as exc:
        return [
            (".".join(str(p) for p in err.get("loc", ())), err.get("msg", "not allowed"))
            for err in exc.errors(include_url=False)
            if err.get("type") == NOT_ALLOWED
        ]
    return []


def parse_graph_document(data: Any, *, field_prefix: str = "") -> Graph:
    """Check the shape and the storable invariants of a graph document and return a Graph.

    Raises django ValidationError with field-level messages. Storable means: a
    known size, unique node keys, and edges between nodes that exist. Everything
    else (unknown types, bad configs, missing inputs) is a *validation* problem
    and may be saved as a draft — but for an expression that is not allowed (``refused_expressions``).
    """
    from django.core.exceptions import ValidationError

    if not isinstance(data, dict):
        raise ValidationError({field_prefix.rstrip(".") or "graph": ["Expected an object with nodes and edges."]})
    nodes = data.get("nodes")
    edges = data.get("edges")
    max_nodes, max_edges = settings.SLUICE_MAX_GRAPH_NODES, settings.SLUICE_MAX_GRAPH_EDGES
    if isinstance(nodes, list) and len(nodes) > max_nodes:
        raise ValidationError({f"{field_prefix}nodes": [f"At most {max_nodes} nodes, not {len(nodes)}."]})
    if isinstance(edges, list) and len(edges) > max_edges:
        raise ValidationError({f"{field_prefix}edges": [f"At most {max_edges} edges, not {len(edges)}."]})
    try:
        doc = GraphDocument.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationError(graph_errors(exc, prefix=field_prefix)) from exc
    errors: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    for i, node in enumerate(doc.nodes):
        if node.key in seen:
            errors[f"{field_prefix}nodes.{i}.key"].append(f"Node key {node.key!r} is used more than once.")
        seen.add(node.key)
    edge_seen: set[tuple[str, str, str, str]] = set()
    for i, edge in enumerate(doc.edges):
        for end in ("source", "target"):
            if getattr(edge, end) not in seen:
                errors[f"{field_prefix}edges.{i}.{end}"].append(f"No node with key {getattr(edge, end)!r}.")
        ident = (edge.source, edge.source_port, edge.target, edge.target_port)
        if ident in edge_seen:
            errors[f"{field_prefix}edges.{i}"].append("The same edge appears twice.")
        edge_seen.add(ident)
    for i, node in enumerate(doc.nodes):
        for path, message in refused_expressions(node.type, node.config):
            errors[f"{field_prefix}nodes.{i}.config.{path}"].append(message)
    if errors:
        raise ValidationError(dict(errors))
    return Graph(
        nodes=[
            NodeSpec(key=n.key, type=n.type, config=n.config, label=n.label, x=n.position.x, y=n.position.y)
            for n in doc.nodes
        ],
        edges=[
            EdgeSpec(source=e.source, source_port=e.source_port, target=e.target, target_port=e.target_port)
            for e in doc.edges
        ],
    )
