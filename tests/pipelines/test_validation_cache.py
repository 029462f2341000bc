"""The per-process caches that keep a 2,000-node graph's validation under 300 ms: pure nodes' output
schemas (pipelines.validation.schemas) and the expression allowlist's verdicts. A cache must never
answer for a different config, input schema or text, nor hide a problem."""

from __future__ import annotations

import pytest

from pipelines.graph import Graph
from pipelines.nodes.expression_policy import ExpressionNotAllowed, check_expression_text
from pipelines.validation import schemas as schema_module
from pipelines.validation import validate_graph


def _graph(expr: str, columns: dict[str, str] | None = None) -> Graph:
    source_columns = columns or {"a": "Int64"}
    return Graph.from_dict(
        {
            "nodes": [
                {"key": "src", "type": "test.cache_rows", "config": {"columns": source_columns}},
                {"key": "m", "type": "transform.map", "config": {"derive": [{"name": "b", "expr": expr}]}},
            ],
            "edges": [{"source": "src", "target": "m"}],
        }
    )


@pytest.fixture(autouse=True)
def rows_type():
    import polars as pl
    from pydantic import Field

    from pipelines.nodes import registry
    from pipelines.nodes.base import NodeConfig, NodeType, Port

    class RowsConfig(NodeConfig):
        columns: dict[str, str] = Field(default_factory=dict)

    class Rows(NodeType):
        key, family, outputs, inputs, Config = "test.cache_rows", "source", (Port("out"),), (), RowsConfig

        def build(self, ctx, config, inputs):
            return {"out": pl.LazyFrame(schema={n: getattr(pl, d) for n, d in config.columns.items()})}

    registry.register(Rows)
    yield
    registry.unregister(Rows.key)


def test_a_pure_node_is_built_once_for_the_same_config_and_inputs(monkeypatch):
    from pipelines.nodes.transforms.columns import Map

    calls = []
    original = Map.output_schema

    def counting(self, ctx, config, inputs):
        calls.append(ctx.node_key)
        return original(self, ctx, config, inputs)

    monkeypatch.setattr(Map, "output_schema", counting)
    monkeypatch.setattr(schema_module, "_cache", type(schema_module._cache)())
    first = validate_graph(_graph("a * 2"))
    second = validate_graph(_graph("a * 2"))
    assert first.schemas["m"] == second.schemas["m"] == {"in:in": {"a": "Int64"}, "out": {"a": "Int64", "b": "Int64"}}
    assert calls == ["m"]

    # Another config, or another input schema, is built again and gives its own answer.
    assert validate_graph(_graph("a * 2.5")).schemas["m"]["out"]["b"] != "Int64"
    assert validate_graph(_graph("a * 2", {"a": "Float32"})).schemas["m"]["out"]["b"] == "Float32"
    assert calls == ["m", "m", "m"]


def test_problems_are_found_every_time(monkeypatch):
    monkeypatch.setattr(schema_module, "_cache", type(schema_module._cache)())
    for _ in range(2):
        result = validate_graph(_graph("missing + 1"))
        assert not result.is_valid
        assert any(p.node == "m" and "missing" in p.message for p in result.problems)


def test_the_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(schema_module, "_cache", type(schema_module._cache)())
    monkeypatch.setattr(schema_module, "_CACHE_SIZE", 3)
    for i in range(6):
        validate_graph(_graph(f"a + {i}"))
    assert len(schema_module._cache) == 3


def test_an_expression_verdict_is_the_same_every_time():
    for _ in range(3):
        check_expression_text("a + 1")
        with pytest.raises(ExpressionNotAllowed) as refused:
            check_expression_text("read_csv('/etc/passwd')")
        assert "read_csv" in refused.value.message
        assert refused.value.function is not None
        with pytest.raises(ExpressionNotAllowed) as syntax:
            check_expression_text("a +")
        assert syntax.value.code == "syntax"


def test_node_code_that_changes_its_inputs_changes_no_one_elses_schema(monkeypatch):
    """Described schemas are shared (the cache's, a source's, every node's it feeds) and never copied on a
    hit: node code only ever gets copies, so a node that changes its input in place changes nothing else."""
    from pipelines.nodes.transforms.columns import Map

    original = Map.output_schema

    def meddling(self, ctx, config, inputs):
        inputs["in"]["meddled"] = inputs["in"]["a"]  # in place, on what it was given
        return original(self, ctx, config, inputs)

    monkeypatch.setattr(Map, "output_schema", meddling)
    monkeypatch.setattr(schema_module, "_cache", type(schema_module._cache)())
    for _ in range(2):  # built, then from the cache
        result = validate_graph(_graph("a * 2"))
        assert result.schemas["src"] == {"out": {"a": "Int64"}}
        assert result.schemas["m"]["in:in"] == {"a": "Int64"}
        assert result.schemas["m"]["out"] == {"a": "Int64", "meddled": "Int64", "b": "Int64"}
    ((described, _),) = schema_module._cache.values()
    assert list(described["out"].schema) == ["a", "meddled", "b"]
    assert described["out"].json == {"a": "Int64", "meddled": "Int64", "b": "Int64"}
