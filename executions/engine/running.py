"""Running one fused group: inputs from upstream artifacts, one Polars pass, outputs as artifacts
or staged destination writes, per-node row counts from the same pass, metrics and logs."""

from __future__ import annotations

import logging
import time
from typing import Any

import polars as pl

from executions import artifacts
from executions.engine.context import node_context
from executions.engine.monitor import StepMonitor, StepRecorder
from executions.engine.outcomes import GroupOutcome, NodeOutcome
from executions.engine.planning import ExecutionPlan, edge_absent, expected_duration, graph_and_plan, resolve_node
from executions.models import Execution, StepRun
from pipelines.nodes.base import BuildContext, DestinationType, NodeError

log = logging.getLogger("sluice.executions")


# A group fed by one edge with at most this many rows collects its output in memory and writes it from
# there: cheaper than a lazy sink plus a counting pass for the small frames of a chain of steps, and a
# successor that this process runs next (continuation) takes the frame as it is instead of reading the
# file back. One input edge: a single-input chain's output is bounded by its input (a join's is not).
EAGER_MAX_ROWS = 10_000


def _small_input(plan: ExecutionPlan, head: str, rows_in: int) -> bool:
    return len(plan.incoming.get(head, ())) == 1 and rows_in <= EAGER_MAX_ROWS


def head_inputs(
    execution: Execution, plan: ExecutionPlan, head: str, head_type, upstream: dict[str, NodeOutcome] | None = None
) -> tuple[dict, int]:
    """The head's input frames (lazy scans of its upstream artifacts) and their row count.
    ``upstream``: the outcomes of the group that just ran in this process; when every input comes
    from it, the upstream steps need no query."""
    edges = plan.incoming.get(head, [])
    sources = {e.source for e in edges}
    if upstream is not None and sources <= upstream.keys():
        steps = {
            key: StepRun(
                node_key=key,
                node_type=plan.types[key],
                status=StepRun.Status.SUCCEEDED,
                artifacts=upstream[key].artifacts,
                output_rows=upstream[key].output_rows,
            )
            for key in sources
        }
    else:
        steps = {s.node_key: s for s in StepRun.objects.filter(execution=execution, node_key__in=sources)}
    inputs: dict[str, Any] = {}
    rows_in = 0
    for port in head_type.inputs:
        frames = []
        for edge in [e for e in edges if e.target_port == port.name]:
            if edge_absent(steps, edge):
                continue
            step = steps[edge.source]
            in_memory = upstream[edge.source].frames.get(edge.source_port) if edge.source in (upstream or {}) else None
            url = (step.artifacts or {}).get(edge.source_port)
            if in_memory is not None:
                frames.append(in_memory.lazy())
            elif url:
                frames.append(artifacts.scan(url))
            else:
                raise NodeError(f"The output {edge.source}.{edge.source_port} has no artifact to read.")
            rows_in += (step.output_rows or {}).get(edge.source_port, 0)
        if port.multiple:
            inputs[port.name] = frames
        elif frames:
            inputs[port.name] = frames[0]
    return inputs, rows_in


