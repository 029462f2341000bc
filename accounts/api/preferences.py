"""/api/me/preferences/: the signed-in user's own preferences (nobody else's, not even an admin's)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.preferences import CHANNELS, preferences_for, preferences_update
from accounts.preferences_models import UserPreferences

TAGS = ["preferences"]


WALL_CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


@extend_schema_field({"type": "string", "pattern": WALL_CLOCK})
class WallClockTimeField(serializers.TimeField):
    """A time of day on the wall clock of the user's time zone: "22:00" or "22:00:00", no offset. (OpenAPI's
    ``format: time`` is RFC 3339's, which requires an offset: the answer "22:00:00" would not match it, and
    Django's parser would drop an offset sent in silently.)"""

    def to_internal_value(self, value):
        if not isinstance(value, str) or not re.match(WALL_CLOCK, value):
            raise ValidationError("A time of day in your time zone, without an offset, e.g. 22:00.")
        return super().to_internal_value(value)


class PreferencesSerializer(serializers.Serializer):
    theme = serializers.ChoiceField(choices=UserPreferences.Theme.choices)
    time_zone = serializers.CharField(
        max_length=64, help_text="An IANA time zone for displayed times, e.g. Europe/Paris."
    )
    density = serializers.ChoiceField(choices=UserPreferences.Density.choices)
    landing_page = serializers.ChoiceField(
        choices=UserPreferences.Landing.choices, help_text="Where signing in takes you."
    )
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=[(c, c) for c in CHANNELS]),
        allow_empty=True,
        help_text="How notifications reach you: in_app (the inbox), email.",
    )
    quiet_start = WallClockTimeField(
        allow_null=True, help_text="Quiet hours start (your time zone); email notifications are held until the end."
    )
    quiet_end = WallClockTimeField(allow_null=True, help_text="Quiet hours end (your time zone).")
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)


class PreferencesPatchSerializer(PreferencesSerializer):
    """Every field optional: PATCH changes only what it names."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)


class MyPreferencesApi(APIView):
    @extend_schema(tags=TAGS, responses=PreferencesSerializer, summary="Your preferences (defaults if never saved)")
    def get(self, request):
        return Response(PreferencesSerializer(preferences_for(user=request.user)).data)

    @extend_schema(
        tags=TAGS,
        request=PreferencesSerializer,
        responses=PreferencesSerializer,
        summary="Replace your preferences (every field; time zones and quiet hours are validated)",
    )
    def put(self, request):
        return self._save(request, PreferencesSerializer(data=request.data))

    @extend_schema(
        tags=TAGS,
        request=PreferencesPatchSerializer,
        responses=PreferencesSerializer,
        summary="Change some of your preferences",
    )
    def patch(self, request):
        return self._save(request, PreferencesPatchSerializer(data=request.data))

    @staticmethod
    def _save(request, data: serializers.Serializer) -> Response:
        data.is_valid(raise_exception=True)
        try:
            prefs = preferences_update(user=request.user, **data.validated_data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(PreferencesSerializer(prefs).data)
