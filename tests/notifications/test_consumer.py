"""/ws/events/ with channels' WebsocketCommunicator: every op, error and permission case, and replay."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from rest_framework_simplejwt.tokens import AccessToken

from notifications.consumers import EventsConsumer
from notifications.events import publish
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def local_event_bus(settings):
    settings.SLUICE_EVENT_BUS = "local"  # live events within this process: no other test run hears them
    settings.SLUICE_WS_AUTH_SECONDS = 0.3


def connect(user=None, query: str = "") -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(EventsConsumer.as_asgi(), f"/ws/events/{query}")
    communicator.scope["user"] = user or AnonymousUser()
    return communicator


def run(coro):
    return async_to_sync(coro)()


async def receive_until(communicator, kind: str, limit: int = 20):
    for _ in range(limit):
        message = await communicator.receive_json_from(timeout=3)
        if message["type"] == kind:
            return message
    raise AssertionError(f"no {kind!r} message")


def test_subscribe_receive_unsubscribe_ping(editor):
    pipeline = factories.PipelineFactory(owner=editor)

    async def scenario():
        ws = connect(editor)
        assert (await ws.connect())[0]
        assert (await ws.receive_json_from())["type"] == "welcome"
        await ws.send_json_to({"op": "subscribe", "topic": f"pipeline:{pipeline.pk}"})
        assert (await ws.receive_json_from())["type"] == "subscribed"
        await sync_to_async(publish)(
            f"pipeline:{pipeline.pk}",
            "pipeline.updated",
            {"pipeline_id": pipeline.pk, "slug": pipeline.slug, "name": pipeline.name},
        )
        message = await ws.receive_json_from()
        event = message["event"]
        assert message["type"] == "event" and event["type"] == "pipeline.updated"
        assert event["data"]["slug"] == pipeline.slug and event["id"] > 0
        await ws.send_json_to({"op": "ping", "id": 7})
        assert await ws.receive_json_from() == {"type": "pong", "id": 7}
        await ws.send_json_to({"op": "unsubscribe", "topic": f"pipeline:{pipeline.pk}"})
        assert (await ws.receive_json_from())["type"] == "unsubscribed"
        await sync_to_async(publish)(
            f"pipeline:{pipeline.pk}",
            "pipeline.updated",
            {"pipeline_id": pipeline.pk, "slug": pipeline.slug, "name": pipeline.name},
        )
        assert await ws.receive_nothing(timeout=0.3)
        await ws.disconnect()

    run(scenario)


@pytest.mark.parametrize(
    "message,code",
    [
        ({"op": "subscribe", "topic": "nonsense"}, "unknown_topic"),
        ({"op": "subscribe", "topic": "execution"}, "unknown_topic"),
        ({"op": "subscribe", "topic": "dashboard", "since": "yesterday"}, "malformed"),
        ({"op": "dance"}, "unknown_op"),
        ({"no_op": 1}, "malformed"),
        ({"op": "unsubscribe", "topic": "dashboard"}, "not_subscribed"),
    ],
)
def test_errors_keep_the_connection_up(editor, message, code):
    async def scenario():
        ws = connect(editor)
        await ws.connect()
        await ws.receive_json_from()
        await ws.send_json_to(message)
        error = await ws.receive_json_from()
        assert error["type"] == "error" and error["code"] == code, error
        await ws.send_to(text_data="{not json")
        assert (await ws.receive_json_from())["code"] == "malformed"
        await ws.send_json_to({"op": "ping"})
        assert (await ws.receive_json_from())["type"] == "pong"
        await ws.disconnect()

    run(scenario)


def test_permissions_other_users_topics_are_forbidden(editor):
    other = factories.UserFactory(role="editor")
    theirs = factories.PipelineFactory(owner=other)

    async def scenario():
        ws = connect(editor)
        await ws.connect()
        await ws.receive_json_from()
        for topic in (f"pipeline:{theirs.pk}", f"user:{other.pk}", "execution:999999"):
            await ws.send_json_to({"op": "subscribe", "topic": topic})
            error = await ws.receive_json_from()
            assert error["code"] == "forbidden", (topic, error)
        for topic in (f"user:{editor.pk}", "dashboard", "metrics:system"):
            await ws.send_json_to({"op": "subscribe", "topic": topic})
            assert (await ws.receive_json_from())["type"] == "subscribed"
        await ws.disconnect()

    run(scenario)


def test_anonymous_is_closed_with_4401_and_tokens_work(editor):
    async def anonymous():
        ws = connect()
        await ws.connect()
        await ws.send_json_to({"op": "subscribe", "topic": "dashboard"})
        assert (await ws.receive_json_from())["code"] == "unauthenticated"
        assert (await receive_until(ws, "error"))["code"] == "unauthenticated"
        assert (await ws.receive_output(timeout=3))["code"] == 4401
        await ws.disconnect()

    run(anonymous)
    token = str(AccessToken.for_user(editor))

    async def query_token():
        ws = connect(query=f"?token={token}")
        await ws.connect()
        assert (await ws.receive_json_from())["type"] == "welcome"
        await ws.disconnect()

    run(query_token)

    async def message_token():
        ws = connect()
        await ws.connect()
        await ws.send_json_to({"op": "auth", "token": token})
        assert (await ws.receive_json_from())["user"] == editor.username
        await ws.disconnect()

    run(message_token)

    async def bad_token():
        ws = connect()
        await ws.connect()
        await ws.send_json_to({"op": "auth", "token": "nope"})
        assert (await ws.receive_json_from())["code"] == "unauthenticated"
        assert (await ws.receive_output(timeout=3))["code"] == 4401
        await ws.disconnect()

    run(bad_token)


def test_since_replays_missed_events_in_order_then_streams(editor):
    pipeline = factories.PipelineFactory(owner=editor)
    topic = f"pipeline:{pipeline.pk}"

    def emit(n):
        return publish(
            topic,
            "pipeline.versioned",
            {"pipeline_id": pipeline.pk, "slug": pipeline.slug, "name": pipeline.name, "version": n},
        )[0]

    seen = emit(1)
    missed = [emit(n) for n in range(2, 6)]

    async def scenario():
        ws = connect(editor)
        await ws.connect()
        await ws.receive_json_from()
        await ws.send_json_to({"op": "subscribe", "topic": topic, "since": seen.pk})
        replayed = [(await ws.receive_json_from())["event"] for _ in missed]
        assert [e["id"] for e in replayed] == [e.pk for e in missed]
        assert [e["data"]["version"] for e in replayed] == [2, 3, 4, 5]
        done = await ws.receive_json_from()
        assert done["type"] == "subscribed" and done["replayed"] == 4 and done["last_id"] == missed[-1].pk
        live = await sync_to_async(emit)(6)
        event = (await ws.receive_json_from())["event"]
        assert event["id"] == live.pk and event["data"]["version"] == 6
        assert await ws.receive_nothing(timeout=0.2)  # no duplicates
        await ws.disconnect()

    run(scenario)


def test_connection_limit_per_user(editor, settings):
    settings.SLUICE_WS_MAX_PER_USER = 1

    async def scenario():
        first = connect(editor)
        await first.connect()
        await first.receive_json_from()
        second = connect(editor)
        await second.connect()
        assert (await second.receive_json_from())["code"] == "too_many_connections"
        assert (await second.receive_output(timeout=3))["code"] == 4429
        await first.disconnect()
        third = connect(editor)
        await third.connect()
        assert (await third.receive_json_from())["type"] == "welcome"
        await third.disconnect()

    run(scenario)
