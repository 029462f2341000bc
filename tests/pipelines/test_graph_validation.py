"""Structural validation of graphs: every problem at once, each with node, field and message."""

from __future__ import annotations

import polars as pl
import pytest
from pydantic import Field

from pipelines.graph import Graph, parse_graph_document
from pipelines.nodes import registry
from pipelines.nodes.base import DestinationType, NodeConfig, NodeType, Port
from pipelines.validation import validate_graph
from pipelines.validation.structure import find_cycles


class RowsConfig(NodeConfig):
    columns: dict[str, str] = Field(default_factory=lambda: {"a": "Int64"})


class PassConfig(NodeConfig):
    factor: int = Field(1, ge=1)


class TestSource(NodeType):
    key, family, outputs, inputs, Config = "test.rows", "source", (Port("out"),), (), RowsConfig

    def build(self, ctx, config, inputs):
        schema = {name: getattr(pl, dtype) for name, dtype in config.columns.items()}
        return {"out": pl.LazyFrame(schema=schema)}


class TestPass(NodeType):
    key, family, Config = "test.pass", "transform", PassConfig

    def build(self, ctx, config, inputs):
        return {"out": inputs["in"].with_columns(pl.lit(config.factor).alias("factor"))}


class TestMerge(NodeType):
    key, family, inputs = "test.merge", "transform", (Port("in", multiple=True),)

    def build(self, ctx, config, inputs):
        return {"out": pl.concat(inputs["in"], how="diagonal_relaxed")}


class TestSink(DestinationType):
    key = "test.sink"
    inputs = (Port("in"),)


@pytest.fixture(autouse=True)
def test_types():
    for cls in (TestSource, TestPass, TestMerge, TestSink):
        registry.register(cls)
    yield
    for cls in (TestSource, TestPass, TestMerge, TestSink):
        registry.unregister(cls.key)


def graph(nodes, edges):
    return Graph.from_dict(
        {
            "nodes": [{"key": k, "type": t, "config": c} for k, t, c in nodes],
            "edges": [
                {
                    "source": s.split(".")[0],
                    "source_port": s.split(".")[1] if "." in s else "out",
                    "target": d.split(".")[0],
                    "target_port": d.split(".")[1] if "." in d else "in",
                }
                for s, d in edges
            ],
        }
    )


def codes(result):
    return sorted((p.code, p.node) for p in result.problems)


def test_valid_graph_propagates_schema_and_lineage():
    g = graph(
        [
            ("src", "test.rows", {"columns": {"a": "Int64", "b": "String"}}),
            ("p", "test.pass", {"factor": 2}),
            ("dst", "test.sink", {}),
        ],
        [("src", "p"), ("p", "dst")],
    )
    result = validate_graph(g)
    assert result.is_valid, result.problems
    assert result.order == ["src", "p", "dst"]
    assert result.schemas["p"]["out"] == {"a": "Int64", "b": "String", "factor": "Int32"}
    assert result.schemas["p"]["in:in"] == {"a": "Int64", "b": "String"}
    assert result.lineage["p"]["out"]["a"] == [{"node": "src", "port": "out", "column": "a"}]
    assert result.lineage["p"]["out"]["factor"] == []


def test_reports_every_problem_at_once():
    g = graph(
        [
            ("src", "test.rows", {}),
            ("bad", "test.pass", {"factor": 0, "nope": 1}),
            ("ghost", "no.such.type", {}),
            ("lonely", "test.pass", {}),
            ("dst", "test.sink", {}),
        ],
        [("src", "bad"), ("bad", "dst"), ("src", "dst"), ("bad.missing_port", "ghost"), ("src", "nowhere")],
    )
    result = validate_graph(g)
    found = codes(result)
    assert ("invalid_config", "bad") in found
    assert ("unknown_type", "ghost") in found
    assert ("missing_input", "lonely") in found
    assert ("too_many_inputs", "dst") in found
    assert ("unknown_node", None) in found
    assert ("dead_end", "lonely") in found
    fields = {p.field for p in result.problems if p.node == "bad"}
    assert {"config.factor", "config.nope"} <= fields
    unknown_node = next(p for p in result.problems if p.code == "unknown_node")
    assert unknown_node.field == "edges[4].target" and "nowhere" in unknown_node.message


def test_unknown_port_names_the_ports():
    g = graph([("src", "test.rows", {}), ("dst", "test.sink", {})], [("src.oops", "dst"), ("src", "dst.wrong")])
    messages = [p.message for p in validate_graph(g).problems if p.code == "unknown_port"]
    assert any("no output port 'oops'" in m and "ports: out" in m for m in messages)
    assert any("no input port 'wrong'" in m for m in messages)


