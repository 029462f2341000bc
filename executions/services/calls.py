"""Running a ``pipeline.call`` step: the called version runs inside the calling step, as a child
execution with a step per called node.

The calling step never waits for work that needs another worker slot (so two workers can never
deadlock on each other's calls): it creates the child execution and its steps, then runs the called
nodes itself, one after the other in graph order, through the same ``run_group`` as any step, and
records each on the child (``running``, then ``succeeded``/``failed``/``skipped``). The child's
sources that the call's inputs replace are recorded succeeded at once, their artifacts being the
caller's input artifacts; only the nodes the call's outputs need run, the others (the called
destinations among them) are skipped. The child shares its parent's artifact directory, so the
calling step's outputs are the child's artifacts as they are.

While a called node runs, its heartbeat refreshes the calling step's too; a cancel of the parent run
stops the called node within a heartbeat, cancels the child and the calling step. A called node that
fails fails the child and the calling step with its error (the calling step retries under its own
retry policy, each attempt with a new child; an earlier attempt's child still marked running is
cancelled then). A cancel of the child itself fails the calling step.
"""

from __future__ import annotations

import logging
import time
import traceback as tb
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from executions.engine.monitor import StepRecorder
from executions.engine.outcomes import GroupOutcome, NodeOutcome, StepCancelled
from executions.engine.planning import graph_and_plan, resolve_node, routes_rows
from executions.engine.running import run_group
from executions.events import execution_event, node_event
from executions.models import Execution, StepLog, StepRun
from executions.services.finished import finished_hooks_send
from executions.services.heartbeat import step_heartbeat, step_logs_write
from executions.services.lifecycle import execution_admit_waiting
from pipelines.models import Pipeline
from pipelines.nodes import registry
from pipelines.nodes.base import NodeError
from pipelines.nodes.calls import CALL_TYPE, CallConfig, CallPlan, ResolvedCall, call_plan
from pipelines.services.calls import call_resolver
from pipelines.validation.calls import CallProblem, resolve_call

log = logging.getLogger("sluice.executions")


class ChildRecord:
    """The recorder of a called node's step: its heartbeat also beats the calling step (whose own
    monitor is not running meanwhile), and fails when either was stopped."""

    def __init__(self, step: StepRun, parent: StepRecorder):
        self.step, self.parent = step, parent

    def heartbeat(self, *, progress: float | None, peak_rss_bytes: int) -> bool:
        parent_alive = self.parent.heartbeat(progress=None, peak_rss_bytes=peak_rss_bytes)
        own = step_heartbeat(step=self.step, progress=progress, peak_rss_bytes=peak_rss_bytes)
        return parent_alive and own

    def stopped(self) -> None:
        StepRun.objects.filter(pk=self.step.pk, status=StepRun.Status.RUNNING).update(
            status=StepRun.Status.CANCELLED, finished_at=timezone.now(), error="Cancelled."
        )

    def write_logs(self, batch: list[StepLog]) -> None:
        step_logs_write(execution_id=self.step.execution_id, batch=batch)


def call_step_run(
    step: StepRun, *, record: StepRecorder, hard_stop: bool = False, upstream: dict[str, NodeOutcome] | None = None
) -> GroupOutcome:
    """Run the claimed ``pipeline.call`` step ``step`` (see the module doc); its outcome carries the
    call's outputs (the child's artifacts), rows in and out, and the child's time, CPU and memory."""
    started = time.monotonic()
    execution = step.execution
    graph, plan = graph_and_plan(execution)
    _, _, config = resolve_node(graph, step.node_key)
    resolved = _resolve(execution, config)
    call = call_plan(config, resolved)
    inputs = _caller_inputs(step, plan, config, resolved, upstream)
    child = _child_create(step, resolved, call, inputs)
    report = {"call": {"execution": child.pk, "pipeline": resolved.pipeline_id, "version": resolved.version}}
    try:
        outcomes, cpu, peak = _run_child(step, child, resolved, call, inputs, record=record, hard_stop=hard_stop)
    except StepCancelled:
        _child_end(child, Execution.Status.CANCELLED, error="Cancelled.")
        if _still_owned(step):  # the child alone was cancelled: the call did not get its data
            raise _failure(f"The called run #{child.pk} of {resolved.label} was cancelled.", report) from None
        raise
    except _ChildFailed as exc:
        _child_end(child, Execution.Status.FAILED, error=f"{exc.node}: {exc.error}")
        raise _failure(f"{resolved.label} (run #{child.pk}) failed at {exc.node}: {exc.error}", report) from None
    _child_end(child, Execution.Status.SUCCEEDED)
    own = NodeOutcome(report=report)
    own.rows_in = sum(o.output_rows.get(_port_of(resolved, src), 0) for src, o in inputs.items()) if inputs else None
    for port, (node, node_port) in call.outputs.items():
        found = outcomes.get(node)
        if found is None or node_port not in found.artifacts:
            own.output_rows[port] = 0  # skipped (its inputs were absent): the port is absent downstream
            continue
        own.artifacts[port] = found.artifacts[node_port]
        own.output_rows[port] = found.output_rows.get(node_port, 0)
        if node_port in found.frames:
            own.frames[port] = found.frames[node_port]
    own.rows_out = sum(own.output_rows.values())
    return GroupOutcome(
        nodes={step.node_key: own},
        duration_ms=int((time.monotonic() - started) * 1000),
        cpu_seconds=cpu,
        peak_rss_bytes=peak,
    )


