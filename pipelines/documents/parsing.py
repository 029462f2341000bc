"""Reading documents out of YAML or JSON text, keeping where each value was written.

``documents_parse(text, filename=...)`` composes every YAML document of ``text`` (``---`` separated;
JSON is YAML too) into PyYAML's node tree, refuses what breaks the bounds of ``limits`` (size, alias
bombs, depth, duplicate keys), builds plain data with the safe constructor, recognises the kind
(``apiVersion`` + ``kind``, or an old ``sluice: 1`` export) and validates it against the kind's pydantic
model. Every problem carries a dotted field path and the line and column it was written at, so
``spec.graph.nodes.2.confg`` comes back as ``pipeline.yaml:14:7: spec.graph.nodes.2.confg: Extra inputs
are not permitted``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from core.ids import is_digits
from pipelines.documents import kinds, limits
from pipelines.documents.limits import DocumentError


@dataclass
class DocumentProblem:
    """One thing wrong with a document: where (dotted path, 1-based line and column) and what."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "message": self.message, "line": self.line, "column": self.column}

    def where(self, filename: str | None = None) -> str:
        place = ":".join(str(p) for p in (filename, self.line, self.column) if p is not None)
        return f"{place}: {self.path}" if place and self.path else place or self.path


@dataclass
class ParsedDocument:
    """One document of a file: its raw data, its kind, its validated model (None when it has problems)."""

    filename: str | None
    index: int
    line: int
    api_version: str
    kind: str
    data: Any
    model: BaseModel | None = None
    problems: list[DocumentProblem] = field(default_factory=list)
    legacy: bool = False
    node: Any = field(default=None, repr=False, compare=False)  # the composed YAML node (for locations)

    @property
    def ok(self) -> bool:
        return self.model is not None and not self.problems

    @property
    def label(self) -> str:
        """``file.yaml`` or ``file.yaml#2`` (the third document of the file)."""
        name = self.filename or "document"
        return f"{name}#{self.index}" if self.index else name

    def locate(self, path: str | Sequence[Any]) -> tuple[int | None, int | None]:
        """1-based line and column of ``path`` (the deepest part of it that was written)."""
        return locate(self.node, path) if self.node is not None else (None, None)

    def problem(self, path: str, message: str) -> DocumentProblem:
        line, column = self.locate(path)
        return DocumentProblem(path=path, message=message, line=line, column=column)

    def add_problem(self, path: str, message: str) -> None:
        self.problems.append(self.problem(path, message))
        self.model = None


