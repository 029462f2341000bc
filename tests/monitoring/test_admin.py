"""The Django admin of monitoring and notifications: every page opens with search and filters, records
written by the services are read-only, alert rules are saved through alert_rule_save (bad input is a
form error and the webhook secret is never shown), alerts are acknowledged or resolved by action."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from monitoring.models import Alert, AlertRule
from monitoring.services import metrics_sample, worker_heartbeat
from monitoring.services.alerts import alert_fire, alert_rule_save
from notifications.models import Event, PipelineSubscription
from notifications.services import notification_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return factories.UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_every_page_opens_and_records_are_read_only(admin_client, editor):
    sample = metrics_sample()
    worker = worker_heartbeat(name="w1@host", pid=7)
    rule = alert_rule_save(name="fails", kind="execution_failed", channels=["in_app"], recipients=[editor])
    alert = alert_fire(rule=rule, subject="pipeline:1", message="failed")
    note = notification_create(user=editor, title="hello")
    subscription = PipelineSubscription.objects.create(user=editor, topic="pipeline:1")
    event = Event.objects.filter(type="alert.fired").get()
    for url in [
        "/admin/monitoring/metricsample/",
        f"/admin/monitoring/metricsample/{sample.pk}/change/",
        "/admin/monitoring/metricsample/?source=web",
        "/admin/monitoring/worker/?q=w1",
        f"/admin/monitoring/worker/{worker.pk}/change/",
        "/admin/monitoring/alertrule/?kind=execution_failed",
        "/admin/monitoring/alertrule/add/",
        f"/admin/monitoring/alertrule/{rule.pk}/change/",
        f"/admin/monitoring/alertrule/{rule.pk}/delete/",
        "/admin/monitoring/alert/?status=firing&q=pipeline",
        f"/admin/monitoring/alert/{alert.pk}/change/",
        "/admin/notifications/event/?type=alert.fired",
        f"/admin/notifications/event/{event.pk}/change/",
        "/admin/notifications/notification/?q=hello",
        f"/admin/notifications/notification/{note.pk}/change/",
        "/admin/notifications/pipelinesubscription/",
        f"/admin/notifications/pipelinesubscription/{subscription.pk}/change/",
    ]:
        assert admin_client.get(url).status_code == 200, url
    for url in [
        "/admin/monitoring/metricsample/add/",
        "/admin/monitoring/worker/add/",
        "/admin/monitoring/alert/add/",
        "/admin/notifications/event/add/",
        "/admin/notifications/notification/add/",
        "/admin/notifications/pipelinesubscription/add/",
        f"/admin/notifications/event/{event.pk}/delete/",
    ]:
        assert admin_client.get(url).status_code == 403, url
    page = admin_client.get(f"/admin/notifications/event/{event.pk}/change/").content.decode()
    assert 'name="_save"' not in page  # viewed, not edited


def _rule_form(**fields) -> dict:
    data = {
        "name": "slow",
        "kind": "duration_above_baseline",
        "params": json.dumps({"method": "p95", "runs": 10, "factor": 1.5}),
        "channels": json.dumps(["in_app", "webhook"]),
        "emails": "[]",
        "webhook_url": "https://hooks.example.com/x",
        "webhook_secret": "s3cret-value",
        "enabled": "on",
    }
    data.update(fields)
    return data


def test_alert_rules_are_saved_through_the_service(admin_client, editor):
    bad = admin_client.post("/admin/monitoring/alertrule/add/", _rule_form(params=json.dumps({"method": "mode"})))
    assert bad.status_code == 200 and bad.context["adminform"].form.errors
    assert not AlertRule.objects.exists()
    ok = admin_client.post("/admin/monitoring/alertrule/add/", _rule_form(recipients=[editor.pk]))
    assert ok.status_code == 302, ok.context["adminform"].form.errors if ok.context else ok
    rule = AlertRule.objects.get()
    assert rule.webhook_secret == "s3cret-value" and list(rule.recipients.all()) == [editor]
    page = admin_client.get(f"/admin/monitoring/alertrule/{rule.pk}/change/").content.decode()
    assert "s3cret-value" not in page
    change = f"/admin/monitoring/alertrule/{rule.pk}/change/"
    kept = admin_client.post(change, _rule_form(name="slower", webhook_secret=""))
    assert kept.status_code == 302
    rule.refresh_from_db()
    assert rule.name == "slower" and rule.webhook_secret == "s3cret-value" and not rule.recipients.exists()
    alert_fire(rule=rule, subject="pipeline:1", message="slow")
    admin_client.post(f"/admin/monitoring/alertrule/{rule.pk}/delete/", {"post": "yes"})
    assert not AlertRule.objects.exists() and not Alert.objects.exists()


def test_alert_actions_acknowledge_and_resolve(admin_client, superuser):
    rule = alert_rule_save(name="offline", kind="worker_offline", channels=[])
    first = alert_fire(rule=rule, subject="worker:a", message="down")
    second = alert_fire(rule=rule, subject="worker:b", message="down")
    changelist = "/admin/monitoring/alert/"
    admin_client.post(changelist, {"action": "acknowledge", "_selected_action": [first.pk]})
    first.refresh_from_db()
    assert first.acknowledged_by == superuser and first.acknowledged_at <= timezone.now()
    response = admin_client.post(
        changelist, {"action": "resolve", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert "2 alert(s) resolved." in response.content.decode()
    again = admin_client.post(changelist, {"action": "acknowledge", "_selected_action": [second.pk]}, follow=True)
    assert "Only an open (firing) alert can be acknowledged." in again.content.decode()
    assert set(Alert.objects.values_list("status", flat=True)) == {"resolved"}


def test_subscriptions_are_removed_through_the_service(admin_client, editor):
    subscription = PipelineSubscription.objects.create(user=editor, topic="pipeline:1")
    admin_client.post(f"/admin/notifications/pipelinesubscription/{subscription.pk}/delete/", {"post": "yes"})
    assert not PipelineSubscription.objects.exists()


def test_the_event_list_filters_by_type_without_reading_the_table_for_its_choices(admin_client):
    """The type filter offers the schemas' types (no index on Event.type: a DISTINCT over the whole table at
    every page view would be a scan of the busiest table), and filters by the one chosen."""
    from notifications.events import publish

    data = {"alert_id": 1, "rule_id": 1, "rule": "r", "kind": "k", "subject": "pipeline:1", "value": None}
    data["message"] = "m"
    publish("pipeline:1", "alert.fired", data)
    publish("pipeline:1", "alert.resolved", data)
    response = admin_client.get("/admin/notifications/event/?type=alert.fired")
    assert response.status_code == 200
    shown = {e.type for e in response.context["cl"].result_list}
    assert shown == {"alert.fired"}
    html = response.content.decode()
    assert "?type=step.succeeded" in html  # offered though no such event exists: from the schemas
