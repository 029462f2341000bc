from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from executions import executors
from executions.models import Execution
from executions.services import execution_start
from monitoring.models import Alert, MetricSample
from monitoring.services import worker_heartbeat, workers_mark_stale_offline
from monitoring.services.alerts import alert_rule_save, alerts_evaluate_metrics
from notifications.models import Event, Notification
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db(transaction=True)


def test_execution_failed_fires_once_delivers_and_resolves(make_pipeline, editor, staff, settings, httpserver):
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = True  # the webhook receiver is on 127.0.0.1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    staff.email = "ops@example.com"
    staff.save()
    flaky = make_pipeline(
        chain(("src", "t.rows", {"n": 1}), ("x", "t.add", {"fail_times": 2}), ("dst", "t.sink", {"name": "a"})),
        name="Flaky",
    )
    alert_rule_save(
        name="failures",
        kind="execution_failed",
        pipeline=flaky,
        channels=["in_app", "email", "webhook"],
        webhook_url=httpserver.url_for("/hook"),
        webhook_secret="s3cret",
        recipients=[staff],
    )
    for _ in range(2):  # two failures: one open alert, delivered once
        execution_start(pipeline=flaky, user=editor)
        executors.run_inline_until_idle()
    alert = Alert.objects.get()
    assert alert.status == "firing" and alert.subject == f"pipeline:{flaky.slug}" and "planned failure" in alert.message
    assert alert.deliveries["webhook"].startswith("delivered") and alert.deliveries["email"].startswith("delivered")
    assert Notification.objects.filter(user=staff, title__startswith="[firing]").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ops@example.com"]
    request, _ = httpserver.log[0]
    body = request.get_data()
    assert request.headers["X-Sluice-Signature"] == "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert json.loads(body)["status"] == "firing"
    execution_start(pipeline=flaky, user=editor)  # the third attempt succeeds: resolved
    executors.run_inline_until_idle()
    alert.refresh_from_db()
    assert alert.status == "resolved" and alert.resolved_at is not None
    assert Event.objects.filter(type="alert.fired").count() == 1 and Event.objects.filter(type="alert.resolved").count()


def test_duration_above_p95_baseline(make_pipeline, editor, staff):
    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 1}), ("dst", "t.sink", {"name": "d"})), name="Timed")
    alert_rule_save(
        name="slow", kind="duration_above_baseline", pipeline=pipeline, params={"runs": 10}, recipients=[staff]
    )
    for _ in range(4):
        execution_start(pipeline=pipeline, user=editor)
        executors.run_inline_until_idle()
    # rewrite history: four 10-second runs, then one that takes 60 s
    start = timezone.now() - timedelta(hours=1)
    for i, execution in enumerate(Execution.objects.order_by("id")):
        Execution.objects.filter(pk=execution.pk).update(
            started_at=start + timedelta(minutes=i), finished_at=start + timedelta(minutes=i, seconds=10)
        )
    last = execution_start(pipeline=pipeline, user=editor)
    executors.run_inline_until_idle()
    Execution.objects.filter(pk=last.pk).update(
        started_at=timezone.now() - timedelta(seconds=60), finished_at=timezone.now()
    )
    from monitoring.services.alerts import alerts_evaluate_execution

    fired = alerts_evaluate_execution(last.pk)
    assert len(fired) == 1 and fired[0].value == pytest.approx(60, abs=1) and "p95 10.0" in fired[0].message


def test_metric_threshold_for_a_duration_and_worker_offline(staff):
    alert_rule_save(
        name="cpu",
        kind="metric_above_threshold",
        params={"metric": "cpu_percent", "threshold": 90, "for_seconds": 60},
        recipients=[staff],
    )
    alert_rule_save(name="workers", kind="worker_offline", recipients=[staff])
    now = timezone.now()
    common = {
        "source": "web",
        "host": "web-1",
        "memory_percent": 10,
        "memory_used_bytes": 1,
        "disk_percent": 1,
        "net_sent_bytes": 0,
        "net_recv_bytes": 0,
    }
    for seconds, cpu in ((50, 95), (30, 97), (5, 99)):
        MetricSample.objects.create(ts=now - timedelta(seconds=seconds), cpu_percent=cpu, **common)
    worker_heartbeat(name="w9@h", pid=1)
    from monitoring.models import Worker

    Worker.objects.filter(name="w9@h").update(last_seen=now - timedelta(minutes=10))
    workers_mark_stale_offline(stale_after=timedelta(seconds=60))
    MetricSample.objects.exclude(host="web-1").delete()  # the heartbeat sampled this machine: keep it out
    fired = alerts_evaluate_metrics()
    assert {a.subject for a in fired} == {"host:web-1", "worker:w9@h"}
    assert alerts_evaluate_metrics() == []  # de-duplicated
    MetricSample.objects.create(ts=now, cpu_percent=20, **common)  # one sample under: no longer "for 60 s"
    worker_heartbeat(name="w9@h", pid=1)
    MetricSample.objects.exclude(host="web-1").delete()
    alerts_evaluate_metrics()
    assert set(Alert.objects.values_list("status", flat=True)) == {"resolved"}


def test_rule_api_admin_only_and_field_errors(client_for, editor, staff):
    body = {"name": "x", "kind": "metric_above_threshold", "params": {"metric": "nope"}, "channels": ["pager"]}
    assert client_for(editor).post("/api/alert-rules/", body, format="json").status_code == 403
    bad = client_for(staff).post("/api/alert-rules/", body, format="json")
    assert bad.status_code == 400 and {"params", "channels"} <= set(bad.json())
    good = client_for(staff).post(
        "/api/alert-rules/",
        {
            "name": "fail",
            "kind": "execution_failed",
            "channels": ["in_app", "webhook"],
            "webhook_url": "https://hooks.example.com/x",
            "webhook_secret": "k",
            "recipients": [staff.username],
        },
        format="json",
    )
    assert good.status_code == 201 and "webhook_secret" not in good.json()
    assert client_for(staff).get("/api/alerts/").json()["count"] == 0


def test_alert_api_acknowledge_and_resolve(client_for, editor, staff, viewer):
    from monitoring.services.alerts import alert_fire

    rule = alert_rule_save(name="fail", kind="execution_failed", channels=["in_app"], recipients=[editor])
    alert = alert_fire(rule=rule, subject="pipeline:1", message="failed")
    url = f"/api/alerts/{alert.pk}"
    assert client_for(viewer).post(f"{url}/acknowledge/").status_code == 404  # not a recipient
    assert client_for(editor).post(f"{url}/resolve/").status_code == 403  # recipients acknowledge; admins resolve
    acked = client_for(editor).post(f"{url}/acknowledge/")
    assert acked.status_code == 200
    assert acked.json()["acknowledged_by"] == editor.username and acked.json()["status"] == "firing"
    twice = client_for(staff).post(f"{url}/acknowledge/")
    assert twice.status_code == 400 and twice.json()["status"] == [f"Already acknowledged by {editor.username}."]
    event = Event.objects.filter(type="alert.acknowledged").get()
    assert event.data["alert_id"] == alert.pk and event.data["acknowledged_by"] == editor.username
    resolved = client_for(staff).post(f"{url}/resolve/")
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    assert client_for(staff).post(f"{url}/resolve/").json()["status"] == ["The alert is already resolved."]
    assert client_for(staff).post(f"{url}/acknowledge/").status_code == 400
    listed = client_for(editor).get("/api/alerts/").json()["results"][0]
    assert listed["acknowledged_by"] == editor.username and listed["acknowledged_at"]
