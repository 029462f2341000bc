"""Browser test of the Repositories pages (docs/git-sync.md): real Chromium against the e2e daphne server,
a real repository made by the test (a bare repository and a clone). The syncs run in the test process
(which may read the repository's folder); the page shows them, and its buttons work through daphne."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from gitsync import dispatch, git
from gitsync.models import GitSync
from gitsync.services import repository_create, repository_sync, sync_request
from pipelines.models import Pipeline
from pipelines.services import pipeline_graph_set, pipeline_version_create

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery"),
]


def document(slug: str, n: int) -> dict:
    return {
        "apiVersion": "sluice.dev/v1",
        "kind": "Pipeline",
        "metadata": {"name": slug.title(), "slug": slug},
        "spec": {
            "graph": {
                "nodes": [
                    {"key": "numbers", "type": "e2e.numbers", "config": {"n": n}},
                    {"key": "sink", "type": "e2e.sink", "config": {"name": slug.replace("-", "_")}},
                ],
                "edges": [{"source": "numbers", "target": "sink"}],
            }
        },
    }


def run_syncs() -> None:
    for sync in GitSync.objects.filter(status="queued"):
        repository_sync(sync_id=sync.pk)


def test_repository_page(page, login, user, settings, tmp_path, assert_accessible):
    from tests.gitsync.conftest import GRACE, Remote

    root = tmp_path / "git"
    root.mkdir()
    settings.SLUICE_GIT_LOCAL_ROOTS = [str(root)]
    settings.SLUICE_EXECUTOR = "inline"  # syncs queued by this process run here; daphne's stay queued
    remote = Remote(root)
    remote.commit(
        "first", author=GRACE, files={"pipes/numbers.yaml": document("git-numbers", 3), "pipes/bad.yaml": "x: ["}
    )
    repository = repository_create(user=user, name="Browser repo", url=remote.url, folder="pipes")
    try:
        sync_request(repository=repository, trigger="manual")
        dispatch.run_pending()
        login(page, user)
        page.goto("/git/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Repositories")
        assert_accessible(page)
        page.get_by_role("link", name="Browser repo").click()
        expect(page).to_have_url(re.compile(rf"/git/{repository.pk}/$"))
        expect(page.locator("#last-status")).to_contain_text("Partly applied")
        expect(page.locator("#changed")).to_contain_text("pipes/bad.yaml")
        expect(page.locator("#changed")).to_contain_text("git-numbers")
        page.get_by_text("Show the secret").click()
        expect(page.locator("#webhook-secret")).to_have_value(repository.webhook_secret)
        assert_accessible(page)

        # Sync now, through daphne: it queues; the sync runs here; the page shows the new commit.
        second = remote.commit("second", files={"pipes/numbers.yaml": document("git-numbers", 4)})
        page.get_by_role("button", name="Sync now").click()
        expect(page.get_by_text("Sync queued.")).to_be_visible()
        run_syncs()
        page.reload()
        expect(page.locator("#last-commit")).to_have_text(second[:12])

        # A conflict: edited here and in git; "Take git's" applies git's document (daphne reads the cache).
        pipeline = Pipeline.objects.get(slug="git-numbers")
        graph = pipeline.current_version.graph
        graph["nodes"][0]["config"] = {"n": 9}
        from pipelines.graph import parse_graph_document

        pipeline_graph_set(pipeline=pipeline, user=user, graph=parse_graph_document(graph))
        pipeline_version_create(pipeline=pipeline, user=user)
        remote.commit("third", files={"pipes/numbers.yaml": document("git-numbers", 5)})
        sync_request(repository=repository, trigger="manual")
        dispatch.run_pending()
        page.reload()
        conflicts = page.get_by_role("region", name="Conflicts")
        expect(conflicts).to_contain_text("pipes/numbers.yaml")
        assert_accessible(page)
        conflicts.get_by_role("button", name="Take git's").click()
        expect(page.get_by_text(re.compile(r"resolved \(git kept\)"))).to_be_visible()
        expect(page.get_by_role("region", name="Conflicts")).to_have_count(0)
        pipeline.refresh_from_db()
        assert pipeline.current_version.graph["nodes"][0]["config"] == {"n": 5}

        # Deleted in git after an edit here: a conflict whose git side is the deletion; taking it archives.
        graph = pipeline.current_version.graph
        graph["nodes"][0]["config"] = {"n": 11}
        pipeline_graph_set(pipeline=pipeline, user=user, graph=parse_graph_document(graph))
        pipeline_version_create(pipeline=pipeline, user=user)
        (remote.work / "pipes" / "numbers.yaml").unlink()
        remote.commit("fourth: numbers goes")
        sync_request(repository=repository, trigger="manual")
        dispatch.run_pending()
        page.reload()
        conflicts = page.get_by_role("region", name="Conflicts")
        expect(conflicts).to_contain_text("git deleted the document")
        assert_accessible(page)
        conflicts.get_by_role("button", name="Take git's (archive)").click()
        expect(page.get_by_role("region", name="Conflicts")).to_have_count(0)
        expect(page.get_by_role("region", name="Documents")).to_contain_text("deleted in git, archived")
        pipeline.refresh_from_db()
        assert pipeline.status == "archived"
        assert page.js_errors == []
    finally:
        shutil.rmtree(git.cache_root() / str(repository.pk), ignore_errors=True)