def test_cycle_names_its_nodes():
    g = graph(
        [
            ("src", "test.rows", {}),
            ("m", "test.merge", {}),
            ("a", "test.pass", {}),
            ("b", "test.pass", {}),
            ("dst", "test.sink", {}),
        ],
        [("src", "m"), ("m", "a"), ("a", "b"), ("b", "m"), ("b", "dst")],
    )
    result = validate_graph(g)
    cycles = [p for p in result.problems if p.code == "cycle"]
    assert len(cycles) == 1 and "a, b, m" in cycles[0].message
    assert result.schemas == {}  # no propagation through a cycle


def test_self_loop_is_a_cycle():
    assert find_cycles(["a"], {"a": ["a"]}) == [["a"]]
    assert find_cycles(["a", "b"], {"a": ["b"]}) == []


def test_multiple_input_port_takes_several_edges():
    g = graph(
        [
            ("s1", "test.rows", {"columns": {"a": "Int64"}}),
            ("s2", "test.rows", {"columns": {"b": "String"}}),
            ("m", "test.merge", {}),
            ("dst", "test.sink", {}),
        ],
        [("s1", "m"), ("s2", "m"), ("m", "dst")],
    )
    result = validate_graph(g)
    assert result.is_valid, result.problems
    assert result.schemas["m"]["out"] == {"a": "Int64", "b": "String"}
    assert result.lineage["m"]["out"]["b"] == [{"node": "s2", "port": "out", "column": "b"}]


def test_duplicate_keys_empty_and_no_destination(settings):
    dup = Graph.from_dict({"nodes": [{"key": "a", "type": "test.rows"}, {"key": "a", "type": "test.rows"}]})
    assert ("duplicate_key", "a") in codes(validate_graph(dup))
    assert codes(validate_graph(Graph())) == [("empty_graph", None)]
    nodest = graph([("src", "test.rows", {})], [])
    assert ("no_destination", None) in codes(validate_graph(nodest))


def test_too_many_nodes(settings):
    settings.SLUICE_MAX_GRAPH_NODES = 3
    g = Graph.from_dict({"nodes": [{"key": f"n{i}", "type": "test.pass"} for i in range(4)]})
    assert codes(validate_graph(g)) == [("too_large", None)]


def test_schema_error_of_a_node_points_at_it():
    class Broken(NodeType):
        key, family = "test.broken", "transform"

        def build(self, ctx, config, inputs):
            return {"out": inputs["in"].select(pl.col("missing"))}

    registry.register(Broken)
    try:
        g = graph(
            [("src", "test.rows", {}), ("x", "test.broken", {}), ("dst", "test.sink", {})], [("src", "x"), ("x", "dst")]
        )
        problems = validate_graph(g).problems
        assert [(p.code, p.node) for p in problems] == [("schema_error", "x")]
        assert "missing" in problems[0].message
    finally:
        registry.unregister("test.broken")


def test_content_hash_ignores_layout_only():
    a = graph([("src", "test.rows", {}), ("dst", "test.sink", {})], [("src", "dst")])
    b = graph([("src", "test.rows", {}), ("dst", "test.sink", {})], [("src", "dst")])
    b.nodes[0].x, b.nodes[0].label = 500, "moved"
    assert a.content_hash() == b.content_hash()
    b.nodes[0].config = {"columns": {"z": "Int64"}}
    assert a.content_hash() != b.content_hash()


@pytest.mark.parametrize(
    "doc,field",
    [
        ([], "graph"),
        ({"nodes": {}}, "nodes"),
        ({"nodes": [{"key": "1bad", "type": "x"}]}, "nodes.0.key"),
        ({"nodes": [{"key": "a", "type": "x", "config": "str"}]}, "nodes.0.config"),
        ({"nodes": [{"key": "a", "type": "x", "position": {"x": "left"}}]}, "nodes.0.position.x"),
        ({"nodes": [{"key": "a", "type": "x"}], "edges": [{"source": "a", "target": "b"}]}, "edges.0.target"),
        ({"nodes": [{"key": "a", "type": "x"}, {"key": "a", "type": "y"}]}, "nodes.1.key"),
        ({"nodes": [], "extra": 1}, "extra"),
    ],
)
def test_graph_document_shape_errors(doc, field):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        parse_graph_document(doc)
    assert field in info.value.message_dict


def test_graph_document_size_limits(settings):
    from django.core.exceptions import ValidationError

    settings.SLUICE_MAX_GRAPH_NODES = 10
    with pytest.raises(ValidationError) as info:
        parse_graph_document({"nodes": [{"key": f"n{i}", "type": "x"} for i in range(5000)]})
    assert "5000" in info.value.message_dict["nodes"][0]


def test_unicode_labels_round_trip():
    doc = {"nodes": [{"key": "a", "type": "x", "label": "Ventes 🚀 日本", "config": {"note": "é"}}], "edges": []}
    g = parse_graph_document(doc)
    assert g.to_dict()["nodes"][0]["label"] == "Ventes 🚀 日本"