class _ChildFailed(Exception):
    def __init__(self, node: str, error: str):
        super().__init__(error)
        self.node, self.error = node, error


def _failure(message: str, report: dict[str, Any]) -> NodeError:
    exc = NodeError(message[:5000], field="pipeline", code="call_failed")
    exc.report = report  # kept on the calling step (step_fail)
    return exc


def _still_owned(step: StepRun) -> bool:
    return StepRun.objects.filter(
        pk=step.pk,
        attempt=step.attempt,
        status=StepRun.Status.RUNNING,
        execution__status=Execution.Status.RUNNING,
    ).exists()


def _ancestors(execution: Execution) -> list[Execution]:
    """``execution`` and every run that called it, outermost first."""
    chain: list[Execution] = []
    current: Execution | None = execution
    while current is not None and len(chain) < 50:
        chain.append(current)
        parent = current.parent_step_id and StepRun.objects.select_related("execution__pipeline").get(
            pk=current.parent_step_id
        )
        current = parent.execution if parent else None
    return list(reversed(chain))


def _resolve(execution: Execution, config: CallConfig) -> ResolvedCall:
    """The called version, as the owner of the outermost calling pipeline may see it now (as validation
    resolved it: every pipeline of a chain of calls must be visible to that owner; one hidden or deleted
    since the run started fails the step); cycles and depth checked again over the chain of runs."""
    runs = _ancestors(execution)
    chain = [(run.pipeline_id, run.pipeline.name) for run in runs]
    resolve = call_resolver(user=runs[0].pipeline.owner)
    try:
        return resolve_call(config, resolve=resolve, chain=chain, depth=len(chain))
    except CallProblem as exc:
        raise NodeError(exc.message, field=exc.field.removeprefix("config."), code=exc.code) from exc


def _port_of(resolved: ResolvedCall, source: str) -> str:
    ports = resolved.types[source].output_ports(resolved.configs[source])
    return ports[0] if ports else "out"


def _caller_inputs(
    step: StepRun, plan, config: CallConfig, resolved: ResolvedCall, upstream: dict[str, NodeOutcome] | None
) -> dict[str, NodeOutcome]:
    """Replaced source key -> what feeds it: the caller's upstream artifact (and frame, when the
    upstream step ran just before in this process), on every output port of the source."""
    edges = plan.incoming.get(step.node_key, [])
    wanted = {e.source for e in edges} - set(upstream or {})
    stored = {s.node_key: s for s in StepRun.objects.filter(execution_id=step.execution_id, node_key__in=wanted)}
    fed: dict[str, NodeOutcome] = {}
    for port, source in config.inputs.items():
        edge = next((e for e in edges if e.target_port == port), None)
        if edge is None:
            raise NodeError(f"The input port {port!r} is not connected.", field=f"inputs.{port}")
        if upstream is not None and edge.source in upstream:
            before = upstream[edge.source]
            url, rows = before.artifacts.get(edge.source_port), before.output_rows.get(edge.source_port, 0)
            frame = before.frames.get(edge.source_port)
        else:
            before_step = stored.get(edge.source)
            url = (before_step.artifacts or {}).get(edge.source_port) if before_step else None
            rows, frame = ((before_step.output_rows or {}).get(edge.source_port, 0) if before_step else 0), None
        if not url:
            raise NodeError(f"The output {edge.source}.{edge.source_port} has no artifact to read.")
        ports = resolved.types[source].output_ports(resolved.configs[source])
        fed[source] = NodeOutcome(
            rows_out=rows,
            artifacts=dict.fromkeys(ports, url),
            output_rows=dict.fromkeys(ports, rows),
            frames={p: frame for p in ports} if frame is not None else {},
            report={"replaced_by": f"{step.node_key}.{port}", "caller_execution": step.execution_id},
        )
    return fed


def _child_params(execution: Execution, pipeline: Pipeline) -> dict[str, Any]:
    """The called pipeline's default parameters, each overridden by the calling run's value of the same name."""
    defaults = {k: v for k, v in (pipeline.default_params or {}).items() if k != "sluice_retry"}
    given = execution.params or {}
    return {k: given.get(k, v) for k, v in defaults.items()}


