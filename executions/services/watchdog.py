"""The watchdog sweep (a periodic task; the embedded scheduler runs it too) and what it looks for."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from executions import executors
from executions.models import Execution, StepRun
from executions.services.calls import calls_cancel_stale
from executions.services.lifecycle import SLOT_HOLDERS, execution_admit_waiting, execution_commit, execution_finish
from executions.services.pools import pools_wake_all
from executions.services.steps import step_cancel_running, step_fail


def watchdog_sweep(*, stale_after: timedelta) -> dict[str, int]:
    """Requeue (or fail) steps whose worker stopped heart-beating or ran past its timeout, finish the
    commit of executions whose committing process died (commits are idempotent), finish executions
    whose last step ended without the finish that follows it, and admit queued executions that the
    lost finish should have admitted (after a database restart, a process killed at the wrong moment)."""
    counts = steps_requeue_stale(stale_after=stale_after)
    children = calls_cancel_stale()
    if children:
        counts["calls_cancelled"] = children
    before = timezone.now() - stale_after
    recommitted = 0
    for execution_id in executions_reset_stale(before=before):
        execution_commit(execution_id=execution_id)
        recommitted += 1
    if recommitted:
        counts["recommitted"] = recommitted
    finished = executions_finish_orphaned(before=before)
    if finished:
        counts["finished"] = len(finished)
    admitted = executions_admit_stalled(before=before)
    if admitted:
        counts["admitted"] = admitted
    woken = pools_wake_all()  # a safety net: a pool's slot freed by a step whose wake-up was lost
    if woken:
        counts["pool_woken"] = woken
    redispatched = steps_redispatch_lost(older_than=timedelta(seconds=settings.SLUICE_REDISPATCH_AFTER_SECONDS))
    if redispatched:
        counts["redispatched"] = redispatched
    return counts


def steps_redispatch_lost(*, older_than: timedelta) -> int:
    """Queued steps still waiting long after they were queued (their broker message was lost, e.g. a
    wiped Redis) are dispatched again; a message that does turn up later claims nothing. Steps queued
    before the broker last started are dispatched again at once: the restart may have taken their
    message (and the worker that had reserved it may be gone too, keeping it unacknowledged)."""
    cutoff = timezone.now() - older_than
    restarted = executors.broker_started_at()
    if restarted is not None and restarted > cutoff:
        # Only those queued before the restart and not just now (their dispatch may still be on its way).
        cutoff = min(restarted, timezone.now() - timedelta(seconds=settings.SLUICE_HEARTBEAT_SECONDS * 4))
    lost = list(
        StepRun.objects.filter(
            status=StepRun.Status.QUEUED,
            position=0,
            queued_at__lt=cutoff,
            execution__status=Execution.Status.RUNNING,
            pool_waiting_since__isnull=True,  # waiting for its pool, with no message: pools_wake_all's
        ).values_list("pk", "execution__priority")[:1000]
    )
    for pk, priority in lost:
        StepRun.objects.filter(pk=pk, status=StepRun.Status.QUEUED).update(queued_at=timezone.now())
        executors.dispatch([pk], priority=priority)
    return len(lost)


def steps_requeue_stale(*, stale_after: timedelta) -> dict[str, int]:
    """Watchdog: running steps whose heartbeat is older than ``stale_after`` (their worker died or
    hangs) are requeued while attempts remain, else failed; a step past its timeout is failed."""
    now = timezone.now()
    counts: dict[str, int] = defaultdict(int)
    # The steps of a called run (pipeline.call) are run by their calling step, never requeued on their own:
    # a calling step that went stale is requeued, and its new attempt cancels the child (calls_cancel_stale).
    stale = StepRun.objects.select_related("execution").filter(
        status=StepRun.Status.RUNNING, position=0, heartbeat_at__lt=now - stale_after, execution__parent_step=None
    )
    for step in stale:
        if step.execution.status != Execution.Status.RUNNING:
            step_cancel_running(step=step)  # its run was cancelled or failed while the worker was gone
            counts["cancelled"] += 1
            continue
        step_fail(
            step=step,
            lost=True,
            error=f"The worker {step.worker or '?'} stopped responding (no heartbeat since "
            f"{step.heartbeat_at:%H:%M:%S}).",
        )
        counts["stale"] += 1
    overdue = StepRun.objects.select_related("execution").filter(
        status=StepRun.Status.RUNNING, position=0, execution__parent_step=None
    )
    for step in overdue:
        if step.started_at and (now - step.started_at).total_seconds() > step.timeout_seconds:
            step_fail(step=step, error=f"Timed out after {step.timeout_seconds}s.")
            counts["timeout"] += 1
    return dict(counts)


def executions_finish_orphaned(*, before) -> list[int]:
    """Finish running or cancelling executions that have no active step left and whose last step
    ended before ``before``: the process that ended that step committed it but never got to the finish
    (it lost the database or died in between), so nobody else would. ``execution_finish`` claims with
    conditional updates, so a finish racing this one still happens once. Returns the ids finished."""
    steps = StepRun.objects.filter(execution_id=OuterRef("pk"))
    orphaned = list(
        Execution.objects.filter(
            status__in=[Execution.Status.RUNNING, Execution.Status.CANCELLING], parent_step=None
        )  # a called run is finished by its calling step, or cancelled by calls_cancel_stale
        .annotate(active=Exists(steps.filter(status__in=StepRun.ACTIVE)), last=Max("steps__finished_at"))
        .filter(active=False)
        .filter(Q(last__lt=before) | Q(last__isnull=True, started_at__lt=before))
        .values_list("pk", flat=True)[:1000]
    )
    for execution_id in orphaned:
        execution_finish(execution_id=execution_id)
    return orphaned


def executions_admit_stalled(*, before) -> int:
    """Admit queued executions of pipelines with a free slot, waiting since before ``before``: the
    finish that should have admitted them did not get that far (a lost database or a dead process).
    Returns how many were admitted. Pipelines at their limit are skipped without a lock."""
    active = Execution.objects.filter(pipeline_id=OuterRef("pipeline_id"), status__in=SLOT_HOLDERS).exclude(
        trigger=Execution.Trigger.BACKFILL
    )
    pipelines = set(
        Execution.objects.filter(status=Execution.Status.QUEUED, started_at__isnull=True, created_at__lt=before)
        .exclude(trigger=Execution.Trigger.BACKFILL)
        .annotate(busy=Exists(active))
        .filter(Q(busy=False) | Q(pipeline__concurrency_limit__gt=1))
        .values_list("pipeline_id", flat=True)
        .distinct()[:1000]
    )
    return sum(execution_admit_waiting(pipeline_id=pipeline_id) for pipeline_id in pipelines)


def executions_reset_stale(*, before) -> list[int]:
    """Executions stuck in committing whose committing process stopped heart-beating."""
    return list(
        Execution.objects.filter(status=Execution.Status.COMMITTING)
        .filter(Q(commit_heartbeat_at__lt=before) | Q(commit_heartbeat_at__isnull=True))
        .values_list("pk", flat=True)
    )
