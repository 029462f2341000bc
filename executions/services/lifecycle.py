"""Execution transitions: start, admit, finish (with the commit phase), cancel, retry, rerun."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import db
from executions import executors
from executions.engine.publishing import abort_receipt, discard_unrecorded, publish_receipts
from executions.events import error_summary, execution_event
from executions.models import Execution, StepRun
from executions.services.backends import run_backend
from executions.services.dependencies import dependencies_downstream
from executions.services.finished import finished_hooks_send
from executions.services.pools import WAITERS_LIMIT, Waiter, rank, running_steps_by_user
from executions.services.release import table_name
from executions.services.start_validation import start_validate
from executions.services.step_rows import steps_create
from notifications.events import batch as events_batch
from notifications.services import notify_subscribers
from pipelines.graph import Graph
from pipelines.models import Pipeline, PipelineVersion
from pipelines.nodes import registry
from pipelines.paths import file_access_for_run

log = logging.getLogger("sluice.executions")


SLOT_HOLDERS = (Execution.Status.RUNNING, Execution.Status.COMMITTING, Execution.Status.CANCELLING)


def _running_count(pipeline_id: int) -> int:
    """Runs holding one of the pipeline's ``concurrency_limit`` slots. Backfill runs have a lane of their
    own (bounded by their backfill's ``concurrency``, services.backfill), so they take none."""
    return (
        Execution.objects.filter(pipeline_id=pipeline_id, status__in=SLOT_HOLDERS)
        .exclude(trigger=Execution.Trigger.BACKFILL)
        .count()
    )


def execution_start(
    *,
    pipeline: Pipeline,
    user,
    params: dict[str, Any] | None = None,
    trigger: str = Execution.Trigger.MANUAL,
    version: PipelineVersion | None = None,
    upstream_execution: Execution | None = None,
    correlation_id: str = "",
    retry_of: Execution | None = None,
    reuse: dict[str, StepRun] | None = None,
    backend: str | None = None,
) -> Execution:
    """Validate the version, create the execution and all its steps in one transaction, and
    dispatch the ready steps after commit (or leave it queued behind the concurrency limit).
    ``backend``: this run's (services.backends), over the pipeline's."""
    version = version or pipeline.current_version
    if version is None:
        raise ValidationError({"version": ["The pipeline has no version yet: save the draft as a version first."]})
    if params is not None and not isinstance(params, dict):
        raise ValidationError({"params": ["Expected an object."]})
    backend = run_backend(pipeline, backend)
    graph = Graph.from_dict(version.graph)
    # Files: what the pipeline's owner and the version's author may open, whoever starts it (docs/files.md).
    access = file_access_for_run(pipeline=pipeline, version=version)
    # In full the first time, then what can change since the save (services.start_validation).
    merged = {**{k: v for k, v in (pipeline.default_params or {}).items() if k != "sluice_retry"}, **(params or {})}
    result = start_validate(
        version=version, graph=graph, user=user, pipeline=pipeline, file_access=access, backend=backend, params=params
    )
    if not result.is_valid:
        raise ValidationError({"graph": [p.message for p in result.problems]})
    _check_run_sla(merged)
    with transaction.atomic(), events_batch():  # execution.queued and .started: one INSERT, one hand-over
        # Serialise admissions, then count the slots taken before the row goes in: a run admitted at once is
        # inserted running (no UPDATE of its own).
        Pipeline.objects.select_for_update().filter(pk=pipeline.pk).values_list("pk", flat=True).first()
        # A backfill run is admitted at once: its backfill only starts one when its lane has room.
        backfill = trigger == Execution.Trigger.BACKFILL
        admitted = backfill or _running_count(pipeline.pk) < pipeline.concurrency_limit
        now = timezone.now()
        execution = Execution.objects.create(
            pipeline=pipeline,
            version=version,
            trigger=trigger,
            params=merged,
            priority=0 if trigger == Execution.Trigger.BACKFILL else pipeline.priority,
            started_by=user if getattr(user, "is_authenticated", False) else None,
            upstream_execution=upstream_execution,
            correlation_id=correlation_id[:64],
            retry_of=retry_of,
            # A retry reuses its parent's artifacts, so it keeps its directory and its plan.
            fuse_chains=retry_of.fuse_chains if retry_of is not None else settings.SLUICE_FUSE_CHAINS,
            backend=backend,
            **({"artifact_key": retry_of.artifact_key} if retry_of is not None else {}),
            **({"status": Execution.Status.RUNNING, "started_at": now} if admitted else {}),
        )
        execution.status, execution.started_at = Execution.Status.QUEUED, None  # what its first event says
        execution_event(execution, "execution.queued")
        if admitted:
            _admit(execution, graph, reuse=reuse, now=now)
        else:
            _create_steps_pending(execution, graph, reuse=reuse)
    # Not read again: every field was set here (the model has no database defaults), and it is what committed.
    return execution


RUN_SLA_PARAM, RUN_SLA_MAX = "sluice_sla_seconds", 30 * 24 * 3600


def _check_run_sla(params: dict) -> None:
    """``params['sluice_sla_seconds']``: this run's duration SLA (over the pipeline's; docs/quality.md)."""
    value = params.get(RUN_SLA_PARAM)
    if RUN_SLA_PARAM in params and (
        isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= RUN_SLA_MAX
    ):
        raise ValidationError({"params": [f"{RUN_SLA_PARAM} is a whole number of seconds from 1 to {RUN_SLA_MAX}."]})


def _create_steps_pending(execution: Execution, graph: Graph, *, reuse=None) -> None:
    """Steps of an execution waiting for a concurrency slot: created, none queued yet."""
    steps_create(execution, graph, reuse=reuse)
    StepRun.objects.filter(execution=execution, status=StepRun.Status.QUEUED).update(
        status=StepRun.Status.PENDING, queued_at=None
    )


def _admit(execution: Execution, graph: Graph | None = None, *, reuse=None, now=None) -> None:
    """Mark ``execution`` running and dispatch its ready steps after commit. ``now``: the start time
    its row was inserted with, running already (execution_start)."""
    if now is None:
        now = timezone.now()
        Execution.objects.filter(pk=execution.pk).update(status=Execution.Status.RUNNING, started_at=now)
    execution.status, execution.started_at = Execution.Status.RUNNING, now
    execution_event(execution, "execution.started")
    if graph is not None:
        ready = steps_create(execution, graph, reuse=reuse)
    else:
        heads = StepRun.objects.filter(
            execution=execution, status=StepRun.Status.PENDING, remaining_upstream=0, position=0
        )
        ready = list(heads.values_list("pk", flat=True))
        heads.update(status=StepRun.Status.QUEUED, queued_at=now)
    if not ready and not StepRun.objects.filter(execution=execution).exclude(status__in=StepRun.DONE).exists():
        transaction.on_commit(lambda: execution_finish(execution_id=execution.pk))
        return
    priority, backfill = execution.priority, execution.trigger == Execution.Trigger.BACKFILL
    transaction.on_commit(lambda: executors.dispatch(ready, priority=priority, backfill=backfill))


def execution_admit_waiting(*, pipeline_id: int) -> int:
    """Start queued executions of a pipeline while it has free concurrency slots, best first: highest
    effective priority (aged by their wait, see services.pools.rank), then the user with the fewest
    running steps, then the oldest. Returns how many were started."""
    now = timezone.now()
    with transaction.atomic():
        pipelines = Pipeline.objects.select_for_update().filter(pk=pipeline_id)
        limit = pipelines.values_list("concurrency_limit", flat=True).first()
        if limit is None:
            return 0
        # The waiters first (read under the lock: a start that queued one has committed): when none waits, as
        # after most finishes, the slots need no count.
        waiting = list(
            Execution.objects.filter(pipeline_id=pipeline_id, status=Execution.Status.QUEUED, started_at__isnull=True)
            .exclude(trigger=Execution.Trigger.BACKFILL)
            .annotate(user=Coalesce(F("started_by_id"), F("pipeline__owner_id")))
            .order_by("created_at", "id")[:WAITERS_LIMIT]
        )
        if not waiting:
            return 0
        free = limit - _running_count(pipeline_id)
        if free <= 0:
            return 0
        if len(waiting) > free:  # aging and fair share (docs/scheduling.md)
            candidates = [Waiter(e.pk, e.priority, e.created_at, e.user) for e in waiting]
            ranked = rank(candidates, running_by_user=running_steps_by_user({c.user_id for c in candidates}), now=now)
            by_id = {e.pk: e for e in waiting}
            waiting = [by_id[c.id] for c in ranked[:free]]
        for execution in waiting:
            _admit(execution)
        return len(waiting)


def _abort_receipts(execution: Execution) -> None:
    for step in StepRun.objects.filter(execution=execution, receipt__isnull=False):
        try:
            abort_receipt(step)
        except Exception:
            log.exception("could not abort staged write of %s", step)
    StepRun.objects.filter(execution=execution, receipt__isnull=False).update(receipt=None)


def _discard_unrecorded(execution: Execution, *, succeeded: bool, steps: list[StepRun] | None = None) -> None:
    """Drop the staging of destination attempts that died before recording their receipt (killed after
    staging, before their step's success). Each attempt stages under its own name, so the names are
    known; the last attempt of a succeeded run was published, so only those before it are garbage.
    ``steps``: those rows, when the caller read them already (a success's: destinations past attempt 1)."""
    if steps is None:
        # Only the run's destinations with an attempt to drop (in SQL: a 1,000-step run has a handful).
        steps = StepRun.objects.filter(
            execution=execution, attempt__gt=1 if succeeded else 0, node_type__in=_destination_types()
        )
    for step in steps:
        step.execution = execution
        attempts = range(1, step.attempt if succeeded else step.attempt + 1)
        try:
            discard_unrecorded(step, attempts=attempts)  # stops at the first error (one failed connect)
        except Exception as exc:
            log.warning("could not drop the unrecorded staging of %s: %s", step, exc)


def commit_receipts(execution: Execution, steps: list[StepRun]) -> None:
    """Publish every staged write of ``execution`` (``engine.publishing``), refreshing its commit
    heartbeat after each destination type and target, unless it was refreshed less than a tenth of
    SLUICE_STALE_AFTER_SECONDS ago (the commit's claim sets it: a run with one quick destination
    writes no heartbeat of its own)."""
    last = execution.commit_heartbeat_at

    def beat() -> None:
        nonlocal last
        now = timezone.now()
        if last is not None and (now - last).total_seconds() < settings.SLUICE_STALE_AFTER_SECONDS / 10:
            return
        Execution.objects.filter(pk=execution.pk).update(commit_heartbeat_at=now)
        last = now

    publish_receipts(execution, steps, beat=beat)


def execution_finish(*, execution_id: int) -> Execution | None:
    """Finish an execution exactly once, when none of its steps is active any more.

    All steps succeeded/skipped → claim the commit (running → committing), publish
    every staged write, then succeeded. Any failed → failed, staged writes dropped.
    Cancelling → cancelled, staged writes dropped.

    The usual case, a run whose last step just succeeded, is claimed by one conditional UPDATE … RETURNING
    (running → committing when no step is active or failed); anything else (steps still active, a failure,
    a cancel, a run already finished) reads the run's state and goes on from there.
    """
    claimed = _claim_commit(execution_id)
    if claimed is not None:
        return execution_commit(execution_id=execution_id, commit=commit_receipts, execution=claimed)
    steps = StepRun.objects.filter(execution_id=OuterRef("pk"))
    execution = (
        Execution.objects.filter(pk=execution_id)
        .annotate(
            steps_active=Exists(steps.filter(status__in=StepRun.ACTIVE)),
            steps_failed=Exists(steps.filter(status=StepRun.Status.FAILED)),
        )
        .first()
    )
    if execution is None or execution.steps_active:
        return None
    if execution.is_finished:
        return execution
    if execution.status == Execution.Status.CANCELLING or execution.steps_failed:
        final = (
            Execution.Status.CANCELLED if execution.status == Execution.Status.CANCELLING else Execution.Status.FAILED
        )
        claimed = Execution.objects.filter(
            pk=execution_id, status__in=[Execution.Status.RUNNING, Execution.Status.CANCELLING]
        ).update(status=final, finished_at=timezone.now())
        if claimed:
            _abort_receipts(execution)
            _discard_unrecorded(execution, succeeded=False)
            _after_finish(execution_id)
        execution.refresh_from_db()
        return execution
    now = timezone.now()
    claimed = Execution.objects.filter(pk=execution_id, status=Execution.Status.RUNNING).update(
        status=Execution.Status.COMMITTING, commit_heartbeat_at=now
    )
    if not claimed:
        execution.refresh_from_db()
        return execution
    execution.status, execution.commit_heartbeat_at = Execution.Status.COMMITTING, now
    return execution_commit(execution_id=execution_id, commit=commit_receipts, execution=execution)


def execution_commit(*, execution_id: int, commit=None, execution: Execution | None = None) -> Execution:
    """Publish the staged writes of a committing execution (idempotent: the watchdog may call it
    again for an execution whose committing process died). ``execution``: the row, when the caller
    has just claimed it."""
    commit = commit or commit_receipts
    execution = execution or Execution.objects.get(pk=execution_id)
    # One read: the staged writes to publish, and the destination attempts before the last to discard.
    destinations = _destination_types()
    candidates = list(
        StepRun.objects.filter(execution_id=execution_id).filter(
            Q(receipt__isnull=False) | Q(attempt__gt=1, node_type__in=destinations)
        )
    )
    steps = [s for s in candidates if s.receipt is not None]
    try:
        commit(execution, steps)
    except Exception as exc:
        log.exception("commit of execution %s failed", execution_id)
        with transaction.atomic():
            Execution.objects.filter(pk=execution_id, status=Execution.Status.COMMITTING).update(
                status=Execution.Status.FAILED,
                finished_at=timezone.now(),
                error=f"Publishing the staged writes failed: {exc}"[:5000],
            )
        _abort_receipts(execution)
        _discard_unrecorded(execution, succeeded=False)
        _after_finish(execution_id)
        execution.refresh_from_db()
        return execution
    _discard_unrecorded(
        execution, succeeded=True, steps=[s for s in candidates if s.attempt > 1 and s.node_type in destinations]
    )
    with transaction.atomic():
        # BEGIN, the final status with the rows' rollup, and the clearing of the receipts just published (a
        # run without destinations that stage has none): one round trip.
        with db.pipeline():
            final = _succeed_run(execution_id)
            cleared = db.send(_CLEAR_RECEIPTS.format(step=table_name(StepRun)), [execution_id]) if steps else None
        succeeded = final.rowcount > 0
        for cursor in (final, cleared):
            if cursor is not None:
                cursor.close()
        if succeeded:  # its event commits with its status (one commit less), and is sent after it
            finished = _announce(execution_id)
            transaction.on_commit(lambda: _after_finish(execution_id, finished=finished))
        else:  # another process finished it meanwhile (the watchdog's commit): it told the world
            transaction.on_commit(lambda: _after_finish(execution_id))
    if succeeded:
        return finished  # read after its final UPDATE, in its transaction: no second read
    execution.refresh_from_db()
    return execution


def _destination_types() -> list[str]:
    return [t.key for t in registry.all_types() if t.family == "destination"]


_ACTIVE_OR_FAILED = (*StepRun.ACTIVE, StepRun.Status.FAILED)
_CLAIM_COMMIT = (
    "UPDATE {execution} SET status = %s, commit_heartbeat_at = %s WHERE id = %s AND status = %s "
    "AND NOT EXISTS (SELECT 1 FROM {step} WHERE execution_id = %s AND status IN ({marks})) RETURNING *"
)
_SUCCEED_RUN = (
    "UPDATE {execution} SET status = %s, finished_at = %s, "
    "rows_in = (SELECT COALESCE(SUM(rows_out), 0) FROM {step} WHERE execution_id = %s AND status = %s "
    "AND node_type IN ({sources})), "
    "rows_out = (SELECT COALESCE(SUM(rows_in), 0) FROM {step} WHERE execution_id = %s AND status = %s "
    "AND node_type IN ({destinations})) "
    "WHERE id = %s AND status = %s"
)
_CLEAR_RECEIPTS = "UPDATE {step} SET receipt = NULL WHERE execution_id = %s AND receipt IS NOT NULL"


def _claim_commit(execution_id: int) -> Execution | None:
    """running → committing, when none of the run's steps is active (pending, queued, running) or failed:
    the run, claimed (a durable commit of its own: every step success of the run is on disk before a
    staged write is published), or None (not yet, not this way, or another process claimed it)."""
    rows = db.fetch_models(
        Execution,
        _CLAIM_COMMIT.format(
            execution=table_name(Execution),
            step=table_name(StepRun),
            marks=", ".join(["%s"] * len(_ACTIVE_OR_FAILED)),
        ),
        [
            Execution.Status.COMMITTING,
            timezone.now(),
            execution_id,
            Execution.Status.RUNNING,
            execution_id,
            *_ACTIVE_OR_FAILED,
        ],
    )
    return rows[0] if rows else None


def _succeed_run(execution_id: int):
    """committing → succeeded (sent, its cursor returned: rowcount 0 when another process finished it), with
    the rows read by the sources and written by the destinations summed in the same statement."""
    kinds = {
        family: [t.key for t in registry.all_types() if t.family == family] or [""]
        for family in ("source", "destination")
    }
    step = table_name(StepRun)
    sql = _SUCCEED_RUN.format(
        execution=table_name(Execution),
        step=step,
        sources=", ".join(["%s"] * len(kinds["source"])),
        destinations=", ".join(["%s"] * len(kinds["destination"])),
    )
    succeeded = StepRun.Status.SUCCEEDED
    return db.send(
        sql,
        [
            Execution.Status.SUCCEEDED,
            timezone.now(),
            execution_id,
            succeeded,
            *kinds["source"],
            execution_id,
            succeeded,
            *kinds["destination"],
            execution_id,
            Execution.Status.COMMITTING,
        ],
    )


def _announce(execution_id: int) -> Execution:
    """The finished execution's event (in the caller's transaction, if any: sent after it commits)."""
    # The version's number, not its graph (a large document; redacting an error loads it then).
    execution = Execution.objects.select_related("pipeline", "version").defer("version__graph").get(pk=execution_id)
    execution_event(execution, f"execution.{execution.status}")
    return execution


def _after_finish(execution_id: int, *, finished: Execution | None = None) -> None:
    """Once per finished execution: tell the world (``finished``: already told, see ``_announce``),
    free the concurrency slot, send the finished-run hooks to their own task (services.finished), and
    trigger the downstream pipelines of a success."""
    execution = finished or _announce(execution_id)
    notify_subscribers(
        topic=f"pipeline:{execution.pipeline_id}",
        event_type=f"execution.{execution.status}",
        level="error" if execution.status == Execution.Status.FAILED else "info",
        title=f"{execution.pipeline.name}: run #{execution.pk} {execution.status}",
        body=error_summary(execution, execution.error, limit=1000),  # no connection details
        link=f"/executions/{execution.pk}/",
    )
    execution_admit_waiting(pipeline_id=execution.pipeline_id)
    finished_hooks_send(execution_id=execution_id, key=execution.artifact_key)
    if execution.status == Execution.Status.SUCCEEDED:
        _start_downstream(execution)


def _start_downstream(execution: Execution) -> list[Execution]:
    """Start every enabled downstream pipeline of a succeeded execution (as its owner)."""
    started = []
    for downstream in dependencies_downstream(execution=execution):
        try:
            started.append(
                execution_start(
                    pipeline=downstream,
                    user=downstream.owner,
                    trigger=Execution.Trigger.UPSTREAM,
                    upstream_execution=execution,
                    correlation_id=execution.correlation_id,
                )
            )
        except ValidationError as exc:
            log.warning("could not trigger %s after %s: %s", downstream.slug, execution.pk, exc)
    return started


def execution_cancel(*, execution: Execution, by) -> Execution:
    if execution.is_finished:
        raise ValidationError({"status": [f"Execution already {execution.status}."]})
    with transaction.atomic():
        updated = Execution.objects.filter(
            pk=execution.pk, status__in=[Execution.Status.QUEUED, Execution.Status.RUNNING]
        ).update(status=Execution.Status.CANCELLING, cancelled_by=by if getattr(by, "pk", None) else None)
        if not updated:
            execution.refresh_from_db()
            return execution
        StepRun.objects.filter(execution=execution, status__in=StepRun.WAITING).update(
            status=StepRun.Status.CANCELLED, finished_at=timezone.now()
        )
        transaction.on_commit(lambda: execution_finish(execution_id=execution.pk))
    execution.refresh_from_db()
    return execution


def execution_retry(*, execution: Execution, user) -> Execution:
    """A new execution of the same version that reuses the artifacts of every group that succeeded
    and produced an artifact (destinations always run again: their writes were dropped)."""
    if execution.status not in (Execution.Status.FAILED, Execution.Status.CANCELLED):
        raise ValidationError(
            {"status": [f"Only failed or cancelled executions can be retried, not {execution.status}."]}
        )
    reuse = {}
    for step in StepRun.objects.filter(execution=execution, status=StepRun.Status.SUCCEEDED):
        node_type = registry.get(step.node_type)
        if node_type is not None and node_type.family != "destination":
            reuse[step.node_key] = step
    # Reuse a group only when its tail left artifacts (fused members have none of their own).
    tails_with_artifacts = {s.group for s in reuse.values() if s.artifacts}
    reuse = {k: s for k, s in reuse.items() if s.group in tails_with_artifacts}
    return _start_again(execution, user, retry_of=execution, reuse=reuse)


def execution_rerun(*, execution: Execution, user) -> Execution:
    """The same version with the same parameters, from the start."""
    return _start_again(execution, user)


def _start_again(execution: Execution, user, **extra) -> Execution:
    if execution.parent_step_id is not None:  # it ran on its caller's rows: only the caller can run it again
        raise ValidationError(
            {"status": ["A called run is run again by retrying or rerunning the run that called it."]}
        )
    return execution_start(
        pipeline=execution.pipeline,
        user=user,
        params=execution.params,
        trigger=Execution.Trigger.RETRY,
        version=execution.version,
        correlation_id=execution.correlation_id,
        backend=execution.backend,
        **extra,
    )
