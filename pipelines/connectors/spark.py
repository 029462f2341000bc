"""Spark connections: a Spark Connect server (``sc://host:port``), its session settings and its token.

Sluice's own processes (web, interactive children, Celery workers) talk to Spark through the Spark
Connect client only: gRPC, no JVM inside them. A standalone master URL (``spark://host:7077``) needs a
Spark *driver* (a JVM holding the job's state and memory): Sluice runs one per master and host beside its
processes (pipelines.connectors.spark_driver: a Spark Connect server attached to the master, on
127.0.0.1 with a token of its own) and the session talks to it like to any Spark Connect server. The
master's host passes the same SSRF guard first, and the driver is given the checked address.

The host follows the SSRF policy of HTTP connections (pipelines.netguard): it is resolved once, every
address is checked (loopback and private networks only with ``allow_private_network`` or
ALLOW_PRIVATE_NETWORK_SOURCES; cloud metadata never), and the channel connects to the checked address,
not to the name (no DNS rebinding between check and connect). A token travels only over TLS
(``use_ssl``) or to a loopback address (gRPC local credentials); never in clear text over a network.

Session settings come from an allowlist of runtime SQL settings (``ALLOWED_SETTINGS``): nothing that
loads code (``spark.jars``, ``spark.sql.extensions``), reaches file systems with credentials
(``spark.hadoop.*``) or changes the server.

Every operation is bounded: bounded gRPC retries, a deadline on every call, and a watchdog that closes
the channel when the whole operation outlives its budget (in-flight calls end with CANCELLED).
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import threading
import time
import warnings
from collections.abc import Iterator
from typing import Any

from pipelines.connectors.identifiers import IdentifierError, check_identifier
from pipelines.connectors.spark_config import is_master_url, parse_spark_config, private_network_allowed
from pipelines.connectors.sql import ConnectorError, scrub

# pyspark warns on every exhausted retry; the error that follows says what went wrong.
warnings.filterwarnings("ignore", message=r"\[RETRIES_EXCEEDED\]", category=UserWarning, module=r"pyspark\.")


# --- sessions -----------------------------------------------------------------------------------------


def _channel_builder(*, host: str, address, port: int, use_ssl: bool, token: str | None):
    """A pyspark ChannelBuilder that connects to the checked ``address`` (TLS names ``host``)."""
    import grpc
    from pyspark.sql.connect.client import ChannelBuilder

    class CheckedChannelBuilder(ChannelBuilder):
        def __init__(self) -> None:
            super().__init__(params={ChannelBuilder.PARAM_USER_AGENT: "sluice"})

        @property
        def host(self) -> str:
            return host

        @property
        def token(self) -> str | None:  # never SPARK_CONNECT_AUTHENTICATE_TOKEN from the environment
            return token

        def toChannel(self) -> grpc.Channel:
            target = f"[{address}]:{port}" if address.version == 6 else f"{address}:{port}"
            if use_ssl:
                if str(address) != host:
                    self.setChannelOption("grpc.ssl_target_name_override", host)
                credentials = grpc.ssl_channel_credentials()
                if token:
                    credentials = grpc.composite_channel_credentials(
                        credentials, grpc.access_token_call_credentials(token)
                    )
                return self._secure_channel(target, credentials)
            if token:
                if not address.is_loopback:
                    raise ConnectorError(
                        "A token is sent only over TLS: turn use_ssl on (or connect to a loopback address).",
                        field="use_ssl",
                    )
                credentials = grpc.composite_channel_credentials(
                    grpc.local_channel_credentials(grpc.LocalConnectionType.LOCAL_TCP),
                    grpc.access_token_call_credentials(token),
                )
                return self._secure_channel(target, credentials)
            return self._insecure_channel(target)

    return CheckedChannelBuilder()


def _new_session(builder, secrets: dict, timeout: float):
    """A Spark Connect session over ``builder``'s checked channel: a server that refuses or drops the
    connection is retried twice, quickly, and every call has a deadline of ``timeout``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # pyspark on pandas 3 (docs/configuration.md, Spark)
        from pyspark.sql.connect.client.core import RpcDeadlines
        from pyspark.sql.connect.client.retries import DefaultPolicy
        from pyspark.sql.connect.session import SparkSession
    try:
        session = SparkSession(connection=builder)
    except ConnectorError:
        raise
    except Exception as exc:  # the channel's set-up (TLS credentials, options): nothing was sent yet
        raise ConnectorError(scrub(f"{type(exc).__name__}: {exc}", secrets)[:600], field="url") from None
    client = session._client
    client.set_retry_policies([DefaultPolicy(max_retries=2, initial_backoff=200, max_backoff=1000)])
    per_call = max(1.0, timeout)
    client._rpc_deadlines = RpcDeadlines(**{name: per_call for name in RpcDeadlines.__dataclass_fields__})
    return session


