"""Every write of git sync (docs/git-sync.md). Import the functions from here."""

from gitsync.services.push import conflict_resolve, document_push, pipeline_saved
from gitsync.services.repositories import (
    repository_change_refusal,
    repository_create,
    repository_delete,
    repository_rotate_secret,
    repository_update,
    sync_request,
)
from gitsync.services.sync import repository_sync

__all__ = [
    "conflict_resolve",
    "document_push",
    "pipeline_saved",
    "repository_change_refusal",
    "repository_create",
    "repository_delete",
    "repository_rotate_secret",
    "repository_sync",
    "repository_update",
    "sync_request",
    "syncs_due",
]


def syncs_due() -> list[int]:
    """Queue a sync of every repository whose interval has passed (the periodic task); their ids."""
    from django.utils import timezone

    from gitsync.models import GitRepository, GitSync
    from gitsync.selectors import repositories_due

    due = repositories_due(now=timezone.now())
    for repository in GitRepository.objects.filter(pk__in=due):
        sync_request(repository=repository, trigger=GitSync.Trigger.SCHEDULE)
    return due
