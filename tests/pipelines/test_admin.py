"""The Django admin: every page opens, search and filters work, and every write goes through the services
(bad input becomes a form error, never a 500; secrets are never shown)."""

from __future__ import annotations

import json

import pytest

from notifications.models import Event
from pipelines import services
from pipelines.graph import parse_graph_document
from pipelines.models import Connection, Edge, Node, Pipeline, PipelineTemplate, PipelineVersion, Tag
from pipelines.selectors import pipeline_graph
from tests import factories
from tests.pipelines.test_graph_validation import test_types  # noqa: F401  (registers test.* node types)
from tests.pipelines.test_services import GRAPH

pytestmark = pytest.mark.django_db

PG_CONFIG = {"host": "127.0.0.1", "port": 5432, "database": "x", "user": "u"}


@pytest.fixture
def admin_client(client):
    client.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def pipeline(editor):
    return services.pipeline_create(user=editor, name="Admin pipe", graph=parse_graph_document(GRAPH), tags=["a"])


def pipeline_form(pipeline: Pipeline, *, nodes: list[dict] | None = None, edges: list[dict] | None = None, **fields):
    """The POST body of the pipeline change page: the pipeline's current values, its nodes and edges as
    inline forms (each dict may override a form's values; ``{"DELETE": "on"}`` deletes it)."""
    data = {
        "name": pipeline.name,
        "slug": pipeline.slug,
        "description": pipeline.description,
        "owner": pipeline.owner_id,
        "status": pipeline.status,
        "tags": [t.pk for t in pipeline.tags.all()],
        "schedule_cron": pipeline.schedule_cron,
        "schedule_timezone": pipeline.schedule_timezone,
        "default_params": json.dumps(pipeline.default_params),
        "concurrency_limit": pipeline.concurrency_limit,
        "priority": pipeline.priority,
        "backend": pipeline.backend,
    }
    if pipeline.schedule_enabled:
        data["schedule_enabled"] = "on"
    data.update(fields)
    rows = list(Node.objects.filter(pipeline=pipeline).order_by("id"))
    node_forms = [
        {
            "id": n.pk,
            "key": n.key,
            "type": n.type,
            "label": n.label,
            "config": json.dumps(n.config),
            "position_x": n.position_x,
            "position_y": n.position_y,
        }
        for n in rows
    ]
    for i, override in enumerate(nodes or []):
        if i < len(node_forms):
            node_forms[i].update(override)
        else:
            node_forms.append({"label": "", "config": "{}", "position_x": 0, "position_y": 0, **override})
    edge_rows = list(Edge.objects.filter(pipeline=pipeline).order_by("id"))
    edge_forms = [
        {
            "id": e.pk,
            "source": e.source_id,
            "source_port": e.source_port,
            "target": e.target_id,
            "target_port": e.target_port,
        }
        for e in edge_rows
    ]
    for i, override in enumerate(edges or []):
        if i < len(edge_forms):
            edge_forms[i].update(override)
        else:
            edge_forms.append({"source_port": "out", "target_port": "in", **override})
    for prefix, forms, initial in (("nodes", node_forms, len(rows)), ("edges", edge_forms, len(edge_rows))):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": len(forms),
                f"{prefix}-INITIAL_FORMS": initial,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for i, form in enumerate(forms):
            data.update({f"{prefix}-{i}-{k}": v for k, v in form.items()})
            data[f"{prefix}-{i}-pipeline"] = pipeline.pk
    return data


