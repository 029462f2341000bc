"""Git sync's use of the pipeline documents of ``pipelines.documents``: parse one file, apply it as a new
version (author and commit on the version), and the fingerprint of a pipeline as Sluice holds it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import yaml
from django.core.exceptions import ValidationError

from pipelines.documents import (
    DocumentError,
    DocumentsRejected,
    ParsedDocument,
    document_apply,
    documents_parse,
    problems_from,
)
from pipelines.models import Pipeline, PipelineVersion
from pipelines.selectors import pipeline_export


class Refused(Exception):
    """A document that cannot be applied, with a readable message (file, line, what)."""


@dataclass
class Applied:
    pipeline: Pipeline
    version: PipelineVersion | None
    new_version: bool
    action: str


def problems_text(document: ParsedDocument, problems) -> str:
    return "; ".join(f"{p.where(document.filename)}: {p.message}".lstrip(": ") for p in problems)[:2000]


def parse(data: bytes, *, path: str) -> ParsedDocument:
    """The one Pipeline document of a file; Refused when the file is not exactly one valid document."""
    try:
        documents = documents_parse(data, filename=path)
    except DocumentError as exc:
        raise Refused(f"{path}: {exc}") from None
    if len(documents) != 1:
        raise Refused(f"{path}: holds {len(documents)} documents; git sync reads one pipeline per file.")
    document = documents[0]
    if document.kind != "Pipeline":
        raise Refused(f"{path}: a {document.kind} document; git sync applies Pipeline documents.")
    if not document.ok:
        raise Refused(problems_text(document, document.problems))
    return document


def slug_of(document: ParsedDocument) -> str:
    model = document.model
    metadata = getattr(model, "metadata", None)
    return str(metadata.slug if metadata is not None else model.slug)


def apply(*, user, document: ParsedDocument, author: str, commit: str, repository_id: int) -> Applied:
    """Apply ``document`` as a new version of its pipeline, recording where it came from on the version."""
    try:
        result = document_apply(user=user, document=document, as_version=True, author=author, commit=commit)
    except DocumentsRejected as exc:
        raise Refused("; ".join(problems_text(d, found) for d, found in exc.problems)) from None
    except ValidationError as exc:
        raise Refused(problems_text(document, problems_from(document, exc))) from None
    version = result.version
    if result.new_version and version is not None:
        PipelineVersion.objects.filter(pk=version.pk).update(
            source_commit=commit[:64],
            source_author=author[:300],
            source_repository_id=repository_id,
            source_path=(document.filename or "")[:500],
        )
        version.refresh_from_db()
    return Applied(pipeline=result.object, version=version, new_version=result.new_version, action=result.action)


def export(pipeline: Pipeline) -> dict[str, Any]:
    return pipeline_export(pipeline=pipeline)


def export_text(pipeline: Pipeline) -> bytes:
    """The document of a pipeline as Sluice holds it (what push back commits)."""
    return yaml.safe_dump(export(pipeline), sort_keys=False, allow_unicode=True).encode("utf-8")


def fingerprint(pipeline: Pipeline) -> str:
    """A digest of the pipeline's export: it changes when anything a document holds is edited."""
    text = json.dumps(export(pipeline), sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
