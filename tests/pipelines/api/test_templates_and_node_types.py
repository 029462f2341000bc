"""Templates (CRUD, apply with parameters) and the node-type catalog."""

from __future__ import annotations

import pytest

from pipelines.models import Pipeline, PipelineTemplate
from tests import factories

pytestmark = pytest.mark.django_db

TEMPLATE_GRAPH = {
    "nodes": [
        {"key": "src", "type": "apitest.rows", "config": {"n": "{{ rows }}"}},
        {"key": "plus", "type": "apitest.add", "config": {"add": "{{ step }}"}, "label": "add {{ step }}"},
        {"key": "dst", "type": "apitest.sink", "config": {"name": "out_{{ target }}"}},
    ],
    "edges": [{"source": "src", "target": "plus"}, {"source": "plus", "target": "dst"}],
}
TEMPLATE_PARAMETERS = {
    "type": "object",
    "properties": {
        "rows": {"type": "integer", "minimum": 1, "default": 10},
        "step": {"type": "integer"},
        "target": {"type": "string", "pattern": "^[a-z]+$"},
    },
    "required": ["step", "target"],
}


@pytest.fixture
def template(editor):
    return factories.TemplateFactory(graph=TEMPLATE_GRAPH, parameters=TEMPLATE_PARAMETERS, category="demo")


def test_template_crud(client_for, editor):
    api = client_for(editor)
    created = api.post(
        "/api/templates/",
        {"name": "Rows to sink", "category": "demo", "graph": TEMPLATE_GRAPH, "parameters": TEMPLATE_PARAMETERS},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["slug"] == "rows-to-sink"
    assert created.json()["created_by"] == editor.username
    assert api.get(f"/api/templates/{pk}/").json()["graph"] == TEMPLATE_GRAPH

    patched = api.patch(f"/api/templates/{pk}/", {"description": "Makes rows"}, format="json")
    assert patched.status_code == 200, patched.json()
    assert patched.json()["description"] == "Makes rows"

    undeclared = api.patch(
        f"/api/templates/{pk}/",
        {"graph": {"nodes": [{"key": "a", "type": "x", "config": {"v": "{{ nope }}"}}], "edges": []}},
        format="json",
    )
    assert undeclared.status_code == 400
    assert "graph" in undeclared.json()

    assert api.delete(f"/api/templates/{pk}/").status_code == 204
    assert not PipelineTemplate.objects.filter(pk=pk).exists()


def test_template_list_filter_and_search(client_for, viewer):
    factories.TemplateFactory(name="Orders ETL", category="etl")
    factories.TemplateFactory(name="Daily report", category="reports", description="orders summary")
    api = client_for(viewer)
    assert [t["name"] for t in api.get("/api/templates/?category=etl").json()["results"]] == ["Orders ETL"]
    found = {t["name"] for t in api.get("/api/templates/?search=orders").json()["results"]}
    assert found == {"Orders ETL", "Daily report"}


def test_apply_substitutes_parameters_with_types(client_for, editor, template):
    response = client_for(editor).post(
        f"/api/templates/{template.pk}/apply/",
        {"name": "From template", "parameters": {"step": 3, "target": "sales"}},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    nodes = {n["key"]: n for n in body["graph"]["nodes"]}
    assert nodes["src"]["config"] == {"n": 10}  # the schema default, typed
    assert nodes["plus"]["config"] == {"add": 3}  # whole-string placeholder keeps the integer type
    assert nodes["plus"]["label"] == "add 3"
    assert nodes["dst"]["config"] == {"name": "out_sales"}  # inside a string: text
    pipeline = Pipeline.objects.get(pk=body["id"])
    assert pipeline.owner == editor
    assert body["slug"] == "from-template"


@pytest.mark.parametrize(
    "parameters",
    [
        {"step": "three", "target": "sales"},
        {"step": 3, "target": "Not Lower"},
        {"target": "sales"},
        {"step": 3, "target": "sales", "rows": 0},
    ],
)
def test_apply_refuses_parameters_failing_the_schema(client_for, editor, template, parameters):
    response = client_for(editor).post(
        f"/api/templates/{template.pk}/apply/", {"name": "X", "parameters": parameters}, format="json"
    )
    assert response.status_code == 400
    assert "parameters" in response.json()
    assert not Pipeline.objects.filter(name="X").exists()


@pytest.mark.parametrize("body", [{"name": "X", "parameters": "step=3"}, {"parameters": {}}, {"name": 5}])
def test_apply_bad_input(client_for, editor, template, body):
    response = client_for(editor).post(f"/api/templates/{template.pk}/apply/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()) & {"name", "parameters"}


def test_node_types_list_filter_and_detail(client_for, viewer):
    api = client_for(viewer)
    everything = api.get("/api/node-types/")
    assert everything.status_code == 200
    keys = [t["key"] for t in everything.json()]
    assert {"apitest.rows", "apitest.add", "apitest.sink"} <= set(keys)
    sources = api.get("/api/node-types/?family=source").json()
    assert sources and all(t["family"] == "source" for t in sources)
    assert "apitest.rows" in [t["key"] for t in sources]
    assert api.get("/api/node-types/?family=bogus").status_code == 400
    assert len(api.get("/api/node-types/?family=").json()) == len(keys)

    detail = api.get("/api/node-types/apitest.add/")
    assert detail.status_code == 200
    body = detail.json()
    assert body["family"] == "transform"
    assert body["inputs"] == [{"name": "in", "multiple": False, "required": True, "description": ""}]
    assert body["config_schema"]["properties"]["add"]["description"] == "Added to column i."
    assert body["example"] == {"add": 1}
    assert api.get("/api/node-types/no.such/").status_code == 404
