"""transform.map: derive, cast, rename, drop and select columns, in that order."""

from __future__ import annotations

import polars as pl
from pydantic import Field
from sqlglot import exp

from pipelines.nodes.base import NodeConfig, NodeError, NodeType, Port
from pipelines.nodes.dtypes import DTYPES as CAST_TYPES
from pipelines.nodes.dtypes import TypeName as CastType
from pipelines.nodes.expressions import Expression, check_expr, expr_columns, require_column, require_columns
from pipelines.nodes.registry import register
from pipelines.nodes.sqlcompile import OrderKey, SqlOutput, alias, cast, col, refuse, select_from, sql_expression
from pipelines.nodes.transforms.common import ColumnName, Lineage, frame_schema, input_schema, one_input

# Text read as a boolean (case and surrounding blanks ignored).
BOOLEAN_WORDS = {
    **dict.fromkeys(("true", "t", "yes", "y", "1", "on"), True),
    **dict.fromkeys(("false", "f", "no", "n", "0", "off"), False),
}


class Derived(NodeConfig):
    name: ColumnName = Field(description="Name of the new column (an existing name replaces that column).")
    expr: Expression = Field(
        description="SQL expression over the columns (including columns derived above).",
        examples=["amount * 1.2", "upper(country)", "CASE WHEN amount > 100 THEN 'big' ELSE 'small' END"],
    )


class MapConfig(NodeConfig):
    derive: list[Derived] = Field(
        default_factory=list,
        max_length=500,
        description="New or replaced columns, each {name, expr} with a SQL expression, computed in order: a "
        "later one may use an earlier one.",
        examples=[[{"name": "total", "expr": "price * quantity"}]],
    )
    cast: dict[ColumnName, CastType] = Field(
        default_factory=dict,
        description="Column -> type to convert it to. Text converts to date, datetime (ISO 8601; with a zone "
        "it is converted to UTC) and time, and to boolean from true/false, yes/no, 1/0.",
        examples=[{"amount": "float64", "day": "date"}],
    )
    strict_cast: bool = Field(
        True,
        description="Fail the step when a value cannot be converted (when off, such values become null).",
    )
    rename: dict[ColumnName, ColumnName] = Field(
        default_factory=dict, description="Old name -> new name.", examples=[{"amt": "amount"}]
    )
    drop: list[ColumnName] = Field(default_factory=list, max_length=10_000, description="Columns to remove.")
    select: list[ColumnName] | None = Field(
        None,
        max_length=10_000,
        description="Keep only these columns, in this order (names after renaming). Default: keep all.",
    )


_TEMPORAL_TARGETS = ("date", "datetime", "time")
# source dtype -> target type names that Polars cannot convert it to (found by trying every pair).
_IMPOSSIBLE: tuple[tuple[type[pl.DataType], tuple[str, ...]], ...] = (
    (pl.Binary, tuple(n for n in CAST_TYPES if n not in ("string", "categorical"))),
    (pl.Duration, ("string", "boolean", "categorical", *_TEMPORAL_TARGETS)),
    (pl.Date, ("boolean", "time")),
    (pl.Time, ("boolean", "date", "datetime")),
    (pl.Datetime, ("boolean",)),
    (pl.Decimal, _TEMPORAL_TARGETS),
)


def cast_refusal(source: pl.DataType, type_name: str) -> str | None:
    """Why a ``source`` column cannot be converted to ``type_name`` (None when it can be tried)."""
    if source.is_nested() or source == pl.Object:
        return f"{source} values cannot be converted"
    for dtype, targets in _IMPOSSIBLE:
        if source == dtype and type_name in targets:
            return f"{source} values cannot be converted to {type_name}"
    return None


