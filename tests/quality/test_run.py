"""A real run on the local executor (the embedded mode's thread pool): the quality node's report becomes
results and an issue when the run finishes, through executions.hooks."""

from __future__ import annotations

import time

import pytest

from executions.models import Execution
from executions.services import execution_start
from quality.models import QualityIssue, QualityResult
from tests.local_pool import close_local_pool
from tests.quality.seeding import GRAPH, quality_pipeline

pytestmark = pytest.mark.django_db(transaction=True)


def _wait(execution: Execution, timeout: float = 60.0) -> Execution:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        execution.refresh_from_db()
        if execution.is_finished and QualityResult.objects.filter(execution=execution).exists():
            return execution
        time.sleep(0.2)
    raise AssertionError(f"run #{execution.pk} did not finish with results: {execution.status}")


@pytest.fixture
def local_executor(settings):
    settings.SLUICE_EXECUTOR = "local"
    settings.SLUICE_HEARTBEAT_SECONDS = 0.2
    yield
    close_local_pool()


def test_a_run_records_its_rule_results(local_executor, owner):
    # in.csv: id,amount — 1,5 / (null),3 / 3,-2 / 4,7: one null id, one negative amount.
    pipeline = quality_pipeline(owner)
    execution = _wait(execution_start(pipeline=pipeline, user=owner))
    assert execution.status == "succeeded"  # reject mode: the bad rows go to the rejected port
    results = {r.rule: r for r in QualityResult.objects.filter(execution=execution)}
    assert set(results) == {"id_present", "amount_positive"}
    for rule in ("id_present", "amount_positive"):
        assert (results[rule].rows_checked, results[rule].failed_rows, results[rule].passed) == (4, 1, False)
        assert results[rule].failure_rate == pytest.approx(0.25)
    assert results["amount_positive"].sample == [{"id": 3, "amount": -2}]
    assert results["id_present"].sample == [{"id": None, "amount": 3}]
    issues = QualityIssue.objects.filter(pipeline=pipeline).order_by("rule")
    assert [(i.rule, i.status, i.severity, i.affected_rows) for i in issues] == [
        ("amount_positive", "failing", "high", 1),
        ("id_present", "failing", "high", 1),
    ]


def test_a_failing_blocking_run_records_its_results_too(local_executor, owner):
    graph = {**GRAPH, "nodes": [dict(n) for n in GRAPH["nodes"]]}
    graph["nodes"][1] = {**graph["nodes"][1], "config": {**graph["nodes"][1]["config"], "on_failure": "fail"}}
    pipeline = quality_pipeline(owner, name="Blocking", graph=graph)
    execution = _wait(execution_start(pipeline=pipeline, user=owner))
    assert execution.status == "failed"
    assert QualityResult.objects.filter(execution=execution, passed=False).count() == 2
