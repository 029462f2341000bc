"""The commit phase: publish, abort or discard what the destinations staged (the destinations' own code;
what is recorded about it, the recording room writes: see services.lifecycle)."""

from __future__ import annotations

from collections.abc import Callable

from executions.engine.context import node_context
from executions.engine.planning import graph_and_plan, resolve_node
from executions.models import Execution, StepRun
from pipelines.nodes.base import DestinationType


def _destination_of(execution: Execution, node_key: str):
    graph, _ = graph_and_plan(execution)
    _, node_type, config = resolve_node(graph, node_key)
    return node_type, config


def publish_receipts(execution: Execution, steps: list[StepRun], *, beat: Callable[[], None]) -> None:
    """Publish every staged write, one ``commit_group`` per destination type and target, calling
    ``beat`` after each (the run's commit heartbeat)."""
    batches: dict[tuple[str, str], list] = {}
    for step in steps:
        node_type, config = _destination_of(execution, step.node_key)
        batches.setdefault((node_type.key, node_type.group_key(config)), []).append((node_type, config, step))
    for items in batches.values():
        node_type = items[0][0]
        ctx = node_context(execution, items[0][2].node_key, attempt=items[0][2].attempt)
        node_type.commit_group(ctx, [(config, step.receipt) for _, config, step in items])
        beat()


def abort_receipt(step: StepRun) -> None:
    node_type, config = _destination_of(step.execution, step.node_key)
    node_type.abort(node_context(step.execution, step.node_key, attempt=step.attempt), config, step.receipt)


def discard_unrecorded(step: StepRun, *, attempts: range) -> None:
    """Remove what the destination ``step`` staged in ``attempts`` without recording a receipt (each
    attempt stages under its own name, so a killed attempt's staging is found from its number)."""
    node_type, config = _destination_of(step.execution, step.node_key)
    if not isinstance(node_type, DestinationType):
        return
    for attempt in attempts:
        node_type.discard(node_context(step.execution, step.node_key, attempt=attempt), config)
