"""Aggregate topics are filtered per subscriber: over the WebSocket (live and replay), in /api/events/,
and subscriptions to them or to topics the user cannot see are refused."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator

from monitoring.models import AlertRule
from notifications import topics
from notifications.consumers import EventsConsumer
from notifications.events import publish
from tests import factories


def pipeline_event(pipeline, type="pipeline.updated", topic="dashboard"):
    return publish(topic, type, {"pipeline_id": pipeline.pk, "slug": pipeline.slug, "name": pipeline.name})[0]


def execution_failed(pipeline, error="boom"):
    data = {
        "execution_id": 1,
        "pipeline_id": pipeline.pk,
        "pipeline_slug": pipeline.slug,
        "version": 1,
        "status": "failed",
        "trigger": "manual",
        "duration_seconds": 1.0,
        "rows_in": 0,
        "rows_out": 0,
        "error": error,
    }
    return publish("dashboard", "execution.failed", data)[0]


def worker_online():
    data = {"name": "w1", "host": "h1", "pid": 1, "last_seen": "2026-01-01T00:00:00+00:00"}
    return publish("metrics:system", "worker.online", data, topics=("dashboard",))


def alert_fired(rule):
    data = {"alert_id": 1, "rule_id": rule.pk, "rule": rule.name, "kind": rule.kind, "subject": "worker:w1"}
    return publish("dashboard", "alert.fired", data | {"value": None, "message": "worker w1 is offline"})[0]


@pytest.fixture
def world(db):
    """Two editors each owning a pipeline, a viewer sharing nothing, an admin, and an alert rule whose
    only recipient is the first editor."""
    alice, bob = factories.UserFactory(role="editor"), factories.UserFactory(role="editor")
    viewer, admin = factories.UserFactory(role="viewer"), factories.UserFactory(is_staff=True)
    mine, theirs = factories.PipelineFactory(owner=alice), factories.PipelineFactory(owner=bob)
    rule = AlertRule.objects.create(name="workers", kind=AlertRule.Kind.WORKER_OFFLINE)
    rule.recipients.add(alice)
    return {"alice": alice, "bob": bob, "viewer": viewer, "admin": admin, "mine": mine, "theirs": theirs, "rule": rule}


# --- /api/events/ ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_dashboard_events_are_filtered_per_user(client_for, world):
    a = pipeline_event(world["mine"])
    b = pipeline_event(world["theirs"])
    fa, fb = execution_failed(world["mine"]), execution_failed(world["theirs"])
    (w,) = [e for e in worker_online() if e.topic == "dashboard"]
    alert = alert_fired(world["rule"])

    def ids(user, query="topic=dashboard"):
        response = client_for(user).get(f"/api/events/?{query}")
        assert response.status_code == 200, response.content
        return [e["id"] for e in response.json()["results"]]

    assert ids(world["alice"]) == [a.pk, fa.pk, w.pk, alert.pk]
    assert ids(world["bob"]) == [b.pk, fb.pk, w.pk]
    assert ids(world["viewer"]) == [w.pk]
    assert ids(world["admin"]) == [a.pk, b.pk, fa.pk, fb.pk, w.pk, alert.pk]
    assert ids(world["alice"], f"topic=dashboard&since={a.pk}") == [fa.pk, w.pk, alert.pk]
    assert ids(world["bob"], "topic=dashboard&type=execution.failed") == [fb.pk]
    # host metrics: every signed-in user (like the system page)
    assert len(ids(world["viewer"], "topic=metrics:system")) == 1


@pytest.mark.django_db
def test_sharing_a_pipeline_shows_its_events(client_for, world):
    b = pipeline_event(world["theirs"])
    world["theirs"].shared_with_users.add(world["alice"])
    response = client_for(world["alice"]).get("/api/events/?topic=dashboard")
    assert [e["id"] for e in response.json()["results"]] == [b.pk]


@pytest.mark.django_db
def test_unscoped_unknown_event_types_are_shown_to_staff_only(world):
    """Fail closed: an event on an aggregate topic with no scoped key and not declared public."""
    event = {"topic": "dashboard", "type": "something.new", "data": {"host": "secret"}}
    assert not topics.Audience.load(world["alice"]).allows(event)
    assert topics.Audience.load(world["admin"]).allows(event)
    assert topics.Audience.load(world["alice"]).allows(event | {"type": "worker.online"})


@pytest.mark.django_db
def test_subscriptions_to_aggregate_or_invisible_topics_are_refused(client_for, world):
    c = client_for(world["alice"])
    dashboard = c.post("/api/subscriptions/", {"topic": "dashboard"}, format="json")
    assert dashboard.status_code == 400 and "aggregate topic" in dashboard.json()["topic"][0]
    theirs = c.post("/api/subscriptions/", {"topic": f"pipeline:{world['theirs'].pk}"}, format="json")
    assert theirs.status_code == 400 and "not visible to you" in theirs.json()["topic"][0]
    other_user = c.post("/api/subscriptions/", {"topic": f"user:{world['bob'].pk}"}, format="json")
    assert other_user.status_code == 400
    mine = c.post("/api/subscriptions/", {"topic": f"pipeline:{world['mine'].pk}"}, format="json")
    assert mine.status_code == 201


# --- the WebSocket -----------------------------------------------------------------------------------


@pytest.fixture
def local_bus(settings):
    settings.SLUICE_EVENT_BUS = "local"
    settings.SLUICE_WS_AUTH_SECONDS = 0.5


def connect(user) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(EventsConsumer.as_asgi(), "/ws/events/")
    communicator.scope["user"] = user
    return communicator


async def events_until_quiet(ws, timeout=0.5) -> list[dict]:
    got = []
    for _ in range(1000):
        if await ws.receive_nothing(timeout=timeout):
            return got
        message = await ws.receive_json_from()
        if message["type"] == "event":
            got.append(message["event"])
    raise AssertionError("the socket never went quiet")


@pytest.mark.django_db(transaction=True)
def test_websocket_dashboard_live_and_replay_are_filtered(world, local_bus):
    before = [pipeline_event(world["mine"]), pipeline_event(world["theirs"])]

    async def scenario():
        sockets = {}
        for name in ("alice", "bob", "viewer", "admin"):
            ws = sockets[name] = connect(world[name])
            assert (await ws.connect())[0]
            assert (await ws.receive_json_from())["type"] == "welcome"
            await ws.send_json_to({"op": "subscribe", "topic": "dashboard", "since": 0})
        replayed = {}
        for name, ws in sockets.items():
            got = []
            while (message := await ws.receive_json_from())["type"] != "subscribed":
                got.append(message["event"]["id"])
            replayed[name] = got
        assert replayed == {
            "alice": [before[0].pk],
            "bob": [before[1].pk],
            "viewer": [],
            "admin": [before[0].pk, before[1].pk],
        }
        live_a = await sync_to_async(execution_failed)(world["mine"], error="alice's error")
        live_b = await sync_to_async(execution_failed)(world["theirs"], error="bob's error")
        seen = {name: await events_until_quiet(ws) for name, ws in sockets.items()}
        assert [e["id"] for e in seen["alice"]] == [live_a.pk]
        assert [e["id"] for e in seen["bob"]] == [live_b.pk]
        assert seen["viewer"] == []
        assert [e["id"] for e in seen["admin"]] == [live_a.pk, live_b.pk]
        for ws in sockets.values():
            await ws.disconnect()

    async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True)
def test_websocket_new_pipeline_is_seen_by_its_owner_without_a_query_per_event(world, local_bus, monkeypatch):
    loads: list[int] = []
    real_load = topics.Audience.load.__func__

    def counting_load(cls, user):
        loads.append(user.pk)
        return real_load(cls, user)

    monkeypatch.setattr(topics.Audience, "load", classmethod(counting_load))

    async def scenario():
        alice, bob = connect(world["alice"]), connect(world["bob"])
        for ws in (alice, bob):
            await ws.connect()
            await ws.receive_json_from()
            await ws.send_json_to({"op": "subscribe", "topic": "dashboard"})
            assert (await ws.receive_json_from())["type"] == "subscribed"
        assert sorted(loads) == sorted([world["alice"].pk, world["bob"].pk])  # one read per socket
        # Bob's events, many of them: judged from the cached audience, without reading it again.
        for _ in range(20):
            await sync_to_async(execution_failed)(world["theirs"])
        assert len(await events_until_quiet(bob, timeout=0.3)) == 20
        assert await events_until_quiet(alice, timeout=0.3) == []
        assert len(loads) == 2
        # Alice makes a pipeline after subscribing: its creation (and what follows) reaches her.
        new = await sync_to_async(factories.PipelineFactory)(owner=world["alice"])
        created = await sync_to_async(pipeline_event)(new, "pipeline.created")
        failed = await sync_to_async(execution_failed)(new)
        got = await events_until_quiet(alice, timeout=2.0)
        assert [e["id"] for e in got] == [created.pk, failed.pk]
        assert await events_until_quiet(bob, timeout=0.3) == []
        assert loads.count(world["alice"].pk) == 2  # re-read once, for the new subject
        for ws in (alice, bob):
            await ws.disconnect()

    async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True)
def test_websocket_alerts_go_to_recipients_and_admins(world, local_bus):
    async def scenario():
        sockets = {name: connect(world[name]) for name in ("alice", "bob", "admin")}
        for ws in sockets.values():
            await ws.connect()
            await ws.receive_json_from()
            await ws.send_json_to({"op": "subscribe", "topic": "dashboard"})
            assert (await ws.receive_json_from())["type"] == "subscribed"
        alert = await sync_to_async(alert_fired)(world["rule"])
        seen = {name: [e["id"] for e in await events_until_quiet(ws)] for name, ws in sockets.items()}
        assert seen == {"alice": [alert.pk], "bob": [], "admin": [alert.pk]}
        for ws in sockets.values():
            await ws.disconnect()

    async_to_sync(scenario)()


async def events_during(ws, seconds: float) -> list[dict]:
    """The events received in the next ``seconds`` (heartbeats keep coming, so never "until quiet")."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    got = []
    for _ in range(1000):
        left = deadline - loop.time()
        if left <= 0 or await ws.receive_nothing(timeout=min(left, 0.05)):
            if loop.time() >= deadline:
                break
            continue
        message = await ws.receive_json_from()
        if message["type"] == "event":
            got.append(message["event"])
    return got


