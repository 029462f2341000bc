"""Liveness with a real daphne (issue 14): interactive work that hangs cannot freeze the web process.

Each test starts its own daphne on the test database with the interactive pool in child processes
(SLUICE_INTERACTIVE_POOL=process) and a short deadline, and a slow HTTP source on 127.0.0.1 that
accepts requests and never answers. A ``source.api`` node reading it makes validation's schema
inference hang, as a slow or hostile URL would.

* While 8 validate requests hang, ``/healthz``, the dashboard page (with a session) and the
  WebSocket (a ping and a published event) each answer in under 200 ms, measured several times;
  then every hanging request gets its 503 naming SLUICE_INTERACTIVE_SECONDS.
* SIGTERM stops daphne within 10 s when idle, while interactive requests hang, and while a
  WebSocket is connected; the pool's children go with it.

The measured figures are printed (run with ``-s`` to see them).
"""

from __future__ import annotations

import contextlib
import http.client
import http.server
import json
import os
import signal
import statistics
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest
from django.db import connection as db_connection
from rest_framework_simplejwt.tokens import AccessToken
from websockets.sync.client import connect as ws_connect

from tests import factories, servers
from tests.e2e.conftest import ROOT, _free_port

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BOUND = 0.200  # the bound, seconds: the median of five rounds
SPIKE_BOUND = 1.0  # any one round: a quarter of DEADLINE, which a frozen process would reach
DEADLINE = 4  # SLUICE_INTERACTIVE_SECONDS of the servers started here
HANGING = 8


class SlowSource:
    """An HTTP server on 127.0.0.1 that takes every request and answers none until stopped."""

    def __init__(self):
        self.stop = threading.Event()
        self.hits = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                outer.hits += 1
                outer.stop.wait(120)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def slow_source():
    source = SlowSource()
    yield source
    source.close()


