"""Pipeline tests (``kind: PipelineTest`` documents) in a synced folder.

A test's fixtures and golden outputs may be ``file:`` references beside its document (docs/testing-pipelines.md).
The server keeps a test's tables inline, so a sync reads each referenced file from the fetched tree at the
same commit (``git.file_at``: a regular file, never a symbolic link, at most 2 MB, its path inside the
document's folder) and inlines it (``pipelines.testing.documents.inline_file_references``) before applying
the document. The files a test references are data, not documents: the sync does not try to apply them.

Tests are applied after the pipelines of the same sync, each file in its own transaction, every sync (a
test is replaced when its document or one of its files changed, ``unchanged`` otherwise); a test edited in
Sluice is replaced by git's, since the test's document in git is where it is kept.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction

from gitsync import git
from gitsync.services.documents import Refused, problems_text
from pipelines.documents import (
    DocumentError,
    DocumentsRejected,
    ParsedDocument,
    document_apply,
    documents_parse,
    problems_from,
)
from pipelines.models import Pipeline
from pipelines.testing.documents import FileRefError, inline_file_references, reference_path
from pipelines.testing.spec import MAX_FILE_BYTES

KIND = "PipelineTest"


@dataclass
class TestFiles:
    """The test documents of a folder (path -> its documents) and the files they reference (data)."""

    __test__ = False

    documents: dict[str, list[ParsedDocument]] = field(default_factory=dict)
    referenced: set[str] = field(default_factory=set)


def _references(document: ParsedDocument) -> list[str]:
    spec = (document.data or {}).get("spec") if isinstance(document.data, dict) else None
    found = []
    for section in ("fixtures", "expect"):
        tables = (spec or {}).get(section) if isinstance(spec, dict) else None
        for table in (tables or {}).values() if isinstance(tables, dict) else ():
            if isinstance(table, dict) and isinstance(table.get("file"), str):
                found.append(table["file"])
    return found


def tests_of(files: list[git.FileAt]) -> TestFiles:
    """Which files hold test documents (every document of the file is a PipelineTest) and what they reference."""
    found = TestFiles()
    for file in files:
        if file.data is None:
            continue
        try:
            parsed = documents_parse(file.data, filename=file.path)
        except DocumentError:
            continue  # the pipeline path reports it
        if not parsed or any(document.kind != KIND for document in parsed):
            continue
        found.documents[file.path] = parsed
        folder = posixpath.dirname(file.path)
        for document in parsed:
            for reference in _references(document):
                try:
                    relative = reference_path(reference)
                except FileRefError:
                    continue  # refused when the test is applied
                found.referenced.add(posixpath.normpath(posixpath.join(folder, relative.as_posix())))
    return found


def _reader(*, repository_id: int, commit: str, folder: str):
    def read(relative: PurePosixPath) -> bytes:
        try:
            path = posixpath.join(folder, relative.as_posix())
            return git.file_at(repository_id=repository_id, commit=commit, path=path, max_bytes=MAX_FILE_BYTES)
        except git.GitError as exc:
            raise FileRefError(str(exc)) from None

    return read


def _apply(*, user, document: ParsedDocument, read) -> str:
    """Apply one test document, its files inlined; the action (created, updated, unchanged) or Refused."""
    if not document.ok:
        raise Refused(problems_text(document, document.problems))
    try:
        inlined = inline_file_references(document, folder=read)
        return document_apply(user=user, document=inlined, as_version=False).action
    except FileRefError as exc:
        raise Refused(str(exc)) from None
    except DocumentsRejected as exc:
        raise Refused("; ".join(problems_text(d, found) for d, found in exc.problems)) from None
    except ValidationError as exc:
        raise Refused(problems_text(document, problems_from(document, exc))) from None


def apply_test_file(*, repository, path: str, documents: list[ParsedDocument], commit: str) -> dict:
    """Apply the test documents of one file (all or none); a sync result (sync._result's shape)."""
    read = _reader(repository_id=repository.pk, commit=commit, folder=posixpath.dirname(path))
    pipeline = next((d.model.metadata.pipeline for d in documents if d.ok), "")
    pipeline_id = Pipeline.objects.filter(slug=pipeline).values_list("pk", flat=True).first() if pipeline else None
    result = {"path": path, "pipeline_id": pipeline_id, "pipeline": pipeline, "version": None}
    try:
        with transaction.atomic():
            actions = [_apply(user=repository.owner, document=document, read=read) for document in documents]
    except Refused as exc:
        return {**result, "outcome": "failed", "message": str(exc)[:2000]}
    changed = any(action != "unchanged" for action in actions)
    names = ", ".join(f"{d.model.metadata.name} {a}" for d, a in zip(documents, actions, strict=True))
    return {**result, "outcome": "applied" if changed else "unchanged", "message": f"tests: {names}"[:2000]}
