"""POST /api/pipelines/import/ (dry run and apply, text, uploads and zip archives, permissions, problems with
lines) and GET /api/schema/pipeline-document.json."""

from __future__ import annotations

import io
import zipfile

import jsonschema
import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from pipelines.models import Pipeline, PipelineVersion
from pipelines.selectors import pipeline_export
from tests import factories
from tests.pipelines.api.conftest import valid_graph

pytestmark = pytest.mark.django_db
URL = "/api/pipelines/import/"


def document(slug: str = "orders", *, graph: dict | None = None, **spec) -> dict:
    return {
        "apiVersion": "sluice.dev/v1",
        "kind": "Pipeline",
        "metadata": {"name": slug.title(), "slug": slug, "tags": ["etl"]},
        "spec": {"graph": graph if graph is not None else valid_graph(), **spec},
    }


def text(*documents: dict) -> str:
    return yaml.safe_dump_all(list(documents), sort_keys=False)


def post(api, body, **extra):
    return api.post(URL, body, format="json", **extra)


def test_the_schema_is_public_and_validates_an_export(editor, make_pipeline):
    pipeline = make_pipeline(editor, graph=valid_graph(), tags=["etl"])
    response = APIClient().get("/api/schema/pipeline-document.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/schema+json"
    schema = response.json()
    assert schema["$id"] == "http://testserver/api/schema/pipeline-document.json"
    assert "Pipeline" in schema["properties"]["kind"]["enum"] and "PipelineDocument" in schema["$defs"]
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(pipeline_export(pipeline=pipeline))
    wrong = pipeline_export(pipeline=pipeline)
    wrong["spec"]["graph"]["nodes"][0]["confg"] = {}
    errors = list(validator.iter_errors(wrong))
    assert errors and any("confg" in e.message for e in errors)
    assert APIClient().post("/api/schema/pipeline-document.json").status_code == 405


def test_dry_run_of_a_new_pipeline_writes_nothing(client_for, editor):
    response = post(client_for(editor), {"documents": text(document()), "dry_run": True})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] and body["ok"] and body["failures"] == []
    (plan,) = body["documents"]
    assert plan["action"] == "create" and plan["target"] == "orders" and plan["valid"] is True
    assert [n["key"] for n in plan["diff"]["nodes_added"]] == ["dst", "plus", "src"]
    assert plan["problems"] == [] and plan["validation"] == []
    assert not Pipeline.objects.exists()


def test_dry_run_of_an_update_diffs_against_the_draft(client_for, editor, make_pipeline):
    make_pipeline(editor, name="Orders", graph=valid_graph(), tags=["etl"])
    changed = valid_graph()
    changed["nodes"][1]["config"] = {"add": 5}
    doc = document(graph=changed, priority=9)
    doc["metadata"]["name"] = "Orders"
    response = post(client_for(editor), {"documents": text(doc), "dry_run": True})
    (plan,) = response.json()["documents"]
    assert plan["action"] == "update" and plan["id"] == Pipeline.objects.get().pk
    assert plan["diff"]["nodes_changed"] == [{"key": "plus", "changes": {"config": {"add": {"from": 1, "to": 5}}}}]
    assert plan["fields"] == {"spec.priority": {"from": 5, "to": 9}}
    same = document()
    same["metadata"]["name"] = "Orders"
    (plan,) = post(client_for(editor), {"documents": text(same), "dry_run": True}).json()["documents"]
    assert plan["action"] == "unchanged"


def test_apply_as_draft_then_as_version(client_for, editor):
    api = client_for(editor)
    response = post(api, {"documents": text(document())})
    assert response.status_code == 201, response.content
    (result,) = response.json()["documents"]
    assert result["action"] == "created" and result["version"] is None and not result["new_version"]
    pipeline = Pipeline.objects.get(slug="orders")
    assert pipeline.owner == editor and pipeline.current_version is None
    response = post(api, {"documents": text(document()), "mode": "version"})
    (result,) = response.json()["documents"]
    assert result["action"] == "updated" and result["version"] == 1 and result["new_version"]
    (result,) = post(api, {"documents": text(document()), "mode": "version"}).json()["documents"]
    assert result["action"] == "unchanged" and result["version"] == 1 and not result["new_version"]


