"""Topics and who may hear them. Each app registers the access check of its own topic kinds
(``register_topic("execution", can_view)``) in its AppConfig.ready; notifications knows no other app.

Aggregate topics (``dashboard``, ``metrics:system``) carry events of many subjects, so seeing the topic
is not enough: each event is filtered per subscriber, over the WebSocket (live and replay) and in
``/api/events/``. The apps say how, again in their AppConfig.ready:

- ``register_event_scope("pipeline_id", visible_ids, refresh_on=...)``: an event whose data has the
  key ``pipeline_id`` is shown only to users for whom ``visible_ids(user)`` (a set of ids, or None for
  "all") contains its value. An event with several scoped keys must pass every one.
- ``register_public_events("metrics.system", ...)``: event types without a subject (host metrics,
  workers) that every user who may see the topic sees.

Anything else on an aggregate topic (a type with no scoped key that nobody declared public) is shown to
nobody but staff: a new event type cannot leak by default.

An ``Audience`` is what one user may see, computed once (one query per scope) and then asked per event
without a query; the consumer keeps one per socket and refreshes it (see consumers.py)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

TOPIC_RE = re.compile(r"^(?P<kind>[a-z_]+)(?::(?P<ident>[A-Za-z0-9_-]{1,64}))?$")
# kind -> (needs an identifier, check(user, ident) -> bool)
_TOPICS: dict[str, tuple[bool, Callable]] = {}
_AGGREGATE: set[str] = set()


@dataclass(frozen=True)
class EventScope:
    field: str  # the key of the event's data naming its subject, e.g. "pipeline_id"
    visible: Callable[[Any], Collection[int] | None]  # ids the user may see; None: all of them
    refresh_on: frozenset[str] = field(default_factory=frozenset)  # types that may name a new subject


_SCOPES: dict[str, EventScope] = {}
_PUBLIC_TYPES: set[str] = set()


class TopicError(ValueError):
    pass


def register_topic(kind: str, can_view: Callable, *, with_id: bool = True, aggregate: bool = False) -> None:
    """``aggregate``: the topic carries events of many subjects, filtered per subscriber (module doc)."""
    _TOPICS[kind] = (with_id, can_view)
    if aggregate:
        _AGGREGATE.add(kind)
    else:
        _AGGREGATE.discard(kind)


def register_event_scope(
    field: str, visible: Callable[[Any], Collection[int] | None], *, refresh_on: Collection[str] = ()
) -> None:
    """Events on aggregate topics whose data has ``field`` are shown to a user only when
    ``visible(user)`` contains its value (None: everything). ``refresh_on``: event types that may name
    a subject the user can see but a socket's cached audience does not know yet (``pipeline.created``):
    the socket re-reads its audience before judging them."""
    _SCOPES[field] = EventScope(field=field, visible=visible, refresh_on=frozenset(refresh_on))


def register_public_events(*types: str) -> None:
    """Event types without a subject that every user allowed on an aggregate topic may see."""
    _PUBLIC_TYPES.update(types)


def register_builtin() -> None:
    register_topic("dashboard", lambda user, ident: user.is_authenticated, with_id=False, aggregate=True)
    # Host metrics and the worker roster: like the system page and /api/workers/, every signed-in user.
    register_topic("metrics", lambda user, ident: user.is_authenticated and ident == "system", aggregate=True)
    register_topic("user", lambda user, ident: user.is_authenticated and str(user.pk) == ident)


def parse(topic: str) -> tuple[str, str | None]:
    if not isinstance(topic, str):
        raise TopicError("A topic is a string such as 'execution:12'.")
    match = TOPIC_RE.match(topic)
    if not match or match["kind"] not in _TOPICS:
        raise TopicError(f"Unknown topic {topic!r}; topics: {', '.join(sorted(describe()))}.")
    with_id, _ = _TOPICS[match["kind"]]
    if with_id != (match["ident"] is not None):
        raise TopicError(f"Topic {topic!r} {'needs' if with_id else 'takes no'} an identifier.")
    return match["kind"], match["ident"]


def can_view(user, topic: str) -> bool:
    """Raises TopicError for a malformed or unknown topic."""
    kind, ident = parse(topic)
    return bool(_TOPICS[kind][1](user, ident))


def is_aggregate(topic: str) -> bool:
    """True for a topic whose events are filtered per subscriber (raises TopicError like ``parse``)."""
    return parse(topic)[0] in _AGGREGATE


def describe() -> list[str]:
    return [f"{k}:<id>" if with_id else k for k, (with_id, _) in _TOPICS.items()]


class Audience:
    """Which events of the aggregate topics one user may see: the visible ids of each scope, read once
    (``Audience.load``, one query per scope), then ``allows(event)`` per event without a query."""

    def __init__(self, *, allowed: dict[str, frozenset[int] | None], everything: bool = False):
        self.allowed = allowed
        self.everything = everything
        self.unfiltered = everything and all(ids is None for ids in allowed.values())  # staff: no check at all
        self.loaded_at = time.monotonic()

    @classmethod
    def load(cls, user) -> Audience:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return cls(allowed={name: frozenset() for name in _SCOPES})
        allowed = {}
        for name, scope in _SCOPES.items():
            ids = scope.visible(user)
            allowed[name] = None if ids is None else frozenset(ids)
        # Staff see every event, unless a personal API token capped them below admin (``_sluice_role``).
        staff = bool(user.is_staff or user.is_superuser) and user.__dict__.get("_sluice_role", "admin") == "admin"
        return cls(allowed=allowed, everything=staff)

    def allows(self, event: dict[str, Any]) -> bool:
        if self.unfiltered:
            return True
        data = event.get("data")
        if not isinstance(data, dict):
            return self.everything
        scoped = False
        for name, ids in self.allowed.items():
            if name in data:
                scoped = True
                if ids is not None and data[name] not in ids:
                    return False
        return scoped or self.everything or event.get("type") in _PUBLIC_TYPES

    def unknown_subject(self, event: dict[str, Any]) -> bool:
        """True when ``event`` names a subject (a scoped key) whose id this audience does not allow."""
        data = event.get("data")
        if not isinstance(data, dict):
            return False
        return any(ids is not None and name in data and data[name] not in ids for name, ids in self.allowed.items())

    def may_be_stale_for(self, event: dict[str, Any]) -> bool:
        """True when ``event`` is refused but might name a subject that appeared after this audience was
        read (a ``refresh_on`` type of a scope whose id is unknown here): re-read, then judge again."""
        data = event.get("data")
        if not isinstance(data, dict):
            return False
        for name, ids in self.allowed.items():
            scope = _SCOPES.get(name)
            unknown = ids is not None and name in data and data[name] not in ids
            if unknown and scope is not None and event.get("type") in scope.refresh_on:
                return True
        return False

    def q(self) -> Q | None:
        """The same rule as a filter on Event rows (None: no filter needed)."""
        if self.unfiltered:
            return None
        passes = Q()
        subject = Q(type__in=sorted(_PUBLIC_TYPES))
        for name, ids in self.allowed.items():
            has = Q(**{"data__has_key": name})
            subject |= has
            if ids is not None:
                passes &= (~has | Q(**{f"data__{name}__in": sorted(ids)})) if ids else ~has
        return passes if self.everything else passes & subject