def run_group(
    step: StepRun, *, record: StepRecorder, hard_stop: bool = False, upstream: dict[str, NodeOutcome] | None = None
) -> GroupOutcome:
    """Run the fused group headed by the claimed ``step``. Nothing here writes to the database: the
    monitor hands heartbeats and log lines to ``record``, and the returned outcome is what the
    recording room stores."""
    execution = step.execution
    graph, plan = graph_and_plan(execution)
    group = plan.groups[step.group]
    started = time.monotonic()
    with StepMonitor(step, expected_duration(step), record=record, hard_stop=hard_stop) as monitor:
        _, head_type, _ = resolve_node(graph, group.head)
        frames, head_rows_in = head_inputs(execution, plan, group.head, head_type, upstream)
        outcomes = {key: NodeOutcome() for key in group.members}
        outcomes[group.head].rows_in = head_rows_in if head_type.inputs else None
        count_plans: list[tuple[str, str, pl.LazyFrame]] = []  # (node, port, frame) to count
        sink_plans: list[pl.LazyFrame] = []
        eager = _small_input(plan, group.head, head_rows_in)
        tails: list[tuple[str, str, str, pl.LazyFrame]] = []  # eager: (node, port, url, frame) to write
        destination: tuple[str, DestinationType, Any, BuildContext, pl.LazyFrame] | None = None
        current: dict[str, pl.LazyFrame] = {}
        for position, key in enumerate(group.members):
            monitor.check()
            spec, node_type, config = resolve_node(graph, key)
            monitor.handler.node_key = key
            ctx = node_context(execution, key, attempt=step.attempt)
            if position > 0:
                (port_frame,) = current.values()
                frames = {node_type.inputs[0].name: port_frame}
            if isinstance(node_type, DestinationType):
                destination = (key, node_type, config, ctx, frames["in"])
                break
            log.debug("building %s (%s)", key, spec.type)
            current = node_type.execute(ctx, config, frames)
            outcomes[key].report = ctx.report
            is_tail = position == len(group.members) - 1
            for port, frame in current.items():
                if is_tail:
                    url = artifacts.artifact_url(
                        execution.artifact_key, execution.pk, key, port, step.attempt, small=eager
                    )
                    outcomes[key].artifacts[port] = url
                    if eager:  # collected, then written and counted from memory
                        tails.append((key, port, url, frame))
                        continue
                    sink_plans.append(frame.sink_ipc(url, compression="lz4", lazy=True))
                if not node_type.preserves_rows:  # sort and map keep their input's count: derived below
                    count_plans.append((key, port, frame))
        monitor.check()
        counts_frames = [f.select(pl.len()) for _, _, f in count_plans]
        if destination is not None:
            key, node_type, config, ctx, frame = destination
            stage_plan = getattr(node_type, "stage_plan", None)
            planned = stage_plan(ctx, config, frame) if stage_plan else None
            if planned is not None:
                sink, receipt = planned
                # Ending a fused chain, the destination receives what its predecessor put out (counted
                # or derived below); heading its own group, it counts its input in the same pass.
                own_count = [] if len(group.members) > 1 else [frame.select(pl.len())]
                try:
                    results = pl.collect_all([sink, *own_count, *counts_frames])
                except BaseException:
                    node_type.abort(ctx, config, receipt)  # no half-written staging left behind
                    raise
                stats = getattr(node_type, "staged_stats", None)
                if stats is not None:
                    receipt = {**receipt, **stats(receipt)}
                counts = results[1 + len(own_count) :]
                rows = results[1].item() if own_count else None
            else:
                results = pl.collect_all([frame, *counts_frames])
                data, counts = results[0], results[1:]
                rows = data.height
                monitor.check()
                log.info("staging %s rows for %s", rows, key)
                receipt = node_type.stage(ctx, config, data.lazy())
                del data
            outcomes[key].rows_in = rows
            outcomes[key].receipt = receipt
            outcomes[key].report = ctx.report
            outcomes[key].bytes_out = receipt.get("bytes") if isinstance(receipt, dict) else None
        elif tails:
            # Small: the in-memory engine (the streaming one costs ~0.2 ms to start per query)
            results = pl.collect_all([*(frame for *_, frame in tails), *counts_frames], engine="in-memory")
            counts = results[len(tails) :]
            for (key, port, url, _), data in zip(tails, results[: len(tails)], strict=True):
                artifacts.write(url, data)
                outcomes[key].output_rows[port] = data.height
                outcomes[key].frames[port] = data
        else:
            results = pl.collect_all([*sink_plans, *counts_frames]) if sink_plans or counts_frames else []
            counts = results[len(sink_plans) :]
        for (key, port, _), counted in zip(count_plans, counts, strict=True):
            outcomes[key].output_rows[port] = int(counted.item())
        previous_out = head_rows_in
        destination_key = destination[0] if destination is not None else None
        for key in group.members:
            o = outcomes[key]
            _, member_type, _ = resolve_node(graph, key)
            if member_type.preserves_rows and not o.output_rows and previous_out is not None:
                o.output_rows = {member_type.outputs[0].name: previous_out}
            if o.output_rows:
                o.rows_out = sum(o.output_rows.values())
            if key != group.head and o.rows_in is None:
                o.rows_in = previous_out
            if key == destination_key and isinstance(o.receipt, dict) and o.receipt.get("rows") is None:
                o.receipt = {**o.receipt, "rows": o.rows_in}
            previous_out = o.rows_out if o.rows_out is not None else previous_out
            if o.artifacts:
                sizes = [artifacts.size_of(u) for u in o.artifacts.values()]
                o.bytes_out = sum(s for s in sizes if s is not None)
        monitor.check()
    return GroupOutcome(
        nodes=outcomes,
        duration_ms=int((time.monotonic() - started) * 1000),
        cpu_seconds=monitor.cpu_seconds,
        peak_rss_bytes=monitor.peak_rss,
    )
