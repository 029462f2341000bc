"""Bad input never gives a 500: every case is a 400 naming the field."""

from __future__ import annotations

import json

import pytest

from pipelines.models import Pipeline, PipelineTemplate
from tests.factories import SIMPLE_GRAPH
from tests.pipelines.api.conftest import valid_graph

pytestmark = pytest.mark.django_db


def _node(**overrides) -> dict:
    return {"key": "a", "type": "apitest.add", **overrides}


PIPELINE_CASES = [
    ({"name": 5}, "name"),
    ({"name": None}, "name"),
    ({"name": ""}, "name"),
    ({"name": ["x"]}, "name"),
    ({"name": "x" * 201}, "name"),
    ({}, "name"),
    ({"name": "ok", "slug": 5}, "slug"),
    ({"name": "ok", "slug": "not a slug!"}, "slug"),
    ({"name": "ok", "description": {"a": 1}}, "description"),
    ({"name": "ok", "tags": "x"}, "tags"),
    ({"name": "ok", "tags": [5]}, "tags"),
    ({"name": "ok", "tags": ["Not Valid"]}, "tags"),
    ({"name": "ok", "status": "deleted"}, "status"),
    ({"name": "ok", "status": 1}, "status"),
    ({"name": "ok", "schedule_cron": "every day"}, "schedule_cron"),
    ({"name": "ok", "schedule_cron": "0 6 * * * *"}, "schedule_cron"),
    ({"name": "ok", "schedule_cron": 6}, "schedule_cron"),
    ({"name": "ok", "schedule_timezone": "Mars/Olympus"}, "schedule_timezone"),
    ({"name": "ok", "schedule_timezone": "../../etc/passwd"}, "schedule_timezone"),
    ({"name": "ok", "schedule_enabled": True}, "schedule_enabled"),
    ({"name": "ok", "schedule_enabled": "maybe"}, "schedule_enabled"),
    ({"name": "ok", "default_params": "x"}, "default_params"),
    ({"name": "ok", "default_params": [1]}, "default_params"),
    ({"name": "ok", "default_params": {"a": "nul\u0000byte"}}, "default_params"),
    ({"name": "ok", "concurrency_limit": 0}, "concurrency_limit"),
    ({"name": "ok", "concurrency_limit": "lots"}, "concurrency_limit"),
    ({"name": "ok", "priority": 10}, "priority"),
    ({"name": "ok", "priority": 1.5}, "priority"),
    ({"name": "ok", "priority": True}, "priority"),
    ({"name": "ok", "graph": []}, "graph"),
    ({"name": "ok", "graph": "nodes"}, "graph"),
    ({"name": "ok", "graph": {"nodes": {}}}, "graph.nodes"),
    ({"name": "ok", "graph": {"nodes": [], "edges": {}}}, "graph.edges"),
    ({"name": "ok", "graph": {"nodes": [], "extra": 1}}, "graph.extra"),
    ({"name": "ok", "graph": {"nodes": [5]}}, "graph.nodes.0"),
    ({"name": "ok", "graph": {"nodes": [{"type": "x"}]}}, "graph.nodes.0.key"),
    ({"name": "ok", "graph": {"nodes": [_node(key="has space")]}}, "graph.nodes.0.key"),
    ({"name": "ok", "graph": {"nodes": [_node(type=5)]}}, "graph.nodes.0.type"),
    ({"name": "ok", "graph": {"nodes": [_node(config="str")]}}, "graph.nodes.0.config"),
    ({"name": "ok", "graph": {"nodes": [_node(config={"x": "\u0000"})]}}, "graph.nodes.0.config.x"),
    ({"name": "ok", "graph": {"nodes": [_node(label={"x": 1})]}}, "graph.nodes.0.label"),
    ({"name": "ok", "graph": {"nodes": [_node(position={"x": "a"})]}}, "graph.nodes.0.position.x"),
    ({"name": "ok", "graph": {"nodes": [_node(position={"x": 1e12})]}}, "graph.nodes.0.position.x"),
    ({"name": "ok", "graph": {"nodes": [_node(position=[1, 2])]}}, "graph.nodes.0.position"),
    ({"name": "ok", "graph": {"nodes": [_node(), _node()]}}, "graph.nodes.1.key"),
    (
        {"name": "ok", "graph": {"nodes": [_node()], "edges": [{"source": "a", "target": "ghost"}]}},
        "graph.edges.0.target",
    ),
    ({"name": "ok", "graph": {"nodes": [_node()], "edges": [{"source": "a"}]}}, "graph.edges.0.target"),
    ({"name": "ok", "graph": {"nodes": [_node()], "edges": [5]}}, "graph.edges.0"),
]


