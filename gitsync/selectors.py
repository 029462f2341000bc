"""Reads of git sync: which repositories a user sees, their syncs and documents."""

from __future__ import annotations

from django.db.models import QuerySet

from gitsync.models import GitDocument, GitRepository, GitSync
from pipelines import roles


def repositories_visible_to(*, user) -> QuerySet[GitRepository]:
    """A repository is its owner's (and the admins'): it holds a webhook secret and uses the owner's
    credentials, so it is shared with nobody (docs/git-sync.md, "Who may do what")."""
    qs = GitRepository.objects.select_related("owner", "credentials")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if roles.sees_everything(user):
        return qs
    return qs.filter(owner=user)


def repository_syncs(*, repository: GitRepository, limit: int | None = None) -> QuerySet[GitSync]:
    qs = GitSync.objects.filter(repository=repository).order_by("-queued_at", "-id")
    return qs[:limit] if limit else qs


def repository_documents(*, repository: GitRepository) -> QuerySet[GitDocument]:
    return GitDocument.objects.filter(repository=repository).select_related("pipeline").order_by("path", "name")


def repository_conflicts(*, repository: GitRepository) -> QuerySet[GitDocument]:
    return repository_documents(repository=repository).exclude(conflict_blob="")


def repositories_due(*, now) -> list[int]:
    """Ids of repositories whose sync interval has passed since their last sync (none queued or running)."""
    from datetime import timedelta

    due = []
    busy = set(
        GitSync.objects.filter(status__in=[GitSync.Status.QUEUED, GitSync.Status.RUNNING]).values_list(
            "repository_id", flat=True
        )
    )
    for pk, interval, last in GitRepository.objects.filter(sync_interval_minutes__gt=0).values_list(
        "pk", "sync_interval_minutes", "last_sync_at"
    ):
        if pk not in busy and (last is None or last + timedelta(minutes=interval) <= now):
            due.append(pk)
    return due
