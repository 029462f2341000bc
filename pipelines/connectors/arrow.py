"""Arrow results from the drivers → Polars frames, the same way for a 0-row probe and a full read.

``arrow_to_polars`` is the only conversion used by ``source.database``: the schema a validation
probe (``LIMIT 0``) reports is ``arrow_to_polars(probe).schema`` and a run converts its batches with
the very same function, so the two cannot disagree.

Type rules beyond what Polars imports directly:

* PostgreSQL ``numeric(p, s)`` with p ≤ 38 → Decimal(p, s); unconstrained ``numeric`` (sum(), avg())
  → Float64; wider numerics → String.
* ``uuid`` → String (canonical 8-4-4-4-12 form); ``json``/``jsonb`` and other extension types
  (inet, geometry...) → their storage type (String for text-like ones).
* ``interval`` → Duration(us) (a month counts 30 days, as PostgreSQL's ``extract(epoch ...)`` does).
* dictionary-encoded → plain values; fixed-size binary → Binary.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from typing import TYPE_CHECKING, Any

import polars as pl

# pyarrow (about 40 MB resident) is imported where it is used, not at import time: a worker process
# that never reads or writes a database should not carry it.
if TYPE_CHECKING:
    import pyarrow as pa

_UUID = "uuid"


def _typmod_decimal(field: pa.Field) -> tuple[int, int] | None:
    meta = field.metadata or {}
    raw = meta.get(b"POSTGRESQL:typmod")
    try:
        typmod = int(raw) if raw is not None else -1
    except ValueError:
        return None
    if typmod < 4:
        return None
    typmod -= 4
    return (typmod >> 16) & 0xFFFF, typmod & 0xFFFF


def _interval_to_duration(column: pa.ChunkedArray) -> pa.Array:
    import pyarrow as pa

    values = []
    for item in column.to_pylist():
        if item is None:
            values.append(None)
        else:
            months, days, nanos = item.months, item.days, item.nanoseconds
            values.append(((months * 30 + days) * 86_400_000_000) + nanos // 1000)
    return pa.array(values, type=pa.int64()).cast(pa.duration("us"))


def _normalize(field: pa.Field, column: pa.ChunkedArray) -> tuple[pa.ChunkedArray | pa.Array, str | None]:
    """(a column Polars can import, a post-processing tag or None)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    typ = field.type
    if isinstance(typ, pa.BaseExtensionType):
        name = getattr(typ, "extension_name", "")
        storage = pa.chunked_array([c.storage for c in column.chunks], type=typ.storage_type)
        if name == "arrow.uuid" or (name == "arrow.opaque" and getattr(typ, "type_name", "") == "uuid"):
            return pc.cast(storage, pa.binary()), _UUID
        if name == "arrow.opaque" and getattr(typ, "type_name", "") == "numeric":
            bounds = _typmod_decimal(field)
            if bounds is None:
                return pc.cast(storage, pa.float64()), None
            precision, scale = bounds
            if 0 < precision <= 38:
                return pc.cast(storage, pa.decimal128(precision, scale)), None
            return storage, None
        return _normalize(pa.field(field.name, typ.storage_type), storage)
    if pa.types.is_dictionary(typ):
        return pc.cast(column, typ.value_type), None
    if pa.types.is_fixed_size_binary(typ):
        return pc.cast(column, pa.binary()), None
    if pa.types.is_interval(typ):
        return _interval_to_duration(column), None
    if pa.types.is_decimal(typ) and typ.precision > 38:
        return pc.cast(column, pa.string()), None
    return column, None


def _uuid_text(expr: pl.Expr) -> pl.Expr:
    hexed = expr.bin.encode("hex")
    parts = [hexed.str.slice(0, 8), hexed.str.slice(8, 4), hexed.str.slice(12, 4), hexed.str.slice(16, 4)]
    return pl.concat_str([*parts, hexed.str.slice(20, 12)], separator="-")


def arrow_to_polars(table: pa.Table) -> pl.DataFrame:
    """Polars frame of a driver's Arrow table (see the module doc for the type rules)."""
    import pyarrow as pa

    columns: dict[str, Any] = {}
    tags: dict[str, str] = {}
    for field, column in zip(table.schema, table.columns, strict=True):
        converted, tag = _normalize(field, column)
        columns[field.name] = converted
        if tag:
            tags[field.name] = tag
    plain = pa.table({name: col for name, col in columns.items()}) if columns else pa.table({})
    frame = pl.from_arrow(plain, rechunk=False)
    if not isinstance(frame, pl.DataFrame):  # a single column may come back as a Series
        frame = frame.to_frame()
    if tags:
        frame = frame.with_columns(_uuid_text(pl.col(name)).alias(name) for name in tags)
    return frame


