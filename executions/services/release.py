"""The release of a group's successors after its success: which downstream groups it frees (from the
plan), the decrement of their ``remaining_upstream`` counters, the skip of groups whose inputs are
absent (travelling on, wave by wave), and the events that go with it. Called by ``steps.step_succeed``
inside its transaction."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from core import db
from executions.engine.outcomes import GroupOutcome
from executions.engine.planning import downstream_groups, graph_and_plan, inputs_absent, never_absent
from executions.events import node_event
from executions.models import Execution, StepRun


def started(step: StepRun, now) -> None:
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


def first_wave(step: StepRun, *, claim_for: str | None) -> tuple[list[str], set[str], tuple[str, str] | None] | None:
    """What the success of ``step``'s group releases, worked out from the plan alone: (the downstream
    groups, those that run with no look at the data, the one to claim for ``claim_for``); None if none."""
    targets = downstream_groups(step.execution, step.group)
    if not targets:
        return None
    eager = {t for t in targets if never_absent(step.execution, t, finished=step.group)}
    return targets, eager, ((min(eager), claim_for) if claim_for and eager else None)


def table_name(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


_PROGRESS = "SELECT COUNT(*), COUNT(*) FILTER (WHERE status IN ({marks})) FROM {table} WHERE execution_id = %s"


def progress_event(execution: Execution) -> None:
    from notifications.events import publish_coalesced

    def data() -> dict:  # counted only when the (coalesced) event is due
        # Written out (core.db, prepared once per connection): the ORM's aggregate cost ~0.5 ms of CPU to
        # compile, each time, on a step's success (the event is due about ten times a second per run).
        sql = _PROGRESS.format(marks=", ".join(["%s"] * len(StepRun.DONE)), table=table_name(StepRun))
        with db.execute(sql, [*StepRun.DONE, execution.pk]) as cursor:
            total, done = cursor.fetchone()
        return {
            "execution_id": execution.pk,
            "pipeline_id": execution.pipeline_id,
            "steps_total": total,
            "steps_done": done,
            "progress": done / total if total else 1.0,
        }

    publish_coalesced(
        f"execution:{execution.pk}", "execution.progress", data, topics=("dashboard",), subject=execution.pk
    )


def type_of(step: StepRun, node_key: str) -> str:
    _, plan = graph_and_plan(step.execution)
    return plan.types[node_key]


def decrement_later(
    execution_id: int,
    groups: list[str],
    queue_at_zero: set[str],
    claim: tuple[str, str] | None = None,
    *,
    guard: StepRun | None = None,
) -> Callable[[], list[StepRun]]:
    """remaining_upstream - 1 for the pending heads of ``groups``; those in ``queue_at_zero`` that reach
    zero are queued by the same statement, and ``claim`` = (node key, worker), one of them, is claimed
    for that worker instead (queued and running at once: a worker continuing into its successor).
    Returns the rows (id, node_key, remaining_upstream, status, node_type, attempt, and for the claimed
    one everything the run needs) when the result is called: sent now, read then (inside ``db.pipeline()``,
    call it after the block; see ``db.fetch_models_later``). ``guard``: a head whose success (this
    attempt's) the release needs, when both are sent in one pipeline."""
    table = table_name(StepRun)
    marks = ", ".join(["%s"] * len(groups))
    eager = sorted(queue_at_zero) or [""]
    eager_marks = ", ".join(["%s"] * len(eager))
    now = timezone.now()
    claim_key, worker = claim or ("", "")
    # this statement brings it to zero: claimed (not a head in a pool: its claim asks the pool, see steps._claim)
    zero = "remaining_upstream = 1 AND node_key = %s AND pool = ''"
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
    return db.fetch_models_later(StepRun, sql, params)


def release_downstream(
    step: StepRun, outcome: GroupOutcome, released: list[StepRun]
) -> tuple[list[int], StepRun | None]:
    """Go on from the first wave of the release (``released``: the downstream heads that the success
    of ``step``'s group decremented, see first_wave): queue the heads that reached zero, and skip
    those whose inputs are *absent* (their upstream was skipped, or a routing node sent no rows down
    that port); a skip travels on, one more decrement per wave.
    Returns (the ids of the queued heads, to dispatch; the head claimed in the first wave, or None).
    """
    ready: list[int] = []
    claimed: StepRun | None = None
    waves: list[tuple[str, GroupOutcome | None, list[StepRun] | None]] = [(step.group, outcome, released)]
    late: list[int] = []
    heads: dict[int, StepRun] = {}  # released heads by id
    while waves:
        group, done, rows = waves.pop()
        if rows is None:  # a skipped group's successors: nothing in them runs without a look
            targets = downstream_groups(step.execution, group)
            rows = decrement_later(step.execution_id, targets, set())() if targets else []
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
        started(claimed, claimed.started_at)
    return ready + late, claimed
