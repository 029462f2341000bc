"""Step transitions: claim, succeed, fail (and retry), skip, cancel; and the task body that runs one.

Fencing: every write of a running step is conditioned on ``attempt`` and
``status='running'``, so a zombie attempt that wakes up after the watchdog
requeued its step cannot overwrite the newer attempt.
"""

from __future__ import annotations

import logging
import traceback as tb
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from executions import executors
from executions.models import Execution, StepRun
from executions.runner import GroupOutcome, StepCancelled, run_group

log = logging.getLogger("sluice.executions")


def step_claim(*, step_id: int, worker: str) -> StepRun | None:
    """queued → running with one conditional UPDATE; a duplicate delivery claims nothing."""
    now = timezone.now()
    claimed = StepRun.objects.filter(
        pk=step_id, status=StepRun.Status.QUEUED, execution__status=Execution.Status.RUNNING
    ).update(
        status=StepRun.Status.RUNNING,
        attempt=F("attempt") + 1,
        worker=worker[:200],
        started_at=now,
        heartbeat_at=now,
        error="",
        traceback="",
    )
    if not claimed:
        return None
    step = StepRun.objects.select_related("execution", "execution__pipeline", "execution__version").get(pk=step_id)
    StepRun.objects.filter(execution_id=step.execution_id, group=step.group, position__gt=0).update(
        status=StepRun.Status.RUNNING, started_at=now, attempt=step.attempt, worker=worker[:200]
    )
    return step


def step_execute(*, step_id: int, worker: str, hard_stop: bool = False) -> None:
    """Run the fused group headed by ``step_id`` (the body of the ``run_step`` task)."""
    step = step_claim(step_id=step_id, worker=worker)
    if step is None:
        return
    try:
        outcome = run_group(step, hard_stop=hard_stop)
    except StepCancelled:
        _finish_group(step, StepRun.Status.CANCELLED, error="Cancelled.")
    except Exception as exc:  # any failure of user code or data becomes a failed/retried step
        step_fail(
            step=step,
            error=_error_text(exc),
            traceback="".join(tb.format_exception(exc)),
            report=getattr(exc, "report", None),
        )
    else:
        step_succeed(step=step, outcome=outcome)


