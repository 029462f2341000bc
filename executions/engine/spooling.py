"""A destination that stages from memory (``stage`` takes a frame: the database and warehouse tables) gets
a bigger input through a spool: one streaming pass writes the input to an Arrow IPC file in the scratch
directory while it counts the rows and measures the destination's checks, then ``stage`` reads the file
back in batches (``collect_batches`` of its ``batch_size``). The input is computed once (a source is read
once) and never held whole in memory; the staging and two-phase publish are the destination's as before.
The spool is removed when the stage is done, whatever happened."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl
from django.conf import settings


def _scratch() -> Path:
    path = Path(settings.SLUICE_SCRATCH_DIR) / "spool"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def spool(
    frame: pl.LazyFrame,
    others: list[pl.LazyFrame],
    optimizations: pl.QueryOptFlags | None = None,
    *,
    collect: Callable[..., list[pl.DataFrame]] | None = None,
) -> Iterator[tuple[pl.LazyFrame, int, list[pl.DataFrame]]]:
    """(the spooled input as a lazy scan, its row count, the collected ``others``), all from one pass
    (collected with ``optimizations``, Polars' defaults when None, by ``collect``: ``pl.collect_all`` by
    default; the engine passes ``planproc.collect_all``, so the pass that writes the spool runs in the
    step's plan process and only the batches read back by ``stage`` are the worker's)."""
    handle, name = tempfile.mkstemp(prefix="sluice-spool-", suffix=".arrow", dir=_scratch())
    os.close(handle)
    try:
        sink = frame.sink_ipc(name, compression="lz4", lazy=True)
        plans = [sink, frame.select(pl.len()), *others]
        results = (collect or pl.collect_all)(plans, optimizations=optimizations or pl.QueryOptFlags())
        yield pl.scan_ipc(name), int(results[1].item()), results[2:]
    finally:
        Path(name).unlink(missing_ok=True)
