"""Helpers shared by the pipelines app's pages: role checks and the page size."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from pipelines import roles

PAGE_SIZE = 25


def can_edit(user) -> bool:
    """Editors (and above) create and change pipelines, templates and connections — as in the API."""
    return roles.has_role(user, roles.EDITOR)


def can_run(user) -> bool:
    """Operators (and above) run pipelines — as in the API."""
    return roles.has_role(user, roles.OPERATOR)


def require_editor(user) -> None:
    if not can_edit(user):
        raise PermissionDenied("Changing pipelines, templates and connections needs the editor role.")
