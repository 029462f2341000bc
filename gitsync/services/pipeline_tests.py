"""Pipeline tests (``kind: PipelineTest`` documents) in a synced folder.

A test's fixtures and golden outputs may be ``file:`` references beside its document (docs/testing-pipelines.md).
The server keeps a test's tables inline, so a sync reads each referenced file from the fetched tree at the
same commit (``git.file_at``: a regular file, never a symbolic link, at most 2 MB, its path inside the
document's folder) and inlines it (``pipelines.testing.documents.inline_file_references``) before applying
the document. The files a test references are data, not documents: the sync does not try to apply them.

Tests are applied after the pipelines of the same sync, each file in its own transaction, and get the
treatment pipelines get (``GitDocument`` rows of kind PipelineTest, one per test of a file): what was last
applied from git is remembered as a digest of the test's document with its files inlined, and the test as
Sluice held it then as another digest. Per test:

- git unchanged, Sluice unchanged: ``unchanged``;
- git unchanged, Sluice changed (edited or deleted in Sluice): kept, ``unchanged`` with a message, and with
  push back on the file's tests are pushed as Sluice holds them (by a worker);
- git changed, Sluice unchanged: applied (created or replaced), ``applied``;
- git changed and Sluice changed, or a test of that name exists that this repository never made:
  ``conflict``, nothing written; resolved like a pipeline's (take git / keep Sluice, services/push.py).

A test whose document disappeared from git (its file deleted, or the file no longer holds it) is deleted
(``removed``). A file that cannot be read or whose references are refused fails as a whole, changing nothing.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from gitsync import dispatch, git
from gitsync.models import GitDocument
from gitsync.services.documents import Refused, problems_text
from pipelines.documents import (
    DocumentError,
    DocumentsRejected,
    ParsedDocument,
    document_apply,
    document_plan,
    documents_parse,
    problems_from,
)
from pipelines.models import Pipeline, PipelineTest
from pipelines.testing.documents import FileRefError, inline_file_references, reference_path
from pipelines.testing.services import pipeline_test_delete
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


def git_digest(data: Any) -> str:
    """git's side of a test: a digest of its document, files inlined."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def sluice_fingerprint(test: PipelineTest | None) -> str:
    """A digest of a test as Sluice holds it ('' once deleted): it changes when anything a document holds does."""
    if test is None:
        return ""
    return git_digest({"name": test.name, "description": test.description, "spec": test.spec})


def export_test(test: PipelineTest) -> dict[str, Any]:
    """The test as a document, its tables inline (what push back writes)."""
    metadata = {"name": test.name, "pipeline": test.pipeline.slug}
    if test.description:
        metadata["description"] = test.description
    return {"apiVersion": "sluice.dev/v1", "kind": KIND, "metadata": metadata, "spec": test.spec}


def tests_export_text(tests: list[PipelineTest]) -> bytes:
    """The tests of one file as a YAML stream, one document each."""
    return yaml.safe_dump_all(
        [export_test(test) for test in tests], sort_keys=False, allow_unicode=True, width=200
    ).encode("utf-8")


@dataclass
class Inlined:
    """One test document of a file, its files inlined: the test's name and pipeline, and git's digest of it."""

    __test__ = False

    name: str
    pipeline: str
    document: ParsedDocument
    digest: str


def _inline(document: ParsedDocument, read) -> Inlined:
    if not document.ok:
        raise Refused(problems_text(document, document.problems))
    try:
        inlined = inline_file_references(document, folder=read)
    except FileRefError as exc:
        raise Refused(str(exc)) from None
    metadata = document.model.metadata
    return Inlined(name=metadata.name, pipeline=metadata.pipeline, document=inlined, digest=git_digest(inlined.data))


def _apply(*, user, document: ParsedDocument) -> tuple[str, PipelineTest]:
    """Apply one inlined test document; its action (created, updated, unchanged) and the test, or Refused."""
    try:
        result = document_apply(user=user, document=document, as_version=False)
    except DocumentsRejected as exc:
        raise Refused("; ".join(problems_text(d, found) for d, found in exc.problems)) from None
    except ValidationError as exc:
        raise Refused(problems_text(document, problems_from(document, exc))) from None
    return result.action, result.object


LINK_CONFLICT_FIELDS = ["conflict_blob", "conflict_commit", "conflict_author", "conflict_document", "updated_at"]


def apply_test_document(*, link: GitDocument, document: ParsedDocument, digest: str, commit: str, user) -> str:
    """Apply git's side of a test link (a sync's apply, or taking git's side of a conflict); the action."""
    action, test = _apply(user=user, document=document)
    link.test, link.pipeline = test, test.pipeline
    link.blob, link.commit, link.draft_fingerprint = digest, commit, sluice_fingerprint(test)
    link.conflict_blob = link.conflict_commit = link.conflict_author = link.conflict_document = ""
    link.save()
    return action


