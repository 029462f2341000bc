"""Exports of quality results as CSV (streamed) or Parquet, bounded: at most ``MAX_ROWS`` results of a
window of at most 366 days (the response says ``X-Sluice-Truncated: true`` when there were more).

On PostgreSQL the rows leave the database as CSV text through ``COPY (SELECT ...) TO STDOUT`` (psycopg 3's
``cursor.copy``): no Python object per row or per value. The CSV is streamed to the client as it comes
(``StreamingHttpResponse``); the Parquet file is read by Polars from the same CSV text, then written. The
``SELECT`` is the caller's queryset (its filters and visibility rules), limited to ``MAX_ROWS``, with each
column formatted as the Python writer used on other databases (SQLite) formats it: ISO 8601 times with
their offset, ``True``/``False``, the sample as JSON text. The samples were masked when they were stored
(quality.services.masking); nothing here unmasks them.

On PostgreSQL the *settled* part of the window (whole five minutes from its start up to five minutes ago)
is kept encoded in the sealed store (core/sealed_parts.py, as the execution exports keep theirs): its CSV
text, or for Parquet its frame as Arrow IPC. Results are only ever inserted or deleted, never updated, but
they are not settled by time: the finished-run hook writes a run's results when it finishes, with a
``run_at`` that may be earlier, and retention (or a deleted run or pipeline) deletes them. So the key names
the part's rows themselves, read in one aggregate at every answer: their count, largest id, sum of ids and
sum of the ids' hashes (an insertion adds a new id, a deletion removes one: no sequence of them leaves all
four as they were unless it takes as many ids as it adds with the same sum and the same sum of hashes), with
the bounds, the filters, the format, the database and a digest of the visible pipelines' ids and slugs (the
one column that can change: a rename). The same aggregate counts the parts before and after, which says
whether the file is truncated.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from core import sealed_store
from core.copy_csv import UTC_DT, copy_csv
from core.sealed_parts import ceil_slot, csv_in_parts, floor_slot, frame_in_parts, identity_columns
from pipelines.selectors import pipelines_visible_to
from quality.selectors import Span, results_filtered

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


SETTLE_MARGIN = timedelta(minutes=5)  # the results of the last minutes are read at every answer
SCHEMA = [(name, dtype) for name, _, dtype in COLUMNS]


def results_export_response(
    *,
    user,
    span: Span,
    fmt: str,
    filename: str,
    pipeline_id: int | None = None,
    rule: str = "",
    node_key: str = "",
    execution_id: int | None = None,
    failed_only: bool = False,
) -> HttpResponse:
    """The results of ``results_filtered`` (same arguments) as ``fmt``, newest first; on PostgreSQL with the
    settled part from the sealed store when it is there (and put there when it is not)."""
    filters = {"pipeline_id": pipeline_id, "rule": rule, "node_key": node_key, "execution_id": execution_id}
    qs = results_filtered(user=user, span=span, failed_only=failed_only, **filters)
    cut = None
    if connections[qs.db].vendor == "postgresql" and sealed_store.enabled():
        cut = _settled_cut(qs, user=user, span=span, pipeline_id=pipeline_id, key=[fmt, *filters.values(), failed_only])
    if cut is None:
        return export_response(qs, fmt=fmt, filename=filename)
    rows = qs.values_list(*[path for _, path, _ in COLUMNS])
    newest = rows.filter(run_at__gte=cut.settled)[: MAX_ROWS - cut.settled_rows]
    room = MAX_ROWS - cut.settled_rows - cut.newest_rows  # for the rows before the settled part
    oldest = rows.filter(run_at__lt=cut.start)[:room] if room > 0 else None
    parts = (newest, rows.filter(run_at__gte=cut.start, run_at__lt=cut.settled), oldest)
    if fmt == "parquet":
        response = _parquet_response(frame_in_parts(parts, SCHEMA, cut.key, max_rows=MAX_ROWS))
    else:
        response = StreamingHttpResponse(csv_in_parts(parts, SCHEMA, cut.key), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    if cut.truncated:
        response["X-Sluice-Truncated"] = "true"
    return response


@dataclass(frozen=True)
class _Cut:
    start: datetime  # the settled part is [start, settled)
    settled: datetime
    settled_rows: int
    newest_rows: int  # after the settled part (when the aggregate ran)
    truncated: bool
    key: str


# Per part of the window (after the settled part, before it, in it): how many rows, and the settled part's
# largest id, sum of ids and sum of their hashes; then the database's OID and the visible pipelines' digest.
_CUT_SQL = """SELECT count(*) FILTER (WHERE q.run_at >= %s), count(*) FILTER (WHERE q.run_at < %s),
    count(*) FILTER (WHERE q.run_at >= %s AND q.run_at < %s), max(q.id) FILTER (WHERE q.run_at >= %s AND q.run_at < %s),
    sum(q.id) FILTER (WHERE q.run_at >= %s AND q.run_at < %s),
    sum(hashint8(q.id)) FILTER (WHERE q.run_at >= %s AND q.run_at < %s), {identity}
FROM ({inner}) AS q(id, run_at)"""


def _settled_cut(qs: QuerySet, *, user, span: Span, pipeline_id: int | None, key: list) -> _Cut | None:
    """The settled part of the export of ``qs`` and its key (one query), or None when it is empty or the
    file is cut at MAX_ROWS within it (then the single query of the window answers)."""
    start = ceil_slot(span.since)
    settled = floor_slot(min(span.until, timezone.now() - SETTLE_MARGIN))
    if settled <= start:
        return None
    seen = pipelines_visible_to(user=user)
    if pipeline_id is not None:
        seen = seen.filter(pk=pipeline_id)
    identity, identity_params = identity_columns(seen)
    inner, inner_params = qs.order_by().values_list("id", "run_at").query.sql_with_params()
    params = [settled, start, *[start, settled] * 4, *identity_params, *inner_params]
    with connections[qs.db].cursor() as cur:
        cur.execute(_CUT_SQL.format(identity=identity, inner=inner), params)
        newest, oldest, count, largest, total, hashed, database, digest = cur.fetchone()
    if count == 0 or newest + count > MAX_ROWS:
        return None
    parts = ("quality-results", database, start, settled, *key, digest, count, largest, total, hashed)
    return _Cut(
        start=start,
        settled=settled,
        settled_rows=count,
        newest_rows=newest,
        truncated=newest + count + oldest > MAX_ROWS,
        key=sealed_store.key_of(*parts, space="export-sealed"),
    )


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
        response = _parquet_response(frame)
    else:
        body = _copy(bounded, empty_is_null=True) if copying else _csv(_rows(bounded))
        response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    if truncated:
        response["X-Sluice-Truncated"] = "true"
    return response


# Columns of few distinct values: dictionary-encoded in the Parquet file (the others are plain).
_DICTIONARY = ["pipeline_slug", "node_key", "rule", "rule_type", "message", "kind", "severity", "action"]


def _parquet_response(frame: pl.DataFrame) -> HttpResponse:
    """The frame as a Parquet file (zstd), written by pyarrow with dictionaries only for the columns of few
    values: Polars' own writer took 2.5x as long on the loaded two-core bench machine (a month of one
    pipeline at x10, 40,000 results: 25 ms against 9.5 ms at the median, its threads competing with the
    server's), and the file is smaller (253 kB, 334 kB before); it reads back as the same frame."""
    buffer = io.BytesIO()
    frame.write_parquet(buffer, use_pyarrow=True, compression="zstd", pyarrow_options={"use_dictionary": _DICTIONARY})
    return HttpResponse(buffer.getvalue(), content_type="application/vnd.apache.parquet")


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
