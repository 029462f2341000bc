"""Recording the results of a finished run: figures, idempotency, masking, reuse, retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from pipelines.services import connection_create
from quality.models import QualityIssue, QualityResult
from quality.services.results import quality_results_record
from quality.services.retention import quality_results_cleanup
from tests.quality.seeding import seed_run

pytestmark = pytest.mark.django_db


def test_one_result_per_rule_with_its_figures(pipeline):
    at = timezone.now()
    execution = seed_run(pipeline, at=at, rows=80, failures={"id_present": 0, "amount_positive": 12, "row_count": 1})
    quality_results_record(execution_id=execution.pk)
    results = {r.rule: r for r in QualityResult.objects.filter(execution=execution)}
    assert set(results) == {"id_present", "amount_positive", "row_count"}
    amount = results["amount_positive"]
    assert (amount.rows_checked, amount.failed_rows, amount.passed) == (80, 12, False)
    assert amount.failure_rate == pytest.approx(12 / 80)
    assert amount.pipeline_id == pipeline.pk and amount.node_key == "check"
    assert amount.version_number == pipeline.current_version.number
    assert amount.run_at == at
    assert results["id_present"].passed and results["id_present"].failure_rate == 0
    # A whole-frame rule fails the data as a whole: no failing rows, a rate of 1.
    row_count = results["row_count"]
    assert (row_count.passed, row_count.failed_rows, row_count.failure_rate) == (False, 0, 1.0)


def test_recording_twice_adds_nothing(pipeline):
    execution = seed_run(pipeline, at=timezone.now(), failures={"id_present": 3, "amount_positive": 0})
    first = quality_results_record(execution_id=execution.pk)
    assert len(first) == 2
    issue = QualityIssue.objects.get(rule="id_present")
    assert quality_results_record(execution_id=execution.pk) == []
    assert QualityResult.objects.filter(execution=execution).count() == 2
    issue.refresh_from_db()
    assert (issue.affected_runs, issue.affected_rows) == (1, 3)
    assert issue.entries.count() == 1


def test_unfinished_runs_steps_without_reports_and_reused_steps_record_nothing(pipeline):
    running = seed_run(pipeline, at=timezone.now(), failures={"id_present": 1}, status="running")
    assert quality_results_record(execution_id=running.pk) == []
    reused = seed_run(
        pipeline, at=timezone.now(), failures={"id_present": 1}, extra_report={"reused_from_execution": 1}
    )
    assert quality_results_record(execution_id=reused.pk) == []
    assert quality_results_record(execution_id=999_999_999) == []
    assert not QualityResult.objects.exists()


def test_samples_have_secrets_masked(pipeline, owner):
    connection_create(
        user=owner,
        name="warehouse",
        kind="postgresql",
        config={"host": "db.internal.example", "port": 5432, "database": "sales", "user": "etl_user"},
        secrets={"password": "hunter2-very-secret"},
    )
    graph = pipeline.current_version.graph
    graph["nodes"][0]["config"]["connection"] = "warehouse"  # the run's graph names the connection
    pipeline.current_version.graph = graph
    pipeline.current_version.save(update_fields=["graph"], force_allow_update=True)
    sample = [
        {
            "id": None,
            "note": "copied from postgres://etl_user:hunter2-very-secret@db.internal.example/sales",
            "api_token": "tok_abcdef",
            "host": "seen on db.internal.example and 10.0.0.7",
            "amount": 5,
        }
    ]
    execution = seed_run(pipeline, at=timezone.now(), failures={"id_present": 1}, samples={"id_present": sample})
    quality_results_record(execution_id=execution.pk)
    (row,) = QualityResult.objects.get(rule="id_present").sample
    text = str(row)
    for secret in ("hunter2-very-secret", "db.internal.example", "etl_user", "tok_abcdef", "10.0.0.7"):
        assert secret not in text
    assert row["api_token"] == "***" and row["amount"] == 5 and row["id"] is None


def test_retention_deletes_old_results_only(pipeline, settings):
    now = timezone.now()
    old = seed_run(pipeline, at=now - timedelta(days=100), failures={"id_present": 0})
    new = seed_run(pipeline, at=now - timedelta(days=1), failures={"id_present": 0})
    for execution in (old, new):
        quality_results_record(execution_id=execution.pk)
    settings.SLUICE_QUALITY_RETENTION_DAYS = 90
    from quality.tasks import cleanup_results

    assert cleanup_results() == 1
    assert list(QualityResult.objects.values_list("execution_id", flat=True)) == [new.pk]
    assert quality_results_cleanup(before=now) == 1
