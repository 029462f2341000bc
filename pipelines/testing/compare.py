"""Comparing what a destination received with its golden rows, within the test's tolerances.

The result is plain data (JSON-safe): the schema differences, the rows missing and extra, and the
changed cells, each list cut to a few entries with complete counts beside it. Without ``ignore_order``
row *i* is compared with row *i*; with it rows are matched as a multiset (exactly first, then within
the float tolerances), and the rows left over are paired with the closest row of the other side when
most of their cells agree, so one changed value reads as a changed cell rather than as a missing and
an extra row.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import polars as pl

SHOWN_ROWS = 20  # missing and extra rows listed in a diff
SHOWN_CELLS = 50  # changed cells listed
PAIRING_BUDGET = 250_000  # leftover rows compared pairwise at most (expected x actual)


def canonical(value: Any) -> Any:
    """A value as the comparison sees it: temporal values as ISO text, decimals as floats."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | tuple):
        return tuple(canonical(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, canonical(v)) for k, v in value.items()))
    return value


def jsonable(value: Any) -> Any:
    """A canonical value in a JSON answer (no NaN or infinity, which strict JSON refuses)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, tuple):
        return [jsonable(v) for v in value]
    return value


def _temporal_text(value: Any, dtype: pl.DataType) -> Any:
    """Golden text of a date/datetime/time column read as that type (so '2024-01-05 10:00' matches)."""
    if not isinstance(value, str):
        return value
    try:
        if dtype == pl.Date:
            return date.fromisoformat(value[:10]).isoformat() if len(value) == 10 else value
        if dtype == pl.Time:
            return time.fromisoformat(value).isoformat()
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed.replace(tzinfo=None).isoformat() if parsed.tzinfo and not dtype.time_zone else parsed.isoformat()
    except (ValueError, AttributeError):
        return value


def same(a: Any, b: Any, abs_tol: float, rel_tol: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        if isinstance(a, int) and isinstance(b, int):
            return a == b
        return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)
    return a == b


def _columns(actual: pl.DataFrame, expected: pl.DataFrame, tol: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The columns compared, and the schema differences (missing, extra, types)."""
    ignored = set(tol.get("ignore_columns") or [])
    wanted = tol.get("columns")
    if wanted:
        missing = [c for c in wanted if c not in actual.columns and c not in ignored]
        extra: list[str] = []
        unknown = [c for c in wanted if c not in expected.columns and c in actual.columns]
        compared = [c for c in wanted if c in actual.columns and c in expected.columns and c not in ignored]
    else:
        missing = [c for c in expected.columns if c not in actual.columns and c not in ignored]
        extra = [c for c in actual.columns if c not in expected.columns and c not in ignored]
        unknown = []
        compared = [c for c in actual.columns if c in expected.columns and c not in ignored]  # the output's order
    types = [
        {"column": c, "expected": str(expected.schema[c]), "actual": str(actual.schema[c])}
        for c in compared
        if c in tol.get("typed_columns", ()) and expected.schema[c] != actual.schema[c]
    ]
    schema = {"missing_columns": missing, "extra_columns": extra, "types": types}
    if unknown:
        schema["not_in_golden"] = unknown
    return compared, schema


def _rows(frame: pl.DataFrame, columns: list[str], dtypes: dict[str, pl.DataType] | None = None) -> list[tuple]:
    rows = []
    for row in frame.select(columns).iter_rows():
        values = [canonical(v) for v in row]
        if dtypes:
            values = [
                _temporal_text(v, dtypes[c]) if dtypes[c].is_temporal() else v
                for v, c in zip(values, columns, strict=True)
            ]
        rows.append(tuple(values))
    return rows


def _cells(exp: tuple, act: tuple, columns: list[str], tol: dict[str, Any]) -> list[int]:
    """Indexes of the cells that differ."""
    a, r = tol["abs_tolerance"], tol["rel_tolerance"]
    return [i for i in range(len(columns)) if not same(exp[i], act[i], a, r)]


def _hashable(row: tuple) -> tuple:
    return tuple(("nan",) if isinstance(v, float) and math.isnan(v) else v for v in row)


