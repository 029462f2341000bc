"""Writes of personal API tokens: create (the token is returned once, never stored), revoke, and the
throttled ``last_used_at`` stamp of the authentication class."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import audit
from accounts.models import ApiToken
from pipelines import roles

PREFIX = "slu_"
LAST_USED_EVERY = timedelta(minutes=1)  # at most one write of last_used_at per token and minute


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user, name: str, role: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """A new token of ``user``, capped at ``role`` (at most the user's own role). Returns the row and the
    token ``slu_<prefix>_<secret>``: the only time it is seen, only its hash is kept."""
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Give the token a name (what uses it: a CI job, a script)."]
    elif len(name) > 100:
        errors["name"] = ["At most 100 characters."]
    if role not in roles.ROLES:
        errors["role"] = [f"One of {', '.join(roles.ROLES)}."]
    elif not roles.has_role(user, role):
        mine = roles.user_role(user)
        errors["role"] = [f"At most your own role ({mine})." if mine else "You have no role to give a token."]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = ["The expiry must be in the future."]
    if errors:
        raise ValidationError(errors)
    secret = secrets.token_urlsafe(32)
    for _ in range(5):  # a prefix collision (40 random bits) is rare; try another one
        prefix = secrets.token_hex(5)
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    owner=user,
                    name=name,
                    role=role,
                    prefix=prefix,
                    secret_hash=secret_hash(secret),
                    expires_at=expires_at,
                )
                audit.record(
                    actor=user, action="token.created", target=token, target_type="token", changes={"role": role}
                )
        except IntegrityError:
            continue
        return token, f"{PREFIX}{prefix}_{secret}"
    raise RuntimeError("Could not find a free token prefix.")


def token_revoke(*, user, token: ApiToken) -> ApiToken:
    """Revoke ``token`` (its owner or an admin); revoking twice keeps the first time."""
    if token.owner_id != user.pk and not roles.sees_everything(user):
        raise PermissionDenied("Only the token's owner or an admin may revoke it.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        with transaction.atomic():
            if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=token.revoked_at):
                changes = {"owner": token.owner.get_username()}
                audit.record(actor=user, action="token.revoked", target=token, target_type="token", changes=changes)
    return token


def token_touch(*, token: ApiToken) -> None:
    """Stamp ``last_used_at``, at most once a minute per token (a busy CI job does not write per request)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
