"""Nodes: their keys, their types and their configs."""

from __future__ import annotations

from pydantic import ValidationError as PydanticValidationError

from pipelines.graph import NodeSpec
from pipelines.nodes.expressions import NOT_ALLOWED
from pipelines.validation.result import Problem


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
