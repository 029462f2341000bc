"""A sync: fetch the branch, read every document of the folder, apply the changed ones as new versions.

Per document (``GitDocument`` remembers the blob last applied and the pipeline's fingerprint then):

- same blob as last time: ``unchanged``;
- changed in git, and the pipeline was not edited in Sluice since: applied (a new version with the
  commit that last changed the file and its author recorded on it) — ``applied``, or ``unchanged`` when
  it makes no difference;
- changed in git AND edited in Sluice since (or a pipeline of that slug exists that this repository never
  made): ``conflict``, nothing written; resolved on the repository's page (services/conflicts.py);
- not a valid document, too large, not the owner's pipeline: ``failed`` with the message; the others are
  still applied (each document in its own transaction).

A document git no longer has (``removals``): its pipeline is archived (``removed``), or, when it was edited in
Sluice since the last sync, a ``conflict`` whose git side is the deletion (``DELETED``).

Pipeline tests (``kind: PipelineTest``) are applied after the pipelines, their ``file:`` fixtures and golden
outputs read from the same commit and inlined, with the same rules per test (services/pipeline_tests.py); the
files they reference are not documents.

Events ``git.synced`` / ``git.failed`` go to the topic ``git:<repository id>`` after commit.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from gitsync import git
from gitsync.models import DELETED, GitDocument, GitRepository, GitSync
from gitsync.services import documents, pipeline_tests
from gitsync.services.events import sync_event
from pipelines import roles
from pipelines.models import Pipeline
from pipelines.services import pipeline_update

log = logging.getLogger("sluice.gitsync")


def credentials_of(repository: GitRepository) -> git.Credentials:
    secrets = repository.credentials.secrets if repository.credentials_id else {}
    config = (repository.credentials.config or {}) if repository.credentials_id else {}
    return git.Credentials(
        username=str(config.get("username") or ""),
        token=str(secrets.get("token") or ""),
        private_key=str(secrets.get("private_key") or ""),
        known_hosts=repository.known_hosts or "",
    )


def remote_of(repository: GitRepository) -> git.Remote:
    from gitsync.services.repositories import allow_private

    return git.remote_check(repository.url, allow_private=allow_private())


def _claim(sync_id: int) -> GitSync | None:
    claimed = GitSync.objects.filter(pk=sync_id, status=GitSync.Status.QUEUED).update(
        status=GitSync.Status.RUNNING, started_at=timezone.now()
    )
    return GitSync.objects.select_related("repository", "repository__owner").get(pk=sync_id) if claimed else None


def _result(path: str, outcome: str, message: str = "", pipeline: Pipeline | None = None, version=None) -> dict:
    return {
        "path": path,
        "outcome": outcome,
        "message": message[:2000],
        "pipeline_id": pipeline.pk if pipeline else None,
        "pipeline": pipeline.slug if pipeline else "",
        "version": getattr(version, "number", None),
    }


CONFLICT_FIELDS = ["conflict_blob", "conflict_commit", "conflict_author", "conflict_document", "updated_at"]


def _conflict(link: GitDocument, file: git.FileAt, commit: str, author: str) -> None:
    link.conflict_blob, link.conflict_commit, link.conflict_author = file.blob, commit, author[:300]
    link.conflict_document = (file.data or b"").decode("utf-8", "replace")
    link.save(update_fields=CONFLICT_FIELDS)


def apply_file(
    *,
    repository: GitRepository,
    file: git.FileAt,
    commit: str,
    author: str,
    force: bool = False,
    present: set[str] | None = None,
) -> dict[str, Any]:
    """What one document file does (module docstring). ``force``: take git's side of a conflict. ``present``:
    every file of the folder at ``commit``; a pipeline whose file of this repository is gone moved to this one
    (a renamed file keeps its pipeline and history)."""
    pipelines_ = GitDocument.objects.filter(kind=GitDocument.Kind.PIPELINE)
    link = pipelines_.filter(repository=repository, path=file.path).select_related("pipeline").first()
    if link is not None and link.blob == file.blob and not force:
        if link.conflict_blob:  # git went back to what was applied: nothing to resolve any more
            link.conflict_blob = link.conflict_commit = link.conflict_author = link.conflict_document = ""
            link.save(update_fields=CONFLICT_FIELDS)
        return _result(file.path, "unchanged", pipeline=link.pipeline)
    if link is not None and link.conflict_blob == file.blob and not force:
        return _result(file.path, "conflict", "Edited in Sluice and in git: resolve it.", pipeline=link.pipeline)
    if file.data is None:
        return _result(file.path, "failed", f"{file.size:,} bytes: larger than {git.MAX_DOCUMENT_BYTES:,}.")
    try:
        document = documents.parse(file.data, path=file.path)
    except documents.Refused as exc:
        return _result(file.path, "failed", str(exc))
    slug = documents.slug_of(document)
    owner = repository.owner
    existing = Pipeline.objects.filter(slug=slug).first()
    if existing is not None:
        if existing.owner_id != owner.pk and not roles.sees_everything(owner):
            return _result(file.path, "failed", f"A pipeline {slug!r} exists and is not the repository owner's.")
        other = pipelines_.filter(pipeline=existing).exclude(repository=repository, path=file.path).first()
        moved = other is not None and link is None and other.repository_id == repository.pk
        if moved and present is not None and other.path not in present:  # renamed or moved in git
            other.path = file.path
            other.save(update_fields=["path", "updated_at"])
            link, other = other, None
        if other is not None:
            return _result(file.path, "failed", f"Pipeline {slug!r} is already synced from another document.")
    if link is not None and link.pipeline_id != getattr(existing, "pk", None):
        return _result(file.path, "failed", f"This file was pipeline {link.pipeline.slug!r}; its slug changed.")
    if not force and existing is not None:
        edited = link is None or documents.fingerprint(existing) != link.draft_fingerprint
        if edited:
            link = link or GitDocument.objects.create(repository=repository, pipeline=existing, path=file.path)
            _conflict(link, file, commit, author)
            why = "was edited in Sluice since the last sync" if link.blob else "exists and was not made by git sync"
            return _result(file.path, "conflict", f"Pipeline {slug!r} {why}; git changed it too.", pipeline=existing)
    try:
        with transaction.atomic():
            if link is not None and link.blob == DELETED and existing is not None:
                _restore(existing, owner)  # back in git: archived by its deletion, active again
            applied = documents.apply(
                user=owner, document=document, author=author, commit=commit, repository_id=repository.pk
            )
            pipeline = applied.pipeline
            link = link or GitDocument(repository=repository, pipeline=pipeline, path=file.path)
            link.pipeline = pipeline
            link.blob, link.commit = file.blob, commit
            link.draft_fingerprint = documents.fingerprint(pipeline)
            link.conflict_blob = link.conflict_commit = link.conflict_author = link.conflict_document = ""
            link.save()
    except documents.Refused as exc:
        return _result(file.path, "failed", str(exc))
    outcome = "applied" if applied.new_version or applied.action == "created" else "unchanged"
    return _result(file.path, outcome, applied.action, pipeline=pipeline, version=applied.version)


def _restore(pipeline: Pipeline, owner) -> None:
    if pipeline.status == Pipeline.Status.ARCHIVED:
        pipeline_update(pipeline=pipeline, user=owner, status=Pipeline.Status.ACTIVE)


def document_removed(*, link: GitDocument, commit: str, author: str = "", force: bool = False) -> dict[str, Any]:
    """A pipeline's document deleted from git (module docstring); ``force``: take git's side of the conflict.

    Like Dagster or Kestra when a definition leaves the code: the pipeline is archived (its schedule stops,
    its versions and runs stay), unless it was edited in Sluice since the last sync: then a conflict."""
    pipeline, repository = link.pipeline, link.repository
    if link.conflict_blob == DELETED and not force:
        return _result(link.path, "conflict", "Deleted in git, edited in Sluice: resolve it.", pipeline=pipeline)
    if not force and documents.fingerprint(pipeline) != link.draft_fingerprint:
        link.conflict_blob, link.conflict_commit, link.conflict_author = DELETED, commit, author[:300]
        link.conflict_document = ""
        link.save(update_fields=CONFLICT_FIELDS)
        why = f"Pipeline {pipeline.slug!r} was edited in Sluice since the last sync; git deleted its document."
        return _result(link.path, "conflict", why, pipeline=pipeline)
    with transaction.atomic():
        link.blob, link.commit = DELETED, commit  # first: the archive's save hook must not push it back
        link.conflict_blob = link.conflict_commit = link.conflict_author = link.conflict_document = ""
        link.save()
        if pipeline.status != Pipeline.Status.ARCHIVED:
            pipeline_update(pipeline=pipeline, user=repository.owner, status=Pipeline.Status.ARCHIVED)
        link.draft_fingerprint = documents.fingerprint(pipeline)
        link.save(update_fields=["draft_fingerprint", "updated_at"])
    message = f"Pipeline {pipeline.slug!r} archived: its document was deleted from git (history kept, no schedule)."
    return _result(link.path, "removed", message, pipeline=pipeline)


def removals(*, repository: GitRepository, present: set[str], commit: str) -> list[dict[str, Any]]:
    """What became of the documents git no longer has (not among ``present``, every file of the folder): a
    pipeline is archived (or in conflict), the tests of a deleted file are deleted."""
    links = list(
        GitDocument.objects.filter(repository=repository)
        .exclude(path__in=present)
        .exclude(blob=DELETED, conflict_blob="")
        .select_related("pipeline", "repository", "repository__owner")
    )
    results = []
    for path in sorted({link.path for link in links if link.is_test}):
        with transaction.atomic():
            gone = pipeline_tests.tests_removed(repository=repository, path=path)
        names = ", ".join(f"{name} removed" for name in gone)
        results.append(_result(path, "removed", f"tests: {names} (their document was deleted from git)"))
    for link in links:
        if link.is_test:
            continue
        try:
            changed_in, author = git.last_change(repository_id=repository.pk, commit=commit, path=link.path)
            results.append(document_removed(link=link, commit=changed_in, author=author))
        except Exception as exc:  # one document must not stop the others
            log.exception("git sync: a removal failed", extra={"path": link.path})
            results.append(_result(link.path, "failed", f"{type(exc).__name__}: {exc}"[:500]))
    return results


COUNTED = {
    "applied": "applied",
    "unchanged": "unchanged",
    "conflict": "conflicted",
    "failed": "failed",
    "removed": "removed",
}


def _finish(sync: GitSync, *, commit: str, results: list[dict], error: str = "") -> GitSync:
    counts = {name: 0 for name in COUNTED.values()}
    for result in results:
        counts[COUNTED[result["outcome"]]] += 1
    if error:
        status = GitSync.Status.FAILED
    elif counts["failed"] or counts["conflicted"]:
        status = GitSync.Status.PARTIAL
    else:
        status = GitSync.Status.SUCCEEDED
    now = timezone.now()
    repository = sync.repository
    with transaction.atomic():
        GitSync.objects.filter(pk=sync.pk).update(
            status=status, finished_at=now, commit_after=commit, results=results, error=error[:4000], **counts
        )
        GitRepository.objects.filter(pk=repository.pk).update(
            last_sync_at=now, last_commit=commit or repository.last_commit, last_status=status, last_error=error[:4000]
        )
        sync.refresh_from_db()
        transaction.on_commit(lambda: sync_event(sync))
    return sync


def repository_sync(*, sync_id: int) -> GitSync | None:
    """Run the queued sync ``sync_id`` (a worker's task; None when another worker took it)."""
    sync = _claim(sync_id)
    if sync is None:
        return None
    repository = sync.repository
    GitSync.objects.filter(pk=sync.pk).update(commit_before=repository.last_commit)
    try:
        remote = remote_of(repository)
        commit = git.fetch_branch(
            repository_id=repository.pk,
            remote=remote,
            credentials=credentials_of(repository),
            branch=repository.branch,
        )
        if commit is None:
            raise git.GitError(f"The branch {repository.branch!r} does not exist on the remote.")
        synced_before = GitDocument.objects.filter(repository=repository).exists()  # else: a wrong folder
        files = git.documents_at(
            repository_id=repository.pk, commit=commit, folder=repository.folder, missing_ok=synced_before
        )
    except git.GitError as exc:
        return _finish(sync, commit="", results=[], error=str(exc))
    applied = dict(
        GitDocument.objects.filter(repository=repository, kind=GitDocument.Kind.PIPELINE).values_list("path", "blob")
    )
    present = {file.path for file in files}
    found = pipeline_tests.tests_of(files)
    results = []
    for file in files:
        if file.path in found.documents or file.path in found.referenced:
            continue  # tests go after the pipelines; the files they reference are data
        try:
            changed_in, author = commit, ""
            if applied.get(file.path) != file.blob:  # the commit that last changed it, and its author
                changed_in, author = git.last_change(repository_id=repository.pk, commit=commit, path=file.path)
            results.append(
                apply_file(repository=repository, file=file, commit=changed_in, author=author, present=present)
            )
        except Exception as exc:  # one document must not stop the others
            log.exception("git sync: a document failed", extra={"path": file.path})
            results.append(_result(file.path, "failed", f"{type(exc).__name__}: {exc}"[:500]))
    for path, parsed in found.documents.items():
        try:
            author = git.last_change(repository_id=repository.pk, commit=commit, path=path)[1]
            results.append(
                pipeline_tests.apply_test_file(
                    repository=repository, path=path, documents=parsed, commit=commit, author=author
                )
            )
        except Exception as exc:  # one document must not stop the others
            log.exception("git sync: a test document failed", extra={"path": path})
            results.append(_result(path, "failed", f"{type(exc).__name__}: {exc}"[:500]))
    results += removals(repository=repository, present=present, commit=commit)
    return _finish(sync, commit=commit, results=results)
