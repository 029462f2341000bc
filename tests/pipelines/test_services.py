"""Service-level tests: each transition of pipelines, versions, templates and the import."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from pipelines import services
from pipelines.graph import parse_graph_document
from pipelines.models import Node, Pipeline, PipelineVersion
from pipelines.selectors import pipeline_export, pipeline_graph, pipelines_visible_to, version_diff
from tests import factories
from tests.pipelines.test_graph_validation import test_types  # noqa: F401  (registers test.* node types)

pytestmark = pytest.mark.django_db

GRAPH = {
    "nodes": [
        {"key": "src", "type": "test.rows", "config": {"columns": {"a": "Int64"}}},
        {"key": "p", "type": "test.pass", "config": {"factor": 2}},
        {"key": "dst", "type": "test.sink", "config": {}},
    ],
    "edges": [{"source": "src", "target": "p"}, {"source": "p", "target": "dst"}],
}


def make(user, graph=GRAPH, **kw):
    return services.pipeline_create(user=user, name=kw.pop("name", "Sales"), graph=parse_graph_document(graph), **kw)


def test_create_makes_slug_tags_and_draft(editor):
    p = make(editor, tags=["daily", "sales"], name="Sales daily")
    assert p.slug == "sales-daily"
    assert sorted(t.name for t in p.tags.all()) == ["daily", "sales"]
    assert [n.key for n in pipeline_graph(pipeline=p).nodes] == ["src", "p", "dst"]
    assert make(editor, name="Sales daily").slug == "sales-daily-2"


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"schedule_cron": "every day"}, "schedule_cron"),
        ({"schedule_cron": "0 6 * * * *"}, "schedule_cron"),
        ({"schedule_timezone": "Mars/Olympus"}, "schedule_timezone"),
        ({"schedule_enabled": True}, "schedule_enabled"),
        ({"priority": 12}, "priority"),
        ({"tags": ["Bad Tag"]}, "tags"),
    ],
)
def test_create_refuses_bad_fields(editor, fields, field):
    with pytest.raises(ValidationError) as info:
        make(editor, **fields)
    assert field in info.value.message_dict
    assert not Pipeline.objects.exists()  # nothing half-written


def test_graph_set_keeps_node_rows_for_kept_keys(editor):
    p = make(editor)
    ids = dict(Node.objects.filter(pipeline=p).values_list("key", "pk"))
    changed = {**GRAPH, "nodes": [*GRAPH["nodes"][:2], {"key": "out2", "type": "test.sink"}]}
    changed["edges"] = [GRAPH["edges"][0], {"source": "p", "target": "out2"}]
    services.pipeline_graph_set(pipeline=p, user=editor, graph=parse_graph_document(changed))
    after = dict(Node.objects.filter(pipeline=p).values_list("key", "pk"))
    assert after["src"] == ids["src"] and after["p"] == ids["p"]
    assert "dst" not in after and "out2" in after
    assert len(pipeline_graph(pipeline=p).edges) == 2


def test_versions_only_when_graph_changes(editor):
    p = make(editor)
    v1, created = services.pipeline_version_create(pipeline=p, user=editor)
    assert created and v1.number == 1 and p.current_version == v1
    again, created = services.pipeline_version_create(pipeline=p, user=editor)
    assert not created and again == v1
    moved = {**GRAPH, "nodes": [{**GRAPH["nodes"][0], "position": {"x": 99, "y": 1}}, *GRAPH["nodes"][1:]]}
    services.pipeline_graph_set(pipeline=p, user=editor, graph=parse_graph_document(moved))
    assert services.pipeline_version_create(pipeline=p, user=editor)[1] is False  # layout only
    edited = {**GRAPH, "nodes": [GRAPH["nodes"][0], {**GRAPH["nodes"][1], "config": {"factor": 3}}, GRAPH["nodes"][2]]}
    services.pipeline_graph_set(pipeline=p, user=editor, graph=parse_graph_document(edited))
    v2, created = services.pipeline_version_create(pipeline=p, user=editor, message="factor 3")
    assert created and v2.number == 2
    diff = version_diff(old=v1, new=v2)
    assert diff["nodes_changed"] == [{"key": "p", "changes": {"config": {"factor": {"from": 2, "to": 3}}}}]
    assert diff["nodes_added"] == diff["nodes_removed"] == []


def test_invalid_draft_saves_but_cannot_become_a_version(editor):
    bad = {"nodes": [{"key": "src", "type": "test.rows"}, {"key": "x", "type": "nope"}], "edges": []}
    p = make(editor, graph=bad)
    assert len(pipeline_graph(pipeline=p).nodes) == 2
    with pytest.raises(ValidationError) as info:
        services.pipeline_version_create(pipeline=p, user=editor)
    messages = info.value.message_dict["graph"]
    assert any("unknown node type 'nope'" in m for m in messages)
    assert any("no destination" in m for m in messages)
    assert not PipelineVersion.objects.exists()


def test_versions_are_immutable(editor):
    p = make(editor)
    v1, _ = services.pipeline_version_create(pipeline=p, user=editor)
    v1.message = "rewritten"
    with pytest.raises(ValueError, match="immutable"):
        v1.save()


def test_visibility_owner_shared_user_group_staff(editor, viewer, staff):
    from django.contrib.auth.models import Group

    mine = make(editor, name="mine")
    other = factories.UserFactory(role="editor")
    theirs = make(other, name="theirs")
    by_user = make(other, name="shared with user")
    by_user.shared_with_users.add(viewer)
    by_group = make(other, name="shared with group")
    team = Group.objects.create(name="team")
    viewer.groups.add(team)
    by_group.shared_with_groups.add(team)
    assert set(pipelines_visible_to(user=editor)) == {mine}
    assert set(pipelines_visible_to(user=viewer)) == {by_user, by_group}
    assert set(pipelines_visible_to(user=staff)) == {mine, theirs, by_user, by_group}


def test_template_apply_substitutes_typed_parameters(editor):
    template = services.template_create(
        user=editor,
        name="Rows",
        graph={
            **GRAPH,
            "nodes": [
                {"key": "src", "type": "test.rows", "config": {"columns": "{{ columns }}"}},
                {"key": "p", "type": "test.pass", "config": {"factor": "{{factor}}"}, "label": "x{{ factor }}"},
                GRAPH["nodes"][2],
            ],
        },
        parameters={
            "type": "object",
            "properties": {"columns": {"type": "object"}, "factor": {"type": "integer", "minimum": 1, "default": 4}},
            "required": ["columns"],
        },
    )
    p = services.template_apply(
        template=template, user=editor, name="From template", parameters={"columns": {"z": "String"}}
    )
    g = pipeline_graph(pipeline=p)
    assert g.nodes[0].config == {"columns": {"z": "String"}}
    assert g.nodes[1].config == {"factor": 4} and g.nodes[1].label == "x4"
    with pytest.raises(ValidationError) as info:
        services.template_apply(template=template, user=editor, name="Bad", parameters={"factor": 0})
    text = " ".join(info.value.message_dict["parameters"])
    assert "columns" in text and "minimum" in text


def test_template_refuses_undeclared_placeholder_and_bad_schema(editor):
    with pytest.raises(ValidationError, match="not declared"):
        services.template_create(
            user=editor, name="T", graph={"nodes": [{"key": "a", "type": "x", "config": {"p": "{{ nope }}"}}]}
        )
    with pytest.raises(ValidationError) as info:
        services.template_create(user=editor, name="T", graph={"nodes": []}, parameters={"type": 12})
    assert "parameters" in info.value.message_dict


def test_import_creates_then_versions_only_on_change(editor):
    p = make(editor, name="Round trip", tags=["x"], schedule_cron="0 6 * * *", schedule_timezone="Europe/Paris")
    doc = pipeline_export(pipeline=p)
    assert doc["apiVersion"] == "sluice.dev/v1" and doc["kind"] == "Pipeline"
    doc["metadata"]["slug"] = "copy"
    first = services.pipeline_import(user=editor, document=doc)
    assert first.created and first.new_version and first.version.number == 1
    again = services.pipeline_import(user=editor, document=doc)
    assert not again.created and not again.new_version and again.version.number == 1
    doc["spec"]["graph"]["nodes"][1]["config"] = {"factor": 5}
    third = services.pipeline_import(user=editor, document=doc)
    assert third.new_version and third.version.number == 2
    exported = pipeline_export(pipeline=third.pipeline)
    assert exported["spec"]["schedule"] == {"cron": "0 6 * * *", "timezone": "Europe/Paris", "enabled": False}
    assert exported["metadata"]["tags"] == ["x"]


def test_import_of_an_invalid_graph_writes_nothing(editor):
    doc = {"slug": "broken", "name": "Broken", "graph": {"nodes": [{"key": "a", "type": "nope"}]}}
    with pytest.raises(ValidationError):
        services.pipeline_import(user=editor, document=doc)
    assert not Pipeline.objects.filter(slug="broken").exists()
