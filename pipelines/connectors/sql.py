"""Identifiers, quoting, DSNs and raw connections for the database kinds.

Every identifier a user gives (schema, table, column, key) passes ``check_identifier`` — ASCII
letters, digits and underscores, starting with a letter or underscore, at most 63 characters —
and is then quoted with the dialect's quoting by ``quote_ident``; nothing user-given is ever
concatenated raw, and values travel as bind parameters.

DSNs with passwords are built here (``postgres_uri``) and never logged; ``scrub`` removes the
password and any DSN from a driver's message before it is shown to anyone.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings

from pipelines.connectors.configs import PostgresConfig
from pipelines.connectors.identifiers import check_identifier
from pipelines.paths import UnsafePathError, resolve_data_path

CONNECT_TIMEOUT = 5  # seconds to establish a connection
DIALECTS = {"postgresql": "postgres", "mysql": "mysql", "sqlite": "sqlite", "duckdb": "duckdb"}
_URI_RE = re.compile(r"\b(?:postgres(?:ql)?|mysql|mariadb)://\S+", re.IGNORECASE)
_PASSWORD_KV_RE = re.compile(r"(password\s*=\s*)('[^']*'|\S+)", re.IGNORECASE)


class ConnectorError(Exception):
    """A database problem, with a message that is safe to show (no password, no DSN)."""

    def __init__(self, message: str, *, field: str | None = None, sqlstate: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.sqlstate = sqlstate


def quote_ident(name: str, dialect: str) -> str:
    """``name`` checked and quoted for ``dialect`` (postgres, sqlite, duckdb: "x"; mysql: `x`)."""
    check_identifier(name)
    if dialect == "mysql":
        return f"`{name}`"
    return f'"{name}"'


def qualified(schema: str | None, table: str, dialect: str) -> str:
    """``"schema"."table"`` (or ``"table"``) checked and quoted."""
    if schema:
        return f"{quote_ident(schema, dialect)}.{quote_ident(table, dialect)}"
    return quote_ident(table, dialect)


def quote_list(names: Iterable[str], dialect: str) -> str:
    return ", ".join(quote_ident(n, dialect) for n in names)


def dialect_of(kind: str) -> str:
    try:
        return DIALECTS[kind]
    except KeyError:
        raise ConnectorError(f"{kind!r} connections are not databases.", field="connection") from None


# --- secrets -----------------------------------------------------------------------------------


def secret_values(secrets: dict[str, Any] | None) -> list[str]:
    return [str(v) for v in (secrets or {}).values() if v not in (None, "") and len(str(v)) >= 1]


def scrub(text: str, secrets: dict[str, Any] | None = None, extra: Iterable[str] = ()) -> str:
    """``text`` without secret values, DSNs or ``password=...`` pairs."""
    result = str(text)
    values = sorted({*secret_values(secrets), *(e for e in extra if e)}, key=len, reverse=True)
    for value in values:
        for form in {value, quote(value, safe=""), quote(value)}:
            result = result.replace(form, "***")
    result = _URI_RE.sub("<dsn>", result)
    result = _PASSWORD_KV_RE.sub(r"\1***", result)
    return result.strip()


# --- PostgreSQL ------------------------------------------------------------------------------


def postgres_uri(
    config: dict[str, Any],
    secrets: dict[str, Any],
    *,
    read_only: bool = False,
    statement_timeout: float | None = None,
    connect_timeout: int = CONNECT_TIMEOUT,
) -> str:
    """A libpq URI for the connection. Contains the password: never log or show it."""
    cfg = PostgresConfig.model_validate(config)
    user = quote(cfg.user, safe="")
    password = secrets.get("password") or ""
    auth = f"{user}:{quote(str(password), safe='')}" if password else user
    host = f"[{cfg.host}]" if ":" in cfg.host and not cfg.host.startswith("[") else cfg.host
    options = []
    if read_only:
        options.append("-c default_transaction_read_only=on")
    if statement_timeout:
        options.append(f"-c statement_timeout={max(int(statement_timeout * 1000), 1)}")
        options.append(f"-c lock_timeout={max(int(statement_timeout * 1000), 1)}")
        # A session that dies mid-transaction must not hold locks for ever.
        options.append(f"-c idle_in_transaction_session_timeout={max(int(statement_timeout * 1000), 1000) + 60000}")
    if cfg.schema_:
        options.append(f"-c search_path={cfg.schema_},public")
    query: dict[str, str] = {"connect_timeout": str(int(connect_timeout)), "application_name": "sluice"}
    if cfg.sslmode:
        query["sslmode"] = cfg.sslmode
    if options:
        query["options"] = " ".join(options)
    return f"postgresql://{auth}@{host}:{cfg.port}/{quote(cfg.database, safe='')}?{urlencode(query, quote_via=quote)}"


def connect_postgres(connection, *, read_only: bool = False, statement_timeout: float | None = None):
    """An ADBC (libpq) DB-API connection, autocommit off: every statement runs in a transaction."""
    import adbc_driver_postgresql.dbapi

    secrets = connection.secrets or {}
    uri = postgres_uri(connection.config or {}, secrets, read_only=read_only, statement_timeout=statement_timeout)
    try:
        return adbc_driver_postgresql.dbapi.connect(uri)
    except Exception as exc:
        raise ConnectorError(
            f"Could not connect to PostgreSQL: {driver_message(exc, secrets, uri)}", field="connection"
        ) from None


# --- SQLite and DuckDB ------------------------------------------------------------------------


def database_file(connection, *, must_exist: bool) -> str:
    """The absolute path of a sqlite/duckdb connection's file, confined to DATA_ROOT."""
    path = (connection.config or {}).get("path")
    try:
        resolved = resolve_data_path(path, must_exist=must_exist)
    except UnsafePathError as exc:
        raise ConnectorError(f"Connection {connection.slug!r}: {exc}", field="connection") from None
    return str(resolved)


