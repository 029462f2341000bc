"""The WebSocket edge and the per-subscriber filter of ``dashboard`` on a real daphne (whose live events
take the pre-encoded frame path, not the ASGI send of the unit tests): a token client without Origin is
served, a cross-site Origin is refused at the handshake, hostile frames get an error and never 1011,
and each user's dashboard carries only the pipelines they may see."""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from asgiref.sync import sync_to_async
from rest_framework_simplejwt.tokens import AccessToken

from notifications.events import publish
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("celery")]


def token_of(user) -> str:
    return str(AccessToken.for_user(user))


async def recv_json(ws, timeout: float = 10) -> dict:
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


def test_origin_token_and_hostile_frames_on_daphne(daphne_server, editor):
    token = token_of(editor)

    async def scenario():
        # No Origin at all (a script): served on its token.
        async with websockets.connect(f"ws://{daphne_server}/ws/events/?token={token}") as ws:
            assert (await recv_json(ws))["type"] == "welcome"
            await ws.send(b"\x00\x01\x02 binary")
            assert (await recv_json(ws))["code"] == "binary_not_supported"
            await ws.send("[" * 5000 + "]" * 5000)
            assert (await recv_json(ws))["code"] == "malformed"
            await ws.send(json.dumps({"op": "ping", "id": 3}))
            assert await recv_json(ws) == {"type": "pong", "id": 3}
        # A cross-site Origin: refused before the socket opens, token or not.
        with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
            async with websockets.connect(
                f"ws://{daphne_server}/ws/events/?token={token}", origin="https://evil.example"
            ):
                pass
        assert refused.value.response.status_code == 403
        # No Origin and no token: not served (a cookie would not count either).
        async with websockets.connect(f"ws://{daphne_server}/ws/events/") as ws:
            await ws.send(json.dumps({"op": "subscribe", "topic": "dashboard"}))
            assert (await recv_json(ws))["code"] == "unauthenticated"

    asyncio.run(scenario())


def test_dashboard_is_filtered_per_subscriber_on_daphne(daphne_server):
    alice, bob = factories.UserFactory(role="editor"), factories.UserFactory(role="editor")
    mine, theirs = factories.PipelineFactory(owner=alice), factories.PipelineFactory(owner=bob)

    def emit(pipeline):
        from django.db import connection

        try:
            data = {"pipeline_id": pipeline.pk, "slug": pipeline.slug, "name": "x"}
            return publish("dashboard", "pipeline.updated", data)[0].pk
        finally:
            connection.close()  # this worker thread's connection must not outlive the test database

    async def scenario():
        sockets = {}
        for name, user in (("alice", alice), ("bob", bob)):
            ws = await websockets.connect(f"ws://{daphne_server}/ws/events/?token={token_of(user)}")
            assert (await recv_json(ws))["type"] == "welcome"
            await ws.send(json.dumps({"op": "subscribe", "topic": "dashboard"}))
            assert (await recv_json(ws))["type"] == "subscribed"
            sockets[name] = ws
        sent = []
        for _ in range(5):
            sent.append(("alice", await sync_to_async(emit)(mine)))
            sent.append(("bob", await sync_to_async(emit)(theirs)))
        seen = {"alice": [], "bob": []}
        for name, ws in sockets.items():
            expected = [pk for who, pk in sent if who == name]
            while len(seen[name]) < len(expected):
                seen[name].append((await recv_json(ws))["event"]["id"])
            assert sorted(seen[name]) == expected
            await ws.send(json.dumps({"op": "ping", "id": 1}))  # nothing else was queued before the pong
            assert await recv_json(ws) == {"type": "pong", "id": 1}
            await ws.close()

    asyncio.run(scenario())
