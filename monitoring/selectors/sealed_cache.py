"""A cache of the settled part of the rollup reads (rollup_reads.py).

What a window reads from before the *settled* time never changes: every execution created before it had
finished (the oldest active one bounds it) and had been committed (SEAL_MARGIN), and finished executions
and their steps never change again (docs/monitoring.md, "Rollups"). So a read's aggregate of the whole five
minutes from the window's start up to the settled time (the rollup hours before the sealed mark, and the
raw rows around them), per pipeline (and node and bucket), is kept here under a key naming the read, its
filters, those bounds and the rollup state's row. Nothing needs invalidating: the key changes when the
bounds move (every five minutes), and a rebuild makes a new state row (a new id). What can change is read
fresh at every request: the raw rows outside the settled part (at most five minutes at the window's start
and ten at its end), which pipelines exist and which the user may see (the cached rows are of every
pipeline; the reads keep the visible ones), and their names.

Storage: Redis (the ``default`` cache when it is a RedisCache) with values written as bytes by this module
(a JSON header and the packed durations: no pickle), or, when there is no Redis, a small in-process LRU.
An aggregate whose durations pass ``MAX_BYTES`` is not kept (a month of every node: 80 MB), and such a read
streams as before. ``SLUICE_ROLLUP_CACHE = False`` turns the cache off (bench/api.py's cold figures).
"""

from __future__ import annotations

import hashlib
import json
import struct
import threading
from collections import OrderedDict
from datetime import datetime
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import caches
from django.db import connection

TTL_SECONDS = 15 * 60  # a key is dead after five minutes anyway (the settled time moves)
MAX_BYTES = 16 * 1024 * 1024  # of packed durations per entry: a day of every node is 2.6 MB, a week 1.9 MB
LOCAL_MAX_BYTES = 64 * 1024 * 1024  # the in-process LRU (no Redis) keeps at most this much
DURATIONS = np.dtype("<f8")
_HEAD = struct.Struct("<I")


def enabled() -> bool:
    return bool(getattr(settings, "SLUICE_ROLLUP_CACHE", True))


def key_of(*parts: Any, space: str = "rollup-sealed") -> str:
    """A cache key of the parts (the read's name, the state row, the bounds, the filters) and the database,
    in ``space`` (the rollup reads' rows; the exports' encoded bytes are in a space of their own)."""
    text = json.dumps([connection.settings_dict.get("NAME"), *parts], default=str, sort_keys=True)
    return f"sluice:{space}:" + hashlib.sha256(text.encode()).hexdigest()


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    raise TypeError(f"not cacheable: {type(value).__name__}")


def _hook(obj: dict) -> Any:
    if len(obj) == 1 and "$dt" in obj:
        return datetime.fromisoformat(obj["$dt"])
    return obj


def encode(rows: list[dict[str, Any]]) -> bytes:
    """Rows (each with a ``durations`` float64 array, or none) as one bytes value: header length, JSON rows
    with the length of each row's durations, then every row's durations (little-endian float8s) in order."""
    head, blobs = [], []
    for row in rows:
        values = row.get("durations")
        head.append(
            {**{k: v for k, v in row.items() if k != "durations"}, "$n": None if values is None else len(values)}
        )
        if values is not None:
            blobs.append(np.ascontiguousarray(values, dtype=DURATIONS).tobytes())
    header = json.dumps(head, default=_default, separators=(",", ":")).encode()
    return _HEAD.pack(len(header)) + header + b"".join(blobs)


def decode(data: bytes) -> list[dict[str, Any]]:
    (size,) = _HEAD.unpack_from(data)
    head = json.loads(data[_HEAD.size : _HEAD.size + size], object_hook=_hook)
    durations = np.frombuffer(data, dtype=DURATIONS, offset=_HEAD.size + size)
    rows, at = [], 0
    for row in head:
        n = row.pop("$n")
        if n is not None:
            row["durations"] = durations[at : at + n]
            at += n
        rows.append(row)
    return rows


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


def get(key: str) -> list[dict[str, Any]] | None:
    data = get_bytes(key)
    return decode(data) if data is not None else None


def put(key: str, rows: list[dict[str, Any]]) -> None:
    if enabled():
        put_bytes(key, encode(rows))


def delete(key: str) -> None:
    """Drop one entry (tests; never the whole cache, which other state shares)."""
    client = _redis()
    if client is not None:
        client.delete(_key(key))
    else:
        with _local.lock:
            old = _local.items.pop(key, None)
            _local.size -= len(old) if old is not None else 0
