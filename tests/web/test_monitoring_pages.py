"""Monitoring pages: stage metrics with charts and the DAG overlay, system metrics, and alerts."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from monitoring.models import Alert, AlertRule, MetricSample, Worker
from monitoring.services.alerts import alert_fire, alert_rule_save
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
    return pipeline_for(owner, "Stage pipeline")


@pytest.mark.parametrize("url", ["/monitoring/", "/monitoring/system/", "/alerts/", "/alerts/rules/new/"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- stage metrics ------------------------------------------------------------------------------------


def test_stage_metrics_page(client, owner, pipeline, django_assert_max_num_queries):
    now = timezone.now()
    for i, ms in enumerate((100, 200, 300)):
        seed_run(pipeline, created=now - timedelta(hours=i + 1), add_ms=ms)
    seed_run(pipeline, created=now - timedelta(minutes=5), status="failed", error="bad rows")
    client.force_login(owner)
    # 23: the rollup reads run in a transaction (savepoint) of their own with their settings (set_config),
    # and each reads the visible pipelines' names afresh (its rows may come from the settled-part cache)
    with django_assert_max_num_queries(23):
        response = client.get("/monitoring/", {"pipeline": pipeline.pk, "window": "24h"})
    assert response.status_code == 200
    html = response.content.decode()
    rows = {r["node_key"]: r for r in response.context["rows"]}
    assert rows["add"]["runs"] == 4 and rows["add"]["failed"] == 1 and rows["add"]["p50_ms"] == 200
    duration = json_script(html, "duration-option")
    assert {s["name"] for s in duration["series"]} == {"src", "add", "out"}
    heatmap = json_script(html, "heatmap-option")
    assert heatmap["series"][0]["type"] == "heatmap" and heatmap["series"][0]["data"]
    rows_chart = json_script(html, "rows-option")
    assert rows_chart["xAxis"]["data"] == ["add", "out", "src"]
    throughput = json_script(html, "throughput-option")
    assert throughput["series"][0]["name"] == "rows per second"
    dag = json_script(html, "stages-dag-data")
    assert dag["execution_id"] is None
    add = next(n for n in dag["nodes"] if n["key"] == "add")
    assert add["status"] == "failed" and add["metrics"]["runs"] == 4
    assert "bad rows" in html
    export = f"/api/monitoring/exports/stages/?format=parquet&amp;window=24h&amp;pipeline={pipeline.pk}"
    assert export in html  # the same window and pipeline, downloadable
    response = client.get(export.replace("&amp;", "&"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.apache.parquet")


def test_stage_metrics_defaults_to_the_first_pipeline_and_checks_input(client, owner, pipeline):
    other = pipeline_for(UserFactory(role="operator"), "Not yours")
    client.force_login(owner)
    response = client.get("/monitoring/")
    assert response.status_code == 200
    assert response.context["pipeline"] == pipeline
    assert "No step of this pipeline ran in this window." in response.content.decode()
    bad = client.get("/monitoring/", {"pipeline": other.pk, "window": "3y"})
    html = bad.content.decode()
    assert html.count("Select a valid choice") == 2
    assert "pipeline" not in bad.context or bad.context.get("pipeline") is None


def test_stage_metrics_without_pipelines(client):
    client.force_login(UserFactory(role="viewer"))
    response = client.get("/monitoring/")
    assert "No pipeline yet" in response.content.decode()


# --- system ---------------------------------------------------------------------------------------------


def test_system_page(client, owner, django_assert_max_num_queries):
    now = timezone.now()
    MetricSample.objects.bulk_create(
        [
            MetricSample(
                ts=now - timedelta(minutes=30 - i),
                source="worker",
                host=host,
                cpu_percent=10 + i,
                memory_percent=50,
                memory_used_bytes=1 << 30,
                disk_percent=70,
                net_sent_bytes=1000 * i,
                net_recv_bytes=2000 * i,
            )
            for i in range(20)
            for host in ("alpha", "beta")
        ]
    )
    Worker.objects.create(name="celery@alpha", host="alpha", pid=7, started_at=now, last_seen=now, concurrency=4)
    client.force_login(owner)
    with django_assert_max_num_queries(15):
        response = client.get("/monitoring/system/")
    assert response.status_code == 200
    html = response.content.decode()
    cpu = json_script(html, "cpu-option")
    assert {s["name"] for s in cpu["series"]} == {"alpha", "beta"}
    network = json_script(html, "network-option")
    assert {s["name"] for s in network["series"]} == {"alpha sent", "alpha received", "beta sent", "beta received"}
    assert any(v for _, v in network["series"][0]["data"] if v)  # rates from the counters
    for chart in ("memory-option", "disk-option"):
        json_script(html, chart)
    assert "celery@alpha" in html
    only = client.get("/monitoring/system/", {"host": "beta", "window": "1h"})
    assert [h["host"] for h in only.context["hosts"]] == ["beta"]
    bad = client.get("/monitoring/system/", {"window": "forever"})
    assert "Select a valid choice" in bad.content.decode()


def test_system_page_without_samples(client, owner):
    client.force_login(owner)
    assert "No host sent a sample in this window." in client.get("/monitoring/system/").content.decode()


# --- alerts ---------------------------------------------------------------------------------------------


def test_non_admins_see_their_alerts_only_and_cannot_manage_rules(client, owner, staff):
    mine = alert_rule_save(name="Mine", kind="execution_failed", channels=["in_app"], recipients=[owner])
    theirs = alert_rule_save(name="Theirs", kind="execution_failed", channels=["in_app"], recipients=[staff])
    alert_fire(rule=mine, subject="pipeline:a", message="mine fired")
    alert_fire(rule=theirs, subject="pipeline:b", message="theirs fired")
    client.force_login(owner)
    response = client.get("/alerts/")
    html = response.content.decode()
    assert "mine fired" in html and "theirs fired" not in html
    assert "Alert rules are managed by admins" in html
    assert client.get("/alerts/rules/new/").status_code == 403
    assert client.post("/alerts/rules/new/", {"name": "x", "kind": "worker_offline"}).status_code == 403
    assert client.post(f"/alerts/rules/{mine.pk}/delete/").status_code == 403
    assert client.post(f"/alerts/rules/{mine.pk}/toggle/").status_code == 403
    alert = Alert.objects.get(rule=mine)
    assert client.post(f"/alerts/{alert.pk}/resolve/").status_code == 403
    assert AlertRule.objects.count() == 2 and Alert.objects.filter(status="firing").count() == 2


@pytest.mark.parametrize(
    ("kind", "fields", "params"),
    [
        ("execution_failed", {}, {}),
        ("duration_above_baseline", {"method": "zscore", "runs": "10", "z": "2.5", "factor": "1"}, None),
        ("rows_out_of_range", {"runs": "5", "z": "3"}, {"runs": 5, "z": 3.0}),
        ("metric_above_threshold", {"metric": "cpu_percent", "threshold": "90", "for_seconds": "120"}, None),
        ("worker_offline", {}, {}),
    ],
)
def test_admin_creates_a_rule_of_each_kind(client, staff, owner, kind, fields, params):
    client.force_login(staff)
    form = client.get("/alerts/rules/new/", {"kind": kind})
    assert form.status_code == 200
    data = {"name": f"Rule {kind}", "kind": kind, "channels": ["in_app"], "recipients": [owner.pk], "enabled": "on"}
    response = client.post("/alerts/rules/new/", {**data, **fields})
    assert response.status_code == 302, response.content.decode()[:3000]
    rule = AlertRule.objects.get()
    assert rule.kind == kind and rule.enabled and list(rule.recipients.all()) == [owner]
    if params is not None:
        assert rule.params == params
    assert set(rule.params) == set(fields)


def test_rule_form_errors_are_inline_and_nothing_is_written(client, staff):
    client.force_login(staff)
    response = client.post(
        "/alerts/rules/new/",
        {"name": "", "kind": "metric_above_threshold", "metric": "cpu_percent", "channels": ["webhook"]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html  # name and threshold
    assert "A webhook channel needs a URL." in html
    assert 'aria-invalid="true"' in html
    response = client.post(
        "/alerts/rules/new/",
        {"name": "z", "kind": "duration_above_baseline", "runs": "2", "z": "99", "channels": ["in_app"]},
    )
    html = response.content.decode()
    assert "Ensure this value is greater than or equal to 3." in html
    assert "Ensure this value is less than or equal to 20." in html
    response = client.post(
        "/alerts/rules/new/",
        {"name": "e", "kind": "execution_failed", "channels": ["email"], "emails": "nope, a@example.com"},
    )
    assert "Not an email address: nope." in response.content.decode()
    assert AlertRule.objects.count() == 0


def test_recipients_acknowledge_their_open_alerts(client, owner, staff):
    mine = alert_rule_save(name="Mine", kind="execution_failed", channels=["in_app"], recipients=[owner])
    theirs = alert_rule_save(name="Theirs", kind="execution_failed", channels=["in_app"], recipients=[staff])
    alert = alert_fire(rule=mine, subject="pipeline:a", message="mine fired")
    other = alert_fire(rule=theirs, subject="pipeline:b", message="theirs fired")
    client.force_login(owner)
    page = client.get("/alerts/").content.decode()
    assert f'action="/alerts/{alert.pk}/acknowledge/"' in page  # a recipient may, though not resolve
    assert f'action="/alerts/{alert.pk}/resolve/"' not in page
    assert client.post(f"/alerts/{other.pk}/acknowledge/").status_code == 404  # not theirs to see
    assert client.get(f"/alerts/{alert.pk}/acknowledge/").status_code == 405
    done = client.post(f"/alerts/{alert.pk}/acknowledge/", follow=True).content.decode()
    alert.refresh_from_db()
    assert alert.acknowledged_by == owner and alert.acknowledged_at and alert.status == "firing"
    assert "acknowledged." in done and f"acknowledged by {owner.username}" in done
    assert f'action="/alerts/{alert.pk}/acknowledge/"' not in done
    client.force_login(staff)  # an admin cannot take it over silently
    again = client.post(f"/alerts/{alert.pk}/acknowledge/", follow=True).content.decode()
    assert f"Already acknowledged by {owner.username}." in again
    client.post(f"/alerts/{alert.pk}/resolve/")
    late = client.post(f"/alerts/{alert.pk}/acknowledge/", follow=True).content.decode()
    assert "Only an open (firing) alert can be acknowledged." in late
    other.refresh_from_db()
    assert other.acknowledged_at is None


def test_admin_edits_toggles_deletes_and_resolves(client, staff):
    rule = alert_rule_save(
        name="CPU", kind="metric_above_threshold", params={"metric": "cpu_percent", "threshold": 80}, channels=[]
    )
    alert = alert_fire(rule=rule, subject="host:alpha", message="hot", value=95)
    client.force_login(staff)
    page = client.get("/alerts/").content.decode()
    assert "CPU" in page and "hot" in page and f'action="/alerts/{alert.pk}/resolve/"' in page
    edit = client.get(f"/alerts/rules/{rule.pk}/edit/")
    assert edit.status_code == 200 and 'value="80' in edit.content.decode()
    bad = client.post(
        f"/alerts/rules/{rule.pk}/edit/", {"name": "CPU", "metric": "cpu_percent", "channels": ["in_app"]}
    )
    assert bad.status_code == 200 and "This field is required." in bad.content.decode()
    rule.refresh_from_db()
    assert rule.params["threshold"] == 80
    ok = client.post(
        f"/alerts/rules/{rule.pk}/edit/",
        {"name": "CPU hot", "metric": "memory_percent", "threshold": "70", "channels": ["in_app"], "enabled": "on"},
    )
    assert ok.status_code == 302
    rule.refresh_from_db()
    assert rule.name == "CPU hot" and rule.params == {"metric": "memory_percent", "threshold": 70.0}
    client.post(f"/alerts/rules/{rule.pk}/toggle/")
    rule.refresh_from_db()
    assert rule.enabled is False
    client.post(f"/alerts/rules/{rule.pk}/toggle/")
    rule.refresh_from_db()
    assert rule.enabled is True
    resolved = client.post(f"/alerts/{alert.pk}/resolve/", follow=True)
    alert.refresh_from_db()
    assert alert.status == "resolved" and "resolved by" in alert.message
    assert "resolved." in resolved.content.decode()
    client.post(f"/alerts/rules/{rule.pk}/delete/")
    assert not AlertRule.objects.exists()
    assert client.post("/alerts/rules/999999/delete/").status_code == 404
    assert client.get("/alerts/rules/999999/edit/").status_code == 404


def test_alerts_page_query_count(client, staff, django_assert_max_num_queries):
    for i in range(10):
        rule = alert_rule_save(name=f"R{i}", kind="worker_offline", channels=[])
        alert_fire(rule=rule, subject=f"worker:{i}", message="down")
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        response = client.get("/alerts/")
    assert response.status_code == 200
    assert len(response.context["rules"]) == 10 and len(response.context["firing"]) == 10
    only_open = client.get("/alerts/", {"status": "resolved"})
    assert only_open.context["history"] == []
