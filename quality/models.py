"""Quality results (one row per rule per run of a ``quality.validate`` node) and quality issues (one per
pipeline, node and rule: opened by a failure, updated by the next ones, resolved by hand, reopened by a
regression), with the issue's timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class QualityResult(models.Model):
    """What one rule of one quality node found in one run. ``run_at`` is when the run finished (the time
    axis of every chart and window); ``failure_rate`` is failed_rows / rows_checked for row rules, and 1.0
    or 0.0 for whole-frame rules (row_count), which fail the data as a whole."""

    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="+", db_index=False)
    execution = models.ForeignKey(
        "executions.Execution", on_delete=models.CASCADE, related_name="quality_results", db_index=False
    )
    version_number = models.PositiveIntegerField()
    node_key = models.CharField(max_length=63)
    rule = models.CharField(max_length=100)
    rule_type = models.CharField(max_length=32)
    rows_checked = models.BigIntegerField(default=0)
    failed_rows = models.BigIntegerField(default=0)
    failure_rate = models.FloatField(default=0.0)
    passed = models.BooleanField()
    message = models.CharField(max_length=500, blank=True)
    # A few failing rows, secrets masked (quality.services.masking).
    sample = models.JSONField(default=list, blank=True)
    # rule: a row rule of quality.validate; check: a data check evaluated during the run (pipelines.nodes.checks).
    kind = models.CharField(max_length=8, choices=[("rule", "Rule"), ("check", "Check")], default="rule")
    # The rule's or check's own severity (info, warning, critical); blank: none set.
    severity = models.CharField(max_length=10, blank=True, default="")
    # Checks: the measured value, block or warn, and the bounds and baseline it was judged against.
    value = models.FloatField(null=True, blank=True)
    action = models.CharField(max_length=8, blank=True, default="")
    details = models.JSONField(default=dict, blank=True)
    run_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-run_at", "-id"]
        constraints = [
            # A re-run of the hook inserts nothing twice (quality.services.results).
            models.UniqueConstraint(fields=["execution", "node_key", "rule"], name="quality_result_unique"),
        ]
        indexes = [
            models.Index(fields=["pipeline", "run_at"], name="quality_result_pipeline_time"),
            models.Index(fields=["pipeline", "rule", "run_at"], name="quality_result_rule_time"),
            models.Index(fields=["run_at"], name="quality_result_time"),  # the window of /quality/, retention
        ]

    def __str__(self) -> str:
        return f"{self.execution_id}:{self.node_key}.{self.rule} ({'passed' if self.passed else 'failed'})"


class QualityIssue(models.Model):
    """A rule that started failing. ``failing`` → ``passing`` (a pass after failures; it stays open) →
    ``resolved`` (by someone, with the resolving run); a failure while passing makes it failing again,
    a failure after resolution reopens it (a regression)."""

    class Status(models.TextChoices):
        FAILING = "failing", "Failing"
        PASSING = "passing", "Passing"
        RESOLVED = "resolved", "Resolved"

    class Severity(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        CRITICAL = "critical", "Critical"

    OPEN = (Status.FAILING, Status.PASSING)
    SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}

    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="+", db_index=False)
    node_key = models.CharField(max_length=63)
    rule = models.CharField(max_length=100)
    rule_type = models.CharField(max_length=32)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.FAILING)
    severity = models.CharField(max_length=16, choices=Severity.choices, default=Severity.MEDIUM)
    # The severity the rule or check declares (info, warning, critical); blank: judged from the failure rate.
    rule_severity = models.CharField(max_length=10, blank=True, default="")
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField(help_text="When the rule last failed.")
    last_run_at = models.DateTimeField(help_text="The run the issue was last judged on (failing or passing).")
    affected_runs = models.PositiveIntegerField(default=0)
    affected_rows = models.BigIntegerField(default=0)
    last_failure_rate = models.FloatField(default=0.0)
    last_execution = models.ForeignKey(
        "executions.Execution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_count = models.PositiveIntegerField(default=0)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_execution = models.ForeignKey(
        "executions.Execution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["pipeline", "node_key", "rule"], name="quality_issue_unique"),
        ]
        indexes = [
            models.Index(fields=["status", "-last_seen"], name="quality_issue_status"),
        ]

    def __str__(self) -> str:
        return f"{self.node_key}.{self.rule} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class QualityIssueEntry(models.Model):
    """One line of an issue's timeline: a state change (with its run), an action or a comment."""

    class Kind(models.TextChoices):
        OPENED = "opened", "Opened"
        FAILING = "failing", "Failing again"
        PASSING = "passing", "Passing"
        REOPENED = "reopened", "Reopened"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        ASSIGNED = "assigned", "Assigned"
        COMMENTED = "commented", "Commented"
        RESOLVED = "resolved", "Resolved"

    issue = models.ForeignKey(QualityIssue, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    execution = models.ForeignKey(
        "executions.Execution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.issue_id}: {self.kind}"


class DurationSLA(models.Model):
    """A pipeline's duration SLA: a run still going after ``max_seconds`` breaches it, noticed while it
    runs (the periodic ``quality.check_slas``), once per run."""

    pipeline = models.OneToOneField("pipelines.Pipeline", on_delete=models.CASCADE, related_name="duration_sla")
    max_seconds = models.PositiveIntegerField()
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.pipeline_id}: {self.max_seconds}s"


class SLABreach(models.Model):
    """A run that went past its pipeline's duration SLA (one per run: the unique execution)."""

    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="+")
    execution = models.OneToOneField("executions.Execution", on_delete=models.CASCADE, related_name="sla_breach")
    sla_seconds = models.PositiveIntegerField()
    elapsed_seconds = models.FloatField(help_text="How long the run had been going when the breach was noticed.")
    detected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-detected_at", "-id"]

    def __str__(self) -> str:
        return f"run {self.execution_id} over {self.sla_seconds}s"
