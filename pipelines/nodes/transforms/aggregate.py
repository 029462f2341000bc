"""transform.aggregate: group rows and compute counts, sums, means... per group (or over all rows)."""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import Field, model_validator
from sqlglot import exp

from pipelines.nodes.base import NodeConfig, NodeError, NodeType, Port
from pipelines.nodes.expressions import Expression, check_expr, expr_columns, require_column, require_columns
from pipelines.nodes.registry import register
from pipelines.nodes.sqlcompile import (
    NoSqlForm,
    SqlOutput,
    alias,
    cast,
    col,
    select_from,
    sql_expression,
    text_key,
)
from pipelines.nodes.transforms.common import ColumnName, Lineage, frame_schema, one_input

AggFunction = Literal["count", "sum", "mean", "min", "max", "median", "n_unique", "first", "last"]
ROW_COUNT_NAME = "count"


def _summable(dtype: pl.DataType) -> bool:
    return dtype.is_numeric() or dtype == pl.Boolean or dtype == pl.Duration


def _averageable(dtype: pl.DataType) -> bool:
    return _summable(dtype) or dtype.is_temporal()


# function -> (accepts dtype, what it accepts, in words)
_TYPE_RULES = {
    "sum": (_summable, "numbers, booleans or durations"),
    "mean": (_averageable, "numbers, booleans, dates, times or durations"),
    "median": (_averageable, "numbers, booleans, dates, times or durations"),
}


class Aggregation(NodeConfig):
    column: ColumnName | None = Field(
        None, description='Column to aggregate; "*" with count counts rows. Give this or expr.', examples=["amount"]
    )
    expr: Expression | None = Field(
        None,
        description="Instead of a column, a SQL expression over the input columns, computed per row and then "
        "aggregated (SQL's sum(CASE WHEN ... END)); needs an alias.",
        examples=["CASE WHEN priority IN ('1-URGENT', '2-HIGH') THEN 1 ELSE 0 END", "price * (1 - discount)"],
    )
    function: AggFunction = Field(
        description="count (non-null values; rows with *), sum, mean, min, max, median, n_unique (distinct "
        "values), first, last."
    )
    alias: ColumnName | None = Field(
        None, description='Name of the result column (default: "<column>_<function>", or "count" for count(*)).'
    )

    @model_validator(mode="after")
    def _star_is_count(self) -> Aggregation:
        if (self.column is None) == (self.expr is None):
            raise ValueError("give either 'column' or 'expr' (one of them)")
        if self.expr is not None and not self.alias:
            raise ValueError("an aggregation of an expression needs an 'alias' (the name of its result)")
        if self.column == "*" and self.function != "count":
            raise ValueError(f'"*" means all rows: use it with function "count", not {self.function!r}')
        return self

    @property
    def output_name(self) -> str:
        if self.alias:
            return self.alias
        return ROW_COUNT_NAME if self.column == "*" else f"{self.column}_{self.function}"


class AggregateConfig(NodeConfig):
    group_by: list[ColumnName] = Field(
        default_factory=list,
        max_length=100,
        description="Columns that form the groups (one output row per combination). Empty: one row for the whole "
        "input.",
        examples=[["country"]],
    )
    aggregations: list[Aggregation] = Field(
        min_length=1,
        max_length=500,
        description="Values computed for each group, each {column, function, alias} or {expr, function, alias}; "
        'column "*" with count counts rows.',
        examples=[[{"column": "*", "function": "count"}, {"column": "amount", "function": "sum", "alias": "total"}]],
    )


def aggregation_expr(agg: Aggregation, value: pl.Expr | None = None) -> pl.Expr:
    """The Polars aggregation of ``agg``, over ``value`` (its parsed expression) or its column."""
    if agg.column == "*":
        return pl.len().cast(pl.Int64).alias(agg.output_name)
    col = value if value is not None else pl.col(agg.column)
    expr = {
        "count": lambda: col.count().cast(pl.Int64),
        "n_unique": lambda: col.n_unique().cast(pl.Int64),
        "sum": col.sum,
        "mean": col.mean,
        "median": col.median,
        "min": col.min,
        "max": col.max,
        "first": col.first,
        "last": col.last,
    }[agg.function]()
    return expr.alias(agg.output_name)


