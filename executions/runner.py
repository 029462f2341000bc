"""Running one fused group: inputs from upstream artifacts, one Polars pass, outputs as artifacts
or staged destination writes, per-node row counts from the same pass, metrics and logs."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import polars as pl
import psutil
from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from executions import artifacts
from executions.models import Execution, StepLog, StepRun
from executions.planning import ExecutionPlan, plan_execution
from pipelines.graph import Graph
from pipelines.models import Connection
from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, DestinationType, NodeError, NodeType
from pipelines.paths import FileAccess, file_access_for_run

log = logging.getLogger("sluice.executions")


class StepCancelled(Exception):
    """The execution was cancelled (or this attempt was fenced) while the step ran."""


@dataclass
class NodeOutcome:
    rows_in: int | None = None
    rows_out: int | None = None
    output_rows: dict[str, int] = field(default_factory=dict)
    artifacts: dict[str, str] = field(default_factory=dict)
    bytes_out: int | None = None
    receipt: dict[str, Any] | None = None
    report: dict[str, Any] = field(default_factory=dict)
    # Small outputs, also kept in memory for a successor that runs next in this process (continuation):
    # it reads them from here instead of its artifact. Never stored.
    frames: dict[str, pl.DataFrame] = field(default_factory=dict, repr=False)


@dataclass
class GroupOutcome:
    nodes: dict[str, NodeOutcome]
    duration_ms: int = 0
    cpu_seconds: float = 0.0
    peak_rss_bytes: int = 0


# --- plans and graphs, cached per version (versions are immutable) --------------------------


_plans: dict[tuple[int, bool], tuple[Graph, ExecutionPlan]] = {}
_plans_lock = threading.Lock()


def graph_and_plan(execution: Execution) -> tuple[Graph, ExecutionPlan]:
    """The graph and plan of an execution's version, cached per process (versions are immutable)."""
    key = (execution.version_id, execution.fuse_chains)
    cached = _plans.get(key)
    if cached is None:
        graph = Graph.from_dict(execution.version.graph)
        cached = (graph, plan_execution(graph, fuse=execution.fuse_chains))
        with _plans_lock:
            if len(_plans) > 256:
                _plans.clear()
            _plans[key] = cached
    return cached


def downstream_groups(execution: Execution, group: str) -> list[str]:
    _, plan = graph_and_plan(execution)
    return sorted(plan.groups[group].downstream_groups)


def routes_rows(node_type) -> bool:
    """Nodes with several output ports route rows; an empty routed port means 'nothing went this way'."""
    # describe() builds the config's JSON Schema: ask the class directly (this runs for every edge).
    return node_type is not None and (
        len(node_type.outputs) > 1 or type(node_type).output_ports is not NodeType.output_ports
    )


def _edge_absent(steps: dict[str, StepRun], edge) -> bool:
    upstream = steps.get(edge.source)
    if upstream is None or upstream.status == StepRun.Status.SKIPPED:
        return True
    if routes_rows(registry.get(upstream.node_type)):
        return (upstream.output_rows or {}).get(edge.source_port, 0) == 0
    return False


def never_absent(execution: Execution, group: str, *, finished: str) -> bool:
    """True when ``group`` has one input edge, from ``finished``, through a node that does not route
    rows: then it runs as soon as ``finished`` succeeded, with no look at the data."""
    _, plan = graph_and_plan(execution)
    edges = plan.incoming.get(group, [])
    return (
        len(edges) == 1
        and plan.group_of[edges[0].source] == finished
        and not routes_rows(registry.get(plan.types[edges[0].source]))
    )


def inputs_absent(execution: Execution, group: str, *, finished: str, outcome: GroupOutcome | None) -> bool:
    """Whether ``group`` must be skipped, now that ``finished`` (the last of its upstream groups) is done
    (``outcome`` None: it was skipped). A group fed by one edge is decided from the outcome in hand;
    others look at the stored upstream steps."""
    _, plan = graph_and_plan(execution)
    edges = plan.incoming.get(group, [])
    if len(edges) == 1 and plan.group_of[edges[0].source] == finished:
        if outcome is None:
            return True
        edge = edges[0]
        node = outcome.nodes.get(edge.source)
        if node is not None and routes_rows(registry.get(plan.types[edge.source])):
            return node.output_rows.get(edge.source_port, 0) == 0
        return False
    return group_inputs_absent(execution, group)


