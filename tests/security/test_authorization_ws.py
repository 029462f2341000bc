"""The WebSocket side of the authorization matrix (issue 14): /ws/events/ subscribe to every kind of topic
× anonymous / viewer / editor / operator / owner / admin, as matrix.EVENTS says (``ok`` = "subscribed",
``404`` = a "forbidden" error, ``401`` = "unauthenticated"), and what an aggregate topic replays: the
dashboard's events of a pipeline reach only those who may see that pipeline."""

from __future__ import annotations

import re

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from notifications.consumers import EventsConsumer
from tests.security import matrix
from tests.security.authz_world import build_world
from tests.security.matrix import PRINCIPALS

# The consumer reads the database from its own threads: the world must be committed (one flush in all).
pytestmark = pytest.mark.django_db(transaction=True)

OUTCOME = {"subscribed": "ok", "forbidden": "404", "unauthenticated": "401"}


@pytest.fixture(autouse=True)
def local_event_bus(settings):
    settings.SLUICE_EVENT_BUS = "local"  # live events within this process: no other test run hears them
    settings.SLUICE_WS_AUTH_SECONDS = 5  # longer than the exchange below: anonymous answers come per message


def topic_name(world, topic: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(getattr(world, m.group(1)).pk), topic)


async def _answer(ws, topic: str) -> tuple[str, list[dict]]:
    """The outcome of subscribing to ``topic`` (since 0: everything it holds is replayed) and the events
    replayed before it."""
    await ws.send_json_to({"op": "subscribe", "topic": topic, "since": 0})
    events = []
    for _ in range(200):
        message = await ws.receive_json_from(timeout=5)
        if message["type"] == "event":
            events.append(message["event"])
        elif message["type"] == "subscribed" and message["topic"] == topic:
            return "subscribed", events
        elif message["type"] == "error":
            return message["code"], events
    raise AssertionError(f"no answer to subscribing to {topic}")


def test_websocket_topics(subtests):
    """Every principal (and ``role_admin``, the admin group without staff, who must get the admin column)
    over one socket each, in one committed world."""
    world = build_world()
    for principal in [*PRINCIPALS, "role_admin"]:
        with subtests.test(principal=principal):
            _check_principal(world, principal)


def _check_principal(world, principal: str) -> None:
    column = "admin" if principal == "role_admin" else principal
    outcomes: dict[str, str] = {}
    replays: dict[str, list[dict]] = {}

    async def scenario():
        ws = WebsocketCommunicator(EventsConsumer.as_asgi(), "/ws/events/", headers=[(b"origin", b"http://testserver")])
        ws.scope["user"] = AnonymousUser() if principal == "anonymous" else world.users[principal]
        connected, _ = await ws.connect()
        assert connected
        if principal != "anonymous":
            assert (await ws.receive_json_from(timeout=5))["type"] == "welcome"
        for topic in matrix.EVENTS:
            outcomes[topic], replays[topic] = await _answer(ws, topic_name(world, topic))
        await ws.disconnect()

    async_to_sync(scenario)()

    wrong = []
    for topic, entry in matrix.EVENTS.items():
        expected, got = entry.tokens()[column], OUTCOME.get(outcomes[topic], outcomes[topic])
        if got != expected:
            wrong.append(f"{topic}: expected {expected}, got {outcomes[topic]}")
    assert not wrong, f"/ws/events/ as {principal}:\n" + "\n".join(wrong)

    # What the aggregate topics replay: the leak checks of matrix.EVENTS, on the socket.
    for topic, entry in matrix.EVENTS.items():
        if outcomes[topic] != "subscribed" or not entry.leaks:
            continue
        text = repr(replays[topic])
        for mark, seers in entry.leaks:
            value = world.marks[mark]
            if column in seers.split():
                assert value in text, f"{topic} as {principal}: should replay {mark} ({value!r}) and did not"
            else:
                assert value not in text, f"{topic} as {principal}: replayed {mark} ({value!r}) of the owner"
