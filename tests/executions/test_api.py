"""The executions API: run, follow, logs, preview, cancel/retry/rerun, dry-run, dependencies."""

from __future__ import annotations

import pytest

from executions import executors
from executions.models import Execution
from tests import factories
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db(transaction=True)
GRAPH = chain(("src", "t.rows", {"n": 5}), ("a", "t.add", {"add": 1}), ("dst", "t.sink", {"name": "api"}))


@pytest.fixture
def pipeline(make_pipeline):
    return make_pipeline(GRAPH)


def test_run_needs_operator_and_returns_202(pipeline, client_for, editor, operator):
    assert client_for(editor).post(f"/api/pipelines/{pipeline.pk}/run/", {}, format="json").status_code == 403
    pipeline.shared_with_users.add(operator)
    response = client_for(operator).post(
        f"/api/pipelines/{pipeline.pk}/run/",
        {"params": {"day": "2026-11-25"}},
        format="json",
        HTTP_X_REQUEST_ID="corr-1",
    )
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["status"] == "running" and body["trigger"] == "api" and body["params"]["day"] == "2026-11-25"
    assert Execution.objects.get(pk=body["id"]).correlation_id == "corr-1"
    executors.run_inline_until_idle()
    detail = client_for(operator).get(f"/api/executions/{body['id']}/").json()
    assert detail["status"] == "succeeded"
    assert {s["node_key"]: s["rows_out"] for s in detail["steps"]}["a"] == 5


