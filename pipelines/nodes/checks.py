"""Data checks evaluated during a run (docs/quality.md, "Checks"): measurements of the data about to be
published (row count, null rate, distinct count, min, max, freshness, schema drift) judged against fixed
bounds and/or a rolling baseline of the same check in the last N successful runs (median/MAD or z-score).

A ``checks`` list sits in the config of every destination and of ``quality.validate``. The measurements
are one Polars ``select`` over the frame (``checks_plan``), collected in the same pass as the write's
staging; ``checks_enforce`` judges them, records every result in ``ctx.report["checks"]`` (where the
next runs find their baseline and the quality app its results) and raises a NodeError when a check whose
action is ``block`` fails, so the step fails before anything is published.

The history of a check comes from ``ctx.check_history(name, runs)``: the measurements of the same node
and check in the pipeline's last successful runs, newest first (the executions engine provides it; this
module imports nothing above pipelines)."""

from __future__ import annotations

import math
import statistics
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import polars as pl
from pydantic import AfterValidator, ConfigDict, Field, model_validator

from pipelines.nodes.base import BuildContext, NodeConfig, NodeError
from pipelines.nodes.expressions import require_column
from pipelines.nodes.transforms.common import ColumnName

CHECK_TYPES = ("row_count", "null_rate", "distinct_count", "min", "max", "freshness", "schema_drift")
COLUMN_CHECKS = ("null_rate", "distinct_count", "min", "max", "freshness")
BLOCKED_CODE = "check_blocked"
_TEMPORAL = (pl.Date, pl.Datetime)


class CheckBaseline(NodeConfig):
    model_config = ConfigDict(**NodeConfig.model_config, title="Rolling baseline")

    method: Literal["mad", "zscore"] = Field(
        "mad",
        description="mad: fail when the value is more than `threshold` median absolute deviations from the "
        "median of the last runs. zscore: fail when |value - mean| / standard deviation is above `threshold`.",
    )
    runs: int = Field(20, ge=2, le=200, description="How many of the last successful runs make the baseline (N).")
    min_runs: int = Field(
        3, ge=1, le=200, description="Fewer stored measurements than this: the baseline part is skipped (passes)."
    )
    threshold: float = Field(3.0, gt=0, le=1000, allow_inf_nan=False, description="k, in MADs or standard deviations.")
    direction: Literal["both", "above", "below"] = Field(
        "both", description="Which side fails: both, above only (e.g. a null rate), below only (e.g. a row count)."
    )

    @model_validator(mode="after")
    def _runs(self) -> CheckBaseline:
        if self.min_runs > self.runs:
            raise ValueError(f"'min_runs' ({self.min_runs}) is above 'runs' ({self.runs})")
        return self


