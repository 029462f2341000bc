"""Test-only node types (independent of the built-in library) and helpers for the API tests."""

from __future__ import annotations

import copy

import polars as pl
import pytest
from pydantic import Field

from pipelines import services
from pipelines.graph import parse_graph_document
from pipelines.nodes import registry
from pipelines.nodes.base import DestinationType, NodeConfig, NodeType, Port
from tests import factories


class RowsConfig(NodeConfig):
    n: int = Field(3, ge=0, description="How many rows {i: 0..n-1} to make.")


class ApiRows(NodeType):
    key, family, title, Config = "apitest.rows", "source", "Test rows", RowsConfig
    inputs, outputs = (), (Port("out"),)
    example = {"n": 3}

    def output_schema(self, ctx, config, inputs):
        return {"out": pl.Schema({"i": pl.Int64})}

    def build(self, ctx, config, inputs):
        return {"out": pl.LazyFrame({"i": range(config.n)}, schema={"i": pl.Int64})}


class AddConfig(NodeConfig):
    add: int = Field(1, description="Added to column i.")


class ApiAdd(NodeType):
    key, family, title, Config = "apitest.add", "transform", "Test add", AddConfig
    example = {"add": 1}

    def build(self, ctx, config, inputs):
        return {"out": inputs["in"].with_columns(pl.col("i") + config.add)}


class SinkConfig(NodeConfig):
    name: str = Field("out", description="Target name.")


class ApiSink(DestinationType):
    key, title, Config = "apitest.sink", "Test sink", SinkConfig
    inputs = (Port("in"),)
    example = {"name": "out"}

    def stage(self, ctx, config, frame):
        return {}

    def commit(self, ctx, config, receipt):
        return None

    def abort(self, ctx, config, receipt):
        return None


TEST_TYPES = (ApiRows, ApiAdd, ApiSink)

# A valid graph made of the test types: rows -> add -> sink.
VALID_GRAPH = {
    "nodes": [
        {"key": "src", "type": "apitest.rows", "label": "Rows", "config": {"n": 3}, "position": {"x": 0.0, "y": 0.0}},
        {"key": "plus", "type": "apitest.add", "label": "", "config": {"add": 1}, "position": {"x": 200.0, "y": 0.0}},
        {
            "key": "dst",
            "type": "apitest.sink",
            "label": "",
            "config": {"name": "t"},
            "position": {"x": 400.0, "y": 0.0},
        },
    ],
    "edges": [
        {"source": "src", "source_port": "out", "target": "plus", "target_port": "in"},
        {"source": "plus", "source_port": "out", "target": "dst", "target_port": "in"},
    ],
}


def valid_graph() -> dict:
    return copy.deepcopy(VALID_GRAPH)


@pytest.fixture(autouse=True)
def api_test_types():
    for cls in TEST_TYPES:
        registry.register(cls)
    yield
    for cls in TEST_TYPES:
        registry.unregister(cls.key)


@pytest.fixture
def make_pipeline():
    """A pipeline made through the service (with an optional graph document and tags)."""

    def make(owner, *, name: str = "Orders", graph: dict | None = None, **fields):
        parsed = parse_graph_document(graph) if graph is not None else None
        return services.pipeline_create(user=owner, name=name, graph=parsed, **fields)

    return make


@pytest.fixture
def other_editor(db):
    return factories.UserFactory(role="editor")