@register
class Aggregate(NodeType):
    key = "transform.aggregate"
    family = "transform"
    pure = True
    title = "Aggregate"
    description = (
        "Groups rows by some columns and computes, per group, counts, sums, means, medians, minimums, maximums, "
        "distinct counts, first or last values, of a column or of a SQL expression computed per row (e.g. the "
        "sum of a CASE). Without group columns it summarises the whole input in one row. Groups come out in the "
        "order they first appear. Nulls are skipped by every function but count(*). Filter its output for SQL's "
        "HAVING."
    )
    icon = "bar-chart-steps"
    inputs = (Port("in", description="Rows to summarise."),)
    outputs = (Port("out", description="One row per group: the group columns, then one column per aggregation."),)
    Config = AggregateConfig
    example = {
        "group_by": ["country"],
        "aggregations": [
            {"column": "*", "function": "count", "alias": "orders"},
            {"column": "amount", "function": "sum", "alias": "revenue"},
            {"column": "amount", "function": "mean"},
        ],
    }

    def build(self, ctx, config: AggregateConfig, inputs):
        return {"out": self._aggregate(config, one_input(inputs))[0]}

    def build_counting(self, ctx, config: AggregateConfig, inputs) -> tuple[pl.LazyFrame, str]:
        """``build``'s output with one more column, and its name: the rows of each group (``pl.len()``).
        Their sum is the number of rows the aggregate read (groups partition the rows, null keys included;
        a global aggregate is one row, 0 for an empty input), so the engine counts the aggregate's input in
        the pass that aggregates it instead of reading it again (executions.engine.running)."""
        return self._aggregate(config, one_input(inputs), counting=True)

    def _aggregate(self, config: AggregateConfig, frame: pl.LazyFrame, *, counting: bool = False):
        schema = frame_schema(frame)
        require_columns(schema, config.group_by, field="group_by")
        names = set(config.group_by)
        exprs = []
        for i, agg in enumerate(config.aggregations):
            value = self._value(schema, agg, i) if agg.column != "*" else None
            name = agg.output_name
            if name in names:
                raise NodeError(
                    f"aggregations.{i}.alias: the output column {name!r} already exists (a group column or another "
                    "aggregation); give this aggregation another alias.",
                    field=f"aggregations.{i}.alias",
                    column=name,
                )
            names.add(name)
            exprs.append(aggregation_expr(agg, value))
        rows = next(
            f"__sluice_group_rows{n or ''}"
            for n in range(len(names) + 1)
            if f"__sluice_group_rows{n or ''}" not in names
        )
        if counting:
            exprs.append(pl.len().cast(pl.Int64).alias(rows))
        if not config.group_by:
            return frame.select(exprs), rows
        return frame.group_by(config.group_by, maintain_order=True).agg(exprs), rows

    @staticmethod
    def _value(schema: pl.Schema, agg: Aggregation, i: int) -> pl.Expr | None:
        """The parsed expression of ``agg`` (None for a column), after checking its type fits the function."""
        if agg.expr is not None:
            field = f"aggregations.{i}.expr"
            value, dtype = check_expr(agg.expr, schema, field=field)
            what = f"the expression {agg.expr!r}"
        else:
            field = f"aggregations.{i}.column"
            value, dtype = None, require_column(schema, agg.column, field=field)
            what = f"column {agg.column!r}"
        rule = _TYPE_RULES.get(agg.function)
        if rule is not None and not rule[0](dtype):
            raise NodeError(
                f"{field}: {agg.function} needs {rule[1]}, but {what} is {dtype}.",
                field=field,
                column=agg.column,
                code="type_error",
            )
        return value

    def compile_sql(self, ctx, config: AggregateConfig, inputs):
        source = inputs["in"]
        schema = source.schema
        self._aggregate(config, pl.LazyFrame(schema=schema))  # the same checks as build (names, types)
        out = ctx.output_schemas["out"]
        items: list[exp.Expression] = [alias(col(c), c) for c in config.group_by]
        for i, agg in enumerate(config.aggregations):
            value = sql_aggregate(agg, schema, ctx.dialect, i)
            items.append(alias(cast(value, out[agg.output_name], where=f"aggregations.{i}"), agg.output_name))
        select = select_from(source.table, *items)
        if config.group_by:
            select = select.group_by(*(col(c) for c in config.group_by))
        return {"out": SqlOutput(select)}

    def lineage(self, config: AggregateConfig, inputs, outputs) -> Lineage:
        sources: dict[str, list[tuple[str, int, str]]] = {c: [("in", 0, c)] for c in config.group_by}
        for agg in config.aggregations:
            if agg.expr is not None:
                sources[agg.output_name] = [("in", 0, c) for c in expr_columns(agg.expr)]
            else:
                sources[agg.output_name] = [] if agg.column == "*" else [("in", 0, agg.column)]
        return {port: {c: sources.get(c, []) for c in schema.names()} for port, schema in outputs.items()}