def _parts(path: str | Sequence[Any]) -> list[Any]:
    if isinstance(path, str):
        return [int(p) if is_digits(p) else p for p in path.split(".") if p != ""]
    return list(path)


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def locate(node, path: str | Sequence[Any]) -> tuple[int | None, int | None]:
    """Walk the YAML node tree along ``path``; the mark of the key (for a mapping entry) or item found last."""
    if node is None:
        return None, None
    found = _mark(node)
    for part in _parts(path):
        if isinstance(node, yaml.MappingNode):
            entry = next(
                (kv for kv in node.value if isinstance(kv[0], yaml.ScalarNode) and kv[0].value == str(part)), None
            )
            if entry is None:
                break
            found, node = _mark(entry[0]), entry[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            found = _mark(node)
        else:
            break
    return found


def _check_nodes(root) -> list[DocumentProblem]:
    """Refuse alias bombs (expanded size over MAX_ITEMS) and report duplicate mapping keys."""
    limit = limits.MAX_ITEMS
    sizes: dict[int, int] = {}
    problems: list[DocumentProblem] = []

    def size(node) -> int:
        if isinstance(node, yaml.ScalarNode):
            return 1
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = limit + 1  # a cycle (only through aliases) counts as too big
        total = 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                    line, column = _mark(key)
                    if key.value in seen:
                        problems.append(
                            DocumentProblem(
                                "", f"Duplicate key {key.value!r} (first on line {seen[key.value]}).", line, column
                            )
                        )
                    seen.setdefault(key.value, line)
                total += size(key) + size(value)
                if total > limit:
                    break
        else:
            for child in node.value:
                total += size(child)
                if total > limit:
                    break
        sizes[id(node)] = total
        return total

    if size(root) > limit:
        raise DocumentError(f"holds more than {limit} values once its aliases are expanded; refused")
    return problems


def _compose(text: str) -> list[Any]:
    try:
        nodes = []
        for node in yaml.compose_all(text, Loader=yaml.SafeLoader):
            nodes.append(node)
            if len(nodes) > limits.MAX_DOCUMENTS:
                raise DocumentError(f"holds more than {limits.MAX_DOCUMENTS} documents; refused")
        return nodes
    except yaml.YAMLError as exc:
        raise DocumentError(f"not valid YAML: {' '.join(str(exc).split())}") from None


def _construct(node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise DocumentError(f"not valid YAML: {' '.join(str(exc).split())}") from None
    finally:
        loader.dispose()


def _json_documents(text: str) -> list[tuple[Any, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"not valid JSON: {exc}") from None
    if limits.expanded_items(data, limits.MAX_ITEMS) > limits.MAX_ITEMS:
        raise DocumentError(f"holds more than {limits.MAX_ITEMS} values; refused")
    return [(data, None)]


def _documents_of(text: str, filename: str | None) -> list[tuple[Any, Any]]:
    """``(data, node)`` of every document in ``text``; JSON that YAML cannot read (tabs) has no node."""
    try:
        nodes = _compose(text)
    except DocumentError:
        if not (filename or "").lower().endswith(".json"):
            raise
        nodes = None
    if nodes is None:
        return _json_documents(text)
    return [(None, node) for node in nodes if node is not None]


def documents_parse(text: str | bytes, *, filename: str | None = None) -> list[ParsedDocument]:
    """Every document of ``text`` (YAML or JSON), each recognised and validated against its kind.

    Raises DocumentError (one line) when the text as a whole cannot be read: too big, not UTF-8, not
    YAML/JSON, an alias bomb, nested too deeply. Problems of one document (unknown or missing fields,
    wrong types, an unknown kind, duplicate keys) are on that document, with paths and lines."""
    if isinstance(text, bytes):
        text = limits.decode_text(text)
    if len(text.encode("utf-8", "surrogatepass")) > limits.MAX_BYTES:
        raise DocumentError(limits.too_big_message())
    try:
        parsed = []
        for index, (data, node) in enumerate(_documents_of(text, filename)):
            problems = _check_nodes(node) if node is not None else []
            if node is not None:
                data = _construct(node)
            document = _recognise(data, node=node, filename=filename, index=index)
            document.problems[:0] = problems
            document.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
            if problems:
                document.model = None
            parsed.append(document)
        return parsed
    except RecursionError:
        raise DocumentError("nested too deeply") from None


def _recognise(data: Any, *, node, filename: str | None, index: int) -> ParsedDocument:
    line = _mark(node)[0] if node is not None else 1
    document = ParsedDocument(filename=filename, index=index, line=line, api_version="", kind="", data=data, node=node)
    if not isinstance(data, dict):
        document.add_problem("", "Expected a mapping with apiVersion, kind, metadata and spec.")
        return document
    kind = kinds.kind_of(data)
    if kind is None:
        _explain_unknown_kind(document)
        return document
    document.api_version, document.kind, document.legacy = kind.api_version, kind.name, kind.is_legacy(data)
    model = kind.legacy_model if document.legacy else kind.model
    try:
        document.model = model.model_validate(data)
    except PydanticValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = [p for p in err.get("loc", ()) if isinstance(p, str | int)]
            path = ".".join(str(p) for p in loc)
            document.problems.append(document.problem(path, _message(err, loc)))
        document.model = None
        return document
    for path, message in kind.check(document.model) if kind.check else ():
        document.add_problem(path, message)
    return document


def _message(err: dict[str, Any], loc: list[Any]) -> str:
    """Pydantic's message, in words for people who write documents by hand."""
    kind = err.get("type")
    if kind == "missing":
        return "Required field is missing."
    if kind == "extra_forbidden":
        return "Unknown field: not allowed here."
    if kind == "string_pattern_mismatch" and len(loc) >= 2 and loc[-2] == "tags":
        return f"Invalid tag {err.get('input')!r}: use lowercase letters, digits, '-' and '_' (at most 50)."
    return err.get("msg", "invalid")


def _explain_unknown_kind(document: ParsedDocument) -> None:
    data = document.data
    api_version, kind = data.get("apiVersion"), data.get("kind")
    if api_version is None and kind is None:
        document.add_problem("", "Not a Sluice document: it needs apiVersion (sluice.dev/v1) and kind.")
    elif api_version not in kinds.api_versions():
        known = ", ".join(sorted(kinds.api_versions()))
        document.add_problem("apiVersion", f"Unknown apiVersion {api_version!r}; expected {known}.")
    else:
        known = ", ".join(sorted(k.name for k in kinds.registered() if k.api_version == api_version))
        document.add_problem("kind", f"Unknown kind {kind!r}; known kinds: {known}.")
    document.api_version = api_version if isinstance(api_version, str) else ""
    document.kind = kind if isinstance(kind, str) else ""
