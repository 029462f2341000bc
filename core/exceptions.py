"""API errors: Django ValidationErrors raised by services become 400s with field-level messages (every
400 is an object of field -> messages); a service's PermissionDenied("why") becomes a 403 whose detail
is that message."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):  # DRF read request.body before our bounded parser ran
        exc = exceptions.ParseError(f"Request body is over the limit of {settings.SLUICE_MAX_REQUEST_BYTES:,} bytes.")
    if isinstance(exc, DjangoPermissionDenied) and exc.args and str(exc.args[0]):
        exc = exceptions.PermissionDenied(str(exc.args[0]))  # a service's refusal says why (a 403)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {field: [m for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
        else:
            detail = {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    if isinstance(exc, exceptions.ValidationError) and not isinstance(exc.detail, dict):
        # ValidationError("message") or a list of them (DRF's own, a filter's): the same shape as any
        # other 400, an object of field -> messages (core/openapi.py documents it so).
        exc = exceptions.ValidationError({"non_field_errors": exc.detail})
    return drf_exception_handler(exc, context)
