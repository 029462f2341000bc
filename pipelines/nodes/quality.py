"""quality.validate: data quality rules that fail the step or route bad rows to a ``rejected`` port.

Each row rule becomes one boolean Polars expression (true = the row passes);
a run evaluates them all in one pass over the data, counts failures per rule
and keeps a few offending rows as samples in the step report. ``row_count`` is
a whole-frame rule: it cannot route rows, so it fails the step in either mode.

Null values pass ``range``, ``regex`` and ``accepted_values`` (add a
``not_null`` rule to forbid them), and an ``expression`` rule fails a row only
when the expression is false, as a SQL CHECK constraint does.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

import polars as pl
from pydantic import ConfigDict, Field, field_validator, model_validator

from pipelines.nodes.base import BuildContext, NodeConfig, NodeError, NodeType, Port, polars_message
from pipelines.nodes.checks import CHECKS_FIELD, Checks, checks_names_unique, checks_run_on, checks_validate
from pipelines.nodes.expressions import Expression, expr_columns, parse_expr, require_column
from pipelines.nodes.quality_sql import compile_validate
from pipelines.nodes.registry import register
from pipelines.nodes.transforms.common import (
    ColumnName,
    ExactText,
    Lineage,
    frame_schema,
    one_input,
    passthrough_lineage,
)

FAILED_RULES_COLUMN = "_sluice_failed_rules"
SAMPLE_TEXT_LIMIT = 200  # characters of a text value kept in a sample
MAX_SAMPLE_ROWS = 1000  # sample rows kept in one report, all rules together
_POLARS_ERRORS = (pl.exceptions.PolarsError, pl.exceptions.PanicException)
Scalar = ExactText | int | float | bool  # text values are compared exactly, spaces included


class _Rule(NodeConfig):
    name: str | None = Field(
        None,
        max_length=100,
        pattern=r"^[^,\r\n]+$",
        description="Unique name of the rule, shown in reports and in the _sluice_failed_rules column "
        "(default: made from its type and columns).",
    )
    severity: Literal["info", "warning", "critical"] | None = Field(
        None,
        description="Severity of a failure of this rule in quality results and issues (default: judged from "
        "the failure rate).",
    )


class NotNullRule(_Rule):
    model_config = ConfigDict(**_Rule.model_config, title="Not null")

    type: Literal["not_null"]
    columns: list[ColumnName] = Field(min_length=1, max_length=1000, description="Columns that must not be null.")


class UniqueRule(_Rule):
    model_config = ConfigDict(**_Rule.model_config, title="Unique")

    type: Literal["unique"]
    columns: list[ColumnName] = Field(
        min_length=1,
        max_length=100,
        description="Columns whose combination must be unique; every row of a duplicated combination fails.",
    )


class RangeRule(_Rule):
    model_config = ConfigDict(**_Rule.model_config, title="Range")

    type: Literal["range"]
    column: ColumnName = Field(description="Column to check (numbers, dates and times, or text).")
    min: float | int | str | None = Field(None, description="Lowest allowed value (dates as ISO text).")
    max: float | int | str | None = Field(None, description="Highest allowed value (dates as ISO text).")
    inclusive: bool = Field(True, description="Whether min and max themselves are allowed.")

    @model_validator(mode="after")
    def _bounds(self) -> RangeRule:
        if self.min is None and self.max is None:
            raise ValueError("give 'min', 'max' or both")
        return self


class RegexRule(_Rule):
    model_config = ConfigDict(**_Rule.model_config, title="Regex")

    type: Literal["regex"]
    column: ColumnName = Field(description="Text column to check.")
    pattern: ExactText = Field(
        min_length=1,
        max_length=1000,
        description="Regular expression (Rust syntax: no look-around or backreferences) that each value must "
        "contain; anchor it with ^...$ to match whole values.",
        examples=[r"^[^@\s]+@[^@\s]+$"],
    )

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            pl.select(pl.lit("").str.contains(value))
        except _POLARS_ERRORS as exc:
            message = " ".join(polars_message(exc).split())
            raise ValueError(f"the regular expression does not compile: {message}") from None
        return value


class AcceptedValuesRule(_Rule):
    model_config = ConfigDict(**_Rule.model_config, title="Accepted values")

    type: Literal["accepted_values"]
    column: ColumnName = Field(description="Column to check.")
    values: list[Scalar] = Field(min_length=1, max_length=10_000, description="The only values allowed.")


class RowCountRule(_Rule):
    model_config = ConfigDict(**_Rule.model_config, title="Row count")

    type: Literal["row_count"]
    min: int | None = Field(None, ge=0, description="Fewest rows allowed.")
    max: int | None = Field(None, ge=0, description="Most rows allowed.")

    @model_validator(mode="after")
    def _bounds(self) -> RowCountRule:
        if self.min is None and self.max is None:
            raise ValueError("give 'min', 'max' or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"'min' ({self.min}) is above 'max' ({self.max})")
        return self


class ExpressionRule(_Rule):
    model_config = ConfigDict(**_Rule.model_config, title="SQL expression")

    type: Literal["expression"]
    condition: Expression = Field(
        description="SQL boolean expression every row must satisfy; a row fails when it is false (null passes, "
        "as in a SQL CHECK).",
        examples=["shipped_at >= ordered_at"],
    )


Rule = Annotated[
    NotNullRule | UniqueRule | RangeRule | RegexRule | AcceptedValuesRule | RowCountRule | ExpressionRule,
    Field(discriminator="type"),
]


def _default_name(index: int, rule: Any) -> str:
    columns = getattr(rule, "columns", None) or ([rule.column] if getattr(rule, "column", None) else [])
    if columns:
        return f"{rule.type}_{'_'.join(columns)}".replace(",", "_").replace("\n", "_")[:100]
    return rule.type if rule.type == "row_count" else f"{rule.type}_{index}"


class QualityConfig(NodeConfig):
    rules: list[Rule] = Field(
        min_length=1,
        max_length=200,
        description="The checks. Each has a type, an optional unique name, and its own fields: not_null {columns}, "
        "unique {columns}, range {column, min, max, inclusive}, regex {column, pattern}, accepted_values {column, "
        "values}, row_count {min, max}, expression {condition}.",
    )
    on_failure: Literal["fail", "reject"] = Field(
        "fail",
        description="fail: the step fails when any rule fails, with a report and sample rows. reject: rows that "
        "fail a rule go to the rejected port and the step succeeds (a failed row_count still fails it).",
    )
    sample_size: int = Field(5, ge=0, le=100, description="Offending rows kept per failed rule in the report.")
    checks: Checks = CHECKS_FIELD

    @model_validator(mode="after")
    def _names(self) -> QualityConfig:
        used: set[str] = set()
        for i, rule in enumerate(self.rules):
            if rule.name is not None:
                if rule.name in used:
                    raise ValueError(f"rules.{i}.name: two rules are named {rule.name!r}")
                used.add(rule.name)
        for i, rule in enumerate(self.rules):
            if rule.name is None:
                name = _default_name(i, rule)
                if name in used:
                    name = f"{name}_{i}"
                rule.name = name
                used.add(name)
        checks_names_unique(self.checks, used)
        return self


def _rule_columns(rule: Any) -> list[str]:
    if rule.type == "expression":
        return expr_columns(rule.condition)
    return list(getattr(rule, "columns", None) or ([rule.column] if getattr(rule, "column", None) else []))


def _temporal(value: str, dtype: pl.DataType) -> pl.Series:
    """ISO text as a one-value Series of ``dtype`` (a zone in the text is converted to the column's)."""
    text = pl.Series([value])
    if dtype == pl.Date:
        return text.str.to_date(strict=True)
    if dtype == pl.Time:
        return text.str.to_time(strict=True)
    if dtype != pl.Datetime:
        raise ValueError(f"{dtype} bounds are not supported")
    parsed = text.str.to_datetime(strict=True)
    zone, parsed_zone = getattr(dtype, "time_zone", None), getattr(parsed.dtype, "time_zone", None)
    if parsed_zone is None and zone:
        parsed = parsed.dt.replace_time_zone(zone)
    elif parsed_zone and zone:
        parsed = parsed.dt.convert_time_zone(zone)
    elif parsed_zone:
        parsed = parsed.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
    return parsed.cast(dtype)


def _literal(value: Any, dtype: pl.DataType) -> pl.Series | None:
    """``value`` as a one-value Series comparable with a ``dtype`` column, or None when it does not fit."""
    if dtype == pl.String:
        return pl.Series([value], dtype=pl.String) if isinstance(value, str) else None
    if dtype == pl.Boolean:
        return pl.Series([value], dtype=pl.Boolean) if isinstance(value, bool) else None
    if dtype.is_numeric():
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return pl.Series([value], dtype=pl.Float64 if isinstance(value, float) else pl.Int64)
    if isinstance(value, str):
        try:
            return _temporal(value, dtype)
        except (ValueError, *_POLARS_ERRORS):
            return None
    return None


def _hint(dtype: pl.DataType) -> str:
    if dtype == pl.String:
        return "write it as text"
    if dtype == pl.Boolean:
        return "write true or false"
    if dtype.is_numeric():
        return "write a number"
    return "write the date or time as ISO text (e.g. 2024-01-31 or 2024-01-31T12:00:00)"


def _literals(values: list[Any], dtype: pl.DataType, *, field: str, column: str, indexed: bool) -> pl.Series:
    """``values`` as a Series comparable with a ``dtype`` column; NodeError on ``field`` (``field.<i>``) if not."""
    if not (dtype in (pl.String, pl.Boolean, pl.Date, pl.Datetime, pl.Time) or dtype.is_numeric()):
        raise NodeError(
            f"{field}: column {column!r} is {dtype}; this rule compares numbers, text, booleans, dates and times.",
            field=field,
            column=column,
            code="type_error",
        )
    parsed = []
    for i, value in enumerate(values):
        one = _literal(value, dtype)
        if one is None:
            where = f"{field}.{i}" if indexed else field
            raise NodeError(
                f"{where}: {value!r} cannot be compared with column {column!r} ({dtype}); {_hint(dtype)}.",
                field=where,
                column=column,
                code="type_error",
            )
        parsed.append(one)
    if dtype.is_numeric() and any(s.dtype == pl.Float64 for s in parsed):
        parsed = [s.cast(pl.Float64) for s in parsed]
    return pl.concat(parsed)


def rule_check(rule: Any, schema: pl.Schema, *, field: str) -> pl.Expr | None:
    """The expression that is true for the rows passing ``rule`` (never null), or None for row_count."""
    if rule.type == "row_count":
        return None
    if rule.type in ("not_null", "unique"):
        for j, column in enumerate(rule.columns):
            require_column(schema, column, field=f"{field}.columns.{j}")
        if rule.type == "not_null":
            return pl.all_horizontal([pl.col(c).is_not_null() for c in rule.columns])
        keys = pl.col(rule.columns[0]) if len(rule.columns) == 1 else pl.struct(rule.columns)
        return ~keys.is_duplicated()
    if rule.type == "expression":
        return parse_expr(rule.condition, schema, field=f"{field}.condition", boolean=True).fill_null(True)
    dtype = require_column(schema, rule.column, field=f"{field}.column")
    col = pl.col(rule.column)
    if dtype in (pl.Categorical, pl.Enum):
        col, dtype = col.cast(pl.String), pl.String()
    if rule.type == "regex":
        if dtype != pl.String:
            raise NodeError(
                f"{field}.column: a regex checks text, but column {rule.column!r} is {dtype}.",
                field=f"{field}.column",
                column=rule.column,
                code="type_error",
            )
        return col.str.contains(rule.pattern).fill_null(True)
    if rule.type == "accepted_values":
        values = _literals(rule.values, dtype, field=f"{field}.values", column=rule.column, indexed=True)
        if dtype.is_numeric() and values.dtype == pl.Float64:
            col = col.cast(pl.Float64)
        return col.is_in(pl.lit(values).implode()).fill_null(True)
    # range
    if not (dtype.is_numeric() or dtype in (pl.Date, pl.Datetime, pl.Time, pl.String)):
        raise NodeError(
            f"{field}.column: a range checks numbers, dates, times or text, but column {rule.column!r} is {dtype}.",
            field=f"{field}.column",
            column=rule.column,
            code="type_error",
        )
    ok = pl.lit(True)
    for bound, name in ((rule.min, "min"), (rule.max, "max")):
        if bound is None:
            continue
        literal = _literals([bound], dtype, field=f"{field}.{name}", column=rule.column, indexed=False)
        value = pl.lit(literal.item(), dtype=literal.dtype) if dtype.is_temporal() else pl.lit(bound)
        if name == "min":
            ok = ok & (col >= value if rule.inclusive else col > value)
        else:
            ok = ok & (col <= value if rule.inclusive else col < value)
    return ok.fill_null(True)


def _jsonable(value: Any) -> Any:
    """A sample value that fits in a JSON report (text shortened, dates as ISO text)."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return value if len(value) <= SAMPLE_TEXT_LIMIT else value[:SAMPLE_TEXT_LIMIT] + "…"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta | Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value[:20]]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return _jsonable(str(value))


def sample_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [{k: _jsonable(v) for k, v in row.items()} for row in frame.iter_rows(named=True)]


def _failed_column(checks: list[tuple[str, pl.Expr]]) -> pl.Expr:
    """Comma-joined names of the rules a row fails ("" never: rows that fail nothing are not rejected)."""
    if not checks:
        return pl.lit(None, dtype=pl.String).alias(FAILED_RULES_COLUMN)
    parts = [pl.when(~check).then(pl.lit(name)) for name, check in checks]
    return pl.concat_str(parts, separator=",", ignore_nulls=True).alias(FAILED_RULES_COLUMN)


@register
class Validate(NodeType):
    key = "quality.validate"
    family = "quality"
    pure = True
    title = "Validate"
    description = (
        "Checks rules on the data: not_null, unique (one or several columns), range, regex, accepted_values, "
        "row_count and custom SQL expressions. On failure the step either fails with a report of sample "
        "offending rows, or routes the offending rows to the `rejected` port (with the names of the rules they "
        "fail in `_sluice_failed_rules`) and lets the good rows through. Nulls pass range, regex and "
        "accepted_values: add not_null to forbid them."
    )
    icon = "shield-check"
    inputs = (Port("in", description="Rows to check."),)
    outputs = (
        Port("out", description="Rows that pass every rule."),
        Port("rejected", description="Rows that fail a rule (reject mode), with _sluice_failed_rules."),
    )
    Config = QualityConfig
    example = {
        "rules": [
            {"type": "not_null", "columns": ["id", "email"]},
            {"type": "unique", "columns": ["id"]},
            {"type": "range", "column": "amount", "min": 0},
            {"type": "regex", "column": "email", "pattern": r"^[^@\s]+@[^@\s]+$"},
            {"type": "accepted_values", "column": "status", "values": ["new", "paid", "shipped"]},
            {"type": "row_count", "min": 1},
            {"name": "shipped_after_order", "type": "expression", "condition": "shipped_at >= ordered_at"},
        ],
        "on_failure": "reject",
    }

    def _checks(self, config: QualityConfig, schema: pl.Schema) -> list[tuple[Any, pl.Expr | None]]:
        return [(rule, rule_check(rule, schema, field=f"rules.{i}")) for i, rule in enumerate(config.rules)]

    def build(self, ctx, config: QualityConfig, inputs):
        frame = one_input(inputs)
        checks_validate(config.checks, frame_schema(frame))
        checks = [(r.name, e) for r, e in self._checks(config, frame_schema(frame)) if e is not None]
        if not checks:  # only row_count rules: no row is ever rejected
            return {"out": frame, "rejected": frame.head(0).with_columns(_failed_column(checks))}
        passes = pl.all_horizontal([e for _, e in checks])
        # The failed-rules column is computed before filtering: a unique rule looks at every row.
        rejected = frame.with_columns(_failed_column(checks)).filter(~passes)
        return {"out": frame.filter(passes), "rejected": rejected}

    def execute(self, ctx: BuildContext, config: QualityConfig, inputs):
        frame = one_input(inputs)
        schema = frame_schema(frame)
        checks = self._checks(config, schema)
        flags = {}
        for i, (rule, expr) in enumerate(checks):
            if expr is not None:
                flag = f"__sluice_rule_{i}"
                while flag in schema:
                    flag = "_" + flag
                flags[rule.name] = (flag, expr)
        # One pass: the data with one boolean column per row rule.
        data = frame.with_columns([expr.alias(flag) for flag, expr in flags.values()]).collect()
        total = data.height
        entries, failures, hard_failure = [], [], False
        budget = MAX_SAMPLE_ROWS
        for rule, expr in checks:
            entry: dict[str, Any] = {"name": rule.name, "type": rule.type}
            if rule.severity:
                entry["severity"] = rule.severity
            if expr is None:
                ok = (rule.min is None or total >= rule.min) and (rule.max is None or total <= rule.max)
                entry.update(passed=int(ok), failed=int(not ok), sample=[])
                if not ok:
                    bounds = " and ".join(
                        f"{word} {v}" for word, v in (("at least", rule.min), ("at most", rule.max)) if v is not None
                    )
                    entry["message"] = f"{total} rows; expected {bounds}"
                    failures.append(f"{rule.name} ({entry['message']})")
                    hard_failure = True
            else:
                flag = flags[rule.name][0]
                failed = total - int(data[flag].sum())
                take = min(config.sample_size, budget) if failed else 0
                bad = data.filter(~pl.col(flag)).head(take).select(schema.names()) if take else None
                budget -= take
                entry.update(passed=total - failed, failed=failed, sample=sample_rows(bad) if bad is not None else [])
                if failed:
                    entry["message"] = f"{failed} of {total} rows fail"
                    failures.append(f"{rule.name} ({failed} of {total} rows)")
            entries.append(entry)
        report = {"rows": total, "on_failure": config.on_failure, "rules": entries}
        ctx.report.update(report)
        if config.checks:  # a blocking check fails the step (its report kept with it)
            report["checks"] = checks_run_on(ctx, config.checks, data.select(schema.names()))
        if failures and (config.on_failure == "fail" or hard_failure):
            shown = "; ".join(failures[:10]) + (f"; and {len(failures) - 10} more" if len(failures) > 10 else "")
            error = NodeError(f"{len(failures)} of {len(checks)} quality rules failed: {shown}.", code="quality_failed")
            error.report = report  # type: ignore[attr-defined]  # kept with the failed step
            raise error
        named = [(name, pl.col(flag)) for name, (flag, _) in flags.items()]
        flag_names = [flag for flag, _ in flags.values()]
        if not failures:  # nothing to route: no copy of the data
            good = data.drop(flag_names)
            return {"out": good.lazy(), "rejected": good.head(0).with_columns(_failed_column([])).lazy()}
        passes = pl.all_horizontal([c for _, c in named])
        good = data.filter(passes).drop(flag_names)
        rejected = data.filter(~passes).with_columns(_failed_column(named)).drop(flag_names)
        return {"out": good.lazy(), "rejected": rejected.lazy()}

    def compile_sql(self, ctx, config: QualityConfig, inputs):
        """The passing rows (``out``), the failing ones with the names of their rules (``rejected``), and the
        counts the Polars run reports, in ``ctx.reports`` (pipelines.nodes.quality_sql)."""
        for i, rule in enumerate(config.rules):
            rule_check(rule, inputs["in"].schema, field=f"rules.{i}")  # the same checks as build
        return compile_validate(ctx, config, inputs, failed_rules_column=FAILED_RULES_COLUMN)

    def lineage(self, config: QualityConfig, inputs, outputs) -> Lineage:
        result = passthrough_lineage(inputs, outputs)
        columns: list[str] = []
        for rule in config.rules:
            columns.extend(c for c in _rule_columns(rule) if c not in columns)
        for port, mapping in result.items():
            if FAILED_RULES_COLUMN in mapping and port == "rejected":
                mapping[FAILED_RULES_COLUMN] = [("in", 0, c) for c in columns]
        return result
