"""inline_file_references: a PipelineTest document's ``file:`` fixtures and golden outputs read from its folder and
inlined as ``format`` + base64 ``content`` (what the server applies), within the bounds; hostile references
refused with a message naming the document, the field and the file."""

from __future__ import annotations

import base64

import pytest
import yaml

from pipelines.documents import documents_apply, documents_parse
from pipelines.models import PipelineTest
from pipelines.testing.documents import FileRefError, inline_file_references
from pipelines.testing.spec import MAX_FILE_BYTES, MAX_ROWS
from tests.pipelines.testing.test_kind import PIPELINE, test_doc


def parsed(folder, doc):
    path = folder / "orders.test.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    [document] = documents_parse(path.read_bytes(), filename="orders.test.yaml")
    assert document.ok, document.problems
    return document


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "repo"
    (root / "fixtures").mkdir(parents=True)
    (root / "fixtures" / "orders.csv").write_text("id,amount\n1,5\n2,-1\n")
    (root / "golden.json").write_text('[{"id": 1}]')
    return root


@pytest.mark.django_db
def test_files_are_inlined_and_the_test_applies(folder, user):
    doc = test_doc(fixtures={"src": {"file": "fixtures/orders.csv"}}, expect={"dst": {"file": "./golden.json"}})
    document = inline_file_references(parsed(folder, doc), folder=folder)
    fixture = document.data["spec"]["fixtures"]["src"]
    assert "file" not in fixture and fixture["format"] == "csv"
    assert base64.b64decode(fixture["content"]) == b"id,amount\n1,5\n2,-1\n"
    assert document.model.spec.expect["dst"].format == "json" and document.model.spec.expect["dst"].file is None
    [pipeline] = documents_parse(yaml.safe_dump(PIPELINE))
    documents_apply(user=user, documents=[pipeline, document], as_version=False)
    stored = PipelineTest.objects.get().spec
    assert stored["fixtures"]["src"]["format"] == "csv" and stored["expect"]["dst"]["format"] == "json"


def test_documents_without_files_come_back_as_they_are(folder):
    document = parsed(folder, test_doc())
    assert inline_file_references(document, folder=folder) is document
    [pipeline] = documents_parse(yaml.safe_dump(PIPELINE))
    assert inline_file_references(pipeline, folder=folder) is pipeline


@pytest.mark.parametrize(
    "reference, says",
    [
        ("../outside.csv", "a file reference is a path inside the document's folder"),
        ("/etc/passwd", "a file reference is a path inside the document's folder"),
        ("C:/x.csv", "a file reference is a path inside the document's folder"),
        ("fixtures/link.csv", "leads out of the document's folder"),
        ("fixtures/missing.csv", "no such file"),
        ("fixtures/big.csv", "larger than 2 MB"),
        ("fixtures/many.csv", f"at most {MAX_ROWS} rows"),
        ("fixtures/data.bin", "say its format"),
    ],
)
def test_hostile_or_broken_references_are_refused_naming_the_file(folder, reference, says):
    outside = folder.parent / "outside.csv"
    outside.write_text("secret\n1\n")
    (folder / "fixtures" / "link.csv").symlink_to(outside)
    (folder / "fixtures" / "big.csv").write_text("a\n" + "1\n" * (MAX_FILE_BYTES // 2))
    (folder / "fixtures" / "many.csv").write_text("a\n" + "1\n" * (MAX_ROWS + 1))
    (folder / "fixtures" / "data.bin").write_bytes(b"\x00")
    document = parsed(folder, test_doc(fixtures={"src": {"file": reference}}))
    with pytest.raises(FileRefError) as caught:
        inline_file_references(document, folder=folder)
    message = str(caught.value)
    assert message.startswith("orders.test.yaml:") and "spec.fixtures.src.file" in message
    assert says in message and reference.split("/")[-1] in message


def test_a_symbolic_link_inside_the_folder_is_followed(folder):
    (folder / "fixtures" / "alias.csv").symlink_to(folder / "fixtures" / "orders.csv")
    document = parsed(folder, test_doc(fixtures={"src": {"file": "fixtures/alias.csv"}}))
    inlined = inline_file_references(document, folder=folder)
    assert base64.b64decode(inlined.data["spec"]["fixtures"]["src"]["content"]).startswith(b"id,amount")
