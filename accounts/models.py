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


class AuditEvent(models.Model):
    """One change to users, roles, tokens or sessions, or a sign-in/out: who did what to what, and when.

    ``actor_label`` and ``target_label`` keep the names as they were, so a row still reads well after the
    user or object is gone. Rows are written by the services (``accounts.audit.record``), never edited."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40, db_index=True)  # e.g. user.invited, token.revoked, auth.signed_in
    target_type = models.CharField(max_length=40, blank=True)  # user, token, session
    target_id = models.CharField(max_length=40, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)  # {"field": [before, after]} or details
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or '-'} {self.action} {self.target_label}"


class UserSession(models.Model):
    """A signed-in browser session (one row per Django session, written at sign-in): what the "Your
    sessions" page lists and revokes. The session key itself is never shown or returned."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=64, unique=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.ip or '-'} {self.user_agent[:40]}"


from accounts.onboarding_models import OnboardingState  # noqa: E402,F401  (Django finds it here)
from accounts.preferences_models import HeldEmail, UserPreferences  # noqa: E402,F401  (Django finds them here)
