"""Sign in and sign out pages, and the shared layout (base.html) every page extends."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.services import notification_create

pytestmark = pytest.mark.django_db


def test_login_page_renders_an_accessible_form(client):
    response = client.get("/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<label class="form-label" for="id_username">' in body and 'for="id_password"' in body
    assert 'href="#main"' in body and '<main id="main"' in body
    assert body.count("<h1") == 1


def test_login_with_good_credentials_goes_to_next(client, user):
    response = client.post("/login/", {"username": user.username, "password": "pass-word-123", "next": "/pipelines/"})
    assert response.status_code == 302 and response["Location"] == "/pipelines/"
    assert client.get("/pipelines/").status_code == 200


def test_login_with_bad_credentials_shows_an_inline_error(client, user):
    response = client.post("/login/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body and "Please enter a correct username and password" in body
    assert "_auth_user_id" not in client.session


def test_login_refuses_an_offsite_next(client, user):
    response = client.post(
        "/login/", {"username": user.username, "password": "pass-word-123", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_logout_is_a_post(client, user):
    client.force_login(user)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/pipelines/").status_code == 302


def test_base_layout_contract(client, user):
    """The DOM hooks the front-end bundle relies on (docs: the UI contract)."""
    notification_create(user=user, title="One")
    notification_create(user=user, title="Two")
    client.force_login(user)
    body = client.get(reverse("pipelines:list")).content.decode()
    assert '<meta name="csrf-token" content="' in body
    assert "dist/app.css" in body and 'type="module" src="/static/dist/app.js"' in body
    assert f'data-live-topics="user:{user.pk} dashboard"' in body
    assert 'id="unread-badge"' in body and 'data-count="2"' in body
    assert '<span id="live-status"' in body and 'data-state="connecting"' in body and 'role="status"' in body
    assert '<button id="notify-optin"' in body
    assert 'action="/logout/"' in body
    for name in (
        "dashboard",
        "pipelines:list",
        "executions:list",
        "monitoring:stages",
        "pipelines:templates",
        "pipelines:connections",
        "monitoring:alerts",
        "notifications:inbox",
    ):
        assert f'href="{reverse(name)}"' in body
    assert 'aria-current="page" href="/pipelines/"' in body


@pytest.mark.django_db
def test_pages_carry_the_newest_event_id_for_the_live_client_to_resume_from(client, editor):
    """A run that finishes between the render and the socket opening must still reach the page:
    live.ts subscribes the page's topics with since=<data-live-since>."""
    from notifications.events import publish

    publish("dashboard", "pipeline.created", {"pipeline_id": 1, "slug": "x", "name": "X"})
    newest = publish("dashboard", "pipeline.updated", {"pipeline_id": 1, "slug": "x", "name": "X"})[0].id
    client.force_login(editor)
    body = client.get("/").content.decode()
    assert f'data-live-since="{newest}"' in body
