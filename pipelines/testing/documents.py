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
``spec.MAX_FILE_BYTES`` each (``resolve_files`` reads them into ``format`` + ``content``). A document that
comes without a folder (pasted, uploaded, applied through the API) must carry its tables inline.
"""

from __future__ import annotations

import base64
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from pydantic import Field, model_validator

from pipelines.models.testcase import NAME_PATTERN
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


def _checked(folder: Path, reference: str) -> Path:
    """The file ``reference`` names inside ``folder``; FileRefError when it leaves the folder or is missing."""
    posix = PurePosixPath(reference.replace("\\", "/"))
    if posix.is_absolute() or ".." in posix.parts or not posix.parts or ":" in posix.parts[0]:
        raise FileRefError(f"{reference!r}: a file reference is a path inside the document's folder")
    base = folder.resolve()
    target = (base / Path(*posix.parts)).resolve()
    if not target.is_relative_to(base):
        raise FileRefError(f"{reference!r} leads out of the document's folder")
    if not target.is_file():
        raise FileRefError(f"{reference!r}: no such file")
    if target.stat().st_size > MAX_FILE_BYTES:
        raise FileRefError(f"{reference!r} is larger than {MAX_FILE_BYTES // 2**20} MB")
    return target


def _format(table: dict[str, Any], path: Path) -> str:
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
                        f"{section}.{key}: file references are read beside the document on disk "
                        "(manage.py test_pipelines --path, sluice pipelines test); here give the rows inline"
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


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_ITEMS = 1_000_000  # values of a file's documents once YAML aliases are expanded (a "billion laughs")


def _too_many_items(documents: list[Any]) -> bool:
    """Whether the documents hold more than MAX_ITEMS values, counting each alias as often as it is used."""
    count, stack = 0, list(documents)
    while stack:
        value = stack.pop()
        count += 1
        if count > MAX_ITEMS:
            return True
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _documents(path: Path) -> list[Any]:
    import yaml

    if path.stat().st_size > MAX_DOCUMENT_BYTES:
        raise FileRefError(f"larger than {MAX_DOCUMENT_BYTES // 2**20} MB")
    try:
        documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
        raise FileRefError(f"not a YAML or JSON document: {' '.join(str(exc).split())[:300]}") from None
    if _too_many_items(documents):
        raise FileRefError(f"holds more than {MAX_ITEMS} values once its aliases are expanded")
    return documents


def _add(folder: Folder, data: Any, path: Path) -> None:
    from pydantic import ValidationError as PydanticValidationError

    from pipelines.testing.spec import spec_errors

    if not isinstance(data, dict):
        return
    kind = data.get("kind")
    if kind == "PipelineTest":
        try:
            folder.tests.append((PipelineTestDocument.model_validate(data), path.parent, str(path)))
        except PydanticValidationError as exc:
            shown = "; ".join(f"{k}: {', '.join(v)}" for k, v in spec_errors(exc).items())
            folder.failures.append((str(path), shown))
    elif kind == "Pipeline" and isinstance(data.get("metadata"), dict):
        spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
        folder.graphs[str(data["metadata"].get("slug"))] = spec.get("graph") or {}
    elif "kind" not in data and "slug" in data and "graph" in data:  # the export before apiVersion/kind
        folder.graphs[str(data["slug"])] = data.get("graph") or {}


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
        try:
            for data in _documents(path):
                _add(folder, data, path)
        except FileRefError as exc:
            folder.failures.append((str(path), str(exc)))
    return folder
