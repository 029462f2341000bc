"""Connection operations for the API: test (can we connect?) and introspect (what is there?).

Both are bounded: a 5 s connect timeout and a statement timeout on every catalog query (Spark: a
deadline on every call and a watchdog on the whole operation, pipelines.connectors.spark), and
introspection stops after MAX_TABLES tables per schema and MAX_COLUMNS columns per table (it
says so with ``"truncated": true``). Messages never contain a password or a DSN.
"""

from __future__ import annotations

import time
from typing import Any

from pipelines.connectors.catalog import MAX_COLUMNS, MAX_TABLES, list_schemas, list_tables, table_columns
from pipelines.connectors.configs import DATABASE_KINDS, parse_connection_config
from pipelines.connectors.identifiers import IdentifierError, check_identifier
from pipelines.connectors.sessions import session
from pipelines.connectors.sql import ConnectorError, scrub
from pipelines.connectors.writer import STAGE_PREFIX

TEST_TIMEOUT = 10.0
INTROSPECT_TIMEOUT = 20.0
# Spark Connect opens a server-side session first (several seconds on a busy server): a longer bound,
# still under the interactive pool's deadline (SLUICE_INTERACTIVE_SECONDS, 30 s by default).
SPARK_TEST_TIMEOUT = 20.0
SPARK_INTROSPECT_TIMEOUT = 25.0
MAX_SCHEMAS = 50


class IntrospectionNotSupported(ConnectorError):
    """Raised for connections that have no catalog (HTTP)."""


def _elapsed_ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def _result(ok: bool, message: str, started: float, version: str | None = None) -> dict[str, Any]:
    return {"ok": ok, "message": message, "latency_ms": _elapsed_ms(started), "server_version": version}


def connection_test(*, connection) -> dict[str, Any]:
    """``{"ok", "message", "latency_ms", "server_version"}``; never raises for connection failures."""
    if connection.kind == "http":
        from pipelines.connectors.http import http_connection_test

        result = dict(http_connection_test(connection=connection))
        result.setdefault("server_version", None)
        return result
    if connection.kind == "spark":
        from pipelines.connectors.spark import spark_connection_test

        return spark_connection_test(connection=connection, timeout=SPARK_TEST_TIMEOUT)
    started = time.monotonic()
    if connection.kind == "git":
        return _result(False, "A git connection is tried by syncing a repository that uses it (Repositories).", started)
    secrets = getattr(connection, "secrets", None) or {}
    if connection.kind not in DATABASE_KINDS:
        return _result(False, f"Unknown connection kind {connection.kind!r}.", started)
    try:
        parse_connection_config(connection.kind, connection.config or {})
        with session(connection, read_only=True, timeout=TEST_TIMEOUT) as db:
            db.fetchall("SELECT 1")
            version = db.server_version()
    except ValueError as exc:
        return _result(False, f"Invalid config: {scrub(str(exc), secrets)}", started)
    except ConnectorError as exc:
        return _result(False, scrub(exc.message, secrets), started)
    except Exception as exc:
        return _result(False, scrub(f"{type(exc).__name__}: {exc}", secrets)[:600], started)
    return _result(True, f"Connected to {version}.", started, version)


def connection_introspect(*, connection, schema: str | None = None) -> dict[str, Any]:
    """``{"schemas": [{"name", "tables": [{"name", "type", "columns": [{"name", "type", "nullable"}]}]}],
    "truncated": bool}`` (a Spark connection's databases are its schemas). Raises ConnectorError (safe
    message) when the database cannot be read, IntrospectionNotSupported for HTTP connections."""
    if connection.kind in ("http", "git"):
        label = "HTTP" if connection.kind == "http" else "git"
        raise IntrospectionNotSupported(
            f"Introspection is not supported for {label} connections (they have no tables).", field="kind"
        )
    if connection.kind == "spark":
        from pipelines.connectors.spark import spark_introspect

        return spark_introspect(
            connection=connection,
            schema=schema,
            timeout=SPARK_INTROSPECT_TIMEOUT,
            max_tables=MAX_TABLES,
            max_columns=MAX_COLUMNS,
        )
    if connection.kind not in DATABASE_KINDS:
        raise ConnectorError(f"Unknown connection kind {connection.kind!r}.", field="kind")
    if schema is not None:
        try:
            check_identifier(schema, what="schema")
        except IdentifierError as exc:
            raise ConnectorError(str(exc), field="schema") from None
    try:
        parse_connection_config(connection.kind, connection.config or {})
    except ValueError as exc:
        raise ConnectorError(str(exc), field="config") from None
    deadline = time.monotonic() + INTROSPECT_TIMEOUT
    truncated = False
    result: list[dict[str, Any]] = []
    with session(connection, read_only=True, timeout=INTROSPECT_TIMEOUT) as db:
        names = list_schemas(db)
        if schema is not None:
            if schema not in names and not (db.dialect == "sqlite" and schema == "main"):
                raise ConnectorError(f"Schema {schema!r} was not found.", field="schema")
            names = [schema]
        if len(names) > MAX_SCHEMAS:
            names, truncated = names[:MAX_SCHEMAS], True
        for name in names:
            tables = list_tables(db, None if db.dialect == "sqlite" else name, limit=MAX_TABLES + 1)
            if len(tables) > MAX_TABLES:
                tables, truncated = tables[:MAX_TABLES], True
            entries = []
            for table in tables:
                if table.name.startswith(STAGE_PREFIX):
                    continue
                if time.monotonic() > deadline:
                    truncated = True
                    break
                columns = table_columns(db, table.schema, table.name, limit=MAX_COLUMNS + 1)
                if len(columns) > MAX_COLUMNS:
                    columns, truncated = columns[:MAX_COLUMNS], True
                entries.append(
                    {
                        "name": table.name,
                        "type": table.type,
                        "columns": [{"name": c.name, "type": c.type, "nullable": c.nullable} for c in columns],
                    }
                )
            result.append({"name": name, "tables": entries})
    return {"schemas": result, "truncated": truncated}
