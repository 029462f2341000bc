"""Columns of a ``COPY (SELECT ...) TO STDOUT WITH (FORMAT csv)`` written as the Python ``csv`` writers
of the exports write them (quality/exports.py, monitoring/exports.py): the same bytes from PostgreSQL
as from the writer used on SQLite."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import polars as pl
from django.db import connections
from django.db.models import QuerySet

UTC_DT = pl.Datetime("us", "UTC")
COPY_CHUNK = 64 * 1024  # bytes handed to the client at a time

# datetime.isoformat(): six digits of the fraction, none when it is zero (to_json drops trailing zeros)
_ISO = 'YYYY-MM-DD"T"HH24:MI:SS'


def copy_column(col: str, dtype: pl.DataType, *, empty_is_null: bool) -> str:
    """The SQL expression of column ``col`` as Python's csv writer writes its value of type ``dtype``."""
    if dtype == pl.Boolean:
        return f"CASE WHEN {col} THEN 'True' WHEN NOT {col} THEN 'False' END"
    if dtype == UTC_DT:
        utc = f"({col} AT TIME ZONE 'UTC')"
        return (
            f"CASE WHEN to_char({utc}, 'US') = '000000' THEN to_char({utc}, '{_ISO}\"+00:00\"') "
            f"ELSE to_char({utc}, '{_ISO}.US\"+00:00\"') END"
        )
    if dtype == pl.Float64:  # float8's shortest exact text, as Python's repr (1.0, not 1)
        whole = f"{col} = trunc({col}) AND abs({col}) < 1e16"
        return f"CASE WHEN {whole} THEN {col}::numeric::text || '.0' ELSE {col}::text END"
    if dtype == pl.String:  # an empty text is an empty field, as csv writes it; "" for Parquet
        return f"NULLIF({col}::text, '')" if empty_is_null else f"{col}::text"
    return col


def copy_csv(
    rows: QuerySet, columns: Sequence[tuple[str, pl.DataType]], *, empty_is_null: bool, header: bool = True
) -> Iterator[bytes]:
    """The CSV (a header line unless ``header`` is false, then one line per row) of the values_list queryset
    ``rows`` (its values in ``columns`` order: name and type) from PostgreSQL's COPY, in chunks of about
    COPY_CHUNK bytes."""
    inner, params = rows.query.sql_with_params()
    aliases = ", ".join(f"c{i}" for i in range(len(columns)))
    select = ", ".join(
        f'{copy_column(f"q.c{i}", dtype, empty_is_null=empty_is_null)} AS "{name}"'
        for i, (name, dtype) in enumerate(columns)
    )
    # Constant column expressions around Django's compiled query; the filter values stay parameters.
    head = "true" if header else "false"
    sql = f"COPY (SELECT {select} FROM ({inner}) AS q({aliases})) TO STDOUT WITH (FORMAT csv, HEADER {head})"  # noqa: S608
    connection = connections[rows.db]
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(sql, params) as copy:
        pending = bytearray()
        for data in copy:
            pending += data
            if len(pending) >= COPY_CHUNK:
                yield bytes(pending)
                pending.clear()
        if pending:
            yield bytes(pending)