def test_unknown_fields_are_refused_with_their_line(client_for, editor):
    doc = text(document()).replace("  graph:\n", "  grpah: {}\n  graph:\n")
    api = client_for(editor)
    body = post(api, {"documents": doc, "dry_run": True, "filename": "orders.yaml"}).json()
    assert not body["ok"]
    (plan,) = body["documents"]
    assert plan["action"] == "refused" and plan["file"] == "orders.yaml"
    line = doc.splitlines().index("  grpah: {}") + 1
    assert plan["problems"] == [
        {"path": "spec.grpah", "message": "Unknown field: not allowed here.", "line": line, "column": 3}
    ]
    response = post(api, {"documents": doc})
    assert response.status_code == 400
    assert response.json()["documents"][0]["problems"][0]["line"] == line
    assert not Pipeline.objects.exists()


def test_a_set_applies_all_or_nothing(client_for, editor):
    broken = document("broken", graph={"nodes": [{"key": "a", "type": "apitest.rows"}], "edges": []})
    response = post(client_for(editor), {"documents": text(document(), broken), "mode": "version"})
    assert response.status_code == 400, response.content
    (plan,) = response.json()["documents"]
    assert plan["target"] == "" or plan["index"] == 1
    assert plan["problems"] and all(p["path"].startswith("spec.graph") for p in plan["problems"])
    assert not Pipeline.objects.exists() and not PipelineVersion.objects.exists()
    # As drafts, an invalid graph is fine: the builder holds work in progress.
    response = post(client_for(editor), {"documents": text(document(), broken), "mode": "draft"})
    assert response.status_code == 201
    assert sorted(Pipeline.objects.values_list("slug", flat=True)) == ["broken", "orders"]


def test_another_users_pipeline_is_never_overwritten(client_for, editor, other_editor, make_pipeline):
    theirs = make_pipeline(other_editor, name="Orders", graph=valid_graph())
    changed = valid_graph()
    changed["nodes"][1]["config"] = {"add": 99}
    api = client_for(editor)
    (plan,) = post(api, {"documents": text(document(graph=changed)), "dry_run": True}).json()["documents"]
    assert plan["action"] == "refused" and plan["diff"] is None
    assert plan["problems"][0]["path"] == "metadata.slug"
    assert "may not change it" in plan["problems"][0]["message"] and plan["problems"][0]["line"] == 5
    response = post(api, {"documents": text(document(graph=changed))})
    assert response.status_code == 400
    theirs.refresh_from_db()
    assert theirs.name == "Orders" and theirs.nodes.get(key="plus").config == {"add": 1}
    # Shared with the editor: they may change it, like any other change of a shared pipeline.
    theirs.shared_with_users.add(editor)
    assert post(api, {"documents": text(document(graph=changed))}).status_code == 201
    assert theirs.nodes.get(key="plus").config == {"add": 99}
    # An admin changes every pipeline.
    assert post(client_for(factories.UserFactory(is_staff=True)), {"documents": text(document())}).status_code == 201


def test_roles(client_for, viewer, editor):
    assert post(APIClient(), {"documents": text(document())}).status_code == 401
    assert post(client_for(viewer), {"documents": text(document()), "dry_run": True}).status_code == 403
    assert not Pipeline.objects.exists()


@pytest.mark.parametrize(
    "body,field",
    [
        ({}, "documents"),
        ({"documents": "x: 1", "mode": "release"}, "mode"),
        ({"documents": 5}, "documents"),
    ],
)
def test_bad_input(client_for, editor, body, field):
    response = post(client_for(editor), body)
    assert response.status_code == 400 and field in response.json()["fields"]
    assert response.json()["detail"].startswith(f"Invalid input: {field}: ")
    assert "documents" not in response.json()  # the key of the documents' problems stays theirs