def _local_driver(config, address, timeout: float):
    """The local driver (pipelines.connectors.spark_driver) of a ``spark://`` connection, attached to the
    master at its checked ``address``; a failure to start it is the connection's ConnectorError."""
    from pipelines.connectors.spark_driver import START_TIMEOUT, DriverError, ensure_driver

    master = f"spark://[{address}]:{config.port}" if address.version == 6 else f"spark://{address}:{config.port}"
    try:
        # A cold start takes 15-30 s: it may use more than the session's own bound (at most START_TIMEOUT).
        budget = min(START_TIMEOUT, max(timeout, 25.0))
        return ensure_driver(master_url=master, driver_settings=dict(config.driver_settings), timeout=budget)
    except DriverError as exc:
        raise ConnectorError(exc.message, field="url") from None


@contextlib.contextmanager
def spark_session(connection, *, timeout: float) -> Iterator[Any]:
    """A Spark Connect session of ``connection`` with its database and settings applied; every call in
    the block is bounded so that the whole block ends within about ``timeout`` seconds (ConnectorError
    "did not answer within ..." otherwise). The session is released at the end."""
    from pipelines.netguard import BlockedURLError, resolve_host_checked

    try:
        config = parse_spark_config(connection.config or {})
    except ValueError as exc:
        raise ConnectorError(f"Invalid config: {exc}", field="config") from None
    secrets = getattr(connection, "secrets", None) or {}
    started = time.monotonic()
    try:
        addresses = resolve_host_checked(
            config.host, config.port, allow_private=private_network_allowed(config), timeout=min(5.0, timeout)
        )
    except BlockedURLError as exc:
        raise ConnectorError(str(exc), field="url") from None
    host, port, use_ssl, token = config.host, config.port, config.use_ssl, secrets.get("token")
    lease: contextlib.AbstractContextManager = contextlib.nullcontext()
    if config.is_master:
        driver = _local_driver(config, addresses[0], timeout)
        host, port, use_ssl, token = "127.0.0.1", driver.port, False, driver.token
        addresses = [ipaddress.ip_address(host)]
        lease = driver.lease()
        secrets = {**secrets, "driver_token": driver.token}  # scrubbed from messages like the connection's
        started = time.monotonic()  # the session's own budget starts once its driver is up

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # pyspark on pandas 3 (docs/configuration.md, Spark)
        from pyspark.errors import PySparkException
    builder = _channel_builder(host=host, address=addresses[0], port=port, use_ssl=use_ssl, token=token)
    session = _new_session(builder, secrets, timeout)
    client = session._client
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        with contextlib.suppress(Exception):
            client._channel.close()

    watchdog = threading.Timer(max(0.5, timeout - (time.monotonic() - started)), expire)
    watchdog.daemon = True
    watchdog.start()
    where = f"{config.host}:{config.port}" + (
        f" (through its local driver on 127.0.0.1:{port})" if config.is_master else ""
    )
    try:
        with lease:
            try:
                if config.database:
                    session.catalog.setCurrentDatabase(config.database)
                if config.settings:
                    session.conf._set_all(configs=dict(config.settings), silent=False)
                yield session
            except ConnectorError:
                raise
            except Exception as exc:
                if expired.is_set():
                    raise ConnectorError(
                        f"The Spark Connect server at {where} did not answer within {timeout:g} s.", field="url"
                    ) from None
                raise ConnectorError(_spark_message(exc, secrets, PySparkException, where), field="url") from None
    finally:
        watchdog.cancel()
        with contextlib.suppress(Exception):
            if not expired.is_set():
                session.stop()
        with contextlib.suppress(Exception):
            client._channel.close()


_GRPC_DETAILS_RE = re.compile(r'details = "([^"]*)"')


