"""The WebSocket handshake's Origin check.

Browsers always send an Origin header on a WebSocket handshake, and a page of another site must not
ride on the user's session cookie (cross-site WebSocket hijacking): a cross-site Origin is refused, as
with channels' AllowedHostsOriginValidator (ALLOWED_HOSTS).

A client that sends no Origin at all is not a browser (a script, a CLI): it is let through, marked
``scope["sluice_no_origin"]``, and the consumer then ignores any session cookie: such a socket is served
only on a JWT access token (``?token=`` or ``{"op": "auth", "token"}``)."""

from __future__ import annotations

from channels.security.websocket import OriginValidator
from django.conf import settings


class OriginOrTokenValidator(OriginValidator):
    async def __call__(self, scope, receive, send):
        if scope.get("type") == "websocket" and not any(name == b"origin" for name, _ in scope.get("headers", [])):
            return await self.application(dict(scope, sluice_no_origin=True), receive, send)
        return await super().__call__(scope, receive, send)


def origin_or_token_validator(application) -> OriginOrTokenValidator:
    """Like channels' AllowedHostsOriginValidator, but a handshake without Origin goes on (token only)."""
    allowed_hosts = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed_hosts:
        allowed_hosts = ["localhost", "127.0.0.1", "[::1]"]
    return OriginOrTokenValidator(application, allowed_hosts)
