"""Pipeline tests in a synced folder: their fixture and golden files are read from the fetched commit and inlined
(a real bare repository and clone, tests/gitsync/conftest.py); hostile references are refused, naming the file."""

from __future__ import annotations

import base64
import json
import os

import pytest

from pipelines.models import Pipeline, PipelineTest
from pipelines.testing.spec import MAX_FILE_BYTES
from tests.gitsync.conftest import document
from tests.gitsync.test_sync import make_repository, sync

pytestmark = pytest.mark.django_db(transaction=True)


def pipeline_test_document(name: str, fixture: str, golden: str = "golden/dst.json") -> dict:
    return {
        "apiVersion": "sluice.dev/v1",
        "kind": "PipelineTest",
        "metadata": {"name": name, "pipeline": "orders"},
        "spec": {
            "fixtures": {"src": {"file": fixture}},
            "expect": {"dst": {"file": golden, "ignore_order": True}},
        },
    }


GOLDEN = json.dumps([{"a": 1, "factor": 2}, {"a": 2, "factor": 2}])


def test_a_sync_creates_tests_with_their_file_fixtures_inlined(editor, remote):
    remote.commit(
        "orders and its test",
        files={
            "pipelines/orders.yaml": document("orders"),
            "pipelines/orders.test.yaml": pipeline_test_document("doubles", "fixtures/in.csv"),
            "pipelines/fixtures/in.csv": "a\n1\n2\n",
            "pipelines/golden/dst.json": GOLDEN,  # a .json that is data, not a document
        },
    )
    repository = make_repository(editor, remote)
    done = sync(repository)
    assert done.status == "succeeded", done.results
    outcomes = {r["path"]: r for r in done.results}
    assert set(outcomes) == {"pipelines/orders.yaml", "pipelines/orders.test.yaml"}
    assert outcomes["pipelines/orders.test.yaml"]["outcome"] == "applied"
    test = PipelineTest.objects.get(pipeline__slug="orders", name="doubles")
    fixture, golden = test.spec["fixtures"]["src"], test.spec["expect"]["dst"]
    assert "file" not in fixture and fixture["format"] == "csv"
    assert base64.b64decode(fixture["content"]) == b"a\n1\n2\n"
    assert golden["format"] == "json" and json.loads(base64.b64decode(golden["content"])) == json.loads(GOLDEN)

    assert sync(repository).results[-1]["outcome"] == "unchanged"
    remote.commit("a row more", files={"pipelines/fixtures/in.csv": "a\n1\n2\n3\n"})  # only the fixture changed
    again = sync(repository)
    assert {r["path"]: r["outcome"] for r in again.results}["pipelines/orders.test.yaml"] == "applied"
    test.refresh_from_db()
    assert base64.b64decode(test.spec["fixtures"]["src"]["content"]) == b"a\n1\n2\n3\n"


