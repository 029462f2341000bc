"""Push back and conflicts: Sluice's edits committed to the repository, and the two ways out of a conflict.

Push back (a repository with ``push_back`` on): when a pipeline synced from it gets a new version saved in
Sluice (not one git sync applied), its exported document is committed to ``push_branch`` (the sync branch
when empty) at the document's path, as the user who saved the version, and pushed (never forced: when
the branch moved meanwhile the push is refused and the error shown on the page).

A conflict is resolved by its owner:
- ``take git``: git's document is applied (a new version), Sluice's edits are replaced;
- ``keep Sluice``: git's change is set aside (it will not be applied again) and, when push back is on,
  Sluice's document is pushed (by a worker) so that git gets it too.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gitsync import dispatch, git, gitpush
from gitsync.models import GitDocument, GitRepository
from gitsync.services import documents
from gitsync.services.pipeline_tests import (
    apply_test_document,
    export_test,
    git_digest,
    sluice_fingerprint,
    tests_export_text,
)
from gitsync.services.repositories import repository_change_refusal
from gitsync.services.sync import apply_file, credentials_of, document_removed, remote_of


def _identity(user) -> str:
    if user is None:
        return "Sluice <sluice@localhost>"
    name = (user.get_full_name() or user.get_username()).replace("<", "").replace(">", "").strip()
    email = (user.email or f"{user.get_username()}@sluice.invalid").replace("<", "").replace(">", "")
    return f"{name} <{email}>"


def document_push(*, document_id: int, force: bool = False) -> GitDocument | None:
    """Commit and push the current document of a synced pipeline (a worker's task). Skips versions that git
    sync applied, versions already pushed and documents in conflict; records a failure on the link.
    ``force`` (keeping Sluice's side of a conflict): push the pipeline as it is now, whatever its versions."""
    link = (
        GitDocument.objects.select_related("repository", "pipeline", "pipeline__current_version").filter(pk=document_id)
    ).first()
    if link is None or not link.repository.push_back or link.conflict_blob:
        return link
    if link.is_test:
        return _push_tests(link)
    if link.removed_in_git and not force:
        return link  # deleted from git and archived: an edit in Sluice does not bring the file back
    version = link.pipeline.current_version
    if force:
        return _push(link, user=version.created_by if version else None, number=version.number if version else None)
    if version is None or link.pushed_version == version.number:
        return link
    if version.source_repository_id == link.repository_id and version.source_commit:
        return link  # git's own change, applied by a sync
    if documents.fingerprint(link.pipeline) == link.draft_fingerprint:
        return link  # nothing edited in Sluice since the last sync
    return _push(link, user=version.created_by, number=version.number)


def _push(link: GitDocument, *, user, number: int | None) -> GitDocument:
    repository = link.repository
    branch = repository.target_push_branch
    what = f"version {number}" if number else "the current draft"
    try:
        pushed = gitpush.commit_and_push(
            repository_id=repository.pk,
            remote=remote_of(repository),
            credentials=credentials_of(repository),
            branch=branch,
            base_branch=repository.branch,
            path=link.path,
            data=documents.export_text(link.pipeline),
            author=_identity(user),
            message=f"{link.pipeline.slug}: {what} from Sluice",
        )
    except git.GitError as exc:
        GitDocument.objects.filter(pk=link.pk).update(push_error=str(exc)[:2000])
        link.refresh_from_db()
        return link
    link.pushed_version, link.push_error = number, ""
    fields = ["pushed_version", "push_error", "updated_at"]
    if branch == repository.branch:  # the next sync reads back what was pushed: not a change of git's
        link.blob, link.commit = pushed.blob, pushed.commit
        link.draft_fingerprint = documents.fingerprint(link.pipeline)
        fields += ["blob", "commit", "draft_fingerprint"]
    link.save(update_fields=fields)
    return link


def _push_tests(link: GitDocument) -> GitDocument:
    """Commit and push the tests of ``link``'s file as Sluice holds them (every test git sync made from that
    file, deleted ones left out), one YAML document each, tables inline."""
    repository = link.repository
    links = list(
        GitDocument.objects.filter(repository=repository, path=link.path, kind=GitDocument.Kind.PIPELINE_TEST)
        .select_related("test", "test__pipeline")
        .order_by("name")
    )
    if any(other.conflict_blob for other in links):
        return link  # resolve the file's conflicts first
    tests = [other.test for other in links if other.test is not None]
    if not tests:
        GitDocument.objects.filter(pk=link.pk).update(push_error="Every test of this file was deleted in Sluice.")
        return link
    branch = repository.target_push_branch
    try:
        pushed = gitpush.commit_and_push(
            repository_id=repository.pk,
            remote=remote_of(repository),
            credentials=credentials_of(repository),
            branch=branch,
            base_branch=repository.branch,
            path=link.path,
            data=tests_export_text(tests),
            author=_identity(tests[0].created_by),
            message=f"{link.path}: tests from Sluice",
        )
    except git.GitError as exc:
        GitDocument.objects.filter(pk=link.pk).update(push_error=str(exc)[:2000])
        link.refresh_from_db()
        return link
    with transaction.atomic():
        for other in links:
            if other.test is None:
                other.delete()  # no longer in the file
                continue
            other.push_error = ""
            if branch == repository.branch:  # the next sync reads back what was pushed: not a change of git's
                other.blob, other.commit = git_digest(export_test(other.test)), pushed.commit
                other.draft_fingerprint = sluice_fingerprint(other.test)
            other.save()
    return GitDocument.objects.filter(pk=link.pk).first() or link


def _take_git_test(document: GitDocument) -> dict:
    """Apply git's side of a test's conflict (kept inlined on the link)."""
    from pipelines.documents import documents_parse

    parsed = documents_parse(document.conflict_document.encode("utf-8"), filename=document.path)
    try:
        with transaction.atomic():
            action = apply_test_document(
                link=document,
                document=parsed[0],
                digest=document.conflict_blob,
                commit=document.conflict_commit,
                user=document.repository.owner,
            )
    except documents.Refused as exc:
        raise ValidationError({"document": [str(exc)]}) from None
    return {"path": document.path, "outcome": "applied", "message": f"tests: {document.name} {action}"}


def pipeline_saved(pipeline_id: int) -> None:
    """The hook of ``pipelines.hooks.on_pipeline_saved``: queue a push of each synced document of it."""
    for pk in GitDocument.objects.filter(
        pipeline_id=pipeline_id, kind=GitDocument.Kind.PIPELINE, repository__push_back=True, conflict_blob=""
    ).values_list("pk", flat=True):
        dispatch.send("push", pk)


def _require(link: GitDocument, user) -> None:
    refusal = repository_change_refusal(repository=link.repository, user=user)
    if refusal is not None:
        raise PermissionDenied(refusal)


def conflict_take_git(*, document: GitDocument, user) -> dict:
    """Apply git's side of the conflict of ``document`` (a new version); the outcome, as a sync reports it."""
    _require(document, user)
    if not document.conflict_blob:
        raise ValidationError({"document": ["This document is not in conflict."]})
    if document.is_test:
        return _take_git_test(document)
    if document.conflict_is_deletion:  # git deleted the document: archive the pipeline
        return document_removed(
            link=document, commit=document.conflict_commit, author=document.conflict_author, force=True
        )
    data = document.conflict_document.encode("utf-8")
    file = git.FileAt(path=document.path, blob=document.conflict_blob, data=data, size=len(data))
    result = apply_file(
        repository=document.repository,
        file=file,
        commit=document.conflict_commit,
        author=document.conflict_author,
        force=True,
    )
    if result["outcome"] == "failed":
        raise ValidationError({"document": [result["message"]]})
    return result


def conflict_keep_sluice(*, document: GitDocument, user) -> GitDocument:
    """Keep Sluice's pipeline: git's change is set aside; with push back on, Sluice's document is pushed."""
    _require(document, user)
    if not document.conflict_blob:
        raise ValidationError({"document": ["This document is not in conflict."]})
    with transaction.atomic():
        document.blob, document.commit = document.conflict_blob, document.conflict_commit
        document.conflict_blob = document.conflict_commit = document.conflict_author = ""
        document.conflict_document = ""
        document.save()
        if document.repository.push_back:
            dispatch.send("push_now", document.pk)  # by a worker, after commit: no git I/O in a request
    return document


def conflict_resolve(*, repository: GitRepository, document_id: int, keep: str, user) -> GitDocument:
    """``keep``: ``git`` or ``sluice``. 404-worthy lookups are the caller's (ValidationError on a bad keep)."""
    document = GitDocument.objects.select_related("repository", "pipeline").get(repository=repository, pk=document_id)
    if keep == "git":
        conflict_take_git(document=document, user=user)
    elif keep == "sluice":
        conflict_keep_sluice(document=document, user=user)
    else:
        raise ValidationError({"keep": ["Either 'git' or 'sluice'."]})
    document.refresh_from_db()
    return document
