"""The bounds every document read obeys, wherever it comes from (a file, an upload, an archive, git).

Safety: YAML is composed with PyYAML's safe loader (plain data only: no Python objects, no code),
text over ``MAX_BYTES`` is refused before it is parsed, and the *expanded* size of a document is
bounded too (``MAX_ITEMS`` values, counting each alias as often as it is used), so a small file full
of nested aliases (a "billion laughs" YAML bomb) is refused instead of exhausting memory when the
graph is later hashed or stored. Deep nesting is refused (``RecursionError`` is caught).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

MAX_BYTES = 10 * 1024 * 1024
MAX_ITEMS = 1_000_000
MAX_DOCUMENTS = 500  # documents in one file (``---`` separated)


class DocumentError(ValueError):
    """A text that cannot be read as documents at all (too big, not UTF-8, not YAML, a bomb): one line."""


def expanded_items(data: Any, limit: int) -> int:
    """How many values ``data`` holds once every alias is expanded (stops counting past ``limit``)."""
    sizes: dict[int, int] = {}

    def size(value: Any) -> int:
        if not isinstance(value, dict | list):
            return 1
        known = sizes.get(id(value))
        if known is not None:
            return known
        sizes[id(value)] = limit + 1  # a reference cycle (only possible through aliases) counts as too big
        children = list(value.keys()) + list(value.values()) if isinstance(value, dict) else value
        total = 1
        for child in children:
            total += size(child)
            if total > limit:
                break
        sizes[id(value)] = total
        return total

    return size(data)


def too_big_message(max_bytes: int | None = None) -> str:
    limit = MAX_BYTES if max_bytes is None else max_bytes
    return f"larger than {limit // 2**20} MB; refused" if limit >= 2**20 else f"larger than {limit} bytes; refused"


def decode_text(raw: bytes) -> str:
    """``raw`` as UTF-8 text (a BOM is dropped), or DocumentError."""
    if len(raw) > MAX_BYTES:
        raise DocumentError(too_big_message())
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def error_text(exc: ValidationError) -> str:
    """Field-level messages of a ValidationError on one line: ``name: ...; graph.nodes.0.key: ...``."""
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
    return "; ".join(exc.messages)
