"""A pipeline's document deleted from git (real repositories, tests/gitsync/conftest.py): like Dagster or Kestra
when a definition leaves the code, the pipeline is archived (its schedule stops, its versions stay) and the sync
lists the document as ``removed``; when it was edited in Sluice since the last sync it is a conflict instead."""

from __future__ import annotations

import pytest
import yaml
from django.test import Client
from django_celery_beat.models import PeriodicTask

from gitsync import dispatch
from gitsync.models import GitDocument
from gitsync.services import conflict_resolve
from pipelines.models import Pipeline
from tests.gitsync.conftest import GRACE, document
from tests.gitsync.test_sync import edit_in_sluice, make_repository, sync

pytestmark = pytest.mark.django_db(transaction=True)


def scheduled(slug: str) -> dict:
    data = document(slug)
    data["spec"]["schedule"] = {"cron": "0 3 * * *", "timezone": "UTC", "enabled": True}
    return data


def delete(remote, path: str, message: str = "remove it") -> str:
    (remote.work / path).unlink()
    return remote.commit(message, author=GRACE)


def outcome(done, path: str) -> dict:
    return {r["path"]: r for r in done.results}[path]


def schedule_live(pipeline: Pipeline) -> bool:
    return PeriodicTask.objects.filter(name=f"sluice:pipeline:{pipeline.pk}", enabled=True).exists()


def test_a_deleted_document_archives_its_pipeline(editor, remote):
    remote.commit("two", files={"pipelines/a.yaml": scheduled("a"), "pipelines/b.yaml": document("b")})
    repository = make_repository(editor, remote, push_back=True)
    sync(repository)
    pipeline = Pipeline.objects.get(slug="a")
    assert pipeline.status == "active" and schedule_live(pipeline)
    versions = list(pipeline.versions.values_list("number", flat=True))
    deleted_in = delete(remote, "pipelines/a.yaml")
    done = sync(repository)
    removed = outcome(done, "pipelines/a.yaml")
    assert removed["outcome"] == "removed" and "archived" in removed["message"] and removed["pipeline"] == "a"
    assert (done.removed, done.conflicted, done.status) == (1, 0, "succeeded")
    pipeline.refresh_from_db()
    assert pipeline.status == "archived" and not schedule_live(pipeline)  # no more scheduled runs
    assert list(pipeline.versions.values_list("number", flat=True)) == versions  # history kept
    assert Pipeline.objects.get(slug="b").status == "active"
    link = GitDocument.objects.get(repository=repository, path="pipelines/a.yaml")
    assert link.removed_in_git and link.commit == deleted_in
    dispatch.run_pending()
    assert remote.head() == deleted_in  # archiving is not pushed back: git does not get the file again
    again = sync(repository)
    assert again.removed == 0 and "pipelines/a.yaml" not in {r["path"] for r in again.results}


def test_the_last_document_of_the_folder_deleted_archives_its_pipeline(editor, remote):
    """git drops the folder with its last file: a repository that synced before reads that as an empty folder
    (one that never synced still fails on a folder that does not exist: test_sync)."""
    remote.commit("a", files={"pipelines/a.yaml": document("a")})
    repository = make_repository(editor, remote)
    sync(repository)
    delete(remote, "pipelines/a.yaml")
    done = sync(repository)
    assert done.status == "succeeded" and outcome(done, "pipelines/a.yaml")["outcome"] == "removed"
    assert Pipeline.objects.get(slug="a").status == "archived"


def test_a_document_back_in_git_brings_its_pipeline_back(editor, remote):
    remote.commit("a", files={"pipelines/a.yaml": document("a")})
    repository = make_repository(editor, remote)
    sync(repository)
    delete(remote, "pipelines/a.yaml")
    sync(repository)
    assert Pipeline.objects.get(slug="a").status == "archived"
    remote.commit("a again", files={"pipelines/a.yaml": document("a", factor=4)})
    done = sync(repository)
    assert outcome(done, "pipelines/a.yaml")["outcome"] == "applied"
    pipeline = Pipeline.objects.get(slug="a")
    assert pipeline.status == "active" and not GitDocument.objects.get(repository=repository).removed_in_git