def cast_expr(column: str, source: pl.DataType, type_name: str, *, strict: bool) -> pl.Expr:
    """Convert ``column`` (of dtype ``source``) to the type named ``type_name``."""
    target = CAST_TYPES[type_name]
    col = pl.col(column)
    if source in (pl.Categorical, pl.Enum) and type_name != "categorical":
        col, source = col.cast(pl.String), pl.String()
    if source == pl.String:
        if type_name == "date":
            return col.str.to_date(strict=strict)
        if type_name == "datetime":
            # Text with a zone is converted to UTC, text without one is taken as UTC; the result is naive.
            return col.str.to_datetime(time_unit="us", time_zone="UTC", strict=strict).dt.replace_time_zone(None)
        if type_name == "time":
            return col.str.to_time(strict=strict)
        if type_name == "boolean":
            words = col.str.strip_chars().str.to_lowercase()
            if strict:
                return words.replace_strict(BOOLEAN_WORDS, return_dtype=pl.Boolean)
            return words.replace_strict(BOOLEAN_WORDS, default=None, return_dtype=pl.Boolean)
    if type_name == "categorical" and source != pl.String:
        return col.cast(pl.String).cast(target)
    return col.cast(target, strict=strict)


# Targets whose SQL type holds exactly their values (PostgreSQL has no 8-bit or unsigned integers: a wider
# type would accept what Polars' cast refuses).
_NUMBERS = ("int16", "int32", "int64", "float32", "float64")


def sql_cast_refusal(source: pl.DataType, type_name: str, *, strict: bool) -> str | None:
    """Why converting ``source`` to ``type_name`` has no SQL form giving Polars' answer (None: it has one).

    SQL's CAST fails a step on a bad value where Polars does (strict); it agrees with Polars between
    integer types, integers to floats, any number or date to text, text to text and dates to datetimes.
    Floats to integers round in SQL and truncate in Polars; text to dates, booleans and numbers follows
    each engine's own reading of the text."""
    refusal = cast_refusal(source, type_name)
    if refusal:
        return refusal
    if not strict:
        return "strict_cast off turns bad values into nulls, which CAST on PostgreSQL cannot do"
    if source.is_integer() and type_name in _NUMBERS:
        return None
    if source.is_float() and type_name in ("float32", "float64"):
        return None
    if (source.is_integer() or source == pl.String or source == pl.Date) and type_name == "string":
        return None
    if source == pl.Date and type_name in ("date", "datetime"):
        return None
    if isinstance(source, pl.Datetime) and not source.time_zone and type_name in ("date", "datetime"):
        return None
    if source == pl.Boolean and type_name == "boolean":
        return None
    return f"converting {source} to {type_name} has no SQL form giving Polars' answer on every target"


def check_rename(schema: dict, rename: dict[str, str]) -> None:
    """Every column ``rename`` names exists in ``schema`` and no two columns end with one name (the Polars
    build and the SQL form both check it)."""
    for old in rename:
        require_column(pl.Schema(schema), old, field=f"rename.{old}")
    names = [rename.get(c, c) for c in schema]
    for old, new in rename.items():
        if names.count(new) > 1:
            raise NodeError(
                f"rename.{old}: renaming {old!r} to {new!r} would make two columns named {new!r}.",
                field=f"rename.{old}",
                column=new,
            )


