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
