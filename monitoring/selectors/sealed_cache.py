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

Storage: core/sealed_store.py (Redis bytes, or a small in-process LRU without Redis), with values written
as bytes by this module (a JSON header and the packed durations: no pickle). An aggregate whose durations
pass ``MAX_BYTES`` is not kept (a month of every node: 80 MB), and such a read streams as before.
``SLUICE_ROLLUP_CACHE = False`` turns the cache off (bench/api.py's cold figures).
"""

from __future__ import annotations

import json
import struct
from datetime import datetime
from typing import Any

import numpy as np

from core.sealed_store import MAX_BYTES, delete, enabled, get_bytes, key_of, put_bytes

__all__ = ["MAX_BYTES", "decode", "delete", "enabled", "encode", "get", "get_bytes", "key_of", "put", "put_bytes"]

DURATIONS = np.dtype("<f8")
_HEAD = struct.Struct("<I")


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


def get(key: str) -> list[dict[str, Any]] | None:
    data = get_bytes(key)
    return decode(data) if data is not None else None


def put(key: str, rows: list[dict[str, Any]]) -> None:
    if enabled():
        put_bytes(key, encode(rows))
