"""Answers the fuzzer (tests/security/test_api_fuzz.py) found wrong, at the layer that makes them:
a NUL in a query parameter (a 500 from the database), a 400 whose body was a bare list, and fields the
OpenAPI document said could not be null (issue 14)."""

from __future__ import annotations

import pytest
import yaml

from executions.models import Execution
from tests.executions.conftest import chain, engine_types, make_pipeline  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/executions/1/logs/?q=a%00b",
        "/api/pipelines/?search=a%00b",
        "/api/connections/?search=%00",
        "/api/executions/?pipeline_slug=x%00&status=failed",
    ],
)
def test_a_nul_in_a_query_parameter_is_a_400_naming_it(client_for, staff, url):
    response = client_for(staff).get(url)
    assert response.status_code == 400
    (name,) = response.json()
    assert name in url and "NUL" in response.json()[name][0]


def test_a_nul_in_a_page_query_is_a_400_too(client, staff):
    client.force_login(staff)
    response = client.get("/executions/?q=%00")
    assert response.status_code == 400 and b"NUL" in response.content


def test_a_validation_error_without_a_field_is_an_object(rf):
    from rest_framework import exceptions

    from core.exceptions import exception_handler

    response = exception_handler(exceptions.ValidationError("Something is wrong."), {})
    assert response.status_code == 400 and response.data == {"non_field_errors": ["Something is wrong."]}


@pytest.fixture
def execution(make_pipeline):  # noqa: F811 (the imported fixture)
    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 1}), ("dst", "t.sink", {"name": "n"})))
    return Execution.objects.create(pipeline=pipeline, version=pipeline.current_version, status="queued")


def test_nullable_fields_are_documented_as_nullable(client_for, staff, execution):
    schema = client_for(staff).get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    body = client_for(staff).get(f"/api/executions/{execution.pk}/").json()
    assert body["duration_seconds"] is None and body["started_by"] is None
    for name in ("ExecutionOutput", "ExecutionDetailOutput"):
        assert schema[name]["properties"]["duration_seconds"]["nullable"] is True
        assert schema[name]["properties"]["started_by"]["nullable"] is True
    assert schema["Alert"]["properties"]["acknowledged_by"]["nullable"] is True


def test_the_export_is_documented_as_the_same_document_in_json_and_yaml(client_for, staff, execution):
    c = client_for(staff)
    schema = c.get("/api/schema/", {"format": "json"}).json()
    content = schema["paths"]["/api/pipelines/{id}/export/"]["get"]["responses"]["200"]["content"]
    assert content["application/yaml"]["schema"] == content["application/json"]["schema"]
    as_yaml = yaml.safe_load(c.get(f"/api/pipelines/{execution.pipeline_id}/export/?format=yaml").content)
    assert as_yaml == c.get(f"/api/pipelines/{execution.pipeline_id}/export/").json()


def test_django_error_handlers_answer_json_under_api(rf):
    from core.errors import not_found, server_error

    assert server_error(rf.get("/api/pipelines/")).status_code == 500
    assert server_error(rf.get("/api/pipelines/"))["Content-Type"] == "application/json"
    assert b"logged" in server_error(rf.get("/api/pipelines/")).content
    assert not_found(rf.get("/api/nope/"), None)["Content-Type"] == "application/json"
    assert server_error(rf.get("/pipelines/"))["Content-Type"].startswith("text/html")
