"""The git sync API: CRUD, sync now, syncs, conflicts, the webhook secret and the signed webhook."""

from __future__ import annotations

import json

import pytest

from gitsync import dispatch, webhooks
from gitsync.models import GitRepository, GitSync
from gitsync.services import repository_create
from tests import factories
from tests.gitsync.conftest import document

pytestmark = pytest.mark.django_db(transaction=True)

PUSH = json.dumps({"ref": "refs/heads/main", "after": "0" * 40}).encode()


@pytest.fixture
def repository(editor, remote):
    remote.commit("start", files={"pipelines/a.yaml": document("a")})
    return repository_create(user=editor, name="mine", url=remote.url, folder="pipelines")


def test_crud_and_sync_now(editor, client_for, remote):
    api = client_for(editor)
    created = api.post(
        "/api/git/repositories/", {"name": "repo", "url": remote.url, "folder": "pipelines"}, format="json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert "secret" not in json.dumps(created.json()).lower()
    assert api.get("/api/git/repositories/").json()["results"][0]["id"] == pk
    assert api.patch(f"/api/git/repositories/{pk}/", {"branch": "dev"}, format="json").json()["branch"] == "dev"
    bad = api.patch(f"/api/git/repositories/{pk}/", {"folder": "../up"}, format="json")
    assert bad.status_code == 400 and "folder" in bad.json()
    api.patch(f"/api/git/repositories/{pk}/", {"branch": "main"}, format="json")
    remote.commit("start", files={"pipelines/a.yaml": document("a")})
    queued = api.post(f"/api/git/repositories/{pk}/sync/")
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    assert dispatch.run_pending() == 1
    syncs = api.get(f"/api/git/repositories/{pk}/syncs/").json()["results"]
    assert syncs[0]["status"] == "succeeded" and syncs[0]["results"][0]["outcome"] == "applied"
    documents = api.get(f"/api/git/repositories/{pk}/documents/").json()["results"]
    assert documents[0]["pipeline_slug"] == "a" and documents[0]["in_conflict"] is False
    assert api.delete(f"/api/git/repositories/{pk}/").status_code == 204
    assert not GitRepository.objects.filter(pk=pk).exists()


def test_others_see_nothing_and_viewers_add_nothing(repository, client_for, viewer, remote):
    other = factories.UserFactory(role="editor")
    api = client_for(other)
    assert api.get("/api/git/repositories/").json()["results"] == []
    for method, path in (
        ("get", ""),
        ("patch", ""),
        ("delete", ""),
        ("post", "sync/"),
        ("get", "syncs/"),
        ("get", "webhook/"),
        ("post", "webhook/"),
    ):
        response = getattr(api, method)(f"/api/git/repositories/{repository.pk}/{path}", {}, format="json")
        assert response.status_code == 404, (method, path, response.status_code)
    refused = client_for(viewer).post("/api/git/repositories/", {"name": "x", "url": remote.url}, format="json")
    assert refused.status_code == 403


def test_admins_see_and_change_every_repository(repository, client_for, staff):
    api = client_for(staff)
    assert api.get(f"/api/git/repositories/{repository.pk}/").status_code == 200
    assert api.post(f"/api/git/repositories/{repository.pk}/sync/").status_code == 202


def test_the_webhook_secret_for_the_owner_and_rotation(repository, client_for, editor):
    api = client_for(editor)
    shown = api.get(f"/api/git/repositories/{repository.pk}/webhook/").json()
    assert shown["secret"] == repository.webhook_secret
    assert shown["url"].endswith(f"/api/git/webhook/?repository={repository.pk}")
    rotated = api.post(f"/api/git/repositories/{repository.pk}/webhook/").json()
    assert rotated["secret"] != shown["secret"]
    repository.refresh_from_db()
    assert repository.webhook_secret == rotated["secret"]
    assert rotated["secret"] not in repository.encrypted_webhook_secret  # encrypted at rest


def hook(client, repository_id, headers, body=PUSH):
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    return client.post(
        f"/api/git/webhook/?repository={repository_id}", data=body, content_type="application/json", **extra
    )


@pytest.mark.parametrize("provider", ["github", "gitlab", "gitea"])
def test_webhook_with_a_valid_signature_queues_a_sync(client, repository, provider):
    headers = webhooks.sign(provider=provider, secret=repository.webhook_secret, body=PUSH)
    response = hook(client, repository.pk, headers)
    assert response.status_code == 202, response.content
    sync = GitSync.objects.get(pk=response.json()["sync"])
    assert sync.status == "queued" and sync.trigger == "webhook"  # queued, not run in the request
    assert dispatch.pending() == [("sync", sync.pk)]
    assert dispatch.run_pending() == 1
    sync.refresh_from_db()
    assert sync.status == "succeeded"


@pytest.mark.parametrize("provider", ["github", "gitlab", "gitea"])
def test_webhook_with_a_wrong_signature_is_refused(client, repository, provider):
    headers = webhooks.sign(provider=provider, secret="not-the-secret", body=PUSH)
    assert hook(client, repository.pk, headers).status_code == 403
    signed_other_body = webhooks.sign(provider=provider, secret=repository.webhook_secret, body=b"{}")
    if provider != "gitlab":  # GitLab's token does not sign the body
        assert hook(client, repository.pk, signed_other_body).status_code == 403
    assert not GitSync.objects.exists() and dispatch.pending() == []


def test_webhook_unsigned_unknown_or_malformed(client, repository):
    assert hook(client, repository.pk, {}).status_code == 401
    headers = webhooks.sign(provider="github", secret=repository.webhook_secret, body=PUSH)
    unknown = hook(client, repository.pk + 1000, headers)
    assert unknown.status_code == 404 and str(repository.pk + 1000) not in unknown.content.decode()
    assert client.post("/api/git/webhook/?repository=abc", data=PUSH, content_type="application/json",
                       HTTP_X_GITLAB_TOKEN="x").status_code == 404  # fmt: skip
    assert hook(client, repository.pk, {"X-Hub-Signature-256": "sha1=abc"}).status_code == 403
    assert hook(client, repository.pk, {"X-Hub-Signature-256": "sha256=" + "0" * 64}).status_code == 403
    assert not GitSync.objects.exists()


def test_webhook_ignores_a_session(client_for, editor, repository):
    """A signed-in browser is no signature: the webhook authenticates nobody."""
    response = client_for(editor).post(f"/api/git/webhook/?repository={repository.pk}", {}, format="json")
    assert response.status_code == 401


def test_github_ping_queues_nothing(client, repository):
    headers = webhooks.sign(provider="github", secret=repository.webhook_secret, body=PUSH)
    response = hook(client, repository.pk, {**headers, "X-GitHub-Event": "ping"})
    assert response.status_code == 202 and response.json() == {"queued": False, "sync": None}


def test_resolve_api(repository, client_for, editor, remote):
    from gitsync.services import sync_request
    from pipelines.models import Pipeline
    from tests.gitsync.test_sync import edit_in_sluice

    sync_request(repository=repository, trigger="manual")
    dispatch.run_pending()
    edit_in_sluice(Pipeline.objects.get(slug="a"), editor, factor=3)
    remote.commit("git", files={"pipelines/a.yaml": document("a", factor=5)})
    sync_request(repository=repository, trigger="manual")
    dispatch.run_pending()
    api = client_for(editor)
    [doc] = api.get(f"/api/git/repositories/{repository.pk}/documents/").json()["results"]
    assert doc["in_conflict"] is True
    path = f"/api/git/repositories/{repository.pk}/documents/{doc['id']}/resolve/"
    assert api.post(path, {"keep": "neither"}, format="json").status_code == 400
    resolved = api.post(path, {"keep": "git"}, format="json")
    assert resolved.status_code == 200 and resolved.json()["in_conflict"] is False
    assert Pipeline.objects.get(slug="a").current_version.number == 3


@pytest.mark.parametrize(
    "body",
    [
        {"name": "bad\u0000name", "url": "https://git.example.com/x.git"},
        {"name": "x", "url": "https://[::1/x"},
        {"name": "x", "url": "https://git.example.com/x.git", "credentials": 2**70},
        {"name": 5, "url": "https://git.example.com/x.git"},
        {"name": "x", "url": "/" + "a" * 900},
    ],
)
def test_hostile_bodies_are_a_400(client_for, editor, body):
    response = client_for(editor).post("/api/git/repositories/", body, format="json")
    assert response.status_code == 400, response.content
