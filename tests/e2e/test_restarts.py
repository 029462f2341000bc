"""Restarts under running pipelines: a dedicated Redis and a dedicated PostgreSQL (tests.e2e.restarts) are
killed (-9) or stopped and started again on the same port and data directory while runs are in flight.

Proven: no run stays ``running``: every run ends terminal (succeeded, or failed with an error that says
why); and a live client (a WebSocket on the real daphne, subscribed to the runs' topics, reconnecting with
``since`` whenever its socket closes) sees each run's true final state within 5 s of reconnecting, or of
the run's end when that came later.

The periodic watchdog is sent to the worker every second by a thread of the test, like celery beat would
(it keeps trying while the broker is down).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
import time
from datetime import datetime

import httpx
import pytest
import websockets
from celery import Celery

from tests.e2e.restarts import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("restarts")]

RUNS = 4  # all at once (the pipeline's concurrency limit), more than the worker's 2 processes: some wait in Redis
LIVE_BOUND = 5.0  # seconds: the bound for a reconnected client to see the true state


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("restarts")
    stack = Stack(workdir)
    try:
        stack.start()
    except Exception:
        stack.stop()
        raise
    user = stack.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User\n"
        "u = User.objects.create_user('restarter', password='pass-word-123')\n"
        "u.groups.add(Group.objects.get_or_create(name='operator')[0])\n"
        "from rest_framework_simplejwt.tokens import AccessToken\n"
        "print(AccessToken.for_user(u))",
    )
    stack.token = user.strip().splitlines()[-1]
    beat = Beat(stack)
    beat.start()
    yield stack
    beat.stop()
    stack.stop()


class Beat(threading.Thread):
    """Sends the watchdog task every second (celery beat's job), through the dedicated broker."""

    def __init__(self, stack: Stack):
        super().__init__(daemon=True)
        # Not the current app: shared tasks sent by later tests in this process would go to this module's Redis,
        # stopped by then ("Connection refused" on every e2e test after it on the same xdist worker).
        self.app = Celery(broker=stack.redis.url, set_as_current=False)
        self.app.conf.broker_connection_retry_on_startup = False
        self.app.conf.broker_transport_options = {"max_retries": 1}
        self.queue = stack.queue
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.wait(1.0):
            with contextlib.suppress(Exception):  # the broker is down: beat would retry too
                self.app.send_task("executions.watchdog", queue=self.queue, retry=False)

    def stop(self):
        self.stopping.set()
        self.join(timeout=10)


def _api(stack: Stack) -> httpx.Client:
    return httpx.Client(base_url=stack.base, headers={"Authorization": f"Bearer {stack.token}"}, timeout=30)


def _pipeline(api: httpx.Client, name: str) -> int:
    nodes = [
        {"key": "numbers", "type": "e2e.numbers", "config": {"n": 1000}, "position": {"x": 0, "y": 0}},
        {"key": "nap1", "type": "e2e.sleep", "config": {"seconds": 1.5}, "position": {"x": 100, "y": 0}},
        {"key": "nap2", "type": "e2e.sleep", "config": {"seconds": 1.5}, "position": {"x": 200, "y": 0}},
        {"key": "out", "type": "e2e.sink", "config": {"name": name}, "position": {"x": 300, "y": 0}},
    ]
    edges = [{"source": a["key"], "target": b["key"]} for a, b in itertools.pairwise(nodes)]
    graph = {"nodes": nodes, "edges": edges}
    response = api.post("/api/pipelines/", json={"name": name, "graph": graph, "concurrency_limit": RUNS})
    assert response.status_code == 201, response.text
    pk = response.json()["id"]
    response = api.post(f"/api/pipelines/{pk}/versions/", json={"message": "v1"})
    assert response.status_code in (200, 201), response.text
    return pk


class LiveClient:
    """A WebSocket client that resubscribes with ``since`` each time its socket closes or fails."""

    def __init__(self, stack: Stack, topics: list[str]):
        self.stack, self.topics = stack, topics
        self.last_id = 0
        self.final: dict[str, tuple[str, float]] = {}  # topic -> (final event type, when received)
        self.reconnects: list[float] = []  # when each (re)subscription was confirmed
        self.closes = 0
        self.codes: list[int | None] = []  # close codes the server sent
        self.ws = None

    async def drop(self) -> None:
        """Lose the connection (a network blip, a reloaded page): the client reconnects at once."""
        if self.ws is not None:
            await self.ws.close()

    async def run(self, until: float) -> None:
        url = f"ws://127.0.0.1:{self.stack.http_port}/ws/events/?token={self.stack.token}"
        while time.monotonic() < until and len(self.final) < len(self.topics):
            try:
                async with websockets.connect(url, origin=self.stack.base, open_timeout=5) as ws:
                    self.ws = ws
                    await ws.recv()  # welcome
                    for topic in self.topics:
                        await ws.send(json.dumps({"op": "subscribe", "topic": topic, "since": self.last_id}))
                    self.reconnects.append(time.monotonic())
                    while len(self.final) < len(self.topics):
                        remaining = until - time.monotonic()
                        if remaining <= 0:
                            return
                        message = json.loads(await asyncio.wait_for(ws.recv(), timeout=remaining))
                        self._take(message)
            except websockets.ConnectionClosed as exc:
                self.closes += 1
                self.codes.append(exc.rcvd.code if exc.rcvd is not None else None)
                await asyncio.sleep(0.2)
            except (OSError, websockets.InvalidStatus, TimeoutError):
                self.closes += 1
                await asyncio.sleep(0.2)

    def _take(self, message: dict) -> None:
        if message.get("type") != "event":
            return
        event = message["event"]
        self.last_id = max(self.last_id, int(event.get("id") or 0))
        if event["type"] in ("execution.succeeded", "execution.failed", "execution.cancelled"):
            self.final.setdefault(event["topic"], (event["type"].split(".", 1)[1], time.monotonic()))


def _wall_to_monotonic(stamp: str) -> float:
    """An ISO timestamp of the server (same machine) on this process's monotonic clock."""
    at = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return time.monotonic() - (time.time() - at.timestamp())


def _restart_scenario(stack: Stack, restart, name: str) -> dict:
    api = _api(stack)
    pipeline = _pipeline(api, name)
    executions = []
    for _ in range(RUNS):
        response = api.post(f"/api/pipelines/{pipeline}/run/", json={})
        assert response.status_code in (200, 201, 202), response.text
        executions.append(response.json()["id"])
    topics = [f"execution:{pk}" for pk in executions]
    # steady: stays connected unless the server closes its socket; dropped: loses its connection when the
    # server goes down and keeps reconnecting (through the outage) until it is back.
    steady, dropped = LiveClient(stack, topics), LiveClient(stack, topics)
    deadline = time.monotonic() + 150

    def in_flight() -> int:
        answers = [api.get(f"/api/executions/{pk}/").json() for pk in executions]
        return sum(e.get("status") in ("queued", "running") for e in answers)

    async def scenario():
        watchers = [asyncio.ensure_future(c.run(deadline)) for c in (steady, dropped)]
        await asyncio.sleep(2.0)  # the runs are in their first sleeps
        active = await asyncio.to_thread(in_flight)
        restarting = asyncio.ensure_future(asyncio.to_thread(restart))
        await asyncio.sleep(0.1)
        await dropped.drop()
        down = await restarting
        await asyncio.gather(*watchers)
        return down, active

    down, active = asyncio.run(scenario())
    assert active >= 1, "every run had finished before the restart: the test proves nothing"

    # Every run ends terminal; none stays running.
    answers: list[str] = []

    def states():
        result = {}
        for pk in executions:
            try:
                response = api.get(f"/api/executions/{pk}/")
            except httpx.HTTPError as exc:
                answers.append(repr(exc))
                continue
            if response.status_code == 200:
                result[pk] = response.json()
            else:
                answers.append(f"{response.status_code} {response.text[:300]}")
        return result

    while True:
        final = states()
        ended = [e.get("status") in ("succeeded", "failed", "cancelled") for e in final.values()]
        done = len(final) == RUNS and all(ended)
        if done or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    statuses = {pk: e.get("status") for pk, e in final.items()}
    assert len(final) == RUNS and set(statuses.values()) <= {"succeeded", "failed"}, (
        statuses,
        answers[-3:],
        stack.logs(),
    )
    for pk, e in final.items():
        if e["status"] == "failed":
            assert e.get("error"), f"run {pk} failed without saying why"

    # Each live client saw each run's true final state, within LIVE_BOUND of reconnecting (or of the end).
    lags = {}
    for label, client in (("steady", steady), ("dropped", dropped)):
        for pk, e in final.items():
            topic = f"execution:{pk}"
            assert topic in client.final, f"{label} client never saw run {pk} end ({client.reconnects=})"
            seen_status, seen_at = client.final[topic]
            assert seen_status == e["status"], (label, pk, seen_status, e["status"])
            ended = _wall_to_monotonic(e["finished_at"])
            reconnected = max([t for t in client.reconnects if t <= seen_at] or [ended])
            lag = seen_at - max(ended, reconnected)
            lags[f"{label}:{pk}"] = round(lag, 3)
            assert lag <= LIVE_BOUND, f"{label} client, run {pk}: true state seen {lag:.1f}s late"
    assert len(dropped.reconnects) >= 2  # it did reconnect
    attempts = {pk: max(step["attempt"] for step in e["steps"]) for pk, e in final.items()}
    return {
        "statuses": statuses,
        "in_flight_at_restart": active,
        "max_attempts": attempts,
        "lags_s": lags,
        "reconnects": {"steady": len(steady.reconnects) - 1, "dropped": len(dropped.reconnects) - 1},
        "dropped_failed_reconnects": dropped.closes,
        "steady_close_codes": steady.codes,
        "down_s": round(down, 2),
    }


def test_redis_killed_and_restarted_under_running_pipelines(stack):
    during = {}

    def restart():
        started = time.monotonic()
        stack.redis.kill()
        # The API keeps answering without Redis (its rate-limit counters live there).
        during["api"] = _api(stack).get("/api/executions/").status_code
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
        stack.redis.start()
        return time.monotonic() - started

    figures = _restart_scenario(stack, restart, "redis_kill")
    assert during["api"] == 200, during
    print(f"redis kill -9 + restart: {figures}")
    # Live events published while Redis was away are lost: the server closed the steady client's socket
    # (4012) so that it resumed with since, instead of leaving it open with a gap.
    assert figures["steady_close_codes"].count(4012) >= 1, figures
    assert set(figures["steady_close_codes"]) == {4012}, figures  # never an internal error (1011)


@pytest.mark.parametrize("mode", ["kill", "fast"])
def test_postgres_restarted_under_running_pipelines(stack, mode):
    def restart():
        started = time.monotonic()
        if mode == "kill":
            stack.postgres.kill()
        else:
            stack.postgres.stop("fast")
        time.sleep(1.0)
        stack.postgres.start()
        return time.monotonic() - started

    figures = _restart_scenario(stack, restart, f"pg_{mode}")
    print(f"postgres {mode} + restart: {figures}")
