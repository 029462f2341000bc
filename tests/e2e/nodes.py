"""Node types for end-to-end tests, loaded by the test and by the Celery worker through
SLUICE_NODE_MODULES=tests.e2e.nodes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import polars as pl
from django.conf import settings
from pydantic import Field

from pipelines.nodes.base import DestinationType, NodeConfig, NodeType, Port
from pipelines.nodes.registry import register
from tests.e2e import killpoints  # noqa: F401  (installs the kill points in a worker with SLUICE_KILLPOINTS)


class SleepConfig(NodeConfig):
    seconds: float = Field(1.0, ge=0, le=600)


@register
class Sleep(NodeType):
    """Passes rows through after sleeping, in slices, so a test can cancel or kill it mid-step."""

    key, family, Config = "e2e.sleep", "transform", SleepConfig
    inputs, outputs = (Port("in"),), (Port("out"),)

    def execute(self, ctx, config, inputs):
        deadline = time.monotonic() + config.seconds
        ctx.logger.info("sleeping %.1fs", config.seconds)
        while time.monotonic() < deadline:
            time.sleep(0.05)
        return self.build(ctx, config, inputs)

    def build(self, ctx, config, inputs):
        return {"out": inputs["in"]}


class NoopConfig(NodeConfig):
    pass


@register
class Noop(NodeType):
    """A no-op transform, for the per-step overhead benchmark."""

    key, family, Config = "e2e.noop", "transform", NoopConfig
    pure = True

    def build(self, ctx, config, inputs):
        return {"out": inputs["in"]}


class NumbersConfig(NodeConfig):
    n: int = Field(10, ge=0, le=100_000_000)
    mod: int = Field(0, ge=0, le=1000, description="Also a column p = i % mod (a partition key), when set.")


@register
class Numbers(NodeType):
    key, family, Config = "e2e.numbers", "source", NumbersConfig
    inputs, outputs = (), (Port("out"),)

    def build(self, ctx, config, inputs):
        n = min(config.n, ctx.sample_rows) if ctx.mode == "dry_run" and ctx.sample_rows else config.n
        frame = pl.LazyFrame().select(pl.int_range(n, dtype=pl.Int64).alias("i"))
        if config.mod:
            frame = frame.with_columns((pl.col("i") % config.mod).alias("p"))
        return {"out": frame}


class SinkConfig(NodeConfig):
    name: str = Field(pattern=r"^[a-z0-9_]{1,40}$")


@register
class ParquetSink(DestinationType):
    """Two-phase Parquet file under DATA_ROOT: stage beside the target, commit renames (idempotent)."""

    key, Config = "e2e.sink", SinkConfig
    inputs = (Port("in"),)

    def stage(self, ctx, config, frame):
        target = Path(settings.DATA_ROOT) / f"{config.name}.parquet"
        staging = target.with_name(f".{config.name}.{ctx.stage_id}.parquet")
        target.parent.mkdir(parents=True, exist_ok=True)
        frame.sink_parquet(staging)
        return {"staging": str(staging), "target": str(target)}

    def commit(self, ctx, config, receipt):
        if os.path.exists(receipt["staging"]):
            os.replace(receipt["staging"], receipt["target"])

    def abort(self, ctx, config, receipt):
        if os.path.exists(receipt["staging"]):
            os.remove(receipt["staging"])
