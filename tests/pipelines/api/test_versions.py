"""Versions: snapshot the draft, unchanged drafts, invalid drafts, read, diff."""

from __future__ import annotations

import pytest

from pipelines.models import PipelineVersion
from tests.pipelines.api.conftest import valid_graph

pytestmark = pytest.mark.django_db


def test_versions_round_trip_and_diff(client_for, editor, make_pipeline):
    pipeline = make_pipeline(editor, graph=valid_graph())
    api = client_for(editor)
    url = f"/api/pipelines/{pipeline.pk}/versions/"

    first = api.post(url, {"message": "first"}, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["number"] == 1
    assert first.json()["created"] is True
    assert first.json()["message"] == "first"
    assert first.json()["created_by"] == editor.username

    again = api.post(url)  # no body at all: the message is optional
    assert again.status_code == 200, again.json()
    assert again.json()["created"] is False
    assert again.json()["number"] == 1

    changed = valid_graph()
    changed["nodes"][1]["config"] = {"add": 10}
    assert api.put(f"/api/pipelines/{pipeline.pk}/graph/", changed, format="json").status_code == 200
    second = api.post(url, {"message": "add ten"}, format="json")
    assert second.status_code == 201
    assert second.json()["number"] == 2
    assert api.get(f"/api/pipelines/{pipeline.pk}/").json()["current_version"] == 2

    listing = api.get(url).json()
    assert [v["number"] for v in listing["results"]] == [2, 1]

    detail = api.get(f"{url}1/")
    assert detail.status_code == 200
    assert detail.json()["graph"]["nodes"][1]["config"] == {"add": 1}

    diff = api.get(f"{url}diff/?from=1&to=2")
    assert diff.status_code == 200, diff.json()
    body = diff.json()
    assert (body["from_version"], body["to_version"]) == (1, 2)
    assert body["nodes_changed"] == [{"key": "plus", "changes": {"config": {"add": {"from": 1, "to": 10}}}}]
    assert body["nodes_added"] == body["nodes_removed"] == body["edges_added"] == body["edges_removed"] == []


def test_invalid_draft_cannot_become_a_version(client_for, editor, make_pipeline):
    pipeline = make_pipeline(editor, graph={"nodes": [{"key": "a", "type": "nope"}], "edges": []})
    response = client_for(editor).post(f"/api/pipelines/{pipeline.pk}/versions/", {}, format="json")
    assert response.status_code == 400
    assert "graph" in response.json()
    assert any("nope" in message for message in response.json()["graph"])
    assert not PipelineVersion.objects.filter(pipeline=pipeline).exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [("to=1", "from"), ("from=1", "to"), ("from=a&to=1", "from"), ("from=1&to=x", "to"), ("from=0&to=1", "from")],
)
def test_diff_parameters_are_checked(client_for, editor, make_pipeline, query, field):
    pipeline = make_pipeline(editor, graph=valid_graph())
    response = client_for(editor).get(f"/api/pipelines/{pipeline.pk}/versions/diff/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_missing_versions_are_404(client_for, editor, make_pipeline):
    pipeline = make_pipeline(editor, graph=valid_graph())
    api = client_for(editor)
    api.post(f"/api/pipelines/{pipeline.pk}/versions/", {}, format="json")
    diff = api.get(f"/api/pipelines/{pipeline.pk}/versions/diff/?from=1&to=7")
    assert diff.status_code == 404
    assert "7" in diff.json()["detail"]
    assert api.get(f"/api/pipelines/{pipeline.pk}/versions/9/").status_code == 404


def test_version_message_must_be_text(client_for, editor, make_pipeline):
    pipeline = make_pipeline(editor, graph=valid_graph())
    response = client_for(editor).post(f"/api/pipelines/{pipeline.pk}/versions/", {"message": 5}, format="json")
    assert response.status_code == 400
    assert "message" in response.json()
