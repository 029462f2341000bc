"""Host metrics over time and the worker roster."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class MetricSample(models.Model):
    """One psutil sample of a host (the web process's or a worker's)."""

    class Source(models.TextChoices):
        WEB = "web", "Web"
        WORKER = "worker", "Worker"

    ts = models.DateTimeField(db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    host = models.CharField(max_length=200)
    cpu_percent = models.FloatField()
    memory_percent = models.FloatField()
    memory_used_bytes = models.BigIntegerField()
    disk_percent = models.FloatField()
    net_sent_bytes = models.BigIntegerField()
    net_recv_bytes = models.BigIntegerField()
    load_1m = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-ts"]
        indexes = [models.Index(fields=["host", "-ts"])]

    def __str__(self) -> str:
        return f"{self.host} {self.ts:%H:%M:%S} cpu {self.cpu_percent:.0f}%"


class Worker(models.Model):
    """A Celery worker process, kept by its heartbeats."""

    class Status(models.TextChoices):
        ONLINE = "online", "Online"
        OFFLINE = "offline", "Offline"

    name = models.CharField(max_length=200, unique=True)
    host = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ONLINE, db_index=True)
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)
    cpu_percent = models.FloatField(default=0)
    memory_percent = models.FloatField(default=0)
    concurrency = models.PositiveIntegerField(default=0)
    queues = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"


class AlertRule(models.Model):
    """When to raise an alert, about what, and whom to tell."""

    class Kind(models.TextChoices):
        EXECUTION_FAILED = "execution_failed", "Execution failed"
        DURATION_ABOVE_BASELINE = "duration_above_baseline", "Duration above baseline"
        ROWS_OUT_OF_RANGE = "rows_out_of_range", "Rows out of range"
        METRIC_ABOVE_THRESHOLD = "metric_above_threshold", "Metric above threshold"
        WORKER_OFFLINE = "worker_offline", "Worker offline"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    pipeline = models.ForeignKey(
        "pipelines.Pipeline",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alert_rules",
        help_text="Empty: every pipeline.",
    )
    params = models.JSONField(default=dict, blank=True)
    channels = models.JSONField(default=list, blank=True, help_text="in_app, email, webhook")
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="alert_rules")
    emails = models.JSONField(default=list, blank=True)
    webhook_url = models.URLField(blank=True, max_length=500)
    webhook_secret = models.CharField(max_length=200, blank=True, help_text="Signs webhook bodies (HMAC-SHA256).")
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Alert(models.Model):
    class Status(models.TextChoices):
        FIRING = "firing", "Firing"
        RESOLVED = "resolved", "Resolved"

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts")
    subject = models.CharField(max_length=200, help_text="What it is about: pipeline:3, host:web-1, worker:w1")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FIRING, db_index=True)
    value = models.FloatField(null=True, blank=True)
    message = models.TextField()
    fired_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Someone is on it: shown beside the alert until it resolves (it does not silence the rule).
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deliveries = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-fired_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "subject"],
                condition=models.Q(status="firing"),
                name="one_open_alert_per_rule_and_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.subject} ({self.status})"
