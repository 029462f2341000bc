"""The storable-JSON check's fast path (pipelines.api.fields.surely_storable): it may only say "storable"
when the part-by-part walk finds nothing and json.dumps takes the value; for every hostile value it
defers to the walk, so the 400 names the same field with the same message as before."""

from __future__ import annotations

import json
import math

import pytest

from pipelines.api.fields import MAX_JSON_DEPTH, json_problem, surely_storable


class Text(str):
    pass


class Number(float):
    pass


def _nested(depth: int):
    value: dict = {}
    cursor = value
    for _ in range(depth):
        cursor["a"] = {}
        cursor = cursor["a"]
    return value


HOSTILE = [
    ({"nodes": [{"config": {"v": "nul \x00 here"}}]}, "nodes.0.config.v", "NUL"),
    ({"nodes": [{"config": {"k\x00": 1}}]}, "nodes.0.config", "Keys"),
    ({"nodes": [{"config": {"v": "lone \udc80"}}]}, "nodes.0.config.v", "surrogates"),
    ({"nodes": [{"config": {"\ud800": 1}}]}, "nodes.0.config", "Keys"),
    ({"edges": [{"w": math.nan}]}, "edges.0.w", "finite"),
    ({"edges": [[1, -math.inf]]}, "edges.0.1", "finite"),
    ({"edges": (1, math.inf)}, "edges.1", "finite"),
    ("\x00", "", "NUL"),
    (math.nan, "", "finite"),
    ({"t": Text("nul \x00")}, "t", "NUL"),
    ({"n": Number("inf")}, "n", "finite"),
    (_nested(MAX_JSON_DEPTH + 1), ".".join(["a"] * (MAX_JSON_DEPTH + 1)), "Nested"),
]


@pytest.mark.parametrize(("value", "where", "words"), HOSTILE)
def test_hostile_values_go_to_the_walk_which_names_them(value, where, words):
    assert surely_storable(value) is False
    found = json_problem(value)
    assert found is not None
    assert found[0] == where
    assert words in found[1]


@pytest.mark.parametrize(
    "value",
    [
        {1: "an int key"},
        {(1, 2): "a tuple key"},
        {"s": {1, 2}},
        {"b": b"bytes"},
        {"t": Text("fine")},
        {"n": Number(1.5)},
        {"o": object()},
    ],
)
def test_what_it_is_not_sure_of_goes_to_the_walk(value):
    """Not JSON's own types (a YAML or form body can hold them): the walk and DRF decide as before."""
    assert surely_storable(value) is False


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        "",
        0,
        None,
        True,
        1.5,
        {"nodes": [{"key": "a", "config": {"x": [1, 2.5, None, True, "é" * 100, "\\u0000 as text"]}}]},
        (1, "two", [3.0]),
        _nested(MAX_JSON_DEPTH - 1),
        {"a": "\ud83d\ude00 a pair is fine".encode("utf-16", "surrogatepass").decode("utf-16")},
    ],
)
def test_plain_storable_json_is_taken_at_once(value):
    assert surely_storable(value) is True
    assert json_problem(value) is None
    json.dumps(value)  # what DRF's JSONField checks, skipped for such a value


def test_the_deepest_storable_value_and_one_level_more():
    assert json_problem(_nested(MAX_JSON_DEPTH)) is None
    assert json_problem({"x": _nested(MAX_JSON_DEPTH)}) is not None
    assert surely_storable({"x": _nested(MAX_JSON_DEPTH)}) is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"condition": "a > 1\x00"}, "graph.nodes.0.config.condition"),
        ({"condition": "lone \udc80"}, "graph.nodes.0.config.condition"),
    ],
)
def test_the_validate_endpoint_still_refuses_unstorable_text_by_field(client_for, editor, config, field):
    from pipelines import services

    pipeline = services.pipeline_create(user=editor, name="Storable")
    graph = {"nodes": [{"key": "f", "type": "transform.filter", "config": config}], "edges": []}
    body = json.dumps({"graph": graph})  # json escapes NUL and the surrogate: the parser gives them back
    response = client_for(editor).post(f"/api/pipelines/{pipeline.pk}/validate/", body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_the_validate_endpoint_refuses_non_finite_numbers_as_before(client_for, editor):
    """DRF's JSONField (strict JSON: no NaN) answers for them, as it did before the fast path."""
    from pipelines import services

    pipeline = services.pipeline_create(user=editor, name="Finite")
    raw = b'{"graph": {"nodes": [{"key": "f", "type": "transform.limit", "config": {"n": NaN}}], "edges": []}}'
    response = client_for(editor).post(f"/api/pipelines/{pipeline.pk}/validate/", raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"graph": ["Value must be valid JSON."]}