def sql_aggregate(agg: Aggregation, schema: pl.Schema, dialect: str, index: int) -> exp.Expression:
    """The SQL aggregate giving Polars' value for ``agg`` (nulls skipped, an empty sum 0, n_unique counting
    null as one value, median interpolated), or NoSqlForm."""
    field = f"aggregations.{index}.function"
    if agg.column == "*":
        return exp.Count(this=exp.Star())
    if agg.expr is not None:
        value, dtype = sql_expression(agg.expr, schema, field=f"aggregations.{index}.expr", dialect=dialect)
    else:
        value, dtype = col(agg.column), schema[agg.column]
    if agg.function in ("first", "last"):
        raise NoSqlForm(
            f"{field}: {agg.function} takes a row by its position, and SQL tables have no row order; use min or "
            "max, or aggregate after a join on the wanted row",
            field=field,
        )
    if dtype == pl.Boolean and agg.function in ("sum", "mean"):
        # Polars sums a boolean as 0/1 (nulls skipped); SQL's SUM takes no booleans.
        value = exp.Case(
            ifs=[
                exp.If(this=exp.Is(this=value.copy(), expression=exp.Null()), true=exp.Null()),
                exp.If(this=value, true=exp.Literal.number(1)),
            ],
            default=exp.Literal.number(0),
        )
        dtype = pl.Int64()
    if agg.function in ("mean", "median") and not dtype.is_numeric():
        raise NoSqlForm(f"{field}: the {agg.function} of {dtype} values has no SQL form here", field=field)
    if agg.function == "count":
        return exp.Count(this=value)
    if agg.function == "n_unique":
        distinct = exp.Count(this=exp.Distinct(expressions=[value]))
        has_null = exp.Max(
            this=exp.Case(
                ifs=[exp.If(this=exp.Is(this=value.copy(), expression=exp.Null()), true=exp.Literal.number(1))],
                default=exp.Literal.number(0),
            )
        )
        return exp.Add(this=distinct, expression=has_null)
    if agg.function == "sum":
        return exp.Coalesce(this=exp.Sum(this=value), expressions=[exp.Literal.number(0)])
    double = exp.DataType.build("DOUBLE PRECISION", dialect="postgres")
    if agg.function == "mean":
        return exp.Avg(this=exp.cast(value, double))
    if agg.function == "median":
        return exp.WithinGroup(
            this=exp.PercentileCont(this=exp.Literal.number(0.5)),
            expression=exp.Order(expressions=[exp.Ordered(this=exp.cast(value, double))]),
        )
    key = text_key(value, dtype, dialect)
    return exp.Min(this=key) if agg.function == "min" else exp.Max(this=key)
