"""ECharts options of the insight page (a ``[data-chart]`` element, as quality/presentation.py): the runs
behind a regression or a trend, with the baseline and recent medians, or the fitted line and its
forecast. Pure functions over selector results, plain JSON-serialisable dicts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from insights.selectors.history import RunPoint

SERIES_KINDS = {
    "duration_regression": "duration",
    "duration_growth": "duration",
    "rows_regression": "rows",
    "output_growth": "rows",
}


def _value(run: RunPoint, what: str) -> float:
    return round(run.duration_seconds, 3) if what == "duration" else run.rows_out


def history_chart(*, kind: str, runs: list[RunPoint], figures: dict[str, Any]) -> dict[str, Any] | None:
    """The chart of an insight of a kind in SERIES_KINDS; None for the others or without runs."""
    what = SERIES_KINDS.get(kind)
    if what is None or not runs:
        return None
    points = [[r.finished_at.isoformat(), _value(r, what)] for r in runs]
    series: list[dict[str, Any]] = [
        {"name": "run " + ("duration (s)" if what == "duration" else "rows written"), "type": "line", "data": points}
    ]
    if kind.endswith("regression") and "baseline_median" in figures:
        series[0]["markLine"] = {
            "symbol": "none",
            "data": [
                {"name": "baseline median", "yAxis": figures["baseline_median"]},
                {"name": "recent median", "yAxis": figures["recent_median"]},
            ],
        }
    if kind.endswith("growth") and "slope_per_day" in figures:
        first, last = runs[0].finished_at, runs[-1].finished_at
        horizon = last + timedelta(days=figures["horizon_days"])
        start = figures["current"] - figures["slope_per_day"] * figures["window_days"]
        series.append(
            {
                "name": f"least-squares line (R² {figures['r2']:.2f}) and forecast",
                "type": "line",
                "lineStyle": {"type": "dashed"},
                "data": [
                    [first.isoformat(), round(start, 3)],
                    [last.isoformat(), figures["current"]],
                    [horizon.isoformat(), figures["forecast"]],
                ],
            }
        )
    return {
        "aria": {"enabled": True},
        "animation": False,
        "color": ["#0d6efd", "#d63384"],
        "grid": {"left": 56, "right": 24, "top": 40, "bottom": 32},
        "legend": {"top": 0},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "time"},
        "yAxis": {"type": "value", "name": "seconds" if what == "duration" else "rows", "scale": True},
        "series": series,
    }
