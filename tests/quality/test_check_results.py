"""Check results and per-rule severity in quality results and issues; the history baselines are made of
(successful runs only, newest first, at most N); quality.validate's own checks."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest
from django.utils import timezone

from executions.engine.baselines import check_measurements
from executions.models import Execution, StepRun
from notifications.models import Event
from pipelines.nodes.base import BuildContext, NodeError
from pipelines.nodes.quality import QualityConfig, Validate
from quality.models import QualityIssue, QualityResult
from quality.services.results import quality_results_record
from tests.quality.seeding import seed_run

pytestmark = pytest.mark.django_db


def _check(name: str, value, *, passed: bool = True, action: str = "block", severity: str = "critical", **extra):
    entry = {"name": name, "type": name.split("(")[0], "action": action, "severity": severity, "value": value}
    entry.update(passed=passed, status="passed" if passed else ("blocked" if action == "block" else "warning"))
    if not passed:
        entry["message"] = f"check {name} = {value} > max"
    return {**entry, **extra}


def _destination_run(pipeline, *, at, checks, status="succeeded", node_key="dst", **report):
    execution = seed_run(pipeline, at=at, failures={}, status=status)
    StepRun.objects.create(
        execution=execution,
        node_key=node_key,
        node_type="destination.file",
        group=node_key,
        status="failed" if status == "failed" else "succeeded",
        report={"rows": 50, "checks": checks, "checks_of": node_key, **report},
    )
    return execution


def test_checks_become_results_and_issues_with_their_severity(pipeline):
    at = timezone.now() - timedelta(hours=1)
    baseline = {"method": "mad", "runs": 5, "center": 0.02, "spread": 0.004, "low": 0.008, "high": 0.032}
    execution = _destination_run(
        pipeline,
        at=at,
        status="failed",
        checks=[
            _check("null_rate(email)", 0.31, passed=False, baseline=baseline, column="email"),
            _check("distinct_count(country)", 7, passed=False, action="warn", severity="warning"),
            _check("row_count", 50),
            _check("schema_drift", {"id": "Int64"}, drift={"added": ["x"], "removed": [], "changed": {}}),
        ],
    )
    quality_results_record(execution_id=execution.pk)
    results = {r.rule: r for r in QualityResult.objects.filter(execution=execution, kind="check")}
    blocked = results["null_rate(email)"]
    assert (blocked.node_key, blocked.passed, blocked.action, blocked.severity, blocked.value) == (
        "dst",
        False,
        "block",
        "critical",
        0.31,
    )
    assert (blocked.failure_rate, blocked.failed_rows, blocked.rows_checked) == (1.0, 0, 50)
    assert blocked.details == {"column": "email", "status": "blocked", "baseline": baseline}
    assert results["distinct_count(country)"].details["status"] == "warning"
    assert results["row_count"].passed and results["row_count"].failure_rate == 0.0
    drift = results["schema_drift"]
    assert (
        drift.value is None and drift.details["schema"] == {"id": "Int64"} and drift.details["drift"]["added"] == ["x"]
    )
    issues = {i.rule: i for i in QualityIssue.objects.filter(pipeline=pipeline)}
    assert set(issues) == {"null_rate(email)", "distinct_count(country)"}
    assert (issues["null_rate(email)"].severity, issues["null_rate(email)"].rule_severity) == ("critical", "critical")
    assert (issues["distinct_count(country)"].severity, issues["distinct_count(country)"].rule_severity) == (
        "medium",
        "warning",
    )
    opened = Event.objects.filter(type="quality.issue_opened", topic=f"pipeline:{pipeline.pk}")
    assert sorted(e.data["rule_severity"] for e in opened) == ["critical", "warning"]


def test_a_fused_groups_copied_report_is_recorded_once(pipeline):
    execution = _destination_run(pipeline, at=timezone.now(), checks=[_check("row_count", 3, passed=False)])
    StepRun.objects.create(  # the group's head got the same report when the group failed
        execution=execution,
        node_key="head",
        node_type="source.file",
        group="dst",
        status="failed",
        report={"rows": 50, "checks": [_check("row_count", 3, passed=False)], "checks_of": "dst"},
    )
    quality_results_record(execution_id=execution.pk)
    assert list(QualityResult.objects.filter(kind="check").values_list("node_key", flat=True)) == ["dst"]


def test_a_rules_declared_severity_sets_its_issue_and_follows_it(pipeline):
    now = timezone.now()
    first = seed_run(pipeline, at=now - timedelta(minutes=3), rows=1000, failures={"id_present": 600})
    StepRun.objects.filter(execution=first, node_key="check").update(
        report={
            "rows": 1000,
            "on_failure": "reject",
            "rules": [{"name": "id_present", "type": "not_null", "failed": 600, "severity": "info"}],
        }
    )
    quality_results_record(execution_id=first.pk)
    result = QualityResult.objects.get(execution=first)
    assert (result.kind, result.severity, result.failure_rate) == ("rule", "info", 0.6)
    issue = QualityIssue.objects.get(pipeline=pipeline)
    assert (issue.severity, issue.rule_severity) == ("low", "info")  # declared info, though 60 % fail
    second = seed_run(pipeline, at=now - timedelta(minutes=1), rows=1000, failures={"id_present": 1})
    StepRun.objects.filter(execution=second, node_key="check").update(
        report={
            "rows": 1000,
            "on_failure": "reject",
            "rules": [{"name": "id_present", "type": "not_null", "failed": 1, "severity": "critical"}],
        }
    )
    quality_results_record(execution_id=second.pk)
    issue.refresh_from_db()
    assert (issue.severity, issue.rule_severity, issue.affected_runs) == ("critical", "critical", 2)
    # without a declared severity: the failure-rate bands as before (0.6 → critical)
    third = seed_run(pipeline, at=now, rows=1000, failures={"amount_positive": 600})
    quality_results_record(execution_id=third.pk)
    other = QualityIssue.objects.get(pipeline=pipeline, rule="amount_positive")
    assert (other.severity, other.rule_severity) == ("critical", "")


def test_the_history_is_successful_runs_only_newest_first_at_most_n(pipeline):
    now = timezone.now()
    values = [0.010, 0.020, 0.030, 0.040, 0.050]
    for i, value in enumerate(values):  # oldest first
        _destination_run(pipeline, at=now - timedelta(minutes=10 - i), checks=[_check("null_rate(email)", value)])
    _destination_run(pipeline, at=now - timedelta(minutes=4), status="failed", checks=[_check("null_rate(email)", 0.9)])
    reused = _destination_run(
        pipeline, at=now - timedelta(minutes=3), checks=[_check("null_rate(email)", 0.8)], reused_from_execution=1
    )
    _destination_run(
        pipeline, at=now - timedelta(minutes=2), node_key="other", checks=[_check("null_rate(email)", 0.7)]
    )
    running = Execution.objects.create(pipeline=pipeline, version=pipeline.current_version, status="running")
    history = check_measurements(
        pipeline_id=pipeline.pk, node_key="dst", name="null_rate(email)", runs=3, exclude=running.pk
    )
    assert history == [0.050, 0.040, 0.030]
    assert check_measurements(pipeline_id=pipeline.pk, node_key="dst", name="null_rate(email)", runs=50) == [
        *reversed(values)
    ]
    assert check_measurements(pipeline_id=pipeline.pk, node_key="dst", name="row_count", runs=5) == []
    assert reused.status == "succeeded"


def test_validate_runs_its_checks_and_a_blocking_one_fails_the_step():
    frame = pl.LazyFrame({"id": [1, 2, 3, None], "email": ["a", None, None, "d"]})
    config = QualityConfig.model_validate(
        {
            "rules": [{"name": "id_present", "type": "not_null", "columns": ["id"], "severity": "warning"}],
            "on_failure": "reject",
            "checks": [
                {"type": "null_rate", "column": "email", "max": 0.25},
                {"type": "row_count", "min": 1, "action": "warn"},
            ],
        }
    )
    ctx = BuildContext(node_key="check", check_history=lambda name, runs: [])
    with pytest.raises(NodeError) as caught:
        Validate().execute(ctx, config, {"in": frame})
    assert caught.value.code == "check_blocked"
    assert "check null_rate(email) = 0.5 > max 0.25" in caught.value.message
    report = caught.value.report
    assert report["rules"][0] == {
        "name": "id_present",
        "type": "not_null",
        "severity": "warning",
        "passed": 3,
        "failed": 1,
        "sample": [{"id": None, "email": "d"}],
        "message": "1 of 4 rows fail",
    }
    assert [c["status"] for c in report["checks"]] == ["blocked", "passed"]
    lenient = QualityConfig.model_validate(
        {
            "rules": config.model_dump()["rules"],
            "on_failure": "reject",
            "checks": [{"type": "row_count", "max": 2, "action": "warn"}],
        }
    )
    ctx = BuildContext(node_key="check")
    out = Validate().execute(ctx, lenient, {"in": frame})
    assert out["out"].collect().height == 3
    assert ctx.report["checks"][0]["status"] == "warning" and ctx.report["checks"][0]["value"] == 4


def test_the_runs_quality_page_shows_checks_with_their_baseline(pipeline, owner, client):
    baseline = {"method": "mad", "runs": 5, "center": 0.02, "spread": 0.004, "low": 0.008, "high": 0.032}
    execution = _destination_run(
        pipeline,
        at=timezone.now(),
        status="failed",
        checks=[
            _check("null_rate(email)", 0.31, passed=False, baseline=baseline, column="email"),
            _check("distinct_count(country)", 7, passed=False, action="warn", severity="warning"),
        ],
    )
    quality_results_record(execution_id=execution.pk)
    client.force_login(owner)
    page = client.get(f"/quality/executions/{execution.pk}/").content.decode()
    assert "Blocked the publish" in page and "Warning" in page
    assert "value 0.31 · action block · 50 rows · check null_rate(email) = 0.31 &gt; max" in page
    assert "Baseline (mad, last 5 successful runs): center 0.02, spread 0.004, allowed 0.008 to 0.032." in page
    issue = QualityIssue.objects.get(pipeline=pipeline, rule="null_rate(email)")
    assert "(declared critical)" in client.get(f"/quality/issues/{issue.pk}/").content.decode()


def test_validation_points_at_a_checks_missing_or_mistyped_column(settings):
    from pathlib import Path

    from pipelines.graph import parse_graph_document
    from pipelines.validation import validate_graph

    (Path(settings.DATA_ROOT) / "people.csv").write_text("id,email,seen\n1,a@x.org,2026-01-01\n")
    graph = {
        "nodes": [
            {"key": "src", "type": "source.file", "config": {"path": "people.csv"}},
            {
                "key": "dst",
                "type": "destination.file",
                "config": {
                    "path": "out/people.parquet",
                    "checks": [
                        {"type": "null_rate", "column": "emial", "max": 0.1},
                        {"type": "freshness", "column": "email", "max": 60},
                    ],
                },
            },
        ],
        "edges": [{"source": "src", "target": "dst"}],
    }
    problems = validate_graph(parse_graph_document(graph)).problems
    assert [(p.node, p.field) for p in problems] == [("dst", "config.checks.0.column")]
    assert "emial" in problems[0].message
    graph["nodes"][1]["config"]["checks"].pop(0)
    (problem,) = validate_graph(parse_graph_document(graph)).problems
    assert problem.field == "config.checks.0.column" and "freshness needs a date or timestamp" in problem.message
