"""A source node type for the interactive pool's tests, loaded only in the pool's children
(SLUICE_NODE_MODULES set in their environment by the test): its schema inference hangs, allocates,
crashes or answers, as its config says."""

from __future__ import annotations

import os
import time
from typing import Literal

import polars as pl

from pipelines.nodes.base import DestinationType, NodeConfig, NodeType, Port
from pipelines.nodes.registry import register


class ProbeConfig(NodeConfig):
    behaviour: Literal["ok", "hang", "allocate", "crash"] = "ok"


@register
class Probe(NodeType):
    """Test only: what validation's schema inference meets in the wild (a source that never answers,
    an input too big for memory, a library that crashes)."""

    key, family, Config = "test.probe", "source", ProbeConfig
    inputs, outputs = (), (Port("out"),)

    def output_schema(self, ctx, config, inputs):
        if config.behaviour == "hang":
            time.sleep(3600)
        elif config.behaviour == "allocate":
            pl.select(pl.int_range(0, 2_000_000_000).alias("a")).lazy().sort("a").collect()
        elif config.behaviour == "crash":
            os._exit(7)
        return {"out": pl.Schema({"a": pl.Int64})}

    def build(self, ctx, config, inputs):
        return {"out": pl.LazyFrame({"a": [1]})}


class NowhereConfig(NodeConfig):
    pass


@register
class Nowhere(DestinationType):
    """Test only: a destination that validates and is never run."""

    key, Config = "test.nowhere", NowhereConfig
    inputs = (Port("in"),)
