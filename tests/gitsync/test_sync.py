"""Syncs against real repositories: first sync, a change, a broken document, conflicts and push back."""

from __future__ import annotations

import pytest
import yaml

from gitsync import dispatch
from gitsync.models import GitDocument, GitSync
from gitsync.services import conflict_resolve, repository_create, sync_request
from notifications.models import Event
from pipelines.graph import parse_graph_document
from pipelines.models import Pipeline, PipelineVersion
from pipelines.selectors import pipeline_graph
from pipelines.services import pipeline_graph_set, pipeline_version_create
from tests.gitsync.conftest import ADA, GRACE, document

pytestmark = pytest.mark.django_db(transaction=True)


def sync(repository, trigger="manual") -> GitSync:
    queued = sync_request(repository=repository, trigger=trigger)
    assert dispatch.run_pending() >= 1
    queued.refresh_from_db()
    return queued


def make_repository(editor, remote, **fields):
    return repository_create(user=editor, name="pipelines", url=remote.url, branch="main", folder="pipelines", **fields)


def edit_in_sluice(pipeline, user, factor: int) -> PipelineVersion:
    graph = pipeline_graph(pipeline=pipeline).to_dict()
    graph["nodes"][1]["config"] = {"factor": factor}
    pipeline_graph_set(pipeline=pipeline, user=user, graph=parse_graph_document(graph))
    version, _ = pipeline_version_create(pipeline=pipeline, user=user, message="edited in the UI")
    return version


def test_first_sync_creates_pipelines_with_commit_and_author(editor, remote):
    commit = remote.commit(
        "two pipelines",
        author=ADA,
        files={
            "pipelines/orders.yaml": document("orders"),
            "pipelines/sub/customers.yml": document("customers"),
            "README.md": "not a document",
            "other/ignored.yaml": document("ignored"),
        },
    )
    repository = make_repository(editor, remote)
    done = sync(repository)
    assert done.status == "succeeded", done.error or done.results
    assert (done.applied, done.unchanged, done.failed, done.conflicted) == (2, 0, 0, 0)
    assert done.commit_after == commit
    for slug, path in (("orders", "pipelines/orders.yaml"), ("customers", "pipelines/sub/customers.yml")):
        pipeline = Pipeline.objects.get(slug=slug)
        assert pipeline.owner == editor
        version = pipeline.current_version
        assert version.number == 1
        assert (version.source_commit, version.source_author) == (commit, ADA)
        assert (version.source_repository_id, version.source_path) == (repository.pk, path)
    assert not Pipeline.objects.filter(slug="ignored").exists()
    repository.refresh_from_db()
    assert (repository.last_commit, repository.last_status) == (commit, "succeeded")
    event = Event.objects.get(topic=f"git:{repository.pk}")
    assert event.type == "git.synced" and event.data["applied"] == 2 and event.data["commit"] == commit


def test_each_version_records_the_commit_that_changed_its_file(editor, remote):
    first = remote.commit("a", author=ADA, files={"pipelines/a.yaml": document("a")})
    second = remote.commit("b", author=GRACE, files={"pipelines/b.yaml": document("b")})
    remote.commit("docs only", author=GRACE, files={"README.md": "hello"})
    done = sync(make_repository(editor, remote))
    assert done.applied == 2
    a, b = (Pipeline.objects.get(slug=slug).current_version for slug in ("a", "b"))
    assert (a.source_commit, a.source_author) == (first, ADA)
    assert (b.source_commit, b.source_author) == (second, GRACE)


def test_a_second_commit_makes_one_new_version(editor, remote):
    remote.commit("start", files={"pipelines/a.yaml": document("a"), "pipelines/b.yaml": document("b")})
    repository = make_repository(editor, remote)
    sync(repository)
    second = remote.commit("b: factor 3", author=GRACE, files={"pipelines/b.yaml": document("b", factor=3)})
    done = sync(repository)
    assert (done.applied, done.unchanged) == (1, 1)
    assert done.commit_before != done.commit_after == second
    b = Pipeline.objects.get(slug="b")
    assert b.current_version.number == 2
    assert (b.current_version.source_commit, b.current_version.source_author) == (second, GRACE)
    assert Pipeline.objects.get(slug="a").versions.count() == 1
    again = sync(repository)
    assert (again.applied, again.unchanged) == (0, 2)


