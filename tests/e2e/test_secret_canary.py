"""A secret canary: a distinctive random string stored as connection secrets (a PostgreSQL password, an HTTP
bearer token, an API key sent as a query parameter, a basic-auth password) must never come back out.

The runs fail on purpose, so that every error path produces its text: PostgreSQL on a closed port, and a
local HTTP server on 127.0.0.1 that answers 500 and echoes the request (headers, path and query, where the
secret travels) in its body. Everything a user or an operator can see is then scanned for the canary (and its
base64 form, as basic auth sends it): API JSON, pages, /api/events/, WebSocket messages, the OpenAPI document,
the worker's and daphne's logs, the test process's logging, and every row of the database (events,
StepRun errors and tracebacks, StepLogs, notifications...), except the encrypted secrets column itself.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import secrets
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import httpx
import pytest
import websockets
from django.core.management import call_command
from django.test import Client
from rest_framework_simplejwt.tokens import AccessToken

from executions.models import Execution
from tests.e2e.conftest import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("celery")]

CANARY = f"cnry{secrets.token_hex(12)}"
BASIC_USER = "canary-user"
FORMS = (CANARY, base64.b64encode(f"{BASIC_USER}:{CANARY}".encode()).decode())


class EchoHandler(BaseHTTPRequestHandler):
    """Answers 200 with one record while ``healthy`` (validation infers the schema), then 500 with the
    request's path and headers in the body (the way a careless API reports a bad request)."""

    server_version = "echo"
    healthy = True
    seen: list[str] = []  # shared by the server's threads on purpose

    def _answer(self):
        request = json.dumps({"path": self.path, "headers": dict(self.headers.items())})
        EchoHandler.seen.append(request)
        if EchoHandler.healthy:
            body, status = json.dumps([{"id": 1, "name": "x"}]).encode(), 200
        else:
            body, status = f"internal error while handling {request}".encode(), 500
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_HEAD = _answer

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def echo_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
    EchoHandler.healthy, EchoHandler.seen = True, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _leaks(text: str) -> list[str]:
    return [form for form in FORMS if form in text]


class Collected:
    """Every text the test saw, by where it came from."""

    def __init__(self):
        self.texts: list[tuple[str, str]] = []

    def add(self, where: str, text: str | bytes) -> str:
        if isinstance(text, bytes):
            text = text.decode(errors="replace")
        self.texts.append((where, text))
        return text

    def leaks(self) -> list[str]:
        return [f"{where}: ...{_context(text)}..." for where, text in self.texts if _leaks(text)]


def _context(text: str) -> str:
    for form in FORMS:
        at = text.find(form)
        if at >= 0:
            return text[max(0, at - 300) : at + 100]
    return ""


def _connections(api: httpx.Client, echo: str) -> dict[str, dict]:
    made = {}
    specs = {
        "pg": {
            "kind": "postgresql",
            "config": {"host": "127.0.0.1", "port": _closed_port(), "database": "nowhere", "user": "postgres"},
            "secrets": {"password": CANARY},
        },
        "bearer": {
            "kind": "http",
            "config": {"base_url": echo, "auth": {"type": "bearer"}, "allow_private_network": True},
            "secrets": {"token": CANARY},
        },
        "query_key": {
            "kind": "http",
            "config": {
                "base_url": echo,
                "auth": {"type": "api_key", "name": "key", "in": "query"},
                "allow_private_network": True,
            },
            "secrets": {"api_key": CANARY},
        },
        "basic": {
            "kind": "http",
            "config": {
                "base_url": echo,
                "auth": {"type": "basic", "username": BASIC_USER},
                "allow_private_network": True,
            },
            "secrets": {"password": CANARY},
        },
    }
    for name, spec in specs.items():
        response = api.post("/api/connections/", json={"name": f"canary {name}", **spec})
        assert response.status_code == 201, response.text
        made[name] = response.json()
    return made


