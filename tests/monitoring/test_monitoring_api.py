"""The monitoring API on seeded executions with known figures (hand-computed expectations)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from core import sql
from executions.models import Execution, PipelineDependency
from tests import factories
from tests.monitoring.seeding import pipeline_for, seed_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(db):
    return factories.UserFactory(role="editor")


@pytest.fixture
def seeded(editor, other):
    """P1 (editor's): four runs in the last 4 hours (add: 100, 200, 300 ms succeeded; 400 ms failed
    'boom'), one 3 days old (add 10 s) and one running now. P2 (another user's): two failed runs."""
    now = timezone.now()
    p1 = pipeline_for(editor, "Orders")
    runs = [
        seed_run(p1, created=now - timedelta(hours=1), seconds=10, add_ms=100),
        seed_run(p1, created=now - timedelta(hours=2), seconds=20, add_ms=200),
        seed_run(p1, created=now - timedelta(hours=3), seconds=30, add_ms=300),
        seed_run(p1, created=now - timedelta(hours=4), seconds=40, add_ms=400, status="failed", error="boom", rss=5000),
    ]
    old = seed_run(p1, created=now - timedelta(days=3), seconds=100, add_ms=10_000)
    running = seed_run(p1, created=now - timedelta(minutes=10), status="running", add_status="running")
    p2 = pipeline_for(other, "Secret")
    for h in (1, 2):
        seed_run(p2, created=now - timedelta(hours=h), status="failed", error="hidden-error")
    return {"now": now, "p1": p1, "p2": p2, "runs": runs, "old": old, "running": running}


def test_summary_figures(client_for, editor, seeded):
    body = client_for(editor).get("/api/monitoring/summary/?window=24h").json()
    ex = body["executions"]
    assert ex["total"] == 5
    assert ex["by_status"]["succeeded"] == 3 and ex["by_status"]["failed"] == 1 and ex["by_status"]["running"] == 1
    assert ex["success_rate"] == 0.75
    assert ex["avg_duration_s"] == pytest.approx(25.0)
    assert ex["p95_duration_s"] == pytest.approx(38.5)  # 30 + 0.85 * 10
    assert ex["rows_in"] == 300
    assert body["running_now"] == 1 and body["queued_now"] == 0
    assert body["top_failing_pipelines"] == [
        {
            "pipeline_id": seeded["p1"].pk,
            "slug": seeded["p1"].slug,
            "name": "Orders",
            "runs": 5,
            "failed": 1,
            "failure_rate": 0.2,
        }
    ]
    assert body["top_failing_nodes"] == [
        {"pipeline_id": seeded["p1"].pk, "slug": seeded["p1"].slug, "node_key": "add", "failed": 1}
    ]


def test_summary_for_an_admin_includes_every_pipeline(client_for, staff, seeded):
    body = client_for(staff).get("/api/monitoring/summary/?window=24h").json()
    assert body["executions"]["total"] == 7
    assert body["top_failing_pipelines"][0]["pipeline_id"] == seeded["p2"].pk


@pytest.mark.parametrize("force_python", [False, True], ids=["sql", "python-fallback"])
def test_stage_metrics_figures(client_for, editor, seeded, force_python, monkeypatch):
    monkeypatch.setattr(sql, "FORCE_PYTHON_PERCENTILES", force_python)
    c = client_for(editor)
    body = c.get("/api/monitoring/stages/?window=24h").json()
    stages = {(s["pipeline_id"], s["node_key"]): s for s in body["stages"]}
    assert {p for p, _ in stages} == {seeded["p1"].pk}  # P2 is another user's
    add = stages[(seeded["p1"].pk, "add")]
    assert (add["runs"], add["succeeded"], add["failed"]) == (4, 3, 1)
    assert add["success_rate"] == 0.75
    assert add["avg_ms"] == 200.0 and add["p50_ms"] == pytest.approx(200.0) and add["p95_ms"] == pytest.approx(290.0)
    assert add["max_ms"] == 300
    assert add["rows_in"] == 300 and add["rows_out"] == 300
    assert add["throughput_rows_per_s"] == 500.0  # 300 rows over 600 ms of succeeded work
    assert add["cpu_seconds"] == 1.5
    assert add["peak_rss_bytes"] == 5000  # the failed attempt's peak counts too
    assert add["last_error"]["message"] == "boom"
    assert add["last_error"]["execution_id"] == seeded["runs"][3].pk
    assert stages[(seeded["p1"].pk, "src")]["runs"] == 5  # the running execution's source finished

    week = c.get(f"/api/monitoring/stages/?window=7d&pipeline={seeded['p1'].pk}").json()
    add = next(s for s in week["stages"] if s["node_key"] == "add")
    assert add["runs"] == 5
    assert add["p50_ms"] == pytest.approx(250.0)  # [100, 200, 300, 10000]
    assert add["p95_ms"] == pytest.approx(300 + 0.85 * 9700)
    assert add["max_ms"] == 10_000


def test_stage_metrics_of_another_users_pipeline_are_empty(client_for, editor, seeded):
    body = client_for(editor).get(f"/api/monitoring/stages/?pipeline={seeded['p2'].pk}").json()
    assert body["stages"] == []
    assert "hidden-error" not in str(body)


@pytest.mark.parametrize("force_python", [False, True], ids=["sql", "python-fallback"])
def test_stage_history_buckets(client_for, editor, seeded, force_python, monkeypatch):
    monkeypatch.setattr(sql, "FORCE_PYTHON_PERCENTILES", force_python)
    p1 = seeded["p1"]
    body = client_for(editor).get(f"/api/monitoring/stages/{p1.pk}/add/history/?window=24h&bucket=1h").json()
    assert body["bucket"] == "1h" and body["bucket_seconds"] == 3600
    points = body["points"]
    assert len(points) in (24, 25)  # every hour of the window, empty ones included
    assert sum(p["runs"] for p in points) == 4
    assert sum(p["failed"] for p in points) == 1
    with_runs = [p for p in points if p["runs"]]
    durations = sorted(p["max_ms"] for p in with_runs if p["max_ms"] is not None)
    assert durations == [100, 200, 300]
    assert all(p["p50_ms"] == p["max_ms"] for p in with_runs if p["succeeded"])  # one run per bucket
    failed_bucket = next(p for p in with_runs if p["failed"])
    start = timezone.datetime.fromisoformat(failed_bucket["start"].replace("Z", "+00:00"))
    assert start <= seeded["runs"][3].created_at < start + timedelta(hours=1)


def test_stage_history_of_another_users_pipeline_is_404(client_for, editor, seeded):
    assert client_for(editor).get(f"/api/monitoring/stages/{seeded['p2'].pk}/add/history/").status_code == 404


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("window=abc", "window"),
        ("window=0h", "window"),
        ("window=-5d", "window"),
        ("window=24h&bucket=2m", "bucket"),
        ("window=30d&bucket=1m", "bucket"),
    ],
)
def test_bad_window_or_bucket_is_a_400_naming_it(client_for, editor, seeded, query, param):
    r = client_for(editor).get(f"/api/monitoring/stages/{seeded['p1'].pk}/add/history/?{query}")
    assert r.status_code == 400
    assert param in r.json()


