"""Celery tasks of git sync: thin, ids in, a service call."""

from __future__ import annotations

from celery import shared_task

from gitsync import services


@shared_task(name="gitsync.sync", acks_late=True, reject_on_worker_lost=True)
def git_sync(sync_id: int) -> None:
    services.repository_sync(sync_id=sync_id)


@shared_task(name="gitsync.push", acks_late=True, reject_on_worker_lost=True)
def git_push(document_id: int) -> None:
    services.document_push(document_id=document_id)


@shared_task(name="gitsync.push_now", acks_late=True, reject_on_worker_lost=True)
def git_push_now(document_id: int) -> None:
    services.document_push(document_id=document_id, force=True)


@shared_task(name="gitsync.sync_due")
def git_sync_due() -> None:
    services.syncs_due()
