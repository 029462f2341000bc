"""Canvas groups (the builder's Group, issue 18): saved with the draft graph and its versions, checked
(members exist, one group per node), and purely visual: they change neither validation nor the
version's content hash, so grouping or collapsing never makes a new version."""

from __future__ import annotations

import pytest

from pipelines.graph import Graph, parse_graph_document
from tests.pipelines.api.conftest import valid_graph

pytestmark = pytest.mark.django_db


def grouped(**group) -> dict:
    graph = valid_graph()
    graph["groups"] = [{"key": "g1", "label": "Prepare", "nodes": ["src", "plus"], "collapsed": True, **group}]
    return graph


def test_groups_round_trip_through_the_api(client_for, editor, make_pipeline, django_assert_max_num_queries):
    pipeline = make_pipeline(editor)
    api = client_for(editor)
    put = api.put(f"/api/pipelines/{pipeline.pk}/graph/", grouped(), format="json")
    assert put.status_code == 200, put.json()
    assert put.json()["groups"] == [{"key": "g1", "label": "Prepare", "nodes": ["src", "plus"], "collapsed": True}]
    assert put.json()["validation"]["valid"] is True
    with django_assert_max_num_queries(8):
        got = api.get(f"/api/pipelines/{pipeline.pk}/graph/").json()
    assert got["groups"] == put.json()["groups"]

    # Ungrouping is saving the graph without them.
    assert "groups" not in api.put(f"/api/pipelines/{pipeline.pk}/graph/", valid_graph(), format="json").json()
    assert "groups" not in api.get(f"/api/pipelines/{pipeline.pk}/graph/").json()


def test_groups_are_saved_in_versions_but_do_not_make_a_new_one(client_for, editor, make_pipeline):
    pipeline = make_pipeline(editor, graph=valid_graph())
    api = client_for(editor)
    first = api.post(f"/api/pipelines/{pipeline.pk}/versions/", {"message": "v1"}, format="json")
    assert first.status_code == 201, first.json()
    api.put(f"/api/pipelines/{pipeline.pk}/graph/", grouped(), format="json")
    again = api.post(f"/api/pipelines/{pipeline.pk}/versions/", {"message": "grouped"}, format="json")
    assert again.status_code in (200, 201)
    assert again.json()["number"] == first.json()["number"]  # same content hash: no new version
    plain = parse_graph_document(valid_graph())
    assert parse_graph_document(grouped()).content_hash() == plain.content_hash()


def test_validation_is_the_same_with_and_without_groups(client_for, editor, make_pipeline):
    pipeline = make_pipeline(editor)
    api = client_for(editor)
    with_groups = api.post(f"/api/pipelines/{pipeline.pk}/validate/", {"graph": grouped()}, format="json").json()
    without = api.post(f"/api/pipelines/{pipeline.pk}/validate/", {"graph": valid_graph()}, format="json").json()
    assert with_groups == without


@pytest.mark.parametrize(
    ("group", "field"),
    [
        ({"nodes": ["src", "nope"]}, "groups.0.nodes.1"),
        ({"nodes": []}, "groups.0.nodes"),
        ({"key": "1bad"}, "groups.0.key"),
        ({"key": "g1\x00"}, "groups.0.key"),
        ({"label": "x" * 201}, "groups.0.label"),
        ({"collapsed": "maybe"}, "groups.0.collapsed"),
        ({"colour": "red"}, "groups.0.colour"),
        ({"nodes": "src"}, "groups.0.nodes"),
    ],
)
def test_bad_groups_are_a_400_naming_the_field(client_for, editor, make_pipeline, group, field):
    pipeline = make_pipeline(editor, graph=valid_graph())
    response = client_for(editor).put(f"/api/pipelines/{pipeline.pk}/graph/", grouped(**group), format="json")
    assert response.status_code == 400
    assert any(key.startswith(field) for key in response.json()), response.json()
    # Nothing half-written: the draft is as it was.
    assert "groups" not in client_for(editor).get(f"/api/pipelines/{pipeline.pk}/graph/").json()


def test_a_node_in_two_groups_or_a_twice_used_key_is_refused(client_for, editor, make_pipeline):
    pipeline = make_pipeline(editor)
    graph = valid_graph()
    graph["groups"] = [
        {"key": "a", "nodes": ["src"]},
        {"key": "a", "nodes": ["src", "dst"]},
    ]
    response = client_for(editor).put(f"/api/pipelines/{pipeline.pk}/graph/", graph, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert "groups.1.key" in errors
    assert "already in group 'a'" in errors["groups.1.nodes.0"][0]


def test_a_viewer_cannot_save_groups(client_for, viewer, editor, make_pipeline):
    pipeline = make_pipeline(editor)
    pipeline.shared_with_users.add(viewer)
    response = client_for(viewer).put(f"/api/pipelines/{pipeline.pk}/graph/", grouped(), format="json")
    assert response.status_code in (403, 404)


def test_graph_from_dict_and_to_dict_keep_groups():
    graph = Graph.from_dict(grouped())
    assert graph.groups[0].nodes == ["src", "plus"]
    assert Graph.from_dict(graph.to_dict()).to_dict() == graph.to_dict()
    assert "groups" not in Graph.from_dict(valid_graph()).to_dict()