def _child_create(step: StepRun, resolved: ResolvedCall, call: CallPlan, inputs: dict[str, NodeOutcome]) -> Execution:
    """The child execution (running) and its steps: replaced sources succeeded, the nodes to run
    pending, the others skipped. An earlier attempt's child that still runs is cancelled first."""
    execution = step.execution
    called = Pipeline.objects.get(pk=resolved.pipeline_id)
    now = timezone.now()
    with transaction.atomic():
        calls_cancel_stale(parent_step=step)
        child = Execution.objects.create(
            pipeline=called,
            version_id=resolved.version_id,
            trigger=Execution.Trigger.CALL,
            parent_step=step,
            params=_child_params(execution, called),
            priority=execution.priority,
            started_by=execution.started_by,
            correlation_id=execution.correlation_id,
            fuse_chains=False,  # a step per called node: each is run and recorded on its own
            artifact_key=execution.artifact_key,  # the caller's outputs are the child's artifacts
            status=Execution.Status.RUNNING,
            started_at=now,
        )
        rows = []
        for node in resolved.graph.nodes:
            row = StepRun(execution=child, node_key=node.key, node_type=node.type, group=node.key)
            if node.key in inputs:
                fed = inputs[node.key]
                row.status, row.attempt, row.progress = StepRun.Status.SUCCEEDED, 1, 1.0
                row.started_at = row.finished_at = now
                row.rows_out, row.output_rows, row.artifacts = fed.rows_out, fed.output_rows, fed.artifacts
                row.report, row.duration_ms = fed.report, 0
            elif node.key not in call.order:
                row.status, row.finished_at = StepRun.Status.SKIPPED, now
                row.report = {"call": "not needed by the call's outputs"}
            rows.append(row)
        StepRun.objects.bulk_create(rows)
        execution_event(child, "execution.started")
    child.version = Execution.objects.select_related("version").get(pk=child.pk).version
    return child


def _absent(key: str, resolved: ResolvedCall, outcomes: dict[str, NodeOutcome]) -> bool:
    """Whether the called node ``key`` must be skipped: as in any run, an input from a skipped node or an
    empty routed port is absent; a port of many edges needs one present, others all."""
    edges = resolved.incoming.get(key, [])
    if not edges:
        return False

    def gone(edge) -> bool:
        before = outcomes.get(edge.source)
        if before is None:
            return True
        return routes_rows(resolved.types[edge.source]) and before.output_rows.get(edge.source_port, 0) == 0

    node_type = resolved.types[key]
    multi = any(p.multiple for p in node_type.input_ports(resolved.configs[key]))
    flags = [gone(e) for e in edges]
    return all(flags) if multi else any(flags)


def _run_child(
    step: StepRun,
    child: Execution,
    resolved: ResolvedCall,
    call: CallPlan,
    inputs: dict[str, NodeOutcome],
    *,
    record: StepRecorder,
    hard_stop: bool,
) -> tuple[dict[str, NodeOutcome], float, int]:
    """Run the needed called nodes in order; (outcomes by node, CPU seconds, peak RSS). Raises
    StepCancelled, or _ChildFailed after recording the failed node."""
    outcomes: dict[str, NodeOutcome] = dict(inputs)
    steps = {s.node_key: s for s in StepRun.objects.filter(execution=child)}
    cpu, peak = 0.0, 0
    for key in call.order:
        child_step = steps[key]
        child_step.execution = child
        if _absent(key, resolved, outcomes):
            _child_step_finish(child_step, StepRun.Status.SKIPPED)
            continue
        _child_step_start(child_step, worker=step.worker)
        runner = call_step_run if child_step.node_type == CALL_TYPE else run_group
        try:
            outcome = runner(child_step, record=ChildRecord(child_step, record), hard_stop=hard_stop, upstream=outcomes)
        except StepCancelled:
            raise
        except Exception as exc:  # the called node failed: the child fails, and the call with it
            error = (getattr(exc, "message", None) or str(exc) or type(exc).__name__)[:5000]
            _child_step_finish(
                child_step,
                StepRun.Status.FAILED,
                error=error,
                traceback="".join(tb.format_exception(exc))[-20000:],
                report=getattr(exc, "report", None),
            )
            raise _ChildFailed(key, error) from exc
        _child_step_succeed(child_step, outcome.nodes[key], outcome)
        outcomes[key] = outcome.nodes[key]
        cpu += outcome.cpu_seconds
        peak = max(peak, outcome.peak_rss_bytes)
    return outcomes, cpu, peak


