"""The statistics behind the insights, pure functions over plain numbers (numpy), explained in
docs/insights.md.

- ``change_point``: the recent window of a series against the baseline before it. The baseline's centre is
  its median and its spread the scaled median absolute deviation (MAD x 1.4826, the standard deviation of a
  normal sample); the score is how many spreads the recent median sits from the baseline median. A
  regression needs both a score of at least ``threshold`` and a relative change of at least
  ``min_change``, so a flat series with a tiny MAD does not fire on noise.
- ``linear_trend``: ordinary least squares of y on time (seconds), with R²; the forecast is the fitted line
  at a horizon past the last point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MAD_SCALE = 1.4826


@dataclass(frozen=True)
class ChangePoint:
    baseline_n: int
    recent_n: int
    baseline_median: float
    baseline_mad: float
    recent_median: float
    score: float  # (recent median - baseline median) / spread; signed
    change: float  # (recent median - baseline median) / baseline median; signed, 0.5 = +50 %

    def fires(self, *, threshold: float, min_change: float, both_ways: bool = False) -> bool:
        if both_ways:
            return abs(self.score) >= threshold and abs(self.change) >= min_change
        return self.score >= threshold and self.change >= min_change


def change_point(values: Sequence[float], *, recent: int, baseline: int) -> ChangePoint | None:
    """``values`` oldest first; the last ``recent`` against the ``baseline`` before them. None when there
    are fewer than ``recent`` + 5 values (a baseline of fewer than five runs says nothing)."""
    data = np.asarray(values, dtype=float)
    if recent < 1 or len(data) < recent + 5:
        return None
    base = data[-(recent + baseline) : -recent]
    tail = data[-recent:]
    b_med = float(np.median(base))
    mad = float(np.median(np.abs(base - b_med))) * MAD_SCALE
    r_med = float(np.median(tail))
    # A spread of zero (identical runs): 1 % of the median (or 1) stands in, so the score stays finite.
    spread = mad if mad > 0 else max(abs(b_med) * 0.01, 1.0)
    change = (r_med - b_med) / b_med if b_med else (0.0 if r_med == b_med else float("inf"))
    return ChangePoint(
        baseline_n=len(base),
        recent_n=len(tail),
        baseline_median=b_med,
        baseline_mad=mad,
        recent_median=r_med,
        score=(r_med - b_med) / spread,
        change=change,
    )


@dataclass(frozen=True)
class Trend:
    n: int
    slope_per_day: float
    intercept: float  # at t = 0 (the first point)
    r2: float
    current: float  # the fitted value at the last point
    forecast: float  # the fitted value ``horizon_days`` after the last point
    horizon_days: float
    window_days: float  # from the first point to the last

    @property
    def growth(self) -> float:
        """Forecast against the current fitted value: 0.25 = 25 % more at the horizon."""
        return (self.forecast - self.current) / self.current if self.current > 0 else 0.0


def linear_trend(times: Sequence[float], values: Sequence[float], *, horizon_days: float) -> Trend | None:
    """Least squares of ``values`` on ``times`` (epoch seconds). None under 3 points or when every point
    has the same time."""
    t = np.asarray(times, dtype=float)
    y = np.asarray(values, dtype=float)
    if len(t) < 3 or np.ptp(t) == 0:
        return None
    days = (t - t[0]) / 86400.0
    slope, intercept = np.polyfit(days, y, 1)
    fitted = slope * days + intercept
    ss_res = float(np.sum((y - fitted) ** 2))
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - ss_res / ss_tot if ss_tot > 0 else 0.0
    last = float(days[-1])
    return Trend(
        n=len(t),
        slope_per_day=float(slope),
        intercept=float(intercept),
        r2=r2,
        current=float(slope * last + intercept),
        forecast=float(slope * (last + horizon_days) + intercept),
        horizon_days=horizon_days,
        window_days=last,
    )