class Daphne:
    def __init__(self, log_path):
        db = db_connection.settings_dict
        self.port = _free_port()
        self.log_path = log_path
        env = {
            **os.environ,
            "SLUICE_MODE": "test",
            "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{self.port}",
            "SLUICE_EMBEDDED_SCHEDULER": "0",
            "SLUICE_WEB_SAMPLER": "0",
            "DB_CONN_MAX_AGE": "0",
            "METRICS_INTERVAL": "300",
            "SLUICE_INTERACTIVE_POOL": "process",
            "SLUICE_INTERACTIVE_WORKERS": "2",
            "SLUICE_INTERACTIVE_SECONDS": str(DEADLINE),
            "SLUICE_INTERACTIVE_QUEUE_SECONDS": "120",
            "ALLOW_PRIVATE_NETWORK_SOURCES": "true",  # the slow source lives on 127.0.0.1
            "SOURCE_METADATA_TIMEOUT": "120",  # so the pool's deadline, not the HTTP client, stops it
            "PYTHONPATH": str(ROOT),
        }
        for name in ("PYTEST_VERSION", "SLUICE_TEST_DB_NAME", "PYTEST_CURRENT_TEST"):
            env.pop(name, None)
        started = time.monotonic()
        self.proc = servers.start_daphne(port=self.port, env=env, log_path=log_path, timeout=90)
        self.http_ready_seconds = time.monotonic() - started
        # The pool's children were started at import (warm); wait until both have set Django up.
        self.pool_ready_seconds = self._wait_children(2, started)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def children(self) -> list[psutil.Process]:
        with contextlib.suppress(psutil.Error):
            return psutil.Process(self.proc.pid).children(recursive=True)
        return []

    def _wait_children(self, count: int, started: float) -> float:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            # A child that finished django.setup() has loaded Polars: its resident size is well above 100 MB.
            ready = [p for p in self.children() if _pool_child(p) and _rss(p) > 100 * 1024 * 1024]
            if len(ready) >= count:
                return time.monotonic() - started
            time.sleep(0.1)
        raise AssertionError(f"the interactive pool did not start {count} children")

    def get(self, path: str, *, headers: dict | None = None, timeout: float = 5) -> tuple[int, bytes, float]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            started = time.perf_counter()
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            body = response.read()
            return response.status, body, time.perf_counter() - started
        finally:
            conn.close()

    def post_json(self, path: str, data, *, token: str, timeout: float = 120) -> tuple[int, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(
                "POST",
                path,
                body=json.dumps(data),
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            )
            response = conn.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        finally:
            conn.close()

    def terminate_and_time(self) -> float:
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
            return float("inf")
        return time.monotonic() - started

    def kill(self):
        if self.proc.poll() is None:
            for p in [*self.children(), psutil.Process(self.proc.pid)]:
                with contextlib.suppress(psutil.Error):
                    p.kill()
            self.proc.wait(timeout=30)


@pytest.fixture
def start_daphne(e2e_dirs):
    started: list[Daphne] = []

    def start() -> Daphne:
        server = Daphne(e2e_dirs / "daphne-liveness.log")
        started.append(server)
        return server

    yield start
    for server in started:
        server.kill()


def _pool_child(process: psutil.Process) -> bool:
    try:
        return "spawn_main" in " ".join(process.cmdline())
    except psutil.Error:
        return False


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.Error:
        return 0


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _hanging_graph(port: int) -> dict:
    return {
        "nodes": [
            {
                "key": "slow",
                "type": "source.api",
                "config": {"url": f"http://127.0.0.1:{port}/records", "timeout": 120, "retries": 0},
            }
        ],
        "edges": [],
    }


def _start_hanging(server: Daphne, token: str, port: int, pool: ThreadPoolExecutor):
    return [
        pool.submit(server.post_json, "/api/validate/", {"graph": _hanging_graph(port)}, token=token)
        for _ in range(HANGING)
    ]


def _wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _ws(server: Daphne, token: str):
    ws = ws_connect(
        f"ws://{server.host}/ws/events/?token={token}", origin=f"http://{server.host}", open_timeout=10, legacy=True
    )
    welcome = json.loads(ws.recv(timeout=10))
    assert welcome["type"] == "welcome", welcome
    return ws


def _recv_until(ws, predicate, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while True:
        message = json.loads(ws.recv(timeout=max(0.01, deadline - time.monotonic())))
        if predicate(message):
            return message


def _measure(server: Daphne, ws, cookie: str, pipeline, publish, *, tag: str) -> dict[str, list[float]]:
    """Five rounds of: /healthz, the dashboard, a WebSocket ping and a published event, each timed."""
    figures: dict[str, list[float]] = {"healthz": [], "dashboard": [], "ws_ping": [], "ws_event": []}
    for i in range(5):
        status, _, seconds = server.get("/healthz")
        assert status == 200
        figures["healthz"].append(seconds)

        status, body, seconds = server.get("/", headers={"Cookie": cookie})
        assert status == 200 and b"<html" in body.lower()
        figures["dashboard"].append(seconds)

        ident = f"{tag}-{i}"
        sent = time.perf_counter()
        ws.send(json.dumps({"op": "ping", "id": ident}))
        _recv_until(ws, lambda m, ident=ident: m.get("type") == "pong" and m.get("id") == ident)
        figures["ws_ping"].append(time.perf_counter() - sent)

        sent = time.perf_counter()
        data = {"pipeline_id": pipeline.pk, "slug": pipeline.slug, "name": ident}
        publish(f"pipeline:{pipeline.pk}", "pipeline.updated", data)
        _recv_until(ws, lambda m, ident=ident: m.get("type") == "event" and m["event"]["data"].get("name") == ident)
        figures["ws_event"].append(time.perf_counter() - sent)
        time.sleep(0.2)
    return figures


def _figures(figures: dict[str, list[float]]) -> str:
    return "; ".join(f"{name} " + ", ".join(f"{s * 1000:.1f}" for s in values) for name, values in figures.items())


def test_the_web_process_answers_while_8_interactive_requests_hang(start_daphne, slow_source, editor, client):
    from notifications.events import publish

    pipeline = factories.PipelineFactory(owner=editor)
    token = str(AccessToken.for_user(editor))
    client.force_login(editor)  # a session for the dashboard page
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    server = start_daphne()
    print(
        f"\ndaphne answered /healthz {server.http_ready_seconds:.2f}s after start; "
        f"pool of 2 children ready after {server.pool_ready_seconds:.2f}s"
    )
    for _ in range(3):  # the first renders load templates and open connections: not what is measured
        assert server.get("/", headers={"Cookie": cookie})[0] == 200
    # Both children have finished starting when two validations answer at once.
    quick = {"graph": {"nodes": [{"key": "x", "type": "transform.limit"}], "edges": []}}
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda _: server.post_json("/api/validate/", quick, token=token), range(2)))
    assert [status for status, _ in answers] == [200, 200]

    ws = _ws(server, token)
    ws.send(json.dumps({"op": "subscribe", "topic": f"pipeline:{pipeline.pk}"}))
    _recv_until(ws, lambda m: m.get("type") == "subscribed")
    # One event before the clock starts: the first publish of this (test) process connects to Redis.
    publish(f"pipeline:{pipeline.pk}", "pipeline.updated", {"pipeline_id": pipeline.pk, "slug": "s", "name": "warm"})
    _recv_until(ws, lambda m: m.get("type") == "event" and m["event"]["data"].get("name") == "warm")

    idle = _measure(server, ws, cookie, pipeline, publish, tag="idle")
    print("latencies idle (ms): " + _figures(idle))
    with ThreadPoolExecutor(max_workers=HANGING) as pool:
        started = time.monotonic()
        futures = _start_hanging(server, token, slow_source.port, pool)
        # Both children are inside the slow source; the other 6 requests wait for one.
        _wait_until(lambda: slow_source.hits >= 2, 30, "both children to reach the slow source")
        time.sleep(0.3)
        assert not any(f.done() for f in futures), "the requests were to hang"
        figures = _measure(server, ws, cookie, pipeline, publish, tag="hang")
        assert not any(f.done() for f in futures), "the requests still hang while we measure"
        print("latencies while 8 interactive requests hang (ms): " + _figures(figures))
        for name, values in figures.items():
            # The bound holds for the median of the five; one round may be slower on a loaded machine
            # (a CI run: 0.258 s once), but none near what a frozen process gives (the 4 s deadline).
            assert statistics.median(values) < BOUND and max(values) < SPIKE_BOUND, (name, values)

        # Every hanging request gets its clear error: the deadline, by name (4 rounds of 2 children).
        results = [f.result(timeout=DEADLINE * HANGING + 60) for f in futures]
        took = time.monotonic() - started
    ws.close()
    print(f"the 8 hanging requests all answered within {took:.1f}s: {sorted({s for s, _ in results})}")
    for status, body in results:
        assert status == 503, body
        assert f"{DEADLINE}s (SLUICE_INTERACTIVE_SECONDS)" in body["detail"]
    # The pool serves again: a graph that needs no slow source validates at once.
    status, body = server.post_json(
        "/api/validate/", {"graph": {"nodes": [{"key": "x", "type": "transform.limit"}], "edges": []}}, token=token
    )
    assert status == 200 and body["valid"] is False


