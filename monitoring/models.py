"""Host metrics over time and the worker roster."""

from __future__ import annotations

import json

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


class FloatListField(models.Field):
    """A list of floats: ``double precision[]`` on PostgreSQL (unnest is what the rollup reads do with it),
    JSON text elsewhere (SQLite has no rollups, the column is only there for the schema)."""

    description = "A list of floats"

    def db_type(self, connection):
        return "double precision[]" if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value, expression, connection):
        if value is None or isinstance(value, list):
            return value
        return json.loads(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None or connection.vendor == "postgresql":
            return value
        return json.dumps(value)


class RollupState(models.Model):
    """The one row saying up to where the hourly rollups are complete (docs/monitoring.md): every hour
    before ``sealed_until`` is in StageHour and ExecutionHour, and no execution created before it was
    still active when it was sealed (a finished execution's figures never change again)."""

    name = models.CharField(max_length=40, unique=True)
    sealed_until = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} sealed until {self.sealed_until:%Y-%m-%d %H:%M}"


class ExecutionHour(models.Model):
    """The executions of one pipeline created in one hour (UTC), folded: counts by status, durations
    (seconds, of finished runs with both times, kept whole so percentiles stay exact) and rows."""

    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="+", db_index=False)
    hour = models.DateTimeField()
    total = models.IntegerField()
    by_status = models.JSONField(default=dict)
    failed = models.IntegerField()
    n_duration = models.IntegerField()
    sum_duration_s = models.FloatField(null=True)
    durations_s = FloatListField(default=list)
    # The same durations as big-endian float8s end to end (float8send), what the reads hand to numpy
    # (monitoring/selectors/rollup_reads.py); NULL in the rows folded before it existed (then computed).
    durations_packed = models.BinaryField(null=True)
    sum_rows_in = models.BigIntegerField(null=True)
    sum_rows_out = models.BigIntegerField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pipeline", "hour"], name="execution_hour_unique")]
        indexes = [models.Index(fields=["hour"], name="execution_hour_hour")]

    def __str__(self) -> str:
        return f"pipeline {self.pipeline_id} {self.hour:%Y-%m-%d %H}h: {self.total} runs"


class StageHour(models.Model):
    """The step runs of one node of one pipeline whose executions were created in one hour (UTC),
    folded the way the stage metrics are (monitoring/selectors/stages.py); succeeded durations are
    kept whole so percentiles stay exact; the latest failed step is named so its error can be read."""

    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="+", db_index=False)
    node_key = models.CharField(max_length=63)
    hour = models.DateTimeField()
    node_type = models.CharField(max_length=100)
    runs = models.IntegerField()
    succeeded = models.IntegerField()
    failed = models.IntegerField()
    skipped = models.IntegerField()
    cancelled = models.IntegerField()
    n_ms = models.IntegerField()
    sum_ms = models.BigIntegerField(null=True)
    max_ms = models.BigIntegerField(null=True)
    durations_ms = FloatListField(default=list)
    durations_packed = models.BinaryField(null=True)  # as ExecutionHour's
    sum_rows_in = models.BigIntegerField(null=True)
    sum_rows_out = models.BigIntegerField(null=True)
    rows_handled = models.BigIntegerField(null=True)
    cpu_seconds = models.FloatField(null=True)
    max_peak_rss_bytes = models.BigIntegerField(null=True)
    last_run_at = models.DateTimeField(null=True)
    last_failed_at = models.DateTimeField(null=True)
    last_failed_id = models.BigIntegerField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pipeline", "hour", "node_key"], name="stage_hour_unique")]
        indexes = [
            models.Index(fields=["hour"], name="stage_hour_hour"),
            # The summary's failing nodes: an index-only scan of the few failing (hour, node) rows instead
            # of every rollup row of the window (83,000 heap rows for a week at 1M executions).
            models.Index(
                fields=["hour"],
                include=["pipeline_id", "node_key", "failed"],
                condition=models.Q(failed__gt=0),
                name="stage_hour_failing",
            ),
            # The active runs' ETAs: a node's newest hours with a success bound the walk for its last 20
            # successes (monitoring/selectors/overview.py).
            models.Index(
                fields=["pipeline", "node_key", "-hour"], condition=models.Q(n_ms__gt=0), name="stage_hour_succeeded"
            ),
        ]

    def __str__(self) -> str:
        return f"pipeline {self.pipeline_id} {self.node_key} {self.hour:%Y-%m-%d %H}h: {self.runs} runs"