@pytest.mark.parametrize(
    "reference, says",
    [
        ("../secrets.csv", "a file reference is a path inside the document's folder"),
        ("/etc/passwd", "a file reference is a path inside the document's folder"),
        ("fixtures/missing.csv", "no such file"),
        ("fixtures/link.csv", "a symbolic link"),
        ("fixtures/big.csv", "larger than 2 MB"),
        ("fixtures/many.csv", "at most 10000 rows"),
    ],
)
def test_hostile_or_broken_references_are_refused_naming_the_file(editor, remote, reference, says):
    outside = remote.work.parent / "outside.csv"
    outside.write_text("secret\n1\n")
    remote.write("pipelines/fixtures/ok.csv", "a\n1\n")
    os.symlink(outside, remote.work / "pipelines" / "fixtures" / "link.csv")
    remote.commit(
        "hostile",
        files={
            "secrets.csv": "secret\n1\n",
            "pipelines/orders.yaml": document("orders"),
            "pipelines/orders.test.yaml": pipeline_test_document("hostile", reference, golden="fixtures/ok.csv"),
            "pipelines/fixtures/big.csv": "a\n" + "1\n" * (MAX_FILE_BYTES // 2 + 1),
            "pipelines/fixtures/many.csv": "a\n" + "1\n" * 10_001,
        },
    )
    done = sync(make_repository(editor, remote))
    outcomes = {r["path"]: r for r in done.results}
    assert outcomes["pipelines/orders.yaml"]["outcome"] == "applied"  # the pipeline is still applied
    failed = outcomes["pipelines/orders.test.yaml"]
    assert failed["outcome"] == "failed" and done.status == "partial"
    assert says in failed["message"] and reference in failed["message"]
    assert failed["message"].startswith("pipelines/orders.test.yaml:")  # the document, its line, the field
    assert "spec.fixtures.src.file" in failed["message"]
    assert Pipeline.objects.filter(slug="orders").exists()
    assert not PipelineTest.objects.filter(name="hostile").exists()


def inline_test(name: str = "doubles", rows=(1, 2), description: str = "") -> dict:
    """A test whose tables are inline rows (the test's own file is all git holds of it)."""
    return {
        "apiVersion": "sluice.dev/v1",
        "kind": "PipelineTest",
        "metadata": {"name": name, "pipeline": "orders", "description": description},
        "spec": {
            "fixtures": {"src": {"rows": [{"a": a} for a in rows]}},
            "expect": {"dst": {"rows": [{"a": a, "factor": 2} for a in rows], "ignore_order": True}},
        },
    }


def edit_test_in_sluice(name: str, user, rows=(7,)) -> PipelineTest:
    from pipelines.testing.services import pipeline_test_update
    from pipelines.testing.spec import parse_spec

    test = PipelineTest.objects.get(pipeline__slug="orders", name=name)
    data = test.spec_data()
    data["fixtures"] = {"src": {"rows": [{"a": a} for a in rows]}}
    return pipeline_test_update(test=test, user=user, spec=parse_spec(data))


def fixture_rows(name: str = "doubles") -> list:
    return PipelineTest.objects.get(pipeline__slug="orders", name=name).spec["fixtures"]["src"]["rows"]


def outcome_of(done, path="pipelines/orders.test.yaml") -> dict:
    return {r["path"]: r for r in done.results}[path]


@pytest.fixture
def synced_test(editor, remote):
    """orders and its test ``doubles``, synced once."""

    def make(**fields):
        remote.commit(
            "orders and its test",
            files={"pipelines/orders.yaml": document("orders"), "pipelines/orders.test.yaml": inline_test()},
        )
        repository = make_repository(editor, remote, **fields)
        first = sync(repository)
        assert outcome_of(first)["outcome"] == "applied", first.results
        return repository

    return make


def test_neither_side_changed_the_test_is_unchanged(editor, remote, synced_test):
    repository = synced_test()
    before = PipelineTest.objects.get(name="doubles").updated_at
    done = sync(repository)
    assert outcome_of(done)["outcome"] == "unchanged" and done.conflicted == 0
    assert PipelineTest.objects.get(name="doubles").updated_at == before  # not even rewritten


def test_git_changed_the_test_and_sluice_did_not_it_is_applied(editor, remote, synced_test):
    repository = synced_test()
    remote.commit("more rows", files={"pipelines/orders.test.yaml": inline_test(rows=(1, 2, 3))})
    done = sync(repository)
    assert outcome_of(done)["outcome"] == "applied" and "doubles updated" in outcome_of(done)["message"]
    assert fixture_rows() == [{"a": 1}, {"a": 2}, {"a": 3}]
    assert outcome_of(sync(repository))["outcome"] == "unchanged"


def test_sluice_changed_the_test_and_git_did_not_sluice_is_kept(editor, remote, synced_test):
    repository = synced_test()
    edit_test_in_sluice("doubles", editor, rows=(7,))
    for _ in range(2):  # every later sync too: git's unchanged copy never replaces it
        done = sync(repository)
        assert outcome_of(done)["outcome"] == "unchanged" and done.conflicted == 0
        assert "kept as edited in Sluice" in outcome_of(done)["message"]
        assert fixture_rows() == [{"a": 7}]


def test_sluice_changed_the_test_and_push_back_commits_it(editor, remote, synced_test):
    import yaml

    from gitsync import dispatch
    from gitsync.models import GitDocument

    repository = synced_test(push_back=True)
    before = remote.head()
    edit_test_in_sluice("doubles", editor, rows=(7, 8))
    done = sync(repository)  # sees Sluice's edit, keeps it, and queues the push
    assert outcome_of(done)["outcome"] == "unchanged" and "pushed back" in outcome_of(done)["message"]
    dispatch.run_pending()
    assert remote.head() != before
    [pushed] = list(yaml.safe_load_all(remote.read("pipelines/orders.test.yaml")))
    assert pushed["kind"] == "PipelineTest" and pushed["metadata"]["name"] == "doubles"
    assert pushed["spec"]["fixtures"]["src"]["rows"] == [{"a": 7}, {"a": 8}]
    assert GitDocument.objects.get(repository=repository, name="doubles").push_error == ""
    after = sync(repository)  # git now holds Sluice's test: nothing to do, no conflict, no new push
    assert outcome_of(after)["outcome"] == "unchanged" and "kept" not in outcome_of(after)["message"]
    assert dispatch.pending() == []
    assert fixture_rows() == [{"a": 7}, {"a": 8}]


def test_both_changed_is_a_conflict_shown_then_git_is_taken(editor, remote, synced_test, client_for):
    from django.test import Client

    repository = synced_test()
    edit_test_in_sluice("doubles", editor, rows=(7,))
    commit = remote.commit("git's rows", files={"pipelines/orders.test.yaml": inline_test(rows=(4, 5))})
    done = sync(repository)
    assert outcome_of(done)["outcome"] == "conflict" and done.conflicted == 1 and done.status == "partial"
    assert fixture_rows() == [{"a": 7}]  # nothing overwritten
    assert outcome_of(sync(repository))["outcome"] == "conflict"  # still, and still not applied
    assert fixture_rows() == [{"a": 7}]

    api = client_for(editor)
    documents = api.get(f"/api/git/repositories/{repository.pk}/documents/").json()["results"]
    [link] = [d for d in documents if d["kind"] == "PipelineTest"]
    assert link["in_conflict"] and link["name"] == "doubles" and link["conflict_commit"] == commit
    page = Client()
    page.force_login(editor)
    html = page.get(f"/git/{repository.pk}/").content.decode()
    assert f'id="conflict-{link["id"]}"' in html and "test <strong>doubles</strong>" in html

    resolved = api.post(
        f"/api/git/repositories/{repository.pk}/documents/{link['id']}/resolve/", {"keep": "git"}, format="json"
    )
    assert resolved.status_code == 200 and resolved.json()["in_conflict"] is False
    assert fixture_rows() == [{"a": 4}, {"a": 5}]
    assert outcome_of(sync(repository))["outcome"] == "unchanged"


def test_both_changed_then_sluice_is_kept(editor, remote, synced_test):
    from gitsync.models import GitDocument
    from gitsync.services import conflict_resolve

    repository = synced_test()
    edit_test_in_sluice("doubles", editor, rows=(7,))
    remote.commit("git's rows", files={"pipelines/orders.test.yaml": inline_test(rows=(4, 5))})
    assert outcome_of(sync(repository))["outcome"] == "conflict"
    link = GitDocument.objects.get(repository=repository, name="doubles")
    conflict_resolve(repository=repository, document_id=link.pk, keep="sluice", user=editor)
    assert fixture_rows() == [{"a": 7}]
    done = sync(repository)  # git's change was set aside: Sluice's test stays, no conflict
    assert outcome_of(done)["outcome"] == "unchanged" and done.conflicted == 0
    assert fixture_rows() == [{"a": 7}]
    remote.commit("git again", files={"pipelines/orders.test.yaml": inline_test(rows=(6,))})
    assert outcome_of(sync(repository))["outcome"] == "conflict"  # a later change is compared anew


def test_a_test_made_in_sluice_is_not_overwritten_by_git(editor, remote):
    """A test of that name that git sync never made: a conflict, unless it is identical (then adopted)."""
    from pipelines.testing.services import pipeline_test_create
    from pipelines.testing.spec import parse_spec

    remote.commit("orders", files={"pipelines/orders.yaml": document("orders")})
    repository = make_repository(editor, remote)
    sync(repository)
    data = {**inline_test(rows=(9,))["spec"], "name": "doubles", "description": ""}
    pipeline_test_create(pipeline=Pipeline.objects.get(slug="orders"), user=editor, spec=parse_spec(data))
    remote.commit("its test", files={"pipelines/orders.test.yaml": inline_test()})
    assert outcome_of(sync(repository))["outcome"] == "conflict"
    assert fixture_rows() == [{"a": 9}]


def test_a_test_deleted_in_sluice_stays_deleted_while_git_keeps_it(editor, remote, synced_test):
    from pipelines.testing.services import pipeline_test_delete

    repository = synced_test()
    pipeline_test_delete(test=PipelineTest.objects.get(name="doubles"), user=editor)
    assert outcome_of(sync(repository))["outcome"] == "unchanged"
    assert not PipelineTest.objects.filter(name="doubles").exists()


def test_a_test_whose_document_left_git_is_deleted(editor, remote, synced_test):
    repository = synced_test()
    both = {"pipelines/orders.test.yaml": inline_test("doubles") | {}}
    remote.commit("a second test in its own file", files={"pipelines/more.test.yaml": inline_test("more")})
    sync(repository)
    assert PipelineTest.objects.filter(name="more").exists()
    (remote.work / "pipelines" / "more.test.yaml").unlink()
    remote.commit("drop more", files=both)
    done = sync(repository)
    removed = outcome_of(done, "pipelines/more.test.yaml")
    assert removed["outcome"] == "removed" and "more removed" in removed["message"] and done.removed == 1
    assert not PipelineTest.objects.filter(name="more").exists()
    assert PipelineTest.objects.filter(name="doubles").exists()
    assert Pipeline.objects.get(slug="orders").status == "active"  # its pipeline's document is still there
