"""The dashboard: counters, active executions with ETA, recent failures, sparklines and workers."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from executions.models import Execution
from monitoring.models import MetricSample, Worker
from monitoring.selectors.dashboard import start_of_today
from tests.executions.conftest import engine_types  # noqa: F401  (autouse: t.* node types)
from tests.factories import UserFactory
from tests.monitoring.seeding import pipeline_for, seed_run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_worker_reports")]


def json_script(html: str, element_id: str):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no json_script #{element_id}"
    return json.loads(match.group(1))


@pytest.fixture
def owner(db):
    return UserFactory(role="operator")


@pytest.fixture
def pipeline(owner):
    return pipeline_for(owner, "Dash pipeline")


def sample(host: str, cpu: float, mem: float, ago: float):
    return MetricSample(
        ts=timezone.now() - timedelta(seconds=ago),
        source="worker",
        host=host,
        cpu_percent=cpu,
        memory_percent=mem,
        memory_used_bytes=1000,
        disk_percent=50,
        net_sent_bytes=0,
        net_recv_bytes=0,
    )


def test_anonymous_is_sent_to_login(client):
    for url in ("/", "/dashboard/parts/counters/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_dashboard_counters_active_failures_system(client, owner, pipeline):
    now = timezone.now()
    today = max(start_of_today(now), now - timedelta(minutes=30))
    seed_run(pipeline, created=today + timedelta(seconds=1), status="succeeded")
    seed_run(pipeline, created=today + timedelta(seconds=2), status="succeeded")
    failed = seed_run(pipeline, created=today + timedelta(seconds=3), status="failed", error="kaboom in add")
    running = seed_run(pipeline, created=today + timedelta(seconds=4), status="running", add_status="running")
    seed_run(pipeline, created=today + timedelta(seconds=5), status="queued", add_status="pending")
    seed_run(pipeline, created=start_of_today(now) - timedelta(days=2), status="failed")  # not today
    other = pipeline_for(UserFactory(role="operator"), "Hidden")
    hidden = seed_run(other, created=today + timedelta(seconds=6), status="failed", error="not yours")
    MetricSample.objects.bulk_create([sample("w1", 10 + i, 40 + i, 60 - i) for i in range(5)])
    now_ = timezone.now()
    Worker.objects.create(name="celery@w1", host="w1", pid=1, started_at=now_, last_seen=now_)
    Worker.objects.create(name="celery@w2", host="w2", pid=2, status="offline", started_at=now_, last_seen=now_)
    client.force_login(owner)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'data-live-topics="user:\d+ dashboard metrics:system"', html)
    counters = response.context["counters"]
    assert (counters["running"], counters["queued"], counters["succeeded"], counters["failed"]) == (1, 1, 2, 1)
    assert counters["success_rate"] == pytest.approx(2 / 3)
    assert 'data-counter="success_rate">67 %' in html
    active_ids = [e["id"] for e in response.context["active"]]
    assert running.pk in active_ids and hidden.pk not in active_ids
    assert f'href="/executions/{failed.pk}/"' in html and "kaboom in add" in html
    assert "not yours" not in html
    cpu = json_script(html, "spark-cpu")
    assert cpu["series"][0]["data"] == [10, 11, 12, 13, 14]
    assert 'data-chart="spark-cpu" data-live-metric="cpu_percent"' in html
    assert 'data-live-metric="memory_percent"' in html
    assert "1 online" in html and "1 offline" in html and "celery@w2" in html


def test_eta_from_past_durations(client, owner, pipeline):
    now = timezone.now()
    for i in range(3):
        seed_run(pipeline, created=now - timedelta(hours=i + 1), status="succeeded", add_ms=4000, out_ms=2000)
    running = seed_run(pipeline, created=now - timedelta(seconds=2), status="running", add_status="running")
    client.force_login(owner)
    response = client.get("/dashboard/parts/active/")
    assert response.status_code == 200
    item = next(e for e in response.context["active"] if e["id"] == running.pk)
    assert item["eta_s"] is not None
    assert "ETA" in response.content.decode()


def test_parts(client, owner, pipeline):
    client.force_login(owner)
    for part in ("counters", "active", "failures", "system"):
        response = client.get(f"/dashboard/parts/{part}/", HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert "<html" not in response.content.decode()
    assert client.get("/dashboard/parts/nope/").status_code == 404


def test_empty_dashboard(client, owner):
    client.force_login(owner)
    html = client.get("/").content.decode()
    assert "Nothing is running or queued." in html
    assert "No failed run in the last 7 days." in html
    assert "No worker has reported yet" in html


def test_query_count_does_not_grow_with_executions(client, owner, pipeline, django_assert_max_num_queries):
    client.force_login(owner)
    now = timezone.now()
    for i in range(5):
        seed_run(pipeline, created=now - timedelta(minutes=i), status="running", add_status="running")
    with django_assert_max_num_queries(20) as few:
        client.get("/")
    base = len(few.captured_queries)
    bulk = [
        Execution(pipeline=pipeline, version=pipeline.current_version, status="failed" if i % 4 else "succeeded")
        for i in range(300)
    ]
    Execution.objects.bulk_create(bulk)
    for i in range(20):
        seed_run(pipeline, created=now - timedelta(seconds=i), status="queued", add_status="pending")
    with django_assert_max_num_queries(base) as many:
        response = client.get("/")
    assert response.status_code == 200
    assert len(response.context["active"]) == 10  # bounded
    assert len(response.context["failures"]) == 8
    # At most as many (django_assert_max_num_queries above): the active runs' ETA walk is one query when
    # the list is cut at its limit (no settled time), two when it is not and its settled part is cold
    # (monitoring.selectors.overview._last_successes).
    assert len(many.captured_queries) >= base - 1
