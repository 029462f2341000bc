from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from pipelines.models import Pipeline


class Execution(models.Model):
    """One run of one immutable PipelineVersion."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"  # waiting for a concurrency slot or for its first steps
        RUNNING = "running", "Running"
        COMMITTING = "committing", "Committing"  # every step succeeded; publishing staged writes
        CANCELLING = "cancelling", "Cancelling"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    class Trigger(models.TextChoices):
        MANUAL = "manual", "Manual"
        API = "api", "API"
        SCHEDULE = "schedule", "Schedule"
        UPSTREAM = "upstream", "Upstream pipeline"
        RETRY = "retry", "Retry"
        CLI = "cli", "Command line"
        CALL = "call", "Called by a pipeline"
        BACKFILL = "backfill", "Backfill"

    ACTIVE = (Status.QUEUED, Status.RUNNING, Status.COMMITTING, Status.CANCELLING)
    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)

    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="executions")
    # RESTRICT: a version cannot be deleted while runs use it, but deleting the pipeline deletes both.
    version = models.ForeignKey("pipelines.PipelineVersion", on_delete=models.RESTRICT, related_name="executions")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    trigger = models.CharField(max_length=16, choices=Trigger.choices, default=Trigger.MANUAL)
    params = models.JSONField(default=dict, blank=True)
    priority = models.PositiveSmallIntegerField(default=5)
    correlation_id = models.CharField(max_length=64, default="", blank=True, db_index=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retry_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retries")
    upstream_execution = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="triggered"
    )
    # A child execution: the ``pipeline.call`` step that ran this version inside itself (trigger ``call``).
    parent_step = models.ForeignKey(
        "executions.StepRun", null=True, blank=True, on_delete=models.CASCADE, related_name="calls"
    )
    # Where this execution's artifacts live (ARTIFACTS_DIR/<uuid>); a retry reuses its parent's.
    artifact_key = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    commit_heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Whether linear chains run fused; fixed at start so every process plans the same steps.
    fuse_chains = models.BooleanField(default=True)
    backend = models.CharField(
        max_length=16,
        choices=Pipeline.Backend.choices,
        default=Pipeline.Backend.POLARS,
        help_text="Where this run computes (polars, sql or spark): the start's choice, else its pipeline's backend.",
    )
    rows_in = models.BigIntegerField(default=0)
    rows_out = models.BigIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["pipeline", "-created_at"]),
            models.Index(fields=["status", "priority", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.pipeline} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    # The state rules of the actions (the pages offer an action only when its rule holds; the services
    # execution_cancel and execution_retry refuse the same states).
    @property
    def can_cancel(self) -> bool:
        """Queued or running: cancelling stops it (committing or already cancelling: too late)."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def can_retry(self) -> bool:
        """Failed or cancelled: a retry reruns what did not succeed, reusing the rest. Not a called run
        (trigger ``call``): its calling step retries it, with the caller's data."""
        return self.status in (self.Status.FAILED, self.Status.CANCELLED) and self.parent_step_id is None

    @property
    def can_rerun(self) -> bool:
        """Finished, whatever the outcome: a rerun starts the same version again from the start (not a
        called run: rerun its caller)."""
        return self.is_finished and self.parent_step_id is None

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    @property
    def elapsed_ms(self) -> int | None:
        """Milliseconds from the start to the finish, or to now while it runs; None before it starts."""
        return elapsed_ms(self.started_at, self.finished_at or timezone.now()) if self.started_at else None


def elapsed_ms(start, end) -> int | None:
    """Whole milliseconds from ``start`` to ``end``; None unless both are known."""
    return int((end - start).total_seconds() * 1000) if start and end else None
