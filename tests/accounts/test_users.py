"""Users for admins (issue 18): the API and the pages, permissions, the last-admin rule, invitations (one
time, expiring), the audit rows of every action, hostile inputs."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from accounts import users
from accounts.models import AuditEvent
from accounts.services import token_create, token_revoke
from pipelines import roles
from tests import factories

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def admin(db):
    return factories.UserFactory(username="root-admin", role="admin")


def last_event(action: str) -> AuditEvent:
    event = AuditEvent.objects.filter(action=action).first()
    assert event is not None, f"no {action} audit row"
    return event


def link_of(message) -> str:
    return re.search(r"https?://\S+/account/invite/\S+/", message.body).group(0)


# --- permissions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "editor", "operator"])
def test_non_admins_get_403_everywhere(client_for, role):
    person = factories.UserFactory(role=role)
    other = factories.UserFactory(role="viewer")
    api = client_for(person)
    assert api.get("/api/users/").status_code == 403
    assert api.post("/api/users/", {"email": "x@example.com", "role": "admin"}, format="json").status_code == 403
    assert api.patch(f"/api/users/{other.pk}/", {"role": "admin"}, format="json").status_code == 403
    assert api.patch(f"/api/users/{person.pk}/", {"role": "admin"}, format="json").status_code == 403
    assert api.post(f"/api/users/{other.pk}/deactivate/").status_code == 403
    assert api.get("/api/audit/").status_code == 403
    page = Client()
    page.force_login(person)
    assert page.get("/account/users/").status_code == 403
    assert page.get("/account/audit/").status_code == 403
    assert page.post(f"/account/users/{other.pk}/role/", {"role": "admin"}).status_code == 403
    assert roles.user_role(User.objects.get(pk=person.pk)) == role
    assert not User.objects.filter(email="x@example.com").exists()


def test_anonymous_is_401_or_sent_to_sign_in(api):
    assert api.get("/api/users/").status_code == 401
    assert api.get("/api/audit/").status_code == 401
    assert api.get("/api/sessions/").status_code == 401
    assert Client().get("/account/users/").status_code == 302


def test_an_admin_token_capped_at_viewer_cannot_manage_users(admin, api):
    _, raw = token_create(user=admin, name="ro", role="viewer")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/users/").status_code == 403


# --- list, search --------------------------------------------------------------------------------------------


def test_list_with_role_state_and_search(admin, client_for):
    factories.UserFactory(username="alice", email="alice@corp.example", role="editor")
    gone = factories.UserFactory(username="bob", role="viewer")
    gone.is_active = False
    gone.save()
    factories.UserFactory(username="carol", is_staff=True)
    api = client_for(admin)
    rows = {u["username"]: u for u in api.get("/api/users/").json()["results"]}
    assert rows["alice"]["role"] == "editor" and rows["alice"]["is_active"]
    assert rows["bob"]["is_active"] is False and rows["carol"]["role"] == "admin"
    assert "password" not in rows["alice"]
    assert [u["username"] for u in api.get("/api/users/?search=CORP.example").json()["results"]] == ["alice"]
    admins = {u["username"] for u in api.get("/api/users/?role=admin").json()["results"]}
    assert admins == {"root-admin", "carol"}
    assert {u["username"] for u in api.get("/api/users/?active=false").json()["results"]} == {"bob"}
    assert api.get("/api/users/?search=%27;--&role=nope&ordering=password").status_code == 200
    assert api.get("/api/users/?search=%00").status_code == 400  # a NUL: refused before any filter


# --- invite -----------------------------------------------------------------------------------------------


def test_invite_emails_a_one_time_link_that_sets_the_password(admin, client_for):
    response = client_for(admin).post(
        "/api/users/", {"email": "new@example.com", "role": "editor"}, format="json", HTTP_HOST="testserver"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["username"] == "new" and body["role"] == "editor" and body["invite_pending"] and body["invite_sent"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.com"]
    link = link_of(mail.outbox[0])
    assert link == body["invite_url"]
    event = last_event("user.invited")
    assert event.actor == admin and event.target_label == "new" and event.changes["role"] == "editor"
    path = link.split("testserver", 1)[1]
    browser = Client()
    assert browser.get(path).status_code == 200
    answer = browser.post(path, {"new_password1": "a-long-pass-phrase-9", "new_password2": "a-long-pass-phrase-9"})
    assert answer.status_code == 302
    user = User.objects.get(username="new")
    assert user.check_password("a-long-pass-phrase-9")
    assert last_event("user.invite_accepted").actor == user
    # one time: the link is spent
    assert browser.get(path).status_code == 404
    again = {"new_password1": "other-pass-phrase-9", "new_password2": "other-pass-phrase-9"}
    assert browser.post(path, again).status_code == 404
    signed_in = Client().post("/login/", {"username": "new", "password": "a-long-pass-phrase-9"})
    assert signed_in.status_code == 302 and signed_in.url == "/"


def test_invite_links_expire(admin, settings, client_for, monkeypatch):
    client_for(admin).post("/api/users/", {"email": "late@example.com", "role": "viewer"}, format="json")
    user = User.objects.get(email="late@example.com")
    token = users.invite_token(user)
    assert users.invite_user(token) == user
    settings.SLUICE_INVITE_DAYS = 0
    import time

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 5)
    assert users.invite_user(token) is None


@pytest.mark.parametrize("token", ["x", "a" * 400, "eyJ1IjoxfQ:1:2", "%00", "..", users.INVITE_SALT, "null:abc:def"])
def test_hostile_invite_links_are_404(db, token):
    assert Client().get(f"/account/invite/{token}/").status_code == 404


def test_a_link_for_a_deactivated_user_does_not_work(admin):
    user, url, _ = users.user_invite(actor=admin, email="d@example.com", role="viewer", base_url="http://h/")
    token = url.rstrip("/").rsplit("/", 1)[1]
    users.user_deactivate(actor=admin, user=user)
    assert users.invite_user(token) is None


@pytest.mark.parametrize(
    "body,field",
    [
        ({"email": "not-an-email", "role": "viewer"}, "email"),
        ({"email": "a@example.com", "role": "root"}, "role"),
        ({"email": "a@example.com", "role": "viewer", "username": "bad name!"}, "username"),
        ({"email": "a@example.com", "role": "viewer", "username": "x" * 151}, "username"),
        ({"email": "<script>@example.com", "role": "viewer"}, "email"),
        ({"email": "root-admin@example.com", "role": "viewer"}, "email"),  # taken
        ({"email": "a@example.com", "role": "viewer", "username": "ROOT-admin"}, "username"),  # taken
        ({"email": ["a@example.com"], "role": "viewer"}, "email"),
    ],
)
def test_invite_refuses_bad_input(admin, client_for, body, field):
    response = client_for(admin).post("/api/users/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not AuditEvent.objects.filter(action="user.invited").exists()


def test_the_page_invites_and_shows_the_link_once(admin):
    page = Client()
    page.force_login(admin)
    response = page.post("/account/users/", {"email": "pg@example.com", "role": "operator"})
    assert response.status_code == 200 and b"invite-created" in response.content
    assert roles.user_role(User.objects.get(email="pg@example.com")) == "operator"
    assert b"/account/invite/" not in page.get("/account/users/").content
    assert page.post("/account/users/", {"email": "nope", "role": "operator"}).status_code == 400


# --- change role, deactivate, the last admin --------------------------------------------------------------


def test_change_role_and_audit(admin, client_for, editor):
    response = client_for(admin).patch(f"/api/users/{editor.pk}/", {"role": "operator"}, format="json")
    assert response.status_code == 200 and response.json()["role"] == "operator"
    assert roles.user_role(User.objects.get(pk=editor.pk)) == "operator"
    event = last_event("user.role_changed")
    assert event.changes == {"role": ["editor", "operator"]} and event.target_id == str(editor.pk)


def test_demoting_a_staff_account_clears_staff(admin, client_for):
    boss = factories.UserFactory(is_staff=True, is_superuser=True)
    assert client_for(admin).patch(f"/api/users/{boss.pk}/", {"role": "viewer"}, format="json").status_code == 200
    boss.refresh_from_db()
    assert not boss.is_staff and not boss.is_superuser and roles.user_role(boss) == "viewer"


def test_an_admin_cannot_demote_or_deactivate_themselves(admin, client_for):
    api = client_for(admin)
    factories.UserFactory(role="admin")  # not the last admin: still refused
    assert api.patch(f"/api/users/{admin.pk}/", {"role": "editor"}, format="json").status_code == 400
    assert api.post(f"/api/users/{admin.pk}/deactivate/").status_code == 400
    assert api.patch(f"/api/users/{admin.pk}/", {"is_active": False}, format="json").status_code == 400
    admin.refresh_from_db()
    assert admin.is_active and roles.user_role(User.objects.get(pk=admin.pk)) == "admin"
    assert not AuditEvent.objects.filter(action__in=["user.role_changed", "user.deactivated"]).exists()


def test_last_admin_rule(admin):
    """Two admins: one may demote the other. The last active admin cannot be removed, not even by a stale
    request of an admin who was deactivated meanwhile."""
    second = factories.UserFactory(role="admin")
    users.user_set_role(actor=admin, user=second, role="viewer")
    from django.core.exceptions import ValidationError

    rescuer = factories.UserFactory(is_staff=True)  # a third admin arrives
    users.user_deactivate(actor=rescuer, user=admin)
    with pytest.raises(ValidationError, match="last active admin"):
        users.user_deactivate(actor=User.objects.get(pk=admin.pk), user=User.objects.get(pk=rescuer.pk))


def test_deactivate_and_reactivate(admin, client_for, editor):
    api = client_for(admin)
    _, raw = token_create(user=editor, name="ci", role="editor")
    browser = Client()
    browser.force_login(editor)
    assert browser.get("/account/tokens/").status_code == 200
    response = api.post(f"/api/users/{editor.pk}/deactivate/")
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert browser.get("/account/tokens/").status_code == 302  # the session ended
    token_client = client_for(None)
    token_client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert token_client.get("/api/pipelines/").status_code == 401
    event = last_event("user.deactivated")
    assert event.changes["sessions_ended"] == 1
    assert api.post(f"/api/users/{editor.pk}/reactivate/").json()["is_active"] is True
    assert last_event("user.reactivated").target_id == str(editor.pk)


def test_patch_names_and_email(admin, client_for, editor):
    api = client_for(admin)
    response = api.patch(f"/api/users/{editor.pk}/", {"first_name": "Ed", "email": "ed@x.example"}, format="json")
    assert response.status_code == 200
    assert last_event("user.updated").changes["first_name"] == ["", "Ed"]
    assert api.patch(f"/api/users/{editor.pk}/", {"email": "root-admin@example.com"}, format="json").status_code == 400
    assert api.patch(f"/api/users/{editor.pk}/", {"role": "god"}, format="json").status_code == 400
    assert api.patch("/api/users/999999999/", {"role": "viewer"}, format="json").status_code == 404


def test_pages_change_role_and_deactivate(admin, editor):
    page = Client()
    page.force_login(admin)
    assert page.get("/account/users/?q=" + editor.username).status_code == 200
    assert page.post(f"/account/users/{editor.pk}/role/", {"role": "viewer"}).status_code == 302
    assert roles.user_role(User.objects.get(pk=editor.pk)) == "viewer"
    assert page.post(f"/account/users/{editor.pk}/deactivate/").status_code == 302
    assert not User.objects.get(pk=editor.pk).is_active
    page.post(f"/account/users/{admin.pk}/deactivate/")
    assert User.objects.get(pk=admin.pk).is_active
    assert page.post(f"/account/users/{editor.pk}/role/", {"role": "<b>"}).status_code == 302
    assert roles.user_role(User.objects.get(pk=editor.pk)) == "viewer"


def test_resend_invite(admin, client_for):
    user, _, _ = users.user_invite(actor=admin, email="again@example.com", role="viewer", base_url="http://h/")
    mail.outbox.clear()
    response = client_for(admin).post(f"/api/users/{user.pk}/invite/")
    assert response.status_code == 200 and response.json()["invite_sent"]
    assert len(mail.outbox) == 1 and last_event("user.invite_resent")
    assert client_for(admin).post(f"/api/users/{admin.pk}/invite/").status_code == 400


# --- the audit log ---------------------------------------------------------------------------------------


def test_tokens_and_sign_ins_are_audited(admin, editor):
    token, _ = token_create(user=editor, name="ci", role="viewer")
    assert last_event("token.created").target_label.startswith("ci")
    token_revoke(user=admin, token=token)
    revoked = last_event("token.revoked")
    assert revoked.actor == admin and revoked.changes == {"owner": editor.username}
    token_revoke(user=admin, token=token)
    assert AuditEvent.objects.filter(action="token.revoked").count() == 1
    browser = Client()
    browser.post("/login/", {"username": editor.username, "password": "pass-word-123"}, REMOTE_ADDR="10.1.2.3")
    signed_in = last_event("auth.signed_in")
    assert signed_in.actor == editor and signed_in.ip == "10.1.2.3"
    browser.post("/logout/")
    assert last_event("auth.signed_out").actor == editor


def test_audit_api_and_page_filter(admin, client_for, editor):
    users.user_set_role(actor=admin, user=editor, role="operator")
    token_create(user=editor, name="t", role="viewer")
    api = client_for(admin)
    rows = api.get("/api/audit/").json()["results"]
    assert {"user.role_changed", "token.created"} <= {r["action"] for r in rows}
    only = api.get("/api/audit/?action=user.").json()["results"]
    assert {r["action"] for r in only} == {"user.role_changed"}
    assert api.get(f"/api/audit/?actor={editor.username}").json()["results"][0]["action"] == "token.created"
    assert api.get(f"/api/audit/?target_type=user&target_id={editor.pk}").json()["count"] == 1
    assert api.get("/api/audit/?since=2999-01-01T00:00:00Z").json()["results"] == []
    assert api.get("/api/audit/?since=yesterday").status_code == 400
    page = Client()
    page.force_login(admin)
    response = page.get("/account/audit/?action=user.role_changed")
    assert response.status_code == 200 and b"user.role_changed" in response.content
    assert b"token.created" not in response.content.split(b"audit-list", 1)[1]
    assert page.get("/account/audit/?since=notadate").status_code == 400