def test_every_page_opens(admin_client, pipeline, editor):
    connection = services.connection_create(
        user=editor, name="db", kind="postgresql", secrets={"password": "p4ss-w0rd-xyz"}, config=PG_CONFIG
    )
    version, _ = services.pipeline_version_create(pipeline=pipeline, user=editor)
    template = factories.TemplateFactory()
    node = pipeline.nodes.first()
    edge = pipeline.edges.first()
    tag = Tag.objects.get(name="a")
    for url in [
        "/admin/pipelines/pipeline/",
        "/admin/pipelines/pipeline/add/",
        f"/admin/pipelines/pipeline/{pipeline.pk}/change/",
        f"/admin/pipelines/pipeline/{pipeline.pk}/delete/",
        "/admin/pipelines/node/",
        "/admin/pipelines/node/add/",
        f"/admin/pipelines/node/{node.pk}/change/",
        "/admin/pipelines/edge/",
        "/admin/pipelines/edge/add/",
        f"/admin/pipelines/edge/{edge.pk}/change/",
        "/admin/pipelines/pipelineversion/",
        f"/admin/pipelines/pipelineversion/{version.pk}/change/",
        "/admin/pipelines/pipelinetemplate/",
        "/admin/pipelines/pipelinetemplate/add/",
        f"/admin/pipelines/pipelinetemplate/{template.pk}/change/",
        "/admin/pipelines/connection/",
        "/admin/pipelines/connection/add/",
        f"/admin/pipelines/connection/{connection.pk}/change/",
        f"/admin/pipelines/connection/{connection.pk}/delete/",
        "/admin/pipelines/tag/",
        "/admin/pipelines/tag/add/",
        f"/admin/pipelines/tag/{tag.pk}/change/",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert b"p4ss-w0rd-xyz" not in response.content, url
        assert connection.encrypted_secrets.encode() not in response.content, url


def test_search_and_filters(admin_client, pipeline, editor):
    other = services.pipeline_create(
        user=factories.UserFactory(username="zed"),
        name="Other thing",
        status="paused",
        schedule_cron="0 6 * * *",
        schedule_enabled=True,
    )
    tag = Tag.objects.get(name="a")

    def listed(query: str) -> set[str]:
        response = admin_client.get(f"/admin/pipelines/pipeline/?{query}")
        assert response.status_code == 200, query
        return {p.slug for p in response.context["cl"].result_list}

    assert listed("") == {pipeline.slug, other.slug}
    assert listed("q=admin") == {pipeline.slug}
    assert listed("q=zed") == {other.slug}  # the owner's username
    assert listed("status__exact=paused") == {other.slug}
    assert listed(f"tags__id__exact={tag.pk}") == {pipeline.slug}
    assert listed(f"owner__id__exact={editor.pk}") == {pipeline.slug}
    assert listed("schedule_enabled__exact=1") == {other.slug}
    Pipeline.objects.filter(pk=other.pk).update(backend="sql")
    assert listed("backend__exact=sql") == {other.slug}
    assert listed("backend__exact=polars") == {pipeline.slug}
    page = admin_client.get("/admin/pipelines/pipeline/").content.decode()
    assert "column-backend" in page and "?backend__exact=sql" in page

    nodes = admin_client.get("/admin/pipelines/node/?type=test.pass")
    assert [n.key for n in nodes.context["cl"].result_list] == ["p"]
    found = admin_client.get("/admin/pipelines/node/?q=test.sink")
    assert [n.key for n in found.context["cl"].result_list] == ["dst"]
    edges = admin_client.get("/admin/pipelines/edge/?source__type=test.rows")
    assert [e.source.key for e in edges.context["cl"].result_list] == ["src"]
    services.pipeline_version_create(pipeline=pipeline, user=editor)
    versions = admin_client.get(f"/admin/pipelines/pipelineversion/?pipeline__id__exact={pipeline.pk}&q=admin")
    assert [v.number for v in versions.context["cl"].result_list] == [1]
    templates = admin_client.get("/admin/pipelines/pipelinetemplate/?category=examples&q=Template")
    assert templates.status_code == 200
    connections = admin_client.get("/admin/pipelines/connection/?kind__exact=postgresql&q=postgresql")
    assert connections.status_code == 200


def test_version_action_reports_created_unchanged_and_invalid(admin_client, pipeline, editor):
    broken = services.pipeline_create(
        user=editor,
        name="Broken",
        graph=parse_graph_document({"nodes": [{"key": "src", "type": "test.rows", "config": {"nope": 1}}]}),
    )
    data = {"action": "make_version", "_selected_action": [pipeline.pk, broken.pk]}
    page = admin_client.post("/admin/pipelines/pipeline/", data, follow=True).content.decode().lower()
    assert "admin-pipe: created v1" in page  # (the admin capitalises messages)
    assert "broken: invalid — " in page and "nope" in page and "no destination" in page
    assert "1 created, 0 unchanged, 1 invalid" in page
    page = admin_client.post("/admin/pipelines/pipeline/", data, follow=True).content.decode().lower()
    assert "admin-pipe: unchanged, still v1" in page and "0 created, 1 unchanged, 1 invalid" in page
    assert PipelineVersion.objects.filter(pipeline=pipeline).count() == 1
    assert not PipelineVersion.objects.filter(pipeline=broken).exists()


def test_versions_are_read_only(admin_client, pipeline, editor):
    version, _ = services.pipeline_version_create(pipeline=pipeline, user=editor)
    assert admin_client.get("/admin/pipelines/pipelineversion/add/").status_code == 403
    assert admin_client.get(f"/admin/pipelines/pipelineversion/{version.pk}/delete/").status_code == 403
    page = admin_client.get(f"/admin/pipelines/pipelineversion/{version.pk}/change/")
    assert b'name="_save"' not in page.content  # nothing to submit
    assert b"&quot;key&quot;: &quot;src&quot;" in page.content  # the graph, pretty-printed
    response = admin_client.post(f"/admin/pipelines/pipelineversion/{version.pk}/change/", {"message": "x"})
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.message == ""


def test_pipeline_add_and_change_go_through_the_services(admin_client, pipeline, editor):
    nodes = [("src", "test.rows", '{"columns": {"a": "Int64"}}'), ("dst", "test.sink", "{}")]
    add = {
        "name": "Made here",
        "slug": "made-here",
        "owner": editor.pk,
        "status": "active",
        "schedule_cron": "",
        "schedule_timezone": "UTC",
        "default_params": '{"day": "today"}',
        "concurrency_limit": 1,
        "priority": 5,
        "backend": "sql",
        "nodes-TOTAL_FORMS": len(nodes),
        "nodes-INITIAL_FORMS": 0,
        "edges-TOTAL_FORMS": 0,
        "edges-INITIAL_FORMS": 0,
    }
    for i, (key, type_, config) in enumerate(nodes):
        add.update({f"nodes-{i}-key": key, f"nodes-{i}-type": type_, f"nodes-{i}-config": config})
        add.update({f"nodes-{i}-label": "", f"nodes-{i}-position_x": i * 100, f"nodes-{i}-position_y": 0})
    response = admin_client.post("/admin/pipelines/pipeline/add/", add)
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Pipeline.objects.get(slug="made-here")
    assert made.owner == editor and made.default_params == {"day": "today"} and made.backend == "sql"
    assert Event.objects.filter(type="pipeline.created", data__slug="made-here").exists()
    assert [(n.key, n.config, n.x) for n in pipeline_graph(pipeline=made).nodes] == [
        ("src", {"columns": {"a": "Int64"}}, 0.0),
        ("dst", {}, 100.0),
    ]
    # ...and its edge on the change page (the edge choices are the pipeline's own nodes).
    src, dst = (Node.objects.get(pipeline=made, key=k) for k in ("src", "dst"))
    page = admin_client.get(f"/admin/pipelines/pipeline/{made.pk}/change/").content.decode()
    assert "made-here · src (test.rows)" in page and "admin-pipe · " not in page
    data = pipeline_form(made, edges=[{"source": src.pk, "target": dst.pk}], backend="polars")
    assert admin_client.post(f"/admin/pipelines/pipeline/{made.pk}/change/", data).status_code == 302
    made.refresh_from_db()
    assert made.backend == "polars"
    assert [(e.source, e.target) for e in pipeline_graph(pipeline=made).edges] == [("src", "dst")]
    version, _ = services.pipeline_version_create(pipeline=made, user=editor)  # a valid graph was built
    assert version.number == 1

    # Rename a node, add one and an edge to it: the draft is saved by pipeline_graph_set.
    before = Event.objects.filter(type="pipeline.updated").count()
    src = Node.objects.get(pipeline=pipeline, key="src")
    data = pipeline_form(
        pipeline,
        nodes=[{"key": "source"}, {}, {}, {"key": "extra", "type": "test.sink"}],
        description="changed here",
    )
    response = admin_client.post(f"/admin/pipelines/pipeline/{pipeline.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    graph = pipeline_graph(pipeline=pipeline)
    assert {n.key for n in graph.nodes} == {"source", "p", "dst", "extra"}
    assert ("source", "p") in {(e.source, e.target) for e in graph.edges}
    assert Event.objects.filter(type="pipeline.updated").count() > before
    pipeline.refresh_from_db()
    assert pipeline.description == "changed here" and not Node.objects.filter(pk=src.pk, key="src").exists()

    # Two nodes swap their keys: the edges follow the rows.
    order = [n.key for n in Node.objects.filter(pipeline=pipeline).order_by("id")]
    swap = {"p": "dst", "dst": "p"}
    data = pipeline_form(pipeline, nodes=[{"key": swap.get(key, key)} for key in order])
    assert admin_client.post(f"/admin/pipelines/pipeline/{pipeline.pk}/change/", data).status_code == 302
    graph = pipeline_graph(pipeline=pipeline)
    assert {(e.source, e.target) for e in graph.edges} == {("source", "dst"), ("dst", "p")}
    assert {n.key: n.type for n in graph.nodes}["dst"] == "test.pass"

    # Delete a node: its edges go with it.
    p_index = [n.key for n in Node.objects.filter(pipeline=pipeline).order_by("id")].index("p")
    data = pipeline_form(pipeline, nodes=[{"DELETE": "on"} if i == p_index else {} for i in range(p_index + 1)])
    assert admin_client.post(f"/admin/pipelines/pipeline/{pipeline.pk}/change/", data).status_code == 302
    graph = pipeline_graph(pipeline=pipeline)
    assert "p" not in {n.key for n in graph.nodes} and [(e.source, e.target) for e in graph.edges] == [
        ("source", "dst")
    ]


def test_pipeline_form_errors_instead_of_500(admin_client, pipeline):
    url = f"/admin/pipelines/pipeline/{pipeline.pk}/change/"
    cases = [
        (pipeline_form(pipeline, nodes=[{"config": "{not json"}]), "Enter a valid JSON"),
        (pipeline_form(pipeline, nodes=[{"config": "[1, 2]"}]), "JSON object"),
        (pipeline_form(pipeline, nodes=[{"key": "9bad"}]), "starts with a letter"),
        (pipeline_form(pipeline, nodes=[{}, {"key": "src"}]), "Please correct the duplicate data for key"),
        (pipeline_form(pipeline, default_params="{oops"), "Enter a valid JSON"),
        (pipeline_form(pipeline, schedule_cron="every day"), "not a valid 5-field cron"),
        (pipeline_form(pipeline, schedule_timezone="Mars/Olympus"), "not a known time zone"),
        (pipeline_form(pipeline, schedule_enabled="on"), "cannot be enabled without a cron"),
        (pipeline_form(pipeline, backend="flink"), "Select a valid choice"),
        (pipeline_form(pipeline, backend="x" * 10_000), "Select a valid choice"),
    ]
    before = pipeline_graph(pipeline=pipeline).to_dict()
    for data, message in cases:
        response = admin_client.post(url, data)
        assert response.status_code == 200, message
        assert message in response.content.decode(), message
    assert pipeline_graph(pipeline=pipeline).to_dict() == before


def test_deleting_a_pipeline_with_versions(admin_client, pipeline, editor):
    services.pipeline_version_create(pipeline=pipeline, user=editor)
    response = admin_client.post(f"/admin/pipelines/pipeline/{pipeline.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Pipeline.objects.filter(pk=pipeline.pk).exists() and not PipelineVersion.objects.exists()
    assert Event.objects.filter(type="pipeline.deleted").exists()


def test_node_and_edge_pages_edit_the_draft(admin_client, pipeline):
    node = Node.objects.get(pipeline=pipeline, key="p")
    response = admin_client.post(
        f"/admin/pipelines/node/{node.pk}/change/",
        {
            "key": "double",
            "type": "test.pass",
            "label": "x2",
            "config": '{"factor": 3}',
            "position_x": 5,
            "position_y": 6,
        },
    )
    assert response.status_code == 302
    graph = pipeline_graph(pipeline=pipeline)
    renamed = next(n for n in graph.nodes if n.key == "double")
    assert renamed.config == {"factor": 3} and renamed.label == "x2"
    assert {(e.source, e.target) for e in graph.edges} == {("src", "double"), ("double", "dst")}

    clash = admin_client.post(
        f"/admin/pipelines/node/{Node.objects.get(pipeline=pipeline, key='double').pk}/change/",
        {"key": "src", "type": "test.pass", "label": "", "config": "{}", "position_x": 0, "position_y": 0},
    )
    assert clash.status_code == 200 and b"already has a node" in clash.content

    src, dst = Node.objects.get(pipeline=pipeline, key="src"), Node.objects.get(pipeline=pipeline, key="dst")
    response = admin_client.post(
        "/admin/pipelines/edge/add/",
        {"pipeline": pipeline.pk, "source": src.pk, "source_port": "out", "target": dst.pk, "target_port": "in"},
    )
    assert response.status_code == 302
    assert ("src", "dst") in {(e.source, e.target) for e in pipeline_graph(pipeline=pipeline).edges}
    foreign = factories.NodeFactory()
    response = admin_client.post(
        "/admin/pipelines/edge/add/",
        {"pipeline": pipeline.pk, "source": src.pk, "source_port": "out", "target": foreign.pk, "target_port": "in"},
    )
    assert response.status_code == 200 and b"another pipeline" in response.content

    edge = Edge.objects.get(pipeline=pipeline, source=src, target=dst)
    assert admin_client.post(f"/admin/pipelines/edge/{edge.pk}/delete/", {"post": "yes"}).status_code == 302
    assert ("src", "dst") not in {(e.source, e.target) for e in pipeline_graph(pipeline=pipeline).edges}
    double = Node.objects.get(pipeline=pipeline, key="double")
    assert admin_client.post(f"/admin/pipelines/node/{double.pk}/delete/", {"post": "yes"}).status_code == 302
    graph = pipeline_graph(pipeline=pipeline)
    assert [n.key for n in graph.nodes] == ["src", "dst"] and graph.edges == []


def template_form(**fields):
    return {
        "name": "T",
        "slug": "t",
        "category": "examples",
        "description": "",
        "graph": json.dumps(GRAPH),
        "parameters": "{}",
        **fields,
    }


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"graph": '{"nodes": [{"key": "a", "type": "x", "config": {"p": "{{ nope }}"}}]}'}, "not declared"),
        ({"graph": '{"nodes": [{"key": "9bad", "type": "x"}]}'}, "graph.nodes.0.key"),
        ({"graph": '{"nodes": [{"key": "a", "type": "x"}], "edges": [{"source": "a", "target": "b"}]}'}, "No node"),
        ({"graph": "[1]"}, "Expected an object"),
        ({"graph": "{not json"}, "Enter a valid JSON"),
        ({"parameters": '{"type": "array"}'}, "must describe an object"),
        ({"parameters": '{"type": 12}'}, "Not a valid JSON Schema"),
        ({"parameters": "[1]"}, "JSON Schema object"),
    ],
)
def test_template_form_errors_are_inline(admin_client, fields, message):
    response = admin_client.post("/admin/pipelines/pipelinetemplate/add/", template_form(**fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PipelineTemplate.objects.exists()


def test_template_saved_through_the_service(admin_client):
    parameters = {"type": "object", "properties": {"n": {"type": "integer", "default": 2}}}
    graph = {
        **GRAPH,
        "nodes": [*GRAPH["nodes"][:1], {**GRAPH["nodes"][1], "config": {"factor": "{{ n }}"}}, GRAPH["nodes"][2]],
    }
    data = template_form(graph=json.dumps(graph), parameters=json.dumps(parameters))
    assert admin_client.post("/admin/pipelines/pipelinetemplate/add/", data).status_code == 302
    template = PipelineTemplate.objects.get(slug="t")
    assert template.created_by is not None and template.parameters == parameters
    data["name"] = "Renamed"
    assert admin_client.post(f"/admin/pipelines/pipelinetemplate/{template.pk}/change/", data).status_code == 302
    template.refresh_from_db()
    assert template.name == "Renamed"


def connection_form(owner, **fields):
    return {
        "name": "Warehouse",
        "slug": "warehouse",
        "kind": "postgresql",
        "description": "",
        "config": json.dumps(PG_CONFIG),
        "owner": owner.pk,
        "set_secrets": "",
        **fields,
    }


def test_connection_secrets_are_write_only(admin_client, editor):
    data = connection_form(editor, set_secrets='{"password": "s3cr3t-value"}')
    assert admin_client.post("/admin/pipelines/connection/add/", data).status_code == 302
    connection = Connection.objects.get(slug="warehouse")
    assert connection.owner == editor and connection.secrets == {"password": "s3cr3t-value"}
    assert "s3cr3t-value" not in connection.encrypted_secrets
    url = f"/admin/pipelines/connection/{connection.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert "s3cr3t-value" not in page and connection.encrypted_secrets not in page
    assert "password" in page  # the secret's name is shown
    # Blank keeps the secrets; a new value replaces; null removes.
    assert admin_client.post(url, connection_form(editor, description="kept")).status_code == 302
    connection.refresh_from_db()
    assert connection.description == "kept" and connection.secrets == {"password": "s3cr3t-value"}
    assert admin_client.post(url, connection_form(editor, set_secrets='{"password": "n3w"}')).status_code == 302
    connection.refresh_from_db()
    assert connection.secrets == {"password": "n3w"}
    assert admin_client.post(url, connection_form(editor, set_secrets='{"password": null}')).status_code == 302
    connection.refresh_from_db()
    assert connection.secrets == {} and connection.secret_keys == []


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"set_secrets": '{"api_key": "zz-not-shown-zz"}'}, "Unknown secrets"),
        ({"set_secrets": '{"password": 5}'}, "Secret values are text"),
        ({"set_secrets": '"zz-not-shown-zz"'}, "an object such as"),
        ({"set_secrets": "{zz-not-shown-zz"}, "Enter a valid JSON"),
        ({"config": '{"host": "127.0.0.1"}'}, "database"),
        ({"config": "{bad"}, "Enter a valid JSON"),
    ],
)
def test_connection_form_errors_are_inline_and_secret_free(admin_client, editor, fields, message):
    response = admin_client.post("/admin/pipelines/connection/add/", connection_form(editor, **fields))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "zz-not-shown-zz" not in page
    assert not Connection.objects.exists()


def test_a_connection_in_use_cannot_be_deleted(admin_client, editor):
    connection = services.connection_create(user=editor, name="db", kind="postgresql", config=PG_CONFIG)
    graph = {
        "nodes": [
            {"key": "src", "type": "source.database", "config": {"connection": connection.slug, "table": "t"}},
            {"key": "dst", "type": "test.sink"},
        ],
        "edges": [{"source": "src", "target": "dst"}],
    }
    services.pipeline_create(user=editor, name="Uses db", graph=parse_graph_document(graph))
    url = f"/admin/pipelines/connection/{connection.pk}/delete/"
    page = admin_client.get(url).content.decode()
    assert "Pipeline uses-db (node src) uses connection db" in page
    assert admin_client.post(url, {"post": "yes"}).status_code == 200
    assert Connection.objects.filter(pk=connection.pk).exists()
