"""Nodes: their keys, their types and their configs."""

from __future__ import annotations

from pydantic import ValidationError as PydanticValidationError

from pipelines.graph import Graph, NodeSpec
from pipelines.nodes import registry
from pipelines.nodes.base import NodeType
from pipelines.nodes.expressions import NOT_ALLOWED
from pipelines.validation.result import Problem, ValidationResult


def check_nodes(graph: Graph, result: ValidationResult) -> tuple[dict[str, NodeSpec], dict[str, NodeType]]:
    """The nodes by key and the node type of each; duplicate keys, unknown types and invalid configs
    go to ``result.problems``, parsed configs to ``result.configs``."""
    nodes: dict[str, NodeSpec] = {}
    types: dict[str, NodeType] = {}
    for i, node in enumerate(graph.nodes):
        if node.key in nodes:
            result.problems.append(
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
            result.problems.append(
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
            result.problems.extend(_config_problems(node, exc))
    return nodes, types


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
