"""Repositories: create, update, delete, rotate the webhook secret, ask for a sync (never run it here)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.ids import is_digits
from gitsync import dispatch, git
from gitsync.models import GitRepository, GitSync, new_webhook_secret
from pipelines import roles
from pipelines.models import Connection
from pipelines.selectors import connections_visible_to

FIELDS = (
    "name",
    "url",
    "branch",
    "folder",
    "credentials",
    "known_hosts",
    "sync_interval_minutes",
    "push_back",
    "push_branch",
)
MAX_INTERVAL_MINUTES = 7 * 24 * 60


def repository_change_refusal(*, repository: GitRepository | None, user) -> str | None:
    """Why ``user`` may not create (``repository`` None) or change ``repository``; None when they may."""
    if not roles.has_role(user, roles.EDITOR):
        return "Git repositories need the editor role (they create and change pipelines)."
    if repository is None or roles.sees_everything(user) or repository.owner_id == user.pk:
        return None
    return "Only the repository's owner or an admin may change it."


def _require(repository: GitRepository | None, user) -> None:
    refusal = repository_change_refusal(repository=repository, user=user)
    if refusal is not None:
        raise PermissionDenied(refusal)


def allow_private() -> bool:
    return bool(settings.ALLOW_PRIVATE_NETWORK_SOURCES)


def _check(repository: GitRepository, user) -> None:
    """Every field's rules at once (ValidationError keyed by field)."""
    errors: dict[str, list[str]] = {}
    if not (repository.name or "").strip():
        errors["name"] = ["A repository needs a name."]
    try:
        git.remote_check(repository.url, allow_private=allow_private(), strict_dns=False)
    except git.GitError as exc:
        errors["url"] = [str(exc)]
    for field in ("branch", "push_branch"):
        value = getattr(repository, field)
        if field == "push_branch" and not value:
            continue
        try:
            setattr(repository, field, git.branch_check(value))
        except git.GitError as exc:
            errors[field] = [str(exc)]
    try:
        repository.folder = git.folder_check(repository.folder)
    except git.GitError as exc:
        errors["folder"] = [str(exc)]
    if not 0 <= int(repository.sync_interval_minutes or 0) <= MAX_INTERVAL_MINUTES:
        errors["sync_interval_minutes"] = [f"Between 0 (no schedule) and {MAX_INTERVAL_MINUTES} minutes."]
    credentials = repository.credentials
    if credentials is not None:
        if credentials.kind != Connection.Kind.GIT:
            errors["credentials"] = ["Choose a git connection (a deploy key or a token)."]
        elif not connections_visible_to(user=user).filter(pk=credentials.pk).exists():
            errors["credentials"] = ["No such connection."]
    if errors:
        raise ValidationError(errors)


def _credentials(value: Any) -> Connection | None:
    if value in (None, ""):
        return None
    if isinstance(value, Connection):
        return value
    connection = Connection.objects.filter(pk=value).first() if is_digits(str(value)) else None
    if connection is None:
        raise ValidationError({"credentials": ["No such connection."]})
    return connection


def repository_create(*, user, **fields: Any) -> GitRepository:
    _require(None, user)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"repository_create() got unexpected fields {sorted(unknown)}")
    fields["credentials"] = _credentials(fields.get("credentials"))
    repository = GitRepository(owner=user, **fields)
    _check(repository, user)
    repository.save()
    return repository


def repository_update(*, repository: GitRepository, user, **fields: Any) -> GitRepository:
    _require(repository, user)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"repository_update() got unexpected fields {sorted(unknown)}")
    if "credentials" in fields:
        fields["credentials"] = _credentials(fields["credentials"])
    for name, value in fields.items():
        setattr(repository, name, value)
    _check(repository, user)
    repository.save()
    return repository


def repository_delete(*, repository: GitRepository, user) -> None:
    """The repository, its syncs and its document links go; the pipelines it made stay."""
    _require(repository, user)
    repository.delete()


def repository_rotate_secret(*, repository: GitRepository, user) -> GitRepository:
    _require(repository, user)
    repository.encrypted_webhook_secret = new_webhook_secret()
    repository.save(update_fields=["encrypted_webhook_secret", "updated_at"])
    return repository


def sync_request(*, repository: GitRepository, trigger: str, user=None) -> GitSync:
    """Queue a sync of ``repository`` (dispatched after commit). A sync already queued is reused: a burst
    of webhooks makes one sync. ``user`` (a manual sync) must be allowed to change the repository."""
    if user is not None:
        _require(repository, user)
    with transaction.atomic():
        GitRepository.objects.select_for_update().filter(pk=repository.pk).first()
        queued = GitSync.objects.filter(repository=repository, status=GitSync.Status.QUEUED).first()
        if queued is not None:
            return queued
        sync = GitSync.objects.create(repository=repository, trigger=trigger)
        dispatch.send("sync", sync.pk)
    return sync
