"""Sluice documents on disk, as the CLI reads them: which files (a directory's *.yaml, *.yml and *.json,
hidden ones skipped), the offline check against the bundled JSON Schema (with line numbers), the zip
archive sent to the import API, and the tests (``kind: PipelineTest``) with their fixture files read."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from sluice_cli.errors import UsageError

SUFFIXES = (".yaml", ".yml", ".json")
FORMATS = {".csv": "csv", ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson", ".parquet": "parquet"}
MAX_FILE_BYTES = 10 * 2**20


@dataclass
class DocumentFile:
    path: Path
    name: str  # as shown in messages and inside the archive: relative to the directory given
    base: Path  # the folder file references are read from


def collect(paths: list[Path]) -> list[DocumentFile]:
    """The document files of ``paths`` (files as given, directories searched recursively)."""
    found: list[DocumentFile] = []
    for given in paths:
        if given.is_dir():
            for child in sorted(given.rglob("*")):
                relative = child.relative_to(given)
                hidden = any(part.startswith(".") for part in relative.parts)
                if child.is_file() and child.suffix.lower() in SUFFIXES and not hidden:
                    found.append(DocumentFile(child, relative.as_posix(), child.parent))
        elif given.is_file():
            found.append(DocumentFile(given, given.name, given.parent))
        else:
            raise UsageError(f"{given}: no such file or directory.")
    if not found:
        raise UsageError(f"No documents (*.yaml, *.yml, *.json) in {', '.join(map(str, paths))}.")
    return found


def archive(files: list[DocumentFile]) -> bytes:
    """One zip of the documents, named as in messages: the import API applies them all or none."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for document in files:
            zipped.writestr(document.name, document.path.read_bytes())
    return buffer.getvalue()


# --- reading with line numbers -----------------------------------------------------------------------


@dataclass
class Parsed:
    file: DocumentFile
    index: int
    data: Any
    node: yaml.Node | None
    problems: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return str(self.data.get("kind", "")) if isinstance(self.data, dict) else ""

    def line_of(self, path: list) -> int | None:
        node = self.node
        for step in path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if getattr(k, "value", None) == str(step)), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
            else:
                break
            if node is None:
                return None
        return node.start_mark.line + 1 if node is not None else None


def parse(document: DocumentFile) -> list[Parsed]:
    """The documents of one file; a file that cannot be read is one Parsed with a problem."""
    try:
        if document.path.stat().st_size > MAX_FILE_BYTES:
            raise ValueError(f"larger than {MAX_FILE_BYTES // 2**20} MB")
        text = document.path.read_text(encoding="utf-8")
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
        datas = list(yaml.safe_load_all(text))
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        message = " ".join(str(exc).split())[:300]
        return [Parsed(document, 0, None, None, [f"not a YAML or JSON document: {message}"])]
    return [Parsed(document, i, data, node) for i, (data, node) in enumerate(zip(datas, nodes, strict=True))]


def _schema() -> dict[str, Any]:
    text = resources.files("sluice_cli").joinpath("document-schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def check_offline(files: list[DocumentFile]) -> list[Parsed]:
    """Every document checked against the JSON Schema bundled with this client (no server)."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(_schema())
    parsed = [p for f in files for p in parse(f)]
    for document in parsed:
        if document.problems or document.data is None:
            continue
        for error in sorted(validator.iter_errors(document.data), key=lambda e: [str(p) for p in e.absolute_path]):
            path = list(error.absolute_path)
            message = error.message
            if error.validator == "additionalProperties" and isinstance(error.instance, dict):
                known = set((error.schema or {}).get("properties") or {})
                extra = sorted(str(k) for k in error.instance if k not in known)
                if extra:  # point at the first unknown field itself
                    path, message = [*path, extra[0]], f"unknown field {extra[0]!r}"
            where = ".".join(str(p) for p in path) or "(document)"
            line = document.line_of(path)
            document.problems.append(f"{where}{f' (line {line})' if line else ''}: {message}")
    return parsed


# --- tests -------------------------------------------------------------------------------------------


def _file_table(table: dict[str, Any], base: Path) -> dict[str, Any]:
    table = dict(table)
    reference = table.pop("file", None)
    if reference is None:
        return table
    posix = PurePosixPath(str(reference).replace("\\", "/"))
    if posix.is_absolute() or ".." in posix.parts:
        raise UsageError(f"{reference!r}: a file reference is a path inside the document's folder.")
    path = (base / Path(*posix.parts)).resolve()
    if not path.is_relative_to(base.resolve()) or not path.is_file():
        raise UsageError(f"{reference!r}: no such file beside the document.")
    fmt = table.get("format") or FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(f"{reference!r}: say its format (csv, json, ndjson or parquet).")
    return {**table, "format": fmt, "content": base64.b64encode(path.read_bytes()).decode()}


def test_spec(document: Parsed) -> dict[str, Any]:
    """A ``kind: PipelineTest`` document as the body of one test (files read beside it)."""
    meta, spec = document.data.get("metadata") or {}, dict(document.data.get("spec") or {})
    for section in ("fixtures", "expect"):
        spec[section] = {k: _file_table(v or {}, document.file.base) for k, v in (spec.get(section) or {}).items()}
    body = {"name": meta.get("name"), **spec}
    if meta.get("description"):
        body["description"] = meta["description"]
    return body


def pipelines_and_tests(files: list[DocumentFile]) -> tuple[dict[str, dict], dict[str, list[Parsed]]]:
    """The graphs of the Pipeline documents (slug -> graph) and the tests per pipeline slug."""
    graphs: dict[str, dict] = {}
    tests: dict[str, list[Parsed]] = {}
    for document in (p for f in files for p in parse(f)):
        if document.problems:
            raise UsageError(f"{document.file.name}: {document.problems[0]}")
        data = document.data if isinstance(document.data, dict) else {}
        if document.kind == "Pipeline":
            graphs[str((data.get("metadata") or {}).get("slug"))] = (data.get("spec") or {}).get("graph") or {}
        elif data.get("sluice") == 1 and data.get("slug"):  # the old export format
            graphs[str(data["slug"])] = data.get("graph") or {}
        elif document.kind == "PipelineTest":
            tests.setdefault(str((data.get("metadata") or {}).get("pipeline")), []).append(document)
    return graphs, tests
