"""Sluice documents: the ``apiVersion: sluice.dev/v1`` files that describe pipelines (and other kinds).

Public functions (the API, the pages, the management commands and git sync call these):

- ``documents_parse(text, *, filename=None) -> list[ParsedDocument]``: YAML/JSON text to documents, each
  recognised by kind and validated, problems with paths, lines and columns (``DocumentError`` when the
  text as a whole cannot be read);
- ``load_text`` / ``load_upload`` / ``load_archive`` / ``load_path``: the same from pasted text, uploads,
  zip archives, files and directories, with their bounds (``Loaded``: documents + failures);
- ``document_plan`` / ``documents_plan``: the dry run (what would change: the diff against the draft,
  problems, the graph's validation);
- ``document_apply(*, user, document, as_version, author="", commit="")`` / ``documents_apply``: write;
- ``register_kind(name, Model, apply=..., plan=..., check=..., order=...)``: add a kind;
- ``document_schema()``: the JSON Schema served at ``/api/schema/pipeline-document.json``.

A pipeline as a document (the export) is ``pipelines.selectors.pipeline_export``.

docs/documents.md describes the format.
"""

from pipelines.documents.apply import (
    DocumentsRejected,
    document_apply,
    document_plan,
    documents_apply,
    documents_plan,
    problems_from,
)
from pipelines.documents.kinds import API_VERSION, Kind, register_kind
from pipelines.documents.limits import MAX_BYTES, MAX_ITEMS, DocumentError, error_text
from pipelines.documents.parsing import DocumentProblem, ParsedDocument, documents_parse
from pipelines.documents.pipeline import (
    DocumentRejected,
    LegacyPipelineDocument,
    PipelineDocument,
    version_message,
)
from pipelines.documents.results import DocumentPlan, DocumentResult
from pipelines.documents.schema import SCHEMA_PATH, document_schema
from pipelines.documents.sources import Loaded, SourceFailure, load_archive, load_path, load_text, load_upload

__all__ = [
    "API_VERSION",
    "MAX_BYTES",
    "MAX_ITEMS",
    "SCHEMA_PATH",
    "DocumentError",
    "DocumentPlan",
    "DocumentProblem",
    "DocumentRejected",
    "DocumentResult",
    "DocumentsRejected",
    "Kind",
    "LegacyPipelineDocument",
    "Loaded",
    "ParsedDocument",
    "PipelineDocument",
    "SourceFailure",
    "document_apply",
    "document_plan",
    "document_schema",
    "documents_apply",
    "documents_parse",
    "documents_plan",
    "error_text",
    "load_archive",
    "load_path",
    "load_text",
    "load_upload",
    "problems_from",
    "register_kind",
    "version_message",
]
