"""notifications.fanout: the pre-encoded websocket frames, and both transports of live events (Redis
pub/sub between processes, hand-over within one process)."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from websockets.frames import Frame, Opcode
from websockets.streams import StreamReader

from notifications import fanout


def parse(data: bytes) -> Frame:
    reader = StreamReader()
    reader.feed_data(data)
    parser = Frame.parse(reader.read_exact, mask=False)
    try:
        next(parser)
    except StopIteration as done:
        return done.value
    raise AssertionError("incomplete frame")


@pytest.mark.parametrize("size", [0, 125, 126, 65535, 65536, 200_000])
def test_text_frame_is_a_valid_unmasked_frame_of_every_length_class(size):
    payload = ("é" * (size // 2) + "x" * (size % 2)).encode()
    frame = parse(fanout.text_frame(payload))
    assert frame.opcode == Opcode.TEXT and frame.fin and frame.data == payload


def test_outgoing_encodes_its_frame_once():
    outgoing = fanout.Outgoing('{"type":"event"}')
    assert outgoing.frame is outgoing.frame
    assert parse(outgoing.frame).data == b'{"type":"event"}'


def collect():
    got: list[dict] = []

    async def member(batch):
        got.extend(event for event, _ in batch)

    return got, member


async def until(predicate, timeout: float = 5.0):
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


def test_redis_bus_one_subscription_per_topic_in_order_across_threads(settings):
    settings.SLUICE_EVENT_BUS = "redis"
    settings.SLUICE_EVENT_CHANNEL_PREFIX = f"sluice:test:{uuid.uuid4().hex}:"
    topic = "execution:1"
    events = [{"id": i, "topic": topic, "type": "step.log", "data": {}} for i in range(1, 301)]

    async def scenario():
        first, one = collect()
        second, two = collect()
        await fanout.join(topic, one)
        await fanout.join(topic, two)
        hub = fanout._hubs[asyncio.get_running_loop()]
        assert len(hub.pubsub.channels) == 1  # one subscription for both sockets
        # published from another thread, as after a commit; join returned only once Redis confirmed
        await asyncio.to_thread(lambda: [fanout.send([event]) for event in events])
        await until(lambda: len(first) == len(events) and len(second) == len(events))
        assert [e["id"] for e in first] == list(range(1, 301))
        assert second == first
        await fanout.leave(topic, one)
        await fanout.leave(topic, two)
        assert asyncio.get_running_loop() not in fanout._hubs  # the last leave closes the hub

    asyncio.run(scenario())


def test_local_bus_reaches_only_the_topics_joined(settings):
    settings.SLUICE_EVENT_BUS = "local"

    async def scenario():
        got, member = collect()
        await fanout.join("dashboard", member)
        await asyncio.to_thread(fanout.send, [{"id": 1, "topic": "dashboard"}, {"id": 2, "topic": "execution:9"}])
        await until(lambda: got)
        await asyncio.sleep(0.05)
        assert [e["id"] for e in got] == [1]
        await fanout.leave("dashboard", member)

    asyncio.run(scenario())


def test_a_failing_socket_does_not_starve_the_others(settings):
    settings.SLUICE_EVENT_BUS = "local"

    async def scenario():
        got, member = collect()

        async def broken(batch):
            raise ConnectionError("gone")

        await fanout.join("dashboard", broken)
        await fanout.join("dashboard", member)
        fanout.send([{"id": 5, "topic": "dashboard"}])
        await until(lambda: got)
        await fanout.leave("dashboard", broken)
        await fanout.leave("dashboard", member)

    asyncio.run(scenario())


def test_messages_on_the_wire_are_json_lists_per_topic(settings):
    settings.SLUICE_EVENT_BUS = "redis"
    settings.SLUICE_EVENT_CHANNEL_PREFIX = f"sluice:test:{uuid.uuid4().hex}:"
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=None)
    pubsub = client.pubsub()
    pubsub.subscribe(f"{settings.SLUICE_EVENT_CHANNEL_PREFIX}dashboard")
    assert pubsub.get_message(timeout=5)["type"] == "subscribe"
    fanout.send([{"id": 1, "topic": "dashboard"}, {"id": 1, "topic": "execution:3"}])
    message = pubsub.get_message(timeout=5)
    assert json.loads(message["data"]) == [{"id": 1, "topic": "dashboard"}]
    pubsub.close()
    client.close()


def test_write_now_leaves_a_transport_that_is_not_plain_tcp_to_its_own_write():
    class Tls:  # e.g. TLSMemoryBIOProtocol: writing to its socket would bypass the encryption
        def __init__(self):
            self.written = []

        def write(self, data):
            self.written.append(data)

    transport = Tls()
    fanout.write_now(transport, b"frame")
    assert transport.written == [b"frame"]


@pytest.mark.parametrize("how", ["local disconnect", "server kills the connection"])
def test_losing_redis_tells_the_sockets_so_their_clients_resume_with_since(settings, how):
    settings.SLUICE_EVENT_BUS = "redis"
    settings.SLUICE_EVENT_CHANNEL_PREFIX = f"sluice:test:{uuid.uuid4().hex}:"

    async def scenario():
        told: list[str] = []
        _, member = collect()

        async def lost():
            told.append("lost")

        await fanout.join("dashboard", member, lost)
        hub = fanout._hubs[asyncio.get_running_loop()]
        if how == "local disconnect":
            await hub.pubsub.connection.disconnect()
        else:  # what a Redis restart does: redis-py reconnects and re-subscribes by itself, silently
            host, port = hub.pubsub.connection._writer.get_extra_info("sockname")[:2]
            admin = hub.client.__class__.from_url(settings.REDIS_URL)
            assert await admin.execute_command("CLIENT", "KILL", "ADDR", f"{host}:{port}")
            await admin.aclose()
        await until(lambda: told)
        assert told == ["lost"]
        await fanout.leave("dashboard", member)

    asyncio.run(scenario())
