"""Your sessions (issue 18): a row per signed-in browser, listed and revoked through the page and the API;
a revoked session is signed out; nobody sees or revokes another's."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import AuditEvent, UserSession
from tests import factories

pytestmark = pytest.mark.django_db


def sign_in(user, agent: str = "Firefox/1", ip: str = "10.0.0.1") -> Client:
    browser = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    response = browser.post("/login/", {"username": user.username, "password": "pass-word-123"})
    assert response.status_code == 302
    return browser


def test_sign_in_records_a_session_listed_on_the_page_and_the_api(editor):
    laptop = sign_in(editor, "Firefox/1", "10.0.0.1")
    sign_in(editor, "Chrome/2", "10.0.0.2")
    rows = UserSession.objects.filter(user=editor)
    assert {(r.user_agent, r.ip) for r in rows} == {("Firefox/1", "10.0.0.1"), ("Chrome/2", "10.0.0.2")}
    page = laptop.get("/account/sessions/")
    assert page.status_code == 200 and b"Chrome/2" in page.content and b"this browser" in page.content
    listed = laptop.get("/api/sessions/").json()
    assert {s["user_agent"] for s in listed} == {"Firefox/1", "Chrome/2"}
    assert [s["current"] for s in listed if s["user_agent"] == "Firefox/1"] == [True]
    assert all("session_key" not in s for s in listed)
    assert laptop.session.session_key not in page.content.decode()


def test_revoking_signs_that_browser_out(editor):
    laptop = sign_in(editor, "Firefox/1")
    phone = sign_in(editor, "Phone/3")
    row = UserSession.objects.get(user=editor, user_agent="Phone/3")
    assert phone.get("/account/tokens/").status_code == 200
    assert laptop.delete(f"/api/sessions/{row.pk}/").status_code == 204
    assert phone.get("/account/tokens/").status_code == 302  # signed out
    assert laptop.get("/account/tokens/").status_code == 200
    event = AuditEvent.objects.get(action="session.revoked")
    assert event.actor == editor and event.target_id == str(row.pk) and event.changes["user_agent"] == "Phone/3"


def test_revoking_through_the_page_and_ones_own_session(editor):
    laptop = sign_in(editor, "Firefox/1")
    phone = sign_in(editor, "Phone/3")
    row = UserSession.objects.get(user=editor, user_agent="Phone/3")
    assert laptop.post(f"/account/sessions/{row.pk}/revoke/").status_code == 302
    assert phone.get("/account/tokens/").status_code == 302
    mine = UserSession.objects.get(user=editor, user_agent="Firefox/1")
    response = laptop.post(f"/account/sessions/{mine.pk}/revoke/")
    assert response.status_code == 302 and response.url == "/login/"
    assert laptop.get("/account/tokens/").status_code == 302


def test_nobody_sees_or_revokes_another_users_session(editor, viewer, staff):
    sign_in(editor, "Firefox/1")
    row = UserSession.objects.get(user=editor)
    for other in (viewer, staff):
        browser = sign_in(other, "Other/9")
        assert b"Firefox/1" not in browser.get("/account/sessions/").content
        assert "Firefox/1" not in browser.get("/api/sessions/").content.decode()
        assert browser.delete(f"/api/sessions/{row.pk}/").status_code == 404
        assert browser.post(f"/account/sessions/{row.pk}/revoke/").status_code == 404
    assert UserSession.objects.filter(pk=row.pk).exists()


def test_sign_out_removes_the_row_and_expired_sessions_are_not_listed(editor):
    browser = sign_in(editor)
    other = sign_in(editor, "Chrome/2")
    assert UserSession.objects.filter(user=editor).count() == 2
    browser.post("/logout/")
    assert list(UserSession.objects.filter(user=editor).values_list("user_agent", flat=True)) == ["Chrome/2"]
    other.session.flush() if hasattr(other.session, "flush") else None
    from django.contrib.sessions.models import Session

    Session.objects.all().delete()  # every session expired
    fresh = sign_in(editor, "New/1")
    assert [s["user_agent"] for s in fresh.get("/api/sessions/").json()] == ["New/1"]


def test_last_seen_is_stamped_at_most_once_a_minute(editor, monkeypatch):
    browser = sign_in(editor)
    row = UserSession.objects.get(user=editor)
    first = row.last_seen_at
    browser.get("/account/sessions/")
    browser.get("/account/sessions/")
    row.refresh_from_db()
    assert row.last_seen_at >= first
    stamps = UserSession.objects.filter(pk=row.pk).values_list("last_seen_at", flat=True)
    browser.get("/account/sessions/")
    assert list(stamps) == [row.last_seen_at]


def test_hostile_ids(editor):
    browser = sign_in(editor)
    for bad in ("0", "99999999999999999999999", "-1", "abc"):
        assert browser.delete(f"/api/sessions/{bad}/").status_code == 404
    assert browser.get("/api/sessions/", HTTP_USER_AGENT="x" * 5000).status_code == 200
    long_agent = sign_in(factories.UserFactory(role="viewer"), "\x00<script>" + "y" * 1000)
    assert long_agent.get("/api/sessions/").json()[0]["user_agent"].startswith("<script>")
    assert len(long_agent.get("/api/sessions/").json()[0]["user_agent"]) == 300
