"""Checks on a table destination (destination.warehouse, a DuckDB file: collected, judged, then staged)
on the local executor: a blocked run stages nothing and the table keeps the last good run's rows; a
schema_drift check blocks a run whose columns changed."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest
from django.conf import settings

from executions.models import Execution, StepRun
from executions.services import execution_start
from quality.models import QualityResult
from tests.quality.test_run import local_executor  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

GRAPH = {
    "nodes": [
        {"key": "src", "type": "source.file", "config": {"path": "in.csv", "format": "csv"}},
        {
            "key": "dst",
            "type": "destination.warehouse",
            "config": {
                "table": "scores",
                "mode": "replace",
                "checks": [
                    {"type": "min", "column": "score", "min": 0},
                    {"type": "schema_drift"},
                    {"type": "row_count", "max": 3, "action": "warn", "severity": "info"},
                ],
            },
        },
    ],
    "edges": [{"source": "src", "target": "dst"}],
}


def _run(pipeline, owner, csv: str) -> Execution:
    (Path(settings.DATA_ROOT) / "in.csv").write_text(csv)
    execution = execution_start(pipeline=pipeline, user=owner)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        execution.refresh_from_db()
        if execution.is_finished and QualityResult.objects.filter(execution=execution).exists():
            return execution
        time.sleep(0.2)
    raise AssertionError(f"run #{execution.pk}: {execution.status}")


def _table() -> list[tuple]:
    with duckdb.connect(str(Path(settings.DATA_ROOT) / "warehouse.duckdb"), read_only=True) as db:
        tables = {t for (t,) in db.execute("select table_name from information_schema.tables").fetchall()}
        assert tables == {"scores"}, tables  # no staging table left behind
        return db.execute("select * from scores order by id").fetchall()


def test_blocked_runs_leave_the_table_as_the_last_good_run_wrote_it(local_executor, owner):  # noqa: F811
    from pipelines import services
    from pipelines.graph import parse_graph_document

    (Path(settings.DATA_ROOT) / "in.csv").write_text("id,score\n1,5\n")
    pipeline = services.pipeline_create(user=owner, name="Scores", graph=parse_graph_document(GRAPH))
    services.pipeline_version_create(pipeline=pipeline, user=owner)
    pipeline.refresh_from_db()
    good = _run(pipeline, owner, "id,score\n1,5\n2,7\n3,9\n4,2\n")
    assert good.status == "succeeded", good.error
    assert _table() == [(1, 5), (2, 7), (3, 9), (4, 2)]
    warned = QualityResult.objects.get(execution=good, rule="row_count")
    assert (warned.passed, warned.action, warned.severity, warned.value) == (False, "warn", "info", 4.0)

    negative = _run(pipeline, owner, "id,score\n1,5\n2,-1\n")
    assert negative.status == "failed"
    assert negative.error == "src: Publish refused by the checks of dst: check min(score) = -1 < min 0."
    assert _table() == [(1, 5), (2, 7), (3, 9), (4, 2)]

    drifted = _run(pipeline, owner, "id,score,extra\n1,5,x\n")
    assert drifted.status == "failed"
    assert "check schema_drift = added extra" in drifted.error
    assert _table() == [(1, 5), (2, 7), (3, 9), (4, 2)]
    drift = QualityResult.objects.get(execution=drifted, rule="schema_drift")
    assert drift.details["drift"] == {"added": ["extra"], "removed": [], "changed": {}}
    report = StepRun.objects.get(execution=drifted, node_key="dst").report
    assert report["checks_of"] == "dst" and [c["status"] for c in report["checks"]] == ["passed", "blocked", "passed"]

    fine = _run(pipeline, owner, "id,score\n7,1\n")
    assert fine.status == "succeeded", fine.error
    assert _table() == [(7, 1)]


def test_a_blocked_publish_is_not_retried(local_executor, owner):  # noqa: F811
    from pipelines import services
    from pipelines.graph import parse_graph_document

    (Path(settings.DATA_ROOT) / "in.csv").write_text("id,score\n1,5\n")
    pipeline = services.pipeline_create(
        user=owner,
        name="Retried scores",
        graph=parse_graph_document(GRAPH),
        default_params={"sluice_retry": {"max_attempts": 3, "backoff_seconds": 0}},
    )
    services.pipeline_version_create(pipeline=pipeline, user=owner)
    pipeline.refresh_from_db()
    blocked = _run(pipeline, owner, "id,score\n1,-5\n")
    assert blocked.status == "failed" and "Publish refused by the checks of dst" in blocked.error
    steps = StepRun.objects.filter(execution=blocked)
    assert {s.max_attempts for s in steps} == {3}  # retries were allowed, and not used
    assert {s.attempt for s in steps} == {1}
