"""Helpers shared by the pipelines app's pages: role checks, htmx detection, safe redirects."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.http import url_has_allowed_host_and_scheme

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


def require_operator(user) -> None:
    if not can_run(user):
        raise PermissionDenied("Running pipelines needs the operator role.")


def safe_next(request, default: str) -> str:
    """The ``next`` form field or query parameter when it points inside this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return default
