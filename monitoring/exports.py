"""Exports of execution history and stage metrics as CSV, JSON or Parquet.

CSV and JSON stream (StreamingHttpResponse), so any number of rows costs the same memory; Parquet is
built by Polars in memory, at most ``PARQUET_MAX_ROWS`` rows (the response then carries
``X-Sluice-Truncated: true``). The window (at most 90 days) bounds every export.

On PostgreSQL the execution history leaves the database as CSV text through ``COPY (SELECT ...) TO
STDOUT`` (psycopg 3's ``cursor.copy``), one statement streamed as it comes: no Python object per row or
value (a day of 1,000,000 executions a month, 33,000 rows, took 0.5-1 s through the csv module). The
Parquet file is read by Polars from the same CSV text. Each column is formatted as the Python writer
used elsewhere (SQLite, and the JSON format) formats it: ISO 8601 times with their offset, floats as
Python's ``repr``, an empty text as an empty field; lines end with ``\n`` on both.

The settled part of the execution history (docs/monitoring.md, "Rollups": the whole five minutes from the
window's start up to the settled time, whose executions had all finished and never change again) is kept
encoded in the sealed cache (monitoring/selectors/sealed_cache.py): its CSV text, or for Parquet its frame
as Arrow IPC bytes, under a key naming the database, the bounds, the filter and a digest of the visible
pipelines' ids and slugs (the one column that can change: a rename, a deletion or a change of who sees what
is a new key). Each answer reads only the rows before and after it (at most five minutes at the window's
start, ten or so at its end) and joins the three parts in order.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse

from core.copy_csv import UTC_DT, copy_csv
from core.sealed_parts import _Echo, csv_in_parts, frame_in_parts, frame_of, identity_columns
from core.sql import DurationSeconds
from executions.models import Execution
from monitoring.selectors import sealed_cache
from monitoring.selectors.access import visible
from monitoring.selectors.rollup_reads import ceil_slot, settled_time
from monitoring.selectors.stages import stage_metrics
from monitoring.selectors.windows import Window
from pipelines.selectors import pipelines_visible_to

FORMATS = ("csv", "json", "parquet")
PARQUET_MAX_ROWS = 500_000
CHUNK = 2000

# (column, ORM path, Polars type)
EXECUTION_COLUMNS: list[tuple[str, Any, pl.DataType]] = [
    ("id", "id", pl.Int64),
    ("pipeline_id", "pipeline_id", pl.Int64),
    ("pipeline_slug", "pipeline__slug", pl.String),
    ("version", "version__number", pl.Int64),
    ("status", "status", pl.String),
    ("trigger", "trigger", pl.String),
    ("priority", "priority", pl.Int64),
    ("created_at", "created_at", UTC_DT),
    ("started_at", "started_at", UTC_DT),
    ("finished_at", "finished_at", UTC_DT),
    ("duration_s", "duration_s", pl.Float64),
    ("rows_in", "rows_in", pl.Int64),
    ("rows_out", "rows_out", pl.Int64),
    ("error", "error", pl.String),
]
EXECUTION_SCHEMA = [(name, dtype) for name, _, dtype in EXECUTION_COLUMNS]
STAGE_COLUMNS: list[tuple[str, pl.DataType]] = [
    ("pipeline_id", pl.Int64),
    ("pipeline_slug", pl.String),
    ("node_key", pl.String),
    ("node_type", pl.String),
    ("runs", pl.Int64),
    ("succeeded", pl.Int64),
    ("failed", pl.Int64),
    ("skipped", pl.Int64),
    ("cancelled", pl.Int64),
    ("success_rate", pl.Float64),
    ("avg_ms", pl.Float64),
    ("p50_ms", pl.Float64),
    ("p95_ms", pl.Float64),
    ("max_ms", pl.Int64),
    ("rows_in", pl.Int64),
    ("rows_out", pl.Int64),
    ("throughput_rows_per_s", pl.Float64),
    ("cpu_seconds", pl.Float64),
    ("peak_rss_bytes", pl.Int64),
    ("last_run_at", UTC_DT),
    ("last_error", pl.String),
    ("last_error_at", UTC_DT),
]


def parse_format(value: str | None) -> str:
    fmt = (value or "csv").strip().lower()
    if fmt not in FORMATS:
        raise ValidationError({"format": [f"Bad format {fmt[:20]!r}: use one of {', '.join(FORMATS)}."]})
    return fmt


def execution_export_rows(*, user, window: Window, pipeline_id: int | None = None):
    """The executions of the window as value tuples in EXECUTION_COLUMNS order, oldest first."""
    qs = Execution.objects.filter(visible(user), created_at__gte=window.since)
    if pipeline_id is not None:
        qs = qs.filter(pipeline_id=pipeline_id)
    qs = qs.annotate(duration_s=DurationSeconds("started_at", "finished_at"))
    return qs.order_by("created_at", "id").values_list(*[path for _, path, _ in EXECUTION_COLUMNS])


def stage_export_rows(*, user, window: Window, pipeline_id: int | None = None) -> list[tuple]:
    out = []
    for m in stage_metrics(user=user, window=window, pipeline_id=pipeline_id):
        error = m.pop("last_error") or {}
        m["last_error"], m["last_error_at"] = error.get("message"), error.get("at")
        out.append(tuple(m[name] for name, _ in STAGE_COLUMNS))
    return out


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _csv_stream(header: Sequence[str], rows: Iterable[tuple]) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\n")  # as PostgreSQL's COPY writes it
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([_cell(v) for v in row])


def _json_stream(header: Sequence[str], rows: Iterable[tuple]) -> Iterator[str]:
    yield "["
    first = True
    for row in rows:
        yield ("" if first else ",") + json.dumps(dict(zip(header, row, strict=True)), cls=DjangoJSONEncoder)
        first = False
    yield "]"


def _iterate(rows) -> Iterable[tuple]:
    return rows.iterator(chunk_size=CHUNK) if hasattr(rows, "iterator") else rows


def export_response(
    *, rows, columns: Sequence[tuple[str, pl.DataType]], fmt: str, filename: str
) -> HttpResponse | StreamingHttpResponse:
    """``rows``: a values_list queryset or a list of tuples, in ``columns`` order."""
    header = [name for name, _ in columns]
    if isinstance(rows, QuerySet) and connections[rows.db].vendor == "postgresql" and fmt != "json":
        response = _copy_response(rows, columns=columns, fmt=fmt)
    elif fmt == "csv":
        response = StreamingHttpResponse(_csv_stream(header, _iterate(rows)), content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        response = StreamingHttpResponse(_json_stream(header, _iterate(rows)), content_type="application/json")
    else:
        taken = list(rows[: PARQUET_MAX_ROWS + 1])
        truncated = len(taken) > PARQUET_MAX_ROWS
        frame = pl.DataFrame(taken[:PARQUET_MAX_ROWS], schema=dict(columns), orient="row")
        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        response = HttpResponse(buffer.getvalue(), content_type="application/vnd.apache.parquet")
        response["X-Sluice-Truncated"] = "true" if truncated else "false"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


# --- PostgreSQL: COPY ... TO STDOUT ------------------------------------------------------------------


def _copy(rows: QuerySet, columns: Sequence[tuple[str, pl.DataType]], *, empty_is_null: bool) -> Iterator[bytes]:
    return copy_csv(rows, columns, empty_is_null=empty_is_null)


def _copy_response(rows: QuerySet, *, columns: Sequence[tuple[str, pl.DataType]], fmt: str) -> HttpResponse:
    if fmt == "csv":
        body = _copy(rows, columns, empty_is_null=True)
        return StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    text = b"".join(_copy(rows[: PARQUET_MAX_ROWS + 1], columns, empty_is_null=False))
    return _parquet_response(frame_of(text, columns, header=True))


def _parquet_response(frame: pl.DataFrame) -> HttpResponse:
    truncated = frame.height > PARQUET_MAX_ROWS
    buffer = io.BytesIO()
    frame.head(PARQUET_MAX_ROWS).write_parquet(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/vnd.apache.parquet")
    response["X-Sluice-Truncated"] = "true" if truncated else "false"
    return response


# --- PostgreSQL: the execution history's settled part, kept encoded ----------------------------------------

# The settled time's input (the oldest active execution), the database's identity (a database dropped and
# made again under the same name is another one) and a digest of the visible pipelines' ids and slugs.
_SETTLED_SQL = "SELECT (SELECT min(a.created_at) FROM executions_execution a WHERE a.status = ANY(%s)), {identity}"


@dataclass(frozen=True)
class _Cut:
    start: datetime  # the settled part is [start, settled)
    settled: datetime
    key: str


def _settled_cut(*, user, window: Window, pipeline_id: int | None, fmt: str) -> _Cut | None:
    """The execution export's settled part and its cache key (one query), or None when it is empty."""
    seen = pipelines_visible_to(user=user).order_by()
    if pipeline_id is not None:
        seen = seen.filter(pk=pipeline_id)
    identity, params = identity_columns(seen)
    with connections[seen.db].cursor() as cur:
        cur.execute(_SETTLED_SQL.format(identity=identity), [list(Execution.ACTIVE), *params])
        oldest_active, database, digest = cur.fetchone()
    start, settled = ceil_slot(window.since), settled_time(oldest_active)
    if settled <= start:
        return None
    key = sealed_cache.key_of("executions", database, fmt, start, settled, pipeline_id, digest, space="export-sealed")
    return _Cut(start=start, settled=settled, key=key)