@pytest.mark.django_db(transaction=True)
def test_a_pipeline_shared_while_connected_shows_after_the_periodic_re_read(world, local_bus, settings):
    settings.SLUICE_WS_HEARTBEAT_SECONDS = 0.1
    settings.SLUICE_WS_AUDIENCE_SECONDS = 0.2

    async def scenario():
        alice = connect(world["alice"])
        await alice.connect()
        await alice.receive_json_from()
        await alice.send_json_to({"op": "subscribe", "topic": "dashboard"})
        assert (await alice.receive_json_from())["type"] == "subscribed"
        await sync_to_async(execution_failed)(world["theirs"])
        assert await events_during(alice, 0.3) == []
        await sync_to_async(world["theirs"].shared_with_users.add)(world["alice"])
        assert await events_during(alice, 1.0) == []  # heartbeats; the audience is re-read meanwhile
        shared = await sync_to_async(execution_failed)(world["theirs"])
        assert [e["id"] for e in await events_during(alice, 0.5)] == [shared.pk]
        await sync_to_async(world["theirs"].shared_with_users.remove)(world["alice"])
        assert await events_during(alice, 1.0) == []
        await sync_to_async(execution_failed)(world["theirs"])
        assert await events_during(alice, 0.5) == []
        await alice.disconnect()

    async_to_sync(scenario)()


