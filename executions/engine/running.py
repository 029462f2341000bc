"""Running one fused group: inputs from upstream artifacts, one Polars pass, outputs as artifacts
or staged destination writes, per-node row counts from the same pass, metrics and logs."""

from __future__ import annotations

import functools
import logging
import time
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import polars as pl

from executions import artifacts
from executions.engine import planproc, profiling, spooling
from executions.engine.baselines import check_history_for
from executions.engine.context import node_context
from executions.engine.monitor import StepMonitor, StepRecorder
from executions.engine.outcomes import GroupOutcome, NodeOutcome
from executions.engine.planning import (
    ExecutionPlan,
    GroupPlan,
    edge_absent,
    expected_duration,
    graph_and_plan,
    resolve_node,
)
from executions.engine.sqlrunning import run_sql_group
from executions.models import Execution, StepRun
from pipelines.graph import Graph
from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, DestinationType, NodeError, NodeType
from pipelines.nodes.checks import checks_enforce, checks_plan
from pipelines.nodes.transforms.common import RowTransform, streams_through

log = logging.getLogger("sluice.executions")


# A group fed by one edge with at most this many rows collects its output in memory and writes it from
# there: cheaper than a lazy sink plus a counting pass for the small frames of a chain of steps, and a
# successor that this process runs next (continuation) takes the frame as it is instead of reading the
# file back. One input edge: a single-input chain's output is bounded by its input (a join's is not).
EAGER_MAX_ROWS = 10_000


def _small_input(group: GroupPlan, rows_in: int) -> bool:
    return group.chain and len(group.inputs) == 1 and rows_in <= EAGER_MAX_ROWS


def input_steps(
    execution: Execution, plan: ExecutionPlan, edges: list, upstream: dict[str, NodeOutcome] | None = None
) -> dict[str, StepRun]:
    """The steps whose outputs ``edges`` read (each edge's source), by node key. ``upstream``: the
    outcomes of the group that just ran in this process; when every source is in it, no query."""
    sources = {e.source for e in edges}
    if upstream is not None and sources <= upstream.keys():
        return {
            key: StepRun(
                node_key=key,
                node_type=plan.types[key],
                status=StepRun.Status.SUCCEEDED,
                artifacts=upstream[key].artifacts,
                output_rows=upstream[key].output_rows,
            )
            for key in sources
        }
    if not sources:
        return {}
    return {s.node_key: s for s in StepRun.objects.filter(execution=execution, node_key__in=sources)}


def member_inputs(
    plan: ExecutionPlan,
    key: str,
    node_type,
    steps: dict[str, StepRun],
    upstream: dict[str, NodeOutcome] | None = None,
    built: dict[str, dict[str, pl.LazyFrame]] | None = None,
) -> tuple[dict, int]:
    """The input frames of the member ``key`` of a group, by port, and the rows they bring from outside
    the group: the outputs of members built before it (``built``: member -> its output frames), else
    lazy scans of upstream artifacts (``steps``, see ``input_steps``), or their frames still in memory."""
    built = built or {}
    edges = plan.incoming.get(key, [])
    inputs: dict[str, Any] = {}
    rows_in = 0
    for port in node_type.inputs:
        frames = []
        for edge in [e for e in edges if e.target_port == port.name]:
            if edge.source in built:  # fused: the member's plan goes on over its predecessor's
                frames.append(built[edge.source][edge.source_port])
                continue
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


def head_inputs(
    execution: Execution, plan: ExecutionPlan, head: str, head_type, upstream: dict[str, NodeOutcome] | None = None
) -> tuple[dict, int]:
    """The head's input frames (lazy scans of its upstream artifacts) and their row count.
    ``upstream``: the outcomes of the group that just ran in this process; when every input comes
    from it, the upstream steps need no query."""
    steps = input_steps(execution, plan, plan.incoming.get(head, []), upstream)
    return member_inputs(plan, head, head_type, steps, upstream)


class _Staged(NamedTuple):
    """A destination ending the group: what staging its input needs."""

    key: str
    node_type: DestinationType
    config: Any
    ctx: BuildContext
    frame: pl.LazyFrame


