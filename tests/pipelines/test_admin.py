from __future__ import annotations

import pytest

from pipelines import services
from pipelines.graph import parse_graph_document
from pipelines.models import Connection, PipelineVersion
from tests import factories
from tests.pipelines.test_graph_validation import test_types  # noqa: F401
from tests.pipelines.test_services import GRAPH

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def pipeline(editor):
    return services.pipeline_create(user=editor, name="Admin pipe", graph=parse_graph_document(GRAPH), tags=["a"])


def test_every_page_opens(admin_client, pipeline, editor):
    connection = services.connection_create(
        user=editor,
        name="db",
        kind="postgresql",
        secrets={"password": "p4ss"},
        config={"host": "127.0.0.1", "port": 5432, "database": "x", "user": "u"},
    )
    version, _ = services.pipeline_version_create(pipeline=pipeline, user=editor)
    template = factories.TemplateFactory()
    node = pipeline.nodes.first()
    for url in [
        "/admin/pipelines/pipeline/",
        f"/admin/pipelines/pipeline/{pipeline.pk}/change/",
        "/admin/pipelines/pipeline/add/",
        "/admin/pipelines/pipeline/?q=admin&status__exact=active&tags__id__exact=1",
        "/admin/pipelines/node/",
        f"/admin/pipelines/node/{node.pk}/change/",
        "/admin/pipelines/node/?type=test.pass",
        "/admin/pipelines/edge/",
        "/admin/pipelines/pipelineversion/",
        f"/admin/pipelines/pipelineversion/{version.pk}/change/",
        "/admin/pipelines/pipelinetemplate/",
        f"/admin/pipelines/pipelinetemplate/{template.pk}/change/",
        "/admin/pipelines/connection/",
        f"/admin/pipelines/connection/{connection.pk}/change/",
        "/admin/pipelines/tag/",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert b"p4ss" not in response.content
    assert admin_client.get("/admin/pipelines/pipelineversion/add/").status_code == 403


def test_version_action(admin_client, pipeline):
    data = {"action": "make_version", "_selected_action": [pipeline.pk]}
    response = admin_client.post("/admin/pipelines/pipeline/", data, follow=True)
    assert b"created v1" in response.content
    response = admin_client.post("/admin/pipelines/pipeline/", data, follow=True)
    assert b"unchanged, still v1" in response.content
    assert PipelineVersion.objects.filter(pipeline=pipeline).count() == 1


def test_template_form_errors_are_inline(admin_client):
    response = admin_client.post(
        "/admin/pipelines/pipelinetemplate/add/",
        {
            "name": "T",
            "slug": "t",
            "category": "",
            "description": "",
            "graph": '{"nodes": [{"key": "a", "type": "x", "config": {"p": "{{ nope }}"}}]}',
            "parameters": "{}",
        },
    )
    assert response.status_code == 200 and b"not declared" in response.content
    bad_json = admin_client.post(
        "/admin/pipelines/pipelinetemplate/add/", {"name": "T", "slug": "t2", "graph": "{not json", "parameters": "{}"}
    )
    assert bad_json.status_code == 200 and b"Enter a valid JSON" in bad_json.content


def test_connection_secrets_are_write_only(admin_client, editor):
    response = admin_client.post(
        "/admin/pipelines/connection/add/",
        {
            "name": "Warehouse",
            "slug": "warehouse",
            "kind": "postgresql",
            "description": "",
            "config": '{"host": "127.0.0.1", "port": 5432, "database": "x", "user": "u"}',
            "owner": editor.pk,
            "set_secrets": '{"password": "s3cr3t-value"}',
        },
    )
    assert response.status_code == 302
    connection = Connection.objects.get(slug="warehouse")
    assert connection.secrets == {"password": "s3cr3t-value"} and "s3cr3t-value" not in connection.encrypted_secrets
    page = admin_client.get(f"/admin/pipelines/connection/{connection.pk}/change/")
    assert b"s3cr3t-value" not in page.content and b"password" in page.content
