"""The sample a destination's profile is made of, taken in the pass that writes the destination (no
second computation of the chain): executions.engine.running adds ``sample_plan`` to the same
``pl.collect_all`` as the destination's lazy sink (Polars shares the common subplan: one read of the
sources), or cuts ``sample_of`` from the frame it collected to stage. The profile itself is made from
the sample after the step succeeded (executions.services.profiles.destination_profiles_record).

Bounded: at most ``SLUICE_PROFILE_ROWS`` rows are kept, whatever the destination receives.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import polars as pl
from django.conf import settings

INDEX = "__sluice_profile_row"
SEED = 0x5A1CE


class ProfileSample(NamedTuple):
    """At most ``SLUICE_PROFILE_ROWS`` rows of what a destination received. ``step``: every step-th row
    (the whole input when 1); None: a seeded random sample of ``max_rows`` rows (a lazy sink's input,
    whose row count is only known at the end of the pass)."""

    frame: pl.DataFrame
    step: int | None


def enabled() -> bool:
    return bool(settings.SLUICE_PROFILE_DESTINATIONS) and int(settings.SLUICE_PROFILE_ROWS) > 0


def sample_plan(frame: pl.LazyFrame) -> pl.LazyFrame:
    """A plan over ``frame`` that keeps ``SLUICE_PROFILE_ROWS`` rows spread over all of it, in their order:
    the rows whose position hashes lowest (a bounded top-k, streamed; deterministic for a given input)."""
    max_rows = int(settings.SLUICE_PROFILE_ROWS)
    names = set(frame.collect_schema().names())
    index = next(f"{INDEX}{n or ''}" for n in range(len(names) + 1) if f"{INDEX}{n or ''}" not in names)
    # select(pl.all()) first: Polars 2.1 pushes a row index straight into an IPC scan shared with the sink
    # (a CACHE) and then fails with "did not find column"; behind a projection the index stays in the plan.
    return (
        frame.select(pl.all())
        .with_row_index(index)
        .bottom_k(max_rows, by=pl.col(index).hash(SEED))
        .sort(index)
        .drop(index)
    )


def sample_of(data: pl.DataFrame) -> ProfileSample:
    """Every k-th row of a collected frame, at most ``SLUICE_PROFILE_ROWS`` (as pipelines.profiling samples)."""
    max_rows = int(settings.SLUICE_PROFILE_ROWS)
    step = max(1, math.ceil(data.height / max_rows))
    return ProfileSample((data.gather_every(step) if step > 1 else data).head(max_rows), step)
