"""Running a step of the sql or spark backend: the whole graph (one group, planning._one_step) compiled to SQL
and run on its target by ``pipelines.sqlbackend.runner.SqlRun`` in one transaction, or on the run's Spark
connection by ``pipelines.sqlbackend.spark.SparkRun`` (its statements logged as the step's log lines).

Each node's rows (in and out), the quality rule counts and the destinations' receipts come back as the
members' outcomes, recorded like a fused group's, so the execution page shows every node; the commit phase
publishes the receipts with each destination type's own commit, as on Polars. A cancel reaches the running
statement through the monitor (the run is attached as the step's child: its ``kill`` cancels the statement).
"""

from __future__ import annotations

import time

from executions.engine.baselines import check_history_for
from executions.engine.context import node_context
from executions.engine.monitor import StepMonitor, StepRecorder
from executions.engine.outcomes import GroupOutcome, NodeOutcome, StepCancelled
from executions.engine.planning import expected_duration, graph_and_plan
from executions.models import StepRun
from pipelines.nodes.base import NodeError
from pipelines.sqlbackend.compiler import SPARK_CONNECTION_PARAM, GraphDoesNotCompile, compile_graph
from pipelines.sqlbackend.runner import SqlRun, SqlRunCancelled
from pipelines.sqlbackend.spark import SparkRun


class _Statement:
    """The running SQL, as the monitor sees a step's child: a cancel (or the memory limit) kills it."""

    def __init__(self, run: SqlRun):
        self.run = run

    def kill(self, why: str) -> None:
        self.run.cancel()

    def rss(self) -> int:
        return 0  # the work runs in the database, not in this process


def run_sql_group(step: StepRun, *, record: StepRecorder, hard_stop: bool = False) -> GroupOutcome:
    execution = step.execution
    graph, plan = graph_and_plan(execution)
    group = plan.groups[step.group]
    started = time.monotonic()
    with StepMonitor(step, expected_duration(step), record=record, hard_stop=hard_stop) as monitor:
        ctx = node_context(execution, step.node_key, attempt=step.attempt)
        context = {
            "get_connection": ctx.get_connection,
            "file_access": ctx.file_access,
            "data_root": ctx.data_root,
            "params": ctx.params,
        }
        spark = execution.backend == "spark"
        if spark:  # the run's Spark connection (its params: the start checked the user may use it)
            value = (ctx.params or {}).get(SPARK_CONNECTION_PARAM)
            context["spark_connection"] = value if isinstance(value, str) else None
        try:
            compiled = compile_graph(graph, context=context)
        except GraphDoesNotCompile as exc:  # the world changed since the start's validation
            first = exc.problems[0]
            raise NodeError(f"{first.node}: {first.message}", code=first.code, retryable=False) from None
        run = (SparkRun if spark else SqlRun)(
            compiled,
            context=context,
            stage_id=ctx.stage_id,
            # check_history: the checks' baselines and schema drift read the node's last runs, as on Polars.
            context_for=lambda key: node_context(
                execution, key, attempt=step.attempt, check_history=check_history_for(execution, key)
            ),
        )
        statement = _Statement(run)
        monitor.attach(statement)
        try:
            nodes = run.run()
        except SqlRunCancelled:
            raise StepCancelled() from None
        finally:
            monitor.detach(statement)
        monitor.check()
    outcomes: dict[str, NodeOutcome] = {}
    for key in group.members:
        done = nodes.get(key)
        outcome = NodeOutcome()
        edges = plan.incoming.get(key, [])
        read = [nodes[e.source].rows.get(e.source_port) for e in edges if e.source in nodes]
        outcome.rows_in = sum(r for r in read if r is not None) if edges else None
        if done is not None:
            outcome.output_rows = dict(done.rows)
            outcome.rows_out = sum(done.rows.values()) if done.rows else None
            outcome.receipt = done.receipt
            outcome.report = {**done.report, "sql_seconds": round(done.seconds, 3), "backend": execution.backend}
            if done.receipt is not None:
                outcome.rows_out = done.receipt.get("rows", outcome.rows_in)
        outcomes[key] = outcome
    return GroupOutcome(
        nodes=outcomes,
        duration_ms=int((time.monotonic() - started) * 1000),
        cpu_seconds=monitor.cpu_seconds,
        peak_rss_bytes=monitor.peak_rss,
    )
