"""Parsing of the ``window`` and ``bucket`` query parameters shared by the monitoring endpoints."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

UNITS = {"m": 60, "h": 3600, "d": 86400}
WINDOW_RE = re.compile(r"^(\d{1,6})([mhd])$")
MAX_WINDOW_SECONDS = 90 * 86400  # longer windows are capped to this (the response says so)
BUCKETS = {"1m": 60, "5m": 300, "15m": 900, "1h": 3600, "6h": 6 * 3600, "1d": 86400}
MAX_BUCKETS = 1000  # window / bucket above this is refused
AUTO_BUCKETS = 120  # the automatic bucket is the smallest one that gives at most this many


@dataclass(frozen=True)
class Window:
    label: str  # as asked, e.g. "24h"
    seconds: int  # after the cap
    since: datetime
    until: datetime
    capped: bool

    def as_dict(self) -> dict:
        return {
            "window": self.label,
            "seconds": self.seconds,
            "since": self.since,
            "until": self.until,
            "capped": self.capped,
        }


def parse_window(value: str | None, *, default: str = "24h", now: datetime | None = None) -> Window:
    """``15m``, ``24h``, ``7d``...: a positive number and a unit (m, h, d). Windows over 90 days are
    capped to 90 days; anything else raises a ValidationError naming ``window``."""
    label = (value or default).strip().lower()
    match = WINDOW_RE.match(label)
    if not match or int(match.group(1)) <= 0:
        raise ValidationError(
            {"window": [f"Bad window {label[:20]!r}: use a positive number and a unit m, h or d, e.g. 15m, 24h, 7d."]}
        )
    seconds = int(match.group(1)) * UNITS[match.group(2)]
    capped = seconds > MAX_WINDOW_SECONDS
    seconds = min(seconds, MAX_WINDOW_SECONDS)
    until = now or timezone.now()
    return Window(label=label, seconds=seconds, since=until - timedelta(seconds=seconds), until=until, capped=capped)


def parse_bucket(value: str | None, *, window: Window) -> tuple[str, int]:
    """One of 1m, 5m, 15m, 1h, 6h, 1d (default: the smallest giving at most 120 buckets). A window
    that would need more than 1000 buckets raises a ValidationError naming ``bucket``."""
    if not value:
        for label, size in BUCKETS.items():
            if window.seconds / size <= AUTO_BUCKETS:
                return label, size
        return "1d", BUCKETS["1d"]
    label = value.strip().lower()
    if label not in BUCKETS:
        raise ValidationError({"bucket": [f"Bad bucket {label[:20]!r}: use one of {', '.join(BUCKETS)}."]})
    size = BUCKETS[label]
    count = -(-window.seconds // size)
    if count > MAX_BUCKETS:
        raise ValidationError(
            {"bucket": [f"Bucket {label} over a {window.label} window makes {count} buckets; at most {MAX_BUCKETS}."]}
        )
    return label, size


def bucket_starts(*, window: Window, size: int) -> list[int]:
    """Epoch seconds of every bucket that overlaps the window, oldest first."""
    first = int(window.since.timestamp()) // size * size
    last = int(window.until.timestamp()) // size * size
    return list(range(first, last + 1, size))
