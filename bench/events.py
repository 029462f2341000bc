"""Publish-to-receive latency of live events: N websocket clients subscribed to one topic on a local
daphne (Sluice's consumer and fan-out hub, fed by Redis pub/sub), side by side in one run with raw
Redis pub/sub: as many subscribers, split over the same number of processes. BENCH_WS_CLIENT and
BENCH_REDIS_CLIENT pick the client libraries of the two sides (see below).

Latency of an event = receive time - the event's own ``ts`` (set when it was published). Every client
counts what it received, so a lost event shows up. Targets (issue 6): Sluice p99 within 2x of raw
pub/sub in the same layout, under 100 ms with the clients in 2 processes, never above 500 ms; no event
lost. BENCH_CLIENTS, BENCH_PROCS, BENCH_EVENTS, BENCH_RATE override the defaults (500, 2, 1000, 100).

BENCH_WEB_PROCS=2 serves the sockets from two daphne processes on one port (``python -m config.serve``,
SO_REUSEPORT), the production layout of several web processes (issue 19: 2,000 sockets over 2 web
processes, p99 within 2x raw pub/sub, 0 lost: ``BENCH_CLIENTS=2000 BENCH_WEB_PROCS=2``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing as mp
import os
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "500"))
PROCS = int(os.environ.get("BENCH_PROCS", "2"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "1000"))
RATE = float(os.environ.get("BENCH_RATE", "100"))
WEB_PROCS = int(os.environ.get("BENCH_WEB_PROCS", "1"))
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# The clients are the instrument: the servers, not the clients, should set the latency. The raw side
# is redis-py's asyncio pubsub (what issue 6 names; it parses with hiredis when installed) or "hiredis",
# hiredis' reader under a bare asyncio protocol. The websocket side is picows (Cython frame parsing) or
# "websockets" (pure Python: at 500 sockets in 2 processes its clients saturate before the server).
WS_CLIENT = os.environ.get("BENCH_WS_CLIENT", "picows")
REDIS_CLIENT = os.environ.get("BENCH_REDIS_CLIENT", "redis-py")


def _percentiles(values: list[float]) -> tuple[float, float, float]:
    if not values:  # nothing arrived: the "lost" count says so
        return float("inf"), float("inf"), float("inf")
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return pick(0.5), pick(0.99), ordered[-1]


# --- Sluice: websocket clients --------------------------------------------------------------------


def ws_clients(url: str, topic: str, count: int, ready, queue) -> None:
    if WS_CLIENT == "picows":
        picows_clients(url, topic, count, ready, queue)
    else:
        websockets_clients(url, topic, count, ready, queue)


def picows_clients(url: str, topic: str, count: int, ready, queue) -> None:
    """Websocket clients on picows (Cython frame parsing)."""
    import picows

    origin = url.replace("ws://", "http://").split("/ws/")[0]
    subscribe = json.dumps({"op": "subscribe", "topic": topic}).encode()

    class Client(picows.WSListener):
        def __init__(self, latencies: list[float], counts: list[int], done: asyncio.Future) -> None:
            self.latencies, self.counts, self.done, self.n = latencies, counts, done, 0

        def on_ws_frame(self, transport, frame) -> None:
            if frame.msg_type != picows.WSMsgType.TEXT:
                return
            now = time.time()
            message = json.loads(frame.get_payload_as_bytes())
            kind = message.get("type")
            if kind == "event":
                sent = datetime.fromisoformat(message["event"]["ts"]).timestamp()
                self.latencies.append((now - sent) * 1000)
                self.n += 1
                if self.n >= EVENTS:
                    self.counts.append(self.n)
                    transport.disconnect()
                    if not self.done.done():
                        self.done.set_result(None)
            elif kind == "welcome":
                transport.send(picows.WSMsgType.TEXT, subscribe)
            elif kind == "subscribed":
                ready.release()

    async def main() -> None:
        latencies: list[float] = []
        counts: list[int] = []
        loop = asyncio.get_running_loop()
        done = [loop.create_future() for _ in range(count)]
        for future in done:
            await picows.ws_connect(
                lambda future=future: Client(latencies, counts, future), url, extra_headers={"Origin": origin}
            )
        with contextlib.suppress(TimeoutError):  # what did not arrive counts as lost
            await asyncio.wait_for(asyncio.gather(*done), timeout=EVENTS / RATE + 120)
        queue.put((latencies, counts))

    asyncio.run(main())


def websockets_clients(url: str, topic: str, count: int, ready, queue) -> None:
    import websockets

    async def one(latencies: list[float], counts: list[int]) -> None:
        async with websockets.connect(
            url, origin=url.replace("ws://", "http://").split("/ws/")[0], max_queue=None, ping_interval=None
        ) as ws:
            await ws.recv()  # welcome
            await ws.send(json.dumps({"op": "subscribe", "topic": topic}))
            while json.loads(await ws.recv())["type"] != "subscribed":
                pass
            ready.release()
            n = 0
            while n < EVENTS:
                message = json.loads(await ws.recv())
                if message.get("type") != "event":
                    continue
                sent = datetime.fromisoformat(message["event"]["ts"]).timestamp()
                latencies.append((time.time() - sent) * 1000)
                n += 1
            counts.append(n)

    async def main() -> None:
        latencies: list[float] = []
        counts: list[int] = []
        tasks = [asyncio.create_task(one(latencies, counts)) for _ in range(count)]
        with contextlib.suppress(TimeoutError):  # what did not arrive counts as lost
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=EVENTS / RATE + 120)
        queue.put((latencies, counts))

    asyncio.run(main())


# --- raw Redis pub/sub ------------------------------------------------------------------------------


def redis_clients(channel: str, count: int, ready, queue) -> None:
    if REDIS_CLIENT == "hiredis":
        hiredis_clients(channel, count, ready, queue)
    else:
        redis_py_clients(channel, count, ready, queue)


def hiredis_clients(channel: str, count: int, ready, queue) -> None:
    """Subscribers as bare asyncio protocols parsing with hiredis' reader (C)."""
    from urllib.parse import urlsplit

    import hiredis

    address = urlsplit(REDIS_URL)
    name = channel.encode()
    subscribe = b"*2\r\n$9\r\nSUBSCRIBE\r\n$%d\r\n%s\r\n" % (len(name), name)

    class Subscriber(asyncio.Protocol):
        def __init__(self, latencies: list[float], counts: list[int], done: asyncio.Future) -> None:
            self.latencies, self.counts, self.done, self.n = latencies, counts, done, 0
            self.reader = hiredis.Reader()

        def connection_made(self, transport) -> None:
            self.transport = transport
            transport.write(subscribe)

        def data_received(self, data: bytes) -> None:
            now = time.time()
            self.reader.feed(data)
            while (reply := self.reader.gets()) is not False:
                if reply[0] == b"message":
                    self.latencies.append((now - json.loads(reply[2])["ts"]) * 1000)
                    self.n += 1
                    if self.n >= EVENTS and not self.done.done():
                        self.counts.append(self.n)
                        self.transport.close()
                        self.done.set_result(None)
                elif reply[0] == b"subscribe":
                    ready.release()

    async def main() -> None:
        latencies: list[float] = []
        counts: list[int] = []
        loop = asyncio.get_running_loop()
        done = [loop.create_future() for _ in range(count)]
        for future in done:
            await loop.create_connection(
                lambda future=future: Subscriber(latencies, counts, future), address.hostname, address.port or 6379
            )
        with contextlib.suppress(TimeoutError):  # what did not arrive counts as lost
            await asyncio.wait_for(asyncio.gather(*done), timeout=EVENTS / RATE + 120)
        queue.put((latencies, counts))

    asyncio.run(main())


