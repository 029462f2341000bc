"""A small SVG renderer for the report charts: stacked bars and lines on a time axis.

Why not ECharts or matplotlib: ECharts renders in JavaScript (its server-side rendering needs Node), and the
PDF is made in Python by WeasyPrint; matplotlib's SVG backend would do, but it is a 30 MB dependency (and
NumPy, fonts, a cache directory) for two chart shapes. This module is ~150 lines, has no dependency, and
gives the same picture in the HTML preview, the downloaded HTML, the email and the PDF. Every label goes
through ``html.escape``; the output is a standalone ``<svg>`` element with a title for screen readers."""

from __future__ import annotations

import math
from datetime import date, datetime
from html import escape
from typing import Any

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 28, 30
AXIS = "#6c757d"
GRID = "#dee2e6"


def _nice_max(value: float) -> float:
    """The smallest 1/2/5 x 10^k at or above ``value`` (1 for nothing)."""
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * exp >= value:
            return float(step * exp)
    return float(10 * exp)


def _fmt(value: float) -> str:
    if value >= 1000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def _label(x: datetime | date | str) -> str:
    if isinstance(x, datetime):
        return x.strftime("%m-%d %H:%M")
    if isinstance(x, date):
        return x.strftime("%m-%d")
    return str(x)


def _frame(title: str, y_max: float, unit: str, xs: list[Any]) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart img-fluid" role="img" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="10">',
        f"<title>{escape(title)}</title>",
    ]
    for i in range(5):
        value = y_max * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{LEFT - 4}" y="{y + 3:.1f}" text-anchor="end" fill="{AXIS}">{escape(_fmt(value))}</text>'
        )
    if unit:
        parts.append(f'<text x="4" y="{TOP - 10}" fill="{AXIS}">{escape(unit)}</text>')
    if xs:
        n = len(xs)
        for i in sorted({0, n // 2, n - 1}):
            x = _x(i, n)
            anchor = "start" if i == 0 and n > 1 else ("end" if i == n - 1 and n > 1 else "middle")
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - 10}" text-anchor="{anchor}" fill="{AXIS}">'
                f"{escape(_label(xs[i]))}</text>"
            )
    parts.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="{AXIS}"/>')
    return parts


def _x(i: int, n: int) -> float:
    plot_w = WIDTH - LEFT - RIGHT
    return LEFT + plot_w * (i + 0.5) / max(n, 1)


def _y(value: float, y_max: float) -> float:
    plot_h = HEIGHT - TOP - BOTTOM
    return TOP + plot_h - plot_h * min(value, y_max) / y_max


def _legend(names: list[tuple[str, str]]) -> list[str]:
    parts, x = [], LEFT
    for name, colour in names:
        parts.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="15" fill="#212529">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    return parts


def stacked_bars(*, title: str, xs: list[Any], series: list[tuple[str, str, list[float]]], unit: str = "") -> str:
    """Bars stacked per x: ``series`` is a list of (name, colour, values), one value per x."""
    totals = [sum(s[2][i] or 0 for s in series) for i in range(len(xs))]
    y_max = _nice_max(max(totals, default=0))
    parts = _frame(title, y_max, unit, xs) + _legend([(n, c) for n, c, _ in series])
    n = len(xs)
    bar_w = max(1.0, (WIDTH - LEFT - RIGHT) / max(n, 1) * 0.7)
    for i in range(n):
        base = 0.0
        for name, colour, values in series:
            value = values[i] or 0
            if value <= 0:
                continue
            y_top, y_bottom = _y(base + value, y_max), _y(base, y_max)
            parts.append(
                f'<rect x="{_x(i, n) - bar_w / 2:.1f}" y="{y_top:.1f}" width="{bar_w:.1f}" '
                f'height="{y_bottom - y_top:.1f}" fill="{colour}"><title>{escape(_label(xs[i]))} '
                f"{escape(name)}: {value:g}</title></rect>"
            )
            base += value
    parts.append("</svg>")
    return "".join(parts)


def lines(
    *,
    title: str,
    xs: list[Any],
    series: list[tuple[str, str, list[float | None]]],
    unit: str = "",
    y_max: float | None = None,
) -> str:
    """One polyline per series; a None value breaks the line (a gap), a lone point is a dot."""
    values = [v for _, _, vs in series for v in vs if v is not None]
    top = y_max if y_max is not None else _nice_max(max(values, default=0))
    parts = _frame(title, top, unit, xs) + _legend([(n, c) for n, c, _ in series])
    n = len(xs)
    for name, colour, vs in series:
        run: list[tuple[float, float]] = []
        for i, v in enumerate([*vs, None]):
            if v is not None:
                run.append((_x(i, n), _y(v, top)))
                continue
            if len(run) == 1:
                parts.append(f'<circle cx="{run[0][0]:.1f}" cy="{run[0][1]:.1f}" r="2.5" fill="{colour}"/>')
            elif run:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2">'
                    f"<title>{escape(name)}</title></polyline>"
                )
            run = []
    parts.append("</svg>")
    return "".join(parts)
