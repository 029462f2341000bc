"""The WebSocket edge: Origin and token rules at the handshake, unauthenticated sockets capped per
address, hostile frames answered with an error instead of a server error (1011)."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from rest_framework_simplejwt.tokens import AccessToken

from notifications.consumers import EventsConsumer
from notifications.origin import origin_or_token_validator
from notifications.routing import websocket_urlpatterns

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def local_event_bus(settings):
    settings.SLUICE_EVENT_BUS = "local"
    settings.SLUICE_WS_AUTH_SECONDS = 5


def run(coro):
    return async_to_sync(coro)()


def plain(user=None, client=("10.0.0.1", 5000)) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(EventsConsumer.as_asgi(), "/ws/events/")
    communicator.scope["user"] = user or AnonymousUser()
    communicator.scope["client"] = client
    return communicator


def through_the_stack(path="/ws/events/", headers=()) -> WebsocketCommunicator:
    """The application as config/asgi.py builds it: Origin check, session auth, routing."""
    app = origin_or_token_validator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
    return WebsocketCommunicator(app, path, headers=list(headers))


def session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"{django_settings.SESSION_COOKIE_NAME}={client.cookies[django_settings.SESSION_COOKIE_NAME].value}".encode()


def test_a_token_client_without_origin_is_served(editor):
    token = str(AccessToken.for_user(editor))

    async def scenario():
        ws = through_the_stack(f"/ws/events/?token={token}")
        connected, _ = await ws.connect()
        assert connected
        welcome = await ws.receive_json_from()
        assert welcome["type"] == "welcome" and welcome["user"] == editor.username
        await ws.disconnect()

        ws = through_the_stack()  # the token in the first message
        assert (await ws.connect())[0]
        await ws.send_json_to({"op": "auth", "token": token})
        assert (await ws.receive_json_from())["type"] == "welcome"
        await ws.disconnect()

    run(scenario)


def test_without_origin_a_session_cookie_is_not_enough(editor):
    cookie = session_cookie(editor)

    async def scenario():
        ws = through_the_stack(headers=[(b"cookie", cookie)])
        assert (await ws.connect())[0]
        await ws.send_json_to({"op": "subscribe", "topic": "dashboard"})
        assert (await ws.receive_json_from())["code"] == "unauthenticated"
        await ws.disconnect()

        same_site = through_the_stack(headers=[(b"cookie", cookie), (b"origin", b"http://127.0.0.1:8000")])
        assert (await same_site.connect())[0]
        assert (await same_site.receive_json_from())["user"] == editor.username
        await same_site.disconnect()

    run(scenario)


@pytest.mark.parametrize("origin", [b"https://evil.example", b"null", b"http://127.0.0.1.evil.example"])
def test_a_cross_site_origin_is_refused_even_with_a_token(editor, origin):
    token = str(AccessToken.for_user(editor))

    async def scenario():
        ws = through_the_stack(f"/ws/events/?token={token}", headers=[(b"origin", origin)])
        connected, _ = await ws.connect()
        assert not connected
        await ws.disconnect()

    run(scenario)


def test_unauthenticated_sockets_are_capped_per_address(editor, settings):
    settings.SLUICE_WS_MAX_ANON_PER_ADDRESS = 2
    token = str(AccessToken.for_user(editor))

    async def scenario():
        first, second = plain(), plain()
        for ws in (first, second):
            assert (await ws.connect())[0]
        third = plain()
        await third.connect()
        refused = await third.receive_json_from()
        assert refused["code"] == "too_many_connections" and "per address" in refused["message"]
        assert (await third.receive_output(timeout=3))["code"] == 4429
        elsewhere = plain(client=("10.0.0.2", 5000))  # another address has its own allowance
        assert (await elsewhere.connect())[0]
        assert await elsewhere.receive_nothing(timeout=0.1)
        # Authenticating frees the slot.
        await first.send_json_to({"op": "auth", "token": token})
        assert (await first.receive_json_from())["type"] == "welcome"
        fourth = plain()
        assert (await fourth.connect())[0]
        assert await fourth.receive_nothing(timeout=0.1)
        # Closing one frees it too.
        await second.disconnect()
        fifth = plain()
        assert (await fifth.connect())[0]
        assert await fifth.receive_nothing(timeout=0.1)
        for ws in (first, elsewhere, fourth, fifth):
            await ws.disconnect()

    run(scenario)


@pytest.mark.parametrize(
    "frame,code",
    [
        ({"bytes_data": b"\x00\x01binary"}, "binary_not_supported"),
        ({"text_data": "[" * 5000 + "]" * 5000}, "malformed"),
        ({"text_data": '{"op": "subscribe", "topic": ' + "[" * 5000 + "]" * 5000 + "}"}, "malformed"),
        ({"text_data": '{"op": "subscribe", "topic": ' + "[" * 500 + "]" * 500 + "}"}, "unknown_topic"),
        ({"text_data": '{"op": "ping", "pad": "' + "x" * 70_000 + '"}'}, "too_large"),
        ({"text_data": '{"op": "unsubscribe", "topic": [1, {"a": 2}]}'}, "not_subscribed"),
        ({"text_data": '{"op": "subscribe", "topic": {"a": 1}, "since": [1]}'}, "unknown_topic"),
        ({"text_data": '{"op": "subscribe", "topic": "dashboard", "since": {"x": 1}}'}, "malformed"),
        ({"text_data": '{"op": "auth", "token": [1]}'}, "already_authenticated"),
        ({"text_data": '"just a string"'}, "malformed"),
    ],
)
def test_hostile_frames_get_an_error_and_the_connection_stays_up(editor, frame, code):
    async def scenario():
        ws = plain(editor)
        assert (await ws.connect())[0]
        assert (await ws.receive_json_from())["type"] == "welcome"
        await ws.send_to(**frame)
        error = await ws.receive_json_from()
        assert error["type"] == "error" and error["code"] == code, error
        await ws.send_json_to({"op": "ping", "id": 1})
        assert await ws.receive_json_from() == {"type": "pong", "id": 1}
        await ws.disconnect()

    run(scenario)


def test_hostile_frames_before_authentication_are_answered_too():
    async def scenario():
        ws = plain()
        assert (await ws.connect())[0]
        await ws.send_to(bytes_data=b"\xff" * 10)
        assert (await ws.receive_json_from())["code"] == "binary_not_supported"
        await ws.send_to(text_data="{" * 5000)
        assert (await ws.receive_json_from())["code"] == "malformed"
        await ws.disconnect()

    run(scenario)


def _random_json(rng, depth=0):
    kinds = ["int", "str", "bool", "null", "float", "list", "dict"] if depth < 4 else ["int", "str", "null"]
    kind = rng.choice(kinds)
    if kind == "int":
        return rng.choice([0, -1, 1, 2**63, -(2**70), rng.randint(-10, 10**6)])
    if kind == "str":
        return rng.choice(
            ["", "dashboard", "execution:1", "pipeline:x", "user:1", "metrics:system", "a" * 300, "\u0000", "ü:1"]
        )
    if kind == "bool":
        return rng.choice([True, False])
    if kind == "null":
        return None
    if kind == "float":
        return rng.choice([0.5, -1e308, 1e308])
    if kind == "list":
        return [_random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(["op", "topic", "since", "x"]): _random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def test_random_messages_never_close_the_socket(editor):
    """300 messages with random values in every field: each gets an answer, the socket stays up."""
    import random

    rng = random.Random(14)
    ops = ["subscribe", "unsubscribe", "ping", "auth", "nope", None, 1, ["subscribe"]]
    messages = []
    for _ in range(300):
        message = {"op": rng.choice(ops)}
        for key in ("topic", "since", "token", "id"):
            if rng.random() < 0.7:
                message[key] = _random_json(rng)
        messages.append(message)

    async def scenario():
        ws = plain(editor)
        assert (await ws.connect())[0]
        assert (await ws.receive_json_from())["type"] == "welcome"
        for message in messages:
            await ws.send_json_to(message)
        await ws.send_json_to({"op": "ping", "id": "last"})
        for _ in range(2000):
            answer = await ws.receive_json_from(timeout=5)  # fails if the socket was closed instead
            if answer == {"type": "pong", "id": "last"}:
                break
        else:
            raise AssertionError("no answer to the last ping")
        await ws.disconnect()

    run(scenario)
