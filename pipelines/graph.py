"""A pipeline graph as plain data, its canonical JSON and content hash, and the graph document users send.

Validation (every problem at once, schemas and lineage) is ``pipelines.validation.validate_graph``.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from pipelines.nodes import registry
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
class GroupSpec:
    """A named, collapsible box around nodes on the canvas: purely visual, never part of execution
    (not in ``content_hash``, not seen by validation or runs)."""

    key: str
    label: str = ""
    nodes: list[str] = field(default_factory=list)
    collapsed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "nodes": list(self.nodes), "collapsed": self.collapsed}


@dataclass
class Graph:
    nodes: list[NodeSpec] = field(default_factory=list)
    edges: list[EdgeSpec] = field(default_factory=list)
    groups: list[GroupSpec] = field(default_factory=list)

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
        groups = [
            GroupSpec(
                key=g["key"],
                label=g.get("label") or "",
                nodes=list(g.get("nodes") or []),
                collapsed=bool(g.get("collapsed")),
            )
            for g in data.get("groups") or []
        ]
        return cls(nodes=nodes, edges=edges, groups=groups)

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON; ``groups`` only when there are some (a graph without keeps its old shape)."""
        data: dict[str, Any] = {"nodes": [n.to_dict() for n in self.nodes], "edges": [e.to_dict() for e in self.edges]}
        if self.groups:
            data["groups"] = [g.to_dict() for g in self.groups]
        return data

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


MAX_GROUPS = 500


class GroupDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str = Field(pattern=_KEY_PATTERN, description="Stable id of the group within the pipeline.")
    label: str = Field("", max_length=200, description="Name shown on the canvas.")
    nodes: list[str] = Field(
        min_length=1, max_length=5000, description="Keys of the nodes in the group (each in one group at most)."
    )
    collapsed: bool = Field(False, description="Drawn as one summary box.")


class GraphDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nodes: list[NodeDocument] = Field(default_factory=list)
    edges: list[EdgeDocument] = Field(default_factory=list)
    groups: list[GroupDocument] = Field(
        default_factory=list,
        max_length=MAX_GROUPS,
        description="Canvas groups: purely visual, they never change what runs.",
    )


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
    _group_errors(doc.groups, seen, errors, field_prefix)
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
        groups=[GroupSpec(key=g.key, label=g.label, nodes=list(g.nodes), collapsed=g.collapsed) for g in doc.groups],
    )


def _group_errors(
    groups: list[GroupDocument], node_keys: set[str], errors: dict[str, list[str]], field_prefix: str
) -> None:
    """Unique group keys; members that are nodes of the graph, each in one group at most."""
    group_keys: set[str] = set()
    owner: dict[str, str] = {}
    for i, group in enumerate(groups):
        where = f"{field_prefix}groups.{i}"
        if group.key in group_keys:
            errors[f"{where}.key"].append(f"Group key {group.key!r} is used more than once.")
        group_keys.add(group.key)
        for j, member in enumerate(group.nodes):
            if member not in node_keys:
                errors[f"{where}.nodes.{j}"].append(f"No node with key {member!r}.")
            elif member in owner:
                errors[f"{where}.nodes.{j}"].append(f"Node {member!r} is already in group {owner[member]!r}.")
            else:
                owner[member] = group.key


def topological_order(keys: list[str], edges: list[tuple[str, str]]) -> list[str]:
    """Kahn's order of ``keys`` over ``edges`` (source, target); keys on a cycle are left out, which the
    structure checks report."""
    indegree = dict.fromkeys(keys, 0)
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
