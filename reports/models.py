"""Reports: a list of blocks over a window with filters, owned and shared like pipelines, with an optional
cron schedule that sends it by email and/or webhook, and the history of those deliveries."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models


class Report(models.Model):
    class Window(models.TextChoices):
        DAY = "24h", "Last 24 hours"
        WEEK = "7d", "Last 7 days"
        MONTH = "30d", "Last 30 days"
        RANGE = "range", "Explicit range"

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports")
    shared_with_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="shared_reports")
    shared_with_groups = models.ManyToManyField(Group, blank=True, related_name="shared_reports")

    # Blocks: a list of {"kind": ..., ...} validated by reports.blocks (pydantic) before they are saved.
    blocks = models.JSONField(default=list, blank=True)
    window = models.CharField(max_length=8, choices=Window.choices, default=Window.WEEK)
    since = models.DateTimeField(null=True, blank=True, help_text="Start of an explicit range (window 'range').")
    until = models.DateTimeField(null=True, blank=True, help_text="End of an explicit range (window 'range').")
    # Filters: no pipelines and no tags = every pipeline the reader may see.
    pipelines = models.ManyToManyField("pipelines.Pipeline", blank=True, related_name="reports")
    tags = models.JSONField(default=list, blank=True, help_text="Tag names: pipelines carrying any of them.")
    pipeline_owners = models.JSONField(default=list, blank=True, help_text="Usernames: pipelines owned by any of them.")

    schedule_cron = models.CharField(max_length=120, blank=True, help_text="Cron expression (5 fields); empty = none.")
    schedule_timezone = models.CharField(max_length=64, default="UTC")
    schedule_enabled = models.BooleanField(default=False)
    next_send_at = models.DateTimeField(null=True, blank=True, help_text="Next scheduled delivery (UTC).")
    email_recipients = models.JSONField(default=list, blank=True)
    webhook_url = models.URLField(blank=True, max_length=500)
    # Signs webhook bodies (HMAC-SHA256); Fernet-encrypted at rest like connection secrets, never shown.
    encrypted_webhook_secret = models.TextField(blank=True, default="", editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["owner", "name"]),
            models.Index(fields=["next_send_at"], condition=models.Q(schedule_enabled=True), name="report_due_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def webhook_secret(self) -> str:
        from pipelines.crypto import decrypt_json

        return decrypt_json(self.encrypted_webhook_secret)["secret"] if self.encrypted_webhook_secret else ""

    @webhook_secret.setter
    def webhook_secret(self, value: str) -> None:
        from pipelines.crypto import encrypt_json

        self.encrypted_webhook_secret = encrypt_json({"secret": value}) if value else ""


class ReportDelivery(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        WEBHOOK = "webhook", "Webhook"

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "Schedule"
        MANUAL = "manual", "Send now"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    status = models.CharField(max_length=16, choices=Status.choices)
    trigger = models.CharField(max_length=16, choices=Trigger.choices)
    detail = models.CharField(max_length=500, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["report", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.channel} {self.status}"
