"""The sample a destination's profile is made of, taken in the pass that writes the destination:
executions.engine.running adds ``sample_plans`` to the same ``pl.collect_all`` as the destination's lazy
sink, or cuts ``sample_of`` from the frame it collected to stage. The
profile itself is made from the sample after the step succeeded
(executions.services.profiles.destination_profiles_record).

Bounded: at most ``SLUICE_PROFILE_ROWS`` rows are kept, whatever the destination receives; the pass collects
at most ``LEVELS`` times that many (+1) rows.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import polars as pl
from django.conf import settings

BASE, LEVELS = 8, 10  # steps 1, 8, ..., 8**9: every row of up to 13 billion rows is reachable at the default limit


class ProfileSample(NamedTuple):
    """At most ``SLUICE_PROFILE_ROWS`` rows of what a destination received: every ``step``-th row (the
    whole input when 1), as pipelines.profiling samples."""

    frame: pl.DataFrame
    step: int


def enabled() -> bool:
    return bool(settings.SLUICE_PROFILE_DESTINATIONS) and int(settings.SLUICE_PROFILE_ROWS) > 0


def sample_plans(frame: pl.LazyFrame) -> list[pl.LazyFrame]:
    """The plans over ``frame`` for the sample, to collect in the pass that writes it (its row count is only
    known at the end): for each step k = 1, 8, 64, ... (``LEVELS``), the first ``SLUICE_PROFILE_ROWS`` + 1 of
    every k-th row (``gather_every(k)`` then ``head``: each holds at most that many rows and streams).
    ``sample_pick`` takes the smallest step whose rows all fit: every k-th row of the whole input, at least
    1/8 of the limit (when there are that many). Whether the plans share the sink's read is the caller's
    choice (executions.engine.running._sampling).

    Not a row index and a filter (one plan): Polars 2.1's streaming engine buffers the rows in front of a
    ``with_row_index`` over a CSV scan (5.2 GiB for a 100M-row input, docs/performance.md)."""
    max_rows = int(settings.SLUICE_PROFILE_ROWS)
    return [frame.select(pl.all().gather_every(BASE**level)).head(max_rows + 1) for level in range(LEVELS)]


def sample_pick(results: list[pl.DataFrame], count: int) -> ProfileSample:
    """Pop the ``count`` frames of ``sample_plans`` off the end of ``results``; the sample they make."""
    max_rows = int(settings.SLUICE_PROFILE_ROWS)
    levels = results[-count:]
    del results[-count:]
    for level, frame in enumerate(levels):
        if frame.height <= max_rows or level == len(levels) - 1:  # not cut: every step-th row of the whole input
            return ProfileSample(frame.head(max_rows), BASE**level)
    raise AssertionError("unreachable")


def sample_of(data: pl.DataFrame) -> ProfileSample:
    """Every k-th row of a collected frame, at most ``SLUICE_PROFILE_ROWS`` (as pipelines.profiling samples)."""
    max_rows = int(settings.SLUICE_PROFILE_ROWS)
    step = max(1, math.ceil(data.height / max_rows))
    return ProfileSample((data.gather_every(step) if step > 1 else data).head(max_rows), step)
