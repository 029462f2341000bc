"""Sluice documents on disk, as the CLI reads them: which files (a directory's *.yaml, *.yml and *.json,
hidden ones skipped), the offline check against the bundled JSON Schema (with line numbers), the zip
archive sent to the import API, and the tests (``kind: PipelineTest``) with their fixture files read.

The server keeps a test's fixtures and golden outputs inline, so ``file:`` references are read here, beside
the document, with the server's rules (``pipelines.testing.documents``): a path inside the document's
folder (not absolute, no ``..``, no symbolic link out of it), at most 2 MB. The archive sent by ``validate``
and ``apply`` carries such a test with its files inlined (``format`` + base64 ``content``), and leaves out
the files tests reference (a golden ``.json`` is data, not a document). Rows (at most 10,000) are counted
by the server."""

from __future__ import annotations

import base64
import contextlib
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
MAX_TABLE_BYTES = 2 * 2**20  # one fixture or golden file, as the server allows


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
    """One zip of the documents, named as in messages: the import API applies them all or none. A file of
    tests with ``file:`` references goes with them inlined; the files tests reference are left out."""
    parsed = {document.name: parse(document) for document in files}
    referenced = _data_files(parsed.values())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for document in files:
            if document.path.resolve() in referenced:
                continue
            found = parsed[document.name]
            if any(_tables_with_files(p) for p in found):
                data = [{**p.data, "spec": _inlined_spec(p)} if _tables_with_files(p) else p.data for p in found]
                zipped.writestr(document.name, yaml.safe_dump_all(data, sort_keys=False, allow_unicode=True))
            else:
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
    by_file = [parse(f) for f in files]
    referenced = _data_files(by_file)
    parsed = [p for found in by_file for p in found if p.file.path.resolve() not in referenced]
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


def _reference(reference: Any, base: Path) -> Path:
    """The file a reference names beside the document; ValueError when it may not be read."""
    posix = PurePosixPath(str(reference).replace("\\", "/"))
    if posix.is_absolute() or ".." in posix.parts or not posix.parts or ":" in posix.parts[0]:
        raise ValueError("a file reference is a path inside the document's folder")
    path = (base / Path(*posix.parts)).resolve()
    if not path.is_relative_to(base.resolve()):
        raise ValueError("leads out of the document's folder")
    if not path.is_file():
        raise ValueError("no such file beside the document")
    if path.stat().st_size > MAX_TABLE_BYTES:
        raise ValueError(f"larger than {MAX_TABLE_BYTES // 2**20} MB")
    return path


def _file_table(table: dict[str, Any], document: Parsed, where: str) -> dict[str, Any]:
    table = dict(table)
    reference = table.pop("file", None)
    if reference is None:
        return table
    try:
        path = _reference(reference, document.file.base)
        fmt = table.get("format") or FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise ValueError("say its format (csv, json, ndjson or parquet)")
        content = base64.b64encode(path.read_bytes()).decode()
    except (OSError, ValueError) as exc:
        raise UsageError(f"{document.file.name}: {where}.file: {reference!r}: {exc}.") from None
    return {**table, "format": fmt, "content": content}


def _tables(document: Parsed) -> list[tuple[str, str, dict[str, Any]]]:
    """``(section, key, table)`` of a test document's fixtures and expectations."""
    spec = document.data.get("spec") if document.kind == "PipelineTest" and not document.problems else None
    found = []
    for section in ("fixtures", "expect"):
        tables = spec.get(section) if isinstance(spec, dict) else None
        if isinstance(tables, dict):
            found += [(section, key, table) for key, table in tables.items() if isinstance(table, dict)]
    return found


def _tables_with_files(document: Parsed) -> bool:
    return any(table.get("file") is not None for _, _, table in _tables(document))


def _referenced(document: Parsed) -> set[Path]:
    """The files a test document references that may be read (the others fail when inlined)."""
    found = set()
    for _, _, table in _tables(document):
        if table.get("file") is not None:
            with contextlib.suppress(OSError, ValueError):
                found.add(_reference(table["file"], document.file.base))
    return found


def _data_files(parsed) -> set[Path]:
    """The files the tests among ``parsed`` (documents per file) reference: data, not documents."""
    return {path for found in parsed for document in found for path in _referenced(document)}


def _inlined_spec(document: Parsed) -> dict[str, Any]:
    """A test document's spec with its ``file:`` tables read beside it (UsageError naming the file)."""
    spec = dict(document.data.get("spec") or {})
    for section in ("fixtures", "expect"):
        spec[section] = {
            k: _file_table(v or {}, document, f"spec.{section}.{k}") for k, v in (spec.get(section) or {}).items()
        }
    return spec


def test_spec(document: Parsed) -> dict[str, Any]:
    """A ``kind: PipelineTest`` document as the body of one test (files read beside it)."""
    meta, spec = document.data.get("metadata") or {}, _inlined_spec(document)
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
