"""The plain rendering's DateTimeField (monitoring/api/serializers.py) gives DRF's text for every kind of
value: UTC and other offsets, another current time zone, microseconds, naive values and strings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone as dj_timezone
from rest_framework import serializers as S

from monitoring.api import serializers as out


class _Out(S.Serializer):
    at = S.DateTimeField(allow_null=True)
    formatted = S.DateTimeField(format="%Y", allow_null=True)


VALUES = [
    datetime(2026, 12, 7, 6, 55, tzinfo=UTC),
    datetime(2026, 12, 7, 6, 55, 1, 123456, tzinfo=UTC),
    datetime(2026, 3, 29, 1, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    datetime(1, 1, 2, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 12, 7, 6, 55),  # naive: made aware in the current zone, as DRF does
    "2026-12-07T06:55:00Z",  # a string is returned as it is
    None,
]


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "Asia/Kolkata", "America/St_Johns"])
def test_plain_datetimes_equal_drf(zone):
    with dj_timezone.override(ZoneInfo(zone)):
        for value in VALUES:
            data = {"at": value, "formatted": value}
            try:
                expected = _Out(data).data
            except Exception as error:  # out of range in that zone: the same error
                with pytest.raises(type(error)):
                    out.plain_data(_Out, data)
            else:
                assert out.plain_data(_Out, data) == expected, (zone, value)
