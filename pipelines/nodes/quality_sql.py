"""quality.validate on the sql backend: each row rule as a SQL condition, and the node's passing rows, rejected
rows and rule counts as SELECTs (docs/backends.md). The rules were checked by ``quality.rule_check`` first,
as the Polars build checks them."""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlglot import exp

from pipelines.nodes.base import NoSqlForm
from pipelines.nodes.sqlcompile import (
    SqlOutput,
    alias,
    all_columns,
    col,
    select_from,
    sql_expression,
    sql_type,
    text_key,
)


def sql_rule(rule: Any, schema: pl.Schema, *, field: str, dialect: str):
    """The SQL condition of a row rule, true for a passing row and never null (as ``rule_check``'s), or
    NoSqlForm: regular expressions (Rust's syntax is not PostgreSQL's or DuckDB's), bounds of times and
    datetimes."""

    def holds(condition: exp.Expression) -> exp.Expression:
        return exp.Coalesce(this=condition, expressions=[exp.true()])

    if rule.type == "not_null":
        return exp.and_(*(exp.Not(this=exp.Is(this=col(c), expression=exp.Null())) for c in rule.columns))
    if rule.type == "unique":  # every row of a duplicated combination fails; nulls are equal here
        window = exp.Window(this=exp.Count(this=exp.Star()), partition_by=[col(c) for c in rule.columns])
        return exp.EQ(this=window, expression=exp.Literal.number(1))
    if rule.type == "expression":
        return holds(
            sql_expression(rule.condition, schema, field=f"{field}.condition", boolean=True, dialect=dialect)[0]
        )
    if rule.type == "regex":
        raise NoSqlForm(
            f"quality.validate has no SQL form: {field} is a regex, whose syntax (Rust's) the databases read "
            "otherwise; use an expression rule with LIKE",
            field=f"{field}.pattern",
        )
    dtype = schema[rule.column]
    if dtype in (pl.Categorical, pl.Enum):
        dtype = pl.String()
    if dtype not in (pl.String, pl.Boolean, pl.Date) and not dtype.is_numeric():
        raise NoSqlForm(
            f"quality.validate has no SQL form: {field} compares {dtype} values, which compile only as numbers, "
            "text, booleans and dates",
            field=f"{field}.column",
        )
    value = text_key(col(rule.column), dtype, dialect)

    def literal(raw: Any) -> exp.Expression:
        if dtype == pl.Date:
            return exp.cast(exp.Literal.string(str(raw)), sql_type(pl.Date()))
        if isinstance(raw, bool):
            return exp.Boolean(this=raw)
        if isinstance(raw, int | float):
            return exp.Literal.number(repr(raw) if isinstance(raw, float) else raw)
        return text_key(exp.Literal.string(raw), pl.String(), dialect)

    if rule.type == "accepted_values":
        return holds(exp.In(this=value, expressions=[literal(v) for v in rule.values]))
    ok: list[exp.Expression] = []
    for bound, name in ((rule.min, "min"), (rule.max, "max")):
        if bound is None:
            continue
        compare = {("min", True): exp.GTE, ("min", False): exp.GT, ("max", True): exp.LTE, ("max", False): exp.LT}
        ok.append(compare[(name, rule.inclusive)](this=value.copy(), expression=literal(bound)))
    return holds(exp.and_(*ok))


def compile_validate(ctx, config, inputs, *, failed_rules_column: str) -> dict:
    """The passing rows (``out``), the failing ones with the names of their rules (``rejected``), and in
    ``ctx.reports["counts"]`` one row: ``rows`` and per row rule ``failed_<i>``, the counts the Polars run
    reports (``execute``). Each rule is a SQL condition true for a passing row, never null."""
    source = inputs["in"]
    schema = source.schema
    if config.checks:
        raise NoSqlForm("quality.validate has no SQL form: its checks are not compiled yet", field="checks")
    names = schema.names()
    flags: list[tuple[Any, str, exp.Expression]] = []
    for i, rule in enumerate(config.rules):
        if rule.type == "row_count":
            continue
        flag = f"__sluice_rule_{i}"
        while flag in names:
            flag = "_" + flag
        flags.append((rule, flag, sql_rule(rule, schema, field=f"rules.{i}", dialect=ctx.dialect)))
    flagged = select_from(source.table, *all_columns(schema), *(alias(e, f) for _, f, e in flags))
    counts = [alias(exp.Count(this=exp.Star()), "rows")]
    for index, (_rule, flag, _e) in enumerate(flags):
        failed = exp.Case(ifs=[exp.If(this=col(flag), true=exp.Literal.number(0))], default=exp.Literal.number(1))
        total = exp.Coalesce(this=exp.Sum(this=failed), expressions=[exp.Literal.number(0)])
        counts.append(alias(total, f"failed_{index}"))
    ctx.reports["counts"] = select_from(flagged, *counts)
    ctx.reports["flags"] = [(rule.name, flag) for rule, flag, _e in flags]
    ctx.reports["on_failure"] = config.on_failure
    # Per row rule, a few of its offending rows (read only when it failed), as the Polars run keeps.
    ctx.reports["samples"] = [
        select_from(flagged, *all_columns(schema)).where(exp.Not(this=col(f))).limit(config.sample_size)
        for _rule, f, _e in flags
    ]
    ctx.reports["sample_size"] = config.sample_size
    # Every rule in order: (name, type, severity, row rule's index in the counts or None, min, max).
    flagged_index = {rule.name: i for i, (rule, _f, _e) in enumerate(flags)}
    ctx.reports["rules"] = [
        (
            rule.name,
            rule.type,
            rule.severity,
            flagged_index.get(rule.name),
            getattr(rule, "min", None) if rule.type == "row_count" else None,
            getattr(rule, "max", None) if rule.type == "row_count" else None,
        )
        for rule in config.rules
    ]
    if not flags:
        passes: exp.Expression = exp.true()
    else:
        passes = exp.and_(*(col(f) for _, f, _e in flags))
    out = select_from(flagged, *all_columns(schema)).where(passes if config.on_failure == "reject" else exp.true())
    failed_rules = exp.ConcatWs(
        safe=True,
        coalesce=True,  # nulls skipped, as CONCAT_WS does on both targets
        expressions=[
            exp.Literal.string(","),
            *(
                exp.Case(ifs=[exp.If(this=exp.Not(this=col(f)), true=exp.Literal.string(rule.name))])
                for rule, f, _e in flags
            ),
        ],
    )
    if not flags:
        failed_rules = exp.cast(exp.Null(), exp.DataType.build("TEXT"))
    rejected = select_from(flagged, *all_columns(schema), alias(failed_rules, failed_rules_column)).where(
        exp.Not(this=exp.Paren(this=passes)) if config.on_failure == "reject" else exp.false()
    )
    return {"out": SqlOutput(out, source.order), "rejected": SqlOutput(rejected, source.order)}