def _graph(source: dict) -> dict:
    return {
        "nodes": [
            {"key": "src", "type": source["type"], "config": source["config"], "position": {"x": 0, "y": 0}},
            {"key": "out", "type": "e2e.sink", "config": {"name": "canary"}, "position": {"x": 200, "y": 0}},
        ],
        "edges": [{"source": "src", "target": "out"}],
    }


def test_a_connection_secret_never_comes_back_out(on_celery, daphne_server, staff, echo_server, caplog, e2e_dirs):
    caplog.set_level(logging.DEBUG)
    seen = Collected()
    base = f"http://{daphne_server}"
    token = str(AccessToken.for_user(staff))
    api = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60)
    connections = _connections(api, echo_server)
    for c in connections.values():
        seen.add(f"connection {c['slug']}", json.dumps(c))

    # PostgreSQL on a closed port: as a source it is refused when the run starts (validation reads its
    # schema); as a destination it passes validation and fails on the worker, when staging connects.
    slug = {name: c["slug"] for name, c in connections.items()}
    graphs = {
        "pg_source": _graph({"type": "source.database", "config": {"connection": slug["pg"], "table": "t"}}),
        "pg_destination": {
            "nodes": [
                {"key": "src", "type": "e2e.numbers", "config": {"n": 10}, "position": {"x": 0, "y": 0}},
                {
                    "key": "out",
                    "type": "destination.database",
                    "config": {"connection": slug["pg"], "table": "t"},
                    "position": {"x": 200, "y": 0},
                },
            ],
            "edges": [{"source": "src", "target": "out"}],
        },
        **{
            name: _graph({"type": "source.api", "config": {"connection": slug[name], "url": "/data"}})
            for name in ("bearer", "query_key", "basic")
        },
    }
    pipelines = {}
    for name, graph in graphs.items():
        response = api.post("/api/pipelines/", json={"name": f"canary {name}", "graph": graph})
        assert response.status_code == 201, response.text
        pipelines[name] = response.json()["id"]
        seen.add(f"validate {name}", api.post("/api/validate/", json={"graph": graph}).text)
        version = api.post(f"/api/pipelines/{pipelines[name]}/versions/", json={"message": "v1"})
        seen.add(f"version {name}", version.text)

    # The connections themselves: test, introspect, and the list/detail answers.
    for name, c in connections.items():
        for action in ("test", "introspect"):
            seen.add(f"{action} {name}", api.post(f"/api/connections/{c['id']}/{action}/").text)
        seen.add(f"detail {name}", api.get(f"/api/connections/{c['id']}/").text)
    seen.add("connection list", api.get("/api/connections/").text)

    # The runs start while the API is healthy (validation reads a sample) and the worker is stopped; then
    # the API answers 500 with the request echoed back, and the worker runs them: they fail.
    on_celery.stop()
    executions = {}
    for name, pk in pipelines.items():
        response = api.post(f"/api/pipelines/{pk}/run/", json={})
        seen.add(f"run {name}", response.text)
        if response.status_code in (200, 201, 202):
            executions[name] = response.json()["id"]
    assert set(executions) == set(pipelines) - {"pg_source"}, seen.texts[-5:]
    EchoHandler.healthy = False
    on_celery.start()
    for name, pk in pipelines.items():
        seen.add(f"dry-run {name}", api.post(f"/api/pipelines/{pk}/dry-run/", json={}).text)

    async def watch() -> list[str]:
        """A WebSocket client subscribed to every execution and the dashboard, from their first event."""
        got = []
        ws = await websockets.connect(f"ws://{daphne_server}/ws/events/?token={token}", origin=base)
        try:
            topics = [f"execution:{pk}" for pk in executions.values()] + ["dashboard"]
            for topic in topics:
                await ws.send(json.dumps({"op": "subscribe", "topic": topic, "since": 0}))
            finals = set()
            async with asyncio.timeout(90):
                while len(finals) < len(executions):
                    message = await ws.recv()
                    got.append(message)
                    event = json.loads(message).get("event") or {}
                    if event.get("type") in ("execution.failed", "execution.succeeded"):
                        finals.add(event.get("topic"))
        finally:
            await ws.close()
        return got

    for message in asyncio.run(watch()):
        seen.add("websocket", message)

    def all_finished():
        return all(Execution.objects.get(pk=pk).is_finished for pk in executions.values())

    wait_for(all_finished, timeout=60, what="the canary runs to finish")
    statuses = {name: Execution.objects.get(pk=pk).status for name, pk in executions.items()}
    assert set(statuses.values()) == {"failed"}, statuses
    # The secret did travel, to its own origin only: the echo server saw it (so the scan can find a leak).
    assert any(_leaks(request) for request in EchoHandler.seen), "the secrets were never sent"

    for name, pk in executions.items():
        detail = api.get(f"/api/executions/{pk}/")
        seen.add(f"execution {name}", detail.text)
        assert detail.json().get("error"), detail.text  # the failure is explained
        seen.add(f"logs {name}", api.get(f"/api/executions/{pk}/logs/").text)
        seen.add(f"preview {name}", api.get(f"/api/executions/{pk}/steps/src/preview/").text)
        seen.add(f"preview out {name}", api.get(f"/api/executions/{pk}/steps/out/preview/").text)
        seen.add(f"events {name}", api.get("/api/events/", params={"topic": f"execution:{pk}"}).text)
    seen.add("events dashboard", api.get("/api/events/", params={"topic": "dashboard"}).text)
    seen.add("executions", api.get("/api/executions/").text)
    seen.add("notifications", api.get("/api/notifications/").text)
    seen.add("openapi", api.get("/api/schema/").text)

    # Pages, through the real server's session login would need a CSRF dance: the in-process client
    # renders the same templates.
    pages = Client()
    pages.force_login(staff)
    paths = ["/", "/executions/", "/connections/", "/notifications/", "/monitoring/"]
    for c in connections.values():
        paths += [f"/connections/{c['id']}/", f"/connections/{c['id']}/edit/", f"/connections/{c['id']}/tables/"]
    for pk in pipelines.values():
        # The page and its parts served by executions (recent runs, next runs, dependencies).
        paths += [f"/pipelines/{pk}/", f"/pipelines/{pk}/runs/", f"/pipelines/{pk}/next-runs/"]
        paths += [f"/pipelines/{pk}/dependencies/"]
    paths.append("/pipelines/runs/?" + "&".join(f"pipeline={pk}" for pk in pipelines.values()))
    for pk in executions.values():
        paths += [f"/executions/{pk}/", f"/executions/{pk}/logs/", f"/executions/{pk}/steps/src/preview/"]
    for path in paths:
        seen.add(f"page {path}", pages.get(path).content)
    for c in connections.values():
        response = pages.post(f"/connections/{c['id']}/test/")
        seen.add(f"page test {c['slug']}", response.content)

    # Everything stored (the encrypted secrets column holds ciphertext; its model is dumped separately).
    dump = StringIO()
    call_command("dumpdata", exclude=["pipelines.connection", "contenttypes", "auth.permission"], stdout=dump)
    seen.add("database", dump.getvalue())
    from pipelines.models import Connection

    for c in Connection.objects.all():
        seen.add(f"stored connection {c.slug}", json.dumps({"config": c.config, "raw": c.encrypted_secrets}))

    for name in ("worker.log", "daphne.log"):
        path = e2e_dirs / name
        seen.add(name, path.read_bytes() if path.exists() else b"")
    seen.add("test process logging", "\n".join(caplog.text.splitlines()))
    for record in caplog.records:
        if record.exc_info:
            seen.add("test process traceback", logging.Formatter().formatException(record.exc_info))

    assert not seen.leaks(), "\n\n".join(seen.leaks())
    errors = {name: Execution.objects.get(pk=pk).error[:160] for name, pk in executions.items()}
    print(f"canary runs failed with: {errors}")
    print(f"canary scanned in {len(seen.texts)} texts, {sum(len(t) for _, t in seen.texts)} characters")
