from __future__ import annotations

from django.db import models
from django.utils import timezone

from executions.models.execution import elapsed_ms


class StepRun(models.Model):
    """One node of one execution.

    Nodes of a fused chain each have a StepRun (the UI shows every node), but only
    the chain's head is dispatched and claimed; ``group`` names that head, and the
    members' rows are finished together with it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"
        CANCELLED = "cancelled", "Cancelled"

    WAITING = (Status.PENDING, Status.QUEUED)
    ACTIVE = (Status.PENDING, Status.QUEUED, Status.RUNNING)
    DONE = (Status.SUCCEEDED, Status.FAILED, Status.SKIPPED, Status.CANCELLED)

    # No index of its own: the unique (execution, node_key) constraint leads with it.
    execution = models.ForeignKey(
        "executions.Execution", on_delete=models.CASCADE, related_name="steps", db_index=False
    )
    node_key = models.CharField(max_length=63)
    node_type = models.CharField(max_length=100)
    group = models.CharField(max_length=63, help_text="Key of the head node of this node's fused chain.")
    position = models.PositiveIntegerField(default=0, help_text="Order inside the fused chain (0 = head).")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempt = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=1)
    retry_backoff_seconds = models.FloatField(default=5.0)
    timeout_seconds = models.PositiveIntegerField(default=3600)
    remaining_upstream = models.PositiveIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    rows_in = models.BigIntegerField(null=True, blank=True)
    rows_out = models.BigIntegerField(null=True, blank=True)
    bytes_out = models.BigIntegerField(null=True, blank=True)
    duration_ms = models.BigIntegerField(null=True, blank=True)
    cpu_seconds = models.FloatField(null=True, blank=True)
    peak_rss_bytes = models.BigIntegerField(null=True, blank=True)
    progress = models.FloatField(default=0.0)
    error = models.TextField(blank=True)
    traceback = models.TextField(blank=True)
    # port -> artifact URL of this node's outputs (only materialised nodes have them)
    artifacts = models.JSONField(default=dict, blank=True)
    # port -> row count of each output (a branch routes rows to several ports)
    output_rows = models.JSONField(default=dict, blank=True)
    # A destination's staging receipt, committed or aborted at the end of the run.
    receipt = models.JSONField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True)
    # Fair scheduling (docs/scheduling.md): the pool of this group (set on its head), and since when the
    # ready head has been waiting for a free slot of it (None: not waiting, or in no pool).
    pool = models.CharField(max_length=100, blank=True, default="")
    pool_waiting_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["execution", "id"]
        constraints = [models.UniqueConstraint(fields=["execution", "node_key"], name="step_node_unique")]
        # A step row is updated four times or more (pending → queued → running → succeeded), each time
        # into every index whose columns change: the status indexes are partial, so a row is only in the
        # one of its current status. A full index led by status grew with dead entries under that churn
        # and misled the planner away from the per-execution index (1-2 ms instead of 0.1 per query).
        indexes = [
            models.Index(fields=["execution", "group"]),
            # the watchdog and the busy-worker gauges: running steps by heartbeat
            models.Index(fields=["heartbeat_at"], condition=models.Q(status="running"), name="step_running_heartbeat"),
            # re-dispatch of lost messages and the queue depth: queued steps by age
            models.Index(fields=["queued_at"], condition=models.Q(status="queued"), name="step_queued_at"),
            # ETAs and baselines: the last successes of a node
            models.Index(
                fields=["node_key", "finished_at"], condition=models.Q(status="succeeded"), name="step_node_succeeded"
            ),
            # pools: the running steps of a pool (its occupancy) and the heads waiting for a slot
            models.Index(
                fields=["pool"], condition=models.Q(status="running") & ~models.Q(pool=""), name="step_pool_running"
            ),
            models.Index(
                fields=["pool", "queued_at"],
                condition=models.Q(status="queued", pool_waiting_since__isnull=False),
                name="step_pool_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.execution_id}:{self.node_key} ({self.status})"

    @property
    def is_head(self) -> bool:
        return self.group == self.node_key

    @property
    def wait_ms(self) -> int | None:
        """Milliseconds in the queue, from queued to started; None until it starts."""
        return elapsed_ms(self.queued_at, self.started_at)

    @property
    def elapsed_ms(self) -> int | None:
        """The recorded duration; while it runs, the time since it started; None before it starts."""
        if self.duration_ms is not None:
            return self.duration_ms
        running = self.status == self.Status.RUNNING
        return elapsed_ms(self.started_at, self.finished_at or (timezone.now() if running else None))


class StepLog(models.Model):
    """A log record emitted while a step ran."""

    execution = models.ForeignKey("executions.Execution", on_delete=models.CASCADE, related_name="logs")
    step = models.ForeignKey(StepRun, null=True, blank=True, on_delete=models.CASCADE, related_name="logs")
    node_key = models.CharField(max_length=63, blank=True)
    ts = models.DateTimeField(db_index=True)
    level = models.CharField(max_length=10, db_index=True)
    logger = models.CharField(max_length=200, blank=True)
    message = models.TextField()
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["execution", "ts", "id"]
        indexes = [models.Index(fields=["execution", "node_key", "ts"])]

    def __str__(self) -> str:
        return f"{self.ts} {self.level} {self.message[:60]}"
