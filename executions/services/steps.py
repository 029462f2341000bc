"""Step transitions: claim, succeed, fail (and retry), cancel; and the task body that runs one.

Fencing: every write of a running step is conditioned on ``attempt`` and
``status='running'``, so a zombie attempt that wakes up after the watchdog
requeued its step cannot overwrite the newer attempt.

The release of a success's downstream groups is in ``release.py``, the transaction of a chain of
continued steps in ``chain.py``, heartbeats in ``heartbeat.py``, the watchdog's sweeps in ``watchdog.py``.
"""

from __future__ import annotations

import json
import logging
import time
import traceback as tb

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core import db
from executions import executors
from executions.engine.outcomes import GroupOutcome, NodeOutcome, StepCancelled
from executions.engine.running import run_group
from executions.events import node_event
from executions.models import Execution, StepLog, StepRun
from executions.services.calls import call_step_run
from executions.services.chain import Chain, relax_commit
from executions.services.heartbeat import step_heartbeat, step_logs_write
from executions.services.lifecycle import execution_finish
from executions.services.pools import pool_admit, pool_wake
from executions.services.profiles import destination_profiles_record
from executions.services.release import (
    decrement_later,
    first_wave,
    progress_event,
    release_downstream,
    started,
    table_name,
    type_of,
)
from notifications.events import batch as events_batch
from pipelines.nodes.calls import CALL_TYPE

log = logging.getLogger("sluice.executions")


def step_claim(*, step_id: int, worker: str) -> StepRun | None:
    """queued → running with one conditional UPDATE; a duplicate delivery claims nothing.

    Cancelling or failing an execution moves its waiting steps out of ``queued`` in the same
    transaction, so the claim needs no join; the execution row loaded next is checked all the same.
    The claim, the group's other members and their step.started events commit together (one commit
    on the hot path of every step), without waiting for the WAL flush (see chain.relax_commit)."""
    with transaction.atomic(), events_batch():
        return _claim(step_id, worker)


def _claim(step_id: int, worker: str, *, execution: Execution | None = None) -> StepRun | None:
    """The claim itself, inside the caller's transaction and events batch: one UPDATE … RETURNING.

    ``execution``: the run, already in hand, of a step that the caller released in this transaction
    (see step_succeed); its status needs no second look, because whatever stops a run (a cancel, a
    failure) moves its waiting steps out of ``pending``/``queued`` in its own transaction, so the
    release could not have happened after it, and one that commits later finds this step running,
    which its heartbeat notices."""
    now = timezone.now()
    table = table_name(StepRun)
    claim = (
        f"UPDATE {table} SET status = %s, attempt = attempt + 1, worker = %s, started_at = %s, "  # noqa: S608
        "heartbeat_at = %s, error = '', traceback = '', pool_waiting_since = NULL WHERE id = %s AND status = %s"
    )
    params = [StepRun.Status.RUNNING, worker[:200], now, now, step_id, StepRun.Status.QUEUED]
    with db.pipeline():  # one round trip with the BEGIN (step_claim's: its commit need not wait for the flush)
        relaxed = relax_commit() if execution is None else None
        claimed = db.fetch_models_later(StepRun, claim + " AND pool = '' RETURNING *", params)
    rows = claimed()
    if relaxed is not None:
        relaxed.close()
    if not rows:
        # In a pool (docs/scheduling.md): a slot is taken under the pool's lock, in this transaction. Not
        # by a worker continuing into it (``execution`` given): a chain's transaction may stay open while
        # its next step runs, and would hold the pool's lock all along; the caller dispatches it instead.
        pool = StepRun.objects.filter(pk=step_id, status=StepRun.Status.QUEUED).values_list("pool", flat=True).first()
        if not pool or execution is not None or not pool_admit(step_id, pool, now=now):
            return None
        now = timezone.now()  # started once the pool's lock was had (a wait for it is not running time)
        params[2:4] = [now, now]
        rows = db.fetch_models(StepRun, claim + " RETURNING *", params)
        if not rows:
            return None
    step = rows[0]
    if execution is None:
        # The version (and its graph) is loaded only on a plan-cache miss: versions are immutable.
        execution = Execution.objects.get(pk=step.execution_id)
        step.execution = execution
        if execution.status != Execution.Status.RUNNING:
            step_cancel_running(step=step)
            return None
    step.execution = execution
    started(step, now)
    return step


def step_execute(*, step_id: int, worker: str, hard_stop: bool = False) -> None:
    """Run the fused group headed by ``step_id`` (the body of the ``run_step`` task), then, while
    SLUICE_CONTINUE_SECONDS have not passed, a successor its success released: a chain of steps
    runs on in this worker without a broker round trip per step (see step_succeed), and a run of
    small, pure steps commits together (see ``Chain``)."""
    step = step_claim(step_id=step_id, worker=worker)
    deadline = time.monotonic() + settings.SLUICE_CONTINUE_SECONDS
    upstream: dict[str, NodeOutcome] | None = None
    freed: set[str] = set()  # the pools of the steps that ended here: their waiters get the slots
    with Chain() as chain:
        while step is not None:
            continue_as = worker if time.monotonic() < deadline else None
            if step.pool:
                freed.add(step.pool)
            step, upstream = _run_claimed(
                step, hard_stop=hard_stop, continue_as=continue_as, upstream=upstream, chain=chain
            )
            if freed and not chain.is_open:  # woken outside the chain's transaction (never holding its lock)
                _wake(freed)
    _wake(freed)


