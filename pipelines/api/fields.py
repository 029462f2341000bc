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

    The dotted path is only joined for the part refused (a 2,000-node graph has ~100,000 parts). Most
    values are storable: ``surely_storable`` says so first, without paths; only a value it is not sure
    of is walked part by part here, which finds the first problem and where it is."""
    if surely_storable(value):
        return None
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


_SCALARS = frozenset({int, bool, type(None)})


def surely_storable(value: Any) -> bool:
    """True only when ``json_problem``'s walk would find nothing, and ``json.dumps`` would take the value:
    plain dicts (string keys), lists and tuples no deeper than MAX_JSON_DEPTH, finite floats, ints, booleans,
    None, and strings (keys too) searched for NUL and lone surrogates in one pass over all of them joined.
    False for anything else (a subclass, another type): the walk decides.

    No path is built and only containers go on the stack: a 2,000-node graph's 8,000-edge document is
    checked in a few ms instead of tens (bench/validate.py)."""
    strings: list[str] = []
    add = strings.append
    stack: list[tuple[Any, int]] = [([value], -1)]  # the value itself is a child, at depth 0, of a list
    pop, push = stack.pop, stack.append
    while stack:
        item, depth = pop()
        if depth > MAX_JSON_DEPTH or (depth == MAX_JSON_DEPTH and item):
            return False
        if type(item) is dict:
            for key in item:
                if type(key) is not str:
                    return False
                add(key)
            children = item.values()
        else:
            children = item
        for child in children:
            kind = type(child)
            if kind is str:
                add(child)
            elif kind is dict or kind is list or kind is tuple:
                push((child, depth + 1))
            elif kind is float:
                if not math.isfinite(child):
                    return False
            elif kind not in _SCALARS:
                return False
    return _UNSTORABLE_TEXT.search("".join(strings)) is None


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
