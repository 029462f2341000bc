"""Sign-in and sign-out (Django's ``user_logged_in``/``user_logged_out``): the session row and the audit
row. Connected in ``AccountsConfig.ready``; the work is in ``accounts.sessions``."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out

from accounts import sessions


def _signed_in(sender, request, user, **kwargs) -> None:
    if request is not None:
        sessions.session_start(request=request, user=user)


def _signed_out(sender, request, user, **kwargs) -> None:
    if request is not None:
        sessions.session_end(request=request, user=user)


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="accounts.signed_in")
    user_logged_out.connect(_signed_out, dispatch_uid="accounts.signed_out")