@dataclass
class _Plans:
    """What building a group's members left to collect, in one pass."""

    outcomes: dict[str, NodeOutcome]
    head_rows_in: int
    eager: bool  # small: the tail's outputs are collected in memory and written from there
    tree: bool = False  # not a chain: counted outputs are cached (see _plan_outputs)
    streams_through: bool = True  # a chain of sources and row-wise streaming transforms (see _sampling)
    outside_rows: dict[str, int] = field(default_factory=dict)  # member -> rows it reads from other groups
    shared: set[str] = field(default_factory=set)  # a tree's members whose counted outputs are cached
    # members whose plan streams from its inputs' reads: sources and streaming row-wise transforms over them
    streaming: set[str] = field(default_factory=set)
    counts: list[tuple[str, str, pl.LazyFrame]] = field(default_factory=list)  # (node, port, query counting it)
    # index in counts -> the node's own count query, collected apart (see _independent_counts)
    apart: dict[int, pl.LazyFrame] = field(default_factory=dict)
    sinks: list[pl.LazyFrame] = field(default_factory=list)
    tails: list[tuple[str, str, str, pl.LazyFrame]] = field(default_factory=list)  # eager: (node, port, url, frame)
    destination: _Staged | None = None


def run_group(
    step: StepRun, *, record: StepRecorder, hard_stop: bool = False, upstream: dict[str, NodeOutcome] | None = None
) -> GroupOutcome:
    """Run the fused group headed by the claimed ``step``: build its members' plans, collect them in one
    Polars pass (writing the tail's artifacts or staging its destination), and count rows on the way.
    Nothing here writes to the database: the monitor hands heartbeats and log lines to ``record``, and
    the returned outcome is what the recording room stores. ``upstream``: see ``head_inputs``."""
    execution = step.execution
    if execution.backend in ("sql", "spark"):  # the whole graph as one SQL program on its target
        return run_sql_group(step, record=record, hard_stop=hard_stop)
    graph, plan = graph_and_plan(execution)
    group = plan.groups[step.group]
    started = time.monotonic()
    with StepMonitor(step, expected_duration(step), record=record, hard_stop=hard_stop) as monitor:
        plans = _build(step, graph, plan, group, monitor, upstream)
        monitor.check()
        counts = _collect(plans, monitor, fused=len(group.members) > 1)
        for (key, port, _), counted in zip(plans.counts, counts, strict=True):
            plans.outcomes[key].output_rows[port] = int(counted.item())
        _derive_rows(graph, plan, group, plans)
        monitor.check()
    return GroupOutcome(
        nodes=plans.outcomes,
        duration_ms=int((time.monotonic() - started) * 1000),
        cpu_seconds=monitor.cpu_seconds,
        peak_rss_bytes=monitor.peak_rss,
    )


