"""The watchdog sweep (a periodic task; the embedded scheduler runs it too)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from executions.services.lifecycle import (
    execution_commit,
    executions_admit_stalled,
    executions_finish_orphaned,
    executions_reset_stale,
)
from executions.services.steps import steps_redispatch_lost, steps_requeue_stale


def watchdog_sweep(*, stale_after: timedelta) -> dict[str, int]:
    """Requeue (or fail) steps whose worker stopped heart-beating or ran past its timeout, finish the
    commit of executions whose committing process died (commits are idempotent), finish executions
    whose last step ended without the finish that follows it, and admit queued executions that the
    lost finish should have admitted (after a database restart, a process killed at the wrong moment)."""
    counts = steps_requeue_stale(stale_after=stale_after)
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
    redispatched = steps_redispatch_lost(older_than=timedelta(seconds=settings.SLUICE_REDISPATCH_AFTER_SECONDS))
    if redispatched:
        counts["redispatched"] = redispatched
    return counts