def redis_py_clients(channel: str, count: int, ready, queue) -> None:
    import redis.asyncio as aioredis

    async def one(client, latencies: list[float], counts: list[int]) -> None:
        pubsub = client.pubsub()
        await pubsub.subscribe(channel)
        ready.release()
        n = 0
        async for message in pubsub.listen():
            if message["type"] != "message":
                continue
            latencies.append((time.time() - json.loads(message["data"])["ts"]) * 1000)
            n += 1
            if n >= EVENTS:
                break
        counts.append(n)
        await pubsub.aclose()

    async def main() -> None:
        # socket_timeout None: redis-py 8's default (5 s) would cut an idle subscription short.
        # The pure-Python parser (redis-py 8's default without hiredis), as the websockets side has.
        from redis._parsers import _AsyncRESP3Parser

        client = aioredis.Redis.from_url(
            REDIS_URL, max_connections=count + 10, socket_timeout=None, parser_class=_AsyncRESP3Parser
        )
        latencies: list[float] = []
        counts: list[int] = []
        tasks = [asyncio.create_task(one(client, latencies, counts)) for _ in range(count)]
        with contextlib.suppress(TimeoutError):  # what did not arrive counts as lost
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=EVENTS / RATE + 120)
        queue.put((latencies, counts))

    asyncio.run(main())