def _build(
    step: StepRun,
    graph: Graph,
    plan: ExecutionPlan,
    group: GroupPlan,
    monitor: StepMonitor,
    upstream: dict[str, NodeOutcome] | None,
) -> _Plans:
    """Each member's LazyFrame over its inputs — the outputs of the members before it (fused), or the
    upstream artifacts for the group's inputs — in the members' topological order, up to a destination
    that ends the group, which is left to stage."""
    execution = step.execution
    steps = input_steps(execution, plan, group.inputs, upstream)
    plans = _Plans(
        outcomes={key: NodeOutcome() for key in group.members}, head_rows_in=0, eager=False, tree=not group.chain
    )
    built: dict[str, dict[str, pl.LazyFrame]] = {}
    plans.shared = _shared_members(plan, group) if plans.tree else set()
    for position, key in enumerate(group.members):
        monitor.check()
        spec, node_type, config = resolve_node(graph, key)
        monitor.handler.node_key = key
        ctx = node_context(execution, key, attempt=step.attempt, check_history=check_history_for(execution, key))
        frames, plans.outside_rows[key] = member_inputs(plan, key, node_type, steps, upstream, built)
        plans.streams_through = plans.streams_through and (
            isinstance(node_type, DestinationType) or streams_through(node_type)
        )
        if streams_through(node_type) and all(
            e.source in plans.streaming for e in plan.incoming.get(key, []) if e.source in group.members
        ):
            plans.streaming.add(key)
        if position == 0:
            plans.head_rows_in = plans.outside_rows[key]
            plans.eager = _small_input(group, plans.head_rows_in)
            plans.outcomes[key].rows_in = plans.head_rows_in if node_type.inputs else None
        if isinstance(node_type, DestinationType):
            plans.destination = _Staged(key, node_type, config, ctx, frames["in"])
            break
        log.debug("building %s (%s)", key, spec.type)
        counted_before = _counted_before(plan, plans, key, built) if hasattr(node_type, "build_counting") else None
        own_counts: dict[str, pl.LazyFrame] = {}
        if counted_before is not None:  # an aggregate counts the rows it reads (see _count_in_aggregate)
            outputs = _count_in_aggregate(plans, key, node_type, ctx, config, frames, counted_before)
        elif hasattr(node_type, "build_counted") and key in plans.streaming and key not in plans.shared:
            # a filter over the reads of its inputs, counted in a pass of its own (see _independent_counts)
            outputs, own_counts = node_type.build_counted(ctx, config, frames)
        else:
            outputs = node_type.execute(ctx, config, frames)
        plans.outcomes[key].report = ctx.report
        tail = position == len(group.members) - 1
        built[key] = _plan_outputs(step, plans, key, node_type, outputs, tail=tail, own_counts=own_counts)
    return plans


def _counted_before(
    plan: ExecutionPlan, plans: _Plans, key: str, built: dict[str, dict[str, pl.LazyFrame]]
) -> int | None:
    """For a member that reads one fused predecessor: the index in ``plans.counts`` of the count whose rows
    are the ones it reads, found back over members that keep their input's count (a map, a sort), when
    that count is a query that reads a source again (a filter's, a limit's: not a cached output, and not
    a source's own count, which Parquet's metadata answers). None otherwise."""
    edges = plan.incoming.get(key, [])
    while len(edges) == 1 and edges[0].source in built:
        source = edges[0].source
        source_type = registry.get(plan.types[source])
        index = next((i for i, (k, _, _) in enumerate(plans.counts) if k == source), None)
        if index is not None:
            reads_again = source_type.family != "source" and source not in plans.shared
            return index if reads_again and plans.counts[index][1] == edges[0].source_port else None
        if not source_type.preserves_rows:
            return None
        edges = plan.incoming.get(source, [])
    return None


def _count_in_aggregate(
    plans: _Plans, key: str, node_type, ctx: BuildContext, config, frames: dict, counted_before: int
) -> dict[str, pl.LazyFrame]:
    """The aggregate ``key``'s output, built with the rows of each group (``build_counting``); the count of
    the member it reads (``counted_before``) becomes the sum of those rows, taken from the aggregate's
    cached output instead of a query that reads the source again (a scan of the columns the filters read,
    TPC-H Q1 and Q6 read lineitem twice for it). Groups partition the rows they read; a global aggregate is
    one row, whose count is 0 for an empty input: the counts are the same (tests/executions/test_engine_counts.py)."""
    counting, rows = node_type.build_counting(ctx, config, frames)
    counting = counting.cache()
    before_key, before_port, _ = plans.counts[counted_before]
    plans.counts[counted_before] = (before_key, before_port, counting.select(pl.col(rows).sum()))
    plans.apart.pop(counted_before, None)  # the new count shares the aggregate's cache: in the step's pass
    return {"out": counting.drop(rows)}


def _shared_members(plan: ExecutionPlan, group: GroupPlan) -> set[str]:
    """The members of a tree whose count query would compute again what is costly to: a join or a union,
    an aggregate (not a row-wise node: a source, a filter, a sort, a limit, a map), or what follows one.
    Their counted outputs are cached (see _plan_outputs); a row-wise chain from a source is counted by a
    query of its own, a scan of the columns its filters read, as in a chain."""
    shared: set[str] = set()
    for key in group.members:
        node_type = registry.get(plan.types[key])
        edges = plan.incoming.get(key, [])
        row_wise = node_type is not None and (
            node_type.family == "source" or node_type.preserves_rows or isinstance(node_type, RowTransform)
        )
        if len(edges) > 1 or not row_wise or any(e.source in shared for e in edges):
            shared.add(key)
    return shared


