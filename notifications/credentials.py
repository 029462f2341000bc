"""Tokens the WebSocket accepts besides a JWT access token. An app registers a resolver for its token
prefix in its AppConfig.ready (accounts: personal API tokens, ``slu_``); notifications knows no other app.

A resolver takes the raw token and returns the active user it signs in (with whatever role cap it
carries), or None. It runs in a worker thread (it may query the database)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_RESOLVERS: dict[str, Callable[[str], Any]] = {}


def register_token_kind(prefix: str, resolve: Callable[[str], Any]) -> None:
    _RESOLVERS[prefix] = resolve


def resolver_for(token: str) -> Callable[[str], Any] | None:
    """The resolver of the registered prefix ``token`` starts with, or None (a JWT)."""
    return next((resolve for prefix, resolve in _RESOLVERS.items() if token.startswith(prefix)), None)
