"""Reading pipeline and template documents (YAML or JSON) from files, for the management commands.

Safety: documents are parsed with ``yaml.safe_load`` (plain data only: no Python objects, no
code), files over ``MAX_BYTES`` are refused before they are read, and the *expanded* size of
the parsed data is bounded too (``MAX_ITEMS`` values, counting each alias as often as it is
used), so a small file full of nested aliases (a "billion laughs" YAML bomb) is refused
instead of exhausting memory when the graph is later hashed or stored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

MAX_BYTES = 10 * 1024 * 1024
MAX_ITEMS = 1_000_000


def _expanded_items(data: Any, limit: int) -> int:
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


def read_document(path: Path) -> Any:
    """The data of a YAML or JSON file, or CommandError with a one-line reason."""
    if not path.is_file():
        raise CommandError("no such file")
    if path.stat().st_size > MAX_BYTES:
        raise CommandError(f"larger than {MAX_BYTES // 2**20} MB; refused")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"not valid JSON: {exc}") from None
        except RecursionError:
            raise CommandError("nested too deeply") from None
    else:
        try:
            data = yaml.safe_load(text)  # JSON is YAML too
        except yaml.YAMLError as exc:
            raise CommandError(f"not valid YAML: {' '.join(str(exc).split())}") from None
        except RecursionError:
            raise CommandError("nested too deeply") from None
    try:
        too_big = _expanded_items(data, MAX_ITEMS) > MAX_ITEMS
    except RecursionError:
        raise CommandError("nested too deeply") from None
    if too_big:
        raise CommandError(f"holds more than {MAX_ITEMS} values once its aliases are expanded; refused")
    return data


def error_text(exc: ValidationError) -> str:
    """Field-level messages of a ValidationError on one line: ``name: ...; graph.nodes.0.key: ...``."""
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
    return "; ".join(exc.messages)