def group_inputs_absent(execution: Execution, group: str) -> bool:
    """A group is skipped when its inputs are absent: all of them for a multi-edge port (union),
    any of them otherwise."""
    _, plan = graph_and_plan(execution)
    edges = plan.incoming.get(group, [])
    if not edges:
        return False
    steps = {s.node_key: s for s in StepRun.objects.filter(execution=execution, node_key__in=[e.source for e in edges])}
    head_type = registry.get(plan.types[group])
    absent = [_edge_absent(steps, e) for e in edges]
    multi = head_type is not None and any(p.multiple for p in head_type.inputs)
    return all(absent) if multi else any(absent)


# --- contexts --------------------------------------------------------------------------------


def _get_connection(slug: str):
    conn = Connection.objects.filter(slug=slug).first()
    if conn is None:
        raise NodeError(f"No connection {slug!r}.", field="connection")
    return conn


_FILE_ACCESS: dict[int, FileAccess] = {}  # execution id -> its file access (a run's sharing is fixed at its start)
_FILE_ACCESS_KEPT = 256


def run_file_access(execution: Execution) -> FileAccess:
    """The files a run may open: what its pipeline's owner and its version's author both may (docs/files.md).
    Computed once per execution and process (a few queries), not per step."""
    access = _FILE_ACCESS.get(execution.pk)
    if access is None:
        access = file_access_for_run(pipeline=execution.pipeline, version=execution.version)
        if len(_FILE_ACCESS) >= _FILE_ACCESS_KEPT:
            _FILE_ACCESS.pop(next(iter(_FILE_ACCESS)))
        _FILE_ACCESS[execution.pk] = access
    return access


def node_context(execution: Execution, node_key: str, *, attempt: int, mode: str = "run", **extra) -> BuildContext:
    return BuildContext(
        node_key=node_key,
        mode=mode,
        params=execution.params or {},
        data_root=settings.DATA_ROOT,
        file_access=run_file_access(execution),
        get_connection=_get_connection,
        logger=logging.getLogger(f"sluice.node.{node_key}"),
        stage_id=f"e{execution.pk}_{node_key}_a{attempt}"[:60],
        **extra,
    )


def resolve_node(graph: Graph, key: str):
    spec = next(n for n in graph.nodes if n.key == key)
    node_type = registry.get(spec.type)
    if node_type is None:
        raise NodeError(f"Node type {spec.type!r} is not installed on this worker.")
    return spec, node_type, node_type.parse_config(spec.config)


# --- monitoring: heartbeat, RSS, CPU, cancellation, logs ----------------------------------------


class StepLogHandler(logging.Handler):
    """Captures the records emitted by the step's thread into StepLog rows (flushed in batches)."""

    def __init__(self, step: StepRun, thread_id: int):
        super().__init__(level=logging.INFO)
        self.step, self.thread_id = step, thread_id
        self.node_key = step.node_key  # the node of the fused group being built right now
        self.buffer: list[StepLog] = []
        self._buffer_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread_id or record.name.startswith("django.db"):
            return
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        extra = {"correlation_id": self.step.execution.correlation_id, "attempt": self.step.attempt}
        if record.exc_info:
            extra["exc"] = logging.Formatter().formatException(record.exc_info)[-4000:]
        entry = StepLog(
            execution_id=self.step.execution_id,
            step_id=self.step.pk,
            node_key=self.node_key,
            ts=timezone.now(),
            level=record.levelname.lower(),
            logger=record.name[:200],
            message=message[:10000],
            extra=extra,
        )
        with self._buffer_lock:
            self.buffer.append(entry)

    def flush_to_db(self) -> None:
        """Store the buffered lines and send them as one step.log event per node."""
        from executions.events import step_log_event

        with self._buffer_lock:
            batch, self.buffer = self.buffer, []
        if not batch:
            return
        StepLog.objects.bulk_create(batch)
        by_node: dict[str, list[dict]] = {}
        for entry in batch:
            by_node.setdefault(entry.node_key, []).append(
                {
                    "ts": entry.ts.isoformat(),
                    "level": entry.level,
                    "node_key": entry.node_key,
                    "message": entry.message[:2000],
                }
            )
        for node_key, lines in by_node.items():
            step_log_event(self.step.execution_id, node_key, lines)