@register
class Map(NodeType):
    key = "transform.map"
    preserves_rows = True
    family = "transform"
    pure = True
    title = "Map columns"
    description = (
        "Shapes columns, in this order: **derive** new or replaced columns from SQL expressions (each may use "
        "the ones before it), **cast** columns to other types, **rename** columns, **drop** columns, then "
        "**select** the columns to keep and their order."
    )
    icon = "columns-gap"
    inputs = (Port("in", description="Rows to reshape."),)
    outputs = (Port("out", description="The same rows with the new columns."),)
    Config = MapConfig
    example = {
        "derive": [{"name": "total", "expr": "price * quantity"}, {"name": "big", "expr": "total > 100"}],
        "cast": {"day": "date"},
        "rename": {"cust": "customer_id"},
        "drop": ["internal_note"],
    }

    def build(self, ctx, config: MapConfig, inputs):
        frame = one_input(inputs)
        schema: dict[str, pl.DataType] = dict(frame_schema(frame))
        for i, d in enumerate(config.derive):
            expr, dtype = check_expr(d.expr, pl.Schema(schema), field=f"derive.{i}.expr")
            frame = frame.with_columns(expr.alias(d.name))
            schema[d.name] = dtype
        if config.cast:
            casts = []
            for column, type_name in config.cast.items():
                field = f"cast.{column}"
                source = require_column(pl.Schema(schema), column, field=field)
                refusal = cast_refusal(source, type_name)
                if refusal:
                    raise NodeError(
                        f"{field}: cannot convert column {column!r} to {type_name}: {refusal}.",
                        field=field,
                        column=column,
                        code="type_error",
                    )
                casts.append(cast_expr(column, source, type_name, strict=config.strict_cast))
                schema[column] = CAST_TYPES[type_name]
            frame = frame.with_columns(casts)
        if config.rename:
            check_rename(schema, config.rename)
            frame = frame.rename(config.rename)
            schema = {config.rename.get(c, c): t for c, t in schema.items()}
        if config.drop:
            require_columns(pl.Schema(schema), config.drop, field="drop")
            frame = frame.drop(config.drop)
            schema = {c: t for c, t in schema.items() if c not in set(config.drop)}
        if config.select is not None:
            require_columns(pl.Schema(schema), config.select, field="select")
            frame = frame.select(config.select)
        return {"out": frame}

    def compile_sql(self, ctx, config: MapConfig, inputs):
        source = inputs["in"]
        schema: dict[str, pl.DataType] = dict(source.schema)
        columns: dict[str, exp.Expression] = {name: col(name) for name in schema}
        changed: set[str] = set()
        relation = source.table
        for i, d in enumerate(config.derive):
            # Each derived column may use the ones before it: one SELECT per derive, over the previous one.
            tree, dtype = sql_expression(d.expr, pl.Schema(schema), field=f"derive.{i}.expr", dialect=ctx.dialect)
            items = [alias(col(name), name) for name in schema if name != d.name]
            value = alias(cast(tree, dtype, where=f"derive.{i}.expr"), d.name)
            if d.name in schema:
                items.insert(list(schema).index(d.name), value)
            else:
                items.append(value)
            relation = select_from(relation, *items)
            schema[d.name] = dtype
            changed.add(d.name)
        for column, type_name in config.cast.items():
            field = f"cast.{column}"
            source_type = require_column(pl.Schema(schema), column, field=field)
            reason = sql_cast_refusal(source_type, type_name, strict=config.strict_cast)
            if reason:
                raise refuse(self, f"{field}: {reason}", field=field)
            columns[column] = cast(col(column), CAST_TYPES[type_name], where=field)
            schema[column] = CAST_TYPES[type_name]
            changed.add(column)
        columns = {name: columns.get(name, col(name)) for name in schema}
        check_rename(schema, config.rename)
        names = [config.rename.get(c, c) for c in schema]
        renamed = dict(zip(names, columns.values(), strict=True))
        if config.drop:
            require_columns(pl.Schema(dict.fromkeys(renamed, pl.Null())), config.drop, field="drop")
            renamed = {c: e for c, e in renamed.items() if c not in set(config.drop)}
        if config.select is not None:
            require_columns(pl.Schema(dict.fromkeys(renamed, pl.Null())), config.select, field="select")
            renamed = {c: renamed[c] for c in config.select}
        select = select_from(relation, *(alias(e, name) for name, e in renamed.items()))
        order = None
        if source.order is not None and not any(k.column in changed for k in source.order):
            moved = [OrderKey(config.rename.get(k.column, k.column), k.descending, k.nulls_last) for k in source.order]
            if all(k.column in renamed for k in moved):
                order = tuple(moved)
        return {"out": SqlOutput(select, order)}

    def lineage(self, config: MapConfig, inputs, outputs) -> Lineage:
        schema = input_schema(inputs)
        current: dict[str, list[str]] = {c: [c] for c in (schema.names() if schema is not None else [])}
        for d in config.derive:
            sources: list[str] = []
            for ref in expr_columns(d.expr):
                sources.extend(s for s in current.get(ref, []) if s not in sources)
            current[d.name] = sources
        current = {config.rename.get(c, c): s for c, s in current.items()}
        return {
            port: {c: [("in", 0, s) for s in current.get(c, [])] for c in out_schema.names()}
            for port, out_schema in outputs.items()
        }