def test_bad_pipeline_parameter_is_a_400(client_for, editor, seeded):
    r = client_for(editor).get("/api/monitoring/stages/?pipeline=x")
    assert r.status_code == 400 and "pipeline" in r.json()


def test_long_windows_are_capped(client_for, editor, seeded):
    body = client_for(editor).get("/api/monitoring/summary/?window=365d").json()
    assert body["capped"] is True and body["seconds"] == 90 * 86400


def test_active_executions_with_eta(client_for, editor, other, seeded):
    body = client_for(editor).get("/api/monitoring/active/").json()
    assert [e["id"] for e in body] == [seeded["running"].pk]
    ex = body[0]
    steps = {s["node_key"]: s for s in ex["steps"]}
    assert steps["src"]["status"] == "succeeded" and steps["src"]["eta_s"] == 0
    # add: median (upper, as the runner's) of [100, 200, 300, 10000] ms = 0.3 s, long elapsed -> 0 left
    assert steps["add"]["expected_s"] == 0.3 and steps["add"]["eta_s"] == 0
    assert steps["add"]["progress"] == 0.99
    assert steps["out"]["status"] == "pending" and steps["out"]["expected_s"] == 1.0
    assert ex["eta_s"] == 1.0  # the longest remaining path: only out is left
    assert ex["steps_total"] == 3 and ex["steps_done"] == 1
    assert ex["progress"] == pytest.approx((1 + 0.99 + 0) / 3, abs=1e-3)
    # another user's running execution is absent
    seed_run(seeded["p2"], created=timezone.now(), status="running", add_status="running")
    assert len(client_for(editor).get("/api/monitoring/active/").json()) == 1


