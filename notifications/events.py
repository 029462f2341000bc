"""The event bus: ``publish`` validates, writes the Event row, and after the surrounding transaction
commits hands it to ``fanout.send`` (Redis pub/sub, or the hubs of this process). Only services publish."""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connections, router, transaction
from django.utils import timezone

from core import db as fast
from notifications import fanout
from notifications.models import Event
from notifications.schemas import SCHEMAS

log = logging.getLogger("sluice.events")
COALESCE_SECONDS = 0.1  # progress events: at most ~10 per second per topic
_last_progress: dict[tuple[str, str, object], float] = {}
_lock = threading.Lock()


class UnknownEventType(ValueError):
    pass


def _coalesced(topic: str, type: str, subject: object = None) -> bool:
    if not type.endswith(".progress"):
        return False
    now = time.monotonic()
    key = (topic, type, subject)
    with _lock:
        last = _last_progress.get(key, 0.0)
        if now - last < COALESCE_SECONDS:
            return True
        if len(_last_progress) > 50_000:
            _last_progress.clear()
        _last_progress[key] = now
    return False


def publish(topic: str, type: str, data: dict[str, Any], *, topics: tuple[str, ...] = ()) -> list[Event]:
    """Record an event (one Event row per topic, in one INSERT) and send it to each topic's group
    after the surrounding transaction commits. ``topics`` adds more topics to ``topic``.

    Validation against the type's schema raises on a mismatch: an emitter that breaks its promise
    is a bug to find in the tests, not something to ship."""
    due = [one for one in dict.fromkeys((topic, *topics)) if not _coalesced(one, type)]
    return _publish(due, type, data) if due else []


def publish_coalesced(
    topic: str, type: str, build: Callable[[], dict[str, Any]], *, topics=(), subject: object = None
) -> list[Event]:
    """A ``*.progress`` event whose data costs something to compute: ``build()`` runs only when at least
    one of the topics is due (progress is coalesced to ~10 per second per topic and ``subject``). Give the
    subject (an execution id) when a topic is aggregate (``dashboard``): each subscriber sees only the
    subjects they may, so one subject's progress must not use up another's share."""
    due = [one for one in dict.fromkeys((topic, *topics)) if not _coalesced(one, type, subject)]
    return _publish(due, type, build()) if due else []


def _publish(topics: list[str], type: str, data: dict[str, Any]) -> list[Event]:
    if type not in SCHEMAS:
        raise UnknownEventType(f"{type!r} has no schema in notifications.schemas")
    schema, version = SCHEMAS[type]
    payload = schema.model_validate(data).model_dump(mode="json")
    now = timezone.now()
    rows = [Event(type=type, version=version, ts=now, topic=one, data=payload) for one in topics]
    pending = getattr(_batch, "rows", None)
    if pending is not None:
        pending.extend(rows)  # written by the enclosing batch(), ids set then
        return rows
    _record(rows)
    return rows


_batch = threading.local()


@contextlib.contextmanager
def batch():
    """Write the events published inside the block with one INSERT, and send them with one hand-over
    after commit, in publication order. Use it inside the transaction of a service that publishes
    several events (a step's success releases its successors and reports progress).

    The send is registered with ``on_commit`` when the block *starts*, so it runs before the on-commit
    work registered inside the block (finishing the execution publishes events of its own, which must
    not overtake these)."""
    if getattr(_batch, "rows", None) is not None:  # nested: the outer batch writes
        yield
        return
    messages: list[dict[str, Any]] = []
    in_transaction = transaction.get_connection().in_atomic_block
    if in_transaction:
        transaction.on_commit(lambda: messages and fanout.send(messages))
    _batch.rows = []
    try:
        yield
        rows = _batch.rows
    finally:
        _batch.rows = None
    if rows:
        _record(rows, into=messages if in_transaction else None)


def _record(rows: list[Event], *, into: list[dict[str, Any]] | None = None) -> None:
    """Insert the rows and send them after commit; ``into``: a batch's list, sent by its own on_commit."""
    _insert(rows)
    messages = [e.as_message() for e in rows]
    if into is not None:
        into.extend(messages)
        return
    transaction.on_commit(lambda: fanout.send(messages))


_INSERT = 'INSERT INTO {table} ("uuid", "type", "version", "ts", "topic", "data") VALUES {rows} RETURNING "id"'
_INSERT_ROWS = 1000


def _insert(rows: list[Event]) -> None:
    """INSERT the rows and set their ids. On PostgreSQL a plain multi-row INSERT … RETURNING with the
    data serialised once: every step writes a few events in its transaction, and the ORM's bulk_create
    spent more on preparing each field than the database on storing the rows."""
    db = connections[router.db_for_write(Event)]
    if db.vendor != "postgresql":
        Event.objects.bulk_create(rows)  # sets the ids (SQLite 3.35+ RETURNING)
        return
    table = db.ops.quote_name(Event._meta.db_table)
    for start in range(0, len(rows), _INSERT_ROWS):  # PostgreSQL takes at most 65,535 parameters
        chunk = rows[start : start + _INSERT_ROWS]
        params: list[Any] = []
        for e in chunk:
            params += [e.uuid, e.type, e.version, e.ts, e.topic, json.dumps(e.data)]
        sql = _INSERT.format(table=table, rows=", ".join(["(%s, %s, %s, %s, %s, %s::jsonb)"] * len(chunk)))
        with fast.execute(sql, params, using=db.alias) as cursor:
            for event, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                event.pk = pk
                event._state.adding, event._state.db = False, db.alias
