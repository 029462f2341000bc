"""``Authorization: Bearer slu_…``: personal API tokens for the API (DRF) and the WebSocket.

A bearer value without the ``slu_`` prefix is left to the next class (JWT). A token that is unknown,
wrong, revoked or expired, or whose owner is inactive, is a 401. The request's role is the lower of the
owner's role and the token's (``pipelines.roles.user_role`` reads it from ``user._sluice_role``)."""

from __future__ import annotations

import hmac

from rest_framework import authentication, exceptions

from accounts import selectors, services
from accounts.models import ApiToken
from pipelines import roles

PREFIX = services.PREFIX


def _lookup(raw: str) -> ApiToken | None:
    """The active token ``raw`` names, with its owner's role capped; None when it is not valid."""
    body = raw[len(PREFIX) :]
    prefix, sep, secret = body.partition("_")
    if not sep or not prefix or not secret or len(raw) > 200:
        return None
    token = selectors.token_by_prefix(prefix)
    # Hash the secret even when no token has the prefix: the time taken does not tell prefixes apart.
    given = services.secret_hash(secret)
    stored = token.secret_hash if token is not None else "0" * 64
    if not hmac.compare_digest(given, stored) or token is None:
        return None
    if not token.is_active or not token.owner.is_active:
        return None
    user = token.owner
    user._sluice_role = roles.capped(roles.user_role(user), token.role)
    services.token_touch(token=token)
    return token


def user_for_websocket(raw: str):
    """The WebSocket consumer's hook (notifications.credentials): the capped user, or None."""
    token = _lookup(raw)
    return token.owner if token is not None else None


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if len(header) != 2 or header[0].lower() != b"bearer" or not header[1].startswith(PREFIX.encode()):
            return None  # not ours: a JWT, a session, or nothing
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid API token.") from None
        token = _lookup(raw)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid, revoked or expired API token.")
        return token.owner, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


def signed_with_token(request) -> bool:
    """True when the request was authenticated by an API token (which may not mint tokens)."""
    return isinstance(getattr(request, "auth", None), ApiToken)