def _error_text(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return text[:5000]


def _finish_group(step: StepRun, status: str, *, error: str = "") -> None:
    with transaction.atomic():
        StepRun.objects.filter(
            execution_id=step.execution_id, group=step.group, attempt=step.attempt, status=StepRun.Status.RUNNING
        ).update(status=status, finished_at=timezone.now(), error=error)
        execution_id = step.execution_id
        transaction.on_commit(lambda: _maybe_finish(execution_id))


def step_cancel_running(*, step: StepRun) -> None:
    """Mark this attempt's group cancelled (fenced) when its run is no longer running."""
    _finish_group(step, StepRun.Status.CANCELLED, error="Stopped: the execution was cancelled or failed.")


def _maybe_finish(execution_id: int) -> None:
    from executions.services.lifecycle import execution_finish

    execution_finish(execution_id=execution_id)


def step_succeed(*, step: StepRun, outcome: GroupOutcome) -> bool:
    """Record the group's results (fenced by attempt), release downstream groups, dispatch the ready."""
    now = timezone.now()
    with transaction.atomic():
        members = {
            s.node_key: s
            for s in StepRun.objects.select_for_update().filter(
                execution_id=step.execution_id, group=step.group, attempt=step.attempt, status=StepRun.Status.RUNNING
            )
        }
        if step.node_key not in members:
            return False  # fenced: a newer attempt or a cancel owns this step now
        for key, member in members.items():
            m = outcome.nodes.get(key)
            member.status = StepRun.Status.SUCCEEDED
            member.finished_at = now
            member.heartbeat_at = now
            member.progress = 1.0
            member.duration_ms = outcome.duration_ms
            member.cpu_seconds = outcome.cpu_seconds
            member.peak_rss_bytes = outcome.peak_rss_bytes
            if m is not None:
                member.rows_in, member.rows_out = m.rows_in, m.rows_out
                member.output_rows, member.artifacts = m.output_rows, m.artifacts
                member.bytes_out, member.receipt, member.report = m.bytes_out, m.receipt, m.report
        StepRun.objects.bulk_update(
            members.values(),
            [
                "status",
                "finished_at",
                "heartbeat_at",
                "progress",
                "duration_ms",
                "cpu_seconds",
                "peak_rss_bytes",
                "rows_in",
                "rows_out",
                "output_rows",
                "artifacts",
                "bytes_out",
                "receipt",
                "report",
            ],
        )
        ready = _release_downstream(step)
        execution_id, priority = step.execution_id, step.execution.priority
        if ready:
            transaction.on_commit(lambda: executors.dispatch(ready, priority=priority))
        if not ready:
            transaction.on_commit(lambda: _maybe_finish(execution_id))
    return True


def _release_downstream(step: StepRun) -> list[int]:
    """Decrement ``remaining_upstream`` of the groups fed by this group; queue those reaching zero.

    A group whose every input edge is *absent* (its upstream was skipped, or a routing
    node sent no rows down that port) is skipped, and the skip travels on.
    """
    from executions.runner import downstream_groups

    ready: list[int] = []
    queue = [step.group]
    while queue:
        group = queue.pop()
        for target_group in downstream_groups(step.execution, group):
            updated = StepRun.objects.filter(
                execution_id=step.execution_id,
                node_key=target_group,
                status=StepRun.Status.PENDING,
                remaining_upstream__gt=0,
            ).update(remaining_upstream=F("remaining_upstream") - 1)
            if not updated:
                continue
            head = StepRun.objects.get(execution_id=step.execution_id, node_key=target_group)
            if head.remaining_upstream > 0:
                continue
            from executions.runner import group_inputs_absent

            if group_inputs_absent(step.execution, target_group):
                StepRun.objects.filter(execution_id=step.execution_id, group=target_group).update(
                    status=StepRun.Status.SKIPPED, finished_at=timezone.now(), progress=1.0
                )
                queue.append(target_group)
            else:
                StepRun.objects.filter(pk=head.pk, status=StepRun.Status.PENDING).update(
                    status=StepRun.Status.QUEUED, queued_at=timezone.now()
                )
                ready.append(head.pk)
    return ready


def step_fail(
    *, step: StepRun, error: str, traceback: str = "", report: dict | None = None, lost: bool = False
) -> None:
    """Retry the group after a backoff while attempts remain; otherwise fail it, fail the execution and
    cancel what is still waiting. A step whose worker was lost (``lost``) gets SLUICE_LOST_WORKER_RETRIES
    extra attempts: a crash is not the step's fault, but a step that kills its worker every time
    still ends failed."""
    now = timezone.now()
    with transaction.atomic():
        head = (
            StepRun.objects.select_for_update()
            .filter(pk=step.pk, attempt=step.attempt, status=StepRun.Status.RUNNING)
            .first()
        )
        if head is None:
            return  # fenced
        group = StepRun.objects.filter(execution_id=step.execution_id, group=step.group, attempt=step.attempt)
        cap = head.max_attempts + (settings.SLUICE_LOST_WORKER_RETRIES if lost else 0)
        if head.attempt < cap:
            delay = head.retry_backoff_seconds * (2 ** (head.attempt - 1))
            group.update(
                status=StepRun.Status.QUEUED, error=error, traceback=traceback, queued_at=now, report=report or {}
            )
            group.filter(position__gt=0).update(status=StepRun.Status.PENDING)
            step_id, priority = step.pk, step.execution.priority
            log.warning(
                "step %s failed (attempt %s of %s), retrying in %.1fs: %s",
                step.node_key,
                head.attempt,
                head.max_attempts,
                delay,
                error,
            )
            transaction.on_commit(lambda: executors.dispatch([step_id], priority=priority, delay=delay))
            return
        group.update(
            status=StepRun.Status.FAILED, finished_at=now, error=error, traceback=traceback, report=report or {}
        )
        Execution.objects.filter(pk=step.execution_id).update(error=f"{step.node_key}: {error}"[:5000])
        StepRun.objects.filter(execution_id=step.execution_id, status__in=StepRun.WAITING).update(
            status=StepRun.Status.CANCELLED, finished_at=now
        )
        execution_id = step.execution_id
        transaction.on_commit(lambda: _maybe_finish(execution_id))


def step_heartbeat(*, step: StepRun, progress: float | None = None, peak_rss_bytes: int | None = None) -> bool:
    """Refresh the heartbeat; False when this attempt no longer owns the step or the run is cancelling."""
    fields = {"heartbeat_at": timezone.now()}
    if progress is not None:
        fields["progress"] = max(0.0, min(progress, 0.99))
    if peak_rss_bytes is not None:
        fields["peak_rss_bytes"] = peak_rss_bytes
    owned = StepRun.objects.filter(pk=step.pk, attempt=step.attempt, status=StepRun.Status.RUNNING).update(**fields)
    if not owned:
        return False
    return Execution.objects.filter(pk=step.execution_id, status=Execution.Status.RUNNING).exists()


def steps_requeue_stale(*, stale_after: timedelta) -> dict[str, int]:
    """Watchdog: running steps whose heartbeat is older than ``stale_after`` (their worker died or
    hangs) are requeued while attempts remain, else failed; a step past its timeout is failed."""
    now = timezone.now()
    counts: dict[str, int] = defaultdict(int)
    stale = StepRun.objects.select_related("execution").filter(
        status=StepRun.Status.RUNNING, position=0, heartbeat_at__lt=now - stale_after
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
    overdue = StepRun.objects.select_related("execution").filter(status=StepRun.Status.RUNNING, position=0)
    for step in overdue:
        if step.started_at and (now - step.started_at).total_seconds() > step.timeout_seconds:
            step_fail(step=step, error=f"Timed out after {step.timeout_seconds}s.")
            counts["timeout"] += 1
    return dict(counts)
