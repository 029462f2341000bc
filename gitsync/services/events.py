"""The events of git sync, on the topic ``git:<repository id>`` (its owner and the admins hear it)."""

from __future__ import annotations

from gitsync.models import GitSync
from notifications.events import publish


def topic(repository_id: int) -> str:
    return f"git:{repository_id}"


def sync_event(sync: GitSync) -> None:
    """``git.failed`` when the sync could not run or no changed document could be applied, else
    ``git.synced`` (whose counts say what conflicted or failed). Called after commit."""
    failed = sync.status == GitSync.Status.FAILED or (
        sync.failed and not sync.applied and not sync.conflicted and not sync.removed
    )
    data = {
        "repository_id": sync.repository_id,
        "repository": sync.repository.name,
        "sync_id": sync.pk,
        "trigger": sync.trigger,
        "status": sync.status,
        "commit": sync.commit_after,
        "applied": sync.applied,
        "unchanged": sync.unchanged,
        "conflicted": sync.conflicted,
        "failed": sync.failed,
        "removed": sync.removed,
    }
    if failed:
        data["error"] = sync.error or "; ".join(r["message"] for r in sync.results if r["outcome"] == "failed")[:2000]
    publish(topic(sync.repository_id), "git.failed" if failed else "git.synced", data)
