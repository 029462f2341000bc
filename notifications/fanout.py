"""Moving live events from the process that publishes them to the websockets that want them.

Two transports, chosen by ``SLUICE_EVENT_BUS``:

- ``redis`` (whenever REDIS_URL is set): Redis pub/sub, one channel per topic. The publisher PUBLISHes
  after commit, synchronously (one pipelined round trip), so what it does next cannot overtake its
  events. Each web process has one ``Hub`` per event loop with one pub/sub connection: it SUBSCRIBEs a
  topic once, however many local sockets want it, reads every message that arrived in one go, encodes
  each event once and writes it to the local sockets. One Redis message per process, never per socket.
- ``local`` (the embedded mode, no Redis): the publisher hands events straight to the hubs of its own
  process (``loop.call_soon_threadsafe``): there is no other process to reach.

Pub/sub keeps nothing: the Event table is the truth. A subscription is confirmed by Redis before
``join`` returns, so a consumer that replays from the table *after* joining misses nothing; a client
that lost its connection (or whose server lost Redis) catches up with ``since``.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import struct
from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings

log = logging.getLogger("sluice.events")


class Outgoing:
    """One event's websocket message, encoded once for every local socket: ``text`` for the ASGI
    send, ``frame`` the complete unmasked RFC 6455 text frame (server frames are never masked, so the
    same bytes are valid on every connection)."""

    __slots__ = ("_frame", "text")

    def __init__(self, text: str):
        self.text, self._frame = text, None

    @property
    def frame(self) -> bytes:
        if self._frame is None:
            self._frame = text_frame(self.text.encode())
        return self._frame


def text_frame(payload: bytes) -> bytes:
    """FIN + text opcode, no mask, 7/16/64-bit payload length (RFC 6455 §5.2)."""
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", 0x81, size)
    elif size < 1 << 16:
        header = struct.pack("!BBH", 0x81, 126, size)
    else:
        header = struct.pack("!BBQ", 0x81, 127, size)
    return header + payload


@functools.cache
def _tcp_connection() -> type:
    from twisted.internet import tcp  # only ever under daphne, which has loaded it

    return tcp.Connection


def write_now(transport, data: bytes) -> None:
    """Write ``data`` to a daphne (Twisted TCP) transport, straight to its socket when Twisted has
    nothing queued for it, the usual case: Twisted's own write defers the send to the next reactor turn
    and registers and unregisters the socket with epoll each time, which costs more than the send when
    one event goes to hundreds of sockets. What the kernel does not take now, and everything on a
    transport that is not plain TCP (TLS), goes through ``transport.write``, which keeps the order."""
    if (
        isinstance(transport, _tcp_connection())
        and transport.connected
        and not transport.disconnecting
        and not transport._tempDataBuffer
        and transport.offset >= len(transport.dataBuffer)
    ):
        try:
            sent = transport.socket.send(data)
        except (BlockingIOError, InterruptedError):
            sent = 0
        except OSError:
            return  # the connection is going away; Twisted notices on its own
        data = data[sent:]
    if data:
        transport.write(data)


# deliver([(event, its websocket message), ...]): the events of one batch, in order, for one socket;
# it returns None when it is done, or what the hub must await to finish.
Member = Callable[[list[tuple[dict[str, Any], Outgoing]]], Awaitable[None] | None]


def _uses_redis() -> bool:
    return settings.SLUICE_EVENT_BUS == "redis"


def channel(topic: str) -> str:
    """The Redis pub/sub channel of a topic (bench/overhead.py listens to one to see a run end)."""
    return f"{settings.SLUICE_EVENT_CHANNEL_PREFIX}{topic}"


def _redis_client():
    import redis.asyncio as aioredis

    # socket_timeout None: a pub/sub connection is idle between events (redis-py 8 defaults to 5 s).
    return aioredis.Redis.from_url(settings.REDIS_URL, socket_timeout=None, socket_keepalive=True)


# --- Receiving: one hub per event loop -------------------------------------------------------------


class Hub:
    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.members: dict[str, set[Member]] = {}
        self.lock = asyncio.Lock()
        self.tasks: list[asyncio.Task] = []
        self.backlog: list[dict[str, Any]] = []
        self.arrived = asyncio.Event()
        self.client = self.pubsub = None
        self.confirmations: dict[str, asyncio.Future] = {}
        self.on_lost: dict[Member, Callable[[], Awaitable[None]]] = {}
        self.telling: set[asyncio.Task] = set()

    async def join(self, topic: str, member: Member, lost: Callable[[], Awaitable[None]] | None = None) -> None:
        """Deliver ``topic``'s events to ``member`` from now on (subscribed when this returns). ``lost``
        is awaited if the hub loses Redis: live events may have been missed, and the socket should be
        closed so that its client reconnects and catches up with ``since``."""
        if lost is not None:
            self.on_lost[member] = lost
        async with self.lock:
            if not self.tasks:
                self.tasks = [asyncio.ensure_future(self._fan_out())]
                if _uses_redis():
                    self.client = _redis_client()
                    self.pubsub = self.client.pubsub()
            members = self.members.setdefault(topic, set())
            if not members and self.pubsub is not None:
                await self._subscribe(topic)
            members.add(member)

    async def _subscribe(self, topic: str) -> None:
        name = channel(topic)
        confirmed = self.confirmations[name] = self.loop.create_future()
        await self.pubsub.subscribe(name)
        if len(self.tasks) == 1:  # the reader starts with the first subscription (listen needs one)
            self.pubsub.connection.register_connect_callback(self._reconnected)
            self.tasks.append(asyncio.ensure_future(self._read()))
        try:
            await asyncio.wait_for(confirmed, timeout=10)
        finally:
            self.confirmations.pop(name, None)

    async def leave(self, topic: str, member: Member) -> None:
        async with self.lock:
            members = self.members.get(topic)
            if members is None or member not in members:
                return
            members.discard(member)
            if not members:
                del self.members[topic]
                if self.pubsub is not None:
                    await self.pubsub.unsubscribe(channel(topic))
            if not any(member in others for others in self.members.values()):
                self.on_lost.pop(member, None)
            if not self.members:
                await self._stop()

    async def _stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        self.tasks = []
        if self.pubsub is not None:
            await self.pubsub.aclose()
            await self.client.aclose()
            self.client = self.pubsub = None
        _hubs.pop(self.loop, None)

    def receive(self, events: list[dict[str, Any]]) -> None:
        """Queue events for the sockets of this loop (runs on the loop)."""
        self.backlog.extend(event for event in events if event.get("topic") in self.members)
        if self.backlog:
            self.arrived.set()

    async def _read(self) -> None:
        """Read the pub/sub connection: everything already received is queued before the fan-out runs,
        so a burst costs one loop turn, not one per message."""
        while True:
            try:
                message = await self.pubsub.get_message(timeout=None)
                events: list[dict[str, Any]] = []
                while message is not None:
                    self._take(message, events)
                    message = await self.pubsub.get_message(timeout=0)
                if events:
                    self.receive(events)
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis away: tell the sockets (their clients resume with `since`), retry
                log.warning("event hub could not read from Redis", exc_info=True)
                await self._lost()
                await asyncio.sleep(1)

    def _reconnected(self, connection) -> None:
        """redis-py calls this at each reconnect of the pub/sub connection (registered after the first
        connect). It re-subscribes by itself, silently, and whether a dropped connection first raises to
        the reader depends on its version and retry settings (8.2 no longer does for a local
        disconnect): whatever was published in between is gone either way, so the sockets are told."""
        log.warning("event hub reconnected to Redis; live events may have been missed")
        task = self.loop.create_task(self._lost())
        self.telling.add(task)  # the loop keeps only a weak reference to a task
        task.add_done_callback(self.telling.discard)

    async def _lost(self) -> None:
        callbacks, self.on_lost = list(self.on_lost.values()), {}
        await asyncio.gather(*(lost() for lost in callbacks), return_exceptions=True)

    def _take(self, message: dict, events: list[dict[str, Any]]) -> None:
        kind = message.get("type")
        name = message.get("channel")
        name = name.decode() if isinstance(name, bytes) else name
        if kind == "subscribe":
            confirmed = self.confirmations.get(name)
            if confirmed is not None and not confirmed.done():
                confirmed.set_result(True)
        elif kind == "message":
            try:
                events.extend(json.loads(message["data"]))
            except (TypeError, ValueError):
                log.warning("ignored a malformed event message on %s", name)

    async def _fan_out(self) -> None:
        """Hand everything in the backlog to the sockets that want it, as one batch per socket: when
        events arrive faster than they are written, a socket gets several in one write (one syscall)
        instead of one write each, so the hub catches up instead of falling behind."""
        while True:
            await self.arrived.wait()
            self.arrived.clear()
            events, self.backlog = self.backlog, []
            batches: dict[Member, list[tuple[dict[str, Any], Outgoing]]] = {}
            for event in events:
                outgoing = Outgoing(json.dumps({"type": "event", "event": event}, separators=(",", ":")))
                for member in self.members.get(event["topic"], ()):
                    batches.setdefault(member, []).append((event, outgoing))
            for member, batch in batches.items():
                try:
                    pending = member(batch)
                    if pending is not None:
                        await pending
                except Exception:  # one broken socket must not starve the others
                    log.debug("event delivery to a websocket failed", exc_info=True)


_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}


async def join(topic: str, member: Member, lost: Callable[[], Awaitable[None]] | None = None) -> None:
    """Deliver ``topic``'s live events to ``member`` through the running loop's hub (made on first use);
    see ``Hub.join`` for ``lost``."""
    loop = asyncio.get_running_loop()
    current = _hubs.get(loop)
    if current is None:
        for stale in [other for other in _hubs if other.is_closed()]:
            _hubs.pop(stale, None)
        current = _hubs[loop] = Hub(loop)
    await current.join(topic, member, lost)


async def leave(topic: str, member: Member) -> None:
    current = _hubs.get(asyncio.get_running_loop())
    if current is not None:
        await current.leave(topic, member)


# --- Sending -----------------------------------------------------------------------------------------

_clients: dict[int, Any] = {}  # per process (a forked child must not share its parent's sockets)


def _publisher():
    client = _clients.get(os.getpid())
    if client is None:
        import redis

        client = _clients.setdefault(
            os.getpid(), redis.Redis.from_url(settings.REDIS_URL, socket_timeout=5, socket_connect_timeout=5)
        )
    return client


def send(events: list[dict[str, Any]]) -> None:
    """Send one event's messages (one per topic) to whoever listens.

    Synchronous on purpose (one pipelined round trip, ~0.1 ms): the publisher's next on-commit action
    may start work in another process (a dispatched step) whose events must not overtake these."""
    if not _uses_redis():
        for loop, hub in list(_hubs.items()):
            if not loop.is_closed():
                loop.call_soon_threadsafe(hub.receive, events)
        return
    by_topic: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        by_topic.setdefault(event["topic"], []).append(event)
    try:
        with _publisher().pipeline(transaction=False) as pipe:
            for topic, group in by_topic.items():
                pipe.publish(channel(topic), json.dumps(group, separators=(",", ":")))
            pipe.execute()
    except Exception:  # the Event rows are the truth; clients catch up with `since`
        log.warning("could not send %d live event(s)", len(events), exc_info=True)
