"""Roles are Django groups (created by migration 0002). Each role includes the ones before it.

viewer   reads what is visible to them
editor   + creates and edits pipelines, templates and connections
operator + runs and cancels executions
admin    + sees and manages everything (like staff)
"""

from __future__ import annotations

VIEWER, EDITOR, OPERATOR, ADMIN = "viewer", "editor", "operator", "admin"
ROLES = (VIEWER, EDITOR, OPERATOR, ADMIN)
_RANK = {name: i for i, name in enumerate(ROLES)}


def user_role(user) -> str | None:
    """The highest role of ``user`` (cached on the user object for the request). A request signed with a
    personal API token has its role capped by the token (accounts.authentication sets the cache first)."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_sluice_role", False)
    if cached is not False:
        return cached
    if user.is_superuser or user.is_staff:
        return ADMIN
    names = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    role = max(names, key=_RANK.__getitem__) if names else None
    user._sluice_role = role
    return role


def capped(role: str | None, cap: str) -> str | None:
    """The lower of ``role`` and ``cap`` (None, no role, stays None)."""
    return None if role is None else min(role, cap, key=_RANK.__getitem__)


def has_role(user, role: str) -> bool:
    current = user_role(user)
    return current is not None and _RANK[current] >= _RANK[role]


def sees_everything(user) -> bool:
    return has_role(user, ADMIN)
