"""Preview of a step's output: read its artifact, or recompute a fused node from its chain's input."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.core.exceptions import ValidationError

from executions import artifacts
from executions.engine.context import node_context
from executions.engine.outcomes import NodeOutcome
from executions.engine.planning import graph_and_plan, resolve_node
from executions.engine.running import input_steps, member_inputs
from executions.models import Execution, StepRun
from executions.services.dryrun import frame_preview
from pipelines import interactive
from pipelines.nodes.base import DestinationType, schema_to_json

MAX_PREVIEW = 1000


def step_preview(*, execution: Execution, node_key: str, limit: int = 50, port: str | None = None) -> dict[str, Any]:
    """Rows of a step's output. Reading the artifact (or recomputing a fused chain, which runs the
    user's expressions) happens in the interactive pool (pipelines.interactive), not in the web process."""
    if not 1 <= limit <= MAX_PREVIEW:
        raise ValidationError({"limit": [f"Between 1 and {MAX_PREVIEW}."]})
    return interactive.call(
        "executions.services.preview.preview_job", execution_id=execution.pk, node_key=node_key, limit=limit, port=port
    )


def preview_job(*, execution_id: int, node_key: str, limit: int, port: str | None) -> dict[str, Any]:
    """``step_preview`` in an interactive child (plain data in and out)."""
    execution = Execution.objects.filter(pk=execution_id).select_related("version").first()
    if execution is None:
        raise ValidationError({"execution": ["This execution no longer exists."]})
    step = StepRun.objects.filter(execution=execution, node_key=node_key).first()
    if step is None:
        raise ValidationError({"node_key": [f"No step {node_key!r} in this execution."]})
    if step.status != StepRun.Status.SUCCEEDED:
        raise ValidationError(
            {"node_key": [f"The step {node_key} is {step.status}; only succeeded steps have output."]}
        )
    if step.artifacts:
        chosen = port or next(iter(step.artifacts))
        if chosen not in step.artifacts:
            raise ValidationError({"port": [f"No output port {chosen!r}; ports: {', '.join(step.artifacts)}."]})
        url = step.artifacts[chosen]
        try:
            frame = artifacts.scan(url)
            data = frame.head(limit).collect()
            rows = frame.select(pl.len()).collect().item()
        except (FileNotFoundError, OSError, pl.exceptions.PolarsError) as exc:
            raise ValidationError({"node_key": [f"The output of {node_key} is no longer kept ({exc})."]}) from exc
        return {
            "node_key": node_key,
            "port": chosen,
            "rows": rows,
            "schema": schema_to_json(data.schema),
            "preview": frame_preview(data, limit),
            "recomputed": False,
        }
    # A fused node: rebuild the chain from its input up to this node, with a row limit.
    frame, chosen, _, _ = node_frame(execution, step, port)
    data = frame.head(limit).collect()
    return {
        "node_key": node_key,
        "port": chosen,
        "rows": (step.output_rows or {}).get(chosen, step.rows_in),
        "schema": schema_to_json(data.schema),
        "preview": frame_preview(data, limit),
        "recomputed": True,
    }


def node_frame(
    execution: Execution, step: StepRun, port: str | None, *, upstream: dict[str, NodeOutcome] | None = None
) -> tuple[pl.LazyFrame, str, int | None, bool]:
    """The frame on ``port`` of ``step``'s node (a destination's: its input, port "in"): (frame, port, rows
    when known, recomputed). An artifact is scanned; a fused member (or a destination) is rebuilt from its
    chain's input, its nodes built in dry-run mode (no writes). ``upstream``: the outcomes of the group
    that ran before in this process, whose small outputs are still in memory (see ``head_inputs``)."""
    graph, plan = graph_and_plan(execution)
    node_key = step.node_key
    if step.artifacts:
        chosen = port or next(iter(step.artifacts))
        if chosen not in step.artifacts:
            raise ValidationError({"port": [f"No output port {chosen!r}; ports: {', '.join(step.artifacts)}."]})
        return artifacts.scan(step.artifacts[chosen]), chosen, (step.output_rows or {}).get(chosen), False
    group = plan.groups[step.group]
    steps = input_steps(execution, plan, group.inputs, upstream)
    built: dict[str, dict[str, pl.LazyFrame]] = {}
    for key in group.members:  # a topological order: a member's fused inputs are built before it
        _, member_type, config = resolve_node(graph, key)
        frames, _ = member_inputs(plan, key, member_type, steps, upstream, built)
        if isinstance(member_type, DestinationType):
            current = {"in": frames["in"]}
        else:
            ctx = node_context(execution, key, attempt=step.attempt, mode="dry_run", sample_rows=None)
            current = member_type.build(ctx, config, frames)
        built[key] = current
        if key == node_key:
            break
    chosen = port or next(iter(current))
    if chosen not in current:
        raise ValidationError({"port": [f"No output port {chosen!r}; ports: {', '.join(current)}."]})
    rows = step.rows_in if chosen == "in" and not step.output_rows else (step.output_rows or {}).get(chosen)
    return current[chosen], chosen, rows, True
