"""Who may run, edit and read through the executions API. Every method needs a signed-in user; these
classes replace DRF's default ``IsAuthenticated``, so each checks that first."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from pipelines import roles


def _signed_in(request) -> bool:
    return bool(request.user and request.user.is_authenticated)


class IsOperator(BasePermission):
    """Reads for every signed-in user; running, cancelling and retrying executions for operators and above."""

    message = "Running pipelines needs the operator role."

    def has_permission(self, request, view) -> bool:
        if not _signed_in(request):
            return False
        return request.method in SAFE_METHODS or roles.has_role(request.user, roles.OPERATOR)


class IsEditor(BasePermission):
    """Reads for every signed-in user; writes (dry-runs, dependencies) for editors and above."""

    message = "This needs the editor role."

    def has_permission(self, request, view) -> bool:
        if not _signed_in(request):
            return False
        return request.method in SAFE_METHODS or roles.has_role(request.user, roles.EDITOR)
