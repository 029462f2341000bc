"""One pydantic schema per event type. ``publish`` validates every event against its schema, so what
the code emits and what clients are promised cannot drift apart; docs/events.md is generated from
these classes (``manage.py event_docs``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class EventData(BaseModel):
    model_config = ConfigDict(extra="forbid")


ExecutionStatus = Literal["queued", "running", "committing", "cancelling", "succeeded", "failed", "cancelled"]
StepStatus = Literal["pending", "queued", "running", "succeeded", "failed", "skipped", "cancelled"]


class ExecutionEvent(EventData):
    execution_id: int
    pipeline_id: int
    pipeline_slug: str
    version: int
    status: ExecutionStatus
    trigger: str


class ExecutionQueued(ExecutionEvent):
    """An execution was created; it runs now or waits for a concurrency slot."""


class ExecutionStarted(ExecutionEvent):
    """An execution got its slot and its first steps were dispatched."""


class ExecutionProgress(EventData):
    """Coalesced progress of a running execution (at most ~10 per second per execution)."""

    execution_id: int
    pipeline_id: int
    steps_total: int
    steps_done: int
    progress: float = Field(ge=0, le=1)


class ExecutionFinished(ExecutionEvent):
    duration_seconds: float | None
    rows_in: int
    rows_out: int
    error: str = ""


class ExecutionSucceeded(ExecutionFinished):
    """Every step succeeded (or was skipped) and every staged write was published."""


class ExecutionFailed(ExecutionFinished):
    """A step failed past its retries, or publishing the staged writes failed; nothing was published."""


class ExecutionCancelled(ExecutionFinished):
    """The execution was cancelled; staged writes were dropped."""


class StepEvent(EventData):
    execution_id: int
    pipeline_id: int
    node_key: str
    node_type: str
    status: StepStatus
    attempt: int


class StepQueued(StepEvent):
    """A step (or a fused chain headed by it) was handed to the executor."""


class StepStarted(StepEvent):
    worker: str


class StepProgress(StepEvent):
    progress: float = Field(ge=0, le=1)
    peak_rss_bytes: int | None = None


class StepSucceeded(StepEvent):
    rows_in: int | None
    rows_out: int | None
    duration_ms: int | None
    cpu_seconds: float | None
    peak_rss_bytes: int | None


class StepFailed(StepEvent):
    error: str


class StepRetrying(StepEvent):
    error: str
    retry_in_seconds: float


class StepSkipped(StepEvent):
    """The step's inputs were absent (an upstream skip, or a routing node sent it no rows)."""


