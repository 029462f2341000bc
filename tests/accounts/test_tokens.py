"""Personal API tokens: the authentication class (valid, wrong, revoked, expired, inactive owner, role
cap), the /api/tokens/ API, the page, and the WebSocket."""

from __future__ import annotations

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import ApiToken
from accounts.services import secret_hash, token_create, token_revoke
from notifications.consumers import EventsConsumer
from tests import factories

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


# --- the service -------------------------------------------------------------------------------------


def test_create_stores_only_a_hash_and_returns_the_token_once(editor):
    token, raw = token_create(user=editor, name="ci", role="editor")
    assert raw.startswith(f"slu_{token.prefix}_") and len(raw) > 40
    secret = raw.split("_", 2)[2]
    assert token.secret_hash == secret_hash(secret) and secret not in token.secret_hash
    assert not ApiToken.objects.filter(secret_hash__contains=secret).exists()
    assert token.state == "active"


def test_a_token_is_never_above_its_owner(viewer, editor):
    with pytest.raises(ValidationError) as refused:
        token_create(user=editor, name="too high", role="operator")
    assert "role" in refused.value.message_dict
    with pytest.raises(ValidationError):
        token_create(user=viewer, name="", role="viewer")
    with pytest.raises(ValidationError) as past:
        token_create(user=editor, name="old", role="viewer", expires_at=timezone.now() - timedelta(days=1))
    assert "expires_at" in past.value.message_dict


# --- authentication ----------------------------------------------------------------------------------


