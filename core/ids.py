"""Object ids from a URL or a query string, bounded to what the database can hold.

Every table's primary key is a 64-bit integer (BigAutoField). A larger number in a path or a filter
(``/api/pipelines/99999999999999999999/``, ``?pipeline=99999999999999999999``) cannot name an object;
on SQLite (the embedded mode) it does not even reach a query, the driver raises OverflowError (a 500).
So every id is checked where it enters:

* ``<id:pk>`` in a URL pattern (the ``id`` converter, registered in config/urls.py): a number from 1 to
  2**63 - 1, else the URL does not match (404);
* ``IdFilter`` in a FilterSet: the same range, else a 400 naming the parameter.

Date-time filters are bounded the same way (``UtcIsoDateTimeFilter``): what the database cannot take
is a 400 here, not an error from the query.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms

MAX_ID = 2**63 - 1


def is_digits(raw: object) -> bool:
    """A non-empty string of the ASCII digits 0-9. ``str.isdigit`` alone also says yes to "²" and other
    digits that ``int()`` refuses with a ValueError (a 500 where a 400 was meant), so input is checked
    with this instead."""
    return isinstance(raw, str) and raw.isascii() and raw.isdigit()


class IdConverter:
    """Path converter ``id``: a positive 64-bit integer (numbers outside the range do not match)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(f"{value} is not an object id")  # Django: this pattern does not match
        return number

    def to_url(self, value) -> str:
        return str(int(value))


# drf-spectacular: how the ``id`` converter is documented (SPECTACULAR_SETTINGS["PATH_CONVERTER_OVERRIDES"]).
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """Filter by an object id (a foreign key or a primary key): a whole number from 1 to 2**63 - 1."""

    field_class = IdField


def utc_moment(value: dt.datetime) -> dt.datetime:
    """An aware date-time moved to UTC (a naive one as it is), as it must reach the database: Python takes
    offsets up to ±23:59, PostgreSQL ±15:59 (a DataError, a 500, for ``-21:07``). ValueError for a date near
    year 1 or 9999 that leaves the calendar once moved."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("out of range once converted to UTC") from None


class UtcDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 date-time, handed to the database in UTC. Python takes offsets up to ±23:59 while
    PostgreSQL takes ±15:59 (a DataError, a 500, for ``-21:07``); a date near year 1 or 9999 that
    leaves the calendar once moved to UTC is refused as out of range."""

    default_error_messages = {"range": "Out of range once converted to UTC."}

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return value
        try:
            return utc_moment(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["range"], code="range") from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """IsoDateTimeFilter whose value reaches the database in UTC (see UtcDateTimeField)."""

    field_class = UtcDateTimeField
