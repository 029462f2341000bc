"""The event log (the truth that sockets only notify about), subscriptions and the inbox.

notifications knows no other app: subjects are topics (``pipeline:12``), not foreign keys."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Event(models.Model):
    """One published event. Every step of every run writes a few, so the table carries only the indexes its
    readers use: (topic, id) for a topic's replay and the events API (a ``types`` filter is applied within
    the topic's rows), ``ts`` for retention and a socket's replay by time. ``uuid`` (for a client to tell
    deliveries apart) and ``type`` have none: no query looks one up, and a unique index of random UUIDs cost
    each insert a random page of a btree as large as the table."""

    uuid = models.UUIDField(default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=64)
    version = models.PositiveSmallIntegerField(default=1)
    ts = models.DateTimeField(db_index=True)
    topic = models.CharField(max_length=120)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["topic", "id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.topic} {self.type}"

    def as_message(self) -> dict:
        return {
            "id": self.pk,
            "uuid": str(self.uuid),
            "type": self.type,
            "version": self.version,
            "ts": self.ts.isoformat(),
            "topic": self.topic,
            "data": self.data,
        }


class PipelineSubscription(models.Model):
    """A user's standing wish to be told about a pipeline's events (e.g. its failures)."""

    class Channel(models.TextChoices):
        IN_APP = "in_app", "In-app"
        EMAIL = "email", "Email"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    topic = models.CharField(max_length=120, help_text="e.g. pipeline:12")
    event_types = models.JSONField(default=list, blank=True, help_text="Empty = execution.failed only.")
    channels = models.JSONField(default=list, blank=True, help_text="in_app and/or email; empty = in_app.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="subscription_unique")]
        indexes = [models.Index(fields=["topic"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.topic}"


class Notification(models.Model):
    class Level(models.TextChoices):
        INFO = "info", "Info"
        SUCCESS = "success", "Success"
        WARNING = "warning", "Warning"
        ERROR = "error", "Error"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.INFO)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title