@pytest.mark.parametrize(("body", "field"), PIPELINE_CASES)
def test_create_pipeline_bad_input(client_for, editor, body, field):
    response = client_for(editor).post("/api/pipelines/", body, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert all(isinstance(m, str) and m for m in _messages(errors[field]))
    assert not Pipeline.objects.exists()


def _messages(detail) -> list:
    if isinstance(detail, dict):
        return [m for v in detail.values() for m in _messages(v)]
    if isinstance(detail, list):
        return [m for v in detail for m in _messages(v)]
    return [detail]


@pytest.mark.parametrize(("body", "field"), PIPELINE_CASES[6:])
def test_update_pipeline_bad_input(client_for, editor, make_pipeline, body, field):
    pipeline = make_pipeline(editor, graph=valid_graph())
    response = client_for(editor).patch(f"/api/pipelines/{pipeline.pk}/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    pipeline.refresh_from_db()
    assert pipeline.name == "Orders"


GRAPH_CASES = [
    ([], "graph"),
    ({"nodes": {}}, "nodes"),
    ({"nodes": [_node(config="str")]}, "nodes.0.config"),
    ({"nodes": [_node(position={"x": "a"})]}, "nodes.0.position.x"),
    ({"nodes": [_node()], "edges": [{"source": "a", "target": "b"}]}, "edges.0.target"),
    ({"nodes": [_node(), _node(key="b")], "edges": [{"source": "a", "target": "b"}] * 2}, "edges.1"),
]


@pytest.mark.parametrize(("body", "field"), GRAPH_CASES)
def test_put_graph_bad_input(client_for, editor, make_pipeline, body, field):
    pipeline = make_pipeline(editor, graph=valid_graph())
    response = client_for(editor).put(f"/api/pipelines/{pipeline.pk}/graph/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert pipeline.nodes.count() == 3


def test_huge_graph_is_refused_naming_nodes(client_for, editor, make_pipeline):
    pipeline = make_pipeline(editor)
    nodes = [{"key": f"n{i}", "type": "apitest.add"} for i in range(5000)]
    edges = [{"source": f"n{i}", "target": f"n{i + 1}"} for i in range(4999)]
    api = client_for(editor)
    put = api.put(f"/api/pipelines/{pipeline.pk}/graph/", {"nodes": nodes, "edges": edges}, format="json")
    assert put.status_code == 400
    assert "nodes" in put.json()
    created = api.post("/api/pipelines/", {"name": "big", "graph": {"nodes": nodes}}, format="json")
    assert created.status_code == 400
    assert "graph.nodes" in created.json()
    validated = api.post("/api/validate/", {"graph": {"nodes": nodes}}, format="json")
    assert validated.status_code == 400
    assert "graph.nodes" in validated.json()


@pytest.mark.parametrize("url", ["/api/pipelines/", "/api/validate/", "/api/templates/"])
def test_ten_megabyte_body_is_a_json_400(client_for, editor, url):
    body = json.dumps({"name": "big", "description": "x" * (10 * 1024 * 1024)})
    response = client_for(editor).post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert "limit" in response.json()["detail"]
    assert not Pipeline.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [b"{", b"{'name': 'x'}", b'{"name": "x",}', b"\xff\xfe", b"[1, 2", b'{"name": "x"} trailing'],
)
def test_malformed_json(client_for, editor, raw):
    response = client_for(editor).post("/api/pipelines/", raw, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.parametrize("raw", [b"[]", b"5", b'"name"', b"null"])
def test_body_that_is_not_an_object(client_for, editor, raw):
    response = client_for(editor).post("/api/pipelines/", raw, content_type="application/json")
    assert response.status_code == 400


def test_non_finite_numbers_are_refused(client_for, editor, make_pipeline):
    api = client_for(editor)
    raw = b'{"name": "x", "default_params": {"v": NaN}}'
    response = api.post("/api/pipelines/", raw, content_type="application/json")
    assert response.status_code == 400
    assert "default_params" in response.json()
    assert not Pipeline.objects.exists()
    pipeline = make_pipeline(editor)
    graph = b'{"nodes": [{"key": "a", "type": "apitest.add", "config": {"v": [1, -Infinity]}}]}'
    put = api.put(f"/api/pipelines/{pipeline.pk}/graph/", graph, content_type="application/json")
    assert put.status_code == 400
    assert "nodes.0.config.v.1" in put.json()


def test_deeply_nested_json_is_refused(client_for, editor):
    deep: dict = {}
    cursor = deep
    for _ in range(200):
        cursor["a"] = {}
        cursor = cursor["a"]
    response = client_for(editor).post("/api/pipelines/", {"name": "x", "default_params": deep}, format="json")
    assert response.status_code == 400
    assert "default_params" in response.json()


def test_duplicate_slug(client_for, editor, make_pipeline):
    make_pipeline(editor, name="Orders", slug="orders")
    api = client_for(editor)
    response = api.post("/api/pipelines/", {"name": "Other", "slug": "orders"}, format="json")
    assert response.status_code == 400
    assert "slug" in response.json()
    same_name = api.post("/api/pipelines/", {"name": "Orders"}, format="json")
    assert same_name.status_code == 201
    assert same_name.json()["slug"] == "orders-2"
    other = Pipeline.objects.get(slug="orders-2")
    clash = api.patch(f"/api/pipelines/{other.pk}/", {"slug": "orders"}, format="json")
    assert clash.status_code == 400
    assert "slug" in clash.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "t", "graph": SIMPLE_GRAPH, "parameters": "x"}, "parameters"),
        ({"name": "t", "graph": SIMPLE_GRAPH, "parameters": {"type": "array"}}, "parameters"),
        ({"name": "t", "graph": SIMPLE_GRAPH, "parameters": {"type": 5}}, "parameters"),
        ({"name": "t", "graph": []}, "graph"),
        ({"name": "t", "graph": {"nodes": {}}}, "graph.nodes"),
        ({"name": "t"}, "graph"),
        ({"name": 5, "graph": SIMPLE_GRAPH}, "name"),
        ({"name": "t", "graph": SIMPLE_GRAPH, "category": ["x"]}, "category"),
    ],
)
def test_template_bad_input(client_for, editor, body, field):
    response = client_for(editor).post("/api/templates/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not PipelineTemplate.objects.exists()


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/validate/", {"graph": {"nodes": [_node(config={"x": float("inf")})]}}, "graph"),
        ("/api/pipelines/", {"name": "x", "default_params": {"x": float("nan")}}, "default_params"),
        ("/api/connections/", {"name": "c", "kind": "sqlite", "config": {"path": "\u0000"}}, "config"),
        ("/api/connections/", {"name": "c", "kind": "sqlite", "config": {"path": "../../etc/passwd"}}, "config"),
        ("/api/connections/", {"name": "c", "kind": ["sqlite"], "config": {}}, "kind"),
    ],
)
def test_other_endpoints_bad_input(client_for, editor, url, body, field):
    raw = json.dumps(body).encode()  # json.dumps writes Infinity, which the parser reads back
    response = client_for(editor).post(url, raw, content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json()
