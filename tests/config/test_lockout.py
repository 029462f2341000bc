"""Sign-in lockout (django-axes): repeated failures lock the user name and the address out of every
endpoint that takes a password, the right password included, until the cool-off passes or an admin
unlocks it; the form gets a readable page, the API a JSON 429, both with Retry-After."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"  # tests/factories.py


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def form_login(client, username, password, *, addr="127.0.0.1", url="/login/"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=addr)


def token(api, username, password, *, addr="127.0.0.1"):
    return api.post("/api/auth/token/", {"username": username, "password": password}, format="json", REMOTE_ADDR=addr)


def test_the_form_locks_after_the_limit_and_refuses_the_right_password(client, user):
    for _ in range(2):
        assert form_login(client, user.username, "wrong").status_code == 200  # the form again, with its error
    locked = form_login(client, user.username, "wrong")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "Sign-in locked" in body and "locked for 15 minutes" in body and "axes_reset_username" in body
    assert locked["Retry-After"] == "900"
    right = form_login(client, user.username, PASSWORD)
    assert right.status_code == 429 and "Sign-in locked" in right.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/pipelines/").status_code == 302  # still signed out


def test_the_token_endpoint_locks_with_a_json_429_and_gives_no_token(api, user):
    for _ in range(2):
        response = token(api, user.username, "wrong")
        assert response.status_code == 401
    locked = token(api, user.username, "wrong")
    assert locked.status_code == 429, locked.content
    assert locked.json()["code"] == "locked_out"
    assert "locked for 15 minutes" in locked.json()["detail"]
    assert locked["Retry-After"] == "900"
    right = token(api, user.username, PASSWORD)
    assert right.status_code == 429
    assert "access" not in right.json() and "refresh" not in right.json()


def test_the_lockout_is_per_user_name_across_addresses(api, client, user):
    for i in range(3):
        token(api, user.username, "wrong", addr=f"10.0.0.{i + 1}")
    assert token(api, user.username, PASSWORD, addr="10.9.9.9").status_code == 429
    assert form_login(client, user.username, PASSWORD, addr="10.9.9.8").status_code == 429


def test_the_lockout_is_per_address_across_user_names(api, user, editor):
    for i in range(3):
        token(api, f"guess{i}", "wrong", addr="10.1.1.1")
    assert token(api, editor.username, PASSWORD, addr="10.1.1.1").status_code == 429
    # Another address and another user are not affected.
    assert token(api, editor.username, PASSWORD, addr="10.1.1.2").status_code == 200
    assert token(api, user.username, PASSWORD, addr="10.1.1.3").status_code == 200


@pytest.mark.parametrize("url", ["/api/auth/login/", "/admin/login/"])
def test_the_browsable_api_and_admin_sign_in_forms_lock_too(client, staff, url):
    for _ in range(3):
        form_login(client, staff.username, "wrong", url=url)
    response = form_login(client, staff.username, PASSWORD, url=url)
    assert response.status_code == 429 and "Sign-in locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_mix_across_endpoints(api, client, user):
    form_login(client, user.username, "wrong")
    token(api, user.username, "wrong")
    form_login(client, user.username, "wrong", url="/admin/login/")
    assert token(api, user.username, PASSWORD).status_code == 429


def test_reset_commands_unlock(api, user):
    for _ in range(3):
        token(api, user.username, "wrong")
    assert token(api, user.username, PASSWORD).status_code == 429
    call_command("axes_reset_username", user.username)
    assert token(api, user.username, PASSWORD).status_code == 200
    for _ in range(3):
        token(api, "nobody", "wrong", addr="10.2.2.2")
    assert token(api, user.username, PASSWORD, addr="10.2.2.2").status_code == 429
    call_command("axes_reset")
    assert token(api, user.username, PASSWORD, addr="10.2.2.2").status_code == 200


def test_the_lockout_ends_after_the_cool_off(api, user):
    for _ in range(3):
        token(api, user.username, "wrong")
    assert token(api, user.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert token(api, user.username, PASSWORD).status_code == 200


def test_the_admin_lists_and_deletes_attempts(client, user, settings):
    from tests import factories

    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    for _ in range(3):
        form_login(client, user.username, "wrong", addr="10.3.3.3")
    attempt = AccessAttempt.objects.get(username=user.username)
    assert attempt.failures_since_start == 3
    client.force_login(admin)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and user.username in page.content.decode()
    client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert form_login(client, user.username, PASSWORD, addr="10.3.3.3").status_code == 302


def test_force_login_and_force_authenticate_are_not_affected(client, client_for, user):
    for _ in range(3):
        form_login(client, user.username, "wrong")
    client.force_login(user)
    assert client.get("/pipelines/").status_code == 200
    assert client_for(user).get("/api/pipelines/").status_code == 200


def test_a_client_that_asks_for_json_gets_json_from_a_form_endpoint(client, user):
    for _ in range(3):
        form_login(client, user.username, "wrong")
    response = client.post("/login/", {"username": user.username, "password": PASSWORD}, HTTP_ACCEPT="application/json")
    assert response.status_code == 429 and response.json()["code"] == "locked_out"
    assert response["Retry-After"] == "900"


def test_behind_a_trusted_proxy_the_client_address_is_counted(api, user, editor, settings):
    """SLUICE_TRUSTED_PROXIES=1: X-Forwarded-For's last entry (written by the proxy) is the address, as
    for the API throttles; without it, every client behind the proxy would share the proxy's address."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    def via_proxy(username, password, client_addr, spoofed="6.6.6.6"):
        return api.post(
            "/api/auth/token/",
            {"username": username, "password": password},
            format="json",
            REMOTE_ADDR="10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=f"{spoofed}, {client_addr}",  # what the client claimed, then the proxy's entry
        )

    for i in range(3):
        via_proxy(f"guess{i}", "wrong", "198.51.100.7")
    assert via_proxy(editor.username, PASSWORD, "198.51.100.7").status_code == 429
    assert via_proxy(editor.username, PASSWORD, "198.51.100.8").status_code == 200  # another client, same proxy
    assert AccessAttempt.objects.filter(ip_address="198.51.100.7").exists()
    assert not AccessAttempt.objects.filter(ip_address__in=["10.0.0.1", "6.6.6.6"]).exists()