def test_deleted_in_git_and_edited_in_sluice_is_a_conflict_then_git_is_taken(editor, client_for, remote):
    remote.commit("a", files={"pipelines/a.yaml": document("a")})
    repository = make_repository(editor, remote)
    sync(repository)
    pipeline = Pipeline.objects.get(slug="a")
    edit_in_sluice(pipeline, editor, factor=7)
    deleted_in = delete(remote, "pipelines/a.yaml")
    done = sync(repository)
    assert outcome(done, "pipelines/a.yaml")["outcome"] == "conflict" and done.conflicted == 1
    assert "git deleted its document" in outcome(done, "pipelines/a.yaml")["message"]
    pipeline.refresh_from_db()
    assert pipeline.status == "active"  # nothing done behind the editor's back
    assert sync(repository).conflicted == 1  # shown until resolved

    api = client_for(editor)
    [doc] = api.get(f"/api/git/repositories/{repository.pk}/documents/").json()["results"]
    assert doc["in_conflict"] and doc["conflict_is_deletion"] and doc["conflict_commit"] == deleted_in
    browser = Client()
    browser.force_login(editor)
    html = browser.get(f"/git/{repository.pk}/").content.decode()
    assert "git deleted the document" in html and "Take git's (archive)" in html

    resolved = api.post(
        f"/api/git/repositories/{repository.pk}/documents/{doc['id']}/resolve/", {"keep": "git"}, format="json"
    )
    assert resolved.status_code == 200 and resolved.json()["removed_in_git"] is True
    pipeline.refresh_from_db()
    assert pipeline.status == "archived"
    assert sync(repository).conflicted == 0


def test_deleted_in_git_and_edited_in_sluice_then_sluice_is_kept_and_pushed(editor, remote):
    remote.commit("a", files={"pipelines/a.yaml": document("a")})
    repository = make_repository(editor, remote, push_back=True)
    sync(repository)
    pipeline = Pipeline.objects.get(slug="a")
    edit_in_sluice(pipeline, editor, factor=7)
    dispatch.clear()  # not pushed yet (say the push failed): git's clone stays where it was
    delete(remote, "pipelines/a.yaml")
    assert sync(repository).conflicted == 1
    edit_in_sluice(pipeline, editor, factor=8)  # in conflict: not pushed
    dispatch.run_pending()
    link = GitDocument.objects.get(repository=repository)
    conflict_resolve(repository=repository, document_id=link.pk, keep="sluice", user=editor)
    dispatch.run_pending()  # Sluice's document goes back into git
    restored = yaml.safe_load(remote.read("pipelines/a.yaml"))
    assert restored["spec"]["graph"]["nodes"][1]["config"] == {"factor": 8}
    pipeline.refresh_from_db()
    assert pipeline.status == "active"
    done = sync(repository)
    assert (done.conflicted, done.removed) == (0, 0) and outcome(done, "pipelines/a.yaml")["outcome"] == "unchanged"


def test_a_renamed_document_keeps_its_pipeline(editor, remote):
    """git mv: the old path is gone and the new one names the same pipeline; not a removal, not a takeover."""
    remote.commit("a", files={"pipelines/a.yaml": document("a"), "pipelines/b.yaml": document("b")})
    repository = make_repository(editor, remote)
    sync(repository)
    versions = Pipeline.objects.get(slug="a").versions.count()
    (remote.work / "pipelines" / "a.yaml").rename(remote.work / "pipelines" / "renamed.yaml")
    (remote.work / "pipelines" / "b.yaml").unlink()
    remote.commit("rename a, drop b")
    done = sync(repository)
    assert outcome(done, "pipelines/renamed.yaml")["outcome"] == "unchanged"
    assert outcome(done, "pipelines/b.yaml")["outcome"] == "removed"
    assert "pipelines/a.yaml" not in {r["path"] for r in done.results}
    pipeline = Pipeline.objects.get(slug="a")
    assert pipeline.status == "active" and pipeline.versions.count() == versions
    assert GitDocument.objects.get(repository=repository, pipeline=pipeline).path == "pipelines/renamed.yaml"
    assert Pipeline.objects.get(slug="b").status == "archived"