def _one(*, repository, path: str, item: Inlined, commit: str, author: str) -> tuple[str, str]:
    """(outcome, what) of one test of a file: the table of the module docstring."""
    owner = repository.owner
    link = GitDocument.objects.filter(repository=repository, path=path, name=item.name).select_related("test").first()
    if link is None:
        plan = document_plan(user=owner, document=item.document)
        if plan.action == "refused":
            raise Refused(problems_text(item.document, plan.problems))
        link = GitDocument(repository=repository, kind=GitDocument.Kind.PIPELINE_TEST, name=item.name, path=path)
        if plan.action == "update":  # a test of that name exists that this repository never made
            link.test = PipelineTest.objects.select_related("pipeline").get(pk=plan.object_id)
            link.pipeline = link.test.pipeline
            link.save()
            _set_conflict(link, item, commit, author)
            return "conflict", f"{item.name}: exists and was not made by git sync; git changed it too"
        action = apply_test_document(link=link, document=item.document, digest=item.digest, commit=commit, user=owner)
        return ("unchanged" if action == "unchanged" else "applied"), f"{item.name} {action}"
    sluice_changed = sluice_fingerprint(link.test) != link.draft_fingerprint
    if link.blob == item.digest:
        if link.conflict_blob:  # git went back to what was applied: nothing to resolve any more
            link.conflict_blob = link.conflict_commit = link.conflict_author = link.conflict_document = ""
            link.save(update_fields=LINK_CONFLICT_FIELDS)
        if not sluice_changed:
            return "unchanged", f"{item.name} unchanged"
        if repository.push_back:
            dispatch.send("push_now", link.pk)
        return "unchanged", f"{item.name} kept as edited in Sluice" + (", pushed back" if repository.push_back else "")
    if link.conflict_blob == item.digest or sluice_changed:
        _set_conflict(link, item, commit, author)
        return "conflict", f"{item.name}: edited in Sluice since the last sync; git changed it too"
    action = apply_test_document(link=link, document=item.document, digest=item.digest, commit=commit, user=owner)
    return ("unchanged" if action == "unchanged" else "applied"), f"{item.name} {action}"


def _set_conflict(link: GitDocument, item: Inlined, commit: str, author: str) -> None:
    link.conflict_blob, link.conflict_commit, link.conflict_author = item.digest, commit, author[:300]
    link.conflict_document = json.dumps(item.document.data)
    link.save(update_fields=LINK_CONFLICT_FIELDS)


WORST = ["failed", "conflict", "applied", "removed", "unchanged"]


def apply_test_file(*, repository, path: str, documents: list[ParsedDocument], commit: str, author: str = "") -> dict:
    """Apply the test documents of one file; a sync result (sync._result's shape) summing up its tests."""
    read = _reader(repository_id=repository.pk, commit=commit, folder=posixpath.dirname(path))
    pipeline = next((d.model.metadata.pipeline for d in documents if d.ok), "")
    pipeline_id = Pipeline.objects.filter(slug=pipeline).values_list("pk", flat=True).first() if pipeline else None
    result = {"path": path, "pipeline_id": pipeline_id, "pipeline": pipeline, "version": None}
    try:
        items = [_inline(document, read) for document in documents]
        with transaction.atomic():
            outcomes = [
                _one(repository=repository, path=path, item=item, commit=commit, author=author) for item in items
            ]
            gone = tests_removed(repository=repository, path=path, keep={item.name for item in items})
    except Refused as exc:
        return {**result, "outcome": "failed", "message": str(exc)[:2000]}
    outcomes += [("removed", f"{name} removed") for name in gone]
    outcome = min((o for o, _ in outcomes), key=WORST.index, default="unchanged")
    names = ", ".join(what for _o, what in outcomes)
    return {**result, "outcome": outcome, "message": f"tests: {names}"[:2000]}


def tests_removed(*, repository, path: str, keep: set[str] | None = None) -> list[str]:
    """Delete the tests git sync made from ``path`` whose documents are gone (all of them when ``keep`` is None);
    their names."""
    links = GitDocument.objects.filter(repository=repository, path=path, kind=GitDocument.Kind.PIPELINE_TEST)
    gone = []
    for link in links.select_related("test"):
        if keep is not None and link.name in keep:
            continue
        if link.test is not None:
            pipeline_test_delete(test=link.test, user=repository.owner)
        link.delete()
        gone.append(link.name)
    return gone
