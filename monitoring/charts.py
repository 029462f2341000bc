"""ECharts options built from selector results, for the pages' ``[data-chart]`` elements (docs/ui.md).

Pure functions: no queries, plain JSON-serialisable dicts (no JavaScript functions), so a page passes
them through ``json_script``. Times are ISO strings on ``time`` axes; sparklines keep plain numbers on
a category axis so the live client can append ``metrics.system`` values to series 0.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from executions.dag import node_family, node_position

# Bootstrap 5.3 colours of the status badges (app.css uses the same hues).
STATUS_COLOURS = {
    "pending": "#adb5bd",
    "queued": "#6c757d",
    "running": "#0d6efd",
    "retrying": "#fd7e14",
    "succeeded": "#198754",
    "failed": "#dc3545",
    "skipped": "#ced4da",
    "cancelled": "#495057",
    "committing": "#0dcaf0",
    "cancelling": "#ffc107",
}
PALETTE = ["#0d6efd", "#198754", "#d63384", "#fd7e14", "#6f42c1", "#20c997", "#dc3545", "#0dcaf0", "#6c757d"]
MIB = 1024 * 1024


def _iso(value: datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def _base(title: str | None = None) -> dict[str, Any]:
    option: dict[str, Any] = {"aria": {"enabled": True}, "animation": False, "color": PALETTE}
    if title:
        option["title"] = {"text": title, "left": "center", "textStyle": {"fontSize": 13, "fontWeight": "normal"}}
    return option


def _lone_point(values: list[Any]) -> bool:
    """True when a line has a single point: without its symbol ECharts draws nothing for it."""
    present = [v for v in values if (v[-1] if isinstance(v, list | tuple) else v) is not None]
    return len(present) == 1


def sparkline(values: list[float | None], *, name: str, colour: str = "#0d6efd", max_value: float | None = 100):
    """A small line without axes; series 0 holds plain numbers (the live client appends to it)."""
    return {
        **_base(),
        "grid": {"left": 2, "right": 2, "top": 4, "bottom": 4},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "show": False, "boundaryGap": False},
        "yAxis": {"type": "value", "show": False, "min": 0, **({"max": max_value} if max_value else {})},
        "series": [
            {
                "name": name,
                "type": "line",
                "data": values,
                "symbol": "circle" if _lone_point(values) else "none",
                "smooth": True,
                "lineStyle": {"width": 2, "color": colour},
                "areaStyle": {"opacity": 0.15, "color": colour},
            }
        ],
    }


def gantt(timeline: dict[str, Any]) -> dict[str, Any]:
    """Horizontal stacked bars per step: an invisible offset (until queued), the wait in the queue and the
    run itself (coloured by status), in seconds after the execution started."""
    steps = [s for s in timeline["steps"] if s["offset_ms"] is not None or s["queued_at"] is not None]
    origin = timeline["execution"]["started_at"] or timeline["execution"]["created_at"]
    keys, offsets, waits, runs = [], [], [], []
    for s in steps:
        start_ms = s["offset_ms"]
        wait_ms = s["wait_ms"] or 0
        if start_ms is None:  # queued, not started: the bar is the wait so far
            start_ms = int((s["queued_at"] - origin).total_seconds() * 1000) if s["queued_at"] else 0
            wait_ms = 0
        queued_at_ms = max(0, start_ms - wait_ms)
        keys.append(s["node_key"])
        offsets.append(round(queued_at_ms / 1000, 3))
        waits.append(round((start_ms - queued_at_ms) / 1000, 3))
        runs.append(
            {
                "value": round((s["duration_ms"] or 0) / 1000, 3),
                "itemStyle": {"color": STATUS_COLOURS.get(s["status"], "#6c757d")},
                "name": f"{s['node_key']} ({s['status']})",
            }
        )
    return {
        **_base(),
        "grid": {"left": 8, "right": 24, "top": 30, "bottom": 30, "containLabel": True},
        "legend": {"data": ["waiting", "running"], "top": 0},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "value", "name": "s after start", "nameLocation": "middle", "nameGap": 22},
        "yAxis": {"type": "category", "data": keys, "inverse": True},
        "series": [
            {
                "name": "offset",
                "type": "bar",
                "stack": "t",
                "data": offsets,
                "itemStyle": {"color": "transparent"},
                "tooltip": {"show": False},
                "silent": True,
            },
            {"name": "waiting", "type": "bar", "stack": "t", "data": waits, "itemStyle": {"color": "#ced4da"}},
            {"name": "running", "type": "bar", "stack": "t", "data": runs, "itemStyle": {"color": "#0d6efd"}},
        ],
    }


def step_resources(steps: list[dict[str, Any]]) -> dict[str, Any]:
    """CPU seconds and peak RSS (MiB) of every step that recorded them (one figure each per step)."""
    measured = [s for s in steps if s.get("cpu_seconds") is not None or s.get("peak_rss_bytes") is not None]
    return {
        **_base(),
        "grid": {"left": 8, "right": 8, "top": 40, "bottom": 8, "containLabel": True},
        "legend": {"data": ["CPU seconds", "peak RSS (MiB)"], "top": 0},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "category", "data": [s["node_key"] for s in measured], "axisLabel": {"rotate": 30}},
        "yAxis": [{"type": "value", "name": "CPU s"}, {"type": "value", "name": "MiB"}],
        "series": [
            {
                "name": "CPU seconds",
                "type": "bar",
                "data": [round(s["cpu_seconds"], 3) if s.get("cpu_seconds") is not None else None for s in measured],
            },
            {
                "name": "peak RSS (MiB)",
                "type": "bar",
                "yAxisIndex": 1,
                "data": [
                    round(s["peak_rss_bytes"] / MIB, 1) if s.get("peak_rss_bytes") is not None else None
                    for s in measured
                ],
            },
        ],
    }


def host_lines(hosts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """CPU % and memory % of each host of an execution's timeline (``resources.hosts``); None when no host
    has a sample (a run shorter than the sampling interval has none)."""
    series = {}
    for h in (h for h in hosts if h["samples"]):
        series[f"{h['host']} CPU %"] = [(p["ts"], p["cpu_percent"]) for p in h["samples"]]
        series[f"{h['host']} memory %"] = [(p["ts"], p["memory_percent"]) for p in h["samples"]]
    return time_lines(series, unit="%", max_value=100) if series else None


def time_lines(
    series: dict[str, list[tuple[Any, float | None]]], *, unit: str = "", max_value: float | None = None
) -> dict[str, Any]:
    """One line per named series of ``(time, value)`` points on a time axis."""
    y_axis: dict[str, Any] = {"type": "value", "name": unit, "min": 0}
    if max_value is not None:
        y_axis["max"] = max_value
    return {
        **_base(),
        "grid": {"left": 8, "right": 16, "top": 40, "bottom": 8, "containLabel": True},
        "legend": {"type": "scroll", "top": 0},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "time"},
        "yAxis": y_axis,
        "series": [
            {
                "name": name,
                "type": "line",
                "showSymbol": _lone_point(points),
                "connectNulls": False,
                "data": [[_iso(ts), value] for ts, value in points],
            }
            for name, points in series.items()
        ],
    }


def node_bars(rows: list[dict[str, Any]], fields: dict[str, str], *, unit: str = "") -> dict[str, Any]:
    """Bars per node for each ``field: label`` of ``rows`` (stage metrics)."""
    return {
        **_base(),
        "grid": {"left": 8, "right": 8, "top": 40, "bottom": 8, "containLabel": True},
        "legend": {"top": 0},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "category", "data": [r["node_key"] for r in rows], "axisLabel": {"rotate": 30}},
        "yAxis": {"type": "value", "name": unit},
        "series": [
            {"name": label, "type": "bar", "data": [r.get(field) for r in rows]} for field, label in fields.items()
        ],
    }


def duration_heatmap(grid: dict[str, Any], *, bucket_label: str) -> dict[str, Any]:
    """Node × time bucket, coloured by the median duration (ms) of the bucket's succeeded steps."""
    nodes = sorted(grid["nodes"])
    buckets = [b.strftime("%m-%d %H:%M") for b in grid["buckets"]]
    data, top = [], 0.0
    for y, key in enumerate(nodes):
        for x, cell in enumerate(grid["nodes"][key]):
            value = cell["p50_ms"] if cell["p50_ms"] is not None else cell["avg_ms"]
            if value is not None:
                data.append([x, y, value])
                top = max(top, value)
    return {
        **_base(),
        "grid": {"left": 8, "right": 8, "top": 10, "bottom": 60, "containLabel": True},
        "tooltip": {"position": "top"},
        "xAxis": {"type": "category", "data": buckets, "name": f"bucket ({bucket_label})", "splitArea": {"show": True}},
        "yAxis": {"type": "category", "data": nodes, "splitArea": {"show": True}},
        "visualMap": {
            "min": 0,
            "max": round(top, 1) or 1,
            "calculable": True,
            "orient": "horizontal",
            "left": "center",
            "bottom": 0,
            "text": ["slow (ms)", "fast"],
            "inRange": {"color": ["#e7f1ff", "#6ea8fe", "#0a58ca", "#052c65"]},
        },
        "series": [{"name": "median duration (ms)", "type": "heatmap", "data": data, "label": {"show": False}}],
    }


