"""Step transitions: claim, succeed, fail (and retry), skip, cancel; and the task body that runs one.

Fencing: every write of a running step is conditioned on ``attempt`` and
``status='running'``, so a zombie attempt that wakes up after the watchdog
requeued its step cannot overwrite the newer attempt.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
import traceback as tb
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from config import db
from executions import executors
from executions.events import node_event
from executions.models import Execution, StepRun
from executions.runner import GroupOutcome, NodeOutcome, StepCancelled, graph_and_plan, run_group
from notifications.events import batch as events_batch

log = logging.getLogger("sluice.executions")


def step_claim(*, step_id: int, worker: str) -> StepRun | None:
    """queued → running with one conditional UPDATE; a duplicate delivery claims nothing.

    Cancelling or failing an execution moves its waiting steps out of ``queued`` in the same
    transaction, so the claim needs no join; the execution row loaded next is checked all the same.
    The claim, the group's other members and their step.started events commit together (one commit
    on the hot path of every step)."""
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
    table = _table(StepRun)
    rows = db.fetch_models(
        StepRun,
        f"UPDATE {table} SET status = %s, attempt = attempt + 1, worker = %s, started_at = %s, "  # noqa: S608
        "heartbeat_at = %s, error = '', traceback = '' WHERE id = %s AND status = %s RETURNING *",
        [StepRun.Status.RUNNING, worker[:200], now, now, step_id, StepRun.Status.QUEUED],
    )
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
    _started(step, now)
    return step


def _started(step: StepRun, now) -> None:
    """A head was claimed: its fused members follow it into running, and every node says so."""
    _, plan = graph_and_plan(step.execution)
    members = plan.groups[step.group].members
    if len(members) > 1:
        StepRun.objects.filter(execution_id=step.execution_id, group=step.group, position__gt=0).update(
            status=StepRun.Status.RUNNING, started_at=now, attempt=step.attempt, worker=step.worker
        )
    for key in members:
        node_event(
            step.execution,
            "step.started",
            node_key=key,
            node_type=plan.types[key],
            status=StepRun.Status.RUNNING,
            attempt=step.attempt,
            worker=step.worker,
        )


def step_execute(*, step_id: int, worker: str, hard_stop: bool = False) -> None:
    """Run the fused group headed by ``step_id`` (the body of the ``run_step`` task), then, while
    SLUICE_CONTINUE_SECONDS have not passed, a successor its success released: a chain of steps
    runs on in this worker without a broker round trip per step (see step_succeed), and a run of
    small, pure steps commits together (see ``_Chain``)."""
    step = step_claim(step_id=step_id, worker=worker)
    deadline = time.monotonic() + settings.SLUICE_CONTINUE_SECONDS
    upstream: dict[str, NodeOutcome] | None = None
    with _Chain() as chain:
        while step is not None:
            continue_as = worker if time.monotonic() < deadline else None
            step, upstream = _run_claimed(
                step, hard_stop=hard_stop, continue_as=continue_as, upstream=upstream, chain=chain
            )


class _Chain:
    """The transaction that a chain of continued steps records its successes in.

    A worker that claimed the successor of the step it just finished (see step_succeed) commits that
    success at once, unless the successor is small, pure and quick: every node of its group only
    builds and collects a Polars plan (``NodeType.pure``: every built-in transform and check), over
    the frame that this step left in memory (at most EAGER_MAX_ROWS rows), and its past runs took no
    longer than SLUICE_CHAIN_COMMIT_MS (the median of the last ones; not on a first run). Such a
    step takes about a millisecond, less than the durable commit, the events' INSERT and their
    hand-over that each step paid on its own. Their successes stay in one open transaction instead,
    committed

    - when it has been open SLUICE_CHAIN_COMMIT_MS (checked after each step),
    - before a step that is not small, pure and quick runs, and after one that released others,
    - before a failure, a retry or a cancel is recorded, and when the chain ends.

    The price: the run's row (shared) and the chain's steps stay locked that long plus one quick
    step (a cancel waits for the commit, see step_succeed; a heartbeat of a step whose claim is held
    finds nothing to refresh and leaves it be, see step_heartbeat), its live events come that much
    later, and a worker that dies with the transaction open recorded none of it: the step whose
    claim was last committed is then stale and the watchdog runs it again, as after any crash
    mid-step."""

    def __init__(self) -> None:
        self._stack: contextlib.ExitStack | None = None
        self._opened = 0.0
        self.must_commit = False
        self.fresh = False  # opened, and the run's row not locked yet (see step_succeed)

    def __enter__(self) -> _Chain:
        return self

    def __exit__(self, *exc) -> None:
        stack, self._stack = self._stack, None
        if stack is not None:
            stack.__exit__(*exc)

    def open(self) -> None:
        """Begin the transaction (and the events' batch) unless one is open."""
        if self._stack is None:
            stack = contextlib.ExitStack()
            stack.enter_context(transaction.atomic())
            stack.enter_context(events_batch())
            self._stack, self._opened, self.must_commit, self.fresh = stack, time.monotonic(), False, True

    def commit(self) -> None:
        self.__exit__(None, None, None)

    def hold(self, following: StepRun | None, outcome: GroupOutcome) -> None:
        """Commit now, unless ``following`` (claimed to run next) is small, pure and quick, and there
        is time left."""
        budget = settings.SLUICE_CHAIN_COMMIT_MS / 1000
        if (
            following is None
            or self.must_commit
            or time.monotonic() - self._opened >= budget
            or not _small_pure_and_quick(following, outcome, budget)
        ):
            self.commit()


def _small_pure_and_quick(step: StepRun, upstream: GroupOutcome, budget: float) -> bool:
    """Whether ``step``'s group reads only a frame in ``upstream``, its nodes are all pure, and its
    past successful runs took no longer than ``budget`` seconds (median; a first run has none)."""
    from executions.runner import expected_duration
    from pipelines.nodes import registry

    _, plan = graph_and_plan(step.execution)
    edges = plan.incoming.get(step.group, [])
    if len(edges) != 1:
        return False
    source = upstream.nodes.get(edges[0].source)
    if source is None or edges[0].source_port not in source.frames:
        return False
    if not all(getattr(registry.get(plan.types[key]), "pure", False) for key in plan.groups[step.group].members):
        return False
    expected = expected_duration(step)
    return expected is not None and expected <= budget


def _run_claimed(
    step: StepRun,
    *,
    hard_stop: bool,
    continue_as: str | None,
    upstream: dict[str, NodeOutcome] | None,
    chain: _Chain,
) -> tuple[StepRun | None, dict[str, NodeOutcome] | None]:
    """Run a claimed group; (the successor claimed to run next, this group's outcomes) or (None, None)."""
    try:
        outcome = run_group(step, hard_stop=hard_stop, upstream=upstream)
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
        )
    else:
        chain.open()
        following = step_succeed(step=step, outcome=outcome, continue_as=continue_as, chain=chain)
        chain.hold(following, outcome)
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
    from executions.services.lifecycle import execution_finish

    execution_finish(execution_id=execution_id)


