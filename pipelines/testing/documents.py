"""``kind: PipelineTest`` documents: a test kept beside its pipeline's document in a repository.

```yaml
apiVersion: sluice.dev/v1
kind: PipelineTest
metadata: {name: big-orders-only, pipeline: orders}
spec:
  fixtures:
    src: {file: fixtures/orders.csv}
  expect:
    dst: {file: golden/dst.json, ignore_order: true}
```

Fixtures and golden outputs are inline rows, or ``file:`` references relative to the document's folder:
never absolute, never through ``..`` or a symbolic link out of that folder, at most
``spec.MAX_FILE_BYTES`` and ``spec.MAX_ROWS`` rows each (``resolve_files`` reads them into ``format`` +
``content``). A document that comes without a folder (pasted, uploaded, applied through the API) must carry
its tables inline: ``inline_file_references`` inlines them before applying where there is a folder (git
sync reads them from the fetched tree; ``sluice pipelines apply`` inlines them on the client).
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from pydantic import Field, model_validator

from pipelines.documents import MAX_BYTES, DocumentError, ParsedDocument, documents_parse
from pipelines.documents.pipeline import values_of
from pipelines.models.testcase import NAME_PATTERN
from pipelines.testing.frames import TableError, table_frame
from pipelines.testing.spec import MAX_FILE_BYTES, MAX_TABLES, Expectation, ExpectError, Fixture, Tolerances, _Strict

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
SUFFIX_FORMATS = {".csv": "csv", ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson", ".parquet": "parquet"}
FILE_FIELD = Field(None, max_length=500, description="A file relative to the document's folder (csv, json, parquet).")


def _one_of(table) -> Any:
    given = [table.rows is not None, table.content is not None, table.file is not None]
    if sum(given) != 1:
        raise ValueError("give one of rows, file, or format and content")
    if table.content is not None and table.format is None:
        raise ValueError("content needs its format (csv, json, ndjson or parquet)")
    return table


class DocumentFixture(Fixture):
    file: str | None = FILE_FIELD

    @model_validator(mode="after")
    def _one_source(self):
        return _one_of(self)


class DocumentExpectation(Expectation):
    file: str | None = FILE_FIELD

    @model_validator(mode="after")
    def _one_source(self):
        return _one_of(self)


class TestMetadata(_Strict):
    name: str = Field(pattern=NAME_PATTERN, description="Unique within the pipeline.")
    pipeline: str = Field(max_length=100, pattern=SLUG_PATTERN, description="The slug of the pipeline tested.")
    description: str = Field("", max_length=2000)


class TestDocumentSpec(_Strict):
    params: dict[str, Any] = Field(default_factory=dict)
    fixtures: dict[str, DocumentFixture] = Field(default_factory=dict, max_length=MAX_TABLES)
    expect: dict[str, DocumentExpectation] = Field(default_factory=dict, max_length=MAX_TABLES)
    expect_error: ExpectError | None = None
    tolerances: Tolerances = Field(default_factory=Tolerances)


class PipelineTestDocument(_Strict):
    """A test of a pipeline: fixtures for its sources, golden rows for its destinations."""

    __test__ = False

    apiVersion: Literal["sluice.dev/v1"] = Field(description="Always sluice.dev/v1.")
    kind: Literal["PipelineTest"]
    metadata: TestMetadata
    spec: TestDocumentSpec


class FileRefError(ValueError):
    """A ``file:`` reference that may not or cannot be read; the message names it."""


def reference_path(reference: str) -> PurePosixPath:
    """``reference`` as a relative path; FileRefError when it is absolute, goes through ``..`` or names a drive."""
    posix = PurePosixPath(str(reference).replace("\\", "/"))
    if posix.is_absolute() or ".." in posix.parts or not posix.parts or ":" in posix.parts[0]:
        raise FileRefError(f"{reference!r}: a file reference is a path inside the document's folder")
    return posix


def _checked(folder: Path, reference: str) -> Path:
    """The file ``reference`` names inside ``folder``; FileRefError when it leaves the folder or is missing."""
    posix = reference_path(reference)
    base = folder.resolve()
    target = (base / Path(*posix.parts)).resolve()
    if not target.is_relative_to(base):
        raise FileRefError(f"{reference!r} leads out of the document's folder")
    if not target.is_file():
        raise FileRefError(f"{reference!r}: no such file")
    if target.stat().st_size > MAX_FILE_BYTES:
        raise FileRefError(f"{reference!r} is larger than {MAX_FILE_BYTES // 2**20} MB")
    return target


def _format(table: dict[str, Any], path: PurePosixPath | Path) -> str:
    fmt = table.get("format") or SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise FileRefError(f"{path.name}: say its format (csv, json, ndjson or parquet)")
    return fmt


def resolve_files(spec: dict[str, Any], *, folder: Path | None) -> dict[str, Any]:
    """``spec`` (a document's spec as plain data) with every ``file:`` read into ``format`` + ``content``.

    ``folder`` None (a document without a folder) refuses every file reference."""
    out = {**spec}
    for section in ("fixtures", "expect"):
        tables = {}
        for key, table in (spec.get(section) or {}).items():
            table = dict(table)
            reference = table.pop("file", None)
            if reference is not None:
                if folder is None:
                    raise FileRefError(
                        f"{section}.{key}: file references are read beside the document on disk (sluice "
                        "pipelines apply and git sync inline them); here give the rows inline"
                    )
                path = _checked(folder, reference)
                table["format"] = _format(table, path)
                table["content"] = base64.b64encode(path.read_bytes()).decode()
            tables[key] = table
        out[section] = tables
    return out


def document_test_data(document: PipelineTestDocument, *, folder: Path | None) -> dict[str, Any]:
    """The ``TestSpec`` data of a document (files read from ``folder``)."""
    spec = document.spec.model_dump(mode="json", by_alias=True, exclude_none=True)
    resolved = resolve_files(spec, folder=folder)
    return {**resolved, "name": document.metadata.name, "description": document.metadata.description}


# --- inlining before apply (git sync, manage.py) ------------------------------------------------------

Reader = Callable[[PurePosixPath], bytes]  # a checked relative path in the document's folder -> its bytes


def folder_reader(folder: Path) -> Reader:
    """Files of a directory on disk: inside it after resolving symbolic links, at most MAX_FILE_BYTES."""
    return lambda relative: _checked(folder, relative.as_posix()).read_bytes()


def _inlined(table: dict[str, Any], read: Reader) -> dict[str, Any]:
    """``table`` with its ``file:`` read as ``format`` + base64 ``content``, checked within the bounds."""
    reference = str(table["file"])
    relative = reference_path(reference)
    data = read(relative)
    if len(data) > MAX_FILE_BYTES:
        raise FileRefError(f"{reference!r} is larger than {MAX_FILE_BYTES // 2**20} MB")
    fmt = _format(table, relative)
    content = base64.b64encode(data).decode()
    try:
        table_frame(Fixture(format=fmt, content=content))  # readable, at most MAX_ROWS rows
    except TableError as exc:
        raise FileRefError(f"{reference!r}: {exc}") from None
    return {**{k: v for k, v in table.items() if k != "file"}, "format": fmt, "content": content}


def inline_file_references(document: ParsedDocument, *, folder: Path | Reader) -> ParsedDocument:
    """A ``kind: PipelineTest`` document with every ``file:`` fixture and golden output read from ``folder``
    (a directory, or a reader of paths relative to the document's folder, as git sync's tree) and inlined
    as ``format`` + base64 ``content``: what the server applies. Other documents come back as they are.

    Raises FileRefError naming the document, the field and the file when a reference is absolute, goes
    through ``..`` or a symbolic link out of the folder, is missing, larger than MAX_FILE_BYTES, has
    more than MAX_ROWS rows or cannot be read in its format."""
    if document.kind != "PipelineTest" or not document.ok or not isinstance(document.data, dict):
        return document
    read = folder_reader(folder) if isinstance(folder, Path) else folder
    spec = dict(document.data.get("spec") or {})
    changed = False
    for section in ("fixtures", "expect"):
        tables = dict(spec.get(section) or {})
        for key, table in tables.items():
            if isinstance(table, dict) and table.get("file") is not None:
                where = document.problem(f"spec.{section}.{key}.file", "").where(document.label)
                try:
                    tables[key] = _inlined(table, read)
                except FileRefError as exc:
                    raise FileRefError(f"{where}: {exc}") from None
                changed = True
        if tables:
            spec[section] = tables
    if not changed:
        return document
    data = {**document.data, "spec": spec}
    return dataclasses.replace(document, data=data, model=PipelineTestDocument.model_validate(data))


def golden_path(document: PipelineTestDocument, target: str, *, folder: Path) -> Path | None:
    """The golden file of ``target`` (for --update-golden), None when the golden rows are inline."""
    reference = document.spec.expect[target].file
    if reference is None:
        return None
    posix = PurePosixPath(reference.replace("\\", "/"))
    if posix.is_absolute() or ".." in posix.parts:
        raise FileRefError(f"{reference!r}: a file reference is a path inside the document's folder")
    target_path = (folder.resolve() / Path(*posix.parts)).resolve()
    if not target_path.is_relative_to(folder.resolve()):
        raise FileRefError(f"{reference!r} leads out of the document's folder")
    return target_path


# --- a folder of documents (manage.py test_pipelines --path) ------------------------------------------


class Folder:
    """The pipelines (slug -> graph data) and tests (document, its folder) of a directory's documents, and
    the files that could not be read (``failures``: file -> message)."""

    def __init__(self) -> None:
        self.graphs: dict[str, dict[str, Any]] = {}
        self.tests: list[tuple[PipelineTestDocument, Path, str]] = []
        self.failures: list[tuple[str, str]] = []


def _add(folder: Folder, path: Path) -> None:
    """The documents of one file into ``folder``; files of data (fixtures, golden rows) are left alone."""
    if path.stat().st_size > MAX_BYTES:
        folder.failures.append((str(path), f"larger than {MAX_BYTES // 2**20} MB"))
        return
    try:
        documents = documents_parse(path.read_bytes(), filename=str(path))
    except DocumentError as exc:
        folder.failures.append((str(path), str(exc)))
        return
    for document in documents:
        if not document.kind and not document.api_version:
            continue  # not a Sluice document: a fixture or a golden file
        if not document.ok:
            for problem in document.problems:
                folder.failures.append((problem.where(document.label), problem.message))
        elif document.kind == "PipelineTest":
            folder.tests.append((document.model, path.parent, document.label))
        elif document.kind == "Pipeline":
            values = values_of(document.model)
            folder.graphs[values["slug"]] = values["graph"]


def load_folder(root: Path) -> Folder:
    """Every document of ``root`` and its subdirectories (hidden ones skipped)."""
    folder = Folder()
    files = [root] if root.is_file() else sorted(root.rglob("*"))
    for path in files:
        relative = path.relative_to(root).parts if path != root else ()
        if any(p.startswith(".") for p in relative) or path.suffix.lower() not in (".yaml", ".yml", ".json"):
            continue
        if not path.is_file() or path.is_symlink():
            continue
        _add(folder, path)
    return folder