def test_an_invalid_document_fails_alone(editor, remote):
    broken = document("broken")
    broken["spec"]["unknown_field"] = 1
    remote.commit(
        "mixed",
        files={
            "pipelines/good.yaml": document("good"),
            "pipelines/broken.yaml": broken,
            "pipelines/garbage.yaml": "key: [unclosed\n",
            "pipelines/badgraph.yaml": {
                **document("badgraph"),
                "spec": {"graph": {"nodes": [{"key": "x", "type": "no.such"}]}},
            },
        },
    )
    repository = make_repository(editor, remote)
    done = sync(repository)
    assert done.status == "partial"
    assert (done.applied, done.failed) == (1, 3)
    outcomes = {r["path"]: r for r in done.results}
    assert outcomes["pipelines/good.yaml"]["outcome"] == "applied"
    assert "unknown_field" in outcomes["pipelines/broken.yaml"]["message"]
    assert outcomes["pipelines/broken.yaml"]["message"].startswith("pipelines/broken.yaml:")
    assert outcomes["pipelines/garbage.yaml"]["outcome"] == "failed"
    assert not Pipeline.objects.filter(slug__in=["broken", "badgraph"]).exists()
    assert Pipeline.objects.filter(slug="good").exists()


def test_a_huge_document_is_refused_unread(editor, remote):
    huge = yaml.safe_dump(document("huge")) + "#" * (2 * 1024 * 1024)
    remote.commit("huge", files={"pipelines/huge.yaml": huge, "pipelines/ok.yaml": document("ok")})
    done = sync(make_repository(editor, remote))
    outcomes = {r["path"]: r for r in done.results}
    assert outcomes["pipelines/huge.yaml"]["outcome"] == "failed"
    assert "larger than" in outcomes["pipelines/huge.yaml"]["message"]
    assert outcomes["pipelines/ok.yaml"]["outcome"] == "applied"


def test_a_missing_branch_or_folder_fails_the_sync(editor, remote):
    remote.commit("start", files={"pipelines/a.yaml": document("a")})
    repository = repository_create(user=editor, name="x", url=remote.url, branch="nope", folder="pipelines")
    done = sync(repository)
    assert done.status == "failed" and "nope" in done.error
    assert Event.objects.get(topic=f"git:{repository.pk}").type == "git.failed"
    other = repository_create(user=editor, name="y", url=remote.url, branch="main", folder="missing")
    assert "missing" in sync(other).error


def test_conflict_is_shown_then_git_is_taken(editor, remote):
    remote.commit("start", files={"pipelines/a.yaml": document("a")})
    repository = make_repository(editor, remote)
    sync(repository)
    pipeline = Pipeline.objects.get(slug="a")
    edit_in_sluice(pipeline, editor, factor=7)
    git_commit = remote.commit("a in git", author=GRACE, files={"pipelines/a.yaml": document("a", factor=9)})
    done = sync(repository)
    assert done.conflicted == 1 and done.status == "partial"
    pipeline.refresh_from_db()
    assert pipeline.current_version.number == 2  # the UI's version; git's change was not applied
    assert pipeline_graph(pipeline=pipeline).to_dict()["nodes"][1]["config"] == {"factor": 7}
    link = GitDocument.objects.get(repository=repository, path="pipelines/a.yaml")
    assert link.in_conflict and link.conflict_commit == git_commit
    assert "factor: 9" in link.conflict_document  # kept in the database: resolving needs no cache
    assert sync(repository).conflicted == 1  # still in conflict, still not applied
    conflict_resolve(repository=repository, document_id=link.pk, keep="git", user=editor)
    pipeline.refresh_from_db()
    assert pipeline.current_version.number == 3
    assert pipeline.current_version.source_commit == git_commit
    assert pipeline_graph(pipeline=pipeline).to_dict()["nodes"][1]["config"] == {"factor": 9}
    assert not GitDocument.objects.get(pk=link.pk).in_conflict
    assert sync(repository).unchanged == 1


def test_an_existing_pipeline_is_not_overwritten_by_a_first_sync(editor, remote):
    remote.commit("start", files={"pipelines/a.yaml": document("a", factor=5)})
    repository = make_repository(editor, remote)
    sync(repository)  # makes "a"
    other = make_repository(editor, remote, push_back=False)
    assert sync(other).failed == 1  # another repository's pipeline: refused, not taken over


def test_someone_elses_pipeline_is_refused(editor, remote):
    from tests import factories

    stranger = factories.UserFactory(role="editor")
    Pipeline.objects.create(name="Taken", slug="taken", owner=stranger)
    remote.commit("start", files={"pipelines/taken.yaml": document("taken")})
    done = sync(make_repository(editor, remote))
    assert done.failed == 1 and Pipeline.objects.get(slug="taken").owner == stranger


