"""The Import page: paste or upload, the preview (diff against the draft, problems at their lines), apply
as draft or version; roles, another user's pipeline, and a tampered bundle."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pipelines import services
from pipelines.graph import parse_graph_document
from pipelines.models import Pipeline
from tests import factories
from tests.pipelines.test_graph_validation import test_types  # noqa: F401  (registers test.* node types)
from tests.pipelines.test_services import GRAPH

pytestmark = pytest.mark.django_db


@pytest.fixture
def web():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def document(slug: str = "sales", *, graph: dict | None = None, name: str = "Sales") -> dict:
    return {
        "apiVersion": "sluice.dev/v1",
        "kind": "Pipeline",
        "metadata": {"name": name, "slug": slug},
        "spec": {"graph": graph or GRAPH},
    }


def preview(client, text: str, *, htmx: bool = True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("pipelines:import_preview"), {"documents": text}, **headers)


def bundle_of(response) -> str:
    return response.context["bundle"]


def test_the_list_links_to_the_page_for_editors(web, editor, viewer):
    assert reverse("pipelines:import") in web(editor).get(reverse("pipelines:list")).content.decode()
    assert reverse("pipelines:import") not in web(viewer).get(reverse("pipelines:list")).content.decode()
    page = web(editor).get(reverse("pipelines:import"))
    assert page.status_code == 200 and b"/api/schema/pipeline-document.json" in page.content
    assert web(viewer).get(reverse("pipelines:import")).status_code == 403
    assert web(viewer).post(reverse("pipelines:import_preview"), {"documents": "x: 1"}).status_code == 403
    assert Client().get(reverse("pipelines:import")).status_code == 302


def test_preview_shows_the_diff_against_the_draft_and_writes_nothing(web, editor):
    services.pipeline_create(user=editor, name="Sales", slug="sales", graph=parse_graph_document(GRAPH))
    changed = json.loads(json.dumps(GRAPH))
    changed["nodes"][1]["config"] = {"factor": 5}
    response = preview(web(editor), yaml.safe_dump(document(graph=changed)))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="import-preview"' in body and "<html" not in body  # the htmx partial
    assert "Node changed: <code>p</code>" in body and "<code>factor</code>" in body
    assert "Apply as draft" in body and "Apply as new version" in body
    assert Pipeline.objects.get().nodes.get(key="p").config == {"factor": 2}


def test_problems_show_inline_with_their_lines(web, editor):
    text = yaml.safe_dump(document(), sort_keys=False).replace("spec:\n", "spec:\n  shedule: {}\n")
    response = preview(web(editor), text)
    body = response.content.decode()
    assert "Refused" in body and "line 7:3" in body and "<code>spec.shedule</code>" in body
    assert "Unknown field: not allowed here." in body and "Apply as draft" not in body
    unreadable = preview(web(editor), "a: [unclosed").content.decode()
    assert "not valid YAML" in unreadable


def test_without_htmx_the_preview_is_the_whole_page(web, editor):
    response = preview(web(editor), yaml.safe_dump(document()), htmx=False)
    assert response.status_code == 200 and b"<html" in response.content and b"Apply as draft" in response.content
    empty = web(editor).post(reverse("pipelines:import_preview"), {"documents": ""})
    assert empty.status_code == 400 and b"Paste documents or choose a file" in empty.content


def test_apply_as_draft_then_as_version(web, editor):
    client = web(editor)
    bundle = bundle_of(preview(client, yaml.safe_dump(document())))
    response = client.post(reverse("pipelines:import_apply"), {"bundle": bundle, "mode": "draft"})
    pipeline = Pipeline.objects.get(slug="sales")
    assert response.status_code == 302 and response["Location"] == reverse("pipelines:detail", args=[pipeline.pk])
    assert pipeline.owner == editor and pipeline.current_version is None
    client.post(reverse("pipelines:import_apply"), {"bundle": bundle, "mode": "version"})
    pipeline.refresh_from_db()
    assert pipeline.current_version.number == 1


def test_an_invalid_graph_is_a_draft_only(web, editor):
    broken = {"nodes": [{"key": "src", "type": "test.rows"}], "edges": []}
    response = preview(web(editor), yaml.safe_dump(document(graph=broken)))
    body = response.content.decode()
    assert "Validation" in body and 'disabled aria-describedby="version-note"' in body
    refused = web(editor).post(reverse("pipelines:import_apply"), {"bundle": bundle_of(response), "mode": "version"})
    assert refused.status_code == 400 and b"Nothing was applied" in refused.content
    assert not Pipeline.objects.exists()


def test_another_users_pipeline_is_refused(web, editor):
    other = factories.UserFactory(role="editor")
    services.pipeline_create(user=other, name="Sales", slug="sales", graph=parse_graph_document(GRAPH))
    client = web(editor)
    body = preview(client, yaml.safe_dump(document(name="Mine now"))).content.decode()
    assert "may not change it" in body and "Apply as draft" not in body
    bundle = json.dumps([["pasted", yaml.safe_dump(document(name="Mine now"))]])  # a hand-made bundle
    response = client.post(reverse("pipelines:import_apply"), {"bundle": bundle, "mode": "draft"})
    assert response.status_code == 400 and "may not change it" in response.content.decode()
    assert Pipeline.objects.get().name == "Sales"


@pytest.mark.parametrize("bundle", ["", "not json", json.dumps({"a": 1}), json.dumps([["a", 1]])])
def test_a_broken_bundle_goes_back_to_the_page(web, editor, bundle):
    response = web(editor).post(reverse("pipelines:import_apply"), {"bundle": bundle, "mode": "draft"})
    assert response.status_code == 302 and response["Location"] == reverse("pipelines:import")


def test_upload_of_an_archive(web, editor):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.yaml", yaml.safe_dump(document("alpha")))
        archive.writestr("b.yaml", yaml.safe_dump(document("beta")))
        archive.writestr("../evil.yaml", yaml.safe_dump(document("evil")))
    upload = SimpleUploadedFile("pipelines.zip", buffer.getvalue(), content_type="application/zip")
    response = web(editor).post(reverse("pipelines:import_preview"), {"file": upload}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "pipelines.zip:a.yaml" in body and "pipelines.zip:b.yaml" in body
    assert "pipelines.zip:../evil.yaml</code>: unsafe path" in body and "Apply as draft" not in body


def test_preview_query_count(web, editor, django_assert_max_num_queries):
    client = web(editor)
    text = yaml.safe_dump_all([document(f"p{i}") for i in range(5)])
    with django_assert_max_num_queries(40):
        assert preview(client, text).status_code == 200
