"""Browser sessions: a ``UserSession`` row per signed-in session (written at sign-in), stamped as it is
used, listed on "Your sessions" and revoked there (which deletes the Django session: the browser is signed
out on its next request). The session key never leaves the server; rows are named by their id."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.models import UserSession
from core.lockout import client_address

SEEN_EVERY = timedelta(minutes=1)  # at most one write of last_seen_at per session and minute
SESSION_ID = "_sluice_session_id"  # the row's id, kept in the session (follows a cycled key)
SEEN = "_sluice_seen"  # when the row was last stamped (a POSIX time)


def _store(key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(key)


def _printable(text) -> str:
    """A header as stored: no control characters (a NUL cannot be stored, a newline would forge lines)."""
    return "".join(ch for ch in str(text)[:1000] if ch.isprintable())


def session_start(*, request, user) -> UserSession | None:
    """After a sign-in (``user_logged_in``): the row of this session, and the audit row."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    if session.session_key is None:
        session.save()
    meta = request.META
    row, _ = UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "user_agent": _printable(meta.get("HTTP_USER_AGENT", ""))[:300],
            "ip": client_address(request),
            "last_seen_at": timezone.now(),
        },
    )
    session[SESSION_ID] = row.pk
    session[SEEN] = row.last_seen_at.timestamp()  # stamped now: the next minute's requests write nothing
    audit.record(actor=user, action="auth.signed_in", target=user, target_type="user")
    return row


def session_end(*, request, user) -> None:
    """Before a sign-out (``user_logged_out``): drop the row, write the audit row."""
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_ID):
        UserSession.objects.filter(pk=session[SESSION_ID]).delete()
    if user is not None and getattr(user, "is_authenticated", False):
        audit.record(actor=user, action="auth.signed_out", target=user, target_type="user")


def session_touch(*, request) -> bool:
    """Stamp ``last_seen_at`` (at most once a minute) and follow a cycled key. False when the row is gone
    (revoked): the caller signs the request out."""
    session = request.session
    row_id = session.get(SESSION_ID)
    if not row_id:
        return True
    now = timezone.now()
    seen = session.get(SEEN)
    if seen and now.timestamp() - seen < SEEN_EVERY.total_seconds():
        return True
    updated = UserSession.objects.filter(pk=row_id, user_id=request.user.pk).update(
        last_seen_at=now, session_key=session.session_key or ""
    )
    session[SEEN] = now.timestamp()
    return bool(updated)


def sessions_of(*, user) -> list[UserSession]:
    """``user``'s sessions that still exist (an expired or flushed session's row is removed here)."""
    rows, gone = [], []
    store = _store()
    for row in UserSession.objects.filter(user=user):
        (rows if store.exists(row.session_key) else gone).append(row)
    if gone:
        UserSession.objects.filter(pk__in=[r.pk for r in gone]).delete()
    return rows


def session_revoke(*, actor, session: UserSession) -> None:
    """Sign ``session`` out (one's own; the callers look it up among one's own)."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="session.revoked",
            target=session,
            target_type="session",
            changes={"user": session.user.get_username(), "ip": session.ip, "user_agent": session.user_agent},
        )
        _store(session.session_key).delete()
        session.delete()


def sessions_end_all(*, user) -> int:
    """End every session of ``user`` (deactivation). Returns how many ended."""
    rows = list(UserSession.objects.filter(user=user))
    for row in rows:
        _store(row.session_key).delete()
    UserSession.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return len(rows)
