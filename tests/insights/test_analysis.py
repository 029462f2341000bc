"""The statistics of insights.analysis against values computed independently (the statistics module,
sums written out)."""

from __future__ import annotations

import statistics

import pytest

from insights import analysis


def test_change_point_matches_median_and_mad_computed_by_hand():
    baseline = [10.0, 11.0, 9.0, 10.5, 10.0, 12.0, 9.5, 10.0, 11.0, 10.0]
    recent = [15.0, 16.0, 14.5, 15.5, 15.0]
    cp = analysis.change_point(baseline + recent, recent=5, baseline=30)
    med = statistics.median(baseline)
    mad = statistics.median([abs(x - med) for x in baseline]) * 1.4826
    assert cp.baseline_n == 10 and cp.recent_n == 5
    assert cp.baseline_median == pytest.approx(med)
    assert cp.baseline_mad == pytest.approx(mad)
    assert cp.recent_median == pytest.approx(15.0)
    assert cp.score == pytest.approx((15.0 - med) / mad)
    assert cp.change == pytest.approx((15.0 - med) / med)
    assert cp.fires(threshold=3.0, min_change=0.2)


def test_change_point_baseline_is_the_runs_just_before_the_recent_window():
    values = [100.0] * 10 + [10.0] * 20 + [12.0] * 5
    cp = analysis.change_point(values, recent=5, baseline=20)
    assert cp.baseline_median == 10.0  # the 100s are older than the 20-run baseline


def test_noise_and_small_changes_do_not_fire():
    flat = [1000.0] * 30 + [1050.0] * 5  # +5 %: far above the 1 % stand-in spread, below the 20 % minimum
    cp = analysis.change_point(flat, recent=5, baseline=30)
    assert cp.baseline_mad == 0 and cp.score == pytest.approx(50 / 10)
    assert not cp.fires(threshold=3.0, min_change=0.2)
    assert analysis.change_point([10.0] * 30 + [10.5] * 5, recent=5, baseline=30).score == pytest.approx(0.5)
    noisy = [10.0, 20.0] * 15 + [16.0] * 5  # +60 % but within a spread of 5 × 1.48
    assert not analysis.change_point(noisy, recent=5, baseline=30).fires(threshold=3.0, min_change=0.2)


def test_a_drop_fires_only_both_ways():
    values = [1000.0 + (i % 3) for i in range(30)] + [400.0] * 5
    cp = analysis.change_point(values, recent=5, baseline=30)
    assert cp.change < -0.5
    assert not cp.fires(threshold=3.0, min_change=0.2)
    assert cp.fires(threshold=3.0, min_change=0.2, both_ways=True)


def test_too_short_a_history_gives_nothing():
    assert analysis.change_point([1.0] * 9, recent=5, baseline=30) is None
    assert analysis.change_point([1.0] * 10, recent=5, baseline=30) is not None


def test_linear_trend_matches_least_squares_by_hand():
    days = [0, 1, 2, 4, 7, 9, 12, 15]
    ys = [10.0, 10.6, 11.1, 12.3, 13.4, 14.8, 16.1, 17.6]
    times = [1_700_000_000 + d * 86400 for d in days]
    trend = analysis.linear_trend(times, ys, horizon_days=30)
    fit = statistics.linear_regression(days, ys)
    r = statistics.correlation(days, ys)
    assert trend.slope_per_day == pytest.approx(fit.slope)
    assert trend.intercept == pytest.approx(fit.intercept)
    assert trend.r2 == pytest.approx(r * r)
    assert trend.current == pytest.approx(fit.slope * 15 + fit.intercept)
    assert trend.forecast == pytest.approx(fit.slope * 45 + fit.intercept)
    assert trend.window_days == pytest.approx(15)
    assert trend.growth == pytest.approx((trend.forecast - trend.current) / trend.current)


def test_linear_trend_needs_three_points_over_time():
    assert analysis.linear_trend([1, 2], [1, 2], horizon_days=30) is None
    assert analysis.linear_trend([5, 5, 5], [1, 2, 3], horizon_days=30) is None
    flat = analysis.linear_trend([0, 86400, 172800], [3.0, 3.0, 3.0], horizon_days=30)
    assert flat.slope_per_day == pytest.approx(0) and flat.r2 == 0.0