class StepMonitor:
    """Heartbeats every HEARTBEAT_SECONDS while a step runs: refreshes the step row, samples RSS,
    estimates progress from past durations, flushes logs, and notices cancellation or fencing.

    The ticks come from one watcher thread per process (see ``_Watcher``), not a thread per step:
    starting and joining a thread for every step of a 50-step chain cost more than the step's own
    bookkeeping."""

    def __init__(self, step: StepRun, expected_seconds: float | None, *, hard_stop: bool = False):
        self.step = step
        self.hard_stop = hard_stop  # a Celery worker child may be killed when a cancel cannot interrupt it
        self.main_thread = threading.get_ident()
        self.expected = expected_seconds
        self.cancelled = threading.Event()
        self.stop = threading.Event()
        self._stopping = threading.Lock()  # an interrupt never lands after the step left its monitor
        self.peak_rss = _rss()
        self.handler = StepLogHandler(step, self.main_thread)

    def __enter__(self) -> StepMonitor:
        self.started = time.monotonic()
        self.last_beat = 0.0  # the first tick beats: an early heartbeat notices an early cancel
        self.cpu_start = time.process_time()  # the process's: Polars works on threads of its own
        logging.getLogger().addHandler(self.handler)
        _Watcher.watch(self)
        return self

    def __exit__(self, *exc) -> None:
        with self._stopping:
            self.stop.set()
        _Watcher.unwatch(self)
        logging.getLogger().removeHandler(self.handler)
        self.sample()
        self.handler.flush_to_db()

    def sample(self) -> None:
        self.peak_rss = max(self.peak_rss, _rss())

    def tick(self, now: float) -> None:
        """Called by the watcher every half second (or heartbeat interval, if shorter): RSS always, the
        heartbeat when it is due."""
        from executions.services.steps import step_heartbeat

        self.sample()
        if self.cancelled.is_set() or now - self.last_beat < settings.SLUICE_HEARTBEAT_SECONDS:
            return
        self.last_beat = now
        progress = (now - self.started) / self.expected if self.expected else None
        if not step_heartbeat(step=self.step, progress=progress, peak_rss_bytes=self.peak_rss):
            self._interrupt()
        self.handler.flush_to_db()

    def _interrupt(self) -> None:
        """The run was cancelled or failed elsewhere, or this attempt was fenced: record the group as
        cancelled, raise StepCancelled in the step's thread (effective as soon as Python code runs), and
        on a Celery worker child, end the process after a grace period if native code still holds it
        (acks_late + reject_on_worker_lost requeue the message; the claim then finds nothing to do)."""
        from executions.services.steps import step_cancel_running

        if self.stop.is_set():
            # The step ended after this tick began: a step of a chain whose successes are held in one
            # transaction (steps._Chain) finds its own success once that commits (on SQLite its
            # heartbeat waits for that). The thread runs another step by now, which this must not stop.
            return
        self.cancelled.set()
        step_cancel_running(step=self.step)
        with self._stopping:
            if self.stop.is_set():
                return  # ended meanwhile: whatever ended it recorded how
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self.main_thread), ctypes.py_object(StepCancelled)
            )
        if self.hard_stop:
            threading.Thread(target=self._end_process_unless_stopped, name="cancel-grace", daemon=True).start()

    def _end_process_unless_stopped(self) -> None:
        if not self.stop.wait(settings.SLUICE_CANCEL_GRACE_SECONDS):
            log.warning(
                "step %s did not stop within %ss of its cancel; ending the worker process",
                self.step.node_key,
                settings.SLUICE_CANCEL_GRACE_SECONDS,
            )
            os.kill(os.getpid(), signal.SIGKILL)

    def check(self) -> None:
        if self.cancelled.is_set():
            raise StepCancelled()

    @property
    def cpu_seconds(self) -> float:
        return max(0.0, time.process_time() - self.cpu_start)


def _rss() -> int:
    """Resident set size of this process, in bytes (one read of /proc/self/statm on Linux)."""
    with contextlib.suppress(psutil.Error, OSError):
        return _process().memory_info().rss
    return 0


def _process() -> psutil.Process:
    global _this_process
    if _this_process is None or _this_process.pid != os.getpid():  # a Celery child forked after import
        _this_process = psutil.Process()
    return _this_process


