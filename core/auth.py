"""The JWT endpoints (``/api/auth/token/``, ``/api/auth/token/refresh/``) with the sign-in limits: the
stricter ``auth`` throttle, and a readable 429 when django-axes has locked the user name or address
out (simplejwt only sees ``authenticate()`` return nothing and would say "no active account")."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer, TokenRefreshSerializer
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from core.lockout import cooloff_seconds, lockout_message
from core.throttling import AuthRateThrottle

_THROTTLED = "Too many requests from this address: `Retry-After` says how many seconds to wait."
_LOCKED = (
    " Or too many failed sign-ins: the user name or the address is locked out (`code: locked_out`), the right "
    "password included, until `Retry-After` seconds have passed or an administrator unlocks it."
)


class _Limited:
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, AuthRateThrottle]


@extend_schema(
    responses={
        200: TokenObtainPairSerializer,
        401: OpenApiResponse(description="No active account with these credentials."),
        429: OpenApiResponse(description=_THROTTLED + _LOCKED),
    }
)
class TokenObtainView(_Limited, TokenObtainPairView):
    """Takes a user name and password and returns an access and a refresh token. Repeated failures lock
    the user name and the address out for a while (429 `locked_out`, even with the right password)."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except exceptions.AuthenticationFailed:
            # axes flags the request it was handed (this DRF request) when it refused the attempt.
            if getattr(request, "axes_locked_out", False):
                headers = {"Retry-After": str(cooloff_seconds())} if cooloff_seconds() else None
                return Response({"detail": lockout_message(), "code": "locked_out"}, status=429, headers=headers)
            raise


@extend_schema(
    responses={
        200: TokenRefreshSerializer,
        401: OpenApiResponse(description="The refresh token is invalid or expired."),
        429: OpenApiResponse(description=_THROTTLED),
    }
)
class TokenRefreshLimitedView(_Limited, TokenRefreshView):
    """Takes a refresh token and returns a new access token."""
