"""Live events of the server's WebSocket (``/ws/events/``), as the CLI uses them: the token is sent in
the first message (``{"op": "auth"}``, never in the URL), then one topic is subscribed.

``EventStream`` yields the topic's events and ``None`` every ``tick`` seconds of silence, so a caller
can check the API meanwhile (a missed event, a proxy that drops WebSockets: nothing hangs)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import websockets

from sluice_cli.config import Settings
from sluice_cli.errors import Unreachable, UsageError


def ws_url(http_url: str) -> str:
    scheme, rest = http_url.split("://", 1)
    return f"{'wss' if scheme == 'https' else 'ws'}://{rest.rstrip('/')}/ws/events/"


class EventStream:
    def __init__(self, settings: Settings, topic: str, *, since: int | None = None, tick: float = 5.0):
        self.settings, self.topic, self.since, self.tick = settings, topic, since, tick

    async def __aiter__(self) -> AsyncIterator[dict[str, Any] | None]:
        async with websockets.connect(ws_url(self.settings.url), open_timeout=15, max_size=2**24) as ws:
            await ws.send(json.dumps({"op": "auth", "token": self.settings.token}))
            await self._expect(ws, "welcome")
            subscribe: dict[str, Any] = {"op": "subscribe", "topic": self.topic}
            if self.since is not None:
                subscribe["since"] = self.since
            await ws.send(json.dumps(subscribe))
            while True:
                try:
                    message = json.loads(await asyncio.wait_for(ws.recv(), self.tick))
                except TimeoutError:
                    yield None
                    continue
                kind = message.get("type")
                if kind == "event":
                    yield message["event"]
                elif kind == "subscribed":
                    yield None  # replay done: a good moment to look at the API once
                elif kind == "error":
                    self._raise(message)

    async def _expect(self, ws, kind: str) -> None:
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), 15))
            if message.get("type") == kind:
                return
            if message.get("type") == "error":
                self._raise(message)

    def _raise(self, message: dict[str, Any]) -> None:
        code, text = message.get("code"), message.get("message", "")
        if code == "unauthenticated":
            raise Unreachable(f"The server refused the token on its WebSocket: {text}")
        if code in ("forbidden", "unknown_topic"):
            raise UsageError(text)
        if code in ("events_interrupted", "too_many_connections", "idle"):
            raise ConnectionError(text)  # the caller goes on by polling the API
        # Anything else (a malformed message of ours) is not fatal: keep listening.
