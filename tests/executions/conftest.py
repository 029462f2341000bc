"""Test-only node types for engine tests (independent of the built-in node library)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pytest
from django.conf import settings
from pydantic import Field

from executions import executors
from pipelines import services
from pipelines.graph import parse_graph_document
from pipelines.nodes import registry
from pipelines.nodes.base import DestinationType, NodeConfig, NodeError, NodeType, Port


class RowsConfig(NodeConfig):
    rows: list[dict] = Field(default_factory=list)
    n: int = 0  # generate n rows {"i": 0..n-1} when rows is empty


class EngineRows(NodeType):
    key, family, inputs, outputs, Config = "t.rows", "source", (), (Port("out"),), RowsConfig

    def build(self, ctx, config, inputs):
        if ctx.injected_rows is not None:
            return {"out": pl.LazyFrame(ctx.injected_rows, schema={"i": pl.Int64})}
        if config.rows:
            return {"out": pl.LazyFrame(config.rows)}
        frame = pl.LazyFrame({"i": range(config.n)}, schema={"i": pl.Int64})
        return {"out": frame.head(ctx.sample_rows) if ctx.mode == "dry_run" and ctx.sample_rows else frame}


class AddConfig(NodeConfig):
    add: int = 1
    fail_times: int = 0  # fail this many attempts first (counted in a file under DATA_ROOT)


class EngineAdd(NodeType):
    key, family, Config = "t.add", "transform", AddConfig

    def execute(self, ctx, config, inputs):
        if config.fail_times:
            marker = Path(settings.DATA_ROOT) / f"fail-{ctx.node_key}"
            seen = int(marker.read_text()) if marker.exists() else 0
            if seen < config.fail_times:
                marker.write_text(str(seen + 1))
                ctx.logger.warning("failing on purpose (%s)", seen + 1)
                raise NodeError(f"planned failure {seen + 1}")
        return self.build(ctx, config, inputs)

    def build(self, ctx, config, inputs):
        ctx.logger.info("adding %s", config.add)
        return {"out": inputs["in"].with_columns(pl.col("i") + config.add)}


class SplitConfig(NodeConfig):
    threshold: int = 5


class EngineSplit(NodeType):
    key, family, Config = "t.split", "transform", SplitConfig
    outputs = (Port("low"), Port("high"))

    def build(self, ctx, config, inputs):
        frame = inputs["in"]
        return {
            "low": frame.filter(pl.col("i") < config.threshold),
            "high": frame.filter(pl.col("i") >= config.threshold),
        }


class EngineUnion(NodeType):
    key, family, inputs = "t.union", "transform", (Port("in", multiple=True),)

    def build(self, ctx, config, inputs):
        return {"out": pl.concat(inputs["in"], how="diagonal_relaxed")}


class SinkConfig(NodeConfig):
    name: str


class EngineSink(DestinationType):
    """Stages a Parquet file next to DATA_ROOT/<name>.parquet; commit renames it; abort deletes it."""

    key, Config = "t.sink", SinkConfig
    inputs = (Port("in"),)

    def stage(self, ctx, config, frame):
        target = Path(settings.DATA_ROOT) / f"{config.name}.parquet"
        staging = target.with_name(f".{config.name}.{ctx.stage_id}.parquet")
        frame.sink_parquet(staging)
        return {"staging": str(staging), "target": str(target)}

    def commit(self, ctx, config, receipt):
        if os.path.exists(receipt["staging"]):
            os.replace(receipt["staging"], receipt["target"])
            with open(Path(settings.DATA_ROOT) / "commits.log", "a") as fh:
                fh.write(json.dumps(receipt) + "\n")

    def abort(self, ctx, config, receipt):
        if os.path.exists(receipt["staging"]):
            os.remove(receipt["staging"])


TYPES = (EngineRows, EngineAdd, EngineSplit, EngineUnion, EngineSink)


@pytest.fixture(autouse=True)
def engine_types(settings):
    settings.SLUICE_EXECUTOR = "inline"
    settings.SLUICE_HEARTBEAT_SECONDS = 0.2
    for cls in TYPES:
        registry.register(cls)
    yield
    for cls in TYPES:
        registry.unregister(cls.key)
    executors._inline.clear()


def chain(*nodes, edges=None):
    """nodes: (key, type, config); edges default to a linear chain."""
    node_docs = [{"key": k, "type": t, "config": c} for k, t, c in nodes]
    if edges is None:
        edges = [(nodes[i][0], nodes[i + 1][0]) for i in range(len(nodes) - 1)]
    edge_docs = []
    for src, dst in edges:
        s, sp = (src.split(".") + ["out"])[:2]
        d, dp = (dst.split(".") + ["in"])[:2]
        edge_docs.append({"source": s, "source_port": sp, "target": d, "target_port": dp})
    return {"nodes": node_docs, "edges": edge_docs}


@pytest.fixture
def make_pipeline(editor):
    def make(graph, **fields):
        pipeline = services.pipeline_create(
            user=editor, name=fields.pop("name", "Engine test"), graph=parse_graph_document(graph), **fields
        )
        services.pipeline_version_create(pipeline=pipeline, user=editor)
        pipeline.refresh_from_db()
        return pipeline

    return make


def read_target(name: str) -> pl.DataFrame:
    return pl.read_parquet(Path(settings.DATA_ROOT) / f"{name}.parquet")
