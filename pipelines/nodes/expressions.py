"""SQL expressions in node configs, checked, then parsed by Polars (``pl.sql_expr``) against a schema.

Filter conditions, derived columns, branch routes and custom quality rules are
SQL expressions (``amount * 1.2``, ``status = 'paid' AND amount > 0``). They
are parsed by Polars' SQL front end into a ``pl.Expr`` — never evaluated as
Python — and checked before anything runs:

1. not empty, at most ``MAX_EXPRESSION_LENGTH`` characters;
2. allowed: parsed by sqlglot and held to the allowlist of ``expression_policy`` (no subqueries,
   table functions or functions off the list) — *before* Polars sees the text, since Polars reads
   files and URLs while it parses a table function; this is the only way to ``pl.sql_expr``;
3. parsable by Polars (a syntax error becomes a ``NodeError`` on the config field);
4. every column it names exists in the input schema (else a ``NodeError`` naming
   the column, with a "did you mean" suggestion);
5. type-checked: Polars resolves the result type over an empty frame of the
   schema, then evaluates the expression over one all-null row, which catches
   what schema resolution lets through (``upper(<integer>)``, an invalid regex);
6. with ``boolean=True``, the result must be a Boolean.

The helpers ``require_column``/``require_columns`` give the same unknown-column
message for plain column names in configs. ``Expression`` is the pydantic type of every expression
field of a node config: a config holding a refused expression does not parse, and a graph document
holding one is refused whole (``pipelines.graph.parse_graph_document``, a 400).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Annotated

import polars as pl
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from pipelines.nodes.base import NodeError, polars_message
from pipelines.nodes.expression_policy import ExpressionNotAllowed, check_expression_text

MAX_EXPRESSION_LENGTH = 4000
NOT_ALLOWED = "expression_not_allowed"  # the pydantic error type and NodeError code of a refused expression
# Polars rewrites a subquery (``a IN (SELECT ...)``) into a reference to a temporary column.
_SUBQUERY_PREFIX = "_POLARS_TMP"
_POLARS_ERRORS = (pl.exceptions.PolarsError, pl.exceptions.PanicException)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def suggestion(name: str, candidates: Iterable[str]) -> str:
    """`` Did you mean 'x'?`` for the closest candidate (case-insensitive match first), or ``""``."""
    names = [c for c in candidates if isinstance(c, str)]
    folded = [c for c in names if c.casefold() == name.casefold()]
    if folded:
        return f" Did you mean {folded[0]!r}?"
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if not close:
        by_lower = {c.lower(): c for c in names}
        close = [by_lower[m] for m in difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)]
    return f" Did you mean {close[0]!r}?" if close else ""


def _available(names: Sequence[str], limit: int = 20) -> str:
    if not names:
        return " The input has no columns."
    shown = ", ".join(repr(n) for n in names[:limit])
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return f" Available columns: {shown}{more}."


def unknown_column(column: str, schema: pl.Schema, *, field: str, where: str = "") -> NodeError:
    """The error for a column missing from ``schema`` (``where`` says which input, e.g. "in the right input")."""
    names = schema.names()
    hint = suggestion(column, names)
    return NodeError(
        f"{field}: unknown column {column!r}{' ' + where if where else ''}.{hint or _available(names)}",
        field=field,
        column=column,
        code="unknown_column",
    )


def require_column(schema: pl.Schema, column: str, *, field: str, where: str = "") -> pl.DataType:
    """The dtype of ``column``, or a NodeError on ``field`` naming it (with a suggestion)."""
    if column not in schema:
        raise unknown_column(column, schema, field=field, where=where)
    return schema[column]


def require_columns(schema: pl.Schema, columns: Sequence[str], *, field: str, where: str = "") -> None:
    """Every column of a list config field must exist (and be listed once); errors point at ``field.<index>``."""
    seen: set[str] = set()
    for i, column in enumerate(columns):
        require_column(schema, column, field=f"{field}.{i}", where=where)
        if column in seen:
            raise NodeError(f"{field}.{i}: {column!r} is listed twice.", field=f"{field}.{i}", column=column)
        seen.add(column)


def _parse(sql: str, *, field: str) -> pl.Expr:
    text = (sql or "").strip() if isinstance(sql, str) else ""
    if not text:
        raise NodeError(f"{field}: the expression is empty.", field=field, code="bad_expression")
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise NodeError(
            f"{field}: the expression is {len(text)} characters long; at most {MAX_EXPRESSION_LENGTH} are allowed.",
            field=field,
            code="bad_expression",
        )
    try:
        check_expression_text(text)
    except ExpressionNotAllowed as exc:
        code = "bad_expression" if exc.code == "syntax" else NOT_ALLOWED
        raise NodeError(f"{field}: {exc.message}.", field=field, code=code) from None
    try:
        return pl.sql_expr(text)
    except _POLARS_ERRORS as exc:
        raise NodeError(
            f"{field}: cannot read the SQL expression {_short(text)!r}: {polars_message(exc)}",
            field=field,
            code="bad_expression",
        ) from None


def _allowed(value: str) -> str:
    if len(value) > MAX_EXPRESSION_LENGTH:  # refused whole like the rest, not a mere draft problem
        raise PydanticCustomError(
            NOT_ALLOWED,
            "the expression is {n} characters long; at most {limit} are allowed",
            {"n": len(value), "limit": MAX_EXPRESSION_LENGTH},
        )
    try:
        check_expression_text(value.strip())
    except ExpressionNotAllowed as exc:
        if exc.code == "syntax":  # reported with the schema checks, where Polars' message is kept
            return value
        raise PydanticCustomError(NOT_ALLOWED, "{reason}", {"reason": exc.message}) from None
    return value


# The type of an expression field in a node config (add a description with Field()).
Expression = Annotated[
    str,
    Field(min_length=1, json_schema_extra={"maxLength": MAX_EXPRESSION_LENGTH}),
    AfterValidator(_allowed),
]


def _roots(expr: pl.Expr) -> list[str]:
    return list(dict.fromkeys(expr.meta.root_names()))


def check_expr(sql: str, schema: pl.Schema, *, field: str, boolean: bool = False) -> tuple[pl.Expr, pl.DataType]:
    """Like :func:`parse_expr`, also returning the result dtype."""
    expr = _parse(sql, field=field)
    text = _short(sql.strip())
    roots = _roots(expr)
    for name in roots:
        if name.startswith(_SUBQUERY_PREFIX):
            raise NodeError(
                f"{field}: subqueries are not supported in expressions ({text!r}); use a join instead.",
                field=field,
                code="bad_expression",
            )
        if name not in schema:
            raise unknown_column(name, schema, field=field)
    try:
        result = pl.LazyFrame(schema=schema).select(expr).collect_schema()
        # Schema resolution lets some type errors through (a string function on a number,
        # an invalid regex); evaluating over one all-null row of the columns used catches them.
        pl.DataFrame(schema={name: schema[name] for name in roots}).clear(1).lazy().select(expr).collect()
    except _POLARS_ERRORS as exc:
        raise NodeError(
            f"{field}: {text!r} does not fit the input columns: {polars_message(exc)}",
            field=field,
            code="type_error",
        ) from None
    if len(result) != 1:
        raise NodeError(
            f"{field}: {text!r} must give exactly one value per row, not {len(result)} columns.",
            field=field,
            code="type_error",
        )
    dtype = result.dtypes()[0]
    if boolean and dtype != pl.Boolean:
        raise NodeError(
            f"{field}: the condition must be true or false (a boolean), but {text!r} gives {dtype}.",
            field=field,
            code="type_error",
        )
    return expr, dtype


def parse_expr(sql: str, schema: pl.Schema, *, field: str, boolean: bool = False) -> pl.Expr:
    """Parse ``sql`` with ``pl.sql_expr`` and check it against ``schema``; NodeError on ``field`` otherwise."""
    return check_expr(sql, schema, field=field, boolean=boolean)[0]


def expr_columns(sql: str) -> list[str]:
    """The input columns an expression reads, in order of first use (``[]`` when it does not parse)."""
    try:
        expr = _parse(sql, field="expression")
        return [n for n in _roots(expr) if not n.startswith(_SUBQUERY_PREFIX)]
    except (NodeError, *_POLARS_ERRORS):
        return []
