"""One small session object per database kind, so readers and writers speak to all alike.

A ``Database`` runs statements inside an explicit transaction (``begin``/``commit``/``rollback``),
reads query results as Arrow, bulk-loads Arrow into an existing table (``ingest``) and enforces a
time limit on every statement. Driver errors become ``ConnectorError`` with scrubbed messages.

* PostgreSQL: ADBC (libpq; COPY for reads and bulk loads); statement_timeout, lock_timeout and,
  for readers, ``default_transaction_read_only`` are set as session options on connect.
* SQLite: the stdlib driver (file opened ``mode=ro`` plus ``PRAGMA query_only`` for readers, a
  progress handler enforcing the deadline).
* DuckDB: the duckdb module (``read_only`` for readers, external access disabled, an interrupt
  timer enforcing the deadline).
* MySQL/MariaDB: see ``pipelines.connectors.mysql``.
"""

from __future__ import annotations

import re
import threading
import time
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

import polars as pl

from pipelines.connectors.arrow import arrow_to_polars, infer_dtype, rows_to_polars, sqlite_declared_dtype
from pipelines.connectors.sql import (
    ConnectorError,
    connect_duckdb,
    connect_postgres,
    connect_sqlite,
    database_file,
    driver_message,
    qualified,
    sqlstate_of,
)

if TYPE_CHECKING:  # imported where used: see pipelines.connectors.arrow
    import pyarrow as pa

SAMPLE_ROWS = 1000  # rows sampled to type SQLite expression columns
DUCKDB_LOCK_WAIT = 120.0  # seconds a DuckDB open waits for another process's write (bounded by the timeout)


def numbered(sql: str) -> str:
    """``?`` markers → ``$1, $2...`` (our own catalog SQL only: it has no ``?`` inside literals)."""
    counter = iter(range(1, 1000))
    return re.sub(r"\?", lambda _m: f"${next(counter)}", sql)


