"""Opening a database session for a Connection: the one place that knows every engine class
(``engines`` has the base class and the built-in engines, ``mysql`` the MySQL/MariaDB one)."""

from __future__ import annotations

from contextlib import contextmanager

from pipelines.connectors.engines import Database, DuckDBDatabase, PostgresDatabase, SQLiteDatabase
from pipelines.connectors.mysql import MySQLDatabase
from pipelines.connectors.sql import dialect_of


def open_database(connection, *, read_only: bool, timeout: float) -> Database:
    """A session on ``connection`` (a Connection of a database kind)."""
    dialect = dialect_of(connection.kind)
    if dialect == "postgres":
        return PostgresDatabase(connection, timeout=timeout, read_only=read_only)
    if dialect == "sqlite":
        return SQLiteDatabase(connection, timeout=timeout, read_only=read_only)
    if dialect == "duckdb":
        return DuckDBDatabase(connection, timeout=timeout, read_only=read_only)
    return MySQLDatabase(connection, timeout=timeout, read_only=read_only)


@contextmanager
def session(connection, *, read_only: bool, timeout: float):
    db = open_database(connection, read_only=read_only, timeout=timeout)
    try:
        yield db
    finally:
        db.rollback()
        db.close()