def _wake(pools: set[str]) -> None:
    for pool in sorted(pools):
        try:
            pool_wake(pool)
        except Exception:  # the watchdog wakes it later (pools_wake_all)
            log.exception("could not wake the waiters of pool %s", pool)
    pools.clear()


def _run_claimed(
    step: StepRun,
    *,
    hard_stop: bool,
    continue_as: str | None,
    upstream: dict[str, NodeOutcome] | None,
    chain: Chain,
) -> tuple[StepRun | None, dict[str, NodeOutcome] | None]:
    """Run a claimed group; (the successor claimed to run next, this group's outcomes) or (None, None)."""
    try:
        runner = call_step_run if step.node_type == CALL_TYPE else run_group  # a call runs its child inside
        outcome = runner(step, record=StepRecord(step), hard_stop=hard_stop, upstream=upstream)
    except StepCancelled:
        chain.commit()
        _finish_group(step, StepRun.Status.CANCELLED, error="Cancelled.")
    except Exception as exc:  # any failure of user code or data becomes a failed/retried step
        chain.commit()
        step_fail(
            step=step,
            error=_error_text(exc),
            traceback="".join(tb.format_exception(exc)),
            report=getattr(exc, "report", None),
            final=getattr(exc, "retryable", True) is False,
        )
    else:
        chain.open()
        following = step_succeed(step=step, outcome=outcome, continue_as=continue_as, chain=chain)
        chain.hold(following, outcome)
        destination_profiles_record(step=step, outcome=outcome, upstream=upstream)  # what destinations received
        return following, (outcome.nodes if following is not None else None)
    return None, None


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
    execution_finish(execution_id=execution_id)


class StepRecord:
    """The recording room's side of a running step (``engine.monitor.StepRecorder``): its heartbeats,
    the cancel of its group, its log lines."""

    def __init__(self, step: StepRun):
        self.step = step

    def heartbeat(self, *, progress: float | None, peak_rss_bytes: int) -> bool:
        return step_heartbeat(step=self.step, progress=progress, peak_rss_bytes=peak_rss_bytes)

    def stopped(self) -> None:
        step_cancel_running(step=self.step)

    def write_logs(self, batch: list[StepLog]) -> None:
        step_logs_write(execution_id=self.step.execution_id, batch=batch)


def step_succeed(
    *, step: StepRun, outcome: GroupOutcome, continue_as: str | None = None, chain: Chain | None = None
) -> StepRun | None:
    """Record the group's results (fenced by attempt), release downstream groups, dispatch the ready.

    This is the hot path of every step, so it is a handful of statements: one fenced UPDATE per node
    of the group (the head's decides whether this attempt still owns it) sent together with the
    transaction's BEGIN and the release of the downstream groups (guarded by the head's success, so a
    fenced attempt releases nothing), then one UPDATE … RETURNING per further wave of skipped groups,
    the events' INSERT and the COMMIT.

    ``continue_as`` (a worker name): the first group that became ready is claimed for that worker in
    this same transaction and returned instead of dispatched (the others are dispatched), so a chain
    costs at most one commit per step and no broker hop. If the worker dies before running it, the
    claimed step is stale like any other and the watchdog requeues it. Returns None otherwise (and
    when fenced).

    ``chain``: the open transaction of a chain of continued steps (see Chain), which this joins
    without a savepoint (an error rolls the chain back whole); told to commit at once when this
    success released steps that others will run. Its first statement shares a lock on the run's row:
    a chain locks its successors one by one, in graph order, while a cancel or a failure elsewhere
    locks the run's waiting steps in one statement, in index order, after updating the run's row; so
    they wait for the chain's commit on that row instead of deadlocking on the steps."""
    now = timezone.now()
    keys = sorted(outcome.nodes, key=lambda k: k != step.node_key)  # the head first
    first = first_wave(step, claim_for=continue_as)
    lock_run = chain is not None and chain.fresh and connection.vendor == "postgresql"  # SQLite locks it all
    # The transaction begins here (a chain's first success, or a success on its own): its commit need not
    # wait for the WAL flush (chain.relax_commit).
    begins = chain.fresh if chain is not None else not connection.in_atomic_block
    if chain is not None:
        chain.fresh = False
    with transaction.atomic(savepoint=False), events_batch():  # the step's events: one INSERT
        with db.pipeline():  # one round trip for BEGIN, the UPDATEs and the first release
            relaxed = relax_commit() if begins else None
            locked = db.send(_LOCK_RUN.format(table=table_name(Execution)), [step.execution_id]) if lock_run else None
            updates = [_record_success(step, key, outcome.nodes[key], outcome, now) for key in keys]
            release = decrement_later(step.execution_id, *first, guard=step) if first else None
        released = release() if release is not None else []  # no fetch inside the block: one round trip
        owned = updates[0].rowcount > 0
        for cursor in [*updates, *(c for c in (locked, relaxed) if c is not None)]:
            cursor.close()
        if not owned:
            return None  # fenced: a newer attempt or a cancel owns this group now
        for key in keys:
            m = outcome.nodes[key]
            node_event(
                step.execution,
                "step.succeeded",
                node_key=key,
                node_type=type_of(step, key),
                status=StepRun.Status.SUCCEEDED,
                attempt=step.attempt,
                rows_in=m.rows_in,
                rows_out=m.rows_out,
                duration_ms=outcome.duration_ms,
                cpu_seconds=outcome.cpu_seconds,
                peak_rss_bytes=outcome.peak_rss_bytes,
            )
        ready, following = release_downstream(step, outcome, released)
        progress_event(step.execution)
        execution_id, priority = step.execution_id, step.execution.priority
        backfill = step.execution.trigger == Execution.Trigger.BACKFILL
        if continue_as and ready and following is None:
            # Just queued under this transaction's row lock, so the claim cannot miss (but a head in a
            # pool is not continued into: it goes back to be dispatched).
            following = _claim(ready[0], continue_as, execution=step.execution)
            if following is not None:
                ready.pop(0)
        if ready:
            transaction.on_commit(lambda: executors.dispatch(ready, priority=priority, backfill=backfill))
        elif following is None:
            transaction.on_commit(lambda: _maybe_finish(execution_id))
        if chain is not None and ready:
            chain.must_commit = True  # the released steps wait for this commit
    return following