class Database:
    """Statements take ``?`` bind markers whatever the driver's own style."""

    dialect: str = ""
    kind: str = ""

    def __init__(self, connection, *, timeout: float):
        self.connection = connection
        self.timeout = timeout
        self.secrets = (getattr(connection, "secrets", None) or {}) if connection is not None else {}

    # Subclasses implement these.
    def execute(self, sql: str, params: tuple | list = ()) -> None:
        raise NotImplementedError

    def fetchall(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        raise NotImplementedError

    def read_arrow(self, sql: str, params: tuple | list = (), *, batch_size: int = 50_000) -> pa.Table:
        raise NotImplementedError

    def ingest(self, schema: str | None, table: str, data: pa.Table, *, batch_size: int = 50_000) -> None:
        raise NotImplementedError

    def read_frame(self, sql: str, *, limit: int | None, batch_size: int = 50_000) -> pl.DataFrame:
        """The rows of the (checked) query ``sql`` as a Polars frame, at most ``limit`` of them.
        ``limit=0`` reads only the result's metadata; its schema equals a full read's."""
        # Always a subquery: a second statement hidden in it could only be a syntax error.
        tail = f" LIMIT {int(limit)}" if limit is not None else ""
        sql = f"SELECT * FROM (\n{sql}\n) AS _sluice_q{tail}"  # noqa: S608 - a checked SELECT
        import pyarrow as pa

        table = self.read_arrow(sql, batch_size=batch_size)
        try:
            return arrow_to_polars(table)
        except (pa.ArrowException, pl.exceptions.PolarsError) as exc:
            raise ConnectorError(f"The result could not be converted: {exc}") from None

    def begin(self) -> None:
        self.execute("BEGIN")

    def commit(self) -> None:
        self.execute("COMMIT")

    def rollback(self) -> None:
        with suppress(ConnectorError):
            self.execute("ROLLBACK")

    def close(self) -> None:
        raise NotImplementedError

    def server_version(self) -> str | None:
        return None

    def error(self, exc: BaseException, *, field: str | None = None, what: str = "") -> ConnectorError:
        message = driver_message(exc, self.secrets)
        state = sqlstate_of(exc)
        lowered = message.lower()
        if state == "57014" or "statement timeout" in lowered or "interrupted" in lowered:
            message = f"The statement took longer than {self.timeout:g} s and was cancelled ({message})."
        return ConnectorError(f"{what}{message}", field=field, sqlstate=state)


class PostgresDatabase(Database):
    dialect = "postgres"
    kind = "postgresql"

    def __init__(self, connection, *, timeout: float, read_only: bool):
        super().__init__(connection, timeout=timeout)
        self.conn = connect_postgres(connection, read_only=read_only, statement_timeout=timeout)
        self.cur = self.conn.cursor()

    def execute(self, sql, params=()):
        try:
            self.cur.execute(numbered(sql) if params else sql, tuple(params) or None)
        except Exception as exc:
            raise self.error(exc) from None

    def fetchall(self, sql, params=()):
        try:
            self.cur.execute(numbered(sql) if params else sql, tuple(params) or None)
            return self.cur.fetchall()
        except Exception as exc:
            raise self.error(exc) from None

    def read_arrow(self, sql, params=(), *, batch_size=50_000):
        try:
            self.cur.execute(sql, tuple(params) or None)
            reader = self.cur.fetch_record_batch()
            batches = list(reader)
            import pyarrow as pa

            return pa.Table.from_batches(batches, schema=reader.schema)
        except Exception as exc:
            raise self.error(exc) from None

    def ingest(self, schema, table, data, *, batch_size=50_000):
        try:
            self.cur.adbc_ingest(table, data, mode="append", db_schema_name=schema)
        except Exception as exc:
            raise self.error(exc) from None

    # ADBC's DB-API keeps a transaction open at all times (autocommit off).
    def begin(self):
        pass

    def commit(self):
        try:
            self.conn.commit()
        except Exception as exc:
            raise self.error(exc) from None

    def rollback(self):
        with suppress(Exception):
            self.conn.rollback()

    def close(self):
        for thing in (self.cur, self.conn):
            with suppress(Exception):
                thing.close()

    def server_version(self):
        row = self.fetchall("SELECT current_setting('server_version')")
        self.rollback()
        return f"PostgreSQL {row[0][0]}" if row else None


class SQLiteDatabase(Database):
    dialect = "sqlite"
    kind = "sqlite"

    def __init__(self, connection, *, timeout: float, read_only: bool, path: str | None = None):
        super().__init__(connection, timeout=timeout)
        self.path = path or database_file(connection, must_exist=read_only)
        self.conn = connect_sqlite(self.path, read_only=read_only)
        self.read_only = read_only
        self._deadline: float | None = None
        self.conn.set_progress_handler(self._progress, 10_000)

    def _progress(self) -> int:
        return 1 if self._deadline is not None and time.monotonic() > self._deadline else 0

    @contextmanager
    def _bounded(self):
        self._deadline = time.monotonic() + self.timeout
        try:
            yield
        except Exception as exc:
            raise self.error(exc) from None
        finally:
            self._deadline = None

    def execute(self, sql, params=()):
        with self._bounded():
            self.conn.execute(sql, tuple(params))

    def fetchall(self, sql, params=()):
        with self._bounded():
            return self.conn.execute(sql, tuple(params)).fetchall()

    def cursor_rows(self, sql, params=(), *, batch_size=50_000):
        """(column names, row batches) with the deadline enforced while fetching."""
        with self._bounded():
            cur = self.conn.execute(sql, tuple(params))
            names = [d[0] for d in cur.description or ()]
            batches = []
            while True:
                rows = cur.fetchmany(batch_size)
                if not rows:
                    break
                batches.append(rows)
            return names, batches

    def read_frame(self, sql, *, limit, batch_size=50_000):
        """Through a temporary view, so SQLite reports the declared type of each column; columns
        without one (expressions) take the type of their values in the first SAMPLE_ROWS rows."""
        self.conn.execute("PRAGMA query_only = OFF")
        self.execute("DROP VIEW IF EXISTS temp._sluice_read")
        self.execute(f"CREATE TEMP VIEW _sluice_read AS\n{sql}\n")
        # From here on the connection cannot change anything (the file is also opened read-only).
        self.conn.execute("PRAGMA query_only = ON")
        declared = self.fetchall("SELECT name, type FROM pragma_table_xinfo('_sluice_read', 'temp')")
        names = [d[0] for d in declared]
        dtypes = [sqlite_declared_dtype(d[1]) for d in declared]
        if any(t is None for t in dtypes):
            _, sample = self.cursor_rows(f"SELECT * FROM temp._sluice_read LIMIT {SAMPLE_ROWS}", batch_size=SAMPLE_ROWS)  # noqa: S608 - identifiers checked and quoted
            rows = sample[0] if sample else []
            dtypes = [t if t is not None else infer_dtype([r[i] for r in rows]) for i, t in enumerate(dtypes)]
        tail = f" LIMIT {int(limit)}" if limit is not None else ""
        _, batches = self.cursor_rows(f"SELECT * FROM temp._sluice_read{tail}", batch_size=batch_size)  # noqa: S608 - identifiers checked and quoted
        try:
            return rows_to_polars(names, dtypes, batches)
        except ValueError as exc:
            raise ConnectorError(str(exc)) from None

    def ingest(self, schema, table, data, *, batch_size=50_000):
        from pipelines.connectors.typemap import sqlite_rows

        columns = data.column_names
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {qualified(schema, table, 'sqlite')} VALUES ({marks})"  # noqa: S608 - identifiers checked and quoted
        with self._bounded():
            for rows in sqlite_rows(data, batch_size=batch_size):
                self.conn.executemany(sql, rows)

    def begin(self):
        self.execute("BEGIN IMMEDIATE")

    def rollback(self):
        if self.conn.in_transaction:
            with suppress(Exception):
                self.conn.execute("ROLLBACK")

    def close(self):
        self.conn.close()

    def server_version(self):
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"


class DuckDBDatabase(Database):
    dialect = "duckdb"
    kind = "duckdb"

    def __init__(self, connection, *, timeout: float, read_only: bool, path: str | None = None):
        super().__init__(connection, timeout=timeout)
        self.path = path or database_file(connection, must_exist=read_only)
        self.conn = connect_duckdb(self.path, read_only=read_only, wait=min(timeout, DUCKDB_LOCK_WAIT))

    @contextmanager
    def _bounded(self):
        timer = threading.Timer(self.timeout, self.conn.interrupt)
        timer.daemon = True
        timer.start()
        try:
            yield
        except Exception as exc:
            raise self.error(exc) from None
        finally:
            timer.cancel()

    def execute(self, sql, params=()):
        with self._bounded():
            self.conn.execute(sql, list(params) or None)

    def fetchall(self, sql, params=()):
        with self._bounded():
            return self.conn.execute(sql, list(params) or None).fetchall()

    def read_arrow(self, sql, params=(), *, batch_size=50_000):
        with self._bounded():
            relation = self.conn.sql(sql, params=list(params) or None)
            if relation is None:
                raise ConnectorError("The statement returned no rows.")
            return relation.to_arrow_reader(batch_size).read_all()

    def ingest(self, schema, table, data, *, batch_size=50_000):
        with self._bounded():
            self.conn.register("_sluice_ingest", data)
            try:
                self.conn.execute(f"INSERT INTO {qualified(schema, table, 'duckdb')} SELECT * FROM _sluice_ingest")  # noqa: S608 - identifiers checked and quoted
            finally:
                self.conn.unregister("_sluice_ingest")

    def begin(self):
        self.execute("BEGIN TRANSACTION")

    def close(self):
        self.conn.close()

    def server_version(self):
        import duckdb

        return f"DuckDB {duckdb.__version__}"
