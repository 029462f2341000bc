"""Templates have owners (only the owner or an admin changes one; built-in templates are read-only), and
lifting the SSRF guard of an HTTP connection (allow_private_network) needs an admin or the server setting.
API and pages, as the owner, another editor, a viewer and an admin."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from pipelines.demo import TEMPLATES_DIR, DemoReport, _load_template, demo_documents
from pipelines.models import Connection, PipelineTemplate
from tests import factories
from tests.factories import SIMPLE_GRAPH

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return {
        "owner": factories.UserFactory(role="editor"),
        "other": factories.UserFactory(role="editor"),
        "operator": factories.UserFactory(role="operator"),
        "viewer": factories.UserFactory(role="viewer"),
        "admin": factories.UserFactory(is_staff=True),
        "admin_role": factories.UserFactory(role="admin"),
    }


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- templates -----------------------------------------------------------------------------------------


@pytest.fixture
def owned(people, client_for):
    response = client_for(people["owner"]).post(
        "/api/templates/", {"name": "Mine", "graph": SIMPLE_GRAPH}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["owner"] == people["owner"].username and body["builtin"] is False
    return PipelineTemplate.objects.get(pk=body["id"])


@pytest.mark.parametrize(
    "who,status,says",
    [
        ("other", 403, "Only the template's owner or an admin"),
        ("operator", 403, "Only the template's owner or an admin"),
        ("viewer", 403, "editor role"),
        ("owner", 200, None),
        ("admin", 200, None),
        ("admin_role", 200, None),
    ],
)
def test_only_the_owner_or_an_admin_changes_a_template(client_for, people, owned, who, status, says):
    api = client_for(people[who])
    for method, body in (("patch", {"description": "changed"}), ("put", {"name": "Put", "graph": SIMPLE_GRAPH})):
        response = getattr(api, method)(f"/api/templates/{owned.pk}/", body, format="json")
        assert response.status_code == status, (method, response.json())
        if says:
            assert says in response.json()["detail"]
    owned.refresh_from_db()
    assert (owned.description == "changed" or owned.name == "Put") is (status == 200)
    response = api.delete(f"/api/templates/{owned.pk}/")
    assert response.status_code == (204 if status == 200 else 403)
    assert PipelineTemplate.objects.filter(pk=owned.pk).exists() is (status != 200)


def test_everyone_reads_and_editors_apply_any_template(client_for, people, owned):
    assert client_for(people["viewer"]).get(f"/api/templates/{owned.pk}/").status_code == 200
    response = client_for(people["other"]).post(
        f"/api/templates/{owned.pk}/apply/", {"name": "Mine too"}, format="json"
    )
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize("who", ["owner", "other", "admin", "admin_role"])
def test_builtin_templates_are_read_only_through_the_api(client_for, people, who):
    builtin = factories.TemplateFactory(builtin=True, owner=None)
    api = client_for(people[who])
    for response in (
        api.patch(f"/api/templates/{builtin.pk}/", {"description": "x"}, format="json"),
        api.put(f"/api/templates/{builtin.pk}/", {"name": "x", "graph": SIMPLE_GRAPH}, format="json"),
        api.delete(f"/api/templates/{builtin.pk}/"),
    ):
        assert response.status_code == 403
        assert "Built-in templates are read-only" in response.json()["detail"]
    builtin.refresh_from_db()
    assert builtin.description != "x"
    assert api.get(f"/api/templates/{builtin.pk}/").json()["builtin"] is True
    assert api.post(f"/api/templates/{builtin.pk}/apply/", {"name": f"From {who}"}, format="json").status_code == 201


def test_a_template_of_a_deleted_owner_is_left_to_admins(client_for, people):
    orphan = factories.TemplateFactory(owner=None)
    assert client_for(people["owner"]).delete(f"/api/templates/{orphan.pk}/").status_code == 403
    assert client_for(people["admin"]).delete(f"/api/templates/{orphan.pk}/").status_code == 204


def test_load_demo_templates_are_builtin_and_reset_still_works(people, client_for):
    document = demo_documents(TEMPLATES_DIR)[0]
    report = DemoReport()
    _load_template(document, user=people["owner"], reset=False, report=report)
    template = PipelineTemplate.objects.get(slug=document["slug"])
    assert template.builtin and template.owner is None
    response = client_for(people["owner"]).patch(f"/api/templates/{template.pk}/", {"name": "x"}, format="json")
    assert response.status_code == 403
    PipelineTemplate.objects.filter(pk=template.pk).update(name="drifted")
    _load_template(document, user=people["owner"], reset=True, report=report)
    template.refresh_from_db()
    assert template.name == document["name"]
    # A user's template that took the slug is never overwritten by a reset.
    template.delete()
    mine = factories.TemplateFactory(slug=document["slug"], owner=people["owner"], name="users")
    _load_template(document, user=people["owner"], reset=True, report=report)
    mine.refresh_from_db()
    assert mine.name == "users" and not mine.builtin
    assert any("kept, not reset" in w for w in report.warnings)


def test_admins_may_still_change_builtin_templates_in_the_django_admin(people):
    builtin = factories.TemplateFactory(builtin=True, owner=None, graph=SIMPLE_GRAPH)
    client = page(factories.UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        f"/admin/pipelines/pipelinetemplate/{builtin.pk}/change/",
        {
            "name": "Renamed by an admin",
            "slug": builtin.slug,
            "category": "examples",
            "description": "",
            "graph": json.dumps(SIMPLE_GRAPH),
            "parameters": "{}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    builtin.refresh_from_db()
    assert builtin.name == "Renamed by an admin" and builtin.builtin


def test_gallery_shows_delete_only_where_it_works_and_the_page_refuses_others(people, owned):
    builtin = factories.TemplateFactory(builtin=True, owner=None)
    delete_mine = reverse("pipelines:template_delete", args=[owned.pk])
    delete_builtin = reverse("pipelines:template_delete", args=[builtin.pk])
    html = page(people["owner"]).get(reverse("pipelines:templates")).content.decode()
    assert delete_mine in html and delete_builtin not in html and "Built-in" in html
    for who in ("other", "viewer"):
        html = page(people[who]).get(reverse("pipelines:templates")).content.decode()
        assert delete_mine not in html
        response = page(people[who]).post(delete_mine)
        assert response.status_code == 403
    assert page(people["admin"]).post(delete_builtin).status_code == 403
    assert PipelineTemplate.objects.filter(pk=owned.pk).exists()
    owner = page(people["owner"])
    assert owner.get(delete_mine).status_code == 200
    assert owner.post(delete_mine).status_code == 302
    assert not PipelineTemplate.objects.filter(pk=owned.pk).exists()


# --- lifting the SSRF guard --------------------------------------------------------------------------


def http_body(**config):
    return {"name": "API", "kind": "http", "config": {"base_url": "https://api.example.com/v1", **config}}


def test_an_editor_cannot_lift_the_ssrf_guard(client_for, people):
    editor = client_for(people["owner"])
    refused = editor.post("/api/connections/", http_body(allow_private_network=True), format="json")
    assert refused.status_code == 403
    assert "allow_private_network" in refused.json()["detail"] and "admin" in refused.json()["detail"]
    assert not Connection.objects.exists()
    created = editor.post("/api/connections/", http_body(), format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    lift = {"config": {"base_url": "http://127.0.0.1:8000/", "allow_private_network": True}}
    assert editor.patch(f"/api/connections/{pk}/", lift, format="json").status_code == 403
    assert Connection.objects.get(pk=pk).config.get("allow_private_network") is None


@pytest.mark.parametrize("who", ["admin", "admin_role"])
def test_an_admin_lifts_it_and_editors_may_not_repoint_it(client_for, people, who):
    editor = client_for(people["owner"])
    pk = editor.post("/api/connections/", http_body(), format="json").json()["id"]
    lifted = {"config": {"base_url": "http://10.1.2.3/api", "allow_private_network": True}}
    assert client_for(people[who]).patch(f"/api/connections/{pk}/", lifted, format="json").status_code == 200
    # the owner may rename it or change its secrets, settings untouched
    renamed = editor.patch(
        f"/api/connections/{pk}/", {"name": "Internal API", "secrets": {"token": "t"}}, format="json"
    )
    assert renamed.status_code == 200, renamed.json()
    # ... but not point the lifted guard somewhere else
    elsewhere = {"config": {"base_url": "http://127.0.0.1:8000/", "allow_private_network": True}}
    response = editor.patch(f"/api/connections/{pk}/", elsewhere, format="json")
    assert response.status_code == 403 and "allow_private_network" in response.json()["detail"]
    assert Connection.objects.get(pk=pk).config["base_url"] == "http://10.1.2.3/api"
    # turning it off is always allowed
    off = {"config": {"base_url": "https://api.example.com/v1", "allow_private_network": False}}
    assert editor.patch(f"/api/connections/{pk}/", off, format="json").status_code == 200


def test_the_server_setting_lets_editors_set_it(client_for, people, settings):
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = True
    response = client_for(people["owner"]).post(
        "/api/connections/", http_body(allow_private_network=True), format="json"
    )
    assert response.status_code == 201


def test_the_connection_form_shows_the_refusal_inline(people):
    response = page(people["owner"]).post(
        reverse("pipelines:connection_create") + "?kind=http",
        {
            "kind": "http",
            "name": "Internal",
            "config_base_url": "http://127.0.0.1:8000/",
            "config_allow_private_network": "on",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "only an admin may turn it on" in body
    assert not Connection.objects.exists()
    ok = page(people["admin"]).post(
        reverse("pipelines:connection_create") + "?kind=http",
        {
            "kind": "http",
            "name": "Internal",
            "config_base_url": "http://127.0.0.1:8000/",
            "config_allow_private_network": "on",
        },
    )
    assert ok.status_code == 302
    assert Connection.objects.get().config["allow_private_network"] is True


def test_a_refused_change_is_a_403_whatever_the_body(client_for, people, owned):
    api = client_for(people["other"])
    for body in ({"graph": "not a graph"}, {"name": ""}, {"unknown": 1}):
        response = api.patch(f"/api/templates/{owned.pk}/", body, format="json")
        assert response.status_code == 403, response.json()
