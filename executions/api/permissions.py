from rest_framework.permissions import SAFE_METHODS, BasePermission

from pipelines import roles


class IsOperator(BasePermission):
    """Running, cancelling and retrying executions needs the operator role (or higher)."""

    message = "Running pipelines needs the operator role."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or roles.has_role(request.user, roles.OPERATOR)


class IsEditor(BasePermission):
    message = "This needs the editor role."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or roles.has_role(request.user, roles.EDITOR)