def test_every_event_type_is_scoped_public_or_never_on_an_aggregate_topic():
    """A new event type must say who sees it on dashboard: a scoped key (pipeline_id, rule_id), a public
    declaration, or this list of types that only go to topics checked as a whole."""
    from notifications.schemas import SCHEMAS

    never_aggregate = {
        "step.log": "execution:<id>",
        "notification.created": "user:<id>",
        "git.synced": "git:<id>",  # gitsync/services/events.py: the repository's topic only
        "git.failed": "git:<id>",
        "report.delivered": "report:<id>",  # reports/services.py: the report's topic only
    }
    for name, (schema, _version) in SCHEMAS.items():
        scoped = set(schema.model_fields) & set(topics._SCOPES)
        assert scoped or name in topics._PUBLIC_TYPES or name in never_aggregate, name


@pytest.mark.django_db
def test_progress_on_the_dashboard_is_coalesced_per_execution_not_for_all(world):
    """Each subscriber sees only their pipelines' progress: Bob's busy run must not use up Alice's share."""
    from notifications.events import publish_coalesced

    def progress(pipeline, execution_id):
        def build():
            data = {"execution_id": execution_id, "pipeline_id": pipeline.pk, "steps_total": 2, "steps_done": 1}
            return data | {"progress": 0.5}

        return publish_coalesced(
            f"execution:{execution_id}", "execution.progress", build, topics=("dashboard",), subject=execution_id
        )

    bob_run, alice_run = 9_100_001, 9_100_002
    assert [e.topic for e in progress(world["theirs"], bob_run)] == [f"execution:{bob_run}", "dashboard"]
    assert [e.topic for e in progress(world["mine"], alice_run)] == [f"execution:{alice_run}", "dashboard"]
