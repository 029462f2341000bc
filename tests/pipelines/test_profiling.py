"""pipelines.profiling: every figure checked against values computed independently (numpy and plain
Python) on seeded frames; the row and time bounds; the comparison of two profiles."""

from __future__ import annotations

import datetime as dt
import random
import statistics

import numpy as np
import polars as pl
import pytest

from pipelines.profiling import histogram, profile_compare, profile_frame


@pytest.fixture
def seeded():
    rng = random.Random(17)
    n = 2000
    amounts = [None if rng.random() < 0.1 else round(rng.gauss(100, 15), 3) for _ in range(n)]
    qty = [rng.randint(0, 50) for _ in range(n)]
    names = [None if rng.random() < 0.05 else rng.choice(["ann", "bob", "carla", "dimitri", "e"]) for _ in range(n)]
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 364)) for _ in range(n)]
    return pl.DataFrame({"amount": amounts, "qty": qty, "name": names, "day": days})


def _col(profile, name):
    return next(c for c in profile["columns"] if c["name"] == name)


def test_numbers_against_numpy(seeded):
    profile = profile_frame(seeded)
    assert profile["rows"] == profile["rows_profiled"] == 2000 and not profile["sampled"]
    raw = seeded["amount"].to_list()
    values = np.array([v for v in raw if v is not None])
    amount = _col(profile, "amount")
    assert amount["kind"] == "numeric"
    assert amount["nulls"] == raw.count(None)
    assert amount["null_rate"] == pytest.approx(raw.count(None) / len(raw))
    assert amount["distinct"] == len(set(values.tolist())) and amount["distinct_exact"]
    assert amount["min"] == pytest.approx(values.min()) and amount["max"] == pytest.approx(values.max())
    assert amount["mean"] == pytest.approx(values.mean())
    assert amount["std"] == pytest.approx(statistics.stdev(values.tolist()))
    for key, q in {"p5": 5, "p25": 25, "p50": 50, "p75": 75, "p95": 95}.items():
        assert amount["quantiles"][key] == pytest.approx(np.percentile(values, q)), key
    counts, edges = np.histogram(values, bins=10)
    assert amount["histogram"]["counts"] == counts.tolist()
    assert amount["histogram"]["edges"] == pytest.approx(edges.tolist())
    assert sum(amount["histogram"]["counts"]) == len(values)


def test_integer_top_values_and_histogram(seeded):
    qty = _col(profile_frame(seeded, top=5), "qty")
    values = seeded["qty"].to_list()
    expected = sorted(((v, values.count(v)) for v in set(values)), key=lambda vc: -vc[1])
    assert [t["count"] for t in qty["top"]] == [c for _, c in expected[:5]]
    assert all(values.count(t["value"]) == t["count"] for t in qty["top"])
    counts, _ = np.histogram(np.array(values, dtype=float), bins=10)
    assert qty["histogram"]["counts"] == counts.tolist()


def test_strings_lengths_and_nulls(seeded):
    name = _col(profile_frame(seeded), "name")
    raw = seeded["name"].to_list()
    present = [v for v in raw if v is not None]
    assert name["kind"] == "string"
    assert name["nulls"] == raw.count(None)
    assert name["distinct"] == len(set(present))
    most = max(set(present), key=present.count)
    assert name["top"][0] == {"value": most, "count": present.count(most)}
    counts, _ = np.histogram(np.array([len(v) for v in present], dtype=float), bins=10)
    assert name["histogram"]["of"] == "length"
    assert name["histogram"]["counts"] == counts.tolist()
    assert "min" not in name  # strings have no min/max figures
    assert "quantiles" not in name


def test_dates_get_min_max_and_quantiles(seeded):
    day = _col(profile_frame(seeded), "day")
    days = sorted(seeded["day"].to_list())
    assert day["kind"] == "temporal"
    assert day["min"] == days[0].isoformat() and day["max"] == days[-1].isoformat()
    ordinals = np.array([d.toordinal() for d in days], dtype=float)
    median = dt.date.fromordinal(round(float(np.percentile(ordinals, 50))))
    assert day["quantiles"]["p50"] == median.isoformat()
    mean = dt.date.fromordinal(round(float(ordinals.mean())))
    assert day["mean"] == mean.isoformat()


