"""``AccountsMiddleware`` (after AuthenticationMiddleware): the client address for the audit rows of this
request, and the session row's "last seen" stamp. A session whose row was revoked is signed out here (the
Django session is deleted on revoke too; this also covers a session store that outlives it)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from accounts import audit, sessions
from core.lockout import client_address


class AccountsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.set_client_ip(client_address(request))
        try:
            if self._revoked(request):
                request.session.flush()
                request.user = AnonymousUser()
            return self.get_response(request)
        finally:
            audit.reset_client_ip(token)

    @staticmethod
    def _revoked(request) -> bool:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or sessions.SESSION_ID not in session:
            return False
        return user.is_authenticated and not sessions.session_touch(request=request)