def _spark_message(exc: BaseException, secrets: dict[str, Any], spark_error: type, where: str) -> str:
    """A short message for a failed Spark call, without secrets or the server's Java stack."""
    text = str(exc)
    details = _GRPC_DETAILS_RE.search(text)
    if "StatusCode.UNAVAILABLE" in text or "UNAVAILABLE" in text[:200]:
        reason = details.group(1) if details else text
        text = f"The Spark Connect server at {where} cannot be reached (is it running there?): {reason}"
    elif "StatusCode.UNAUTHENTICATED" in text or "StatusCode.PERMISSION_DENIED" in text:
        reason = details.group(1) if details else ""
        text = f"The Spark Connect server at {where} refused the credentials (the token secret): {reason}"
    elif details:
        text = f"Spark Connect at {where}: {details.group(1)}"
    elif not isinstance(exc, spark_error):
        text = f"{type(exc).__name__}: {text}"
    first = text.split("\n\nJVM stacktrace:", 1)[0]
    return scrub(first, secrets)[:600]


# --- test and introspection ---------------------------------------------------------------------------

MAX_DATABASES = 50


def _elapsed_ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def spark_connection_test(*, connection, timeout: float) -> dict[str, Any]:
    """``{"ok", "message", "latency_ms", "server_version"}``: a session, ``SELECT 1`` and the version."""
    started = time.monotonic()
    secrets = getattr(connection, "secrets", None) or {}
    url = (connection.config or {}).get("url")
    via = f"a local driver on the master {url}" if is_master_url(url) else "Spark Connect"
    try:
        with spark_session(connection, timeout=timeout) as session:
            rows = session.sql("SELECT 1 AS one").collect()
            if [tuple(r) for r in rows] != [(1,)]:
                raise ConnectorError(f"SELECT 1 returned {rows!r}.")
            version = f"Spark {session.version}"
    except ConnectorError as exc:
        return {
            "ok": False,
            "message": scrub(exc.message, secrets),
            "latency_ms": _elapsed_ms(started),
            "server_version": None,
        }
    return {
        "ok": True,
        "message": f"Connected to {version} ({via}).",
        "latency_ms": _elapsed_ms(started),
        "server_version": version,
    }


def _quote(name: str) -> str:
    """A Spark SQL identifier in backticks (a backtick inside is doubled)."""
    return "`" + name.replace("`", "``") + "`"


def spark_introspect(
    *, connection, schema: str | None, timeout: float, max_tables: int, max_columns: int
) -> dict[str, Any]:
    """Databases (as schemas), their tables and views, and their columns with Spark's types, in the
    shape of ``pipelines.connectors.ops.connection_introspect``. Temporary views are left out (they
    live in one session). Raises ConnectorError with a safe message."""
    if schema is not None:
        try:
            check_identifier(schema, what="database")
        except IdentifierError as exc:
            raise ConnectorError(str(exc), field="schema") from None
    deadline = time.monotonic() + timeout * 0.8
    truncated = False
    result: list[dict[str, Any]] = []
    with spark_session(connection, timeout=timeout) as session:
        catalog = session.catalog
        names = sorted(db.name for db in catalog.listDatabases())
        if schema is not None:
            if schema not in names:
                raise ConnectorError(f"Database {schema!r} was not found.", field="schema")
            names = [schema]
        if len(names) > MAX_DATABASES:
            names, truncated = names[:MAX_DATABASES], True
        for name in names:
            tables = sorted((t for t in catalog.listTables(dbName=name) if not t.isTemporary), key=lambda t: t.name)
            if len(tables) > max_tables:
                tables, truncated = tables[:max_tables], True
            entries = []
            for table in tables:
                if time.monotonic() > deadline:
                    truncated = True
                    break
                columns = catalog.listColumns(f"{_quote(name)}.{_quote(table.name)}")
                if len(columns) > max_columns:
                    columns, truncated = columns[:max_columns], True
                entries.append(
                    {
                        "name": table.name,
                        "type": "view" if (table.tableType or "").upper() == "VIEW" else "table",
                        "columns": [
                            {"name": c.name, "type": c.dataType, "nullable": bool(c.nullable)} for c in columns
                        ],
                    }
                )
            result.append({"name": name, "tables": entries})
    return {"schemas": result, "truncated": truncated}