class Check(NodeConfig):
    model_config = ConfigDict(**NodeConfig.model_config, title="Check")

    type: Literal["row_count", "null_rate", "distinct_count", "min", "max", "freshness", "schema_drift"] = Field(
        description="row_count: rows; null_rate: share of nulls in `column` (0..1); distinct_count: distinct "
        "non-null values of `column`; min / max: the column's lowest / highest value (dates and times as Unix "
        "seconds); freshness: age in seconds of the newest value of a date or timestamp `column`; schema_drift: "
        "columns added, removed or changed in type since the last successful run."
    )
    column: ColumnName | None = Field(
        None, description="The column measured (every type but row_count and schema_drift)."
    )
    name: str | None = Field(
        None,
        max_length=100,
        pattern=r"^[^,\x00-\x1f\x7f]+$",
        description="Unique name of the check in this node (default: type(column), e.g. null_rate(email)).",
    )
    min: float | None = Field(None, allow_inf_nan=False, description="Fixed bound: lowest value allowed.")
    max: float | None = Field(None, allow_inf_nan=False, description="Fixed bound: highest value allowed.")
    baseline: CheckBaseline | None = Field(
        None, description="Judge the value against the same check in the last N successful runs."
    )
    ignore_added: bool = Field(False, description="schema_drift: added columns are not drift.")
    action: Literal["block", "warn"] = Field(
        "block",
        description="block: a failure fails the step before anything is published (the destination is "
        "unchanged). warn: the run goes on; the failure is recorded as a warning result.",
    )
    severity: Literal["info", "warning", "critical"] | None = Field(
        None,
        description="Severity of a failure in quality results and issues (default: critical when "
        "blocking, warning otherwise).",
    )

    @model_validator(mode="after")
    def _shape(self) -> Check:
        if self.type in COLUMN_CHECKS and not self.column:
            raise ValueError(f"a {self.type} check needs 'column'")
        if self.type not in COLUMN_CHECKS and self.column:
            raise ValueError(f"a {self.type} check takes no 'column'")
        if self.type == "schema_drift":
            if self.min is not None or self.max is not None or self.baseline is not None:
                raise ValueError("schema_drift compares with the last successful run: no min, max or baseline")
        elif self.min is None and self.max is None and self.baseline is None:
            raise ValueError("give a fixed bound ('min', 'max') or a 'baseline'")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"'min' ({self.min:g}) is above 'max' ({self.max:g})")
        if self.type == "null_rate":
            for bound in (self.min, self.max):
                if bound is not None and not 0 <= bound <= 1:
                    raise ValueError("a null rate is between 0 and 1")
        if self.name is None:
            self.name = f"{self.type}({self.column})" if self.column else self.type
        return self

    @property
    def effective_severity(self) -> str:
        return self.severity or ("critical" if self.action == "block" else "warning")


CHECKS_FIELD = Field(
    default_factory=list,
    max_length=100,
    description="Checks of the data evaluated during the run, before it is published: row_count, null_rate, "
    "distinct_count, min, max, freshness, schema_drift; each against fixed bounds (min, max) and/or a rolling "
    "baseline of the last N successful runs (median/MAD or z-score), with action block (the publish is "
    "refused) or warn. See docs/quality.md.",
)


def checks_names_unique(checks: list[Check], taken: set[str] = frozenset()) -> None:
    """ValueError when two checks (or a check and a rule of the node, ``taken``) share a name."""
    used = set(taken)
    for i, check in enumerate(checks):
        if check.name in used:
            raise ValueError(f"checks.{i}.name: the name {check.name!r} is used twice in this node")
        used.add(check.name)


def _unique(checks: list[Check]) -> list[Check]:
    checks_names_unique(checks)
    return checks


# The ``checks`` field of a node's config: ``checks: Checks = CHECKS_FIELD``.
Checks = Annotated[list[Check], AfterValidator(_unique)]


def checks_validate(checks: list[Check], schema: pl.Schema) -> None:
    """NodeError (pointing at ``checks.<i>.column``) for a missing column or one of the wrong type."""
    for i, check in enumerate(checks):
        if check.column is None:
            continue
        field = f"checks.{i}.column"
        dtype = require_column(schema, check.column, field=field)
        if check.type in ("min", "max") and not (dtype.is_numeric() or isinstance(dtype, _TEMPORAL)):
            raise NodeError(
                f"{field}: {check.type} measures numbers, dates or timestamps; {check.column!r} is {dtype}.",
                field=field,
                column=check.column,
                code="type_error",
            )
        if check.type == "freshness" and not isinstance(dtype, _TEMPORAL):
            raise NodeError(
                f"{field}: freshness needs a date or timestamp column; {check.column!r} is {dtype}.",
                field=field,
                column=check.column,
                code="type_error",
            )


# --- measuring --------------------------------------------------------------------------------------------------