def _assert_stops(server: Daphne, state: str) -> None:
    children = server.children()
    seconds = server.terminate_and_time()
    print(f"\nSIGTERM {state}: daphne exited in {seconds:.2f}s (code {server.proc.returncode})")
    assert seconds < 10, f"SIGTERM {state}: still running after 10 s"
    _wait_until(
        lambda: not any(_alive(p) for p in children),
        10,
        "the pool's children to exit with daphne",
    )


def test_sigterm_stops_an_idle_server(start_daphne):
    _assert_stops(start_daphne(), "idle")


def test_sigterm_stops_the_server_while_interactive_requests_hang(start_daphne, slow_source, editor):
    token = str(AccessToken.for_user(editor))
    server = start_daphne()
    with ThreadPoolExecutor(max_workers=HANGING) as pool:
        futures = _start_hanging(server, token, slow_source.port, pool)
        _wait_until(lambda: slow_source.hits >= 2, 30, "both children to reach the slow source")
        time.sleep(0.3)
        assert not any(f.done() for f in futures)
        _assert_stops(server, "while 8 interactive requests hang")
        # The clients are not left hanging either: each got an answer or a closed connection.
        for future in futures:
            with contextlib.suppress(OSError, http.client.HTTPException, json.JSONDecodeError):
                future.result(timeout=15)


def test_sigterm_stops_the_server_while_a_websocket_is_connected(start_daphne, editor):
    token = str(AccessToken.for_user(editor))
    server = start_daphne()
    ws = _ws(server, token)
    ws.send(json.dumps({"op": "subscribe", "topic": "dashboard"}))
    _recv_until(ws, lambda m: m.get("type") == "subscribed")
    try:
        _assert_stops(server, "with a WebSocket connected")
    finally:
        ws.close()