def test_run_errors(pipeline, client_for, operator, make_pipeline):
    c = client_for(operator)
    other = make_pipeline(GRAPH, name="Not shared")
    other.owner = factories.UserFactory(role="editor")
    other.save()
    assert c.post(f"/api/pipelines/{other.pk}/run/", {}, format="json").status_code == 404
    pipeline.shared_with_users.add(operator)
    bad = c.post(f"/api/pipelines/{pipeline.pk}/run/", {"params": "x"}, format="json")
    assert bad.status_code == 400 and "params" in bad.json()
    missing = c.post(f"/api/pipelines/{pipeline.pk}/run/", {"version": 99}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()


def test_list_filters_logs_preview_and_query_counts(pipeline, client_for, editor, django_assert_max_num_queries):
    from executions.services import execution_start

    for _ in range(3):
        execution_start(pipeline=pipeline, user=editor)
        executors.run_inline_until_idle()
    c = client_for(editor)
    with django_assert_max_num_queries(8):
        listed = c.get(f"/api/executions/?pipeline={pipeline.pk}&status=succeeded").json()
    assert listed["count"] == 3
    for _ in range(3):
        execution_start(pipeline=pipeline, user=editor)
        executors.run_inline_until_idle()
    with django_assert_max_num_queries(8):
        assert c.get("/api/executions/?status=succeeded&ordering=-created_at").json()["count"] == 6
    assert c.get("/api/executions/?status=failed").json()["count"] == 0
    assert c.get("/api/executions/?status=nonsense").status_code == 400
    execution_id = listed["results"][0]["id"]
    logs = c.get(f"/api/executions/{execution_id}/logs/?step=a&q=adding").json()
    assert logs["count"] == 1 and logs["results"][0]["message"] == "adding 1"  # a fused node's own line
    assert c.get(f"/api/executions/{execution_id}/logs/?level=error").json()["count"] == 0
    # "a" is fused inside the src→a→dst chain: its preview is recomputed from the chain input.
    preview = c.get(f"/api/executions/{execution_id}/steps/a/preview/?limit=2").json()
    assert preview["recomputed"] and preview["preview"] == [{"i": 1}, {"i": 2}] and preview["rows"] == 5
    assert c.get(f"/api/executions/{execution_id}/steps/a/preview/?limit=abc").status_code == 400
    assert c.get(f"/api/executions/{execution_id}/steps/nope/preview/").status_code == 400


def test_preview_reads_the_artifact_of_a_materialised_step(make_pipeline, client_for, editor):
    graph = chain(
        ("src", "t.rows", {"n": 4}),
        ("split", "t.split", {"threshold": 2}),
        ("dst", "t.sink", {"name": "p"}),
        edges=[("src", "split"), ("split.low", "dst")],
    )
    pipeline = make_pipeline(graph)
    from executions.services import execution_start

    execution = execution_start(pipeline=pipeline, user=editor)
    executors.run_inline_until_idle()
    body = client_for(editor).get(f"/api/executions/{execution.pk}/steps/split/preview/?port=high").json()
    assert body == {
        "node_key": "split",
        "port": "high",
        "rows": 2,
        "schema": {"i": "Int64"},
        "preview": [{"i": 2}, {"i": 3}],
        "recomputed": False,
    }


def test_cancel_retry_rerun(pipeline, client_for, operator, editor):
    pipeline.shared_with_users.add(operator)
    c = client_for(operator)
    execution_id = c.post(f"/api/pipelines/{pipeline.pk}/run/", {}, format="json").json()["id"]
    cancelled = c.post(f"/api/executions/{execution_id}/cancel/")
    assert cancelled.status_code == 202 and cancelled.json()["status"] in ("cancelling", "cancelled")
    executors.run_inline_until_idle()
    assert c.get(f"/api/executions/{execution_id}/").json()["status"] == "cancelled"
    assert c.post(f"/api/executions/{execution_id}/cancel/").status_code == 400
    retried = c.post(f"/api/executions/{execution_id}/retry/").json()
    assert retried["trigger"] == "retry" and retried["retry_of"] == execution_id
    executors.run_inline_until_idle()
    rerun = c.post(f"/api/executions/{retried['id']}/rerun/")
    assert rerun.status_code == 202
    assert client_for(editor).post(f"/api/executions/{execution_id}/rerun/").status_code == 403


def test_dry_run_endpoint(pipeline, client_for, editor, viewer):
    c = client_for(editor)
    body = c.post(f"/api/pipelines/{pipeline.pk}/dry-run/", {"sample_rows": 3, "inject": {}}, format="json").json()
    assert body["nodes"]["a"]["rows"] == {"out": 3}
    injected = c.post(
        f"/api/pipelines/{pipeline.pk}/dry-run/", {"inject": {"src": [{"i": 10}]}, "graph": GRAPH}, format="json"
    ).json()
    assert injected["nodes"]["a"]["preview"]["out"] == [{"i": 11}]
    bad = c.post(f"/api/pipelines/{pipeline.pk}/dry-run/", {"graph": {"nodes": "x"}}, format="json")
    assert bad.status_code == 400 and "graph.nodes" in bad.json()
    assert c.post(f"/api/pipelines/{pipeline.pk}/dry-run/", {"sample_rows": 0}, format="json").status_code == 400
    pipeline.shared_with_users.add(viewer)
    assert client_for(viewer).post(f"/api/pipelines/{pipeline.pk}/dry-run/", {}, format="json").status_code == 403


def test_dependencies_trigger_downstream_and_refuse_cycles(make_pipeline, client_for, editor):
    a = make_pipeline(GRAPH, name="A")
    b = make_pipeline(chain(("src", "t.rows", {"n": 1}), ("dst", "t.sink", {"name": "b"})), name="B")
    c = client_for(editor)
    created = c.post(f"/api/pipelines/{a.pk}/dependencies/", {"downstream": b.pk}, format="json")
    assert created.status_code == 201
    cycle = c.post(f"/api/pipelines/{b.pk}/dependencies/", {"downstream": a.pk}, format="json")
    assert cycle.status_code == 400 and "cycle" in cycle.json()["downstream"][0]
    from executions.services import execution_start

    first = execution_start(pipeline=a, user=editor)
    executors.run_inline_until_idle()
    triggered = Execution.objects.get(pipeline=b)
    assert triggered.trigger == "upstream" and triggered.upstream_execution_id == first.pk
    assert triggered.status == "succeeded"
    assert c.delete(f"/api/dependencies/{created.json()['id']}/").status_code == 204


def test_next_runs(make_pipeline, client_for, editor):
    pipeline = make_pipeline(GRAPH, schedule_cron="0 6 * * *", schedule_timezone="Asia/Tokyo")
    body = client_for(editor).get(f"/api/pipelines/{pipeline.pk}/schedule/next-runs/?count=2").json()
    assert len(body["next_runs"]) == 2 and body["next_runs"][0].endswith("+09:00")
    assert client_for(editor).get(f"/api/pipelines/{pipeline.pk}/schedule/next-runs/?count=0").status_code == 400
