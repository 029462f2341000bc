"""Reading a table or a query from a database connection into Polars, read-only and bounded.

Every read runs on a read-only session (PostgreSQL: ``default_transaction_read_only`` and a
``statement_timeout``; SQLite: the file opened read-only plus ``PRAGMA query_only``; DuckDB:
``read_only`` with external access disabled; MySQL: ``START TRANSACTION READ ONLY`` and
``max_statement_time``), so even SQL that slipped past the static check cannot write.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.connectors.catalog import find_table, table_columns
from pipelines.connectors.engines import Database
from pipelines.connectors.identifiers import IdentifierError, check_identifier
from pipelines.connectors.sessions import session
from pipelines.connectors.sql import ConnectorError, qualified, quote_list
from pipelines.connectors.statements import UnsafeStatement, check_condition, check_select, strip_statement


@dataclass(frozen=True)
class ReadSpec:
    """What to read: ``table`` (with ``schema``, ``columns``, ``where``) or ``query``."""

    table: str | None = None
    schema: str | None = None
    columns: tuple[str, ...] | None = None
    where: str | None = None
    query: str | None = None
    limit: int | None = None
    batch_size: int = 50_000


def check_spec_identifiers(spec: ReadSpec) -> None:
    """Raise ConnectorError naming the field when a schema/table/column name is not a plain identifier."""
    try:
        if spec.schema:
            check_identifier(spec.schema, what="schema")
    except IdentifierError as exc:
        raise ConnectorError(str(exc), field="schema") from None
    try:
        if spec.table is not None:
            check_identifier(spec.table, what="table")
    except IdentifierError as exc:
        raise ConnectorError(str(exc), field="table") from None
    for index, column in enumerate(spec.columns or ()):
        try:
            check_identifier(column, what="column")
        except IdentifierError as exc:
            raise ConnectorError(str(exc), field=f"columns.{index}") from None


def build_table_sql(db: Database, spec: ReadSpec) -> str:
    """``SELECT cols FROM schema.table WHERE (where)`` after checking every name against the catalog."""
    check_spec_identifiers(spec)
    found = find_table(db, spec.schema, spec.table or "")
    if found is None:
        where = f"schema {spec.schema!r}" if spec.schema else "the connection's default schema"
        raise ConnectorError(f"Table {spec.table!r} was not found in {where}.", field="table")
    selected = "*"
    if spec.columns:
        existing = {c.name: c.name for c in table_columns(db, found.schema, found.name)}
        folded = {name.lower(): name for name in existing}
        actual = []
        for index, column in enumerate(spec.columns):
            name = existing.get(column) or folded.get(column.lower())
            if name is None:
                raise ConnectorError(
                    f"Table {found.name!r} has no column {column!r} (it has: {', '.join(list(existing)[:30])}).",
                    field=f"columns.{index}",
                )
            actual.append(name)
        selected = quote_list(actual, db.dialect)
    sql = f"SELECT {selected} FROM {qualified(found.schema, found.name, db.dialect)}"  # noqa: S608 - identifiers checked and quoted
    if spec.where:
        try:
            check_condition(spec.where, db.dialect)
            # The newlines keep a trailing "--" comment from swallowing the closing parenthesis.
            sql = f"{sql} WHERE (\n{spec.where}\n)"
            check_select(sql, db.dialect, what="where condition")
        except UnsafeStatement as exc:
            raise ConnectorError(str(exc), field="where") from None
    return sql


def build_query_sql(db: Database, spec: ReadSpec) -> str:
    try:
        check_select(spec.query or "", db.dialect)
        return strip_statement(spec.query or "", db.dialect)
    except UnsafeStatement as exc:
        raise ConnectorError(str(exc), field="query") from None


def read_frame(db: Database, spec: ReadSpec, *, metadata_only: bool = False) -> pl.DataFrame:
    """Read ``spec`` on an open read-only session; ``metadata_only`` reads no rows (LIMIT 0)."""
    sql = build_table_sql(db, spec) if spec.table else build_query_sql(db, spec)
    limit = 0 if metadata_only else spec.limit
    try:
        return db.read_frame(sql, limit=limit, batch_size=spec.batch_size)
    except ConnectorError as exc:
        if exc.field is None:
            exc.field = "where" if spec.table and spec.where else ("table" if spec.table else "query")
        raise


def database_read(*, connection, spec: ReadSpec, timeout: float, metadata_only: bool = False) -> pl.DataFrame:
    """Open a read-only session on ``connection`` and read ``spec`` (see ``read_frame``)."""
    with session(connection, read_only=True, timeout=timeout) as db:
        return read_frame(db, spec, metadata_only=metadata_only)