# --- tables of the cluster's catalog (sources and two-phase destinations on the spark backend) ---------


def spark_table(schema: str | None, table: str) -> str:
    """The table's name quoted for Spark SQL (backticks, database first when given) after checking both names
    are plain identifiers (``check_identifier``)."""
    for name, what in ((table, "table"), (schema, "schema")):
        try:
            if name is not None:
                check_identifier(name, what=what)
        except IdentifierError as exc:
            raise ConnectorError(str(exc), field=what) from None
    return f"{_quote(schema)}.{_quote(table)}" if schema else _quote(table)


def spark_query_rows(*, connection, sql: str, limit: int, timeout: float):
    """At most ``limit`` rows of ``sql`` (a SELECT generated by Sluice) as a Polars frame, computed by the
    cluster and brought back through Arrow: a dry run's sample of a Spark table, or with ``limit`` 0 its schema
    (the cluster analyses the SELECT: unknown tables and columns are its errors; no row is read)."""
    from pipelines.connectors.arrow import arrow_to_polars

    with spark_session(connection, timeout=timeout) as session:
        table = session.sql(sql).limit(max(0, int(limit))).toArrow()
    return arrow_to_polars(table)


def spark_current_database(session) -> str:
    """The session's current database (the connection's ``database``, else Spark's ``default``)."""
    name = session.catalog.currentDatabase()
    check_identifier(name, what="schema")
    return name


def _exists(session, schema: str, table: str) -> bool:
    return bool(session.catalog.tableExists(spark_table(schema, table)))


def _publish_one(session, receipt) -> bool:
    """Publish one staged table (see ``spark_publish``); False when its staging is gone (done before)."""
    schema = receipt.schema or spark_current_database(session)
    staging = spark_table(schema, receipt.staging_table)
    target = spark_table(schema, receipt.target)
    if not _exists(session, schema, receipt.staging_table):
        return False
    if not _exists(session, schema, receipt.target):
        if not receipt.create_if_missing:
            raise ConnectorError(
                f"Table {receipt.target!r} does not exist and create_if_missing is off.", field="table"
            )
        session.sql(f"ALTER TABLE {staging} RENAME TO {target}")  # one catalog operation: no copy
        return True
    staged = [c.name for c in session.catalog.listColumns(staging)]
    existing = {c.name.lower() for c in session.catalog.listColumns(target)}
    for name in staged:
        check_identifier(name, what="column")
        if name.lower() not in existing:
            raise ConnectorError(
                f"Table {receipt.target!r} has no column {name!r}; add it to the table or drop it from the input.",
                field="table",
            )
    columns = ", ".join(_quote(c) for c in staged)
    verb = "INSERT OVERWRITE TABLE" if receipt.mode == "replace" else "INSERT INTO"
    session.sql(f"{verb} {target} ({columns}) SELECT {columns} FROM {staging}")  # noqa: S608 - names checked, quoted
    session.sql(f"DROP TABLE {staging}")
    return True


def spark_publish(*, connection, receipts: list, timeout: float) -> list[bool]:
    """Publish staged tables of ``connection``'s catalog (``pipelines.connectors.writer.Receipt`` of kind
    ``spark``), in order: a missing target is the staging table renamed (when ``create_if_missing``); an
    existing one gets the staged rows (``INSERT INTO``, or ``INSERT OVERWRITE TABLE`` for ``replace``) and the
    staging is dropped. A receipt whose staging is gone was published (or aborted) before: nothing is done.
    Spark has no transaction across statements: each receipt is published on its own (docs/backends.md)."""
    for receipt in receipts:
        receipt.check()
    with spark_session(connection, timeout=timeout) as session:
        return [_publish_one(session, receipt) for receipt in receipts]


def spark_drop_staging(*, connection, tables: list[tuple[str | None, str]], timeout: float) -> None:
    """``DROP TABLE IF EXISTS`` each ``(database or None: the current one, staging table)``."""
    from pipelines.connectors.writer import STAGE_PREFIX

    for _, name in tables:
        if not name.startswith(STAGE_PREFIX):
            raise ConnectorError(f"{name!r} is not a staging table name.", field="table")
    with spark_session(connection, timeout=timeout) as session:
        for schema, name in tables:
            session.sql(f"DROP TABLE IF EXISTS {spark_table(schema or spark_current_database(session), name)}")
