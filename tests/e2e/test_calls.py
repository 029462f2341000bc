"""pipeline.call on a real Celery worker (2 slots): a caller maps its source into a called pipeline that
filters and derives, and writes the result through its own destination; cancels reach the child; more
calling runs than worker slots all finish (the calling step never waits for another slot)."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest
from django.conf import settings

from executions.models import Execution
from executions.services import execution_cancel, execution_start
from executions.services.watchdog import watchdog_sweep
from pipelines import services
from pipelines.graph import parse_graph_document
from tests.e2e.conftest import versioned_pipeline, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("celery")]

ORDERS = pl.DataFrame(
    {
        "id": [1, 2, 3, 4, 5, 6],
        "customer": ["ana", "bo", "chloé", "dan", None, "eve"],
        "amount": [10.0, -3.0, 25.5, 7.25, 12.0, 100.0],
        "qty": [1, 2, 3, 1, 2, 4],
    }
)


def saved(user, name: str, graph: dict):
    pipeline = services.pipeline_create(user=user, name=name, graph=parse_graph_document(graph))
    services.pipeline_version_create(pipeline=pipeline, user=user)
    pipeline.refresh_from_db()
    return pipeline


def finished(execution):
    def check():
        execution.refresh_from_db()
        return execution.is_finished

    return check


def test_caller_feeds_a_called_pipeline_and_writes_its_result(on_celery, operator):
    root = Path(settings.DATA_ROOT)
    ORDERS.head(1).write_csv(root / "sample_orders.csv")  # what the called pipeline reads on its own
    ORDERS.write_csv(root / "orders.csv")
    called = saved(
        operator,
        "Clean orders",
        {
            "nodes": [
                {"key": "orders", "type": "source.file", "config": {"path": "sample_orders.csv"}},
                {"key": "positive", "type": "transform.filter", "config": {"condition": "amount > 0"}},
                {
                    "key": "total",
                    "type": "transform.map",
                    "config": {"derive": [{"name": "total", "expr": "amount * qty"}]},
                },
                {"key": "out", "type": "destination.file", "config": {"path": "out/called_own.csv", "format": "csv"}},
            ],
            "edges": [
                {"source": "orders", "target": "positive"},
                {"source": "positive", "target": "total"},
                {"source": "total", "target": "out"},
            ],
        },
    )
    caller = saved(
        operator,
        "Orders via the cleaner",
        {
            "nodes": [
                {"key": "read", "type": "source.file", "config": {"path": "orders.csv"}},
                {
                    "key": "clean",
                    "type": "pipeline.call",
                    "config": {"pipeline": called.pk, "inputs": {"in": "orders"}, "outputs": {"out": "total"}},
                },
                {"key": "big", "type": "transform.filter", "config": {"condition": "total >= 10"}},
                {"key": "write", "type": "destination.file", "config": {"path": "out/result.csv", "format": "csv"}},
            ],
            "edges": [
                {"source": "read", "target": "clean"},
                {"source": "clean", "target": "big"},
                {"source": "big", "target": "write"},
            ],
        },
    )
    execution = execution_start(pipeline=caller, user=operator)
    wait_for(finished(execution), timeout=120, what="the calling execution")
    assert execution.status == "succeeded", execution.error
    result = pl.read_csv(root / "out" / "result.csv").sort("id")
    # amount > 0 (the called filter), total = amount * qty (the called map), total >= 10 (the caller)
    assert result["id"].to_list() == [1, 3, 5, 6]
    assert result["total"].to_list() == [10.0, 76.5, 24.0, 400.0]
    assert not (root / "out" / "called_own.csv").exists()  # the called destination did not write
    step = execution.steps.get(node_key="clean")
    child = Execution.objects.get(parent_step=step)
    assert child.status == "succeeded" and child.trigger == "call" and child.rows_in == 6
    assert step.rows_in == 6 and step.rows_out == 5 and step.worker
    child_steps = {s.node_key: s for s in child.steps.all()}
    assert child_steps["positive"].rows_out == 5 and child_steps["total"].rows_out == 5
    assert child_steps["out"].status == "skipped" and child_steps["orders"].report["replaced_by"] == "clean.in"
    assert step.duration_ms >= child_steps["total"].duration_ms


def test_more_calling_runs_than_worker_slots_all_finish(on_celery, operator):
    called = versioned_pipeline(
        operator,
        [
            {"key": "numbers", "type": "e2e.numbers", "config": {"n": 10}},
            {"key": "nap", "type": "e2e.sleep", "config": {"seconds": 1}},
            {"key": "sink", "type": "e2e.sink", "config": {"name": "called_own"}},
        ],
        name="napper",
    )
    callers = [
        versioned_pipeline(
            operator,
            [
                {"key": "numbers", "type": "e2e.numbers", "config": {"n": 100 + i}},
                {
                    "key": "call",
                    "type": "pipeline.call",
                    "config": {"pipeline": called.pk, "inputs": {"in": "numbers"}, "outputs": {"out": "nap"}},
                },
                {"key": "sink", "type": "e2e.sink", "config": {"name": f"calls_{i}"}},
            ],
            name=f"caller {i}",
        )
        for i in range(4)
    ]
    executions = [execution_start(pipeline=p, user=operator) for p in callers]
    for execution in executions:
        wait_for(finished(execution), timeout=120, what=f"execution {execution.pk}")
    assert {e.status for e in executions} == {"succeeded"}, [e.error for e in executions]
    for i in range(4):
        assert pl.read_parquet(Path(settings.DATA_ROOT) / f"calls_{i}.parquet").height == 100 + i
    assert Execution.objects.filter(trigger="call", status="succeeded").count() == 4


def test_cancel_of_the_parent_cancels_the_running_child(on_celery, operator):
    called = versioned_pipeline(
        operator,
        [
            {"key": "numbers", "type": "e2e.numbers", "config": {"n": 10}},
            {"key": "nap", "type": "e2e.sleep", "config": {"seconds": 60}},
            {"key": "sink", "type": "e2e.sink", "config": {"name": "never"}},
        ],
        name="long nap",
    )
    caller = versioned_pipeline(
        operator,
        [
            {"key": "numbers", "type": "e2e.numbers", "config": {"n": 10}},
            {
                "key": "call",
                "type": "pipeline.call",
                "config": {"pipeline": called.pk, "inputs": {"in": "numbers"}, "outputs": {"out": "nap"}},
            },
            {"key": "sink", "type": "e2e.sink", "config": {"name": "cancelled_call"}},
        ],
        name="caller",
    )
    execution = execution_start(pipeline=caller, user=operator)
    child = wait_for(
        lambda: Execution.objects.filter(
            parent_step__execution=execution, steps__node_key="nap", steps__status="running"
        ).first(),
        timeout=60,
        what="the called nap to start",
    )
    asked = time.monotonic()
    execution_cancel(execution=execution, by=operator)
    wait_for(finished(execution), timeout=30, what="the cancel")
    assert time.monotonic() - asked < 15
    assert execution.status == "cancelled"
    assert execution.steps.get(node_key="call").status == "cancelled"
    wait_for(finished(child), timeout=10, what="the child to end")
    assert child.status == "cancelled"
    assert child.steps.get(node_key="nap").status == "cancelled"
    assert not (Path(settings.DATA_ROOT) / "cancelled_call.parquet").exists()


def test_a_worker_killed_during_a_call_is_recovered(on_celery, operator):
    """The calling step's heartbeat stops with its worker; the watchdog requeues the calling step (never the
    child's steps on their own), and its second attempt cancels the stale child and makes a new one."""
    called = versioned_pipeline(
        operator,
        [
            {"key": "numbers", "type": "e2e.numbers", "config": {"n": 10}},
            {"key": "nap", "type": "e2e.sleep", "config": {"seconds": 3}},
            {"key": "sink", "type": "e2e.sink", "config": {"name": "never"}},
        ],
        name="napper",
    )
    caller = versioned_pipeline(
        operator,
        [
            {"key": "numbers", "type": "e2e.numbers", "config": {"n": 500}},
            {
                "key": "call",
                "type": "pipeline.call",
                "config": {"pipeline": called.pk, "inputs": {"in": "numbers"}, "outputs": {"out": "nap"}},
            },
            {"key": "sink", "type": "e2e.sink", "config": {"name": "recovered_call"}},
        ],
        name="caller",
    )
    execution = execution_start(pipeline=caller, user=operator)
    first = wait_for(
        lambda: Execution.objects.filter(
            parent_step__execution=execution, steps__node_key="nap", steps__status="running"
        ).first(),
        timeout=60,
        what="the called nap to start",
    )
    time.sleep(0.5)
    on_celery.kill()
    on_celery.start()
    wait_for(
        lambda: watchdog_sweep(stale_after=timedelta(seconds=2)).get("stale"),
        timeout=30,
        what="the watchdog to requeue the calling step",
    )
    wait_for(finished(execution), timeout=60, what="the recovered execution")
    assert execution.status == "succeeded", execution.error
    call = execution.steps.get(node_key="call")
    assert call.attempt == 2
    first.refresh_from_db()
    assert first.status == "cancelled"
    second = Execution.objects.filter(parent_step=call).exclude(pk=first.pk).get()
    assert second.status == "succeeded"
    data = pl.read_parquet(Path(settings.DATA_ROOT) / "recovered_call.parquet")
    assert data.height == 500 and data["i"].n_unique() == 500
