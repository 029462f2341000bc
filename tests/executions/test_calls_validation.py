"""pipeline.call validation: its config, the called version's resolution (hidden = not found), cycles at
any depth, the depth limit, the mapping, and schemas propagated through the called graph."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from pipelines.graph import Graph, parse_graph_document
from pipelines.models import Pipeline
from pipelines.nodes import registry
from pipelines.services.pipelines import pipeline_graph_set, pipeline_version_create, validation_context
from pipelines.validation import validate_graph
from tests import factories
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db


def called_graph():
    return chain(
        ("src", "t.rows", {"n": 3}),
        ("derive", "transform.map", {"derive": [{"name": "double", "expr": "i * 2"}]}),
        ("dst", "t.sink", {"name": "called"}),
    )


def call_graph(pipeline_id, *, inputs=None, outputs=None, version=None, after="double > 2"):
    config = {"pipeline": pipeline_id, "version": version, "inputs": inputs or {"in": "src"}}
    config["outputs"] = outputs or {"out": "derive"}
    return chain(
        ("rows", "t.rows", {"n": 5}),
        ("call", "pipeline.call", config),
        ("keep", "transform.filter", {"condition": after}),
        ("dst", "t.sink", {"name": "caller"}),
    )


def validate(graph: dict, *, user, pipeline: Pipeline | None = None):
    context = validation_context(user=user, pipeline=pipeline)
    return validate_graph(Graph.from_dict(parse_graph_document(graph).to_dict()), context=context)


def problems(result) -> list[tuple[str | None, str | None, str]]:
    return [(p.node, p.field, p.code) for p in result.problems]


@pytest.fixture
def called(make_pipeline):
    return make_pipeline(called_graph(), name="Called")


def test_schemas_propagate_through_the_called_graph(called, editor):
    result = validate(call_graph(called.pk), user=editor)
    assert result.is_valid, result.problems
    assert result.schemas["call"]["out"] == {"i": "Int64", "double": "Int64"}
    assert result.schemas["call"]["in:in"] == {"i": "Int64"}
    assert result.schemas["keep"]["out"] == {"i": "Int64", "double": "Int64"}


def test_a_column_the_called_graph_does_not_make_is_a_problem_downstream(called, editor):
    result = validate(call_graph(called.pk, after="nope > 1"), user=editor)
    assert [p.node for p in result.problems] == ["keep"]
    assert "nope" in result.problems[0].message
    assert result.schemas["call"]["out"] == {"i": "Int64", "double": "Int64"}


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"pipeline": 1, "inputs": {"in": "src"}}, "config.outputs"),
        ({"pipeline": "1", "outputs": {"out": "x"}}, "config.pipeline"),
        ({"pipeline": 1, "version": 0, "outputs": {"out": "x"}}, "config.version"),
        ({"pipeline": 1, "outputs": {"9bad": "x"}}, "config.outputs.9bad.[key]"),
        ({"pipeline": 1, "outputs": {"out": "a.b.c"}}, "config.outputs.out"),
        ({"pipeline": 1, "inputs": {"a": "src", "b": "src"}, "outputs": {"out": "x"}}, "config.inputs"),
        ({"pipeline": 1, "outputs": {"out": "x"}, "extra": 1}, "config.extra"),
    ],
)
def test_config_errors_are_field_level(config, field, editor):
    graph = chain(("call", "pipeline.call", config), ("dst", "t.sink", {"name": "x"}))
    result = validate(graph, user=editor)
    assert ("call", field, "invalid_config") in problems(result), problems(result)


def test_hidden_pipeline_reads_as_not_found(editor):
    other = factories.UserFactory(role="editor")
    hidden = factories.PipelineFactory(owner=other)
    seen = validate(call_graph(hidden.pk), user=editor).problems[0]
    missing = validate(call_graph(hidden.pk + 1000), user=editor).problems[0]
    assert (seen.node, seen.field, seen.code) == ("call", "config.pipeline", "not_found")
    assert seen.message.replace(str(hidden.pk), "N") == missing.message.replace(str(hidden.pk + 1000), "N")
    assert hidden.name not in seen.message


def test_shared_pipeline_may_be_called(make_pipeline, editor):
    other = factories.UserFactory(role="editor")
    theirs = make_pipeline(called_graph(), name="Theirs")
    Pipeline.objects.filter(pk=theirs.pk).update(owner=other)
    assert validate(call_graph(theirs.pk), user=editor).problems[0].code == "not_found"
    theirs.shared_with_users.add(editor)
    assert validate(call_graph(theirs.pk), user=editor).is_valid


def test_calls_resolve_as_the_callers_owner_sees_them(make_pipeline, called, editor):
    """An admin validating someone's pipeline does not lend it their sight."""
    other = factories.UserFactory(role="editor")
    caller = factories.PipelineFactory(owner=other, name="Their caller")
    result = validate(call_graph(called.pk), user=editor, pipeline=caller)
    assert problems(result) == [("call", "config.pipeline", "not_found")]


def test_missing_version(called, editor):
    result = validate(call_graph(called.pk, version=7), user=editor)
    assert problems(result) == [("call", "config.version", "not_found")]
    assert "Called has no version 7" in result.problems[0].message


def test_mapping_must_name_sources_and_outputs_of_the_called_graph(called, editor):
    bad_input = validate(call_graph(called.pk, inputs={"in": "derive"}), user=editor)
    assert ("call", "config.inputs.in", "call_mapping") in problems(bad_input)
    assert "sources: src" in bad_input.problems[0].message
    for target in ("nothing", "dst", "derive.nope"):
        bad_output = validate(call_graph(called.pk, outputs={"out": target}), user=editor)
        assert ("call", "config.outputs.out", "call_mapping") in problems(bad_output), target