def _closest(row: tuple, actual: list[tuple], candidates: list[int], columns: list[str], tol: dict[str, Any]):
    """(index, differing cells) of the candidate row closest to ``row``; None without candidates."""
    best = None
    for j in candidates:
        cells = _cells(row, actual[j], columns, tol)
        if best is None or len(cells) < len(best[1]):
            best = (j, cells)
        if not cells:
            break
    return best


def _match_unordered(expected: list[tuple], actual: list[tuple], columns: list[str], tol: dict[str, Any]):
    """Pairs (expected index, actual index, differing cells) and the indexes left on each side."""
    by_value: dict[tuple, list[int]] = defaultdict(list)
    for j, row in enumerate(actual):
        by_value[_hashable(row)].append(j)
    left_exp = []
    for i, row in enumerate(expected):
        bucket = by_value.get(_hashable(row))
        if bucket:
            bucket.pop()
        else:
            left_exp.append(i)
    left_act = sorted(j for bucket in by_value.values() for j in bucket)
    pairs: list[tuple[int, int, list[int]]] = []
    if not left_exp or not left_act or len(left_exp) * len(left_act) > PAIRING_BUDGET:
        return pairs, left_exp, left_act
    # Within tolerance first, then the closest row when at least half of the cells agree.
    for limit in (0, max(1, len(columns) // 2)):
        still = []
        for i in left_exp:
            found = _closest(expected[i], actual, left_act, columns, tol)
            if found is not None and len(found[1]) <= limit and len(found[1]) < len(columns):
                pairs.append((i, found[0], found[1]))
                left_act.remove(found[0])
            else:
                still.append(i)
        left_exp = still
    return pairs, left_exp, left_act


def _match_ordered(expected: list[tuple], actual: list[tuple], columns: list[str], tol: dict[str, Any]):
    pairs = [(i, i, _cells(expected[i], actual[i], columns, tol)) for i in range(min(len(expected), len(actual)))]
    return pairs, list(range(len(actual), len(expected))), list(range(len(expected), len(actual)))


def compare_frames(actual: pl.DataFrame, expected: pl.DataFrame, tol: dict[str, Any]) -> dict[str, Any]:
    """The diff of ``actual`` against the golden ``expected`` under ``tol`` (see ``TestSpec.tolerance``)."""
    columns, schema = _columns(actual, expected, tol)
    dtypes = dict(actual.schema)
    exp_rows = _rows(expected, columns, dtypes)
    act_rows = _rows(actual, columns)
    match = _match_unordered if tol["ignore_order"] else _match_ordered
    pairs, missing, extra = match(exp_rows, act_rows, columns, tol)
    changed, changed_rows = [], 0
    for i, j, cells in pairs:
        if not cells:
            continue
        changed_rows += 1
        for c in cells:
            if len(changed) < SHOWN_CELLS:
                changed.append(
                    {
                        "row": i,
                        "actual_row": j,
                        "column": columns[c],
                        "expected": jsonable(exp_rows[i][c]),
                        "actual": jsonable(act_rows[j][c]),
                        "context": {columns[k]: jsonable(exp_rows[i][k]) for k in range(min(3, len(columns)))},
                    }
                )
    schema_failed = bool(schema["missing_columns"] or schema["extra_columns"] or schema["types"])
    schema_failed = schema_failed or bool(schema.get("not_in_golden"))
    passed = not (schema_failed or missing or extra or changed_rows)
    return {
        "passed": passed,
        "rows": actual.height,
        "expected_rows": expected.height,
        "columns": columns,
        "schema": schema,
        "missing_rows": [_shown(exp_rows[i], columns) for i in missing[:SHOWN_ROWS]],
        "extra_rows": [_shown(act_rows[j], columns) for j in extra[:SHOWN_ROWS]],
        "changed": changed,
        "counts": {"missing": len(missing), "extra": len(extra), "changed_rows": changed_rows},
    }


def _shown(row: tuple, columns: list[str]) -> dict[str, Any]:
    return {c: jsonable(v) for c, v in zip(columns, row, strict=True)}
