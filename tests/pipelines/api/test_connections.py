"""Connections: write-only secrets, encryption at rest, kinds, test and introspect."""

from __future__ import annotations

import sqlite3

import pytest
from django.conf import settings

from pipelines.models import Connection
from tests import factories

pytestmark = pytest.mark.django_db

PG_CONFIG = {"host": "127.0.0.1", "port": 5432, "database": "warehouse", "user": "loader"}
PASSWORD = "s3cr3t-Pässwörd-🔑"


def _no_secret_in(response) -> None:
    assert PASSWORD not in response.content.decode()
    body = response.json()
    for item in body.get("results", [body]) if isinstance(body, dict) else body:
        assert "secrets" not in item
        assert "encrypted_secrets" not in item


def test_secrets_are_write_only_and_encrypted(client_for, editor):
    api = client_for(editor)
    created = api.post(
        "/api/connections/",
        {"name": "Warehouse", "kind": "postgresql", "config": PG_CONFIG, "secrets": {"password": PASSWORD}},
        format="json",
    )
    assert created.status_code == 201, created.json()
    _no_secret_in(created)
    assert created.json()["secret_keys"] == ["password"]
    assert created.json()["config"] == PG_CONFIG
    pk = created.json()["id"]

    row = Connection.objects.get(pk=pk)
    assert PASSWORD not in row.encrypted_secrets
    assert row.encrypted_secrets
    assert row.secrets == {"password": PASSWORD}

    _no_secret_in(api.get(f"/api/connections/{pk}/"))
    _no_secret_in(api.get("/api/connections/"))

    renamed = api.patch(f"/api/connections/{pk}/", {"description": "main"}, format="json")
    assert renamed.status_code == 200, renamed.json()
    _no_secret_in(renamed)
    assert Connection.objects.get(pk=pk).secrets == {"password": PASSWORD}  # untouched when not given

    removed = api.patch(f"/api/connections/{pk}/", {"secrets": {"password": None}}, format="json")
    assert removed.status_code == 200, removed.json()
    assert removed.json()["secret_keys"] == []
    assert Connection.objects.get(pk=pk).secrets == {}


def test_connection_validation_errors(client_for, editor):
    api = client_for(editor)
    cases = [
        ({"name": "x", "kind": "oracle"}, "kind"),
        ({"name": "x", "kind": "postgresql", "config": "host=db"}, "config"),
        ({"name": "x", "kind": "postgresql", "config": {"host": "db"}}, "config"),
        ({"name": "x", "kind": "postgresql", "config": PG_CONFIG, "secrets": {"password": 5}}, "secrets"),
        ({"name": "x", "kind": "postgresql", "config": PG_CONFIG, "secrets": {"token": "t"}}, "secrets"),
        ({"name": "x", "kind": "postgresql", "config": PG_CONFIG, "secrets": ["pw"]}, "secrets"),
        ({"name": 5, "kind": "postgresql", "config": PG_CONFIG}, "name"),
    ]
    for body, field in cases:
        response = api.post("/api/connections/", body, format="json")
        assert response.status_code == 400, (body, response.content)
        assert field in response.json(), (body, response.json())
    assert not Connection.objects.exists()


def test_duplicate_connection_slug(client_for, editor):
    api = client_for(editor)
    body = {"name": "db", "slug": "db", "kind": "sqlite", "config": {"path": "a.sqlite"}}
    assert api.post("/api/connections/", body, format="json").status_code == 201
    again = api.post("/api/connections/", body, format="json")
    assert again.status_code == 400
    assert "slug" in again.json()


def test_kinds_describe_config_and_secrets(client_for, viewer):
    response = client_for(viewer).get("/api/connections/kinds/")
    assert response.status_code == 200
    kinds = {k["kind"]: k for k in response.json()}
    assert set(kinds) == set(Connection.Kind.values)
    assert kinds["postgresql"]["secrets"] == ["password"]
    assert "host" in kinds["postgresql"]["config_schema"]["properties"]
    assert kinds["sqlite"]["secrets"] == []


@pytest.fixture
def sqlite_connection(editor):
    path = settings.DATA_ROOT / "shop.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, amount REAL NOT NULL)")
    return factories.ConnectionFactory(kind="sqlite", config={"path": "shop.sqlite"}, owner=editor)


def test_test_and_introspect(client_for, editor, sqlite_connection):
    api = client_for(editor)
    tested = api.post(f"/api/connections/{sqlite_connection.pk}/test/")
    assert tested.status_code == 200, tested.json()
    assert tested.json()["ok"] is True

    found = api.get(f"/api/connections/{sqlite_connection.pk}/introspect/")
    assert found.status_code == 200, found.json()
    tables = {t["name"]: t for s in found.json()["schemas"] for t in s["tables"]}
    assert [c["name"] for c in tables["orders"]["columns"]] == ["id", "amount"]
    assert found.json()["truncated"] is False

    bad_schema = api.get(f"/api/connections/{sqlite_connection.pk}/introspect/?schema=no such")
    assert bad_schema.status_code == 400
    assert "schema" in bad_schema.json()


def test_failed_test_is_ok_false_without_the_password(client_for, editor):
    connection = factories.ConnectionFactory(config={**PG_CONFIG, "port": 1}, owner=editor)
    from pipelines.services import connection_update

    connection_update(connection=connection, user=editor, secrets={"password": PASSWORD})
    response = client_for(editor).post(f"/api/connections/{connection.pk}/test/")
    assert response.status_code == 200
    assert response.json()["ok"] is False
    assert PASSWORD not in response.content.decode()


def test_test_and_introspect_need_the_editor_role(client_for, viewer, sqlite_connection):
    sqlite_connection.shared_with_groups.add(*viewer.groups.all())
    api = client_for(viewer)
    assert api.get(f"/api/connections/{sqlite_connection.pk}/").status_code == 200  # visible...
    assert api.post(f"/api/connections/{sqlite_connection.pk}/test/").status_code == 403  # ...but not usable
    assert api.get(f"/api/connections/{sqlite_connection.pk}/introspect/").status_code == 403


def test_delete_refused_while_used(client_for, editor, make_pipeline, sqlite_connection):
    make_pipeline(
        editor,
        graph={"nodes": [{"key": "src", "type": "source.database", "config": {"connection": sqlite_connection.slug}}]},
    )
    api = client_for(editor)
    response = api.delete(f"/api/connections/{sqlite_connection.pk}/")
    assert response.status_code == 400
    assert "connection" in response.json()
    other = factories.ConnectionFactory(owner=editor)
    assert api.delete(f"/api/connections/{other.pk}/").status_code == 204