def test_unreadable_text_is_a_failure(client_for, editor):
    api = client_for(editor)
    body = post(api, {"documents": "a: [unclosed", "dry_run": True}).json()
    assert not body["ok"] and body["documents"] == []
    assert body["failures"][0]["message"].startswith("not valid YAML")
    response = post(api, {"documents": "a: [unclosed"})
    assert response.status_code == 400 and response.json()["failures"]


def test_legacy_documents_still_import(client_for, editor):
    legacy = {"sluice": 1, "name": "Old", "slug": "old", "graph": valid_graph()}
    response = post(client_for(editor), {"documents": yaml.safe_dump(legacy), "mode": "version"})
    assert response.status_code == 201, response.content
    assert Pipeline.objects.get(slug="old").current_version.number == 1


def _zip(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _upload(api, name: str, data: bytes, **fields):
    upload = io.BytesIO(data)
    upload.name = name
    return api.post(URL, {"file": upload, **fields}, format="multipart")


def test_upload_of_a_file_and_of_an_archive(client_for, editor):
    api = client_for(editor)
    response = _upload(api, "orders.yaml", text(document()).encode(), dry_run="true")
    assert response.status_code == 200 and response.json()["documents"][0]["file"] == "orders.yaml"
    archive = _zip(
        {
            "pipelines/a.yaml": text(document("alpha")).encode(),
            "pipelines/b.json": yaml.safe_dump(document("beta"), default_flow_style=True).encode(),
            "README.md": b"# not a document",
            ".git/config": b"ignored",
        }
    )
    response = _upload(api, "repo.zip", archive, mode="version")
    assert response.status_code == 201, response.content
    assert [d["target"] for d in response.json()["documents"]] == ["alpha", "beta"]
    assert Pipeline.objects.get(slug="beta").current_version.number == 1


@pytest.mark.parametrize(
    "member,message",
    [
        ("../escape.yaml", "unsafe path"),
        ("/abs.yaml", "unsafe path"),
        ("dir\\..\\x.yaml", "unsafe path"),
        ("inner.zip", "an archive inside the archive"),
    ],
)
def test_hostile_archive_members_are_refused(client_for, editor, member, message):
    archive = _zip({member: text(document()).encode(), "ok.yaml": text(document("fine")).encode()})
    api = client_for(editor)
    body = _upload(api, "evil.zip", archive, dry_run="true").json()
    assert [f["file"] for f in body["failures"]] == [f"evil.zip:{member}"]
    assert message in body["failures"][0]["message"] and not body["ok"]
    assert _upload(api, "evil.zip", archive).status_code == 400
    assert not Pipeline.objects.exists()


def test_zip_bomb_is_refused(client_for, editor):
    bomb = _zip({"bomb.yaml": b"a: '" + b"x" * (5 * 2**20) + b"'\n"})
    assert len(bomb) < 100_000
    body = _upload(client_for(editor), "bomb.zip", bomb, dry_run="true").json()
    assert "zip bomb" in body["failures"][0]["message"]


def test_query_count_grows_with_documents_not_with_their_size(client_for, editor, make_pipeline):
    api = client_for(editor)
    one = text(document("p0"))
    many = text(*[document(f"p{i}") for i in range(5)])
    post(api, {"documents": one, "dry_run": True})  # warm caches (roles, content types)
    with CaptureQueriesContext(connection) as small:
        post(api, {"documents": one, "dry_run": True})
    with CaptureQueriesContext(connection) as large:
        post(api, {"documents": many, "dry_run": True})
    # Per document: the pipeline by slug, the checks of its fields and the validation's reads, a few each.
    per_document = (len(large) - len(small)) / 4
    assert per_document <= 5, [q["sql"] for q in large.captured_queries]


def test_an_invalid_graph_as_a_version_names_the_node_and_its_line(client_for, editor):
    graph = valid_graph()
    graph["nodes"][1]["config"] = {"add": "many"}
    doc = text(document(graph=graph))
    response = post(client_for(editor), {"documents": doc, "mode": "version"})
    assert response.status_code == 400, response.content
    problems = response.json()["documents"][0]["problems"]
    assert any(p["path"].startswith("spec.graph.nodes.1") and p["line"] for p in problems), problems
    assert not Pipeline.objects.exists()
