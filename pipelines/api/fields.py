"""Strict input fields and a guard for free-form JSON.

DRF's CharField turns ``5`` into ``"5"``; an API that takes JSON should say that a
number is not a name. Free-form JSON (node configs, params, connection configs)
is checked for what PostgreSQL cannot store (NUL characters, lone surrogates,
NaN/Infinity) so such input is a 400 naming the field, never a 500.
"""

from __future__ import annotations

import math
import re
from typing import Any

from rest_framework import serializers

MAX_JSON_DEPTH = 64
_UNSTORABLE_TEXT = re.compile(r"[\x00\ud800-\udfff]")


class StrictStringMixin:
    """Refuse anything but a JSON string (numbers, booleans, objects)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string", kind=type(data).__name__)
        return super().to_internal_value(data)


class StrictCharField(StrictStringMixin, serializers.CharField):
    default_error_messages = {"not_a_string": "Expected a string, got {kind}."}


class StrictSlugField(StrictStringMixin, serializers.SlugField):
    default_error_messages = {"not_a_string": "Expected a string, got {kind}."}


class StrictChoiceField(StrictStringMixin, serializers.ChoiceField):
    default_error_messages = {"not_a_string": "Expected a string, got {kind}."}


class StorableSlugRelatedField(serializers.SlugRelatedField):
    """A SlugRelatedField whose lookup value is a string PostgreSQL can compare: a NUL character in the
    slug (possible in a form or multipart body) is a 400 on the field, not a database error (a 500)."""

    default_error_messages = {"unstorable": "Text may not contain NUL characters or unpaired surrogates."}

    def to_internal_value(self, data):
        if isinstance(data, str) and _UNSTORABLE_TEXT.search(data):
            self.fail("unstorable")
        return super().to_internal_value(data)


def json_problem(value: Any, path: tuple = ()) -> tuple[str, str] | None:
    """The first part of ``value`` that PostgreSQL's JSON cannot store, as ``(dotted path, message)``.

    The dotted path is only joined for the part refused (a 2,000-node graph has ~100,000 parts)."""
    stack: list[tuple[Any, tuple, int]] = [(value, path, 0)]
    while stack:
        item, where, depth = stack.pop()
        message = None
        if depth > MAX_JSON_DEPTH:
            message = f"Nested more than {MAX_JSON_DEPTH} levels deep."
        elif isinstance(item, str):
            if _UNSTORABLE_TEXT.search(item):
                message = "Text may not contain NUL characters or unpaired surrogates."
        elif isinstance(item, float):
            if not math.isfinite(item):
                message = "Numbers must be finite (no NaN or Infinity)."
        elif isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str) and _UNSTORABLE_TEXT.search(key):
                    message = "Keys may not contain NUL characters or unpaired surrogates."
                    break
                stack.append((child, (*where, key), depth + 1))
        elif isinstance(item, list | tuple):
            stack.extend((child, (*where, i), depth + 1) for i, child in enumerate(item))
        if message is not None:
            return ".".join(str(p) for p in where), message
    return None


class StorableJSON:
    """Field validator: the value can be stored as PostgreSQL JSON."""

    def __call__(self, value: Any) -> None:
        problem = json_problem(value)
        if problem is not None:
            where, message = problem
            raise serializers.ValidationError(f"{where}: {message}" if where else message)


def check_storable(value: Any, *, prefix: str = "") -> None:
    """Raise a DRF ValidationError keyed by the dotted path of the first unstorable part of ``value``."""
    problem = json_problem(value)
    if problem is not None:
        where, message = problem
        raise serializers.ValidationError({f"{prefix}{where}".rstrip(".") or "non_field_errors": [message]})
