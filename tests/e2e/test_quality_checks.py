"""Checks of the data evaluated during the run block the publish, on a real Celery worker (issue 17):
four good runs of a file destination make a baseline of its null rate, a fifth run whose null rate is far
above it fails before publishing (the target file is still the fourth run's, the run and its step say
why, with the figures), a warn check lets every run succeed and records its warning, and the next good run
judges itself against the successful runs only."""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from django.conf import settings
from django.test import Client

from executions.models import Execution, StepRun
from executions.services import execution_start
from notifications.models import Event
from pipelines import services
from pipelines.graph import parse_graph_document
from quality.models import QualityIssue, QualityResult
from tests.e2e.conftest import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("celery")]
ROWS = 2000
TARGET = "quality-checks/checked_customers.parquet"  # a folder of its own: other e2e tests write to out/


def _customers(null_share: float, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    missing = rng.random(ROWS) < null_share
    return pl.DataFrame(
        {
            "id": np.arange(ROWS),
            "email": [None if m else f"c{i}@example.org" for i, m in enumerate(missing)],
            "country": rng.choice(["fr", "de", "es", "it", "pt"], ROWS),
        }
    )


GRAPH = {
    "nodes": [
        {"key": "read", "type": "source.file", "config": {"path": "customers.csv"}},
        {
            "key": "publish",
            "type": "destination.file",
            "config": {
                "path": TARGET,
                "checks": [
                    {
                        "type": "null_rate",
                        "column": "email",
                        "baseline": {"method": "mad", "runs": 10, "min_runs": 3, "threshold": 3, "direction": "above"},
                    },
                    {"type": "row_count", "min": 1},
                    {"type": "distinct_count", "column": "country", "max": 3, "action": "warn"},
                ],
            },
        },
    ],
    "edges": [{"source": "read", "target": "publish"}],
}


def _run(pipeline, operator, frame: pl.DataFrame) -> Execution:
    frame.write_csv(Path(settings.DATA_ROOT) / "customers.csv")
    execution = execution_start(pipeline=pipeline, user=operator)

    def recorded():
        execution.refresh_from_db()
        return execution.is_finished and QualityResult.objects.filter(execution=execution).exists()

    wait_for(recorded, timeout=120, what=f"run #{execution.pk} and its quality results")
    return execution


def test_a_check_above_its_baseline_blocks_the_publish(on_celery, operator):
    _customers(0.02, 0).write_csv(Path(settings.DATA_ROOT) / "customers.csv")  # validation reads its header
    pipeline = services.pipeline_create(user=operator, name="checked", graph=parse_graph_document(GRAPH))
    services.pipeline_version_create(pipeline=pipeline, user=operator)
    pipeline.refresh_from_db()
    target = Path(settings.DATA_ROOT) / TARGET

    good_rates = []
    for seed in range(4):
        frame = _customers(0.02, seed)
        execution = _run(pipeline, operator, frame)
        assert execution.status == "succeeded", execution.error
        good_rates.append(frame["email"].null_count() / ROWS)
        assert pl.read_parquet(target).equals(frame)
    published = pl.read_parquet(target)

    bad = _customers(0.31, 99)
    bad_rate = bad["email"].null_count() / ROWS
    execution = _run(pipeline, operator, bad)
    assert execution.status == "failed"
    # The destination is unchanged: still the fourth run's rows, and no staging file left beside it.
    assert pl.read_parquet(target).equals(published)
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]

    # Why, with figures computed here: median and MAD of the four good runs' null rates.
    median = float(np.median(good_rates))
    mad = float(np.median(np.abs(np.array(good_rates) - median)))
    high = median + 3 * mad
    reason = (
        "Publish refused by the checks of publish: "
        f"check null_rate(email) = {bad_rate:.4g} > baseline {median:.4g} + 3·MAD ({mad:.4g}) = {high:.4g} "
        "(median of the last 4 successful runs)."
    )
    # read and publish ran as one fused step: its head's row carries the group's error
    step = StepRun.objects.get(execution=execution, node_key="read")
    assert (step.status, step.error) == ("failed", reason)
    assert StepRun.objects.get(execution=execution, node_key="publish").report["checks"][0]["status"] == "blocked"
    assert execution.error == f"read: {reason}"
    failed_event = Event.objects.get(topic=f"execution:{execution.pk}", type="step.failed")
    assert failed_event.data["error"] == reason
    client = Client()
    client.force_login(operator)
    page = client.get(f"/executions/{execution.pk}/")
    assert page.status_code == 200 and reason in html.unescape(page.content.decode())

    # The results: the blocked check, the warning of every run, issues with the checks' severities.
    blocked = QualityResult.objects.get(execution=execution, rule="null_rate(email)")
    assert (blocked.kind, blocked.passed, blocked.action, blocked.severity) == ("check", False, "block", "critical")
    assert blocked.value == pytest.approx(bad_rate)
    assert blocked.details["baseline"]["center"] == pytest.approx(median)
    assert blocked.details["baseline"]["spread"] == pytest.approx(mad)
    assert blocked.details["status"] == "blocked"
    warnings = QualityResult.objects.filter(rule="distinct_count(country)").order_by("run_at")
    assert [(w.passed, w.action, w.value, w.details["status"]) for w in warnings] == [
        (False, "warn", 5.0, "warning")
    ] * 5
    issues = {i.rule: i for i in QualityIssue.objects.filter(pipeline=pipeline)}
    assert set(issues) == {"null_rate(email)", "distinct_count(country)"}
    assert (issues["null_rate(email)"].severity, issues["null_rate(email)"].rule_severity) == ("critical", "critical")
    assert (issues["distinct_count(country)"].severity, issues["distinct_count(country)"].affected_runs) == (
        "medium",
        5,
    )

    # A good run again: judged against the four successful runs only (not the blocked one), and published.
    again = _customers(0.02, 7)
    execution = _run(pipeline, operator, again)
    assert execution.status == "succeeded", execution.error
    assert pl.read_parquet(target).equals(again)
    judged = QualityResult.objects.get(execution=execution, rule="null_rate(email)")
    assert judged.passed and judged.details["baseline"]["runs"] == 4
    assert judged.details["baseline"]["center"] == pytest.approx(median)
