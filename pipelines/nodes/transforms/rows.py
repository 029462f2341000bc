"""Transforms that choose or order rows and keep the columns: filter, sort, dedupe, limit."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pipelines.nodes.base import NodeConfig, Port
from pipelines.nodes.expressions import Expression, parse_expr, require_column, require_columns
from pipelines.nodes.registry import register
from pipelines.nodes.transforms.common import ColumnName, RowTransform, frame_schema, one_input


class FilterConfig(NodeConfig):
    condition: Expression = Field(
        description="SQL boolean expression over the input columns. Rows where it is true are kept; rows where "
        "it is false or null are dropped.",
        examples=["amount > 0 AND status = 'paid'"],
    )


@register
class Filter(RowTransform):
    key = "transform.filter"
    title = "Filter"
    description = (
        "Keeps the rows for which a SQL condition is true (e.g. `amount > 0 AND country IN ('FR', 'DE')`). "
        "A condition that is null for a row drops that row, as in SQL."
    )
    icon = "funnel"
    inputs = (Port("in", description="Rows to filter."),)
    outputs = (Port("out", description="The rows where the condition is true."),)
    Config = FilterConfig
    example = {"condition": "amount > 0 AND status = 'paid'"}

    def build(self, ctx, config: FilterConfig, inputs):
        frame = one_input(inputs)
        expr = parse_expr(config.condition, frame_schema(frame), field="condition", boolean=True)
        return {"out": frame.filter(expr)}


class SortKey(NodeConfig):
    column: ColumnName = Field(description="Column to sort by.")
    descending: bool = Field(False, description="Largest first.")
    nulls_last: bool = Field(False, description="Put nulls after the other values (default: first).")


class SortConfig(NodeConfig):
    keys: list[SortKey] = Field(
        min_length=1,
        max_length=100,
        description="Sort keys, most significant first, each {column, descending, nulls_last}. Rows that tie on "
        "every key keep their input order.",
        examples=[[{"column": "amount", "descending": True}, {"column": "id"}]],
    )


@register
class Sort(RowTransform):
    key = "transform.sort"
    preserves_rows = True
    title = "Sort"
    description = "Orders the rows by one or more columns, each ascending or descending. The sort is stable."
    icon = "sort-down"
    inputs = (Port("in", description="Rows to sort."),)
    outputs = (Port("out", description="The same rows, sorted."),)
    Config = SortConfig
    example = {"keys": [{"column": "amount", "descending": True}, {"column": "id"}]}

    def build(self, ctx, config: SortConfig, inputs):
        frame = one_input(inputs)
        schema = frame_schema(frame)
        for i, k in enumerate(config.keys):
            require_column(schema, k.column, field=f"keys.{i}.column")
        return {
            "out": frame.sort(
                [k.column for k in config.keys],
                descending=[k.descending for k in config.keys],
                nulls_last=[k.nulls_last for k in config.keys],
                maintain_order=True,
            )
        }


class DedupeConfig(NodeConfig):
    subset: list[ColumnName] = Field(
        default_factory=list,
        max_length=1000,
        description="Columns that identify a duplicate (default: all columns).",
        examples=[["customer_id", "day"]],
    )
    keep: Literal["first", "last", "any", "none"] = Field(
        "first",
        description="Which row of each group of duplicates to keep: the first, the last, any one (fastest), or "
        "none (drop every row that has a duplicate).",
    )
    maintain_order: bool = Field(True, description="Keep the rows in their input order (turning it off is faster).")


@register
class Dedupe(RowTransform):
    key = "transform.dedupe"
    title = "Remove duplicates"
    description = (
        "Removes duplicate rows: rows equal on every column, or on the chosen subset of columns. Nulls are equal "
        "to each other here."
    )
    icon = "intersect"
    inputs = (Port("in", description="Rows that may contain duplicates."),)
    outputs = (Port("out", description="The rows without duplicates."),)
    Config = DedupeConfig
    example = {"subset": ["customer_id", "day"], "keep": "last"}

    def build(self, ctx, config: DedupeConfig, inputs):
        frame = one_input(inputs)
        require_columns(frame_schema(frame), config.subset, field="subset")
        return {
            "out": frame.unique(subset=config.subset or None, keep=config.keep, maintain_order=config.maintain_order)
        }


class LimitConfig(NodeConfig):
    n: int = Field(ge=0, le=1_000_000_000, description="Number of rows to keep.", examples=[100])
    offset: int = Field(0, ge=0, le=1_000_000_000_000, description="Rows to skip first.")


@register
class Limit(RowTransform):
    key = "transform.limit"
    title = "Limit"
    description = "Keeps at most `n` rows, after skipping `offset` rows (sort first for a top-n)."
    icon = "scissors"
    inputs = (Port("in", description="Rows to cut."),)
    outputs = (Port("out", description="At most n rows."),)
    Config = LimitConfig
    example = {"n": 100, "offset": 0}

    def build(self, ctx, config: LimitConfig, inputs):
        return {"out": one_input(inputs).slice(config.offset, config.n)}