def connect_sqlite(path: str, *, read_only: bool) -> sqlite3.Connection:
    """A stdlib sqlite3 connection in autocommit mode (transactions are explicit BEGIN/COMMIT).

    Read-only connections open the file with ``mode=ro``; ATTACH is disabled either way.
    """
    if not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    uri = Path(path).as_uri() + ("?mode=ro" if read_only else "")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=CONNECT_TIMEOUT, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise ConnectorError(f"Could not open the SQLite file: {exc}", field="connection") from None
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    return conn


def connect_duckdb(path: str, *, read_only: bool, wait: float = 0.0):
    """A DuckDB connection with external access (files, HTTP, extensions) disabled and locked.

    A DuckDB file has one writing process at a time (an OS lock on the file): two destinations of one
    run writing the same file from two workers, or a reader opening it during a write, find it locked.
    Sluice holds the file only for one stage or one commit, so the second waits for the lock, up to
    ``wait`` seconds, instead of failing the step."""
    import duckdb

    if not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    config = {"enable_external_access": False, "autoinstall_known_extensions": False, "lock_configuration": True}
    deadline, pause = time.monotonic() + wait, 0.05
    while True:
        try:
            return duckdb.connect(path, read_only=read_only, config=config)
        except duckdb.Error as exc:
            if "lock" in str(exc).lower() and time.monotonic() + pause < deadline:
                time.sleep(pause)
                pause = min(pause * 2, 1.0)
                continue
            raise ConnectorError(f"Could not open the DuckDB file: {exc}", field="connection") from None


# --- errors ----------------------------------------------------------------------------------


_NOISE_RE = re.compile(
    r"^(?:(?:IO|INVALID_ARGUMENT|INVALID_STATE|CANCELLED|INTERNAL|UNKNOWN|NOT_FOUND|ALREADY_EXISTS|"
    r"NOT_IMPLEMENTED|TIMEOUT|UNAUTHENTICATED|UNAUTHORIZED|INVALID_DATA|INTEGRITY):\s*)?"
    r"(?:\[libpq\]\s*)?(?:Failed to (?:prepare|execute) query(?: '[^']*')?:\s*)?"
    r"(?:Execution error \[PGRES_FATAL_ERROR\]:\s*)?(?:ERROR:\s*)?",
)


def driver_message(exc: BaseException, secrets: dict[str, Any] | None = None, dsn: str = "") -> str:
    """A driver error's first useful lines, scrubbed of secrets and DSNs."""
    text = str(exc).strip() or type(exc).__name__
    # ADBC appends the statement it ran ("Query was: ..."); the caller knows which query it was.
    text = re.split(r"\n\s*Query was:", text, maxsplit=1)[0]
    text = re.sub(r"\.?\s*SQLSTATE: [0-9A-Z]{5}\s*$", "", text)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    lines = [ln for ln in lines if not ln.startswith(("LINE ", "^", "QUERY:"))]
    text = _NOISE_RE.sub("", " ".join(lines)).strip()[:600]
    return scrub(text or type(exc).__name__, secrets, extra=[dsn])


def sqlstate_of(exc: BaseException) -> str | None:
    state = getattr(exc, "sqlstate", None)
    if state:
        return str(state)
    match = re.search(r"SQLSTATE: ([0-9A-Z]{5})", str(exc))
    return match.group(1) if match else None


def statement_timeout(default: float | None = None) -> float:
    """Seconds a data statement may run (settings.DATABASE_STATEMENT_TIMEOUT, default one hour)."""
    return float(default or getattr(settings, "DATABASE_STATEMENT_TIMEOUT", 3600.0))