def test_nan_is_counted_apart_and_left_out():
    frame = pl.DataFrame({"x": [1.0, float("nan"), 3.0, None, float("inf")]})
    x = _col(profile_frame(frame), "x")
    assert x["nan_count"] == 1 and x["nulls"] == 1
    assert x["distinct"] == 3  # 1, 3, inf
    assert x["min"] == 1.0 and x["max"] is None  # inf is not a JSON number
    assert sum(x["histogram"]["counts"]) == 2  # the finite values


def test_distinct_is_estimated_above_the_threshold():
    frame = pl.DataFrame({"id": range(50_000)})
    exact = _col(profile_frame(frame), "id")
    approx = _col(profile_frame(frame, distinct_exact_max=1000), "id")
    assert exact["distinct"] == 50_000 and exact["distinct_exact"]
    assert not approx["distinct_exact"]
    assert approx["distinct"] == pytest.approx(50_000, rel=0.05)


def test_a_large_frame_is_sampled_and_says_so():
    frame = pl.LazyFrame({"i": range(100_000)})
    profile = profile_frame(frame, max_rows=1000)
    assert profile["rows"] == 100_000
    assert profile["rows_profiled"] == 1000 and profile["sampled"] and profile["sample_step"] == 100
    i = _col(profile, "i")
    assert i["min"] == 0 and i["max"] == 99_900  # spread over the whole frame, not its head
    assert i["mean"] == pytest.approx(np.arange(0, 100_000, 100).mean())


def test_the_time_limit_leaves_details_out_and_says_so():
    frame = pl.DataFrame({f"c{i}": range(100) for i in range(5)})
    profile = profile_frame(frame, deadline_seconds=0)
    assert profile["truncated"]
    assert all("top" not in c for c in profile["columns"])
    assert all(c["nulls"] == 0 for c in profile["columns"])  # the first pass is always there


def test_an_empty_frame_and_nested_columns():
    profile = profile_frame(pl.DataFrame({"a": [], "l": []}, schema={"a": pl.Int64, "l": pl.List(pl.Int64)}))
    assert profile["rows"] == 0
    a = _col(profile, "a")
    assert a["null_rate"] == 0.0 and a["histogram"] is None and a["min"] is None
    nested = _col(profile_frame(pl.DataFrame({"l": [[1], None]})), "l")
    assert nested["kind"] == "other" and nested["nulls"] == 1 and nested["top"] == []


def test_histogram_of_one_value():
    assert histogram(pl.Series([2.0, 2.0]), bins=10, of="value") == {"of": "value", "edges": [2.0, 2.0], "counts": [2]}
    assert histogram(pl.Series([], dtype=pl.Float64), bins=10, of="value") is None


def test_compare_finds_new_and_removed_columns_null_rate_and_mean_shift():
    before = profile_frame(pl.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": ["x", "y", "z", "w"], "gone": [1, 2, 3, 4]}))
    after = profile_frame(pl.DataFrame({"a": [10.0, 11.0, None, None], "b": ["x", "y", "z", "w"], "new": [1, 1, 1, 1]}))
    diff = profile_compare(after, before)
    assert diff["added"] == ["new"] and diff["removed"] == ["gone"]
    a = diff["columns"]["a"]
    assert a["null_rate_change"] == pytest.approx(0.5)
    assert a["mean_shift"] == pytest.approx(10.5 - 2.5)
    assert a["mean_shift_stds"] == pytest.approx(8 / statistics.stdev([1.0, 2.0, 3.0, 4.0]))
    assert a["mean_shift_notable"]
    assert diff["columns"]["b"]["null_rate_change"] == 0 and not diff["columns"]["b"]["mean_shift_notable"]
    assert any("Null rate of a" in c for c in diff["changes"]) and any("Mean of a" in c for c in diff["changes"])
    assert "New column new." in diff["changes"] and "Column gone is gone." in diff["changes"]


def test_compare_finds_retyped_columns():
    diff = profile_compare(profile_frame(pl.DataFrame({"a": ["1"]})), profile_frame(pl.DataFrame({"a": [1]})))
    assert diff["retyped"] == [{"column": "a", "before": "Int64", "after": "String"}]
