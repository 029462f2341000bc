"""Tables of a test as Polars frames, and frames as rows: reading fixtures and golden files (bounded), writing
golden files back (``--update-golden``)."""

from __future__ import annotations

import io
import json
from typing import Any

import polars as pl

from pipelines.nodes.base import polars_message
from pipelines.nodes.dtypes import dtype_from_name
from pipelines.testing.spec import MAX_FILE_BYTES, MAX_ROWS, _Table


class TableError(ValueError):
    """A fixture or golden table that cannot be read; the message says why."""


def _read_file(fmt: str, data: bytes) -> pl.DataFrame:
    if len(data) > MAX_FILE_BYTES:
        raise TableError(f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")
    buffer = io.BytesIO(data)
    if fmt == "csv":
        return pl.read_csv(buffer, n_rows=MAX_ROWS + 1, infer_schema_length=None)
    if fmt == "parquet":
        rows = pl.scan_parquet(buffer).select(pl.len()).collect().item()  # from the metadata, before reading
        if rows > MAX_ROWS:
            raise TableError(f"at most {MAX_ROWS} rows, not {rows}")
        buffer.seek(0)
        return pl.read_parquet(buffer)
    if fmt == "ndjson":
        return pl.read_ndjson(buffer, infer_schema_length=None)
    frame = pl.read_json(buffer, infer_schema_length=None)
    return frame


def table_frame(table: _Table) -> pl.DataFrame:
    """The frame of a fixture or golden table, cast to its ``schema``; TableError if it cannot be read."""
    try:
        if table.rows is not None:
            frame = pl.DataFrame(table.rows, infer_schema_length=None) if table.rows else pl.DataFrame()
        else:
            frame = _read_file(table.format or "", table.data())
    except TableError:
        raise
    except (pl.exceptions.PolarsError, OSError, ValueError, TypeError) as exc:
        raise TableError(f"cannot be read as {table.format or 'rows'}: {polars_message(exc)}") from None
    if frame.height > MAX_ROWS:
        raise TableError(f"at most {MAX_ROWS} rows, not {frame.height}")
    return cast_to(frame, table.schema_ or {})


def cast_to(frame: pl.DataFrame, schema: dict[str, str]) -> pl.DataFrame:
    """``frame`` with the named columns cast (a column the frame lacks is added as nulls of that type)."""
    for column, name in schema.items():
        dtype = dtype_from_name(name)
        try:
            if column in frame.columns:
                if frame.schema[column] == pl.String and dtype.is_temporal():
                    frame = frame.with_columns(_parse_text(column, dtype))
                else:
                    frame = frame.with_columns(pl.col(column).cast(dtype, strict=True))
            else:
                frame = frame.with_columns(pl.lit(None, dtype=dtype).alias(column))
        except pl.exceptions.PolarsError as exc:
            raise TableError(f"column {column!r} cannot be read as {name}: {polars_message(exc)}") from None
    return frame


def _parse_text(column: str, dtype: pl.DataType) -> pl.Expr:
    """ISO text as a date, a time or a datetime."""
    text = pl.col(column).str
    if dtype == pl.Date:
        return text.to_date(strict=True)
    if dtype == pl.Time:
        return text.to_time(strict=True)
    return text.to_datetime(strict=True).cast(dtype)


def frame_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """JSON-safe rows (dates as ISO text), as a golden output is stored."""
    return json.loads(frame.write_json())


def frame_file(frame: pl.DataFrame, fmt: str) -> bytes:
    """``frame`` written in ``fmt`` (a golden file)."""
    buffer = io.BytesIO()
    if fmt == "csv":
        frame.write_csv(buffer)
    elif fmt == "parquet":
        frame.write_parquet(buffer)
    elif fmt == "ndjson":
        frame.write_ndjson(buffer)
    else:
        buffer.write(json.dumps(frame_rows(frame), indent=2, ensure_ascii=False).encode() + b"\n")
    return buffer.getvalue()


def schema_names(frame: pl.DataFrame) -> dict[str, str]:
    return {name: str(dtype) for name, dtype in frame.schema.items()}