def _numeric(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if isinstance(dtype, pl.Datetime):
        return expr.dt.epoch("us").cast(pl.Float64) / 1_000_000
    if dtype == pl.Date:
        return expr.cast(pl.Int64).cast(pl.Float64) * 86_400
    return expr.cast(pl.Float64)


def _measure(check: Check, index: int, schema: pl.Schema) -> pl.Expr | None:
    alias = f"c{index}"
    if check.type == "row_count":
        return pl.len().cast(pl.Float64).alias(alias)
    if check.type == "schema_drift":
        return None
    col, dtype = pl.col(check.column), schema[check.column]
    if check.type == "null_rate":
        return (col.null_count().cast(pl.Float64) / pl.max_horizontal(pl.len(), 1)).alias(alias)
    if check.type == "distinct_count":
        return col.drop_nulls().n_unique().cast(pl.Float64).alias(alias)
    if check.type == "min":
        return _numeric(col.min(), dtype).alias(alias)
    # max, and freshness (the newest value; its age is taken when judged)
    return _numeric(col.max(), dtype).alias(alias)


def checks_plan(checks: list[Check], frame: pl.LazyFrame) -> pl.LazyFrame | None:
    """One ``select`` computing every measurement (one row, a column ``c<i>`` per check), to collect in
    the same pass as the write; None when no check reads the data (schema drift only, or none)."""
    schema = frame.collect_schema()
    exprs = [e for i, c in enumerate(checks) if (e := _measure(c, i, schema)) is not None]
    return frame.select(exprs) if exprs else None


def _value(check: Check, index: int, stats: pl.DataFrame | None, now: datetime) -> float | None:
    value = stats[f"c{index}"][0] if stats is not None and f"c{index}" in stats.columns else None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if check.type == "freshness":
        return max(0.0, now.timestamp() - float(value))
    return float(value)


# --- judging ------------------------------------------------------------------------------------------------------


def mad_baseline(history: list[float]) -> tuple[float, float]:
    """(median, median absolute deviation) of ``history``."""
    center = statistics.median(history)
    return center, statistics.median(abs(x - center) for x in history)


def zscore_baseline(history: list[float]) -> tuple[float, float]:
    """(mean, population standard deviation) of ``history``."""
    return statistics.fmean(history), statistics.pstdev(history)


def _fmt(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.4g}"


def _judge_bounds(check: Check, value: float) -> str | None:
    if check.min is not None and value < check.min:
        return f"{_fmt(value)} < min {_fmt(check.min)}"
    if check.max is not None and value > check.max:
        return f"{_fmt(value)} > max {_fmt(check.max)}"
    return None


def _judge_baseline(check: Check, value: float, history: list[float], entry: dict[str, Any]) -> str | None:
    spec = check.baseline
    if len(history) < spec.min_runs:
        entry["baseline"] = {"method": spec.method, "runs": len(history), "skipped": True}
        return None
    if spec.method == "mad":
        center, spread = mad_baseline(history)
        unit, word = "MAD", "median"
    else:
        center, spread = zscore_baseline(history)
        unit, word = "σ", "mean"
    k = spec.threshold
    low, high = center - k * spread, center + k * spread
    off = value - center
    score = off / spread if spread else (math.copysign(math.inf, off) if off else 0.0)
    entry["baseline"] = {
        "method": spec.method,
        "runs": len(history),
        "center": center,
        "spread": spread,
        "threshold": k,
        "low": low,
        "high": high,
        "score": score if math.isfinite(score) else None,
    }
    of = f"({word} of the last {len(history)} successful runs)"
    if spec.direction != "below" and value > high:
        return f"{_fmt(value)} > baseline {_fmt(center)} + {_fmt(k)}·{unit} ({_fmt(spread)}) = {_fmt(high)} {of}"
    if spec.direction != "above" and value < low:
        return f"{_fmt(value)} < baseline {_fmt(center)} - {_fmt(k)}·{unit} ({_fmt(spread)}) = {_fmt(low)} {of}"
    return None


def schema_json(schema: pl.Schema) -> dict[str, str]:
    return {name: str(dtype) for name, dtype in schema.items()}


def _judge_drift(check: Check, schema: dict[str, str], previous: Any, entry: dict[str, Any]) -> str | None:
    entry["value"] = schema
    if not isinstance(previous, dict):
        entry["drift"] = None
        return None
    added = sorted(set(schema) - set(previous))
    removed = sorted(set(previous) - set(schema))
    changed = sorted(c for c in set(schema) & set(previous) if schema[c] != previous[c])
    entry["drift"] = {"added": added, "removed": removed, "changed": {c: [previous[c], schema[c]] for c in changed}}
    parts = []
    if added and not check.ignore_added:
        parts.append("added " + ", ".join(added[:10]))
    if removed:
        parts.append("removed " + ", ".join(removed[:10]))
    if changed:
        parts.append("changed " + ", ".join(f"{c} {previous[c]} → {schema[c]}" for c in changed[:10]))
    return "; ".join(parts) or None


def _history(ctx: BuildContext, check: Check, runs: int) -> list[Any]:
    getter = getattr(ctx, "check_history", None)
    return list(getter(check.name, runs)) if getter is not None else []


def check_evaluate(
    ctx: BuildContext, check: Check, index: int, stats: pl.DataFrame | None, schema: pl.Schema, now: datetime
) -> dict[str, Any]:
    """One check's result: its value, whether it passed, why not."""
    entry: dict[str, Any] = {
        "name": check.name,
        "type": check.type,
        "column": check.column,
        "action": check.action,
        "severity": check.effective_severity,
    }
    if check.type == "schema_drift":
        previous = _history(ctx, check, 1)
        problem = _judge_drift(check, schema_json(schema), previous[0] if previous else None, entry)
    else:
        value = _value(check, index, stats, now)
        entry["value"] = value
        if value is None:  # no non-null value to measure (an empty column): nothing to compare
            problem = None if check.type in ("row_count", "null_rate", "distinct_count") else "no value to measure"
        else:
            problem = _judge_bounds(check, value)
            if problem is None and check.baseline is not None:
                history = [float(h) for h in _history(ctx, check, check.baseline.runs) if _is_number(h)]
                problem = _judge_baseline(check, value, history, entry)
    if isinstance(entry.get("value"), float) and not math.isfinite(entry["value"]):
        entry["value"] = None  # JSON (and PostgreSQL's jsonb) has no infinity: the message keeps it
    entry["passed"] = problem is None
    entry["status"] = "passed" if problem is None else ("blocked" if check.action == "block" else "warning")
    if problem is not None:
        entry["message"] = f"check {check.name} = {problem}"
    return entry


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def checks_enforce(
    ctx: BuildContext, checks: list[Check], stats: pl.DataFrame | None, schema: pl.Schema, *, rows: int | None
) -> list[dict[str, Any]]:
    """Judge every check, record the results in ``ctx.report["checks"]``, and raise a NodeError (code
    ``check_blocked``, the report attached) when a blocking check failed."""
    now = datetime.now(UTC)
    results = [check_evaluate(ctx, check, i, stats, schema, now) for i, check in enumerate(checks)]
    ctx.report["checks"] = results
    # A failed fused step stores its error's report on every row of its group: this says whose it is.
    ctx.report["checks_of"] = ctx.node_key
    if rows is not None:
        ctx.report.setdefault("rows", rows)
    blocked = [r["message"] for r in results if r["status"] == "blocked"]
    if blocked:
        shown = "; ".join(blocked[:5]) + (f"; and {len(blocked) - 5} more" if len(blocked) > 5 else "")
        error = NodeError(
            f"Publish refused by the checks of {ctx.node_key}: {shown}.",
            field="checks",
            code=BLOCKED_CODE,
            retryable=False,  # the same data gets the same verdict: no retry, the run fails now
        )
        error.report = ctx.report  # type: ignore[attr-defined]  # kept with the failed step
        raise error
    return results


def checks_run_on(ctx: BuildContext, checks: list[Check], data: pl.DataFrame) -> list[dict[str, Any]]:
    """Measure and judge ``checks`` on collected ``data`` (quality.validate, a destination that collects)."""
    plan = checks_plan(checks, data.lazy())
    stats = plan.collect() if plan is not None else None
    return checks_enforce(ctx, checks, stats, data.schema, rows=data.height)
