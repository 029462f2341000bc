"""Bytes kept for a while under a key naming what they were made of: the store of the settled parts that
never change (monitoring's rollup reads, the execution and quality exports; core/sealed_parts.py).

Storage: Redis (the ``default`` cache when it is a RedisCache) with values written as bytes by the caller
(no pickle), or, when there is no Redis, a small in-process LRU. Nothing is invalidated: a key names every
input of its value (bounds, filters, a digest of what the caller may see), so a change is a new key, and an
entry dies after TTL_SECONDS. ``SLUICE_ROLLUP_CACHE = False`` turns it off (bench/api.py's cold figures).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection

TTL_SECONDS = 15 * 60  # a key is dead after five minutes anyway (the settled time moves)
MAX_BYTES = 16 * 1024 * 1024  # per entry: larger values are not kept (the read streams as without the cache)
LOCAL_MAX_BYTES = 64 * 1024 * 1024  # the in-process LRU (no Redis) keeps at most this much


def enabled() -> bool:
    return bool(getattr(settings, "SLUICE_ROLLUP_CACHE", True))


def key_of(*parts: Any, space: str = "rollup-sealed") -> str:
    """A cache key of the parts (the read's name, the state row, the bounds, the filters) and the database,
    in ``space`` (the rollup reads' rows; the exports' encoded bytes are in a space of their own)."""
    text = json.dumps([connection.settings_dict.get("NAME"), *parts], default=str, sort_keys=True)
    return f"sluice:{space}:" + hashlib.sha256(text.encode()).hexdigest()


class _Local:
    """The in-process LRU used when the default cache is not Redis (bytes values, bounded in bytes)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes, self.size, self.items = max_bytes, 0, OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def set(self, key: str, value: bytes) -> None:
        with self.lock:
            old = self.items.pop(key, None)
            self.size -= len(old) if old is not None else 0
            self.items[key] = value
            self.size += len(value)
            while self.size > self.max_bytes and self.items:
                self.size -= len(self.items.popitem(last=False)[1])

    def delete(self, key: str) -> None:
        with self.lock:
            old = self.items.pop(key, None)
            self.size -= len(old) if old is not None else 0


_local = _Local(LOCAL_MAX_BYTES)


def _redis():
    """The raw client of the default cache when it is Redis (values stay bytes: no pickle), else None."""
    from django.core.cache.backends.redis import RedisCache

    default = caches["default"]
    return default._cache.get_client(write=True) if isinstance(default, RedisCache) else None


def _key(key: str) -> str:
    return caches["default"].make_key(key)


def get_bytes(key: str) -> bytes | None:
    """The bytes kept under ``key`` (None when absent or the cache is off)."""
    if not enabled():
        return None
    client = _redis()
    return client.get(_key(key)) if client is not None else _local.get(key)


def put_bytes(key: str, data: bytes) -> None:
    """Keep ``data`` under ``key`` for TTL_SECONDS (unless the cache is off)."""
    if not enabled():
        return
    client = _redis()
    if client is not None:
        client.set(_key(key), data, ex=TTL_SECONDS)
    else:
        _local.set(key, data)


def delete(key: str) -> None:
    """Drop one entry (tests; never the whole cache, which other state shares)."""
    client = _redis()
    if client is not None:
        client.delete(_key(key))
    else:
        _local.delete(key)
