"""Insights (one row per finding: a pipeline, a kind, a node and what the finding is about) and their
history (one event per change of state or of figures). A finding is generated from run history and the
pipeline's current graph (insights.services.generate); the same finding updates its row, a finding that no
longer holds is closed, and one that comes back is reopened."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Insight(models.Model):
    class Kind(models.TextChoices):
        DURATION_REGRESSION = "duration_regression", "Duration regression"
        ROWS_REGRESSION = "rows_regression", "Row-count change"
        SLOW_NODE = "slow_node", "Slowest node"
        FAILING_NODE = "failing_node", "Most failing node"
        DURATION_GROWTH = "duration_growth", "Duration growth"
        OUTPUT_GROWTH = "output_growth", "Output growth"
        FILTER_BEFORE_JOIN = "filter_before_join", "Filter could move before a join"
        SORT_LIMIT = "sort_limit", "Sort followed by a limit"
        UNFUSED_CHAIN = "unfused_chain", "Unfused chain"
        UNUSED_COLUMNS = "unused_columns", "Source columns never used"
        MEMORY_PRESSURE = "memory_pressure", "Memory near the worker's limit"

    class Severity(models.TextChoices):
        INFO = "info", "Info"
        WARNING = "warning", "Warning"
        CRITICAL = "critical", "Critical"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        DISMISSED = "dismissed", "Dismissed"
        CLOSED = "closed", "Closed"

    RECOMMENDATIONS = (
        Kind.FILTER_BEFORE_JOIN,
        Kind.SORT_LIMIT,
        Kind.UNFUSED_CHAIN,
        Kind.UNUSED_COLUMNS,
        Kind.MEMORY_PRESSURE,
    )
    SEVERITY_RANK = {"info": 0, "warning": 1, "critical": 2}

    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    node_key = models.CharField(max_length=63, blank=True)
    # What makes two findings the same one: kind, node and subject (e.g. "duration_regression:" or
    # "filter_before_join:f1>j1"); unique per pipeline.
    fingerprint = models.CharField(max_length=200)
    severity = models.CharField(max_length=16, choices=Severity.choices, default=Severity.INFO)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    title = models.CharField(max_length=300)
    explanation = models.TextField()
    # {"runs": [execution ids], "links": [{"label", "url"}], "figures": {name: number or text}}
    evidence = models.JSONField(default=dict, blank=True)
    first_seen = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)
    times_seen = models.PositiveIntegerField(default=1)
    closed_at = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-last_seen", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["pipeline", "fingerprint"], name="insight_fingerprint_unique"),
        ]
        indexes = [
            # the lists: by state (open by default), newest first, keyset on (last_seen, id)
            models.Index(fields=["state", "-last_seen", "-id"], name="insight_state_seen"),
            models.Index(fields=["pipeline", "state", "-last_seen", "-id"], name="insight_pipeline_state_seen"),
            # state=all (and a kind or a window without a state): newest first without a sort
            models.Index(fields=["-last_seen", "-id"], name="insight_seen"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.node_key or '-'} ({self.state})"

    @property
    def is_recommendation(self) -> bool:
        return self.kind in self.RECOMMENDATIONS


class InsightEvent(models.Model):
    """One line of an insight's history: opened, updated (figures changed), closed (no longer holds),
    reopened, dismissed, undismissed."""

    class Kind(models.TextChoices):
        OPENED = "opened", "Opened"
        UPDATED = "updated", "Updated"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"
        DISMISSED = "dismissed", "Dismissed"
        UNDISMISSED = "undismissed", "Un-dismissed"

    insight = models.ForeignKey(Insight, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    figures = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.insight_id}: {self.kind}"
