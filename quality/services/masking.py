"""Failing rows kept as samples go through the same masking as errors in events: values of columns whose
name says secret are replaced whole, and every text value loses the connection details of the run's
connections (hosts, users, databases, secrets) and anything that looks like a URL, a DSN or an address
(``notifications.redaction.redact_error``)."""

from __future__ import annotations

import re
from typing import Any

from notifications.redaction import REDACTED, redact_error
from pipelines.selectors import connection_details

SECRET_COLUMN_RE = re.compile(
    r"pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|credential|private[_-]?key|auth|session|cookie|ssn",
    re.IGNORECASE,
)
SAMPLE_TEXT_LIMIT = 200


def graph_connection_details(graph: Any) -> list[str]:
    """The connection details of the connections a version's graph names (by slug)."""
    nodes = graph.get("nodes") if isinstance(graph, dict) and isinstance(graph.get("nodes"), list) else []
    slugs = {(n.get("config") or {}).get("connection") for n in nodes if isinstance(n, dict)}
    return connection_details(slugs=[s for s in slugs if isinstance(s, str)])


def _mask(value: Any, known: list[str]) -> Any:
    if isinstance(value, str):
        return redact_error(value, known=known, limit=SAMPLE_TEXT_LIMIT + 1)
    if isinstance(value, list):
        return [_mask(v, known) for v in value]
    if isinstance(value, dict):
        return {str(k): (REDACTED if SECRET_COLUMN_RE.search(str(k)) else _mask(v, known)) for k, v in value.items()}
    return value


def mask_sample(rows: Any, *, known: list[str], limit: int = 100) -> list[dict[str, Any]]:
    """At most ``limit`` rows of a report's sample, masked."""
    if not isinstance(rows, list):
        return []
    return [_mask(row, known) for row in rows[:limit] if isinstance(row, dict)]
