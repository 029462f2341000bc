"""What a dry run (``DocumentPlan``) or an apply (``DocumentResult``) of one document reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipelines.documents.parsing import DocumentProblem, ParsedDocument


@dataclass
class DocumentPlan:
    """What applying ``document`` would do: ``create``, ``update`` or ``unchanged`` (or ``refused`` when it
    has problems), the changes (``fields``: name -> {from, to}; ``graph``: the version diff's shape of
    ``pipelines.selectors.graph_diff``) against the current draft, and every problem found."""

    document: ParsedDocument
    action: str
    target: str = ""
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    graph: dict[str, Any] | None = None
    problems: list[DocumentProblem] = field(default_factory=list)
    # The graph's validation problems: a draft may hold them, a version may not.
    validation: list[DocumentProblem] = field(default_factory=list)
    valid: bool | None = None  # the graph would make a version (None: not checked)
    object_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.action != "refused"

    @property
    def graph_changed(self) -> bool:
        return bool(self.graph) and any(self.graph.get(k) for k in GRAPH_CHANGE_KEYS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.document.filename or "",
            "index": self.document.index,
            "line": self.document.line,
            "api_version": self.document.api_version,
            "kind": self.document.kind,
            "legacy": self.document.legacy,
            "target": self.target,
            "id": self.object_id,
            "action": self.action,
            "fields": self.fields,
            "diff": self.graph,
            "valid": self.valid,
            "problems": [p.to_dict() for p in self.problems],
            "validation": [p.to_dict() for p in self.validation],
        }


GRAPH_CHANGE_KEYS = ("nodes_added", "nodes_removed", "nodes_changed", "edges_added", "edges_removed")


@dataclass
class DocumentResult:
    """What applying a document did: ``created``, ``updated`` or ``unchanged``; the object and the version."""

    document: ParsedDocument
    action: str
    target: str
    object: Any = None
    version: Any = None
    new_version: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.document.filename or "",
            "index": self.document.index,
            "kind": self.document.kind,
            "target": self.target,
            "id": getattr(self.object, "pk", None),
            "action": self.action,
            "version": getattr(self.version, "number", None),
            "new_version": self.new_version,
        }
