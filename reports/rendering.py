"""A report's figures as HTML (the page's preview, the download, the email body) and as PDF (WeasyPrint).

The charts are inline SVG from reports/svg.py, the styles are inline too: the HTML is one standalone file
that looks the same in a browser, a mail client and the PDF. WeasyPrint never fetches a URL: its
``url_fetcher`` serves Sluice's own static files (``/static/...`` under the document's base URL) and
refuses anything else (file://, http(s):// elsewhere, data:, ftp:...)."""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

from reports import svg
from reports.selectors import E

# WeasyPrint logs each step of each document at INFO ("Step 5 - Creating layout - Page 2"): not ours to keep.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# The PDF's base URL: relative links resolve under it, and only its /static/ path is served.
BASE_URL = "https://sluice.invalid/"
STATUS_COLOURS = {"succeeded": "#198754", "failed": "#dc3545", "other": "#adb5bd"}


class RefusedURL(ValueError):
    """WeasyPrint asked for something other than one of Sluice's static files."""


def static_file_for(url: str) -> Path:
    """The file of Sluice's static files that ``url`` names (``<BASE_URL>static/<path>``), or RefusedURL."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(prefix):
        raise RefusedURL(f"reports fetch no URL but Sluice's static files: {url[:200]!r} refused")
    relative = unquote(parts.path[len(prefix) :])
    if not relative or "\x00" in relative or ".." in Path(relative).parts or relative.startswith("/"):
        raise RefusedURL(f"bad static path {relative[:200]!r}")
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation as exc:
        raise RefusedURL(str(exc)) from None
    if not found:
        raise RefusedURL(f"no static file {relative[:200]!r}")
    return Path(found if isinstance(found, str) else found[0])


def url_fetcher():
    """A WeasyPrint URL fetcher that serves only Sluice's static files."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = static_file_for(url)
            mime, _ = mimetypes.guess_type(path.name)
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime or "application/octet-stream"})

    return StaticOnlyFetcher(allowed_protocols=("https",), allow_redirects=False)


def _chart(block: dict[str, Any]) -> str | None:
    kind, data, title = block["kind"], block["data"], block["heading"]
    if kind == "runs_chart":
        xs = [p["ts"] for p in data["points"]]
        series = [
            (name, STATUS_COLOURS[name], [p[name] for p in data["points"]]) for name in ("succeeded", "failed", "other")
        ]
        return svg.stacked_bars(title=f"{title} (per {data['bucket']})", xs=xs, series=series, unit="runs")
    if kind == "duration_chart":
        xs = [p["ts"] for p in data["points"]]
        series = [
            ("p50", "#0d6efd", [p["p50_s"] for p in data["points"]]),
            ("p95", "#d63384", [p["p95_s"] for p in data["points"]]),
        ]
        return svg.lines(title=f"{title} (per {data['bucket']})", xs=xs, series=series, unit="seconds")
    if kind == "quality_chart":
        xs = [p["day"] for p in data["points"]]
        rates = [round(p["pass_rate"] * 100, 2) if p["pass_rate"] is not None else None for p in data["points"]]
        return svg.lines(title=title, xs=xs, series=[("pass rate", "#198754", rates)], unit="%", y_max=100.0)
    return None


def presentation(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures with each chart block's SVG (marked safe: every label in it is escaped)."""
    from django.utils.safestring import mark_safe

    blocks = []
    for block in figures["blocks"]:
        chart = _chart(block)
        if block["kind"] == "kpis":
            rate = block["data"]["success_rate"]
            block = {
                **block,
                "data": {**block["data"], "success_pct": round(rate * 100, 1) if rate is not None else None},
            }
        blocks.append({**block, "svg": mark_safe(chart) if chart else None})  # noqa: S308 (escaped in svg.py)
    return {**figures, "blocks": blocks, "statuses": E}


def report_html_fragment(figures: dict[str, Any]) -> str:
    """The report's body (the builder's preview and the report page)."""
    return render_to_string("reports/_document.html", {"doc": presentation(figures)})


def report_html(figures: dict[str, Any], *, link: str = "") -> str:
    """The report as one standalone HTML file (download, email body, PDF source)."""
    return render_to_string("reports/export.html", {"doc": presentation(figures), "link": link})


def report_pdf(figures: dict[str, Any], *, link: str = "") -> tuple[bytes, int]:
    """The PDF bytes and their number of pages, printed in the interactive pool: WeasyPrint is CPU-bound
    Python (seconds for a long report) and would hold the web process's interpreter meanwhile, slowing
    every other request it serves. The HTML is rendered here (the figures are not plain data)."""
    from pipelines import interactive

    pdf, pages = interactive.call("reports.rendering.pdf_from_html", html=report_html(figures, link=link))
    return pdf, pages


def pdf_from_html(*, html: str) -> tuple[bytes, int]:
    """The interactive job: print ``html`` to PDF, fetching nothing but Sluice's own static files."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher()).render()
    return document.write_pdf(), len(document.pages)
