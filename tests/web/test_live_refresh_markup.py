"""Live page parts are throttled by livefilter.ts (``data-live-throttle``), never by htmx's own ``throttle:`` on
``sluice:live``: htmx drops every event of the interval for good, so a run's last event (execution.cancelled a
few milliseconds after step.cancelled) was lost whenever the refresh the event before it started had been
answered before the run finished, and the run's page kept showing "cancelling" (the browser test of cancelling a
long run failed so once). livefilter.test.ts checks that the last event of an interval is sent at its end."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TRIGGER = re.compile(r'hx-trigger="([^"]*)"')
HTMX_LIVE_THROTTLE = re.compile(r"sluice:live\b[^,]*\bthrottle:")
LIVE_THROTTLE = re.compile(r'data-live-throttle="([^"]*)"')
INTERVAL = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:ms|s)?")  # what throttleInterval in livefilter.ts reads


def _offenders(text: str) -> list[str]:
    return [m.group(1) for m in TRIGGER.finditer(text) if HTMX_LIVE_THROTTLE.search(m.group(1))]


def test_no_template_throttles_live_parts_with_htmx():
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {trigger}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for trigger in _offenders(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "use data-live-throttle, not htmx's throttle (it drops the last event)"


def test_every_live_throttle_is_an_interval_the_front_end_reads():
    values = [
        (path.relative_to(TEMPLATES), value)
        for path in sorted(TEMPLATES.rglob("*.html"))
        for value in LIVE_THROTTLE.findall(path.read_text(encoding="utf-8"))
    ]
    assert len(values) >= 5  # the dashboard's four parts, the run's page and its logs, the executions list
    assert [(path, value) for path, value in values if not INTERVAL.fullmatch(value)] == []


def test_the_scan_finds_what_it_looks_for():
    assert _offenders('<div hx-trigger="sluice:live throttle:1s, sluice:refresh from:document">') == [
        "sluice:live throttle:1s, sluice:refresh from:document"
    ]
    assert _offenders('<div hx-trigger="sluice:refresh from:document, sluice:live throttle:5s">')
    assert _offenders('<div hx-trigger="load, sluice:live delay:1s throttle:2s">')
    assert not _offenders('<div data-live-throttle="1s" hx-trigger="sluice:live, sluice:refresh from:document">')
    assert not _offenders('<input hx-trigger="keyup changed throttle:500ms, sluice:live">')
    assert not INTERVAL.fullmatch("1h") and not INTERVAL.fullmatch("-1s") and INTERVAL.fullmatch("500ms")