def _child_step_start(step: StepRun, *, worker: str) -> None:
    now = timezone.now()
    step.status, step.attempt, step.worker, step.started_at, step.heartbeat_at = (
        StepRun.Status.RUNNING,
        step.attempt + 1,
        worker,
        now,
        now,
    )
    StepRun.objects.filter(pk=step.pk).update(
        status=step.status, attempt=step.attempt, worker=worker[:200], started_at=now, heartbeat_at=now
    )
    node_event(
        step.execution,
        "step.started",
        node_key=step.node_key,
        node_type=step.node_type,
        status=StepRun.Status.RUNNING,
        attempt=step.attempt,
        worker=worker[:200],
    )


def _child_step_succeed(step: StepRun, node: NodeOutcome, outcome: GroupOutcome) -> None:
    now = timezone.now()
    StepRun.objects.filter(pk=step.pk, status=StepRun.Status.RUNNING).update(
        status=StepRun.Status.SUCCEEDED,
        finished_at=now,
        heartbeat_at=now,
        progress=1.0,
        duration_ms=outcome.duration_ms,
        cpu_seconds=outcome.cpu_seconds,
        peak_rss_bytes=outcome.peak_rss_bytes,
        rows_in=node.rows_in,
        rows_out=node.rows_out,
        output_rows=node.output_rows,
        artifacts=node.artifacts,
        bytes_out=node.bytes_out,
        report=node.report,
    )
    node_event(
        step.execution,
        "step.succeeded",
        node_key=step.node_key,
        node_type=step.node_type,
        status=StepRun.Status.SUCCEEDED,
        attempt=step.attempt,
        rows_in=node.rows_in,
        rows_out=node.rows_out,
        duration_ms=outcome.duration_ms,
        cpu_seconds=outcome.cpu_seconds,
        peak_rss_bytes=outcome.peak_rss_bytes,
    )


def _child_step_finish(step: StepRun, status: str, *, error: str = "", traceback: str = "", report=None) -> None:
    now = timezone.now()
    StepRun.objects.filter(pk=step.pk).exclude(status__in=StepRun.DONE).update(
        status=status, finished_at=now, error=error, traceback=traceback, report=report or {}
    )
    event = {StepRun.Status.FAILED: "step.failed", StepRun.Status.SKIPPED: "step.skipped"}.get(status)
    if event:
        extra = {"error": error[:2000]} if error else {}
        node_event(
            step.execution,
            event,
            node_key=step.node_key,
            node_type=step.node_type,
            status=status,
            attempt=step.attempt,
            **extra,
        )


def _child_end(child: Execution, status: str, *, error: str = "") -> None:
    """Finish the child once: the steps still waiting or running are cancelled, the rows read by its
    sources and passed on by the call are its totals; then its execution.* event, the hooks of a
    finished run (quality results, alerts) and the admission of the called pipeline's waiting runs."""
    now = timezone.now()
    with transaction.atomic():
        claimed = Execution.objects.filter(pk=child.pk, status__in=Execution.ACTIVE).update(
            status=status, finished_at=now, error=error[:5000], **_child_totals(child)
        )
        if not claimed:
            return
        StepRun.objects.filter(execution=child, status__in=StepRun.ACTIVE).update(
            status=StepRun.Status.CANCELLED, finished_at=now
        )
        child.refresh_from_db()
        execution_event(child, f"execution.{status}")
        finished_hooks_send(execution_id=child.pk, key=child.artifact_key)  # sent after the commit
        transaction.on_commit(lambda: execution_admit_waiting(pipeline_id=child.pipeline_id))


def _child_totals(child: Execution) -> dict[str, int]:
    """Rows in: what the child's sources produced (replaced ones included); rows out: what its
    succeeded steps put out at the call's outputs is the calling step's, so the child counts none."""
    read = 0
    sums = (
        StepRun.objects.filter(execution=child, status=StepRun.Status.SUCCEEDED)
        .order_by()
        .values("node_type")
        .annotate(out=Sum("rows_out"))
    )
    for row in sums:
        if getattr(registry.get(row["node_type"]), "family", None) == "source":
            read += row["out"] or 0
    return {"rows_in": read}


def calls_cancel_stale(*, parent_step: StepRun | None = None) -> int:
    """Cancel child executions still active whose calling step no longer runs the attempt that made
    them (its worker died and the watchdog requeued or failed it, or its run ended): ``parent_step``
    (a new attempt about to make its own child) or all of them (the watchdog's sweep). Returns how many."""
    children = Execution.objects.filter(status__in=Execution.ACTIVE, parent_step__isnull=False)
    if parent_step is not None:
        children = children.filter(parent_step=parent_step)
    else:
        children = children.exclude(parent_step__status=StepRun.Status.RUNNING)
    ended = 0
    for child in children.select_related("pipeline", "version"):
        _child_end(child, Execution.Status.CANCELLED, error="The calling step stopped running it.")
        ended += 1
    return ended
