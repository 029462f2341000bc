"""Who may do what: anonymous 401, reads by any role on visible objects only (others 404),
writes for editors and above (others 403), staff see and change everything."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from pipelines.models import Connection, Pipeline
from tests import factories
from tests.pipelines.api.conftest import valid_graph

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(editor, make_pipeline):
    """A pipeline (with a version) and a connection owned by ``editor``."""
    pipeline = make_pipeline(editor, graph=valid_graph())
    from pipelines.services import pipeline_version_create

    pipeline_version_create(pipeline=pipeline, user=editor)
    connection = factories.ConnectionFactory(kind="sqlite", config={"path": "x.sqlite"}, owner=editor)
    template = factories.TemplateFactory(graph=valid_graph())
    return pipeline, connection, template


def _reads(pipeline, connection, template) -> list[str]:
    p = f"/api/pipelines/{pipeline.pk}"
    return [
        f"{p}/",
        f"{p}/graph/",
        f"{p}/export/",
        f"{p}/versions/",
        f"{p}/versions/1/",
        f"{p}/versions/diff/?from=1&to=1",
        f"/api/connections/{connection.pk}/",
    ]


def _writes(pipeline, connection, template) -> list[tuple[str, str, dict | None]]:
    p = f"/api/pipelines/{pipeline.pk}"
    return [
        ("patch", f"{p}/", {"description": "changed"}),
        ("put", f"{p}/", {"name": "changed"}),
        ("put", f"{p}/graph/", valid_graph()),
        ("post", f"{p}/versions/", {}),
        ("patch", f"/api/connections/{connection.pk}/", {"description": "changed"}),
        ("post", f"/api/connections/{connection.pk}/test/", None),
        ("get", f"/api/connections/{connection.pk}/introspect/", None),
        ("delete", f"{p}/", None),
        ("delete", f"/api/connections/{connection.pk}/", None),
    ]


def _call(api, method: str, url: str, body):
    return getattr(api, method)(url, body, format="json") if body is not None else getattr(api, method)(url)


ANONYMOUS_URLS = [
    ("get", "/api/pipelines/"),
    ("post", "/api/pipelines/"),
    ("get", "/api/node-types/"),
    ("get", "/api/templates/"),
    ("get", "/api/connections/"),
    ("get", "/api/connections/kinds/"),
    ("post", "/api/validate/"),
]


@pytest.mark.parametrize(("method", "url"), ANONYMOUS_URLS)
def test_anonymous_is_refused(db, method, url):
    response = getattr(APIClient(), method)(url, {}, format="json")
    assert response.status_code == 401


def test_anonymous_cannot_read_an_object(owned):
    template = owned[2]
    for url in _reads(*owned):
        assert APIClient().get(url).status_code == 401, url
    assert APIClient().get(f"/api/templates/{template.pk}/").status_code == 401


def test_other_users_objects_are_404_for_reads_and_writes(client_for, other_editor, owned):
    api = client_for(other_editor)
    for url in _reads(*owned):
        assert api.get(url).status_code == 404, url
    for method, url, body in _writes(*owned):
        assert _call(api, method, url, body).status_code == 404, (method, url)
    pipeline, connection, _ = owned
    assert api.post(f"/api/pipelines/{pipeline.pk}/validate/").status_code == 404
    assert api.get("/api/pipelines/").json()["count"] == 0
    assert api.get("/api/connections/").json()["count"] == 0
    assert Pipeline.objects.filter(pk=pipeline.pk).exists()
    assert Connection.objects.filter(pk=connection.pk).exists()


def test_viewer_reads_shared_objects_but_cannot_write(client_for, viewer, owned):
    pipeline, connection, template = owned
    pipeline.shared_with_users.add(viewer)
    connection.shared_with_groups.add(*viewer.groups.all())
    api = client_for(viewer)
    for url in _reads(*owned):
        assert api.get(url).status_code == 200, url
    assert api.get(f"/api/templates/{template.pk}/").status_code == 200
    for method, url, body in _writes(*owned):
        assert _call(api, method, url, body).status_code == 403, (method, url)
    creates = [
        ("/api/pipelines/", {"name": "mine"}),
        ("/api/templates/", {"name": "t", "graph": valid_graph()}),
        (f"/api/templates/{template.pk}/apply/", {"name": "from template"}),
        ("/api/connections/", {"name": "c", "kind": "sqlite", "config": {"path": "c.sqlite"}}),
    ]
    for url, body in creates:
        assert api.post(url, body, format="json").status_code == 403, url
    assert api.patch(f"/api/templates/{template.pk}/", {"name": "x"}, format="json").status_code == 403
    assert api.delete(f"/api/templates/{template.pk}/").status_code == 403
    assert Pipeline.objects.get(pk=pipeline.pk).description == ""


def test_user_without_role_reads_nothing_and_writes_nothing(client_for, owned):
    nobody = factories.UserFactory()
    api = client_for(nobody)
    assert api.get("/api/pipelines/").json()["count"] == 0
    assert api.get("/api/node-types/").status_code == 200
    assert api.post("/api/pipelines/", {"name": "mine"}, format="json").status_code == 403
    pipeline, _, _ = owned
    pipeline.shared_with_users.add(nobody)
    assert api.get(f"/api/pipelines/{pipeline.pk}/").status_code == 200
    assert api.patch(f"/api/pipelines/{pipeline.pk}/", {"priority": 1}, format="json").status_code == 403


def test_editor_may_change_pipelines_shared_with_their_group(client_for, owned, other_editor):
    pipeline, connection, _ = owned
    pipeline.shared_with_groups.add(*other_editor.groups.all())
    api = client_for(other_editor)
    response = api.patch(f"/api/pipelines/{pipeline.pk}/", {"description": "shared edit"}, format="json")
    assert response.status_code == 200
    assert api.get(f"/api/connections/{connection.pk}/").status_code == 404  # not shared


def test_operator_is_an_editor(client_for, operator):
    assert client_for(operator).post("/api/pipelines/", {"name": "ops"}, format="json").status_code == 201


def test_staff_see_and_change_everything(client_for, staff, owned):
    api = client_for(staff)
    for url in _reads(*owned):
        assert api.get(url).status_code == 200, url
    pipeline, connection, _ = owned
    assert api.get("/api/pipelines/").json()["count"] == 1
    assert api.patch(f"/api/pipelines/{pipeline.pk}/", {"priority": 0}, format="json").status_code == 200
    assert api.patch(f"/api/connections/{connection.pk}/", {"description": "x"}, format="json").status_code == 200
    assert api.delete(f"/api/pipelines/{pipeline.pk}/").status_code == 204
