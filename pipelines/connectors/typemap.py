"""Polars column types → SQL column types when a destination creates a table.

=====================  ======================  ==============================  ===========
Polars                 PostgreSQL              SQLite (declared type)          DuckDB
=====================  ======================  ==============================  ===========
Boolean                boolean                 BOOLEAN                         native
Int8, Int16, UInt8     smallint                INTEGER                         (DuckDB
Int32, UInt16          integer                 INTEGER                          maps Arrow
Int64, UInt32          bigint                  INTEGER                          itself:
UInt64, Int128         numeric(20/39, 0)       NUMERIC                          exact
Float32                real                    REAL                             round
Float64                double precision        REAL                             trip)
Decimal(p, s)          numeric(p, s)           DECIMAL(p,s)
String, Categorical,   text                    TEXT
Enum
Binary                 bytea                   BLOB
Date                   date                    DATE (ISO text)
Time                   time                    TIME (ISO text)
Datetime (naive)       timestamp               TIMESTAMP (ISO text)
Datetime (with tz)     timestamptz             TIMESTAMPTZ (ISO text, UTC)
Duration               interval                INTEGER (microseconds)
List, Array, Struct    text (JSON)             JSON (text)
Null                   text                    TEXT
=====================  ======================  ==============================  ===========

``source.database`` reads each of these back as the Polars type it came from (SQLite through
the declared types), except Duration in SQLite (Int64) and nested types (String of JSON).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:  # annotations only: see pipelines.connectors.arrow on importing pyarrow
    import pyarrow as pa

_PG_INTS = {
    pl.Int8: "smallint",
    pl.Int16: "smallint",
    pl.UInt8: "smallint",
    pl.Int32: "integer",
    pl.UInt16: "integer",
    pl.Int64: "bigint",
    pl.UInt32: "bigint",
}
# How a column is cast before loading so the driver writes exactly the declared type.
_PG_CASTS = {
    pl.Int8: pl.Int16,
    pl.UInt8: pl.Int16,
    pl.UInt16: pl.Int32,
    pl.UInt32: pl.Int64,
    pl.UInt64: pl.Decimal(20, 0),
    pl.Int128: pl.Decimal(38, 0),
}
_NESTED = (pl.List, pl.Array, pl.Struct)


def postgres_type(dtype: pl.DataType) -> str:
    base = dtype.base_type()
    if base in _PG_INTS:
        return _PG_INTS[base]
    if base == pl.UInt64:
        return "numeric(20, 0)"
    if base == pl.Int128:
        return "numeric(38, 0)"
    if base == pl.Boolean:
        return "boolean"
    if base == pl.Float32:
        return "real"
    if base == pl.Float64:
        return "double precision"
    if isinstance(dtype, pl.Decimal):
        return f"numeric({dtype.precision or 38}, {dtype.scale or 0})"
    if base == pl.Binary:
        return "bytea"
    if base == pl.Date:
        return "date"
    if base == pl.Time:
        return "time"
    if isinstance(dtype, pl.Datetime):
        return "timestamptz" if dtype.time_zone else "timestamp"
    if base == pl.Duration:
        return "interval"
    return "text"  # String, Categorical, Enum, nested (as JSON), Null, Object


def sqlite_type(dtype: pl.DataType) -> str:
    base = dtype.base_type()
    if base.is_integer():
        return "NUMERIC" if base in (pl.UInt64, pl.Int128) else "INTEGER"
    if base == pl.Boolean:
        return "BOOLEAN"
    if base.is_float():
        return "REAL"
    if isinstance(dtype, pl.Decimal):
        return f"DECIMAL({dtype.precision or 38},{dtype.scale or 0})"
    if base == pl.Binary:
        return "BLOB"
    if base == pl.Date:
        return "DATE"
    if base == pl.Time:
        return "TIME"
    if isinstance(dtype, pl.Datetime):
        return "TIMESTAMPTZ" if dtype.time_zone else "TIMESTAMP"
    if base == pl.Duration:
        return "INTEGER"
    if isinstance(dtype, _NESTED):
        return "JSON"
    return "TEXT"


def _json_text(name: str, dtype: pl.DataType) -> pl.Expr:
    if isinstance(dtype, pl.Struct):
        return pl.col(name).struct.json_encode()
    # Lists and arrays: wrap in a struct and strip the wrapper, so nested values encode too.
    wrapped = pl.struct(pl.col(name).alias("v")).struct.json_encode()
    return pl.when(pl.col(name).is_null()).then(None).otherwise(wrapped.str.slice(5).str.strip_suffix("}"))


def prepare_frame(frame: pl.LazyFrame, dialect: str) -> pl.LazyFrame:
    """``frame`` with columns cast to what the dialect's driver writes for the declared type
    (DuckDB takes every Arrow type as it is, nested ones included)."""
    exprs = []
    for name, dtype in frame.collect_schema().items():
        base = dtype.base_type()
        if dialect == "duckdb" and base not in (pl.Object,):
            continue
        if isinstance(dtype, _NESTED):
            exprs.append(_json_text(name, dtype).alias(name))
        elif base in (pl.Categorical, pl.Enum, pl.Null, pl.Object):
            exprs.append(pl.col(name).cast(pl.String))
        elif dialect == "postgres" and base in _PG_CASTS:
            exprs.append(pl.col(name).cast(_PG_CASTS[base]))
        elif dialect == "postgres" and base == pl.Float16:
            exprs.append(pl.col(name).cast(pl.Float32))
        elif dialect == "sqlite" and base == pl.Duration:
            exprs.append(pl.col(name).dt.total_microseconds())
    return frame.with_columns(exprs) if exprs else frame


def to_arrow(frame: pl.DataFrame) -> pa.Table:
    """Arrow with classic (non-view) string and binary layouts, which every driver accepts."""
    return frame.to_arrow(compat_level=pl.CompatLevel.oldest())


def sqlite_rows(data: pa.Table, *, batch_size: int):
    """Row tuples for sqlite3 from an Arrow table of a prepared frame: dates/times as ISO text,
    aware timestamps as UTC ISO text, decimals as text, booleans as 0/1."""
    frame = pl.from_arrow(data)
    exprs = []
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            exprs.append(pl.col(name).dt.to_string("%Y-%m-%d"))
        elif dtype == pl.Time:
            exprs.append(pl.col(name).dt.to_string("%H:%M:%S%.f"))
        elif isinstance(dtype, pl.Datetime):
            col = pl.col(name).dt.convert_time_zone("UTC") if dtype.time_zone else pl.col(name)
            exprs.append(col.dt.to_string("%Y-%m-%d %H:%M:%S%.6f"))
        elif isinstance(dtype, pl.Decimal):
            exprs.append(pl.col(name).cast(pl.String))
        elif dtype == pl.Boolean:
            exprs.append(pl.col(name).cast(pl.Int64))
        elif dtype in (pl.UInt64, pl.Int128):
            exprs.append(pl.col(name).cast(pl.String))
    if exprs:
        frame = frame.with_columns(exprs)
    for offset in range(0, frame.height, batch_size):
        yield frame.slice(offset, batch_size).rows()
