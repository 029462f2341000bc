"""The OpenAPI document, the offline Swagger UI, and JWT authentication."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from openapi_spec_validator import validate
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

OUR_PATHS = [
    "/api/pipelines/",
    "/api/pipelines/{id}/",
    "/api/pipelines/{id}/graph/",
    "/api/pipelines/{id}/validate/",
    "/api/pipelines/{id}/export/",
    "/api/pipelines/{id}/versions/",
    "/api/pipelines/{id}/versions/{number}/",
    "/api/pipelines/{id}/versions/diff/",
    "/api/validate/",
    "/api/node-types/",
    "/api/node-types/{key}/",
    "/api/templates/",
    "/api/templates/{id}/",
    "/api/templates/{id}/apply/",
    "/api/connections/",
    "/api/connections/kinds/",
    "/api/connections/{id}/",
    "/api/connections/{id}/test/",
    "/api/connections/{id}/introspect/",
]


def test_openapi_document_is_valid_and_complete(client_for, viewer):
    response = client_for(viewer).get("/api/schema/?format=json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    for path in OUR_PATHS:
        assert path in document["paths"], path
        for method, operation in document["paths"][path].items():
            assert operation.get("summary"), (path, method)
            assert operation.get("tags"), (path, method)
            assert {"200", "201", "204"} & set(operation["responses"]), (path, method)
    create = document["paths"]["/api/pipelines/"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("PipelineInputRequest")
    schemas = document["components"]["schemas"]
    assert "secrets" in schemas["ConnectionInputRequest"]["properties"]
    assert "secrets" not in schemas["ConnectionOutput"]["properties"]
    assert {"nodes", "edges"} <= set(schemas["Graph"]["properties"])
    params = {p["name"] for p in document["paths"]["/api/pipelines/"]["get"]["parameters"]}
    assert {"tag", "owner", "status", "search", "ordering", "page"} <= params


def test_swagger_ui_is_served_offline(client_for, viewer):
    client = Client()
    client.force_login(viewer)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "swagger-ui" in html.lower()
    assert "cdn." not in html
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert urls, "the page should load its scripts and styles"
    assert not [u for u in urls if u.startswith(("http://", "https://", "//"))], urls
    for url in urls:
        if url.endswith((".js", ".css")):
            assert client.get(url).status_code == 200, url


def test_jwt_obtain_use_refresh(editor):
    api = APIClient()
    pair = api.post("/api/auth/token/", {"username": editor.username, "password": "pass-word-123"}, format="json")
    assert pair.status_code == 200
    tokens = pair.json()
    assert {"access", "refresh"} <= set(tokens)

    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    created = api.post("/api/pipelines/", {"name": "Via JWT"}, format="json")
    assert created.status_code == 201
    assert created.json()["owner"] == editor.username
    assert api.get("/api/pipelines/").json()["count"] == 1

    refreshed = APIClient().post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json")
    assert refreshed.status_code == 200
    fresh = APIClient()
    fresh.credentials(HTTP_AUTHORIZATION=f"Bearer {refreshed.json()['access']}")
    assert fresh.get("/api/pipelines/").status_code == 200


def test_jwt_bad_password_and_bad_token(editor):
    api = APIClient()
    bad = api.post("/api/auth/token/", {"username": editor.username, "password": "wrong"}, format="json")
    assert bad.status_code == 401
    api.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert api.get("/api/pipelines/").status_code == 401
