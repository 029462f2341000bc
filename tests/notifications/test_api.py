from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.events import publish
from notifications.models import Event, Notification
from notifications.services import events_cleanup, notification_create
from tests import factories

pytestmark = pytest.mark.django_db


def emit(pipeline, n):
    return publish(
        f"pipeline:{pipeline.pk}",
        "pipeline.versioned",
        {"pipeline_id": pipeline.pk, "slug": pipeline.slug, "name": pipeline.name, "version": n},
    )[0]


def test_events_catch_up_and_permissions(client_for, editor):
    pipeline = factories.PipelineFactory(owner=editor)
    first, second, third = emit(pipeline, 1), emit(pipeline, 2), emit(pipeline, 3)
    c = client_for(editor)
    body = c.get(f"/api/events/?topic=pipeline:{pipeline.pk}&since={first.pk}").json()
    assert [e["id"] for e in body["results"]] == [second.pk, third.pk]
    assert body["results"][0]["data"]["version"] == 2
    assert c.get("/api/events/").status_code == 400
    assert c.get("/api/events/?topic=bogus").status_code == 400
    assert c.get(f"/api/events/?topic=pipeline:{pipeline.pk}&since=x").status_code == 400
    stranger = factories.UserFactory(role="editor")
    assert client_for(stranger).get(f"/api/events/?topic=pipeline:{pipeline.pk}").status_code == 404


def test_inbox_unread_count_and_mark_read(client_for, editor):
    c = client_for(editor)
    a = notification_create(user=editor, title="one")
    notification_create(user=editor, title="two", level="error")
    notification_create(user=factories.UserFactory(), title="someone else's")
    assert c.get("/api/notifications/unread-count/").json() == {"unread": 2}
    assert [n["title"] for n in c.get("/api/notifications/").json()["results"]] == ["two", "one"]
    assert c.post("/api/notifications/mark-read/", {"ids": [a.pk]}, format="json").json() == {"marked": 1}
    assert c.get("/api/notifications/?unread=1").json()["count"] == 1
    assert c.post("/api/notifications/mark-read/", {}, format="json").json() == {"marked": 1}
    assert c.get("/api/notifications/unread-count/").json() == {"unread": 0}
    assert c.post("/api/notifications/mark-read/", {"ids": ["x"]}, format="json").status_code == 400
    # the notification was also announced on the user's own topic
    assert Event.objects.filter(topic=f"user:{editor.pk}", type="notification.created").count() == 2


def test_subscriptions(client_for, editor):
    pipeline = factories.PipelineFactory(owner=editor)
    c = client_for(editor)
    created = c.post(
        "/api/subscriptions/", {"topic": f"pipeline:{pipeline.pk}", "event_types": ["execution.failed"]}, format="json"
    )
    assert created.status_code == 201
    again = c.post("/api/subscriptions/", {"topic": f"pipeline:{pipeline.pk}"}, format="json")
    assert again.status_code == 400 and "already subscribed" in again.json()["topic"][0]
    bad = c.post("/api/subscriptions/", {"topic": f"pipeline:{pipeline.pk}x", "event_types": ["nope"]}, format="json")
    assert bad.status_code == 400
    other = factories.PipelineFactory()
    forbidden = c.post("/api/subscriptions/", {"topic": f"pipeline:{other.pk}"}, format="json")
    assert forbidden.status_code == 400 and "may not" in forbidden.json()["topic"][0]
    assert len(c.get("/api/subscriptions/").json()) == 1
    assert c.delete(f"/api/subscriptions/{created.json()['id']}/").status_code == 204
    assert c.get("/api/subscriptions/").json() == []


def test_event_retention(editor):
    pipeline = factories.PipelineFactory(owner=editor)
    old, new = emit(pipeline, 1), emit(pipeline, 2)
    Event.objects.filter(pk=old.pk).update(ts=timezone.now() - timedelta(days=40))
    assert events_cleanup(before=timezone.now() - timedelta(days=30)) == 1
    assert list(Event.objects.values_list("pk", flat=True)) == [new.pk]
    assert Notification.objects.count() == 0


def test_a_batch_is_inserted_in_chunks_in_publication_order(editor, monkeypatch):
    from django.db import transaction

    from notifications import events

    monkeypatch.setattr(events, "_INSERT_ROWS", 7)  # PostgreSQL caps a statement at 65,535 parameters
    pipeline = factories.PipelineFactory(owner=editor)
    with transaction.atomic(), events.batch():
        emitted = [emit(pipeline, n) for n in range(1, 21)]
    assert all(e.pk and not e._state.adding for e in emitted)
    stored = list(Event.objects.filter(topic=f"pipeline:{pipeline.pk}").order_by("id"))
    assert [e.pk for e in stored] == [e.pk for e in emitted]
    assert [e.data["version"] for e in stored] == list(range(1, 21))


def test_subscribers_get_in_app_and_email(editor, settings):
    from django.core import mail

    from notifications.services import notify_subscribers, subscription_create

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    pipeline = factories.PipelineFactory(owner=editor)
    subscription_create(user=editor, topic=f"pipeline:{pipeline.pk}", channels=["in_app", "email"])
    made = notify_subscribers(topic=f"pipeline:{pipeline.pk}", event_type="execution.failed", title="run failed")
    assert len(made) == 1 and len(mail.outbox) == 1 and mail.outbox[0].to == [editor.email]
    assert notify_subscribers(topic=f"pipeline:{pipeline.pk}", event_type="execution.succeeded", title="ok") == []