def test_valid_token_authenticates_and_stamps_last_used(editor):
    token, raw = token_create(user=editor, name="ci", role="editor")
    response = bearer(raw).get("/api/pipelines/")
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    stamped = token.last_used_at
    assert bearer(raw).get("/api/pipelines/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == stamped  # throttled: one write a minute


@pytest.mark.parametrize(
    "mangle",
    [
        lambda raw: raw[:-2] + ("AA" if not raw.endswith("AA") else "BB"),  # wrong secret
        lambda raw: "slu_0000000000_" + raw.split("_", 2)[2],  # unknown prefix
        lambda raw: "slu_nothing",  # malformed
        lambda raw: raw + "é",  # not ASCII
    ],
    ids=["wrong-secret", "unknown-prefix", "malformed", "non-ascii"],
)
def test_wrong_token_is_401(editor, mangle):
    _, raw = token_create(user=editor, name="ci", role="editor")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {mangle(raw)}".encode())
    response = client.get("/api/pipelines/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_expired_and_inactive_owner_are_401(editor):
    token, raw = token_create(user=editor, name="ci", role="editor")
    token_revoke(user=editor, token=token)
    assert bearer(raw).get("/api/pipelines/").status_code == 401

    token, raw = token_create(user=editor, name="short", role="editor", expires_at=timezone.now() + timedelta(hours=1))
    assert bearer(raw).get("/api/pipelines/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert bearer(raw).get("/api/pipelines/").status_code == 401

    _, raw = token_create(user=editor, name="gone", role="editor")
    editor.is_active = False
    editor.save()
    assert bearer(raw).get("/api/pipelines/").status_code == 401


def test_a_jwt_still_works_beside_tokens(editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(editor)}")
    assert client.get("/api/pipelines/").status_code == 200


def test_role_cap_on_an_operator_only_endpoint(operator, settings):
    settings.SLUICE_EXECUTOR = "inline"
    pipeline = factories.PipelineFactory(owner=operator)
    _, capped = token_create(user=operator, name="editor cap", role="editor")
    response = bearer(capped).post(f"/api/pipelines/{pipeline.pk}/run/", {}, format="json")
    assert response.status_code == 403, response.content
    _, full = token_create(user=operator, name="operator cap", role="operator")
    response = bearer(full).post(f"/api/pipelines/{pipeline.pk}/run/", {}, format="json")
    assert response.status_code != 403, response.content


def test_role_cap_below_staff(db):
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    other = factories.UserFactory(role="editor")
    theirs = factories.PipelineFactory(owner=other)
    _, raw = token_create(user=admin, name="read only", role="viewer")
    client = bearer(raw)
    assert client.post("/api/pipelines/", {"name": "nope"}, format="json").status_code == 403
    # A viewer-capped admin sees what a viewer sees: not everyone's pipelines.
    assert client.get(f"/api/pipelines/{theirs.pk}/").status_code == 404
    assert client.get("/api/alert-rules/").status_code == 403


def test_role_follows_the_owner_down(operator):
    _, raw = token_create(user=operator, name="ci", role="operator")
    pipeline = factories.PipelineFactory(owner=operator)
    operator.groups.clear()  # the owner lost their role: the token, capped at operator, has none either
    response = bearer(raw).post(f"/api/pipelines/{pipeline.pk}/run/", {}, format="json")
    assert response.status_code == 403


# --- the API -----------------------------------------------------------------------------------------


def test_api_create_list_revoke(client_for, editor):
    client = client_for(editor)
    response = client.post("/api/tokens/", {"name": "ci", "role": "viewer"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["token"].startswith("slu_") and body["role"] == "viewer" and body["state"] == "active"
    listed = client.get("/api/tokens/").json()
    items = listed["results"] if isinstance(listed, dict) else listed
    assert [t["name"] for t in items] == ["ci"] and "token" not in items[0] and "secret_hash" not in items[0]
    assert client.delete(f"/api/tokens/{body['id']}/").status_code == 204
    assert bearer(body["token"]).get("/api/tokens/").status_code == 401
    assert client.post("/api/tokens/", {"name": "x", "role": "admin"}, format="json").status_code == 400


def test_a_token_cannot_mint_tokens_but_a_jwt_can(editor):
    _, raw = token_create(user=editor, name="ci", role="editor")
    response = bearer(raw).post("/api/tokens/", {"name": "child", "role": "viewer"}, format="json")
    assert response.status_code == 403
    assert bearer(raw).get("/api/tokens/").status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(editor)}")
    assert client.post("/api/tokens/", {"name": "child", "role": "viewer"}, format="json").status_code == 201


def test_others_tokens_are_invisible_but_admins_see_and_revoke(client_for, editor, staff):
    other = factories.UserFactory(role="editor")
    theirs, _ = token_create(user=other, name="theirs", role="editor")
    assert client_for(editor).delete(f"/api/tokens/{theirs.pk}/").status_code == 404
    listed = client_for(staff).get("/api/tokens/").json()
    items = listed["results"] if isinstance(listed, dict) else listed
    assert {t["owner"] for t in items} >= {other.username}
    assert client_for(staff).delete(f"/api/tokens/{theirs.pk}/").status_code == 204
    theirs.refresh_from_db()
    assert theirs.state == "revoked"


# --- the page ----------------------------------------------------------------------------------------


def test_page_create_shows_once_then_lists_and_revokes(client, editor):
    client.force_login(editor)
    page = client.get("/account/tokens/")
    assert page.status_code == 200 and b"No tokens yet" in page.content
    roles_offered = page.context["form"].fields["role"].choices
    assert [value for value, _ in roles_offered] == ["viewer", "editor"]
    created = client.post("/account/tokens/", {"name": "nightly ci", "role": "editor", "expires": "30"})
    assert created.status_code == 200
    raw = created.context["created"]["raw"]
    assert raw.encode() in created.content
    token = ApiToken.objects.get(owner=editor)
    assert token.expires_at is not None
    again = client.get("/account/tokens/")
    assert raw.encode() not in again.content and b"nightly ci" in again.content
    assert f"slu_{token.prefix}_".encode() in again.content
    revoked = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_page_refuses_a_role_above_ones_own(client, editor):
    client.force_login(editor)
    response = client.post("/account/tokens/", {"name": "x", "role": "admin"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_user_menu_links_the_page(client, editor):
    client.force_login(editor)
    assert b'href="/account/tokens/"' in client.get("/notifications/").content


# --- the WebSocket -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_websocket_accepts_a_token_in_the_auth_message_and_the_query(settings, editor):
    settings.SLUICE_EVENT_BUS = "local"
    settings.SLUICE_WS_AUTH_SECONDS = 0.3
    pipeline = factories.PipelineFactory(owner=editor)
    token, raw = token_create(user=editor, name="ws", role="viewer")

    def connect(query: str = "") -> WebsocketCommunicator:
        ws = WebsocketCommunicator(EventsConsumer.as_asgi(), f"/ws/events/{query}")
        ws.scope["user"] = AnonymousUser()
        return ws

    async def scenario():
        ws = connect()
        assert (await ws.connect())[0]
        await ws.send_json_to({"op": "auth", "token": raw})
        assert (await ws.receive_json_from())["type"] == "welcome"
        await ws.send_json_to({"op": "subscribe", "topic": f"pipeline:{pipeline.pk}"})
        assert (await ws.receive_json_from())["type"] == "subscribed"
        await ws.disconnect()

        ws = connect(f"?token={raw}")
        assert (await ws.connect())[0]
        assert (await ws.receive_json_from())["type"] == "welcome"
        await ws.disconnect()

        ws = connect()
        assert (await ws.connect())[0]
        await ws.send_json_to({"op": "auth", "token": raw[:-3] + "xyz"})
        assert (await ws.receive_json_from())["code"] == "unauthenticated"
        assert (await ws.receive_output(timeout=3))["type"] == "websocket.close"

    async_to_sync(scenario)()
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db(transaction=True)
def test_websocket_dashboard_of_a_capped_admin_is_filtered(settings):
    """An admin's viewer token hears the dashboard as a viewer would: only the pipelines it may see."""
    from asgiref.sync import sync_to_async

    from notifications.events import publish

    settings.SLUICE_EVENT_BUS = "local"
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    other = factories.UserFactory(role="editor")
    mine, theirs = factories.PipelineFactory(owner=admin), factories.PipelineFactory(owner=other)
    _, capped = token_create(user=admin, name="dashboard", role="viewer")
    _, full = token_create(user=admin, name="dashboard admin", role="admin")

    async def heard(raw: str) -> set[int]:
        ws = WebsocketCommunicator(EventsConsumer.as_asgi(), "/ws/events/")
        ws.scope["user"] = AnonymousUser()
        assert (await ws.connect())[0]
        await ws.send_json_to({"op": "auth", "token": raw})
        assert (await ws.receive_json_from())["type"] == "welcome"
        await ws.send_json_to({"op": "subscribe", "topic": "dashboard"})
        assert (await ws.receive_json_from())["type"] == "subscribed"
        for pipeline in (theirs, mine):
            data = {"pipeline_id": pipeline.pk, "slug": pipeline.slug, "name": pipeline.name}
            await sync_to_async(publish)("dashboard", "pipeline.updated", data)
        got = set()
        while not await ws.receive_nothing(timeout=0.5):
            message = await ws.receive_json_from()
            if message["type"] == "event":
                got.add(message["event"]["data"]["pipeline_id"])
        await ws.disconnect()
        return got

    assert async_to_sync(heard)(capped) == {mine.pk}
    assert async_to_sync(heard)(full) == {mine.pk, theirs.pk}
