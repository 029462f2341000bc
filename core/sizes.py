"""Byte sizes written by people: ``3GiB``, ``512 MB``, ``1.5g``, ``4000000000`` (settings such as
SLUICE_STEP_MEMORY_LIMIT). Binary units (KiB, MiB, GiB, TiB) are powers of 1024, decimal ones (KB, MB,
GB, TB) powers of 1000, and a bare letter (K, M, G, T) is binary, as in ``ulimit`` and Docker."""

from __future__ import annotations

import re

_UNITS = {
    "": 1,
    "b": 1,
    "k": 1024,
    "kib": 1024,
    "kb": 1000,
    "m": 1024**2,
    "mib": 1024**2,
    "mb": 1000**2,
    "g": 1024**3,
    "gib": 1024**3,
    "gb": 1000**3,
    "t": 1024**4,
    "tib": 1024**4,
    "tb": 1000**4,
}
_SIZE = re.compile(r"(\d{1,15})(?:\.(\d{1,6}))?\s*([a-z]{0,3})")
MAX_BYTES = 1024**5  # a PiB: anything larger is a typo, not a limit


def parse_byte_size(text: str) -> int:
    """The number of bytes ``text`` names; ValueError for anything else (negative, zero, unknown unit,
    more than a PiB)."""
    match = _SIZE.fullmatch(text.strip().lower())
    if match is None or match.group(3) not in _UNITS:
        raise ValueError(f"{text!r} is not a size (examples: 3GiB, 512MB, 4000000000)")
    whole, fraction, unit = match.groups()
    scale = _UNITS[unit]
    value = int(whole) * scale + (int(fraction) * scale) // 10 ** len(fraction) if fraction else int(whole) * scale
    if value <= 0 or value > MAX_BYTES:
        raise ValueError(f"{text!r} is out of range (1 byte to 1 PiB)")
    return value


def format_size(value: int) -> str:
    """``3.0 GiB``, ``64.0 MiB``: how a limit is shown in messages."""
    if value >= 1024**3:
        return f"{value / 1024**3:.1f} GiB"
    return f"{value / 1024**2:.1f} MiB"
