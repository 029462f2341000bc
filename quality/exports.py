"""Exports of quality results as CSV (streamed) or Parquet, bounded: at most ``MAX_ROWS`` results of a
window of at most 366 days (the response says ``X-Sluice-Truncated: true`` when there were more).

On PostgreSQL the rows leave the database as CSV text through ``COPY (SELECT ...) TO STDOUT`` (psycopg 3's
``cursor.copy``): no Python object per row or per value. The CSV is streamed to the client as it comes
(``StreamingHttpResponse``); the Parquet file is read by Polars from the same CSV text, then written. The
``SELECT`` is the caller's queryset (its filters and visibility rules), limited to ``MAX_ROWS``, with each
column formatted as the Python writer used on other databases (SQLite) formats it: ISO 8601 times with
their offset, ``True``/``False``, the sample as JSON text. The samples were masked when they were stored
(quality.services.masking); nothing here unmasks them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse

from core.copy_csv import UTC_DT, copy_csv

FORMATS = ("csv", "parquet")
MAX_ROWS = 100_000
# (name in the file, path in the queryset, Polars type, the kind of value: how COPY formats it)
COLUMNS: list[tuple[str, str, pl.DataType]] = [
    ("id", "id", pl.Int64),
    ("pipeline_id", "pipeline_id", pl.Int64),
    ("pipeline_slug", "pipeline__slug", pl.String),
    ("version", "version_number", pl.Int64),
    ("execution_id", "execution_id", pl.Int64),
    ("node_key", "node_key", pl.String),
    ("rule", "rule", pl.String),
    ("rule_type", "rule_type", pl.String),
    ("rows_checked", "rows_checked", pl.Int64),
    ("failed_rows", "failed_rows", pl.Int64),
    ("failure_rate", "failure_rate", pl.Float64),
    ("passed", "passed", pl.Boolean),
    ("message", "message", pl.String),
    ("kind", "kind", pl.String),  # rule or check
    ("severity", "severity", pl.String),
    ("value", "value", pl.Float64),  # checks: the value measured
    ("action", "action", pl.String),  # checks: block or warn
    ("run_at", "run_at", UTC_DT),
    ("sample", "sample", pl.String),  # JSON text of the masked failing rows
]


def parse_format(value: str | None) -> str:
    fmt = (value or "csv").strip().lower()
    if fmt not in FORMATS:
        raise ValidationError({"format": [f"Bad format {fmt[:20]!r}: use csv or parquet."]})
    return fmt


def export_response(qs: QuerySet, *, fmt: str, filename: str) -> HttpResponse:
    truncated = qs[MAX_ROWS : MAX_ROWS + 1].exists()
    bounded = qs[:MAX_ROWS]
    copying = connections[qs.db].vendor == "postgresql"
    if fmt == "parquet":
        if copying:
            text = b"".join(_copy(bounded, empty_is_null=False))
            frame = pl.read_csv(io.BytesIO(text), schema={name: dtype for name, _, dtype in COLUMNS})
        else:
            rows = list(_rows(bounded))
            frame = pl.DataFrame(rows, schema=[(name, dtype) for name, _, dtype in COLUMNS], orient="row")
        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        response = HttpResponse(buffer.getvalue(), content_type="application/vnd.apache.parquet")
    else:
        body = _copy(bounded, empty_is_null=True) if copying else _csv(_rows(bounded))
        response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    if truncated:
        response["X-Sluice-Truncated"] = "true"
    return response


# --- PostgreSQL: COPY ... TO STDOUT ------------------------------------------------------------------


def _copy(qs: QuerySet, *, empty_is_null: bool) -> Iterator[bytes]:
    """The CSV (a header line, then one line per row) of ``qs`` from PostgreSQL's COPY, in chunks."""
    rows = qs.values_list(*[path for _, path, _ in COLUMNS])
    return copy_csv(rows, [(name, dtype) for name, _, dtype in COLUMNS], empty_is_null=empty_is_null)


# --- other databases: rows through Python --------------------------------------------------------------


def _rows(qs: QuerySet) -> Iterator[dict[str, Any]]:
    for row in qs.values(*[path for _, path, _ in COLUMNS]).iterator(chunk_size=2000):
        out = {name: row[path] for name, path, _ in COLUMNS}
        out["sample"] = json.dumps(out["sample"], ensure_ascii=False)
        yield out


def _csv(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # as PostgreSQL's COPY writes it
    writer.writerow([name for name, _, _ in COLUMNS])
    for row in rows:
        writer.writerow(["" if v is None else (v.isoformat() if hasattr(v, "isoformat") else v) for v in row.values()])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
