"""Two web processes behind one port (``python -m config.serve --processes 2``, SO_REUSEPORT): sockets land
on both, and every client, whichever process holds it, sees a real run's whole event sequence in order;
a web process that dies is replaced while the other keeps serving."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import urllib.request

import psutil
import pytest

from executions.services import execution_start
from notifications.models import Event
from tests.e2e.conftest import _free_port, wait_for
from tests.e2e.test_live_events import in_thread, is_final, make, open_socket, until
from tests.servers import start_daphne, stop

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("celery")]

CLIENTS = 24


@pytest.fixture
def two_web(celery_worker, e2e_dirs):
    port = _free_port()
    env = {
        **celery_worker.env,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SLUICE_EMBEDDED_SCHEDULER": "0",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
    }
    supervisor = start_daphne(port=port, env=env, log_path=e2e_dirs / "two-web.log", processes=2)
    try:
        wait_for(lambda: len(_daphnes(supervisor)) == 2, what="two daphne processes")
        yield supervisor, port
    finally:
        stop(supervisor)


def _daphnes(supervisor) -> list[psutil.Process]:
    """The live daphne children (a killed one is a zombie until the supervisor reaps it: not one of them)."""
    found = []
    for p in psutil.Process(supervisor.pid).children():
        try:
            if "daphne" in " ".join(p.cmdline()):
                found.append(p)
        except (psutil.ZombieProcess, psutil.NoSuchProcess):
            continue
    return found


def _sockets_per_process(supervisor, port: int) -> dict[int, int]:
    return {
        proc.pid: sum(
            1 for c in proc.net_connections("tcp") if c.status == psutil.CONN_ESTABLISHED and c.laddr.port == port
        )
        for proc in _daphnes(supervisor)
    }


def test_events_reach_every_socket_on_both_processes(on_celery, two_web, operator, settings):
    settings.SLUICE_FUSE_CHAINS = False  # every node its own step: more events
    supervisor, port = two_web
    server = f"127.0.0.1:{port}"
    pipeline = make(operator)

    async def scenario():
        sockets = [await open_socket(server, operator) for _ in range(CLIENTS)]
        spread = await asyncio.to_thread(_sockets_per_process, supervisor, port)
        execution = await in_thread(execution_start, pipeline=pipeline, user=operator)
        topic = f"execution:{execution.pk}"
        for ws in sockets:
            await ws.send(json.dumps({"op": "subscribe", "topic": topic, "since": 0}))
        received = await asyncio.gather(
            *(until(ws, lambda m: is_final(m) and m["event"]["topic"] == topic) for ws in sockets)
        )
        for ws in sockets:
            await ws.close()
        return execution, spread, received

    execution, spread, received = asyncio.run(scenario())
    assert len(spread) == 2 and all(count > 0 for count in spread.values()), spread  # both processes hold sockets
    assert sum(spread.values()) == CLIENTS
    stored = list(Event.objects.filter(topic=f"execution:{execution.pk}").order_by("id").values_list("id", flat=True))
    assert len(stored) > 10
    for messages in received:
        ids = [m["event"]["id"] for m in messages if m["type"] == "event"]
        assert ids == stored  # the whole sequence, in order, none lost or repeated, on either process


def test_a_dead_web_process_is_replaced_and_the_other_keeps_serving(two_web):
    supervisor, port = two_web
    victim, survivor = _daphnes(supervisor)
    os.kill(victim.pid, signal.SIGKILL)
    # Meanwhile no request is refused: the supervisor keeps the dead process's socket open, so what lands on
    # it waits in its backlog until the replacement takes it over.
    for _ in range(10):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as response:
            assert response.status == 200
    replacement = wait_for(
        lambda: [p for p in _daphnes(supervisor) if p.pid not in (victim.pid, survivor.pid)],
        timeout=30,
        what="a replacement daphne",
    )
    assert survivor.is_running() and len(replacement) == 1