def test_push_back_commits_sluice_versions(editor, remote):
    remote.commit("start", files={"pipelines/a.yaml": document("a")})
    repository = make_repository(editor, remote, push_back=True)
    sync(repository)
    assert dispatch.pending() == []  # git's own version is not pushed back
    before = remote.head()
    pipeline = Pipeline.objects.get(slug="a")
    edit_in_sluice(pipeline, editor, factor=4)
    assert dispatch.run_pending() >= 1
    head = remote.head()
    assert head != before
    pushed = yaml.safe_load(remote.read("pipelines/a.yaml"))
    assert pushed["spec"]["graph"]["nodes"][1]["config"] == {"factor": 4}
    commit = remote.log()[0]
    assert editor.username.encode() in commit.author and b"a: version 2 from Sluice" in commit.message
    link = GitDocument.objects.get(repository=repository)
    assert link.pushed_version == 2 and link.push_error == ""
    # The next sync reads back what was pushed: no conflict, no new version.
    done = sync(repository)
    assert (done.unchanged, done.conflicted) == (1, 0)
    assert Pipeline.objects.get(slug="a").current_version.number == 2


def test_push_back_to_another_branch_and_keep_sluice(editor, remote):
    remote.commit("start", files={"pipelines/a.yaml": document("a")})
    repository = make_repository(editor, remote, push_back=True, push_branch="sluice-edits")
    sync(repository)
    pipeline = Pipeline.objects.get(slug="a")
    edit_in_sluice(pipeline, editor, factor=6)
    dispatch.run_pending()
    assert remote.head("sluice-edits") is not None
    assert yaml.safe_load(remote.read("pipelines/a.yaml", "sluice-edits"))["spec"]["graph"]["nodes"][1]["config"] == {
        "factor": 6
    }
    remote.commit("git changes a", files={"pipelines/a.yaml": document("a", factor=8)})
    assert sync(repository).conflicted == 1
    link = GitDocument.objects.get(repository=repository)
    pipeline.refresh_from_db()
    edit_in_sluice(pipeline, editor, factor=12)  # push_branch's copy is now behind Sluice
    with_edit = remote.head("sluice-edits")
    dispatch.clear()
    conflict_resolve(repository=repository, document_id=link.pk, keep="sluice", user=editor)
    link.refresh_from_db()
    assert not link.in_conflict
    assert dispatch.pending() == [("push_now", link.pk)]  # pushed by a worker, not in the request
    dispatch.run_pending()
    assert remote.head("sluice-edits") != with_edit
    assert yaml.safe_load(remote.read("pipelines/a.yaml", "sluice-edits"))["spec"]["graph"]["nodes"][1]["config"] == {
        "factor": 12
    }
    pipeline.refresh_from_db()
    assert pipeline_graph(pipeline=pipeline).to_dict()["nodes"][1]["config"] == {"factor": 12}
    assert sync(repository).conflicted == 0  # git's change was set aside


def test_a_burst_of_requests_queues_one_sync(editor, remote):
    remote.commit("start", files={"pipelines/a.yaml": document("a")})
    repository = make_repository(editor, remote)
    first = sync_request(repository=repository, trigger="webhook")
    second = sync_request(repository=repository, trigger="webhook")
    assert first.pk == second.pk and dispatch.pending() == [("sync", first.pk)]


def test_the_schedule_queues_syncs_whose_interval_passed(editor, remote):
    """Celery beat's sluice-git-sync-due (and the embedded poller) call syncs_due every minute: a repository is
    synced when its interval has passed since its last sync, never while one is queued, never at interval 0."""
    from datetime import timedelta

    from django.utils import timezone

    from gitsync.models import GitRepository
    from gitsync.services import syncs_due

    remote.commit("start", files={"pipelines/a.yaml": document("a")})
    due = make_repository(editor, remote, sync_interval_minutes=15)
    recent = repository_create(user=editor, name="recent", url=remote.url, folder="pipelines", sync_interval_minutes=15)
    manual = repository_create(user=editor, name="manual", url=remote.url, folder="pipelines", sync_interval_minutes=0)
    dispatch.clear()
    GitSync.objects.all().delete()  # the first syncs queued on creation
    now = timezone.now()
    GitRepository.objects.filter(pk=due.pk).update(last_sync_at=now - timedelta(minutes=16))
    GitRepository.objects.filter(pk=recent.pk).update(last_sync_at=now - timedelta(minutes=5))
    GitRepository.objects.filter(pk=manual.pk).update(last_sync_at=now - timedelta(days=30))
    assert syncs_due() == [due.pk]
    assert [(s.repository_id, s.trigger) for s in GitSync.objects.all()] == [(due.pk, "schedule")]
    assert syncs_due() == []  # one is queued already: not twice
    assert dispatch.run_pending() == 1
    assert GitSync.objects.get(repository=due).status == "succeeded"
    assert Pipeline.objects.get(slug="a").current_version.source_commit == remote.head()
