"""Pipelines API: CRUD round trips, the draft graph, validation, export, filters."""

from __future__ import annotations

import pytest
import yaml

from pipelines.models import Node, Pipeline
from tests.factories import SIMPLE_GRAPH
from tests.pipelines.api.conftest import valid_graph

pytestmark = pytest.mark.django_db


def _graph_of(body: dict) -> dict:
    return {"nodes": body["nodes"], "edges": body["edges"]}


def test_create_with_tags_and_graph_reads_back_equal(client_for, editor):
    api = client_for(editor)
    payload = {
        "name": "Daily orders",
        "description": "Orders of the day",
        "tags": ["etl", "daily"],
        "schedule_cron": "0 6 * * *",
        "schedule_timezone": "Europe/Paris",
        "schedule_enabled": True,
        "default_params": {"country": "fr"},
        "concurrency_limit": 2,
        "priority": 7,
        "graph": SIMPLE_GRAPH,
    }
    created = api.post("/api/pipelines/", payload, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["slug"] == "daily-orders"
    assert body["owner"] == editor.username
    assert body["current_version"] is None

    read = api.get(f"/api/pipelines/{body['id']}/").json()
    for field in ("name", "description", "schedule_cron", "schedule_timezone", "schedule_enabled", "default_params"):
        assert read[field] == payload[field]
    assert (read["concurrency_limit"], read["priority"]) == (2, 7)
    assert sorted(read["tags"]) == ["daily", "etl"]
    expected = {
        "nodes": [
            {**n, "label": "", "position": {k: float(v) for k, v in n["position"].items()}}
            for n in SIMPLE_GRAPH["nodes"]
        ],
        "edges": SIMPLE_GRAPH["edges"],
    }
    assert read["graph"] == expected
    assert api.get(f"/api/pipelines/{body['id']}/graph/").json() == expected


def test_unicode_and_emoji_names_work(client_for, editor):
    api = client_for(editor)
    response = api.post("/api/pipelines/", {"name": "Données clients 🚀 — 東京"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["name"] == "Données clients 🚀 — 東京"
    only_emoji = api.post("/api/pipelines/", {"name": "🚀🚀"}, format="json")
    assert only_emoji.status_code == 201
    assert only_emoji.json()["slug"]  # a usable slug even without letters
    assert Pipeline.objects.get(pk=response.json()["id"]).name == "Données clients 🚀 — 東京"


def test_update_put_and_patch(client_for, editor, make_pipeline):
    pipeline = make_pipeline(editor, tags=["a"])
    api = client_for(editor)
    patched = api.patch(f"/api/pipelines/{pipeline.pk}/", {"priority": 9, "tags": ["b", "c"]}, format="json")
    assert patched.status_code == 200, patched.json()
    assert patched.json()["priority"] == 9
    assert sorted(patched.json()["tags"]) == ["b", "c"]
    assert patched.json()["name"] == "Orders"

    put = api.put(f"/api/pipelines/{pipeline.pk}/", {"name": "Renamed", "graph": valid_graph()}, format="json")
    assert put.status_code == 200, put.json()
    assert put.json()["name"] == "Renamed"
    assert [n["key"] for n in put.json()["graph"]["nodes"]] == ["src", "plus", "dst"]

    missing_name = api.put(f"/api/pipelines/{pipeline.pk}/", {"priority": 1}, format="json")
    assert missing_name.status_code == 400
    assert "name" in missing_name.json()


def test_delete(client_for, editor, make_pipeline):
    pipeline = make_pipeline(editor, graph=valid_graph())
    response = client_for(editor).delete(f"/api/pipelines/{pipeline.pk}/")
    assert response.status_code == 204
    assert not Pipeline.objects.filter(pk=pipeline.pk).exists()


def test_put_graph_twice_keeps_node_rows(client_for, editor, make_pipeline):
    pipeline = make_pipeline(editor)
    api = client_for(editor)
    first = api.put(f"/api/pipelines/{pipeline.pk}/graph/", valid_graph(), format="json")
    assert first.status_code == 200, first.json()
    assert first.json()["validation"]["valid"] is True
    assert first.json()["validation"]["order"] == ["src", "plus", "dst"]
    ids = dict(Node.objects.filter(pipeline=pipeline).values_list("key", "pk"))

    changed = valid_graph()
    changed["nodes"][1]["config"] = {"add": 5}
    changed["nodes"][1]["position"] = {"x": 10, "y": 20}
    second = api.put(f"/api/pipelines/{pipeline.pk}/graph/", changed, format="json")
    assert second.status_code == 200
    assert dict(Node.objects.filter(pipeline=pipeline).values_list("key", "pk")) == ids
    graph = api.get(f"/api/pipelines/{pipeline.pk}/graph/").json()
    assert graph["nodes"][1]["config"] == {"add": 5}
    assert graph["nodes"][1]["position"] == {"x": 10.0, "y": 20.0}


def test_put_graph_with_problems_still_saves_and_reports_them(client_for, editor, make_pipeline):
    pipeline = make_pipeline(editor)
    graph = {
        "nodes": [
            {"key": "src", "type": "apitest.rows"},
            {"key": "mystery", "type": "no.such.type"},
            {"key": "plus", "type": "apitest.add"},
        ],
        "edges": [{"source": "src", "target": "plus"}],
    }
    response = client_for(editor).put(f"/api/pipelines/{pipeline.pk}/graph/", graph, format="json")
    assert response.status_code == 200, response.json()
    validation = response.json()["validation"]
    assert validation["valid"] is False
    codes = {(p["code"], p["node"]) for p in validation["problems"]}
    assert ("unknown_type", "mystery") in codes
    assert ("no_destination", None) in codes
    assert Node.objects.filter(pipeline=pipeline).count() == 3
    assert _graph_of(response.json())["nodes"][1]["type"] == "no.such.type"


def test_put_graph_is_atomic(client_for, editor, make_pipeline):
    pipeline = make_pipeline(editor, graph=valid_graph())
    bad = valid_graph()
    bad["edges"].append({"source": "plus", "target": "ghost"})
    response = client_for(editor).put(f"/api/pipelines/{pipeline.pk}/graph/", bad, format="json")
    assert response.status_code == 400
    assert "edges.2.target" in response.json()
    assert Node.objects.filter(pipeline=pipeline).count() == 3


@pytest.mark.parametrize(
    ("graph", "code"),
    [
        (
            {
                "nodes": [
                    {"key": "a", "type": "apitest.add"},
                    {"key": "b", "type": "apitest.add"},
                    {"key": "dst", "type": "apitest.sink"},
                ],
                "edges": [
                    {"source": "a", "target": "b"},
                    {"source": "b", "target": "a"},
                    {"source": "b", "target": "dst"},
                ],
            },
            "cycle",
        ),
        (
            {
                "nodes": [{"key": "a", "type": "apitest.add"}, {"key": "dst", "type": "apitest.sink"}],
                "edges": [{"source": "a", "target": "dst"}],
            },
            "missing_input",
        ),
        (
            {"nodes": [{"key": "src", "type": "apitest.rows"}, {"key": "dst", "type": "apitest.sink"}], "edges": []},
            "dead_end",
        ),
        ({"nodes": [{"key": "x", "type": "nope"}], "edges": []}, "unknown_type"),
        ({"nodes": [{"key": "src", "type": "apitest.rows", "config": {"n": "many"}}], "edges": []}, "invalid_config"),
    ],
)
def test_validate_graph_in_body_reports_problems_with_200(client_for, viewer, graph, code):
    response = client_for(viewer).post("/api/validate/", {"graph": graph}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["valid"] is False
    assert code in {p["code"] for p in body["problems"]}
    assert set(body) == {"valid", "problems", "warnings", "schemas", "lineage", "order"}
    assert all(set(p) == {"node", "field", "code", "message"} for p in body["problems"])


def test_validate_stored_draft_and_body_graph(client_for, editor, viewer, make_pipeline):
    pipeline = make_pipeline(editor, graph=valid_graph())
    pipeline.shared_with_users.add(viewer)
    api = client_for(viewer)  # validating writes nothing: any role may do it
    stored = api.post(f"/api/pipelines/{pipeline.pk}/validate/")
    assert stored.status_code == 200, stored.json()
    body = stored.json()
    assert body["valid"] is True
    assert body["schemas"]["plus"]["out"] == {"i": "Int64"}
    assert body["lineage"]["plus"]["out"]["i"] == [{"node": "src", "port": "out", "column": "i"}]

    other = api.post(
        f"/api/pipelines/{pipeline.pk}/validate/",
        {"graph": {"nodes": [{"key": "x", "type": "nope"}], "edges": []}},
        format="json",
    )
    assert other.status_code == 200
    assert other.json()["valid"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"graph": []}, "graph"),
        ({"graph": {"nodes": {}}}, "graph.nodes"),
        ({"graph": {"nodes": [{"key": "1bad", "type": "x"}]}}, "graph.nodes.0.key"),
        ({"graph": None}, "graph"),
    ],
)
def test_validate_malformed_body_is_400(client_for, viewer, body, field):
    response = client_for(viewer).post("/api/validate/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_validate_needs_a_graph(client_for, viewer):
    response = client_for(viewer).post("/api/validate/", {}, format="json")
    assert response.status_code == 400
    assert "graph" in response.json()


def test_export_json_and_yaml(client_for, editor, make_pipeline):
    pipeline = make_pipeline(editor, graph=valid_graph(), tags=["etl"], default_params={"day": "2024-01-01"})
    api = client_for(editor)
    as_json = api.get(f"/api/pipelines/{pipeline.pk}/export/")
    assert as_json.status_code == 200
    assert as_json["Content-Type"].startswith("application/json")
    document = as_json.json()
    assert document["apiVersion"] == "sluice.dev/v1" and document["kind"] == "Pipeline"
    assert document["metadata"]["slug"] == pipeline.slug
    assert document["metadata"]["tags"] == ["etl"]
    assert document["spec"]["params"] == {"day": "2024-01-01"}
    assert [n["key"] for n in document["spec"]["graph"]["nodes"]] == ["src", "plus", "dst"]

    as_yaml = api.get(f"/api/pipelines/{pipeline.pk}/export/?format=yaml")
    assert as_yaml.status_code == 200
    assert as_yaml["Content-Type"].startswith("application/yaml")
    assert yaml.safe_load(as_yaml.content) == document


def test_list_filters_search_and_ordering(client_for, editor, make_pipeline):
    make_pipeline(editor, name="Alpha", tags=["etl", "daily"], description="first one")
    make_pipeline(editor, name="Beta", tags=["etl"], status="paused")
    make_pipeline(editor, name="Gamma", tags=["daily"])
    api = client_for(editor)

    def names(query: str) -> list[str]:
        response = api.get(f"/api/pipelines/?{query}")
        assert response.status_code == 200, response.json()
        return [p["name"] for p in response.json()["results"]]

    assert names("") == ["Alpha", "Beta", "Gamma"]
    assert names("tag=etl") == ["Alpha", "Beta"]
    assert names("tag=etl,daily") == ["Alpha"]
    assert names("tag=etl&tag=daily") == ["Alpha"]
    assert names("status=paused") == ["Beta"]
    assert names(f"owner={editor.username}") == ["Alpha", "Beta", "Gamma"]
    assert names(f"owner={editor.pk}") == ["Alpha", "Beta", "Gamma"]
    assert names("owner=nobody") == []
    assert names("search=first") == ["Alpha"]
    assert names("search=gam") == ["Gamma"]
    assert names("ordering=-name") == ["Gamma", "Beta", "Alpha"]
    assert names("ordering=created_at")[0] == "Alpha"
    assert api.get("/api/pipelines/?status=bogus").status_code == 400
    page = api.get("/api/pipelines/?page_size=2").json()
    assert page["count"] == 3
    assert len(page["results"]) == 2
