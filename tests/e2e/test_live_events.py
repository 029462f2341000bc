"""A real daphne, a real Celery worker and a websocket client: a run's full, ordered event sequence,
and a client that misses events while disconnected and catches up through ``since``."""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from asgiref.sync import sync_to_async
from rest_framework_simplejwt.tokens import AccessToken

from executions.services import execution_start
from notifications.models import Event
from tests.e2e.conftest import versioned_pipeline

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("celery")]


def in_thread(fn, **kwargs):
    """Run database work from the event loop in a worker thread and close that thread's connection
    (otherwise it outlives the test and blocks dropping the test database)."""
    from django.db import connection

    def call():
        try:
            return fn(**kwargs)
        finally:
            connection.close()

    return sync_to_async(call)()


def make(user, sleep: float = 0.0):
    nodes = [{"key": "numbers", "type": "e2e.numbers", "config": {"n": 50}}]
    if sleep:
        nodes.append({"key": "nap", "type": "e2e.sleep", "config": {"seconds": sleep}})
    nodes += [{"key": "split", "type": "e2e.noop"}, {"key": "sink", "type": "e2e.sink", "config": {"name": "live"}}]
    return versioned_pipeline(user, nodes, name="live")


async def open_socket(server: str, user):
    token = await sync_to_async(lambda: str(AccessToken.for_user(user)))()
    ws = await websockets.connect(f"ws://{server}/ws/events/?token={token}", origin=f"http://{server}")
    welcome = json.loads(await ws.recv())
    assert welcome["type"] == "welcome", welcome
    return ws


async def until(ws, predicate, timeout: float = 60):
    got = []
    async with asyncio.timeout(timeout):
        while True:
            message = json.loads(await ws.recv())
            got.append(message)
            if predicate(message):
                return got


def is_final(message) -> bool:
    return message.get("type") == "event" and message["event"]["type"] in (
        "execution.succeeded",
        "execution.failed",
        "execution.cancelled",
    )


def test_full_ordered_event_sequence(on_celery, daphne_server, operator, settings):
    settings.SLUICE_FUSE_CHAINS = False  # every node its own step: more events to order
    pipeline = make(operator)

    async def scenario():
        ws = await open_socket(daphne_server, operator)
        await ws.send(json.dumps({"op": "subscribe", "topic": f"pipeline:{pipeline.pk}"}))
        await until(ws, lambda m: m["type"] == "subscribed")
        execution = await in_thread(execution_start, pipeline=pipeline, user=operator)
        # subscribe to the execution from its first event: since=0 replays what already happened
        await ws.send(json.dumps({"op": "subscribe", "topic": f"execution:{execution.pk}", "since": 0}))
        messages = await until(ws, lambda m: is_final(m) and m["event"]["topic"] == f"execution:{execution.pk}")
        await ws.close()
        return execution, messages

    execution, messages = asyncio.run(scenario())
    events = [
        m["event"] for m in messages if m["type"] == "event" and m["event"]["topic"] == f"execution:{execution.pk}"
    ]
    ids = [e["id"] for e in events]
    assert ids == sorted(ids) and len(ids) == len(set(ids)), "out of order or duplicated"
    stored = list(Event.objects.filter(topic=f"execution:{execution.pk}").order_by("id").values_list("id", flat=True))
    assert ids == stored, "the socket missed events the log has"
    kinds = [e["type"] for e in events]
    assert kinds[0] == "execution.queued" and kinds[1] == "execution.started" and kinds[-1] == "execution.succeeded"
    for node in ("numbers", "split", "sink"):
        node_kinds = [e["type"] for e in events if e["data"].get("node_key") == node and e["type"] != "step.log"]
        assert node_kinds[-2:] == ["step.started", "step.succeeded"], (node, node_kinds)
    order = [e["data"]["node_key"] for e in events if e["type"] == "step.succeeded"]
    assert order == ["numbers", "split", "sink"]


def test_reconnect_catches_up_with_since(on_celery, daphne_server, operator, settings):
    settings.SLUICE_FUSE_CHAINS = False
    pipeline = make(operator, sleep=2)

    async def scenario():
        execution = await in_thread(execution_start, pipeline=pipeline, user=operator)
        topic = f"execution:{execution.pk}"
        ws = await open_socket(daphne_server, operator)
        await ws.send(json.dumps({"op": "subscribe", "topic": topic, "since": 0}))
        first = await until(ws, lambda m: m.get("type") == "event" and m["event"]["type"] == "step.started")
        await ws.close()  # the client goes away while the run goes on
        last_seen = max(m["event"]["id"] for m in first if m.get("type") == "event")
        await asyncio.sleep(3)
        ws = await open_socket(daphne_server, operator)
        await ws.send(json.dumps({"op": "subscribe", "topic": topic, "since": last_seen}))
        rest = await until(ws, lambda m: is_final(m) and m["event"]["topic"] == topic)
        await ws.close()
        return execution, first, rest

    execution, first, rest = asyncio.run(scenario())
    ids = [m["event"]["id"] for m in first + rest if m.get("type") == "event"]
    stored = list(Event.objects.filter(topic=f"execution:{execution.pk}").order_by("id").values_list("id", flat=True))
    assert ids == stored  # every event exactly once, in order, across the reconnect
