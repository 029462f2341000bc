"""The OpenAPI document lists the framework's error responses on every operation (core/openapi.py),
so a client (and schemathesis' status-code check) knows every status the API answers with."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client_for, staff):
    return client_for(staff).get("/api/schema/", {"format": "json"}).json()


def test_every_operation_documents_its_error_statuses(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            statuses = set(operation["responses"])
            assert "429" in statuses, (method, path)
            if path.startswith("/api/auth/token"):
                continue
            assert {"401", "403"} <= statuses, (method, path)
            if "{" in path:
                assert "404" in statuses, (method, path)
            if method != "get" or any(p["in"] == "query" for p in operation.get("parameters", [])):
                assert "400" in statuses, (method, path)


def test_error_bodies_are_described(schema):
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
    detail = schema["paths"]["/api/executions/{id}/"]["get"]["responses"]["404"]
    assert detail["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    throttled = schema["paths"]["/api/pipelines/"]["get"]["responses"]["429"]
    assert "Retry-After" in throttled["headers"]


def test_a_documented_response_of_a_view_is_kept(schema):
    # The pipelines list documents its own 400 (BAD_REQUEST in pipelines/api/common.py).
    bad = schema["paths"]["/api/pipelines/"]["post"]["responses"]["400"]
    assert "field name" in bad["description"]