def run_side(target, args, publish) -> dict:
    ctx = mp.get_context("spawn")
    ready, queue = ctx.Semaphore(0), ctx.Queue()
    per = [CLIENTS // PROCS + (1 if i < CLIENTS % PROCS else 0) for i in range(PROCS)]
    procs = [ctx.Process(target=target, args=(*args, n, ready, queue)) for n in per]
    for p in procs:
        p.start()
    for _ in range(CLIENTS):
        if not ready.acquire(timeout=120):
            raise RuntimeError("clients did not subscribe in time")
    time.sleep(0.5)
    publish()
    results = [queue.get(timeout=EVENTS / RATE + 180) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    latencies = [x for lat, _ in results for x in lat]
    received = sum(sum(c) for _, c in results)
    p50, p99, worst = _percentiles(latencies)
    return {"p50": p50, "p99": p99, "max": worst, "lost": CLIENTS * EVENTS - received}


def paced(send) -> None:
    start = time.perf_counter()
    for i in range(EVENTS):
        delay = start + i / RATE - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        send(i)


def _wait_until_serving(port: int, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def main() -> None:
    from bench._harness import setup_django

    setup_django(
        extra_env={"SLUICE_WEB_SAMPLER": "0", "SLUICE_WS_MAX_PER_USER": str(CLIENTS + 10), "LOG_LEVEL": "WARNING"}
    )
    import redis
    from django.contrib.auth import get_user_model
    from rest_framework_simplejwt.tokens import AccessToken

    from notifications.events import publish

    user, _ = get_user_model().objects.get_or_create(username="bench", defaults={"is_staff": True})
    token = str(AccessToken.for_user(user))
    topic = "dashboard"  # any signed-in user may subscribe; one group, like one execution's
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(ROOT / "var" / "bench-daphne.log", "wb")  # noqa: SIM115
    daphne = subprocess.Popen(
        [sys.executable, "-m", "config.serve", "--processes", str(WEB_PROCS), "-b", "127.0.0.1", "-p", str(port)],
        cwd=ROOT,
        env={**os.environ, "SLUICE_EMBEDDED_SCHEDULER": "0"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_serving(port)
        url = f"ws://127.0.0.1:{port}/ws/events/?token={token}"

        def sluice_publish() -> None:
            paced(
                lambda i: publish(
                    topic,
                    "step.log",
                    {
                        "execution_id": 0,
                        "node_key": "bench",
                        "lines": [{"ts": "", "level": "info", "node_key": "bench", "message": str(i)}],
                    },
                )
            )

        sluice = run_side(ws_clients, (url, topic), sluice_publish)
    finally:
        daphne.terminate()
        daphne.wait(timeout=30)
    r = redis.Redis.from_url(REDIS_URL)
    channel = f"bench-raw-{os.getpid()}"
    raw = run_side(
        redis_clients, (channel,), lambda: paced(lambda i: r.publish(channel, json.dumps({"i": i, "ts": time.time()})))
    )
    print(
        f"events: {CLIENTS} clients in {PROCS} processes on {WEB_PROCS} web process(es), "
        f"{EVENTS} events at {RATE:.0f}/s "
        f"(clients: {REDIS_CLIENT} for raw pub/sub, {WS_CLIENT} for websockets)"
    )
    for name, res in (("raw redis pub/sub", raw), ("sluice websocket", sluice)):
        print(
            f"  {name:<18} p50 {res['p50']:7.1f} ms  p99 {res['p99']:7.1f} ms  max {res['max']:7.1f} ms  "
            f"lost {res['lost']}"
        )
    print(f"  p99 ratio sluice/raw: {sluice['p99'] / raw['p99']:.2f}x (target <= 2x; under 100 ms; never > 500 ms)")


if __name__ == "__main__":
    main()