_LOCK_RUN = "SELECT 1 FROM {table} WHERE id = %s FOR SHARE"
_SUCCEED = (
    "UPDATE {table} SET status = %s, finished_at = %s, heartbeat_at = %s, progress = 1.0, duration_ms = %s, "
    "cpu_seconds = %s, peak_rss_bytes = %s, rows_in = %s, rows_out = %s, output_rows = %s, artifacts = %s, "
    "bytes_out = %s, receipt = %s, report = %s "
    "WHERE execution_id = %s AND node_key = %s AND attempt = %s AND status = %s"
)


def _record_success(step: StepRun, key: str, m: NodeOutcome, outcome: GroupOutcome, now):
    """The fenced UPDATE of one node's row to succeeded, sent; its cursor's rowcount is 0 when this
    attempt no longer owns the row.
    Written out (not ``QuerySet.update``): it runs for every node of every step, and compiling the
    ORM's fourteen-field UPDATE cost more than the database spent on it. JSON goes as its text, as
    Django's JSONField stores it (jsonb on PostgreSQL, text on SQLite)."""
    table = table_name(StepRun)
    return db.send(
        _SUCCEED.format(table=table),
        [
            StepRun.Status.SUCCEEDED,
            now,
            now,
            outcome.duration_ms,
            outcome.cpu_seconds,
            outcome.peak_rss_bytes,
            m.rows_in,
            m.rows_out,
            json.dumps(m.output_rows),
            json.dumps(m.artifacts),
            m.bytes_out,
            None if m.receipt is None else json.dumps(m.receipt),
            json.dumps(m.report),
            step.execution_id,
            key,
            step.attempt,
            StepRun.Status.RUNNING,
        ],
    )


def step_fail(
    *,
    step: StepRun,
    error: str,
    traceback: str = "",
    report: dict | None = None,
    lost: bool = False,
    final: bool = False,
) -> None:
    """Retry the group after a backoff while attempts remain; otherwise fail it, fail the execution and
    cancel what is still waiting. A step whose worker was lost (``lost``) gets SLUICE_LOST_WORKER_RETRIES
    extra attempts: a crash is not the step's fault, but a step that kills its worker every time
    still ends failed. ``final``: no retry whatever attempts remain (an error that says it is not
    retryable)."""
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
        if head.attempt < cap and not final:
            delay = head.retry_backoff_seconds * (2 ** (head.attempt - 1))
            group.update(
                status=StepRun.Status.QUEUED, error=error, traceback=traceback, queued_at=now, report=report or {}
            )
            group.filter(position__gt=0).update(status=StepRun.Status.PENDING)
            node_event(
                step.execution,
                "step.retrying",
                node_key=step.node_key,
                node_type=step.node_type,
                status=StepRun.Status.QUEUED,
                attempt=head.attempt,
                error=error[:2000],
                retry_in_seconds=delay,
            )
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
        node_event(
            step.execution,
            "step.failed",
            node_key=step.node_key,
            node_type=step.node_type,
            status=StepRun.Status.FAILED,
            attempt=head.attempt,
            error=error[:2000],
        )
        StepRun.objects.filter(execution_id=step.execution_id, status__in=StepRun.WAITING).update(
            status=StepRun.Status.CANCELLED, finished_at=now
        )
        execution_id = step.execution_id
        transaction.on_commit(lambda: _maybe_finish(execution_id))
