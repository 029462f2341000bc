"""The destination profile's sample plans (executions.engine.profiling): every k-th row of the whole input
for the smallest k = 1, 8, 64, ... whose rows fit the limit, collected in the pass that writes the
destination, in bounded memory (no row index: Polars buffers the rows in front of one in a CSV scan)."""

from __future__ import annotations

import math

import polars as pl
import pytest

from executions.engine import profiling


def expected(rows: int, limit: int) -> tuple[list[int], int]:
    step = next(profiling.BASE**k for k in range(profiling.LEVELS) if math.ceil(rows / profiling.BASE**k) <= limit)
    return list(range(0, rows, step)), step


@pytest.mark.parametrize("rows", [0, 1, 7, 50, 51, 399, 400, 401, 1000, 3201, 25_601])
def test_the_sample_is_every_kth_row_for_the_smallest_step_that_fits(settings, rows):
    settings.SLUICE_PROFILE_ROWS = 50
    frame = pl.LazyFrame({"i": pl.int_range(rows, eager=True), "s": [f"r{v}" for v in range(rows)]})
    plans = profiling.sample_plans(frame)
    assert len(plans) == profiling.LEVELS
    results = [pl.DataFrame({"sink": [1]}), *pl.collect_all(plans)]
    sample = profiling.sample_pick(results, len(plans))
    assert len(results) == 1  # the sample's frames were popped, what came before is left
    values, step = expected(rows, 50)
    assert sample.step == step and sample.frame["i"].to_list() == values
    assert sample.frame.columns == ["i", "s"] and sample.frame.height <= 50


def test_more_rows_than_the_last_level_reaches_are_cut_to_the_limit(settings, monkeypatch):
    settings.SLUICE_PROFILE_ROWS = 2
    monkeypatch.setattr(profiling, "LEVELS", 3)  # steps 1, 8, 64
    frame = pl.LazyFrame({"i": list(range(2 * 64 + 5))})  # every 64th row is 3 rows: more than the limit
    sample = profiling.sample_pick(pl.collect_all(profiling.sample_plans(frame)), 3)
    assert sample.step == 64 and sample.frame["i"].to_list() == [0, 64]


def test_the_plans_have_no_row_index_and_keep_a_columns_named_like_the_old_one(settings):
    """Hostile: a column named like the row index the sample used to add; the plans add no column."""
    settings.SLUICE_PROFILE_ROWS = 3
    frame = pl.LazyFrame({"__sluice_profile_row": list(range(10)), "index": list(range(10, 20))})
    plans = profiling.sample_plans(frame)
    assert "ROW INDEX" not in pl.explain_all(plans)
    sample = profiling.sample_pick(pl.collect_all(plans), len(plans))
    assert sample.frame.columns == ["__sluice_profile_row", "index"] and sample.step == 8
    assert sample.frame["index"].to_list() == [10, 18]
