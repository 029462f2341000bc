"""The sample a destination's profile is made of, taken in the pass that writes the destination (no
second computation of the chain): executions.engine.running adds ``sample_plans`` to the same
``pl.collect_all`` as the destination's lazy sink (Polars shares the common subplan: one read of the
sources), or cuts ``sample_of`` from the frame it collected to stage. The profile itself is made from
the sample after the step succeeded (executions.services.profiles.destination_profiles_record).

Bounded: at most ``SLUICE_PROFILE_ROWS`` rows are kept, whatever the destination receives; the pass collects
at most ``LEVELS`` times that many (+1) numbered rows, fewer as the steps overlap.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import polars as pl
from django.conf import settings

INDEX = "__sluice_profile_row"
BASE, LEVELS = 8, 10  # steps 1, 8, ..., 8**9: every row of up to 13 billion rows is reachable at the default limit


class ProfileSample(NamedTuple):
    """At most ``SLUICE_PROFILE_ROWS`` rows of what a destination received: every ``step``-th row (the
    whole input when 1), as pipelines.profiling samples."""

    frame: pl.DataFrame
    step: int


def enabled() -> bool:
    return bool(settings.SLUICE_PROFILE_DESTINATIONS) and int(settings.SLUICE_PROFILE_ROWS) > 0


def sample_plans(frame: pl.LazyFrame) -> list[pl.LazyFrame]:
    """One plan over ``frame`` for the sample, to collect in the pass that writes it (its row count is only
    known at the end). For each step k = 1, 8, 64, ... (``LEVELS``) it keeps the first ``SLUICE_PROFILE_ROWS``
    + 1 rows of every k-th row, numbered: one filter (a modulo and a comparison per row, no sort), one plan
    (Polars then shares the subplan with the sink: one read). ``sample_pick`` takes the smallest step whose
    rows all fit: every k-th row of the whole input, at least 1/8 of the limit (when there are that many)."""
    max_rows = int(settings.SLUICE_PROFILE_ROWS)
    names = set(frame.collect_schema().names())
    index = next(f"{INDEX}{n or ''}" for n in range(len(names) + 1) if f"{INDEX}{n or ''}" not in names)
    row = pl.col(index)
    kept = pl.any_horizontal(
        [(row % step == 0) & (row < (max_rows + 1) * step) for step in (BASE**level for level in range(LEVELS))]
    )
    # select(pl.all()) first: Polars 2.1 pushes a row index straight into an IPC scan shared with the sink
    # (a CACHE) and then fails with "did not find column"; behind a projection the index stays in the plan.
    return [frame.select(pl.all()).with_row_index(index).filter(kept)]


def sample_pick(results: list[pl.DataFrame], count: int) -> ProfileSample:
    """Pop the frame of ``sample_plans`` off the end of ``results``; the sample it makes."""
    max_rows = int(settings.SLUICE_PROFILE_ROWS)
    (numbered,) = results[-count:]
    del results[-count:]
    index = numbered.columns[0]
    row = pl.col(index)
    for level in range(LEVELS):
        step = BASE**level
        frame = numbered.filter((row % step == 0) & (row < (max_rows + 1) * step))
        if frame.height <= max_rows or level == LEVELS - 1:  # not cut: every step-th row of the whole input
            return ProfileSample(frame.head(max_rows).drop(index), step)
    raise AssertionError("unreachable")


def sample_of(data: pl.DataFrame) -> ProfileSample:
    """Every k-th row of a collected frame, at most ``SLUICE_PROFILE_ROWS`` (as pipelines.profiling samples)."""
    max_rows = int(settings.SLUICE_PROFILE_ROWS)
    step = max(1, math.ceil(data.height / max_rows))
    return ProfileSample((data.gather_every(step) if step > 1 else data).head(max_rows), step)