def execution_export_response(*, user, window: Window, pipeline_id: int | None, fmt: str) -> HttpResponse:
    """The execution history of the window as ``fmt``; on PostgreSQL (CSV and Parquet) with its settled
    part from the sealed cache when it is there (and put there when it is not)."""
    rows = execution_export_rows(user=user, window=window, pipeline_id=pipeline_id)
    cut = None
    if fmt != "json" and connections[rows.db].vendor == "postgresql" and sealed_cache.enabled():
        cut = _settled_cut(user=user, window=window, pipeline_id=pipeline_id, fmt=fmt)
    if cut is None:
        return export_response(rows=rows, columns=EXECUTION_SCHEMA, fmt=fmt, filename="executions")
    parts = (
        rows.filter(created_at__lt=cut.start),
        rows.filter(created_at__gte=cut.start, created_at__lt=cut.settled),
        rows.filter(created_at__gte=cut.settled),
    )
    if fmt == "csv":
        body = csv_in_parts(parts, EXECUTION_SCHEMA, cut.key)
        response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    else:
        bounded = tuple(part[: PARQUET_MAX_ROWS + 1] for part in parts)
        response = _parquet_response(frame_in_parts(bounded, EXECUTION_SCHEMA, cut.key, max_rows=PARQUET_MAX_ROWS))
    response["Content-Disposition"] = 'attachment; filename="executions.%s"' % fmt  # noqa: UP031
    return response
