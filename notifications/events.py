"""The event bus: ``publish`` validates, writes the Event row, and sends it to the topic's group after
the surrounding transaction commits. Only services publish."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone

from notifications.models import Event
from notifications.schemas import SCHEMAS
from notifications.topics import group_name

log = logging.getLogger("sluice.events")
COALESCE_SECONDS = 0.1  # progress events: at most ~10 per second per topic
_last_progress: dict[tuple[str, str], float] = {}
_lock = threading.Lock()


class UnknownEventType(ValueError):
    pass


def _coalesced(topic: str, type: str) -> bool:
    if not type.endswith(".progress"):
        return False
    now = time.monotonic()
    with _lock:
        last = _last_progress.get((topic, type), 0.0)
        if now - last < COALESCE_SECONDS:
            return True
        if len(_last_progress) > 50_000:
            _last_progress.clear()
        _last_progress[(topic, type)] = now
    return False


def publish(topic: str, type: str, data: dict[str, Any], *, topics: tuple[str, ...] = ()) -> list[Event]:
    """Record an event (one Event row per topic, in one INSERT) and send it to each topic's group
    after the surrounding transaction commits. ``topics`` adds more topics to ``topic``.

    Validation against the type's schema raises on a mismatch: an emitter that breaks its promise
    is a bug to find in the tests, not something to ship."""
    if type not in SCHEMAS:
        raise UnknownEventType(f"{type!r} has no schema in notifications.schemas")
    schema, version = SCHEMAS[type]
    payload = schema.model_validate(data).model_dump(mode="json")
    now = timezone.now()
    rows = [
        Event(type=type, version=version, ts=now, topic=one, data=payload)
        for one in dict.fromkeys((topic, *topics))
        if not _coalesced(one, type)
    ]
    if not rows:
        return []
    created = Event.objects.bulk_create(rows)
    messages = [(e.topic, e.as_message()) for e in created]
    transaction.on_commit(lambda: _send(messages))
    return created


def _send(messages: list[tuple[str, dict[str, Any]]]) -> None:
    """Send one event's messages (one per topic) in order, in a single trip to the event loop: outside
    a running loop each async_to_sync call costs a new loop and a new Redis connection."""
    layer = get_channel_layer()
    if layer is None:
        return

    async def send_all() -> None:
        for topic, message in messages:
            await layer.group_send(group_name(topic), {"type": "event.message", "event": message})

    try:
        async_to_sync(send_all)()
    except Exception:  # the Event row is the truth; clients catch up with `since`
        log.warning("could not send event %s", messages[0][1].get("id"), exc_info=True)