_this_process: psutil.Process | None = None


class _Watcher:
    """The one thread per process that ticks the StepMonitors of the steps running in it. It is started
    on first use (and again in a forked child, which inherits no threads) and sleeps while idle."""

    _lock = threading.Lock()
    _monitors: set[StepMonitor] = set()
    _wake = threading.Event()
    _pid: int | None = None

    @classmethod
    def watch(cls, monitor: StepMonitor) -> None:
        with cls._lock:
            cls._monitors.add(monitor)
            if cls._pid != os.getpid():
                cls._pid = os.getpid()
                cls._wake = threading.Event()
                threading.Thread(target=cls._loop, name="step-monitor", daemon=True).start()
            cls._wake.set()

    @classmethod
    def unwatch(cls, monitor: StepMonitor) -> None:
        with cls._lock:
            cls._monitors.discard(monitor)

    @classmethod
    def _loop(cls) -> None:
        wake = cls._wake
        while True:
            with cls._lock:
                monitors = list(cls._monitors)
                if not monitors:
                    wake.clear()
            if not monitors:
                connection.close()  # idle: hold no database connection
                wake.wait()
                continue
            time.sleep(min(settings.SLUICE_HEARTBEAT_SECONDS, 0.5))
            now = time.monotonic()
            for monitor in monitors:
                if monitor.stop.is_set():
                    continue
                try:
                    monitor.tick(now)
                except Exception:
                    log.exception("heartbeat of step %s failed", monitor.step.pk)
                    connection.close()  # a broken connection is not reused by the next tick


_expected: dict[tuple[int, str], tuple[float, float | None]] = {}


def expected_duration(step: StepRun) -> float | None:
    """Median duration of the last successful runs of this node of this pipeline (for progress/ETA,
    and whether a chain may hold its commit over the step), cached for a minute per process."""
    key = (step.execution.pipeline_id, step.node_key)
    cached = _expected.get(key)
    if cached is not None and time.monotonic() - cached[0] < 60:
        return cached[1]
    value = _median_duration(step)
    if value is not None:  # a first run has no history yet; ask again next time
        if len(_expected) > 10_000:
            _expected.clear()
        _expected[key] = (time.monotonic(), value)
    return value


def _median_duration(step: StepRun) -> float | None:
    durations = sorted(
        StepRun.objects.filter(
            execution__pipeline_id=step.execution.pipeline_id,
            node_key=step.node_key,
            status=StepRun.Status.SUCCEEDED,
            duration_ms__isnull=False,
        )
        .order_by("-finished_at")
        .values_list("duration_ms", flat=True)[:20]
    )
    if not durations:
        return None
    return durations[len(durations) // 2] / 1000.0


# --- running a group ----------------------------------------------------------------------------

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
            if _edge_absent(steps, edge):
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
    step: StepRun, *, hard_stop: bool = False, upstream: dict[str, NodeOutcome] | None = None
) -> GroupOutcome:
    execution = step.execution
    graph, plan = graph_and_plan(execution)
    group = plan.groups[step.group]
    started = time.monotonic()
    with StepMonitor(step, expected_duration(step), hard_stop=hard_stop) as monitor:
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


# --- the commit phase --------------------------------------------------------------------------


def _destination_of(execution: Execution, node_key: str):
    graph, _ = graph_and_plan(execution)
    _, node_type, config = resolve_node(graph, node_key)
    return node_type, config


def commit_receipts(execution: Execution, steps: list[StepRun]) -> None:
    """Publish every staged write, one ``commit_group`` per destination type and target."""
    batches: dict[tuple[str, str], list] = {}
    for step in steps:
        node_type, config = _destination_of(execution, step.node_key)
        batches.setdefault((node_type.key, node_type.group_key(config)), []).append((node_type, config, step))
    for items in batches.values():
        node_type = items[0][0]
        ctx = node_context(execution, items[0][2].node_key, attempt=items[0][2].attempt)
        node_type.commit_group(ctx, [(config, step.receipt) for _, config, step in items])
        Execution.objects.filter(pk=execution.pk).update(commit_heartbeat_at=timezone.now())


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


def worker_name() -> str:
    return f"{os.uname().nodename}:{os.getpid()}:{threading.current_thread().name}"


__all__ = ["StepCancelled", "close_old_connections", "group_inputs_absent", "run_group"]
