"""Per-user preferences (theme, time zone, density, landing page, notification channels, quiet hours) and
the emails held during quiet hours. Imported by ``accounts.models`` so Django finds them; the rules that
read and write them live in ``accounts.preferences``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


def default_channels() -> list[str]:
    return ["in_app", "email"]


class UserPreferences(models.Model):
    class Theme(models.TextChoices):
        SYSTEM = "system", "Follow the system"
        LIGHT = "light", "Light"
        DARK = "dark", "Dark"
        HIGH_CONTRAST = "high-contrast", "High contrast"

    class Density(models.TextChoices):
        COMFORTABLE = "comfortable", "Comfortable"
        COMPACT = "compact", "Compact"

    class Landing(models.TextChoices):
        DASHBOARD = "dashboard", "Dashboard"
        PIPELINES = "pipelines", "Pipelines"
        EXECUTIONS = "executions", "Executions"
        MONITORING = "monitoring", "Monitoring"
        QUALITY = "quality", "Quality"
        INBOX = "inbox", "Inbox"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sluice_preferences")
    theme = models.CharField(max_length=16, choices=Theme.choices, default=Theme.SYSTEM)
    time_zone = models.CharField(max_length=64, default="UTC", help_text="An IANA time zone, e.g. Europe/Paris.")
    density = models.CharField(max_length=16, choices=Density.choices, default=Density.COMFORTABLE)
    landing_page = models.CharField(max_length=16, choices=Landing.choices, default=Landing.DASHBOARD)
    channels = models.JSONField(default=default_channels, blank=True, help_text='Of "in_app", "email".')
    quiet_start = models.TimeField(null=True, blank=True, help_text="Quiet hours start (in time_zone).")
    quiet_end = models.TimeField(null=True, blank=True, help_text="Quiet hours end (in time_zone).")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "user preferences"

    def __str__(self) -> str:
        return f"preferences of {self.user}"


class HeldEmail(models.Model):
    """An email notification that arrived during its recipient's quiet hours; sent at ``release_at`` by the
    ``accounts.release_held_emails`` task."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    release_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["release_at", "id"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject} (at {self.release_at:%Y-%m-%d %H:%M})"
