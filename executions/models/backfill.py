from __future__ import annotations

from django.conf import settings
from django.db import models


class Backfill(models.Model):
    """A pipeline's schedule run over a past range: one :class:`BackfillInterval` per cron interval whose
    start falls in [range_start, range_end), started at most ``concurrency`` at a time, oldest first
    (executions/services/backfill.py)."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"  # every interval succeeded (or had already)
        FAILED = "failed", "Failed"  # finished, at least one interval failed
        CANCELLED = "cancelled", "Cancelled"

    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="backfills")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    range_start = models.DateTimeField()
    range_end = models.DateTimeField()
    # The schedule when the backfill started (the pipeline's may change afterwards).
    cron = models.CharField(max_length=120)
    timezone = models.CharField(max_length=64)
    concurrency = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pipeline", "-created_at"])]

    def __str__(self) -> str:
        return f"backfill #{self.pk} of {self.pipeline_id} ({self.status})"

    @property
    def can_cancel(self) -> bool:
        return self.status == self.Status.RUNNING


class BackfillInterval(models.Model):
    """One cron interval [interval_start, interval_end) of a backfill and the run that covers it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"
        SKIPPED = "skipped", "Skipped"  # a run had already succeeded for it

    DONE = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED, Status.SKIPPED)

    backfill = models.ForeignKey(Backfill, on_delete=models.CASCADE, related_name="intervals")
    interval_start = models.DateTimeField()
    interval_end = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    execution = models.OneToOneField(
        "executions.Execution", null=True, blank=True, on_delete=models.SET_NULL, related_name="backfill_interval"
    )
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["interval_start"]
        constraints = [models.UniqueConstraint(fields=["backfill", "interval_start"], name="backfill_interval_unique")]
        indexes = [models.Index(fields=["backfill", "status", "interval_start"])]

    def __str__(self) -> str:
        return f"{self.interval_start.isoformat()} ({self.status})"
