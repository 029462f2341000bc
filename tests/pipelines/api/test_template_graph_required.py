"""A template's graph must be a graph document with a nodes list, as the OpenAPI document says; `{}`
or a graph without nodes was saved as an empty template (issue 14, a schema mismatch)."""

from __future__ import annotations

import pytest

from pipelines.models import PipelineTemplate
from tests import factories


@pytest.mark.django_db
@pytest.mark.parametrize("graph", [{}, {"edges": []}, {"nodes": None, "edges": []}, {"nodes": {}}, [], "x"])
def test_a_template_graph_without_a_nodes_list_is_a_400(client_for, editor, graph):
    response = client_for(editor).post("/api/templates/", {"name": "t", "graph": graph}, format="json")
    assert response.status_code == 400, response.json()
    assert [key for key in response.json() if key.startswith("graph")]
    assert not PipelineTemplate.objects.filter(name="t").exists()


@pytest.mark.django_db
def test_the_missing_nodes_list_is_named(client_for, editor):
    response = client_for(editor).post("/api/templates/", {"name": "t", "graph": {"edges": []}}, format="json")
    assert response.json() == {"graph.nodes": ["This field is required."]}


@pytest.mark.django_db
def test_a_template_with_nodes_is_saved_and_a_put_without_them_refused(client_for, editor):
    c = client_for(editor)
    created = c.post("/api/templates/", {"name": "t", "graph": factories.SIMPLE_GRAPH}, format="json")
    assert created.status_code == 201, created.json()
    url = f"/api/templates/{created.json()['id']}/"
    assert c.patch(url, {"graph": {"edges": []}}, format="json").status_code == 400
    assert c.put(url, {"name": "t", "graph": {"nodes": [], "edges": []}}, format="json").status_code == 200
