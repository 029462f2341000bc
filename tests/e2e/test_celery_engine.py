"""The engine on a real Celery worker process: runs, cancel, a SIGKILLed worker, concurrency."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest
from django.conf import settings

from executions.models import Execution, StepRun
from executions.services import execution_cancel, execution_start
from executions.services.watchdog import watchdog_sweep
from tests.e2e.conftest import versioned_pipeline, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("celery")]


def linear(name: str, n: int, sleep: float = 0.0) -> list[dict]:
    nodes = [{"key": "numbers", "type": "e2e.numbers", "config": {"n": n}}]
    if sleep:
        nodes.append({"key": "nap", "type": "e2e.sleep", "config": {"seconds": sleep}})
    nodes.append({"key": "sink", "type": "e2e.sink", "config": {"name": name}})
    return nodes


def make(user, nodes, **fields):
    return versioned_pipeline(user, nodes, **fields)


def finished(execution):
    def check():
        execution.refresh_from_db()
        return execution.is_finished

    return check


def target(name: str) -> pl.DataFrame:
    return pl.read_parquet(Path(settings.DATA_ROOT) / f"{name}.parquet")


def test_run_on_a_worker(on_celery, operator):
    pipeline = make(operator, linear("basic", 1000))
    execution = execution_start(pipeline=pipeline, user=operator)
    wait_for(finished(execution), timeout=60, what="the execution")
    assert execution.status == "succeeded", execution.error
    step = execution.steps.get(node_key="numbers")
    assert step.worker.split(":")[0] and step.attempt == 1 and step.cpu_seconds is not None
    assert target("basic")["i"].to_list() == list(range(1000))


def test_cancel_stops_a_running_step_within_seconds(on_celery, operator):
    pipeline = make(operator, linear("cancelled", 10, sleep=60))
    execution = execution_start(pipeline=pipeline, user=operator)
    wait_for(lambda: execution.steps.filter(status="running").exists(), what="the step to start")
    asked = time.monotonic()
    execution_cancel(execution=execution, by=operator)
    wait_for(finished(execution), timeout=20, what="the cancel")
    assert time.monotonic() - asked < 10
    assert execution.status == "cancelled"
    assert set(execution.steps.values_list("status", flat=True)) == {"cancelled"}
    assert not (Path(settings.DATA_ROOT) / "cancelled.parquet").exists()
    assert not list(Path(settings.DATA_ROOT).glob(".cancelled.*"))


def test_sigkilled_worker_is_recovered_by_the_watchdog(on_celery, operator, settings):
    pipeline = make(operator, linear("killed", 5000, sleep=3))
    execution = execution_start(pipeline=pipeline, user=operator)
    wait_for(lambda: execution.steps.filter(node_key="numbers", status="running").exists(), what="the step to start")
    time.sleep(0.5)
    on_celery.kill()
    on_celery.start()
    # The dead attempt stops heart-beating; the watchdog requeues it as attempt 2.
    wait_for(
        lambda: watchdog_sweep(stale_after=timedelta(seconds=2)).get("stale"),
        timeout=30,
        what="the watchdog to requeue the step",
    )
    wait_for(finished(execution), timeout=60, what="the recovered execution")
    assert execution.status == "succeeded", execution.error
    assert execution.steps.get(node_key="numbers").attempt == 2
    data = target("killed")
    assert data.height == 5000 and data["i"].n_unique() == 5000  # no partial, no duplicate rows


def test_twenty_executions_of_five_pipelines(on_celery, operator):
    pipelines = [
        make(operator, linear(f"conc_{i}", 1000 * (i + 1)), name=f"conc {i}", concurrency_limit=2) for i in range(5)
    ]
    executions = [execution_start(pipeline=p, user=operator) for p in pipelines for _ in range(4)]
    for execution in executions:
        wait_for(finished(execution), timeout=120, what=f"execution {execution.pk}")
    assert {e.status for e in executions} == {"succeeded"}
    for i in range(5):
        assert target(f"conc_{i}")["i"].to_list() == list(range(1000 * (i + 1)))
    assert StepRun.objects.filter(execution__in=executions, attempt__gt=1).count() == 0
    assert Execution.objects.filter(pk__in=[e.pk for e in executions], started_at__isnull=True).count() == 0


def test_the_worker_reports_itself_online(on_celery):
    from monitoring.models import Worker

    on_celery.stop()  # an earlier test's flush may have removed its first report: start afresh
    on_celery.start()
    worker = wait_for(
        lambda: Worker.objects.filter(name__startswith=on_celery.queue, status="online").first(),
        timeout=30,
        what="the worker's heartbeat",
    )
    assert worker.pid > 0 and on_celery.queue in worker.queues
