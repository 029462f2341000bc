"""ECharts options of the quality pages (``[data-chart]`` elements, as monitoring/charts.py): pure
functions over selector results, plain JSON-serialisable dicts."""

from __future__ import annotations

from datetime import date
from typing import Any

PALETTE = ["#0d6efd", "#198754", "#d63384", "#fd7e14", "#6f42c1", "#20c997", "#dc3545", "#0dcaf0", "#6c757d"]


def _base() -> dict[str, Any]:
    return {"aria": {"enabled": True}, "animation": False, "color": PALETTE}


def rule_label(row: dict[str, Any]) -> str:
    return f"{row['node_key']}.{row['rule']}"


def pass_rate_lines(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One line per rule: its pass rate (%) per UTC day with results (days without results are gaps)."""
    series: dict[str, list[list[Any]]] = {}
    for row in rows:
        series.setdefault(rule_label(row), []).append([row["day"].isoformat(), round(row["pass_rate"] * 100, 2)])
    return {
        **_base(),
        "grid": {"left": 48, "right": 16, "top": 40, "bottom": 32},
        "legend": {"type": "scroll", "top": 0},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "time"},
        "yAxis": {"type": "value", "min": 0, "max": 100, "name": "pass rate %"},
        "series": [
            {"name": name, "type": "line", "data": points, "showSymbol": True, "connectNulls": False}
            for name, points in series.items()
        ],
    }


def failing_heatmap(rows: list[dict[str, Any]], *, days: list[date]) -> dict[str, Any]:
    """Rules (y) × days (x): the number of failing runs of the rule that day."""
    rules = sorted({rule_label(r) for r in rows})
    day_index = {d: i for i, d in enumerate(days)}
    rule_index = {name: i for i, name in enumerate(rules)}
    cells = [
        [day_index[r["day"]], rule_index[rule_label(r)], r["failed"]]
        for r in rows
        if r["day"] in day_index and r["failed"]
    ]
    top = max((c[2] for c in cells), default=1)
    return {
        **_base(),
        "grid": {"left": 160, "right": 16, "top": 16, "bottom": 64},
        "tooltip": {"position": "top"},
        "xAxis": {"type": "category", "data": [d.isoformat() for d in days], "splitArea": {"show": True}},
        "yAxis": {"type": "category", "data": rules, "splitArea": {"show": True}},
        "visualMap": {
            "min": 0,
            "max": top,
            "calculable": True,
            "orient": "horizontal",
            "left": "center",
            "bottom": 0,
            "inRange": {"color": ["#fff5f5", "#dc3545"]},
        },
        "series": [{"name": "failing runs", "type": "heatmap", "data": cells, "label": {"show": False}}],
    }