# --- SQLite: declared types → Polars ----------------------------------------------------------

_DECIMAL_RE = re.compile(r"^(?:DECIMAL|NUMERIC)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$")


def sqlite_declared_dtype(declared: str) -> pl.DataType | None:
    """The Polars type of a SQLite column declared ``declared``; None when undeclared (an expression)."""
    decl = (declared or "").strip().upper()
    if not decl:
        return None
    match = _DECIMAL_RE.match(decl)
    if match and int(match.group(1)) <= 38:
        return pl.Decimal(int(match.group(1)), int(match.group(2) or 0))
    if decl in ("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE", "DATETIMETZ"):
        return pl.Datetime("us", "UTC")
    if decl.startswith(("DATETIME", "TIMESTAMP")):
        return pl.Datetime("us")
    if decl == "DATE":
        return pl.Date()
    if decl == "TIME":
        return pl.Time()
    if decl.startswith("BOOL"):
        return pl.Boolean()
    # SQLite's own affinity rules, in its order.
    if "INT" in decl:
        return pl.Int64()
    if any(t in decl for t in ("CHAR", "CLOB", "TEXT", "JSON", "UUID")):
        return pl.String()
    if "BLOB" in decl:
        return pl.Binary()
    if any(t in decl for t in ("REAL", "FLOA", "DOUB")):
        return pl.Float64()
    return pl.Float64()  # NUMERIC affinity


def infer_dtype(values: list[Any]) -> pl.DataType:
    """The type of an undeclared SQLite column from sample values (ints, floats, text, blobs)."""
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return pl.String()
    if kinds <= {int}:
        return pl.Int64()
    if kinds <= {int, float}:
        return pl.Float64()
    if kinds <= {bytes}:
        return pl.Binary()
    return pl.String()


def _parse_datetime(value: Any, aware: bool) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        parsed = dt.datetime.fromtimestamp(value, tz=dt.UTC)
    else:
        parsed = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC)
        return parsed if aware else parsed.replace(tzinfo=None)
    return parsed.replace(tzinfo=dt.UTC) if aware else parsed


def _convert_value(value: Any, dtype: pl.DataType) -> Any:
    if value is None:
        return None
    if isinstance(value, str) and value.startswith("0000-00-00"):  # MySQL's "zero" dates mean unknown
        return None
    if dtype == pl.String:
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    if dtype == pl.Int64:
        if isinstance(value, bytes):  # MySQL BIT
            return int.from_bytes(value, "big")
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
            return int(value)
        if not isinstance(value, int):
            raise ValueError(f"{value!r} is not an integer")
        return value
    if dtype == pl.Float64:
        return float(value)
    if dtype == pl.Boolean:
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "t", "yes", "y")
        return bool(value)
    if dtype == pl.Date:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value).strip()[:10])
    if dtype == pl.Time:
        return dt.time.fromisoformat(str(value).strip())
    if isinstance(dtype, pl.Datetime):
        return _parse_datetime(value, aware=dtype.time_zone is not None)
    if isinstance(dtype, pl.Decimal):
        return decimal.Decimal(str(value))
    if dtype == pl.Binary:
        return value if isinstance(value, bytes) else str(value).encode()
    if dtype == pl.Duration and not isinstance(value, dt.timedelta):
        raise ValueError(f"{value!r} is not a duration")
    return value


def rows_to_polars(names: list[str], dtypes: list[pl.DataType], batches: list[list[tuple]]) -> pl.DataFrame:
    """A typed frame from Python row batches (SQLite, MySQL); a value that does not fit its column's
    type raises ValueError naming the column."""
    schema = pl.Schema(dict(zip(names, dtypes, strict=True)))
    frames = []
    for rows in batches:
        data: dict[str, list[Any]] = {}
        for index, (name, dtype) in enumerate(schema.items()):
            convert = dtype
            values = []
            for row in rows:
                try:
                    values.append(_convert_value(row[index], convert))
                except (ValueError, TypeError, decimal.InvalidOperation, OverflowError) as exc:
                    raise ValueError(
                        f"column {name!r} ({dtype}) holds {row[index]!r}, which does not fit: {exc}. "
                        "CAST it in a query or fix the data."
                    ) from None
            data[name] = values
        frames.append(pl.DataFrame(data, schema=schema, strict=False))
    if not frames:
        return pl.DataFrame(schema=schema)
    return pl.concat(frames, how="vertical", rechunk=False)
