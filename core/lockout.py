"""What a locked-out sign-in gets (django-axes, ``AXES_LOCKOUT_CALLABLE``).

The sign-in forms (``/login/``, the admin's, the browsable API's) get an HTML page that says how long
the lockout lasts and how it ends; a client that asked for JSON gets ``{"detail", "code": "locked_out"}``
(``/api/auth/token/`` answers that itself: core/auth.py). Both are 429s with ``Retry-After``.
Unlocking before the cool-off ends: docs/operations.md ("Locked-out users").
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from rest_framework.settings import api_settings


def client_address(request: HttpRequest) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the address the lockout counts, the same one the API throttles count
    (DRF's rule): the peer's, or behind ``SLUICE_TRUSTED_PROXIES`` proxies the entry of
    X-Forwarded-For that the outermost trusted proxy wrote."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = api_settings.NUM_PROXIES or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return remote


def cooloff_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds()) if settings.AXES_COOLOFF_TIME else 0


def lockout_message() -> str:
    seconds = cooloff_seconds()
    if not seconds:
        return "Too many failed sign-in attempts: this account or address is locked until an administrator unlocks it."
    minutes = max(1, round(seconds / 60))
    return (
        f"Too many failed sign-in attempts: this account or address is locked for {minutes} minute"
        f"{'s' if minutes != 1 else ''}. Every attempt in the meantime, even with the right password, is "
        "refused and starts the wait again; an administrator can unlock it sooner."
    )


def lockout_response(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``. axes calls it with (request, original_response, credentials) from sync
    middleware but (request, credentials) from async middleware, so the extra arguments are unused."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    wants_json = "application/json" in request.META.get("HTTP_ACCEPT", "") + request.META.get("CONTENT_TYPE", "")
    if wants_json:
        response = JsonResponse({"detail": lockout_message(), "code": "locked_out"}, status=status)
    else:
        body = render_to_string(
            "registration/locked_out.html",
            {"message": lockout_message(), "failure_limit": settings.AXES_FAILURE_LIMIT},
            request=request,
        )
        response = HttpResponse(body, status=status)
    if cooloff_seconds():
        response["Retry-After"] = str(cooloff_seconds())
    return response