def test_dependency_graph(client_for, editor, other, seeded):
    p1, p2 = seeded["p1"], seeded["p2"]
    p3 = pipeline_for(editor, "Downstream")
    p4 = pipeline_for(editor, "Further down")
    PipelineDependency.objects.create(upstream=p1, downstream=p3)
    PipelineDependency.objects.create(upstream=p3, downstream=p4)
    PipelineDependency.objects.create(upstream=p2, downstream=p1)  # another user's: hidden
    body = client_for(editor).get(f"/api/pipelines/{p1.pk}/dependency-graph/").json()
    nodes = {n["key"]: n for n in body["nodes"]}
    assert set(nodes) == {"src", "add", "out"}
    assert len(body["edges"]) == 2
    assert nodes["add"]["latest"]["status"] == "running"  # the newest execution's step
    assert nodes["add"]["latest"]["execution_id"] == seeded["running"].pk
    assert nodes["add"]["metrics"]["runs"] == 5  # default window 7d
    linked = {n["id"]: n for n in body["pipelines"]["nodes"]}
    assert set(linked) == {p1.pk, p3.pk, p4.pk}
    assert linked[p1.pk]["last_status"] == "running"
    assert {(e["upstream"], e["downstream"]) for e in body["pipelines"]["edges"]} == {(p1.pk, p3.pk), (p3.pk, p4.pk)}
    assert client_for(editor).get(f"/api/pipelines/{p2.pk}/dependency-graph/").status_code == 404


def test_pipeline_state_and_health(client_for, editor, seeded):
    p1 = seeded["p1"]
    c = client_for(editor)
    body = c.get(f"/api/pipelines/{p1.pk}/state/").json()
    assert body["last_run"]["id"] == seeded["running"].pk
    assert [r["id"] for r in body["running_now"]] == [seeded["running"].pk]
    assert body["recent_success_rate"] == 0.8  # 4 of the last 5 finished
    assert body["health"] == "ok"
    assert body["schedule"]["next_runs"] == []

    seed_run(p1, created=timezone.now() - timedelta(minutes=5), status="failed", error="x")
    assert c.get(f"/api/pipelines/{p1.pk}/state/").json()["health"] == "failing"

    fresh = pipeline_for(editor, "Fresh")
    assert c.get(f"/api/pipelines/{fresh.pk}/state/").json()["health"] == "never_run"

    stale = pipeline_for(editor, "Hourly")
    type(stale).objects.filter(pk=stale.pk).update(
        schedule_cron="0 * * * *", schedule_enabled=True, created_at=timezone.now() - timedelta(days=10)
    )
    seed_run(stale, created=timezone.now() - timedelta(days=1))
    body = c.get(f"/api/pipelines/{stale.pk}/state/").json()
    assert body["health"] == "stale"
    assert len(body["schedule"]["next_runs"]) == 5
    assert c.get(f"/api/pipelines/{seeded['p2'].pk}/state/").status_code == 404


def test_execution_timeline(client_for, editor, seeded):
    from monitoring.models import MetricSample

    now = timezone.now()
    p1 = seeded["p1"]
    run = seed_run(p1, created=now - timedelta(minutes=30), seconds=10, add_ms=100, worker="hostA:1:MainThread")
    for i in range(10):
        for host in ("hostA", "hostB"):
            MetricSample.objects.create(
                ts=run.started_at + timedelta(seconds=i, milliseconds=100),
                source="worker",
                host=host,
                cpu_percent=10.0 * i,
                memory_percent=50.0,
                memory_used_bytes=1000 + i,
                disk_percent=1,
                net_sent_bytes=0,
                net_recv_bytes=0,
            )
    body = client_for(editor).get(f"/api/executions/{run.pk}/timeline/").json()
    steps = {s["node_key"]: s for s in body["steps"]}
    assert steps["src"]["offset_ms"] == 0 and steps["src"]["duration_ms"] == 50
    assert steps["add"]["duration_ms"] == 100 and steps["add"]["cpu_utilisation"] == 5.0
    assert steps["out"]["duration_ms"] == 1000
    assert body["execution"]["duration_ms"] == 10_000
    hosts = body["resources"]["hosts"]
    assert [h["host"] for h in hosts] == ["hostA"]
    assert [s["cpu_percent"] for s in hosts[0]["samples"]] == [10.0 * i for i in range(10)]
    assert (
        client_for(editor)
        .get(f"/api/executions/{Execution.objects.filter(pipeline=seeded['p2']).first().pk}/timeline/")
        .status_code
        == 404
    )
