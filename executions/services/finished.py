"""The finished-run hooks (``executions.hooks``: insights, quality results, alerts, backfills) of an
execution, in a task of their own (``executions.run_finished_hooks``), sent once the transaction that
finished the execution committed: the finish itself stays cheap, and a slow or failing hook never
holds the step worker that happened to finish the run (docs/executions.md).

Exactly once: the finish sends the task once (its status claim is the run's only one), and the task
claims its key before it runs the hooks, so a second delivery of the same message runs nothing. The
key names the execution and its ``artifact_key`` (a UUID per execution), so a database restored or
re-created (ids used again) never meets an old claim. A worker killed while running the hooks loses
them, as a finishing process that died after its commit always did."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

from executions import executors, hooks

TASK = "executions.run_finished_hooks"
CLAIM_SECONDS = 7 * 24 * 3600  # far longer than any message waits in the broker


def finished_hooks_send(*, execution_id: int, key: str) -> None:
    """Run the hooks of a finished execution after the current transaction commits (at once outside
    one). ``key``: the execution's ``artifact_key``."""
    transaction.on_commit(lambda: executors.run_later(TASK, execution_id, str(key)))


def finished_hooks_run(*, execution_id: int, key: str) -> bool:
    """The task's work: every hook, unless this execution's hooks were already claimed. Returns
    whether they ran."""
    if not cache.add(claim_key(execution_id, key), 1, timeout=CLAIM_SECONDS):
        return False
    hooks.execution_finished(execution_id)
    return True


def claim_key(execution_id: int, key: str) -> str:
    """The cache key that a run's hooks claim (bench/overhead.py waits for it)."""
    return f"sluice:finished-hooks:{execution_id}:{key}"
