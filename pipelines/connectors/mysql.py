"""MySQL / MariaDB sessions (PyMySQL): read-only, bounded reads for source.database, test and
introspection. Writing is not supported (DDL commits implicitly, so no atomic publish).

Reads run in ``START TRANSACTION READ ONLY`` with ``max_statement_time`` (MariaDB, seconds) or
``max_execution_time`` (MySQL, milliseconds) and a socket read timeout as a backstop; ``LOCAL
INFILE`` is disabled. Column types come from the result metadata, so a ``LIMIT 0`` probe and a
full read agree.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

import polars as pl

from pipelines.connectors.arrow import rows_to_polars
from pipelines.connectors.engines import Database
from pipelines.connectors.sql import CONNECT_TIMEOUT, ConnectorError, driver_message

_BINARY_CHARSET = 63
_UNSIGNED = 32
_INTS = {1, 2, 3, 8, 9, 13}  # TINY, SHORT, LONG, LONGLONG, INT24, YEAR
_STRINGS = {15, 245, 247, 248, 253, 254}  # VARCHAR, JSON, ENUM, SET, VAR_STRING, STRING
_BLOBS = {249, 250, 251, 252}


def mysql_dtype(field: Any) -> pl.DataType:
    """The Polars type of a result column from its MySQL protocol metadata."""
    code, charset = field.type_code, field.charsetnr
    if code in _INTS:
        return pl.Int64()
    if code == 16:  # BIT
        return pl.Int64()
    if code in (4, 5):
        return pl.Float64()
    if code in (0, 246):
        scale = field.scale or 0
        precision = field.length - (1 if scale else 0) - (0 if field.flags & _UNSIGNED else 1)
        if 0 < precision <= 38:
            return pl.Decimal(precision, scale)
        return pl.String()
    if code in (7, 12):
        return pl.Datetime("us")
    if code in (10, 14):
        return pl.Date()
    if code == 11:
        return pl.Duration("us")
    if code in _STRINGS or code in _BLOBS:
        return pl.Binary() if charset == _BINARY_CHARSET and code not in (245, 247, 248) else pl.String()
    if code == 255:  # GEOMETRY
        return pl.Binary()
    return pl.String()


class MySQLDatabase(Database):
    dialect = "mysql"
    kind = "mysql"

    def __init__(self, connection, *, timeout: float, read_only: bool):
        import pymysql

        super().__init__(connection, timeout=timeout)
        from pipelines.connectors.configs import MySQLConfig

        cfg = MySQLConfig.model_validate(connection.config or {})
        self._pymysql = pymysql
        try:
            self.conn = pymysql.connect(
                host=cfg.host,
                port=cfg.port,
                user=cfg.user,
                password=str(self.secrets.get("password") or ""),
                database=cfg.database,
                connect_timeout=CONNECT_TIMEOUT,
                read_timeout=int(timeout) + 10,
                write_timeout=int(timeout) + 10,
                charset="utf8mb4",
                autocommit=True,
                local_infile=False,
            )
        except Exception as exc:
            reason = self.error(exc).message
            raise ConnectorError(f"Could not connect to MySQL: {reason}", field="connection") from None
        version = self.fetchall("SELECT VERSION()")[0][0]
        self.version = str(version)
        if "mariadb" in self.version.lower():
            self.execute(f"SET SESSION max_statement_time = {max(float(timeout), 0.001):.3f}")
        else:
            self.execute(f"SET SESSION max_execution_time = {max(int(timeout * 1000), 1)}")
        if read_only:
            self.execute("SET SESSION TRANSACTION READ ONLY")
        self.read_only = read_only

    def _cursor(self, streaming: bool = False):
        return self.conn.cursor(self._pymysql.cursors.SSCursor if streaming else None)

    def execute(self, sql, params=()):
        try:
            with self._cursor() as cur:
                cur.execute(sql.replace("?", "%s") if params else sql, tuple(params) or None)
        except Exception as exc:
            raise self.error(exc) from None

    def fetchall(self, sql, params=()):
        try:
            with self._cursor() as cur:
                cur.execute(sql.replace("?", "%s") if params else sql, tuple(params) or None)
                return list(cur.fetchall())
        except Exception as exc:
            raise self.error(exc) from None

    def read_frame(self, sql, *, limit, batch_size=50_000):
        # Always a subquery: a second statement hidden in it could only be a syntax error.
        tail = f" LIMIT {int(limit)}" if limit is not None else ""
        sql = f"SELECT * FROM (\n{sql}\n) AS _sluice_q{tail}"  # noqa: S608 - a checked SELECT
        try:
            self.execute("START TRANSACTION READ ONLY" if self.read_only else "START TRANSACTION")
            with self._cursor(streaming=True) as cur:
                cur.execute(sql)
                fields = cur._result.fields if cur._result else []
                names = [f.name for f in fields]
                dtypes = [mysql_dtype(f) for f in fields]
                batches = []
                while True:
                    rows = cur.fetchmany(batch_size)
                    if not rows:
                        break
                    batches.append(rows)
        except ConnectorError:
            raise
        except Exception as exc:
            raise self.error(exc) from None
        finally:
            self.rollback()
        try:
            return rows_to_polars(names, dtypes, batches)
        except ValueError as exc:
            raise ConnectorError(str(exc)) from None

    def error(self, exc, *, field=None, what=""):
        code = exc.args[0] if getattr(exc, "args", None) and isinstance(exc.args[0], int) else None
        if code in (1969, 3024):  # MariaDB / MySQL statement time limit
            return ConnectorError(f"The statement took longer than {self.timeout:g} s and was cancelled.", field=field)
        message = exc.args[1] if code is not None and len(exc.args) > 1 else str(exc)
        return ConnectorError(f"{what}{driver_message(Exception(message), self.secrets)}", field=field)

    def begin(self):
        self.execute("START TRANSACTION")

    def commit(self):
        try:
            self.conn.commit()
        except Exception as exc:
            raise self.error(exc) from None

    def rollback(self):
        with suppress(Exception):
            self.conn.rollback()

    def close(self):
        with suppress(Exception):
            self.conn.close()

    def server_version(self):
        return f"MySQL {self.version}" if "mariadb" not in self.version.lower() else f"MariaDB {self.version}"