def _plan_outputs(
    step: StepRun,
    plans: _Plans,
    key: str,
    node_type: NodeType,
    outputs: dict[str, pl.LazyFrame],
    *,
    tail: bool,
    own_counts: dict[str, pl.LazyFrame] | None = None,
) -> dict[str, pl.LazyFrame]:
    """The tail's outputs go to artifacts (a lazy sink, or written from memory when small); the outputs
    of nodes that do not keep their input's row count are counted in the same pass: a query of its own
    (``select(pl.len())``, collected with the sink; ``own_counts``, by port: the node's own query, which the
    big passes collect apart, see _independent_counts). In a chain it costs a scan of the few columns a
    filter reads. In a tree (a group with a join or a union) it would compute the joins below it once
    more (Polars' common-subplan elimination matches whole subplans only, and a count projects none of
    the columns): there the counted output of a join, a union, an aggregate or what follows one is a
    cache node, which the count and the members after it share (computed once); a row-wise chain from
    a source (filters, maps) is counted as in a chain: a cache there would hold the rows a join has not
    read yet (the probe side waits for the build side) and keep its filters out of the scan. (A counter inside the plan,
    ``map_batches``, is no cheaper: Polars' streaming engine collects a Python function's whole input
    in memory first.) Returns the outputs the next members build on."""
    execution = step.execution
    for port, frame in list(outputs.items()):
        counted = not node_type.preserves_rows  # sort and map keep their input's count: derived below
        if counted and key in plans.shared:
            frame = outputs[port] = frame.cache()
        if tail:
            url = artifacts.artifact_url(
                execution.artifact_key, execution.pk, key, port, step.attempt, small=plans.eager
            )
            plans.outcomes[key].artifacts[port] = url
            if plans.eager:  # collected, then written and counted from memory
                plans.tails.append((key, port, url, frame))
                continue
            plans.sinks.append(artifacts.sink(frame, url))
        if counted:
            if (own_counts or {}).get(port) is not None:
                plans.apart[len(plans.counts)] = own_counts[port]
            plans.counts.append((key, port, frame.select(pl.len())))
    return outputs


def _collect(plans: _Plans, monitor: StepMonitor, *, fused: bool) -> list[pl.DataFrame]:
    """Collect the group in one pass; returns the counts, one frame per ``plans.counts``."""
    counts_frames = [query for _, _, query in plans.counts]
    if plans.destination is not None:
        return _stage(plans, monitor, counts_frames, fused=fused)
    if plans.tails:
        return _write_small(plans, counts_frames)
    if not (plans.sinks or counts_frames):
        return []
    # The big pass: in the step's plan process (planproc), whose memory is Polars' and the data's only.
    counts_frames, apart = _independent_counts(plans)
    results = planproc.collect_all([*plans.sinks, *counts_frames], monitor=monitor, independent=apart)
    return _counts_in_order(plans, results[len(plans.sinks) :])


def _independent_counts(plans: _Plans) -> tuple[list[pl.LazyFrame], list[pl.LazyFrame]]:
    """The count queries of the step's big pass, and those collected apart beside it (``independent``:
    planchild.collect_pass): the own counts of the filters that stream from their reads (``build_counted``:
    their condition summed over their input; not one over an aggregate or a sort, whose cache or work the
    pass apart would not share). In the step's pass, Polars' common-subplan elimination would merge
    such a read with the other plain reads of the file into one cache (a Parquet source's own count, which
    its metadata answers, then decodes a column of every row: TPC-H Q3 1.8 → 2.7 s of CPU at SF10); apart,
    each reads the columns of its condition only. ``_counts_in_order`` puts the results back in order."""
    main = [query for i, (_, _, query) in enumerate(plans.counts) if i not in plans.apart]
    return main, [plans.apart[i] for i in sorted(plans.apart)]


