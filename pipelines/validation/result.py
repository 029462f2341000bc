"""What a validation returns: every problem found, and the schemas, lineage and order of a valid graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipelines.nodes.base import NodeConfig


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
    # Not problems: nodes that hold their input in memory and so cannot stream (validation.streaming)
    warnings: list[Problem] = field(default_factory=list)
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
            "warnings": [p.to_dict() for p in self.warnings],
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
            warnings=[
                Problem(code=p["code"], message=p["message"], node=p.get("node"), field=p.get("field"))
                for p in data.get("warnings", [])
            ],
            schemas=data.get("schemas", {}),
            lineage=data.get("lineage", {}),
            order=list(data.get("order", [])),
        )
