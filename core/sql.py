"""SQL building blocks of the monitoring aggregations.

Percentiles: on PostgreSQL ``percentile_cont(p) WITHIN GROUP (ORDER BY x)`` in the same GROUP BY as
the other figures. SQLite has no ordered-set aggregates, so there the selectors fetch the grouped
values with one more query (``values_list``, ordered) and compute the same continuous percentile in
Python (:func:`percentile_cont`, linear interpolation between the closest ranks, exactly what
PostgreSQL does). The query count stays constant either way.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import NotSupportedError, connection
from django.db.models import Aggregate, BigIntegerField, FloatField, Func, QuerySet

PERCENTILES = {"p50": 0.5, "p95": 0.95}
FORCE_PYTHON_PERCENTILES = False  # tests set it to cover the SQLite fallback on PostgreSQL


def sql_percentiles() -> bool:
    """Whether the database computes the percentiles (PostgreSQL) or Python does (SQLite)."""
    return connection.vendor == "postgresql" and not FORCE_PYTHON_PERCENTILES


class PercentileCont(Aggregate):
    """``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)`` (PostgreSQL)."""

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        fraction = float(fraction)
        if not 0.0 <= fraction <= 1.0:
            raise ValueError(f"percentile fraction must be within 0 and 1, not {fraction}")
        super().__init__(expression, fraction=repr(fraction), **extra)

    def as_sqlite(self, compiler, conn, **extra):
        raise NotSupportedError("percentile_cont needs PostgreSQL; use the Python fallback on SQLite")


class DurationSeconds(Func):
    """Seconds between two datetime expressions, as a float: ``DurationSeconds("started_at", "finished_at")``."""

    output_field = FloatField()
    arity = 2

    def as_postgresql(self, compiler, conn, **extra):
        start, end = self.get_source_expressions()
        start_sql, start_params = compiler.compile(start)
        end_sql, end_params = compiler.compile(end)
        return f"EXTRACT(EPOCH FROM ({end_sql} - {start_sql}))::double precision", (*end_params, *start_params)

    def as_sqlite(self, compiler, conn, **extra):
        start, end = self.get_source_expressions()
        start_sql, start_params = compiler.compile(start)
        end_sql, end_params = compiler.compile(end)
        return f"((julianday({end_sql}) - julianday({start_sql})) * 86400.0)", (*end_params, *start_params)


class EpochBucket(Func):
    """The start (Unix seconds) of the fixed-size bucket a datetime falls in: floor(epoch / size) * size."""

    output_field = BigIntegerField()
    arity = 1

    def __init__(self, expression, size: int, **extra):
        self.size = int(size)
        if self.size <= 0:
            raise ValueError("bucket size must be positive")
        super().__init__(expression, **extra)

    def as_postgresql(self, compiler, conn, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"(FLOOR(EXTRACT(EPOCH FROM {sql}) / {self.size}) * {self.size})::bigint", params

    def as_sqlite(self, compiler, conn, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        epoch = f"CAST(ROUND((julianday({sql}) - 2440587.5) * 86400.0, 3) AS INTEGER)"
        return f"(({epoch} / {self.size}) * {self.size})", params


def percentile_cont(sorted_values: Sequence[float], fraction: float) -> float | None:
    """PostgreSQL's percentile_cont over already sorted values (None when empty)."""
    n = len(sorted_values)
    if n == 0:
        return None
    pos = fraction * (n - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, n - 1)
    return float(sorted_values[lo]) + (float(sorted_values[hi]) - float(sorted_values[lo])) * (pos - lo)


def percentile_annotations(expression, *, filter=None) -> dict:
    """``p50``/``p95`` aggregates for ``annotate``/``aggregate`` on PostgreSQL; empty elsewhere."""
    if not sql_percentiles():
        return {}
    return {name: PercentileCont(expression, fraction, filter=filter) for name, fraction in PERCENTILES.items()}


def python_percentiles(qs: QuerySet, *, group_by: Sequence[str], value) -> dict[tuple, dict[str, float | None]]:
    """The fallback: one query of (group..., value) rows, percentiles per group in Python."""
    values: dict[tuple, list[float]] = defaultdict(list)
    rows: Iterable = qs.annotate(_pct_value=value).values_list(*group_by, "_pct_value").order_by()
    for row in rows.iterator(chunk_size=5000):
        if row[-1] is not None:
            values[tuple(row[:-1])].append(float(row[-1]))
    out = {}
    for key, vals in values.items():
        vals.sort()
        out[key] = {name: percentile_cont(vals, fraction) for name, fraction in PERCENTILES.items()}
    return out
