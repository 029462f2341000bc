"""Topics and who may hear them. Each app registers the access check of its own topic kinds
(``register_topic("execution", can_view)``) in its AppConfig.ready; notifications knows no other app."""

from __future__ import annotations

import re
from collections.abc import Callable

TOPIC_RE = re.compile(r"^(?P<kind>[a-z_]+)(?::(?P<ident>[A-Za-z0-9_-]{1,64}))?$")
# kind -> (needs an identifier, check(user, ident) -> bool)
_TOPICS: dict[str, tuple[bool, Callable]] = {}


class TopicError(ValueError):
    pass


def register_topic(kind: str, can_view: Callable, *, with_id: bool = True) -> None:
    _TOPICS[kind] = (with_id, can_view)


def register_builtin() -> None:
    register_topic("dashboard", lambda user, ident: user.is_authenticated, with_id=False)
    register_topic("metrics", lambda user, ident: user.is_authenticated and ident == "system")
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


def describe() -> list[str]:
    return [f"{k}:<id>" if with_id else k for k, (with_id, _) in _TOPICS.items()]
