"""The authorization matrix's objects of the accounts app (tests/security/authz_world.py calls this)."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings

from accounts import users
from accounts.models import UserSession
from tests import factories


def _session(owner, agent: str) -> UserSession:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store.create()
    return UserSession.objects.create(user=owner, session_key=store.session_key, user_agent=agent, ip="10.9.9.9")


def accounts_world(owner, admin, tag: str) -> dict:
    """An invited viewer, a viewer to deactivate, and three browser sessions of the owner (one revoked by
    the API, one by the page, one only listed)."""
    invitee, _, _ = users.user_invite(
        actor=admin, email=f"mx-invitee-{tag}@example.com", role="viewer", base_url="http://testserver/"
    )
    member = factories.UserFactory(username=f"mx-member-{tag}", role="viewer")
    agent = f"mx-agent-{tag}"
    return {
        "invitee": invitee,
        "member": member,
        "session_api": _session(owner, agent),
        "session_page": _session(owner, agent),
        "listed_session": _session(owner, agent),
        "marks": {"member": member.username, "user_session": agent},
    }
