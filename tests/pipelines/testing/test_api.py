"""The pipeline-tests API: who may read, change and run tests; status codes; query counts; JUnit XML."""

from __future__ import annotations

import copy
from xml.etree import ElementTree as ET

import pytest

from pipelines.graph import parse_graph_document
from pipelines.models import PipelineTest
from pipelines.services import pipeline_create
from tests import factories
from tests.pipelines.testing.helpers import FILTER_GRAPH, ORDERS

pytestmark = pytest.mark.django_db

KEPT = [r for r in ORDERS if r["amount"] > 0]
TEST = {"name": "kept", "fixtures": {"src": {"rows": ORDERS}}, "expect": {"dst": {"rows": KEPT}}}
BROKEN = {"name": "everything", "fixtures": {"src": {"rows": ORDERS}}, "expect": {"dst": {"rows": ORDERS}}}


@pytest.fixture
def pipeline(user, viewer):
    p = pipeline_create(user=user, name="Orders", graph=parse_graph_document(FILTER_GRAPH))
    p.shared_with_users.add(viewer)
    return p


def url(pipeline, suffix: str = "") -> str:
    return f"/api/pipelines/{pipeline.pk}/{suffix}"


def test_create_list_read_replace_delete(client_for, user, pipeline):
    api = client_for(user)
    created = api.post(url(pipeline, "tests/"), TEST, format="json")
    assert created.status_code == 201, created.data
    test_id = created.data["id"]
    assert created.data["last_status"] == "never"
    assert created.data["expect"]["dst"]["rows"][0]["id"] == 1
    listed = api.get(url(pipeline, "tests/"))
    assert [t["name"] for t in listed.data["results"]] == ["kept"]
    assert "fixtures" not in listed.data["results"][0]  # the list stays small
    assert api.get(url(pipeline, f"tests/{test_id}/")).data["fixtures"]["src"]["rows"][0]["region"] == "north"
    replaced = api.put(url(pipeline, f"tests/{test_id}/"), {**TEST, "description": "only paid"}, format="json")
    assert replaced.status_code == 200 and replaced.data["description"] == "only paid"
    assert api.delete(url(pipeline, f"tests/{test_id}/")).status_code == 204
    assert not PipelineTest.objects.exists()


def test_bad_tests_are_400s_naming_the_field(client_for, user, pipeline):
    api = client_for(user)
    answer = api.post(url(pipeline, "tests/"), {**TEST, "expect": {"dst": {"rows": [], "typo": 1}}}, format="json")
    assert answer.status_code == 400
    assert any(key.startswith("expect.dst") for key in answer.data)
    assert api.post(url(pipeline, "tests/"), {"name": "../x", "expect": {}}, format="json").status_code == 400
    api.post(url(pipeline, "tests/"), TEST, format="json")
    again = api.post(url(pipeline, "tests/"), TEST, format="json")
    assert again.status_code == 400 and "name" in again.data


def test_run_all_returns_each_result_and_records_it(client_for, user, pipeline):
    api = client_for(user)
    api.post(url(pipeline, "tests/"), TEST, format="json")
    api.post(url(pipeline, "tests/"), BROKEN, format="json")
    answer = api.post(url(pipeline, "test/"), {}, format="json")
    assert answer.status_code == 200
    assert (answer.data["status"], answer.data["passed"], answer.data["failed"]) == ("failed", 1, 1)
    broken = next(t for t in answer.data["tests"] if t["name"] == "everything")
    assert broken["outputs"]["dst"]["counts"]["missing"] == 1
    stored = PipelineTest.objects.get(name="everything")
    assert stored.last_status == "failed" and stored.last_result["outputs"]["dst"]["counts"]["missing"] == 1
    only = api.post(url(pipeline, "test/"), {"tests": ["kept"]}, format="json")
    assert only.data["total"] == 1 and only.data["status"] == "passed"
    assert api.post(url(pipeline, "test/"), {"tests": ["nope"]}, format="json").status_code == 400


def test_junit_by_query_or_accept(client_for, user, pipeline):
    api = client_for(user)
    api.post(url(pipeline, "tests/"), BROKEN, format="json")
    for answer in (
        api.post(url(pipeline, "test/") + "?junit=1", {}, format="json"),
        api.post(url(pipeline, "test/"), {}, format="json", HTTP_ACCEPT="application/xml"),
    ):
        assert answer.status_code == 200
        assert answer["Content-Type"].startswith("application/xml")
        root = ET.fromstring(answer.content)
        assert root.get("failures") == "1"
        assert root.find("testsuite").get("name") == pipeline.slug


def test_offline_run_of_documents_not_on_the_server(client_for, user):
    api = client_for(user)
    body = {"graph": FILTER_GRAPH, "tests": [TEST, BROKEN]}
    answer = api.post("/api/tests/run/", body, format="json")
    assert answer.status_code == 200
    assert [t["status"] for t in answer.data["tests"]] == ["passed", "failed"]
    assert not PipelineTest.objects.exists()
    bad = api.post("/api/tests/run/", {"graph": FILTER_GRAPH, "tests": [{"name": "x"}]}, format="json")
    assert bad.status_code == 400 and "tests" in bad.data


def test_permissions(client_for, user, viewer, operator, pipeline):
    test = client_for(user).post(url(pipeline, "tests/"), TEST, format="json").data
    detail = url(pipeline, f"tests/{test['id']}/")
    seer = client_for(viewer)
    assert seer.get(url(pipeline, "tests/")).status_code == 200
    assert seer.get(detail).status_code == 200
    assert seer.post(url(pipeline, "tests/"), {**TEST, "name": "v"}, format="json").status_code == 403
    assert seer.put(detail, TEST, format="json").status_code == 403
    assert seer.delete(detail).status_code == 403
    assert seer.post(url(pipeline, "test/"), {}, format="json").status_code == 403
    assert seer.post("/api/tests/run/", {"graph": FILTER_GRAPH, "tests": [TEST]}, format="json").status_code == 403
    stranger = client_for(operator)  # may run tests, but does not see this pipeline
    assert stranger.get(url(pipeline, "tests/")).status_code == 404
    assert stranger.get(detail).status_code == 404
    assert stranger.post(url(pipeline, "test/"), {}, format="json").status_code == 404
    assert stranger.post("/api/tests/run/", {"graph": FILTER_GRAPH, "tests": [TEST]}, format="json").status_code == 200
    other = pipeline_create(user=operator, name="Other", graph=parse_graph_document(FILTER_GRAPH))
    assert client_for(user).get(f"/api/pipelines/{other.pk}/tests/{test['id']}/").status_code == 404
    assert client_for(None).get(url(pipeline, "tests/")).status_code == 401


@pytest.mark.parametrize("count", [2, 20])
def test_queries_do_not_grow_with_the_tests(client_for, user, pipeline, count, django_assert_max_num_queries):
    api = client_for(user)
    for i in range(count):
        api.post(url(pipeline, "tests/"), {**copy.deepcopy(TEST), "name": f"t{i}"}, format="json")
    with django_assert_max_num_queries(6):
        assert api.get(url(pipeline, "tests/")).status_code == 200
    with django_assert_max_num_queries(8):
        assert api.post(url(pipeline, "test/"), {}, format="json").data["passed"] == count


def test_the_tests_go_with_their_pipeline(user, pipeline, client_for):
    client_for(user).post(url(pipeline, "tests/"), TEST, format="json")
    factories.UserFactory()  # unrelated
    pipeline.delete()
    assert not PipelineTest.objects.exists()
