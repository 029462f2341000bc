"""Data profiles: what a frame holds, column by column, computed with Polars (docs/profiling.md).

Pure: a frame in, plain data (JSON-able) out; no files, no database. Who reads the frame (a step's
artifact, a file under the data root, a dry run's port) and where the work runs (the interactive pool,
or a worker after a destination step) is the caller's business.

Per column: its type, null count and rate, distinct values (exact up to ``distinct_exact_max`` profiled
rows, Polars' HyperLogLog ``approx_n_unique`` above), and for numbers and dates min, max, mean, standard
deviation (sample, ddof=1; numbers only) and the quantiles p5/p25/p50/p75/p95 (linear interpolation, as
numpy's ``percentile``); the most frequent values with their counts; a histogram (numbers: ``bins``
equal-width bins from min to max, the last one closed, as ``numpy.histogram``; strings: the same over
their lengths in characters). Floats' NaN are counted apart (``nan_count``) and left out of the figures.

Bounds: at most ``max_rows`` rows are profiled — a larger frame is sampled with every k-th row (spread
over the whole frame, deterministic) and the result says so (``sampled``, ``sample_step``); at most
``MAX_COLUMNS`` columns; and when ``deadline_seconds`` pass, the remaining columns keep only the figures of
the first pass (``truncated``). ``profile_compare`` tells two profiles of the same dataset apart.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from typing import Any

import polars as pl

MAX_ROWS = 100_000
DISTINCT_EXACT_MAX = 100_000
TOP_VALUES = 10
BINS = 10
MAX_COLUMNS = 200
MAX_TEXT = 200  # characters of a value shown in top values
QUANTILES = {"p5": 0.05, "p25": 0.25, "p50": 0.5, "p75": 0.75, "p95": 0.95}
# profile_compare: what counts as a change worth showing
NULL_RATE_CHANGE = 0.05
MEAN_SHIFT_STDS = 1.0
MEAN_SHIFT_RELATIVE = 0.1


def column_kind(dtype: pl.DataType) -> str:
    if dtype == pl.Boolean:
        return "boolean"
    if dtype.is_numeric():
        return "numeric"
    if dtype in (pl.Date, pl.Datetime) or isinstance(dtype, pl.Datetime):
        return "temporal"
    if dtype in (pl.String, pl.Categorical, pl.Enum) or isinstance(dtype, pl.Categorical | pl.Enum):
        return "string"
    return "other"


def profile_frame(
    frame: pl.LazyFrame | pl.DataFrame,
    *,
    total_rows: int | None = None,
    max_rows: int = MAX_ROWS,
    distinct_exact_max: int = DISTINCT_EXACT_MAX,
    top: int = TOP_VALUES,
    bins: int = BINS,
    deadline_seconds: float | None = None,
) -> dict[str, Any]:
    """The profile of ``frame`` (see the module's docstring). ``total_rows``: its row count when the
    caller knows it (else it is counted, one pass)."""
    started = time.monotonic()
    lazy = frame.lazy()
    if total_rows is None:
        total_rows = int(lazy.select(pl.len()).collect().item())
    step = max(1, math.ceil(total_rows / max_rows)) if max_rows > 0 else 1
    sample = (lazy.gather_every(step) if step > 1 else lazy).head(max_rows).collect()
    names = sample.columns[:MAX_COLUMNS]
    sample = sample.select(names)
    rows = sample.height
    base = _first_pass(sample, exact=rows <= distinct_exact_max)
    columns, truncated = [], False
    for name in names:
        column = base[name]
        if deadline_seconds is not None and time.monotonic() - started > deadline_seconds:
            truncated = True
        else:
            column.update(_details(sample.get_column(name), column, top=top, bins=bins))
        columns.append(column)
    return {
        "rows": total_rows,
        "rows_profiled": rows,
        "sampled": step > 1,
        "sample_step": step if step > 1 else None,
        "columns_total": len(frame.collect_schema()) if isinstance(frame, pl.LazyFrame) else frame.width,
        "columns_profiled": len(names),
        "truncated": truncated,
        "elapsed_ms": int((time.monotonic() - started) * 1000),
        "limits": {"max_rows": max_rows, "distinct_exact_max": distinct_exact_max, "top": top, "bins": bins},
        "columns": columns,
    }


def _first_pass(sample: pl.DataFrame, *, exact: bool) -> dict[str, dict[str, Any]]:
    """Nulls, distinct values, and min/max/mean/std/quantiles of numbers and dates: one ``select``."""
    exprs: list[pl.Expr] = []
    for i, (name, dtype) in enumerate(sample.schema.items()):
        col = pl.col(name)
        exprs.append(col.null_count().alias(f"{i}:nulls"))
        kind = column_kind(dtype)
        if kind == "other" and dtype.is_nested():
            continue  # lists and structs: nulls only (their values do not hash cheaply)
        if dtype.is_float():
            exprs.append(col.is_nan().sum().alias(f"{i}:nan"))
            col = col.fill_nan(None)
        values = col.drop_nulls()
        exprs.append((values.n_unique() if exact else values.approx_n_unique()).alias(f"{i}:distinct"))
        if kind in ("numeric", "temporal"):
            x = col.to_physical().cast(pl.Float64) if kind == "temporal" else col.cast(pl.Float64)
            exprs += [x.min().alias(f"{i}:min"), x.max().alias(f"{i}:max"), x.mean().alias(f"{i}:mean")]
            if kind == "numeric":
                exprs.append(x.std().alias(f"{i}:std"))
            exprs += [x.quantile(q, "linear").alias(f"{i}:{k}") for k, q in QUANTILES.items()]
    figures = sample.select(exprs).row(0, named=True) if exprs else {}
    rows = sample.height
    result: dict[str, dict[str, Any]] = {}
    for i, (name, dtype) in enumerate(sample.schema.items()):
        kind = column_kind(dtype)
        nulls = int(figures.get(f"{i}:nulls", 0))
        distinct = figures.get(f"{i}:distinct")
        column: dict[str, Any] = {
            "name": name,
            "dtype": str(dtype),
            "kind": kind,
            "nulls": nulls,
            "null_rate": nulls / rows if rows else 0.0,
            "distinct": None if distinct is None else int(distinct),
            "distinct_exact": exact,
        }
        if dtype.is_float():
            column["nan_count"] = int(figures.get(f"{i}:nan") or 0)
        if kind in ("numeric", "temporal"):
            convert = (lambda v, d=dtype: _temporal(v, d)) if kind == "temporal" else _number
            for key in ("min", "max", "mean"):
                column[key] = convert(figures.get(f"{i}:{key}"))
            column["std"] = _number(figures.get(f"{i}:std")) if kind == "numeric" else None
            column["quantiles"] = {k: convert(figures.get(f"{i}:{k}")) for k in QUANTILES}
        result[name] = column
    return result


def _details(series: pl.Series, column: dict[str, Any], *, top: int, bins: int) -> dict[str, Any]:
    """Top values and the histogram of one column."""
    kind = column["kind"]
    if series.dtype.is_nested() or series.dtype == pl.Object:
        return {"top": [], "histogram": None}
    values = series.drop_nulls()
    if series.dtype.is_float():
        values = values.filter(values.is_not_nan())
    counts = values.value_counts(sort=True, name="__count").head(top)
    result: dict[str, Any] = {
        "top": [{"value": _json_value(v), "count": int(c)} for v, c in counts.iter_rows()],
        "histogram": None,
    }
    if kind == "numeric":
        finite = values.cast(pl.Float64)
        result["histogram"] = histogram(finite.filter(finite.is_finite()), bins=bins, of="value")
    elif kind == "string":
        result["histogram"] = histogram(values.cast(pl.String).str.len_chars().cast(pl.Float64), bins=bins, of="length")
    return result


def histogram(values: pl.Series, *, bins: int, of: str) -> dict[str, Any] | None:
    """``bins`` equal-width bins from min to max (the last closed on the right, as numpy.histogram); one
    bin when every value is the same; None without values."""
    if values.len() == 0 or bins < 1:
        return None
    low, high = float(values.min()), float(values.max())
    if high == low:
        return {"of": of, "edges": [low, high], "counts": [values.len()]}
    norm = bins / (high - low)
    index = ((values - low) * norm).floor().cast(pl.Int64).clip(0, bins - 1)
    tally = index.value_counts(name="n")
    counts = [0] * bins
    for i, n in tally.iter_rows():
        counts[int(i)] = int(n)
    edges = [low + (high - low) * i / bins for i in range(bins)] + [high]
    return {"of": of, "edges": edges, "counts": counts}


def _number(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _temporal(value: Any, dtype: pl.DataType) -> str | None:
    """A physical value (days, or time units since the epoch) back as an ISO date or datetime."""
    if value is None or not math.isfinite(value):
        return None
    one = pl.Series([round(value)], dtype=pl.Int64).cast(dtype).item()
    return one.isoformat() if isinstance(one, dt.date) else str(one)


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value[:MAX_TEXT] if isinstance(value, str) else value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)[:MAX_TEXT]


# --- two profiles of one dataset ------------------------------------------------------------------


def profile_compare(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """What changed from ``previous`` to ``current``: columns added, removed or retyped, and per column
    the change of null rate, of distinct count and the shift of the mean (in the previous standard
    deviations when it had one). ``changes`` lists the ones worth a look, as sentences."""
    before = {c["name"]: c for c in previous.get("columns", [])}
    after = {c["name"]: c for c in current.get("columns", [])}
    result: dict[str, Any] = {
        "added": [n for n in after if n not in before],
        "removed": [n for n in before if n not in after],
        "retyped": [
            {"column": n, "before": before[n]["dtype"], "after": c["dtype"]}
            for n, c in after.items()
            if n in before and before[n]["dtype"] != c["dtype"]
        ],
        "rows_before": previous.get("rows"),
        "rows_after": current.get("rows"),
        "columns": {},
        "changes": [],
    }
    changes = result["changes"]
    changes += [f"New column {n}." for n in result["added"]]
    changes += [f"Column {n} is gone." for n in result["removed"]]
    changes += [f"Column {r['column']} changed type: {r['before']} → {r['after']}." for r in result["retyped"]]
    for name, col in after.items():
        old = before.get(name)
        if old is None:
            continue
        diff = _column_change(col, old)
        result["columns"][name] = diff
        if abs(diff["null_rate_change"]) >= NULL_RATE_CHANGE:
            changes.append(f"Null rate of {name}: {old['null_rate']:.1%} → {col['null_rate']:.1%}.")
        if diff["mean_shift_notable"]:
            changes.append(f"Mean of {name} moved: {old['mean']:.4g} → {col['mean']:.4g}.")
    return result


def _column_change(col: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    diff: dict[str, Any] = {
        "null_rate_change": col["null_rate"] - old["null_rate"],
        "distinct_change": None
        if col.get("distinct") is None or old.get("distinct") is None
        else col["distinct"] - old["distinct"],
        "mean_shift": None,
        "mean_shift_stds": None,
        "mean_shift_notable": False,
    }
    new_mean, old_mean = col.get("mean"), old.get("mean")
    if isinstance(new_mean, int | float) and isinstance(old_mean, int | float):
        shift = new_mean - old_mean
        diff["mean_shift"] = shift
        std = old.get("std")
        if std:
            diff["mean_shift_stds"] = shift / std
            diff["mean_shift_notable"] = abs(shift / std) >= MEAN_SHIFT_STDS
        else:
            diff["mean_shift_notable"] = abs(shift) > MEAN_SHIFT_RELATIVE * max(abs(old_mean), 1e-12)
    return diff
