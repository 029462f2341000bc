"""quality.validate on the sql backend: each row rule as a SQL condition, and the node's passing rows, rejected
rows and rule counts as SELECTs (docs/backends.md). The rules were checked by ``quality.rule_check`` first,
as the Polars build checks them."""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlglot import exp

from pipelines.nodes.base import NoSqlForm
from pipelines.nodes.checks import checks_validate
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


def check_measures(checks: list, schema: pl.Schema, *, dialect: str, field: str = "checks") -> list[exp.Expression]:
    """Per check, the SQL aggregate measuring it over a relation as ``checks_plan`` measures it on Polars
    (``pipelines.nodes.checks._measure``; schema_drift reads no data: None), a DOUBLE: rows, the share of
    nulls, the distinct non-null values, the lowest or highest value (NaN skipped as Polars' min and max skip
    it; dates and timestamps as Unix seconds), the newest value for freshness. NoSqlForm for dates and
    timestamps on Spark (its date difference and epoch are not these)."""
    double = exp.DataType.build("DOUBLE PRECISION", dialect="postgres")
    measures: list[exp.Expression] = []
    for i, check in enumerate(checks):
        if check.type == "schema_drift":
            measures.append(None)
            continue
        if check.type == "row_count":
            measures.append(exp.cast(exp.Count(this=exp.Star()), double))
            continue
        dtype = schema[check.column]
        value = col(check.column)
        if check.type == "null_rate":
            nulls = exp.Sub(this=exp.Count(this=exp.Star()), expression=exp.Count(this=value))
            total = exp.Greatest(this=exp.Count(this=exp.Star()), expressions=[exp.Literal.number(1)])
            measures.append(exp.Div(this=exp.cast(nulls, double), expression=exp.cast(total, double)))
            continue
        if check.type == "distinct_count":
            distinct = exp.Count(this=exp.Distinct(expressions=[text_key(value, dtype, dialect)]))
            measures.append(exp.cast(distinct, double))
            continue
        temporal = isinstance(dtype, pl.Date | pl.Datetime)
        if temporal and dialect == "spark":
            raise NoSqlForm(
                f"checks.{i}: {check.type} of a date or timestamp has no SQL form on Spark yet", field=f"{field}.{i}"
            )
        if dtype.is_float():  # Polars' min and max skip NaN; SQL ranks it above every number
            value = exp.cast(value, double)
            if dialect == "postgres":  # every NaN equals 'NaN' there
                nan: exp.Expression = exp.EQ(this=value.copy(), expression=exp.cast(exp.Literal.string("NaN"), double))
            else:  # DuckDB's = does not match every NaN a Parquet file holds; ISNAN does
                nan = exp.IsNan(this=value.copy())
            value = exp.Case(ifs=[exp.If(this=nan, true=exp.Null())], default=value)
        extreme = exp.Min(this=value) if check.type == "min" else exp.Max(this=value)  # max, freshness: newest
        if dtype == pl.Date:
            days = exp.Sub(this=extreme, expression=exp.cast(exp.Literal.string("1970-01-01"), sql_type(pl.Date())))
            measures.append(exp.Mul(this=exp.cast(days, double), expression=exp.Literal.number(86400)))
        elif isinstance(dtype, pl.Datetime):
            measures.append(exp.cast(exp.TimeToUnix(this=extreme), double))
        else:
            measures.append(exp.cast(extreme, double))
    return measures


def compile_validate(ctx, config, inputs, *, failed_rules_column: str) -> dict:
    """The passing rows (``out``), the failing ones with the names of their rules (``rejected``), and in
    ``ctx.reports["counts"]`` one row: ``rows``, per row rule ``failed_<i>``, the counts the Polars run
    reports (``execute``), then the measures of the node's checks (``check_measures``; judged by the run with
    ``checks_enforce``, as on Polars). Each rule is a SQL condition true for a passing row, never null."""
    source = inputs["in"]
    schema = source.schema
    checks_validate(config.checks, schema)  # the same checks as build (columns, types)
    measures = check_measures(config.checks, schema, dialect=ctx.dialect)
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
    # The checks' measures after the rule counts, over every row of the input (as Polars measures them).
    ctx.reports["checks"] = (config.checks, schema, len(counts))
    counts.extend(alias(m, f"check_{i}") for i, m in enumerate(measures) if m is not None)
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
