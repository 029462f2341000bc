"""The transaction that a chain of continued steps records its successes in (see ``Chain``)."""

from __future__ import annotations

import contextlib
import time

from django.conf import settings
from django.db import connection, transaction

from core import db
from executions.engine.outcomes import GroupOutcome
from executions.engine.planning import expected_duration, graph_and_plan
from executions.models import StepRun
from notifications.events import batch as events_batch
from pipelines.nodes import registry


class Chain:
    """The transaction that a chain of continued steps records its successes in.

    A worker that claimed the successor of the step it just finished (see steps.step_succeed) commits that
    success at once, unless the successor is small, pure and quick: every node of its group only
    builds and collects a Polars plan (``NodeType.pure``: every built-in transform and check), over
    the frame that this step left in memory (at most engine.running.EAGER_MAX_ROWS rows), and its past runs took no
    longer than SLUICE_CHAIN_COMMIT_MS (the median of the last ones; not on a first run). Such a
    step takes about a millisecond, less than the durable commit, the events' INSERT and their
    hand-over that each step paid on its own. Their successes stay in one open transaction instead,
    committed

    - when it has been open SLUICE_CHAIN_COMMIT_MS (checked after each step),
    - before a step that is not small, pure and quick runs, and after one that released others,
    - before a failure, a retry or a cancel is recorded, and when the chain ends.

    The price: the run's row (shared) and the chain's steps stay locked that long plus one quick
    step (a cancel waits for the commit, see steps.step_succeed; a heartbeat of a step whose claim is held
    finds nothing to refresh and leaves it be, see heartbeat.step_heartbeat), its live events come that much
    later, and a worker that dies with the transaction open recorded none of it: the step whose
    claim was last committed is then stale and the watchdog runs it again, as after any crash
    mid-step."""

    def __init__(self) -> None:
        self._stack: contextlib.ExitStack | None = None
        self._opened = 0.0
        self.must_commit = False
        self.fresh = False  # opened, and the run's row not locked yet (see steps.step_succeed)

    def __enter__(self) -> Chain:
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

    @property
    def is_open(self) -> bool:
        return self._stack is not None

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


_ASYNC_COMMIT = "SELECT set_config('synchronous_commit', 'off', true)"


def relax_commit():
    """Let the current transaction's COMMIT return without waiting for PostgreSQL to flush its WAL
    (``synchronous_commit = off`` for this transaction only): sent as the transaction's first statement
    (inside ``db.pipeline()``, no round trip of its own) by the step bookkeeping that runs many times a
    run, a claim and a chain's successes (steps.step_claim, steps.step_succeed). Returns the sent
    cursor, to close; None when nothing was sent (SQLite, or SLUICE_DURABLE_STEP_COMMITS).

    A flush (fdatasync) cost 1-7 ms a commit on the development machine, more than the step itself;
    raw Celery writes nothing durable per task. What it risks: only a crash of PostgreSQL itself (not of
    a worker) within ~3 x wal_writer_delay (0.6 s by default) of such a commit loses it, as if the worker
    had died before committing: the step is stale or still queued, and the watchdog runs it again (its
    artifacts and staging are named by attempt). Nothing is lost out of order: a later durable commit
    (a run's finish, a failure, a cancel; every other transaction) flushes the WAL up to itself, so a
    finished run's steps are always durable, and a destination's staged rows are published only by the
    finish's commit phase after it read their receipts."""
    if settings.SLUICE_DURABLE_STEP_COMMITS or connection.vendor != "postgresql":
        return None
    return db.send(_ASYNC_COMMIT, [])


def _small_pure_and_quick(step: StepRun, upstream: GroupOutcome, budget: float) -> bool:
    """Whether ``step``'s group reads only a frame in ``upstream``, its nodes are all pure, and its
    past successful runs took no longer than ``budget`` seconds (median; a first run has none)."""
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
