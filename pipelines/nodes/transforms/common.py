"""What the transform node types share: port helpers, schema access and column-level lineage shapes."""

from __future__ import annotations

from typing import Annotated

import polars as pl
from pydantic import StringConstraints

from pipelines.nodes.base import NodeError, NodeType, polars_message

# output port -> output column -> [(input port, edge index, input column)]
Lineage = dict[str, dict[str, list[tuple[str, int, str]]]]

# Port names chosen in configs (branch routes) follow the graph's key pattern, so edges can name them.
PORT_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,62}$"
# Column names are taken exactly as written (not stripped): messy headers such as "amount " stay reachable.
ColumnName = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1, max_length=255)]
ExactText = Annotated[str, StringConstraints(strip_whitespace=False)]


# The row-wise transforms that hold their input, and why (validation's streaming warnings say it; the engine
# and the sql compiler do not count them as streaming through).
HOLDING_ROW_TRANSFORMS = {
    "transform.sort": "sort holds the whole input in memory",
    "transform.dedupe": "dedupe holds every distinct row (or key) of its input in memory",
}


def frame_schema(frame: pl.LazyFrame) -> pl.Schema:
    """The schema of a LazyFrame; a plan that does not resolve becomes a NodeError."""
    try:
        return frame.collect_schema()
    except (pl.exceptions.PolarsError, pl.exceptions.PanicException) as exc:
        raise NodeError(polars_message(exc), code="schema_error") from None


def one_input(inputs: dict, port: str = "in") -> pl.LazyFrame:
    frame = inputs.get(port)
    if isinstance(frame, list):
        if len(frame) != 1:
            raise NodeError(f"Input port {port!r} takes one edge, not {len(frame)}.", field=f"inputs.{port}")
        frame = frame[0]
    if frame is None:
        raise NodeError(f"Input port {port!r} is not connected.", field=f"inputs.{port}")
    return frame


def input_schema(inputs: dict, port: str = "in") -> pl.Schema | None:
    schema = inputs.get(port)
    if isinstance(schema, list):
        schema = schema[0] if schema else None
    return schema


def passthrough_lineage(inputs: dict, outputs: dict[str, pl.Schema], port: str = "in") -> Lineage:
    """Every output column comes from the same-named column of the single input ``port``."""
    schema = input_schema(inputs, port)
    names = set(schema.names()) if schema is not None else set()
    return {
        out_port: {c: ([(port, 0, c)] if c in names else []) for c in out_schema.names()}
        for out_port, out_schema in outputs.items()
    }


class RowTransform(NodeType):
    """A transform with one input whose outputs keep the input's columns (filter, sort, limit, ...)."""

    family = "transform"
    pure = True

    def lineage(self, config, inputs, outputs) -> Lineage:
        return passthrough_lineage(inputs, outputs)


def streams_through(node_type: NodeType) -> bool:
    """A source, or a row-wise transform that streams (a filter, a map, a limit, a branch's route): not a
    join, a union, an aggregate, a sort or a dedupe."""
    if node_type.family == "source":
        return True
    row_wise = node_type.preserves_rows or isinstance(node_type, RowTransform)
    return row_wise and node_type.key not in HOLDING_ROW_TRANSFORMS
