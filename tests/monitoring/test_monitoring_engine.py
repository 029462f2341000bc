"""The monitoring API over real executions run by the engine (inline executor), and the dashboard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from executions import executors
from executions.services import execution_start
from tests.executions.conftest import chain

METRICS = (
    "sluice_executions_total",
    "sluice_step_duration_seconds_bucket",
    "sluice_rows_processed_total",
    "sluice_queue_depth",
    "sluice_running_steps",
    "sluice_executions_waiting",
    "sluice_workers_busy",
    "sluice_last_success_timestamp_seconds",
)


@pytest.mark.django_db(transaction=True)
def test_real_runs_show_in_stages_timeline_and_graph(make_pipeline, editor, client_for):
    pipeline = make_pipeline(
        chain(("src", "t.rows", {"n": 7}), ("add", "t.add", {}), ("dst", "t.sink", {"name": "m"})), name="Real"
    )
    for _ in range(2):
        execution = execution_start(pipeline=pipeline, user=editor)
        executors.run_inline_until_idle()
    c = client_for(editor)
    stages = {s["node_key"]: s for s in c.get(f"/api/monitoring/stages/?pipeline={pipeline.pk}").json()["stages"]}
    assert set(stages) == {"src", "add", "dst"}
    assert all(s["runs"] == 2 and s["success_rate"] == 1.0 for s in stages.values())
    assert stages["add"]["rows_in"] == 14 and stages["add"]["p50_ms"] is not None
    timeline = c.get(f"/api/executions/{execution.pk}/timeline/").json()
    assert {s["node_key"] for s in timeline["steps"]} == {"src", "add", "dst"}
    assert all(s["status"] == "succeeded" and s["duration_ms"] is not None for s in timeline["steps"])
    graph = c.get(f"/api/pipelines/{pipeline.pk}/dependency-graph/").json()
    assert {n["key"]: n["latest"]["status"] for n in graph["nodes"]} == dict.fromkeys(
        ("src", "add", "dst"), "succeeded"
    )
    summary = c.get("/api/monitoring/summary/").json()
    assert summary["executions"]["by_status"]["succeeded"] == 2
    assert c.get(f"/api/pipelines/{pipeline.pk}/state/").json()["health"] == "ok"
    assert c.get("/api/monitoring/active/").json() == []


def test_grafana_dashboard_uses_the_sluice_metrics():
    doc = json.loads((Path(settings.BASE_DIR) / "docs" / "grafana" / "sluice.json").read_text())
    variables = {v["name"]: v for v in doc["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource" and variables["datasource"]["query"] == "prometheus"
    exprs = " ".join(t["expr"] for p in doc["panels"] for t in p["targets"])
    for name in METRICS:
        assert name in exprs, name
    assert all(p["datasource"]["uid"] == "${datasource}" for p in doc["panels"])
