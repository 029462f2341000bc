from django.contrib import admin

from accounts.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read and revoke (set revoked_at); a token is created on the API tokens page, where it is shown once."""

    list_display = ("name", "owner", "role", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("name", "prefix", "owner__username")
    readonly_fields = ("owner", "name", "role", "prefix", "created_at", "last_used_at", "expires_at")
    exclude = ("secret_hash",)

    def has_add_permission(self, request) -> bool:
        return False
