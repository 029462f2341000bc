"""Jobs for the interactive pool's tests: importable by dotted path in a child process."""

from __future__ import annotations

import os
import time

from django.core.exceptions import ValidationError


def echo(*, value):
    return {"value": value, "pid": os.getpid()}


def hang(*, seconds: float = 3600):
    time.sleep(seconds)
    return "woke up"


def spin(*, seconds: float = 3600):
    """Busy without releasing the GIL for long (like Polars waiting in native code)."""
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
    return n


def crash(*, code: int = 3):
    os._exit(code)


def segfault():
    import ctypes

    ctypes.string_at(0)


def allocate(*, rows: int):
    """A Polars sort of ``rows`` rows (the memory cap turns a large one into an error)."""
    import polars as pl

    frame = pl.select(pl.int_range(0, rows).alias("a")).lazy().with_columns(b=pl.col("a") * 2)
    return frame.sort("a", descending=True).collect().height


def python_memory(*, megabytes: int):
    return len(bytearray(megabytes * 1024 * 1024))


def invalid(*, field: str):
    raise ValidationError({field: ["Not like this."]})


def broken():
    raise KeyError("a bug")


def setting(*, name: str):
    from django.conf import settings

    return str(getattr(settings, name))
