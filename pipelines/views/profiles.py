"""Profiles on pages (docs/profiling.md): ``profile_display`` shapes a profile (pipelines.profiling) for
``templates/includes/profile_table.html`` (figures rounded, histograms as inline SVG bars), which the
execution page's Profile panel (executions/views_profile.py) shares; and the profile page of a file of the
files page (only files the user may open, as the files API)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pipelines.interactive import InteractiveError
from pipelines.paths import PathNotFound, file_access_for
from pipelines.services.profiles import file_profile

SVG_WIDTH, SVG_HEIGHT = 120, 32


def _figure(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _bars(histogram: dict[str, Any] | None) -> dict[str, Any] | None:
    if not histogram or not histogram.get("counts"):
        return None
    counts, edges = histogram["counts"], histogram["edges"]
    top = max(counts) or 1
    width = SVG_WIDTH / len(counts)
    bars = []
    for i, count in enumerate(counts):
        height = round(SVG_HEIGHT * count / top, 1)
        low, high = edges[i], edges[min(i + 1, len(edges) - 1)]
        bars.append(
            {
                "x": round(i * width, 2),
                "y": round(SVG_HEIGHT - height, 1),
                "width": round(max(width - 1, 1), 2),
                "height": height,
                "title": f"{_figure(low)} – {_figure(high)}: {count}",
            }
        )
    label = "lengths" if histogram.get("of") == "length" else "values"
    summary = ", ".join(b["title"] for b in bars)
    return {"bars": bars, "width": SVG_WIDTH, "height": SVG_HEIGHT, "label": f"Histogram of {label}: {summary}"}


def profile_display(profile: dict[str, Any], comparison: dict[str, Any] | None = None) -> dict[str, Any]:
    """The profile with per-column display fields: ``figures`` (text), ``bars`` (SVG), ``change``."""
    changes = (comparison or {}).get("columns") or {}
    columns = []
    for column in profile.get("columns", []):
        quantiles = column.get("quantiles") or {}
        columns.append(
            {
                **column,
                "null_percent": f"{100 * column.get('null_rate', 0):.1f}",
                "figures": {k: _figure(column.get(k)) for k in ("min", "max", "mean", "std")},
                "quantile_text": " · ".join(f"{k} {_figure(v)}" for k, v in quantiles.items()),
                "bars": _bars(column.get("histogram")),
                "change": changes.get(column["name"]),
            }
        )
    return {**profile, "columns": columns, "comparison": comparison}


@login_required
@require_GET
def file_profile_page(request):
    """/files/profile/?path=: the profile of a file (a page, or the panel of the files page with htmx)."""
    path = request.GET.get("path", "")
    result, error, status = None, None, 400
    try:
        result = file_profile(path=path, access=file_access_for(request.user))
    except PathNotFound as exc:
        error, status = str(exc), 404
    except ValidationError as exc:
        messages = exc.message_dict.values() if hasattr(exc, "message_dict") else [exc.messages]
        error = " ".join(m for group in messages for m in group)
    except InteractiveError as exc:
        error, status = str(exc.detail), exc.status_code
    context = {
        "path": path,
        "result": result,
        "profile": profile_display(result["profile"]) if result else None,
        "error": error,
    }
    return render(request, "pipelines/file_profile.html", context, status=200 if result else status)
