"""Transforms and quality checks inside graphs: schema propagation, column lineage and problems through
``validate_graph``, plus every type's description and example.

Test-only node types (``test.source``, ``test.sink``) stand in for the real sources and destinations.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pytest
from pydantic import Field

from pipelines.graph import EdgeSpec, Graph, NodeSpec
from pipelines.nodes import registry
from pipelines.nodes.base import DestinationType, NodeConfig, NodeType, Port
from pipelines.validation import validate_graph

DTYPES = {
    "Int64": pl.Int64(),
    "Float64": pl.Float64(),
    "String": pl.String(),
    "Date": pl.Date(),
    "Datetime": pl.Datetime("us"),
    "Boolean": pl.Boolean(),
}


class FixedSourceConfig(NodeConfig):
    columns: dict[str, str] = Field(default_factory=dict)
    rows: list[dict[str, Any]] = Field(default_factory=list)


class FixedSource(NodeType):
    key = "test.source"
    family = "source"
    inputs = ()
    outputs = (Port("out"),)
    Config = FixedSourceConfig

    def output_schema(self, ctx, config, inputs):
        return {"out": pl.Schema({name: DTYPES[t] for name, t in config.columns.items()})}

    def build(self, ctx, config, inputs):
        schema = self.output_schema(ctx, config, inputs)["out"]
        return {"out": pl.DataFrame(config.rows, schema=schema).lazy()}


class AnySink(DestinationType):
    key = "test.sink"
    inputs = (Port("in"),)


@pytest.fixture(autouse=True)
def test_types():
    registry.register(FixedSource)
    registry.register(AnySink)
    yield
    registry.unregister("test.source")
    registry.unregister("test.sink")


def source(key: str, **columns: str) -> NodeSpec:
    return NodeSpec(key=key, type="test.source", config={"columns": columns})


def graph(nodes: list[NodeSpec], edges: list[tuple]) -> Graph:
    return Graph(nodes=nodes, edges=[EdgeSpec(*e) for e in edges])


def sources_of(result, node: str, port: str, column: str) -> list[tuple[str, str]]:
    return [(s["node"], s["column"]) for s in result.lineage[node][port][column]]


ORDERS = {"id": "Int64", "price": "Float64", "qty": "Int64", "pays": "String", "day": "String"}


def test_linear_chain_schemas_and_lineage(settings):
    g = graph(
        [
            source("src", **ORDERS),
            NodeSpec("keep", "transform.filter", {"condition": "qty > 0"}),
            NodeSpec(
                "shape",
                "transform.map",
                {
                    "derive": [{"name": "total", "expr": "price * qty"}, {"name": "big", "expr": "total > 100"}],
                    "cast": {"day": "date"},
                    "rename": {"pays": "country"},
                    "drop": ["qty"],
                },
            ),
            NodeSpec(
                "agg",
                "transform.aggregate",
                {
                    "group_by": ["country"],
                    "aggregations": [
                        {"column": "*", "function": "count", "alias": "n"},
                        {"column": "total", "function": "sum", "alias": "revenue"},
                    ],
                },
            ),
            NodeSpec("top", "transform.sort", {"keys": [{"column": "revenue", "descending": True}]}),
            NodeSpec("dst", "test.sink"),
        ],
        [("src", "keep"), ("keep", "shape"), ("shape", "agg"), ("agg", "top"), ("top", "dst")],
    )
    result = validate_graph(g)
    assert result.is_valid, result.problems
    assert result.schemas["shape"]["out"] == {
        "id": "Int64",
        "price": "Float64",
        "country": "String",
        "day": "Date",
        "total": "Float64",
        "big": "Boolean",
    }
    assert result.schemas["agg"]["out"] == {"country": "String", "n": "Int64", "revenue": "Float64"}
    assert sources_of(result, "keep", "out", "qty") == [("src", "qty")]
    assert sources_of(result, "shape", "out", "total") == [("keep", "price"), ("keep", "qty")]
    assert sources_of(result, "shape", "out", "big") == [("keep", "price"), ("keep", "qty")]  # through total
    assert sources_of(result, "shape", "out", "country") == [("keep", "pays")]
    assert sources_of(result, "shape", "out", "day") == [("keep", "day")]
    assert sources_of(result, "agg", "out", "revenue") == [("shape", "total")]
    assert sources_of(result, "agg", "out", "n") == []
    assert sources_of(result, "agg", "out", "country") == [("shape", "country")]
    assert sources_of(result, "top", "out", "revenue") == [("agg", "revenue")]


def test_join_lineage_maps_each_column_to_its_side(settings):
    g = graph(
        [
            source("orders", id="Int64", customer_id="Int64", name="String"),
            source("customers", cid="Int64", name="String", tier="String"),
            NodeSpec("j", "transform.join", {"how": "left", "left_on": ["customer_id"], "right_on": ["cid"]}),
            NodeSpec("dst", "test.sink"),
        ],
        [("orders", "j", "out", "left"), ("customers", "j", "out", "right"), ("j", "dst")],
    )
    result = validate_graph(g)
    assert result.is_valid, result.problems
    assert list(result.schemas["j"]["out"]) == ["id", "customer_id", "name", "name_right", "tier"]
    assert sources_of(result, "j", "out", "customer_id") == [("orders", "customer_id"), ("customers", "cid")]
    assert sources_of(result, "j", "out", "name") == [("orders", "name")]
    assert sources_of(result, "j", "out", "name_right") == [("customers", "name")]
    assert sources_of(result, "j", "out", "tier") == [("customers", "tier")]


def test_union_lineage_points_at_every_input_that_has_the_column(settings):
    g = graph(
        [
            source("a", id="Int64", x="String"),
            source("b", id="Float64", y="Boolean"),
            source("c", id="Int64"),
            NodeSpec("u", "transform.union"),
            NodeSpec("dst", "test.sink"),
        ],
        [("a", "u"), ("b", "u"), ("c", "u"), ("u", "dst")],
    )
    result = validate_graph(g)
    assert result.is_valid, result.problems
    assert result.schemas["u"]["out"] == {"id": "Float64", "x": "String", "y": "Boolean"}
    assert sources_of(result, "u", "out", "id") == [("a", "id"), ("b", "id"), ("c", "id")]
    assert sources_of(result, "u", "out", "y") == [("b", "y")]


def test_union_with_one_input_is_a_problem(settings):
    g = graph([source("a", id="Int64"), NodeSpec("u", "transform.union"), NodeSpec("dst", "test.sink")],
              [("a", "u"), ("u", "dst")])  # fmt: skip
    result = validate_graph(g)
    assert [(p.node, p.code) for p in result.problems] == [("u", "missing_input")]
    assert "at least 2 inputs" in result.problems[0].message


def test_branch_ports_in_a_graph(settings):
    config = {"routes": [{"port": "big", "condition": "price > 100"}], "default_port": "small"}
    nodes = [source("src", **ORDERS), NodeSpec("b", "transform.branch", config)]
    nodes += [NodeSpec("d1", "test.sink"), NodeSpec("d2", "test.sink")]
    g = graph(nodes, [("src", "b"), ("b", "d1", "big", "in"), ("b", "d2", "small", "in")])
    result = validate_graph(g)
    assert result.is_valid, result.problems
    assert set(result.schemas["b"]) == {"in:in", "big", "small"}
    assert sources_of(result, "b", "big", "price") == [("src", "price")]
    bad = graph(nodes, [("src", "b"), ("b", "d1", "big", "in"), ("b", "d2", "default", "in")])
    problems = [p for p in validate_graph(bad).problems if p.code == "unknown_port"]
    assert [(p.node, p.field) for p in problems] == [("b", "edges[2].source_port")]
    assert "big, small" in problems[0].message


def test_quality_ports_and_lineage(settings):
    config = {
        "rules": [
            {"type": "not_null", "columns": ["id"]},
            {"type": "expression", "condition": "price >= 0 AND qty > 0"},
        ],
        "on_failure": "reject",
    }
    nodes = [source("src", **ORDERS), NodeSpec("q", "quality.validate", config)]
    nodes += [NodeSpec("good", "test.sink"), NodeSpec("bad", "test.sink")]
    g = graph(nodes, [("src", "q"), ("q", "good", "out", "in"), ("q", "bad", "rejected", "in")])
    result = validate_graph(g)
    assert result.is_valid, result.problems
    assert result.schemas["q"]["out"] == ORDERS
    assert result.schemas["q"]["rejected"] == {**ORDERS, "_sluice_failed_rules": "String"}
    assert sources_of(result, "q", "rejected", "_sluice_failed_rules") == [
        ("src", "id"),
        ("src", "price"),
        ("src", "qty"),
    ]
    assert sources_of(result, "q", "out", "pays") == [("src", "pays")]


def test_problems_name_node_field_and_column_and_block_downstream(settings):
    g = graph(
        [
            source("src", **ORDERS),
            NodeSpec("keep", "transform.filter", {"condition": "qtty > 0"}),
            NodeSpec("agg", "transform.aggregate", {"aggregations": [{"column": "pays", "function": "sum"}]}),
            NodeSpec("dst", "test.sink"),
        ],
        [("src", "keep"), ("keep", "agg"), ("agg", "dst")],
    )
    result = validate_graph(g)
    assert [(p.node, p.field, p.code) for p in result.problems] == [("keep", "config.condition", "unknown_column")]
    assert "Did you mean 'qty'?" in result.problems[0].message
    assert "agg" not in result.schemas  # blocked by the problem upstream
    g.nodes[1].config = {"condition": "qty > 0"}
    result = validate_graph(g)
    assert [(p.node, p.field, p.code) for p in result.problems] == [
        ("agg", "config.aggregations.0.column", "type_error")
    ]
    assert "'pays'" in result.problems[0].message


def test_bad_config_is_reported_per_field(settings):
    g = graph(
        [source("src", **ORDERS), NodeSpec("lim", "transform.limit", {"n": -5}), NodeSpec("dst", "test.sink")],
        [("src", "lim"), ("lim", "dst")],
    )
    problems = validate_graph(g).problems
    assert [(p.node, p.field, p.code) for p in problems] == [("lim", "config.n", "invalid_config")]


# --- every type: description and example ----------------------------------------------------------

MINE = [
    "transform.filter",
    "transform.map",
    "transform.sort",
    "transform.aggregate",
    "transform.join",
    "transform.union",
    "transform.dedupe",
    "transform.limit",
    "transform.branch",
    "quality.validate",
]
EXAMPLE_COLUMNS = {
    "id": "Int64",
    "amount": "Float64",
    "status": "String",
    "customer_id": "Int64",
    "day": "String",
    "price": "Float64",
    "quantity": "Int64",
    "internal_note": "String",
    "country": "String",
    "email": "String",
    "shipped_at": "Datetime",
    "ordered_at": "Datetime",
}


@pytest.mark.parametrize("key", MINE)
def test_description_renders_and_example_validates_in_a_graph(settings, key):
    node_type = registry.get(key)
    described = node_type.describe()
    json.dumps(described)
    assert described["family"] == key.split(".")[0]
    assert described["title"] and described["description"] and described["icon"]
    assert described["config_schema"]["type"] == "object"
    assert node_type.example is not None
    node_type.parse_config(node_type.example)

    columns = dict(EXAMPLE_COLUMNS)
    if key == "transform.map":  # the example renames cust -> customer_id
        columns.pop("customer_id")
        columns["cust"] = "String"
    nodes = [NodeSpec("s1", "test.source", {"columns": columns}), NodeSpec("n", key, node_type.example)]
    nodes.append(NodeSpec("s2", "test.source", {"columns": columns}))
    in_ports = [p.name for p in node_type.inputs]
    if key == "transform.union":
        edges = [("s1", "n"), ("s2", "n")]
    elif key == "transform.join":
        edges = [("s1", "n", "out", "left"), ("s2", "n", "out", "right")]
    else:
        edges = [("s1", "n", "out", in_ports[0])]
        nodes.pop()
    config = node_type.parse_config(node_type.example)
    for i, port in enumerate(node_type.output_ports(config)):
        nodes.append(NodeSpec(f"d{i}", "test.sink"))
        edges.append(("n", f"d{i}", port, "in"))
    result = validate_graph(graph(nodes, edges))
    assert result.is_valid, result.problems
    lineage = result.lineage["n"]
    for port, schema in result.schemas["n"].items():
        if not port.startswith("in:"):
            assert set(lineage[port]) == set(schema), f"{key}: lineage of {port} does not cover its columns"
