"""Personal API tokens: a script's or a CI job's credentials, owned by a user and capped at a role.

Only a hash of the secret is stored; the token itself (``slu_<prefix>_<secret>``) is shown once, when it
is created. ``prefix`` is public (it names the token in lists and logs) and finds the row; the secret is
then compared in constant time with the stored hash."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from pipelines import roles


class ApiToken(models.Model):
    class Role(models.TextChoices):
        VIEWER = roles.VIEWER, "Viewer"
        EDITOR = roles.EDITOR, "Editor"
        OPERATOR = roles.OPERATOR, "Operator"
        ADMIN = roles.ADMIN, "Admin"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    role = models.CharField(
        max_length=16, choices=Role.choices, help_text="The most this token may do; never more than its owner."
    )
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)  # sha256 of the secret, hex
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="apitoken_owner_created")]

    def __str__(self) -> str:
        return f"{self.name} (slu_{self.prefix}_…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.is_expired else "active"
