"""An export read in three parts, the middle one kept encoded (core/sealed_store.py) because its rows do not
change while its key stays the same: the execution history's settled part (monitoring/exports.py) and the
quality results' (quality/exports.py). The caller cuts its query in three (in the file's order) and names
the middle part's key; the first and last are read at every answer (PostgreSQL's COPY, no header), the
middle one from the store, or read, sent and kept when it is not there.

CSV: the header, the first part, the kept bytes in COPY_CHUNK chunks, the last part; a middle part over
``sealed_store.MAX_BYTES`` is not kept, and one a client stopped reading before its end is not kept either.
Parquet: a frame of the three (the middle one kept as Arrow IPC, zstd-compressed: fetched and read in 3.8 ms
against 8.8 ms plain for a month of one pipeline's quality results at x10), written by the caller.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

import polars as pl
from django.db.models import QuerySet

from core import sealed_store
from core.copy_csv import COPY_CHUNK, copy_csv

Columns = Sequence[tuple[str, pl.DataType]]

SLOT = 300  # seconds: a settled part's bounds are whole five minutes (so its cache key changes that often)


def floor_slot(at: datetime) -> datetime:
    return datetime.fromtimestamp(int(at.timestamp()) // SLOT * SLOT, tz=UTC)


def ceil_slot(at: datetime) -> datetime:
    floor = floor_slot(at)
    return floor if floor == at else floor + timedelta(seconds=SLOT)


# The database's identity (a database dropped and made again under the same name is another one) and a
# digest of the visible pipelines' ids and slugs (the one column of a kept part that can change: a rename, a
# deletion or a change of who sees what is a new key), as two columns of a caller's SELECT.
_IDENTITY = """(SELECT d.oid FROM pg_database d WHERE d.datname = current_database()),
    (SELECT md5(COALESCE(json_agg(json_build_array(v.id, v.slug) ORDER BY v.id)::text, ''))
        FROM ({visible}) AS v(id, slug))"""


def identity_columns(visible: QuerySet) -> tuple[str, list]:
    """The SQL of the two key columns (database OID, digest) over ``visible``, a queryset of the pipelines
    the caller may see (filtered as the export is), and its parameters."""
    inner, params = visible.order_by().values_list("pk", "slug").query.sql_with_params()
    return _IDENTITY.format(visible=inner), list(params)


class _Echo:
    def write(self, value: str) -> str:
        return value


def header_line(columns: Columns) -> bytes:
    return csv.writer(_Echo(), lineterminator="\n").writerow([name for name, _ in columns]).encode()


Parts = tuple[QuerySet | None, QuerySet, QuerySet | None]  # None: no rows (a part cut away by a row limit)


def _copy(rows: QuerySet | None, columns: Columns, *, empty_is_null: bool) -> Iterator[bytes]:
    return iter(()) if rows is None else copy_csv(rows, columns, empty_is_null=empty_is_null, header=False)


def csv_in_parts(parts: Parts, columns: Columns, key: str) -> Iterator[bytes]:
    """The CSV (header included) of the three values_list querysets in order, the middle one's text kept."""
    first, middle, last = parts
    yield header_line(columns)
    yield from _copy(first, columns, empty_is_null=True)
    kept = sealed_store.get_bytes(key)
    if kept is not None:
        view = memoryview(kept)
        for at in range(0, len(view), COPY_CHUNK):
            yield bytes(view[at : at + COPY_CHUNK])
    else:
        chunks: list[bytes] | None = []
        size = 0
        for chunk in _copy(middle, columns, empty_is_null=True):
            size += len(chunk)
            chunks = chunks if chunks is not None and size <= sealed_store.MAX_BYTES else None
            if chunks is not None:
                chunks.append(chunk)
            yield chunk
        if chunks is not None:  # the whole of it went out (a client that left stops the generator before)
            sealed_store.put_bytes(key, b"".join(chunks))
    yield from _copy(last, columns, empty_is_null=True)


def frame_of(text: bytes, columns: Columns, *, header: bool) -> pl.DataFrame:
    """A frame of COPY's CSV text (``empty_is_null=False``) in ``columns``' names and types."""
    if not text:
        return pl.DataFrame(schema=dict(columns))
    return pl.read_csv(io.BytesIO(text), schema=dict(columns), has_header=header)


def frame_in_parts(parts: Parts, columns: Columns, key: str, *, max_rows: int) -> pl.DataFrame:
    """The frame of the three values_list querysets in order (the caller bounds each by slicing); the middle
    one kept as Arrow IPC when it has at most ``max_rows`` rows."""
    first, middle, last = parts

    def read(rows: QuerySet | None) -> pl.DataFrame:
        return frame_of(b"".join(_copy(rows, columns, empty_is_null=False)), columns, header=False)

    frames = [read(first)]
    kept = sealed_store.get_bytes(key)
    if kept is not None:
        frames.append(pl.read_ipc(io.BytesIO(kept)))
    else:
        frame = read(middle)
        frames.append(frame)
        if frame.height <= max_rows:
            buffer = io.BytesIO()
            frame.write_ipc(buffer, compression="zstd")  # a month of one pipeline's results: 9 MB plain, 0.2 MB
            if buffer.tell() <= sealed_store.MAX_BYTES:
                sealed_store.put_bytes(key, buffer.getvalue())
    frames.append(read(last))
    return pl.concat(frames)
