"""Who may do what through the pipelines API.

Roles are groups, each including the ones before it: viewer < editor < operator < admin
(staff and superusers are admins). Any signed-in user reads what is visible to them (the
querysets come from ``pipelines.selectors``, so another user's object is a 404); changes
need the editor role.
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from pipelines import roles


def _signed_in(request) -> bool:
    return bool(request.user and request.user.is_authenticated)


class IsEditorForWrites(BasePermission):
    """Reads for every signed-in user; writes (POST, PUT, PATCH, DELETE) for editors and above."""

    message = "Changing pipelines, templates and connections needs the editor role."

    def has_permission(self, request, view) -> bool:
        if not _signed_in(request):
            return False
        return request.method in SAFE_METHODS or roles.has_role(request.user, roles.EDITOR)


class IsEditor(BasePermission):
    """Every method needs the editor role (testing and introspecting connections)."""

    message = "This needs the editor role."

    def has_permission(self, request, view) -> bool:
        return _signed_in(request) and roles.has_role(request.user, roles.EDITOR)