def test_direct_cycle_is_refused_with_its_chain(make_pipeline, editor):
    a = make_pipeline(called_graph(), name="A")
    b = make_pipeline(
        chain(
            ("src", "t.rows", {"n": 1}),
            ("call", "pipeline.call", {"pipeline": a.pk, "inputs": {"in": "src"}, "outputs": {"out": "derive"}}),
            ("dst", "t.sink", {"name": "b"}),
        ),
        name="B",
    )
    # A's draft now calls B, whose version calls A.
    result = validate(call_graph(b.pk, outputs={"out": "call"}, after="i > 0"), user=editor, pipeline=a)
    assert problems(result) == [("call", "config.pipeline", "call_cycle")]
    assert "A → B → A" in result.problems[0].message


def _calling(make_pipeline, target: Pipeline, name: str) -> Pipeline:
    return make_pipeline(
        chain(
            ("src", "t.rows", {"n": 1}),
            ("call", "pipeline.call", {"pipeline": target.pk, "inputs": {"in": "src"}, "outputs": {"out": "call"}}),
            ("dst", "t.sink", {"name": name}),
        ),
        name=name,
    )


def test_cycle_through_three_levels_is_refused(make_pipeline, editor):
    a = make_pipeline(called_graph(), name="A")
    d = make_pipeline(
        chain(
            ("src", "t.rows", {"n": 1}),
            ("call", "pipeline.call", {"pipeline": a.pk, "inputs": {"in": "src"}, "outputs": {"out": "derive"}}),
            ("dst", "t.sink", {"name": "d"}),
        ),
        name="D",
    )
    c = _calling(make_pipeline, d, "C")
    b = _calling(make_pipeline, c, "B")
    graph = call_graph(b.pk, outputs={"out": "call"}, after="i > 0")
    result = validate(graph, user=editor, pipeline=a)
    assert problems(result) == [("call", "config.pipeline", "call_cycle")]
    assert "A → B → C → D → A" in result.problems[0].message
    # Saving it as A's draft and asking for a version is refused the same way (the API's path).
    pipeline_graph_set(pipeline=a, user=editor, graph=parse_graph_document(graph))
    with pytest.raises(ValidationError, match="A → B → C → D → A"):
        pipeline_version_create(pipeline=a, user=editor)


def test_depth_limit(make_pipeline, editor, settings):
    base = make_pipeline(called_graph(), name="Base")
    one = make_pipeline(
        chain(
            ("src", "t.rows", {"n": 1}),
            ("call", "pipeline.call", {"pipeline": base.pk, "inputs": {"in": "src"}, "outputs": {"out": "derive"}}),
            ("dst", "t.sink", {"name": "one"}),
        ),
        name="One",
    )
    two = _calling(make_pipeline, one, "Two")
    graph = call_graph(two.pk, outputs={"out": "call"}, after="i > 0")
    assert validate(graph, user=editor).is_valid  # depth 3
    settings.SLUICE_CALL_MAX_DEPTH = 2
    result = validate(graph, user=editor)
    assert problems(result) == [("call", "config.pipeline", "call_depth")]
    assert "Two → One → Base" in result.problems[0].message


def test_without_a_resolver_a_call_is_a_problem_not_a_crash(called):
    result = validate_graph(Graph.from_dict(parse_graph_document(call_graph(called.pk)).to_dict()))
    assert ("call", "config.pipeline", "call_unavailable") in problems(result)


def test_node_type_ports_follow_the_config():
    node_type = registry.get("pipeline.call")
    config = node_type.parse_config({"pipeline": 3, "inputs": {"left": "a", "right": "b"}, "outputs": {"x": "n"}})
    assert [p.name for p in node_type.input_ports(config)] == ["left", "right"]
    assert node_type.output_ports(config) == ("x",)
    assert node_type.describe()["dynamic_outputs"] is True


def test_validate_api_reports_the_cycle_field_level(make_pipeline, editor, client_for):
    a = make_pipeline(called_graph(), name="A")
    b = make_pipeline(
        chain(
            ("src", "t.rows", {"n": 1}),
            ("call", "pipeline.call", {"pipeline": a.pk, "inputs": {"in": "src"}, "outputs": {"out": "derive"}}),
            ("dst", "t.sink", {"name": "b"}),
        ),
        name="B",
    )
    body = {"graph": call_graph(b.pk, outputs={"out": "call"}, after="i > 0")}
    response = client_for(editor).post(f"/api/pipelines/{a.pk}/validate/", body, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["valid"] is False
    assert [(p["node"], p["field"], p["code"]) for p in data["problems"]] == [("call", "config.pipeline", "call_cycle")]


def test_fan_out_of_calls_is_bounded(make_pipeline, editor):
    """Many calls of a pipeline that makes many calls would parse fan-out^depth graphs: bounded."""
    base = make_pipeline(called_graph(), name="Base")

    def fan(target, name, count, outputs):
        nodes = [("src", "t.rows", {"n": 1})]
        edges = []
        for i in range(count):
            config = {"pipeline": target.pk, "inputs": {"in": "src"}, "outputs": {"out": outputs}}
            nodes += [(f"c{i}", "pipeline.call", config), (f"d{i}", "t.sink", {"name": f"{name}{i}"})]
            edges += [("src", f"c{i}"), (f"c{i}", f"d{i}")]
        return chain(*nodes, edges=edges)

    level1 = make_pipeline(fan(base, "L1", 10, "derive"), name="L1")
    level2 = make_pipeline(fan(level1, "L2", 18, "c0"), name="L2")  # 18 + 180 resolutions: allowed
    result = validate(fan(level2, "L3", 2, "c0"), user=editor)  # 2 + 396: refused
    assert [code for _, _, code in problems(result)] == ["call_too_large"]
