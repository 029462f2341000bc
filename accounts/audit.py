"""The audit log's one write: ``record``. Services call it inside their own transaction, so a change and
its row commit together. The client address comes from the request being served
(``accounts.middleware.AccountsMiddleware`` sets it), or is passed explicitly."""

from __future__ import annotations

import contextvars
from typing import Any

from accounts.models import AuditEvent

_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("sluice_client_ip", default=None)

ACTIONS = (
    "user.invited",
    "user.invite_resent",
    "user.invite_accepted",
    "user.oidc_created",
    "user.updated",
    "user.role_changed",
    "user.deactivated",
    "user.reactivated",
    "token.created",
    "token.revoked",
    "session.revoked",
    "auth.signed_in",
    "auth.signed_out",
)
TARGET_TYPES = ("user", "token", "session")


def set_client_ip(ip: str | None) -> contextvars.Token:
    return _client_ip.set(ip)


def reset_client_ip(token: contextvars.Token) -> None:
    _client_ip.reset(token)


def _label(obj) -> str:
    return str(getattr(obj, "username", None) or obj)[:200]


def record(
    *,
    actor,
    action: str,
    target=None,
    target_type: str = "",
    changes: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """Write one audit row. ``actor`` is a user or None (the system); ``target`` a model instance."""
    assert action in ACTIONS, action
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor.get_username() if actor is not None else "",
        action=action,
        target_type=target_type,
        target_id=str(target.pk) if target is not None else "",
        target_label=_label(target) if target is not None else "",
        changes=changes or {},
        ip=ip if ip is not None else _client_ip.get(),
    )


def current_ip() -> str | None:
    """The address of the request being served, when there is one."""
    return _client_ip.get()
