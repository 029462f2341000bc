"""The Repositories pages: list, add, the page of a repository (last sync, changes, conflicts, webhook),
edit, delete, sync now, resolve, new secret."""

from __future__ import annotations

import pytest
from django.test import Client

from gitsync import dispatch
from gitsync.models import GitDocument, GitRepository, GitSync
from gitsync.services import repository_create, sync_request
from pipelines.models import Pipeline
from tests import factories
from tests.gitsync.conftest import document
from tests.gitsync.test_sync import edit_in_sluice

pytestmark = pytest.mark.django_db(transaction=True)


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def synced(editor, remote, **fields) -> GitRepository:
    remote.commit("start", files={"pipelines/a.yaml": document("a"), "pipelines/bad.yaml": "nope: ["})
    repository = repository_create(user=editor, name="team pipelines", url=remote.url, folder="pipelines", **fields)
    sync_request(repository=repository, trigger="manual")
    dispatch.run_pending()
    return repository


def test_list_and_detail(editor, remote, django_assert_max_num_queries):
    repository = synced(editor, remote)
    page = browser(editor).get("/git/")
    assert page.status_code == 200 and "team pipelines" in page.content.decode()
    client = browser(editor)
    client.get("/git/")
    with django_assert_max_num_queries(14):
        detail = client.get(f"/git/{repository.pk}/")
    html = detail.content.decode()
    assert "Partly applied" in html and "pipelines/bad.yaml" in html and "applied" in html
    assert f"/api/git/webhook/?repository={repository.pk}" in html
    assert repository.webhook_secret in html  # for its owner, behind "Show the secret"
    assert "Sync now" in html


def test_others_get_404_and_viewers_cannot_add(editor, viewer, remote):
    repository = synced(editor, remote)
    stranger = browser(factories.UserFactory(role="editor"))
    assert "team pipelines" not in stranger.get("/git/").content.decode()
    for path in ("", "edit/", "delete/"):
        assert stranger.get(f"/git/{repository.pk}/{path}").status_code == 404
    assert stranger.post(f"/git/{repository.pk}/sync/").status_code == 404
    assert browser(viewer).get("/git/new/").status_code == 403


def test_add_edit_sync_and_delete(editor, remote):
    remote.commit("start", files={"pipelines/a.yaml": document("a")})
    client = browser(editor)
    assert client.get("/git/new/").status_code == 200
    refused = client.post(
        "/git/new/", {"name": "x", "url": "file:///etc", "branch": "main", "sync_interval_minutes": 5}
    )
    assert refused.status_code == 200 and "not allowed" in refused.content.decode()
    added = client.post(
        "/git/new/",
        {"name": "repo", "url": remote.url, "branch": "main", "folder": "pipelines", "sync_interval_minutes": 5},
    )
    repository = GitRepository.objects.get(name="repo")
    assert added.status_code == 302 and added["Location"] == f"/git/{repository.pk}/"
    assert GitSync.objects.filter(repository=repository, status="queued").count() == 1  # the first sync, queued
    dispatch.run_pending()
    edited = client.post(
        f"/git/{repository.pk}/edit/",
        {"name": "renamed", "url": remote.url, "branch": "main", "folder": "../x", "sync_interval_minutes": 5},
    )
    assert edited.status_code == 200 and "folder" in edited.content.decode()
    client.post(
        f"/git/{repository.pk}/edit/",
        {"name": "renamed", "url": remote.url, "branch": "main", "folder": "pipelines", "sync_interval_minutes": 0},
    )
    repository.refresh_from_db()
    assert (repository.name, repository.sync_interval_minutes) == ("renamed", 0)
    assert client.post(f"/git/{repository.pk}/sync/").status_code == 302
    assert dispatch.run_pending() == 1
    old = repository.webhook_secret
    assert client.post(f"/git/{repository.pk}/webhook-secret/")["Location"].endswith("?secret=1")
    repository.refresh_from_db()
    assert repository.webhook_secret != old
    assert client.post(f"/git/{repository.pk}/delete/").status_code == 302
    assert not GitRepository.objects.exists() and Pipeline.objects.filter(slug="a").exists()


def test_conflict_buttons(editor, remote):
    repository = synced(editor, remote)
    edit_in_sluice(Pipeline.objects.get(slug="a"), editor, factor=5)
    remote.commit("git edit", files={"pipelines/a.yaml": document("a", factor=11)})
    sync_request(repository=repository, trigger="manual")
    dispatch.run_pending()
    client = browser(editor)
    html = client.get(f"/git/{repository.pk}/").content.decode()
    assert "Conflicts" in html and "Take git's" in html and "Keep Sluice's" in html
    link = GitDocument.objects.get(repository=repository, path="pipelines/a.yaml")
    response = client.post(f"/git/{repository.pk}/documents/{link.pk}/resolve/", {"keep": "sluice"}, follow=True)
    assert "resolved" in response.content.decode()
    assert not GitDocument.objects.get(pk=link.pk).in_conflict


def test_a_git_connection_through_the_connection_pages(editor):
    from pipelines.models import Connection

    client = browser(editor)
    form = client.get("/connections/new/?kind=git")
    assert form.status_code == 200 and "secret_private_key" in form.content.decode()
    created = client.post(
        "/connections/new/?kind=git",
        {"name": "deploy key", "kind": "git", "config_username": "git", "secret_private_key": "-----KEY-----"},
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    connection = Connection.objects.get(name="deploy key")
    assert connection.kind == "git" and connection.secret_keys == ["private_key"]
    page = client.get(f"/connections/{connection.pk}/").content.decode()
    assert "-----KEY-----" not in page and "Browse tables" not in page
    assert client.get(f"/connections/{connection.pk}/tables/").status_code == 404
    form = client.get("/git/new/").content.decode()
    assert "deploy key" in form  # offered as credentials
