"""Validation allocates hundreds of thousands of short-lived objects for a 2,000-node graph (parsed
documents, configs, schemas, lineage), all freed by reference counting. Left on, the cyclic garbage
collector sees the allocations and runs full collections that walk every object of the process (Django,
Polars, the schema cache): measured at half the CPU time of parsing a 2,000-node request
(bench/validate.py). ``no_cycle_collection`` pauses it for one such bounded piece of work.

Free what the block made before it ends: the collector's first pass after it walks every object still
alive that was made while it was paused (an answer's ~100,000 dicts: ~30 ms in a validation job), and what
survives goes on to its older generations, whose passes walk it again. So a validation job holds it paused
until its answer is bytes, and the validate views until the child has answered (pipelines.api)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """The cyclic collector paused for the block (it runs again, as before, after it). Process-wide:
    other threads only see their collections postponed by the block's duration."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