def _counts_in_order(plans: _Plans, results: list[pl.DataFrame]) -> list[pl.DataFrame]:
    """``results``: those of ``_independent_counts``'s two lists, one after the other, and nothing else;
    returns one frame per ``plans.counts``."""
    main, apart = iter(results[: len(results) - len(plans.apart)]), iter(results[len(results) - len(plans.apart) :])
    return [next(apart) if i in plans.apart else next(main) for i in range(len(plans.counts))]


def _stage(
    plans: _Plans, monitor: StepMonitor, counts_frames: list[pl.LazyFrame], *, fused: bool
) -> list[pl.DataFrame]:
    """Stage the destination's input (a lazy sink when the type plans one, else collected and handed to
    ``stage``) and record its receipt; returns the counts collected with it. The destination's checks
    (pipelines.nodes.checks) are measured in the same pass and judged before anything is published: a blocking
    failure aborts what was staged (or stages nothing) and fails the step. The sample of the destination's
    kept profile (executions.engine.profiling) comes from the same pass too."""
    key, node_type, config, ctx, frame = plans.destination
    checks = getattr(config, "checks", None) or []
    check_plan = checks_plan(checks, frame) if checks else None
    extra = [check_plan] if check_plan is not None else []
    stage_plan = getattr(node_type, "stage_plan", None)
    planned = stage_plan(ctx, config, frame) if stage_plan else None
    sample = None
    if planned is not None:
        sink, receipt = planned
        # Ending a fused chain, the destination receives what its predecessor put out (counted
        # or derived below); heading its own group, it counts its input in the same pass.
        own_count = [] if fused else [frame.select(pl.len())]
        sampled, optimizations = _sampling(plans, frame)
        counts_frames, apart = _independent_counts(plans)
        try:
            results = planproc.collect_all(
                [sink, *own_count, *counts_frames, *extra, *sampled],
                optimizations=optimizations,
                monitor=monitor,
                independent=apart,
            )
            counted_apart = results[len(results) - len(apart) :]
            del results[len(results) - len(apart) :]
            sample = profiling.sample_pick(results, len(sampled)) if sampled else None
            measured = results.pop() if extra else None
            if checks:  # judged before the receipt is recorded: a blocked check leaves no staging behind
                checks_enforce(ctx, checks, measured, frame.collect_schema(), rows=None)
        except BaseException:
            node_type.abort(ctx, config, receipt)  # no half-written staging left behind
            raise
        stats = getattr(node_type, "staged_stats", None)
        if stats is not None:
            receipt = {**receipt, **stats(receipt)}
        counts = _counts_in_order(plans, [*results[1 + len(own_count) :], *counted_apart])
        rows = results[1].item() if own_count else None
    elif not plans.eager:  # bigger than a few rows: spooled in one streaming pass, staged from the spool in batches
        sampled, optimizations = _sampling(plans, frame)
        collect = functools.partial(planproc.collect_all, monitor=monitor)  # the spooling pass: in the plan process
        with spooling.spool(frame, [*counts_frames, *extra, *sampled], optimizations, collect=collect) as (
            spooled,
            rows,
            results,
        ):
            sample = profiling.sample_pick(results, len(sampled)) if sampled else None
            measured = results.pop() if extra else None
            counts = results
            if checks:  # judged before anything is staged
                checks_enforce(ctx, checks, measured, spooled.collect_schema(), rows=rows)
            monitor.check()
            log.info("staging %s rows for %s", rows, key)
            receipt = node_type.stage(ctx, config, spooled)
    else:
        results = _collect_small([frame, *counts_frames, *extra])
        measured = results.pop() if extra else None
        data, counts = results[0], results[1:]
        rows = data.height
        if checks:  # judged before anything is staged
            checks_enforce(ctx, checks, measured, data.schema, rows=rows)
        monitor.check()
        log.info("staging %s rows for %s", rows, key)
        receipt = node_type.stage(ctx, config, data.lazy())
        sample = profiling.sample_of(data) if profiling.enabled() else None
        del data
    outcome = plans.outcomes[key]
    outcome.rows_in = rows
    outcome.receipt = receipt
    outcome.profile_sample = sample
    outcome.report = ctx.report
    outcome.bytes_out = receipt.get("bytes") if isinstance(receipt, dict) else None
    return counts


