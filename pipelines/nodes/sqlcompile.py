"""Compiling nodes to SQL (the ``sql`` backend): each node type's ``compile_sql`` hook, and what they share.

A node compiles itself from its *config*, the same one its Polars ``build`` reads, into a sqlglot
``SELECT`` over its inputs; ``pipelines.sqlbackend`` chains the nodes of a graph into one program on one
target (PostgreSQL or DuckDB, later Spark through sqlglot's ``spark`` dialect). Nothing here writes SQL
by joining strings: names become quoted identifiers, values literals, and every expression of a config
is the syntax tree ``expression_policy`` checked (parsed with its dialect, held to its allowlist), then
rewritten where Polars and SQL disagree and generated in the target dialect by sqlglot.

The answer must be Polars' answer. Where SQL cannot give it (a function whose edge cases differ, a row
order SQL tables do not have), the node refuses with :class:`NoSqlForm` and says why, so validation can
tell the user before anything runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import polars as pl
import sqlglot
from sqlglot import exp

from pipelines.nodes.base import NO_SQL_FORM as NO_SQL_FORM  # defined beside NodeError, used from here
from pipelines.nodes.base import BuildContext, NodeError, NoSqlForm
from pipelines.nodes.expression_policy import _STRUCTURE as SYNTAX  # the allowlist's non-function classes
from pipelines.nodes.expression_policy import DIALECT as POLICY_DIALECT
from pipelines.nodes.expression_policy import FUNCTIONS
from pipelines.nodes.expressions import check_expr

# Targets a graph may compile to (sqlglot dialect names).
TARGETS = ("postgres", "duckdb", "spark")

# The expression functions whose SQL form gives Polars' answer on every target (tests compare each one,
# null and edge rows included, on DuckDB and PostgreSQL). Others refuse with a reason: SQRT, LN, LOG10, EXP
# and POW give NaN or infinity in Polars where PostgreSQL raises (a negative root, log of 0, overflow).
SQL_FUNCTIONS = frozenset(
    {
        "ABS",
        "CEIL",
        "CEILING",
        "FLOOR",
        "SIGN",
        "LOWER",
        "UPPER",
        "LENGTH",
        "CHAR_LENGTH",
        "CHARACTER_LENGTH",
        "CONCAT",
        "CONCAT_WS",
        "REPLACE",
        "STARTS_WITH",
        "LEFT",
        "RIGHT",
        "SUBSTR",
        "SUBSTRING",
        "EXTRACT",
        "DATE_PART",
        "COALESCE",
        "IFNULL",
        "NULLIF",
        "GREATEST",
        "LEAST",
        "IF",
    }
)


@dataclass(frozen=True)
class OrderKey:
    column: str
    descending: bool = False
    nulls_last: bool = False


@dataclass
class SqlInput:
    """One input of a node: a relation to select from, its Polars schema, and its row order when one is
    known (a sort's output, kept through filters and maps)."""

    table: exp.Expression
    schema: pl.Schema
    order: tuple[OrderKey, ...] | None = None


@dataclass
class SqlOutput:
    select: exp.Select
    order: tuple[OrderKey, ...] | None = None


@dataclass
class SqlContext:
    """What a node's ``compile_sql`` may know: the target dialect, its node key, the build context (for
    sources: connections, the data root, file access), and the Polars schemas of its outputs (the same
    ``output_schema`` validation computes; output columns are cast to their Polars types)."""

    dialect: str
    node_key: str = ""
    build: BuildContext | None = None
    output_schemas: dict[str, pl.Schema] = field(default_factory=dict)
    # The target connection's slug (None: an embedded DuckDB over files).
    connection: str | None = None
    # What a node leaves for the run beside its outputs (quality.validate: its rule counts query).
    reports: dict[str, Any] = field(default_factory=dict)


def ident(name: str) -> exp.Identifier:
    return exp.to_identifier(name, quoted=True)


def col(name: str, table: str | None = None) -> exp.Column:
    return exp.column(ident(name), table=ident(table) if table else None)


def alias(expression: exp.Expression, name: str) -> exp.Alias:
    return exp.alias_(expression, ident(name))


def select_from(source: exp.Expression, *columns: exp.Expression, alias_name: str = "t") -> exp.Select:
    """``SELECT columns FROM source AS alias``; ``source`` is a table reference or a SELECT."""
    return exp.select(*columns).from_(from_item(source, alias_name))


def from_item(source: exp.Expression, alias_name: str) -> exp.Expression:
    if isinstance(source, exp.Select | exp.Union):
        return exp.Subquery(this=source, alias=exp.TableAlias(this=ident(alias_name)))
    copied = source.copy()
    copied.set("alias", exp.TableAlias(this=ident(alias_name)))
    return copied


def all_columns(schema: pl.Schema, table: str | None = None) -> list[exp.Column]:
    return [col(name, table) for name in schema.names()]


# --- Types ---------------------------------------------------------------------------------------

_TYPE_NAMES: dict[type[pl.DataType], str] = {
    pl.Int8: "SMALLINT",
    pl.Int16: "SMALLINT",
    pl.Int32: "INT",
    pl.Int64: "BIGINT",
    pl.UInt8: "SMALLINT",
    pl.UInt16: "INT",
    pl.UInt32: "BIGINT",
    pl.Float32: "REAL",
    pl.Float64: "DOUBLE PRECISION",
    pl.Boolean: "BOOLEAN",
    pl.String: "TEXT",
    pl.Categorical: "TEXT",
    pl.Date: "DATE",
    pl.Time: "TIME",
}


def sql_type(dtype: pl.DataType, *, where: str = "") -> exp.DataType:
    """The SQL type holding the values of a Polars ``dtype`` (NoSqlForm for those no SQL type holds alike)."""
    if isinstance(dtype, pl.Decimal):
        return exp.DataType.build(f"DECIMAL({dtype.precision or 38}, {dtype.scale or 0})")
    if isinstance(dtype, pl.Datetime):
        return exp.DataType.build("TIMESTAMPTZ" if dtype.time_zone else "TIMESTAMP")
    name = _TYPE_NAMES.get(type(dtype))
    if name is None:
        raise NoSqlForm(f"{where + ': ' if where else ''}values of type {dtype} have no SQL type here")
    return exp.DataType.build(name, dialect="postgres")


def cast(expression: exp.Expression, dtype: pl.DataType, *, where: str = "") -> exp.Expression:
    return exp.Cast(this=expression, to=sql_type(dtype, where=where))


def typed_select(
    source: SqlInput | exp.Expression, columns: dict[str, exp.Expression], schema: pl.Schema, *, where: str = ""
) -> exp.Select:
    """``SELECT CAST(expr AS <Polars type>) AS name, ...`` for every output column of ``schema``."""
    table = source.table if isinstance(source, SqlInput) else source
    items = [alias(cast(columns[name], dtype, where=where or name), name) for name, dtype in schema.items()]
    return select_from(table, *items)


def text_key(expression: exp.Expression, dtype: pl.DataType, dialect: str) -> exp.Expression:
    """Strings compare by code point in Polars; PostgreSQL's default collation may not: use "C" there."""
    if dialect == "postgres" and dtype in (pl.String, pl.Categorical):
        return exp.Collate(this=expression, expression=exp.Identifier(this="C", quoted=True))
    return expression


def order_by(keys: tuple[OrderKey, ...], schema: pl.Schema, dialect: str, table: str | None = None) -> list:
    """ORDER BY terms for ``keys``, nulls placed as Polars places them, text by code point."""
    return [
        exp.Ordered(
            this=text_key(col(k.column, table), schema[k.column], dialect),
            desc=k.descending,
            nulls_first=not k.nulls_last,
        )
        for k in keys
    ]


# --- Expressions ---------------------------------------------------------------------------------


@cache
def _sql_function_classes() -> tuple[frozenset[type[exp.Expression]], frozenset[str]]:
    classes: set[type[exp.Expression]] = set()
    anonymous: set[str] = set()
    for function in FUNCTIONS:
        if function.name not in SQL_FUNCTIONS:
            continue
        tree = sqlglot.parse_one(function.example, read=POLICY_DIALECT)
        for node in tree.walk():
            if isinstance(node, exp.Anonymous):
                anonymous.add(node.name.upper())
            elif isinstance(node, exp.Func):
                classes.add(type(node))
    return frozenset(classes), frozenset(anonymous)


def _polars_dtype(node: exp.Expression, schema: pl.Schema) -> pl.DataType | None:
    """Polars' type of a sub-expression (checked again through the policy, as every expression is)."""
    try:
        return check_expr(node.sql(dialect=POLICY_DIALECT), schema, field="expression")[1]
    except NodeError:
        return None


def _is_integer(dtype: pl.DataType | None) -> bool:
    return dtype is not None and dtype.is_integer()


def _infinite(sign: exp.Expression) -> exp.Expression:
    """Polars' x / 0: inf, -inf or NaN by the sign of x (SQL raises, or gives null)."""
    double = exp.DataType.build("DOUBLE PRECISION", dialect="postgres")
    return exp.Case(
        ifs=[
            exp.If(this=exp.Is(this=sign.copy(), expression=exp.Null()), true=exp.Null()),
            exp.If(
                this=exp.GT(this=sign, expression=exp.Literal.number(0)),
                true=exp.cast(exp.Literal.string("Infinity"), double),
            ),
            exp.If(
                this=exp.LT(this=sign, expression=exp.Literal.number(0)),
                true=exp.cast(exp.Literal.string("-Infinity"), double),
            ),
        ],
        default=exp.cast(exp.Literal.string("NaN"), double),
    )


def _rewrite(tree: exp.Expression, schema: pl.Schema, field: str, text: str, dialect: str | None) -> exp.Expression:
    classes, anonymous = _sql_function_classes()
    for node in list(tree.walk()):
        if isinstance(node, exp.Func) and type(node) not in SYNTAX:
            name = node.name.upper() if isinstance(node, exp.Anonymous) else node.sql_name()
            allowed = name in anonymous if isinstance(node, exp.Anonymous) else type(node) in classes
            if not allowed:
                raise NoSqlForm(
                    f"{field}: {text!r} calls {name}(), which has no SQL form giving Polars' answer yet",
                    field=field,
                )
        if isinstance(node, exp.TryCast):
            raise NoSqlForm(f"{field}: TRY_CAST has no SQL form giving Polars' answer on every target", field=field)
        if isinstance(node, exp.DPipe):
            # ||: null when a side is null, as in Polars; both sides as text.
            node.set("safe", False)
        if isinstance(node, exp.Concat | exp.ConcatWs) and dialect == "spark":
            # CONCAT skips nulls as in Polars: sqlglot writes COALESCE(arg, '') for Spark, whose ANSI mode
            # then casts '' to the argument's type; every argument as text first.
            first = 1 if isinstance(node, exp.ConcatWs) else 0
            args = node.expressions
            node.set(
                "expressions",
                [*args[:first], *(exp.cast(a.copy(), exp.DataType.build("TEXT")) for a in args[first:])],
            )

    def transform(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column):
            # Text compares by code point in Polars: so on PostgreSQL whatever the column's collation.
            return text_key(col(node.name), schema[node.name], dialect or "")
        if isinstance(node, exp.Div):
            left, right = node.this, node.expression
            ltype, rtype = _polars_dtype(left, schema), _polars_dtype(right, schema)
            if ltype is None or rtype is None:
                raise NoSqlForm(f"{field}: the types of the division's sides in {text!r} are unknown", field=field)
            if ltype.is_decimal() or rtype.is_decimal():
                raise NoSqlForm(
                    f"{field}: the division in {text!r} works on decimals, whose scale PostgreSQL and Polars pick "
                    "differently; cast a side to float64 first",
                    field=field,
                )
            double = exp.DataType.build("DOUBLE PRECISION", dialect="postgres")
            lcast = exp.cast(left.copy(), double)
            quotient = exp.Div(this=lcast, expression=exp.cast(right.copy(), double), typed=False, safe=False)
            zero = exp.EQ(this=right.copy(), expression=exp.Literal.number(0))
            return exp.Paren(this=exp.Case(ifs=[exp.If(this=zero, true=_infinite(left.copy()))], default=quotient))
        if isinstance(node, exp.Mod):
            # Integers only: Polars' x % 0 is null for integers (NaN for floats), PostgreSQL has no % of floats.
            if not (
                _is_integer(_polars_dtype(node.this, schema)) and _is_integer(_polars_dtype(node.expression, schema))
            ):
                raise NoSqlForm(f"{field}: % in {text!r} compiles for integers only", field=field)
            divisor = exp.Nullif(this=node.expression.copy(), expression=exp.Literal.number(0))
            return exp.Paren(this=exp.Mod(this=node.this.copy(), expression=divisor))
        return node

    return tree.transform(transform, copy=True)


def sql_expression(
    text: str, schema: pl.Schema, *, field: str, boolean: bool = False, dialect: str | None = None
) -> tuple[exp.Expression, pl.DataType]:
    """The SQL tree of a config expression and its Polars type, after every check ``check_expr`` makes
    (the policy's allowlist, the columns, the types): the tree is the one the policy accepted."""
    _expr, dtype = check_expr(text, schema, field=field, boolean=boolean)
    tree = sqlglot.parse_one(text.strip(), read=POLICY_DIALECT)
    compiled = _rewrite(tree, schema, field, " ".join(text.split())[:80], dialect)
    return compiled, dtype


def generate(tree: exp.Expression, dialect: str) -> str:
    """The SQL text of ``tree`` in ``dialect`` (identifiers quoted as built)."""
    return tree.sql(dialect=dialect, identify=True, unsupported_level=sqlglot.ErrorLevel.RAISE)


def refuse(node_type: Any, reason: str, *, field: str | None = None) -> NoSqlForm:
    return NoSqlForm(f"{node_type.key} has no SQL form: {reason}", field=field)


def ordered_write(source: SqlInput, dialect: str) -> exp.Select:
    """What a destination writes: its input, sorted when its rows have an order. On Spark, whose sort is not
    stable (its partitions are sorted apart and merged), rows that tie on every key are ordered by their other
    columns, as a limit cuts them on every target (Polars keeps their input order)."""
    select = select_from(source.table, *all_columns(source.schema))
    if source.order:
        keys = source.order
        if dialect == "spark":
            keys = keys + tuple(OrderKey(c) for c in source.schema.names() if c not in {k.column for k in keys})
        select = select.order_by(*order_by(keys, source.schema, dialect, "t"))
    return select