class LogLine(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ts: str
    level: str
    node_key: str
    message: str


class StepLog(EventData):
    """A batch of log lines of a running step."""

    execution_id: int
    node_key: str
    lines: list[LogLine]


class PipelineEvent(EventData):
    pipeline_id: int
    slug: str
    name: str


class PipelineCreated(PipelineEvent):
    pass


class PipelineUpdated(PipelineEvent):
    pass


class PipelineDeleted(PipelineEvent):
    pass


class PipelineVersioned(PipelineEvent):
    version: int


class ScheduleFired(EventData):
    pipeline_id: int
    execution_id: int | None
    cron: str
    timezone: str


class NotificationCreated(EventData):
    notification_id: int
    level: str
    title: str
    body: str
    link: str


class MetricsSystem(EventData):
    """A psutil sample of a host: the web process's every METRICS_INTERVAL, or a worker's heartbeat."""

    host: str
    source: Literal["web", "worker"]
    ts: str
    cpu_percent: float
    memory_percent: float
    memory_used_bytes: int
    disk_percent: float
    net_sent_bytes: int
    net_recv_bytes: int
    load_1m: float | None


class WorkerEvent(EventData):
    name: str
    host: str
    pid: int
    last_seen: str


class WorkerOnline(WorkerEvent):
    """A worker sent its first heartbeat (or its first after being offline)."""


class WorkerOffline(WorkerEvent):
    """A worker shut down, or stopped heart-beating."""


class AlertEvent(EventData):
    alert_id: int
    rule_id: int
    rule: str
    kind: str
    subject: str
    value: float | None
    message: str


class AlertFired(AlertEvent):
    """An alert rule's condition became true for a subject (one open alert per rule and subject)."""


class AlertResolved(AlertEvent):
    """The condition of an open alert is no longer true."""


class AlertAcknowledged(AlertEvent):
    """Someone took an open alert in hand (it stays open until its condition clears or it is resolved)."""

    acknowledged_by: str


class GitEvent(EventData):
    repository_id: int
    repository: str
    sync_id: int
    trigger: Literal["schedule", "webhook", "manual"]
    status: Literal["succeeded", "partial", "failed"]
    commit: str
    applied: int
    unchanged: int
    conflicted: int
    failed: int
    removed: int = Field(0, description="Documents deleted from git: their pipelines archived, their tests deleted.")


class GitSynced(GitEvent):
    """A git repository was synced: its changed documents were applied as new versions (the counts say how
    many were applied, unchanged, in conflict with edits made in Sluice, failed, or removed from git)."""


class GitFailed(GitEvent):
    """A git sync could not run (the fetch failed, the branch or folder is missing) or none of the changed
    documents could be applied."""

    error: str


class QualityIssueEvent(EventData):
    issue_id: int
    pipeline_id: int
    pipeline_slug: str
    node_key: str
    rule: str
    rule_type: str
    severity: Literal["low", "medium", "high", "critical"]
    rule_severity: Literal["info", "warning", "critical"] | None = Field(
        None, description="The severity the rule or check declares; null: judged from the failure rate."
    )
    status: Literal["failing", "passing", "resolved"]
    execution_id: int | None
    failure_rate: float = Field(ge=0, le=1)
    affected_runs: int
    affected_rows: int


class QualityIssueOpened(QualityIssueEvent):
    """A quality rule failed for the first time: a quality issue was opened (docs/quality.md)."""


class QualityIssueReopened(QualityIssueEvent):
    """A quality rule failed again after its issue was resolved (a regression): the issue is open again."""


class QualityIssueResolved(QualityIssueEvent):
    """Someone resolved a quality issue; ``execution_id`` is the resolving run (where the rule passed), if any."""

    resolved_by: str


class QualitySLABreached(EventData):
    """A run is still going past its pipeline's duration SLA (noticed while it runs, once per run)."""

    execution_id: int
    pipeline_id: int
    pipeline_slug: str
    sla_seconds: int
    elapsed_seconds: float
    status: Literal["running", "committing", "cancelling"]


class ReportDelivered(EventData):
    """A report was sent to one of its channels (its schedule, or someone's "send now"), or failed to be."""

    report_id: int
    report: str
    channel: Literal["email", "webhook"]
    status: Literal["sent", "failed"]
    trigger: Literal["schedule", "manual"]
    detail: str = Field(description="The recipients' count, the webhook's HTTP status, or the error.")


SCHEMAS: dict[str, tuple[type[EventData], int]] = {
    "execution.queued": (ExecutionQueued, 1),
    "execution.started": (ExecutionStarted, 1),
    "execution.progress": (ExecutionProgress, 1),
    "execution.succeeded": (ExecutionSucceeded, 1),
    "execution.failed": (ExecutionFailed, 1),
    "execution.cancelled": (ExecutionCancelled, 1),
    "step.queued": (StepQueued, 1),
    "step.started": (StepStarted, 1),
    "step.progress": (StepProgress, 1),
    "step.succeeded": (StepSucceeded, 1),
    "step.failed": (StepFailed, 1),
    "step.retrying": (StepRetrying, 1),
    "step.skipped": (StepSkipped, 1),
    "step.log": (StepLog, 1),
    "pipeline.created": (PipelineCreated, 1),
    "pipeline.updated": (PipelineUpdated, 1),
    "pipeline.deleted": (PipelineDeleted, 1),
    "pipeline.versioned": (PipelineVersioned, 1),
    "schedule.fired": (ScheduleFired, 1),
    "notification.created": (NotificationCreated, 1),
    "metrics.system": (MetricsSystem, 1),
    "worker.online": (WorkerOnline, 1),
    "worker.offline": (WorkerOffline, 1),
    "alert.fired": (AlertFired, 1),
    "alert.resolved": (AlertResolved, 1),
    "alert.acknowledged": (AlertAcknowledged, 1),
    "git.synced": (GitSynced, 1),
    "git.failed": (GitFailed, 1),
    "quality.issue_opened": (QualityIssueOpened, 1),
    "quality.issue_reopened": (QualityIssueReopened, 1),
    "quality.issue_resolved": (QualityIssueResolved, 1),
    "quality.sla_breached": (QualitySLABreached, 1),
    "report.delivered": (ReportDelivered, 1),
}