# --- the read-only DAG (dag.js, #dag-root[data-graph]); an execution's is executions/dag.py -------


def pipeline_dag(dependency_graph: dict[str, Any]) -> dict[str, Any]:
    """monitoring's pipeline_dependency_graph() as a dag.js document: latest status per node and the
    window's metrics (runs, success rate, p50/p95 ms, rows out, throughput) as the overlay."""
    nodes = []
    laid_out = any(
        (n.get("position") or {}).get("x") or (n.get("position") or {}).get("y") for n in dependency_graph["nodes"]
    )
    for n in dependency_graph["nodes"]:
        m = n.get("metrics") or {}
        latest = n.get("latest") or {}
        overlay = {
            "runs": m.get("runs"),
            "success_rate": m.get("success_rate"),
            "p50_ms": round(m["p50_ms"], 1) if m.get("p50_ms") is not None else None,
            "p95_ms": round(m["p95_ms"], 1) if m.get("p95_ms") is not None else None,
            "rows_out": m.get("rows_out"),
            "throughput_rows_per_s": m.get("throughput_rows_per_s"),
        }
        pos = n.get("position") or {}
        nodes.append(
            {
                "key": n["key"],
                "type": n["type"],
                "label": n.get("label") or n["key"],
                "family": node_family(n["type"]),
                "position": node_position(pos.get("x"), pos.get("y")) if laid_out else None,
                "status": latest.get("status") or "pending",
                "metrics": {k: v for k, v in overlay.items() if v is not None},
            }
        )
    edges = [
        {
            "source": e["source"],
            "target": e["target"],
            "source_port": e.get("source_port"),
            "target_port": e.get("target_port"),
        }
        for e in dependency_graph["edges"]
    ]
    return {"nodes": nodes, "edges": edges, "execution_id": None}
