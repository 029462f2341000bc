"""Every list endpoint runs a bounded number of queries, whatever the number of rows."""

from __future__ import annotations

import pytest

from pipelines.graph import parse_graph_document
from pipelines.services import pipeline_graph_set, pipeline_version_create
from tests import factories
from tests.pipelines.api.conftest import valid_graph

pytestmark = pytest.mark.django_db

MAX_QUERIES = 5  # count + rows + tag prefetch + role + visibility; an N+1 on 3 rows exceeds it


def _pipelines(owner, viewer, n: int) -> None:
    for i in range(n):
        pipeline = factories.PipelineFactory(owner=owner)
        pipeline.tags.set([_tag(f"t{i % 4}"), _tag("all")])
        pipeline.shared_with_users.add(viewer)
        pipeline_graph_set(pipeline=pipeline, user=owner, graph=parse_graph_document(valid_graph()))
        pipeline_version_create(pipeline=pipeline, user=owner)


def _tag(name: str):
    from pipelines.models import Tag

    return Tag.objects.get_or_create(name=name)[0]


def _versions(pipeline, user, n: int) -> None:
    for i in range(n):
        graph = valid_graph()
        graph["nodes"][1]["config"] = {"add": i + 1}
        pipeline_graph_set(pipeline=pipeline, user=user, graph=parse_graph_document(graph))
        pipeline_version_create(pipeline=pipeline, user=user)


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize(
    "url",
    ["/api/pipelines/", "/api/pipelines/?tag=all&ordering=-updated_at", "/api/pipelines/?search=pipe&status=active"],
)
def test_pipeline_list(client_for, editor, viewer, django_assert_max_num_queries, rows, url):
    _pipelines(editor, viewer, rows)
    for user in (editor, viewer):
        api = client_for(user)
        with django_assert_max_num_queries(MAX_QUERIES):
            response = api.get(url)
        assert response.status_code == 200
        assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_version_list(client_for, editor, django_assert_max_num_queries, rows):
    pipeline = factories.PipelineFactory(owner=editor)
    _versions(pipeline, editor, rows)
    api = client_for(editor)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = api.get(f"/api/pipelines/{pipeline.pk}/versions/")
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_template_list(client_for, editor, viewer, django_assert_max_num_queries, rows):
    for _ in range(rows):
        factories.TemplateFactory(created_by=editor)
    api = client_for(viewer)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = api.get("/api/templates/")
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_connection_list(client_for, editor, staff, django_assert_max_num_queries, rows):
    for _ in range(rows):
        factories.ConnectionFactory(owner=editor)
    for user in (editor, staff):
        api = client_for(user)
        with django_assert_max_num_queries(MAX_QUERIES):
            response = api.get("/api/connections/")
        assert response.json()["count"] == rows


def test_node_type_and_kind_lists_touch_no_table(client_for, viewer, django_assert_num_queries):
    api = client_for(viewer)
    with django_assert_num_queries(0):
        assert api.get("/api/node-types/").status_code == 200
    with django_assert_num_queries(0):
        assert api.get("/api/connections/kinds/").status_code == 200