def _sampling(plans: _Plans, frame: pl.LazyFrame) -> tuple[list[pl.LazyFrame], pl.QueryOptFlags]:
    """The plans of the destination profile's sample over its input ``frame`` (none when profiles are off),
    and the optimisations of the pass that collects them with the sink.

    Over a chain that streams through (sources, filters, maps: ``streams_through``), the sample reads
    its input again, beside the sink, in one explicit cache that only its own plans share, with Polars'
    common-subplan elimination off: a cache shared by the sink and the sample buffers what the slower of
    them has not taken yet (1.9 GiB for 20M CSV rows, against 0.7 GiB read twice; docs/performance.md).
    The chain's counts are queries of their own there anyway (see _plan_outputs). Over anything else (an
    aggregate, a sort, a join) the sample shares the sink's subplan, as the counts do: computing it twice
    would cost more than holding its output, which such a plan holds (or is small) anyway."""
    if not profiling.enabled():
        return [], pl.QueryOptFlags()
    if plans.streams_through:
        return profiling.sample_plans(frame.cache()), pl.QueryOptFlags(comm_subplan_elim=False)
    return profiling.sample_plans(frame), pl.QueryOptFlags()


def _write_small(plans: _Plans, counts_frames: list[pl.LazyFrame]) -> list[pl.DataFrame]:
    """Small outputs: collected with the in-memory engine (the streaming one costs ~0.2 ms to start per
    query), written whole, and kept for a successor that runs next in this process; returns the counts."""
    tails = plans.tails
    results = _collect_small([*(frame for *_, frame in tails), *counts_frames])
    for (key, port, url, _), data in zip(tails, results[: len(tails)], strict=True):
        artifacts.write(url, data)
        plans.outcomes[key].output_rows[port] = data.height
        plans.outcomes[key].frames[port] = data
    return results[len(tails) :]


def _collect_small(frames: list[pl.LazyFrame]) -> list[pl.DataFrame]:
    """Small queries collected with the in-memory engine. One query alone (a chain's step: its tail's output,
    counted from memory) is collected on this thread: ``pl.collect_all`` hands even one query to Polars'
    thread pool, ~70 thread wake-ups a call (measured with getrusage), which cost 0.1 ms on an idle machine
    and milliseconds on a loaded one, on every step. Several go together, sharing their common subplans."""
    if len(frames) == 1:
        return [frames[0].collect(engine="in-memory")]
    return pl.collect_all(frames, engine="in-memory")


def _derive_rows(graph: Graph, plan: ExecutionPlan, group: GroupPlan, plans: _Plans) -> None:
    """What the pass did not count: rows of members that keep their input's count, rows in of fused
    members (what came from outside the group plus their fused predecessors' outputs), the
    destination's receipt rows, and the artifacts' sizes."""
    destination_key = plans.destination.key if plans.destination is not None else None
    for key in group.members:
        o = plans.outcomes[key]
        _, member_type, _ = resolve_node(graph, key)
        if key != group.head and o.rows_in is None and member_type.inputs:  # a source has no rows in
            o.rows_in = plans.outside_rows.get(key, 0) + sum(
                plans.outcomes[e.source].output_rows.get(e.source_port, 0)
                for e in plan.incoming.get(key, [])
                if plan.group_of[e.source] == group.head
            )
        rows_in = plans.head_rows_in if key == group.head else o.rows_in
        if member_type.preserves_rows and not o.output_rows and rows_in is not None:
            o.output_rows = {member_type.outputs[0].name: rows_in}
        if o.output_rows:
            o.rows_out = sum(o.output_rows.values())
        if key == destination_key and isinstance(o.receipt, dict) and o.receipt.get("rows") is None:
            o.receipt = {**o.receipt, "rows": o.rows_in}
        if o.artifacts:
            sizes = [artifacts.size_of(u) for u in o.artifacts.values()]
            o.bytes_out = sum(s for s in sizes if s is not None)
