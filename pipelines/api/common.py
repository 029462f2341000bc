"""Helpers shared by the pipelines API views: input parsing and documented error responses."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorOutput(serializers.Serializer):
    detail = serializers.CharField()


BAD_REQUEST = OpenApiResponse(
    OpenApiTypes.OBJECT, description="Invalid input: an object of field name (dotted path) -> list of messages."
)
FORBIDDEN = OpenApiResponse(ErrorOutput, description="Not signed in, or the role is too low.")
NOT_FOUND = OpenApiResponse(ErrorOutput, description="No such object, or it is not visible to you.")

READ_ERRORS: dict[int, Any] = {403: FORBIDDEN, 404: NOT_FOUND}
# Interactive work (pipelines.interactive) that hit a limit of the pool: the message names the setting.
INTERACTIVE_ERRORS: dict[int, Any] = {
    422: OpenApiResponse(
        ErrorOutput, description="The work needed more memory than SLUICE_INTERACTIVE_MEMORY_MB allows."
    ),
    503: OpenApiResponse(
        ErrorOutput,
        description="The work did not finish within SLUICE_INTERACTIVE_SECONDS, its worker process crashed, "
        "or every interactive worker stayed busy (Retry-After says when to try again).",
    ),
}
WRITE_ERRORS: dict[int, Any] = {400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND}


def parse(serializer_class: type[serializers.Serializer], data, **kwargs) -> dict[str, Any]:
    """Validated data of ``serializer_class`` over ``data``; a 400 with field messages otherwise."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def fake_view(view) -> bool:
    """True while drf-spectacular inspects the view (no real request or user)."""
    return getattr(view, "swagger_fake_view", False)