def step_succeed(
    *, step: StepRun, outcome: GroupOutcome, continue_as: str | None = None, chain: _Chain | None = None
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

    ``chain``: the open transaction of a chain of continued steps (see _Chain), which this joins
    without a savepoint (an error rolls the chain back whole); told to commit at once when this
    success released steps that others will run. Its first statement shares a lock on the run's row:
    a chain locks its successors one by one, in graph order, while a cancel or a failure elsewhere
    locks the run's waiting steps in one statement, in index order, after updating the run's row; so
    they wait for the chain's commit on that row instead of deadlocking on the steps."""
    now = timezone.now()
    keys = sorted(outcome.nodes, key=lambda k: k != step.node_key)  # the head first
    first = _first_wave(step, claim_for=continue_as)
    lock_run = chain is not None and chain.fresh and connection.vendor == "postgresql"  # SQLite locks it all
    if chain is not None:
        chain.fresh = False
    with transaction.atomic(savepoint=False), events_batch():  # the step's events: one INSERT
        with db.pipeline():  # one round trip for BEGIN, the UPDATEs and the first release
            locked = db.send(_LOCK_RUN.format(table=_table(Execution)), [step.execution_id]) if lock_run else None
            updates = [_record_success(step, key, outcome.nodes[key], outcome, now) for key in keys]
            released = _decrement(step.execution_id, *first, guard=step) if first else []
        owned = updates[0].rowcount > 0
        for cursor in [*updates, *([locked] if locked else [])]:
            cursor.close()
        if not owned:
            return None  # fenced: a newer attempt or a cancel owns this group now
        for key in keys:
            m = outcome.nodes[key]
            node_event(
                step.execution,
                "step.succeeded",
                node_key=key,
                node_type=_type_of(step, key),
                status=StepRun.Status.SUCCEEDED,
                attempt=step.attempt,
                rows_in=m.rows_in,
                rows_out=m.rows_out,
                duration_ms=outcome.duration_ms,
                cpu_seconds=outcome.cpu_seconds,
                peak_rss_bytes=outcome.peak_rss_bytes,
            )
        ready, following = _release_downstream(step, outcome, released)
        _progress_event(step.execution)
        execution_id, priority = step.execution_id, step.execution.priority
        if continue_as and ready and following is None:
            # Just queued under this transaction's row lock, so the claim cannot miss.
            following = _claim(ready.pop(0), continue_as, execution=step.execution)
        if ready:
            transaction.on_commit(lambda: executors.dispatch(ready, priority=priority))
        elif following is None:
            transaction.on_commit(lambda: _maybe_finish(execution_id))
        if chain is not None and ready:
            chain.must_commit = True  # the released steps wait for this commit
    return following


def _first_wave(step: StepRun, *, claim_for: str | None) -> tuple[list[str], set[str], tuple[str, str] | None] | None:
    """What the success of ``step``'s group releases, worked out from the plan alone: (the downstream
    groups, those that run with no look at the data, the one to claim for ``claim_for``); None if none."""
    from executions.runner import downstream_groups, never_absent

    targets = downstream_groups(step.execution, step.group)
    if not targets:
        return None
    eager = {t for t in targets if never_absent(step.execution, t, finished=step.group)}
    return targets, eager, ((min(eager), claim_for) if claim_for and eager else None)


_LOCK_RUN = "SELECT 1 FROM {table} WHERE id = %s FOR SHARE"
_SUCCEED = (
    "UPDATE {table} SET status = %s, finished_at = %s, heartbeat_at = %s, progress = 1.0, duration_ms = %s, "
    "cpu_seconds = %s, peak_rss_bytes = %s, rows_in = %s, rows_out = %s, output_rows = %s, artifacts = %s, "
    "bytes_out = %s, receipt = %s, report = %s "
    "WHERE execution_id = %s AND node_key = %s AND attempt = %s AND status = %s"
)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _record_success(step: StepRun, key: str, m: NodeOutcome, outcome: GroupOutcome, now):
    """The fenced UPDATE of one node's row to succeeded, sent; its cursor's rowcount is 0 when this
    attempt no longer owns the row.
    Written out (not ``QuerySet.update``): it runs for every node of every step, and compiling the
    ORM's fourteen-field UPDATE cost more than the database spent on it. JSON goes as its text, as
    Django's JSONField stores it (jsonb on PostgreSQL, text on SQLite)."""
    table = _table(StepRun)
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


def _progress_event(execution: Execution) -> None:
    from django.db.models import Count, Q

    from notifications.events import publish_coalesced

    def data() -> dict:  # counted only when the (coalesced) event is due
        counts = StepRun.objects.filter(execution_id=execution.pk).aggregate(
            total=Count("id"), done=Count("id", filter=Q(status__in=StepRun.DONE))
        )
        return {
            "execution_id": execution.pk,
            "pipeline_id": execution.pipeline_id,
            "steps_total": counts["total"],
            "steps_done": counts["done"],
            "progress": counts["done"] / counts["total"] if counts["total"] else 1.0,
        }

    publish_coalesced(
        f"execution:{execution.pk}", "execution.progress", data, topics=("dashboard",), subject=execution.pk
    )


def _type_of(step: StepRun, node_key: str) -> str:
    _, plan = graph_and_plan(step.execution)
    return plan.types[node_key]


def _decrement(
    execution_id: int,
    groups: list[str],
    queue_at_zero: set[str],
    claim: tuple[str, str] | None = None,
    *,
    guard: StepRun | None = None,
) -> list[StepRun]:
    """remaining_upstream - 1 for the pending heads of ``groups``; those in ``queue_at_zero`` that reach
    zero are queued by the same statement, and ``claim`` = (node key, worker), one of them, is claimed
    for that worker instead (queued and running at once: a worker continuing into its successor).
    Returns the rows (id, node_key, remaining_upstream, status, node_type, attempt, and for the claimed
    one everything the run needs). ``guard``: a head whose success (this attempt's) the release needs,
    when both are sent in one pipeline."""
    table = _table(StepRun)
    marks = ", ".join(["%s"] * len(groups))
    eager = sorted(queue_at_zero) or [""]
    eager_marks = ", ".join(["%s"] * len(eager))
    now = timezone.now()
    claim_key, worker = claim or ("", "")
    zero = "remaining_upstream = 1 AND node_key = %s"  # this statement brings it to zero: claimed
    sql = (
        f"UPDATE {table} SET remaining_upstream = remaining_upstream - 1, "  # noqa: S608 (no user input)
        f"status = CASE WHEN {zero} THEN %s "
        f"WHEN remaining_upstream = 1 AND node_key IN ({eager_marks}) THEN %s ELSE status END, "
        f"queued_at = CASE WHEN remaining_upstream = 1 AND node_key IN ({eager_marks}) THEN %s ELSE queued_at END, "
        f"attempt = CASE WHEN {zero} THEN attempt + 1 ELSE attempt END, "
        f"worker = CASE WHEN {zero} THEN %s ELSE worker END, "
        f"started_at = CASE WHEN {zero} THEN %s ELSE started_at END, "
        f"heartbeat_at = CASE WHEN {zero} THEN %s ELSE heartbeat_at END, "
        f"error = CASE WHEN {zero} THEN '' ELSE error END, "
        f"traceback = CASE WHEN {zero} THEN '' ELSE traceback END "
        f"WHERE execution_id = %s AND node_key IN ({marks}) AND status = %s AND remaining_upstream > 0 "
        + (f"AND EXISTS (SELECT 1 FROM {table} WHERE id = %s AND attempt = %s AND status = %s) " if guard else "")  # noqa: S608
        + "RETURNING *"
    )
    params = [
        claim_key,
        StepRun.Status.RUNNING,
        *eager,
        StepRun.Status.QUEUED,
        *eager,
        now,
        claim_key,
        claim_key,
        worker[:200],
        claim_key,
        now,
        claim_key,
        now,
        claim_key,
        claim_key,
        execution_id,
        *groups,
        StepRun.Status.PENDING,
        *((guard.pk, guard.attempt, StepRun.Status.SUCCEEDED) if guard else ()),
    ]
    return db.fetch_models(StepRun, sql, params)


def _release_downstream(
    step: StepRun, outcome: GroupOutcome, released: list[StepRun]
) -> tuple[list[int], StepRun | None]:
    """Go on from the first wave of the release (``released``: the downstream heads that the success
    of ``step``'s group decremented, see _first_wave): queue the heads that reached zero, and skip
    those whose inputs are *absent* (their upstream was skipped, or a routing node sent no rows down
    that port); a skip travels on, one more decrement per wave.
    Returns (the ids of the queued heads, to dispatch; the head claimed in the first wave, or None).
    """
    from executions.runner import downstream_groups, inputs_absent

    ready: list[int] = []
    claimed: StepRun | None = None
    waves: list[tuple[str, GroupOutcome | None, list[StepRun] | None]] = [(step.group, outcome, released)]
    late: list[int] = []
    heads: dict[int, StepRun] = {}  # released heads by id
    while waves:
        group, done, rows = waves.pop()
        if rows is None:  # a skipped group's successors: nothing in them runs without a look
            targets = downstream_groups(step.execution, group)
            rows = _decrement(step.execution_id, targets, set()) if targets else []
        for row in rows:
            if row.remaining_upstream > 0:
                continue
            heads[row.pk] = row
            if row.status == StepRun.Status.RUNNING:
                claimed = row
            elif row.status == StepRun.Status.QUEUED:
                ready.append(row.pk)
            elif inputs_absent(step.execution, row.node_key, finished=group, outcome=done):
                StepRun.objects.filter(execution_id=step.execution_id, group=row.node_key).update(
                    status=StepRun.Status.SKIPPED, finished_at=timezone.now(), progress=1.0
                )
                _, plan = graph_and_plan(step.execution)
                for member in plan.groups[row.node_key].members:
                    node_event(
                        step.execution,
                        "step.skipped",
                        node_key=member,
                        node_type=plan.types[member],
                        status=StepRun.Status.SKIPPED,
                        attempt=0,
                    )
                waves.append((row.node_key, None, None))
            else:
                late.append(row.pk)
    if late:
        StepRun.objects.filter(pk__in=late, status=StepRun.Status.PENDING).update(
            status=StepRun.Status.QUEUED, queued_at=timezone.now()
        )
    released = ([claimed] if claimed is not None else []) + [heads[pk] for pk in ready + late]
    for head in released:
        node_event(
            step.execution,
            "step.queued",
            node_key=head.node_key,
            node_type=head.node_type,
            status=StepRun.Status.QUEUED,
            attempt=head.attempt - 1 if head is claimed else head.attempt,
        )
    if claimed is not None:
        claimed.execution = step.execution
        _started(claimed, claimed.started_at)
    return ready + late, claimed


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


def step_heartbeat(*, step: StepRun, progress: float | None = None, peak_rss_bytes: int | None = None) -> bool:
    """Refresh the heartbeat; False when this attempt no longer owns the step or the run is cancelling.

    A step claimed in a chain's transaction that has not committed yet (see _Chain) has no row to
    refresh: the committed one still shows it pending, one attempt back. It is alive all the same."""
    fields = {"heartbeat_at": timezone.now()}
    if progress is not None:
        fields["progress"] = max(0.0, min(progress, 0.99))
    if peak_rss_bytes is not None:
        fields["peak_rss_bytes"] = peak_rss_bytes
    owned = StepRun.objects.filter(pk=step.pk, attempt=step.attempt, status=StepRun.Status.RUNNING).update(**fields)
    if not owned:
        return StepRun.objects.filter(pk=step.pk, attempt=step.attempt - 1, status=StepRun.Status.PENDING).exists()
    if progress is not None:
        node_event(
            step.execution,
            "step.progress",
            node_key=step.node_key,
            node_type=step.node_type,
            status=StepRun.Status.RUNNING,
            attempt=step.attempt,
            progress=fields["progress"],
            peak_rss_bytes=peak_rss_bytes,
        )
    return Execution.objects.filter(pk=step.execution_id, status=Execution.Status.RUNNING).exists()


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
            status=StepRun.Status.QUEUED, position=0, queued_at__lt=cutoff, execution__status=Execution.Status.RUNNING
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
