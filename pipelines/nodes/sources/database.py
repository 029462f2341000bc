"""source.database: a table (columns, condition) or a read-only query from a database Connection.

Reads run in a read-only transaction with a statement timeout (see
``pipelines.connectors.reader``). ``where`` and ``query`` are SQL executed by the database with
the connection's own privileges: they are checked to be a single read-only SELECT, and the
read-only transaction makes the database enforce it as well, but functions a SELECT may call
(``pg_sleep``, ``dblink``...) are only as limited as the connection's role. Give pipelines a role
that may read only what they need.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from pydantic import ConfigDict, Field, field_validator, model_validator
from sqlglot import exp

from pipelines.connectors.configs import DATABASE_KINDS
from pipelines.connectors.reader import ReadSpec, check_spec_identifiers, database_read
from pipelines.connectors.sql import ConnectorError, statement_timeout
from pipelines.nodes.base import BuildContext, NodeConfig, NodeError, NodeType, Port
from pipelines.nodes.registry import register


class DatabaseSourceConfig(NodeConfig):
    model_config = ConfigDict(**NodeConfig.model_config, validate_by_name=True, serialize_by_alias=True)

    connection: str = Field(
        min_length=1,
        description="Slug of a database Connection (PostgreSQL, MySQL/MariaDB, SQLite or DuckDB), or, on the spark "
        "backend, of the run's Spark connection (a table of its catalog).",
    )
    table: str | None = Field(
        None, description="Table or view to read. Give either a table or a query.", examples=["orders"]
    )
    schema_: str | None = Field(
        None, alias="schema", description="Schema of the table (default: the connection's default schema)."
    )
    columns: list[str] | None = Field(
        None, description="Columns to read, in this order (default: all).", examples=[["id", "amount"]]
    )
    where: str | None = Field(
        None,
        description="SQL boolean condition on the table, run by the database with the connection's privileges "
        "(e.g. \"status = 'paid' AND created_at > now() - interval '1 day'\").",
    )
    query: str | None = Field(
        None, description="A single read-only SELECT (or WITH ... SELECT) statement, instead of a table."
    )
    limit: int | None = Field(None, ge=0, description="Read at most this many rows (default: all).")
    batch_size: int = Field(50_000, ge=100, le=1_000_000, description="Rows fetched per round trip.")

    @field_validator("table", "schema_", "where", "query", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _table_or_query(self) -> DatabaseSourceConfig:
        if bool(self.table) == bool(self.query):
            raise ValueError("give exactly one of 'table' or 'query'")
        if self.query and (self.columns or self.where or self.schema_):
            raise ValueError("'columns', 'where' and 'schema' apply to a table; put them in the query instead")
        return self

    def spec(self, limit: int | None) -> ReadSpec:
        return ReadSpec(
            table=self.table,
            schema=self.schema_,
            columns=tuple(self.columns) if self.columns else None,
            where=self.where,
            query=self.query,
            limit=limit,
            batch_size=self.batch_size,
        )


def resolve_connection(
    ctx: BuildContext, slug: str, *, kinds: tuple[str, ...] = DATABASE_KINDS, hint: str = "", spark: bool = False
):
    """The Connection ``slug`` via the context, or NodeError on field ``connection``; with ``spark``, a Spark
    connection too (its tables are read and written on the spark backend)."""
    try:
        connection = ctx.connection(slug)
    except NodeError as exc:
        exc.field = exc.field or "connection"
        raise
    except Exception as exc:
        raise NodeError(f"No connection {slug!r}: {exc}", field="connection") from None
    if connection is None:
        raise NodeError(f"No connection {slug!r}.", field="connection")
    if connection.kind not in kinds and not (spark and connection.kind == SPARK_KIND):
        raise NodeError(
            f"Connection {slug!r} is a {connection.kind} connection; this node needs one of {', '.join(kinds)}."
            + (f" {hint}" if hint else ""),
            field="connection",
        )
    return connection


SPARK_KIND = "spark"
SPARK_ONLY = "tables of a Spark connection are read on the spark backend"


def spark_condition(where: str) -> exp.Expression:
    """A source's ``where`` on Spark: one boolean expression parsed in Spark's dialect and regenerated from
    its tree (never pasted as text), checked as ``check_condition`` checks it on a database (nothing that
    writes), and more narrowly, since the cluster runs it with its own file-system and JVM rights: no
    subquery or table (Spark reads files named as tables, ``parquet.`/path```), and only functions sqlglot
    knows (an unknown name, such as ``reflect`` or ``java_method``, could call into the JVM). NodeError on
    field ``where``."""
    import sqlglot
    from sqlglot.errors import ParseError, TokenError

    from pipelines.connectors.statements import FORBIDDEN

    if "\x00" in where:
        raise NodeError("The condition contains a NUL character.", field="where", code="database_error")
    try:
        tree = sqlglot.parse_one(where, read="spark", into=exp.Condition)
    except (ParseError, TokenError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise NodeError(
            f"The condition is not a single SQL boolean expression: {first[:300]}", field="where", code="database_error"
        ) from None
    refused = (*FORBIDDEN, exp.Query, exp.Subquery, exp.Table, exp.Exists, exp.Anonymous, exp.Placeholder)
    for node in tree.walk():
        if isinstance(node, refused):
            what = node.name if isinstance(node, exp.Anonymous) else type(node).__name__.upper()
            raise NodeError(
                f"On Spark the condition may use the table's columns, literals, operators and known functions "
                f"only; it contains {what!s:.60}.",
                field="where",
                code="database_error",
            )
    return tree


def spark_select(config: DatabaseSourceConfig) -> exp.Select:
    """``SELECT <columns or *> FROM `db`.`table` [WHERE <condition>] [LIMIT n]`` of a source on a Spark
    connection, built as a tree (every name checked and quoted). A query is refused by name on Spark."""
    from pipelines.nodes.sqlcompile import ident

    if config.query:
        raise NodeError(
            "On Spark a database source reads a table (table, schema, columns, where); a query is not run there.",
            field="query",
            code="no_sql_form",
        )
    try:
        check_spec_identifiers(config.spec(config.limit))
    except ConnectorError as exc:
        raise node_error(exc, "table") from None
    table = exp.Table(this=ident(config.table or ""), db=ident(config.schema_) if config.schema_ else None)
    columns = [exp.column(ident(c)) for c in config.columns] if config.columns else [exp.Star()]
    select = exp.select(*columns).from_(table)
    if config.where:
        select = select.where(spark_condition(config.where))
    if config.limit is not None:
        select = select.limit(exp.Literal.number(config.limit))
    return select


def spark_source_schema(ctx: BuildContext, config: DatabaseSourceConfig, connection) -> pl.Schema:
    """The output schema of a source on a Spark connection, from the cluster: its SELECT analysed there, no row
    read (a sample of none, ``spark_source_sample``)."""
    return spark_source_sample(ctx, config, connection, 0).schema


SPARK_SAMPLE_ROWS = 10_000  # the most rows a dry run brings back from a Spark table


def spark_source_sample(ctx: BuildContext, config: DatabaseSourceConfig, connection, limit: int | None) -> pl.DataFrame:
    """A dry run's rows of a source on a Spark connection: the same checked SELECT as the spark backend runs,
    at most ``limit`` rows (and never more than SPARK_SAMPLE_ROWS: a dry run is a sample, not a copy)."""
    from pipelines.connectors.spark import spark_query_rows
    from pipelines.nodes.sqlcompile import generate

    rows = SPARK_SAMPLE_ROWS if limit is None else min(limit, SPARK_SAMPLE_ROWS)
    sql = generate(spark_select(config), "spark")
    try:
        return spark_query_rows(connection=connection, sql=sql, limit=rows, timeout=ctx.timeout or statement_timeout())
    except ConnectorError as exc:
        raise NodeError(exc.message, field="table", code="database_error") from None


def node_error(exc: ConnectorError, default_field: str) -> NodeError:
    return NodeError(exc.message, field=exc.field or default_field, code="database_error")


def _rows_frame(rows: list[dict[str, Any]], config: DatabaseSourceConfig) -> pl.DataFrame:
    frame = pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame()
    if config.columns:
        missing = [c for c in config.columns if c not in frame.columns]
        if missing and rows:
            raise NodeError(f"Injected rows lack the column {missing[0]!r}.", field="columns", column=missing[0])
        frame = frame.select([c for c in config.columns if c in frame.columns])
    return frame


@register
class DatabaseSource(NodeType):
    key = "source.database"
    family = "source"
    title = "Database"
    description = (
        "Reads a table (optionally some columns and a WHERE condition) or a read-only SELECT query from a "
        "PostgreSQL, MySQL/MariaDB, SQLite or DuckDB Connection. Runs in a read-only transaction with a "
        "statement timeout; the condition and the query are executed by the database with the connection's "
        "privileges. On the spark backend it reads a table of the run's Spark connection (no query)."
    )
    icon = "database"
    inputs = ()
    outputs = (Port("out", description="The rows read."),)
    Config = DatabaseSourceConfig
    example = {"connection": "warehouse", "table": "orders", "columns": ["id", "amount"], "where": "amount > 0"}

    def parse_config(self, raw: dict[str, Any]) -> DatabaseSourceConfig:
        return DatabaseSourceConfig.model_validate(raw)

    def _read(self, ctx: BuildContext, config: DatabaseSourceConfig, *, limit: int | None, metadata_only: bool):
        try:
            check_spec_identifiers(config.spec(limit))
        except ConnectorError as exc:
            raise node_error(exc, "table") from None
        connection = resolve_connection(ctx, config.connection, spark=True)
        if connection.kind == SPARK_KIND:
            raise NodeError(f"{config.connection!r}: {SPARK_ONLY}.", field="connection")
        timeout = ctx.timeout or statement_timeout()
        try:
            return database_read(
                connection=connection, spec=config.spec(limit), timeout=timeout, metadata_only=metadata_only
            )
        except ConnectorError as exc:
            raise node_error(exc, "table" if config.table else "query") from None

    def compile_sql(self, ctx, config: DatabaseSourceConfig, inputs):
        """The table (columns, where) or the query on the target connection, as the reader builds it and
        checked as it checks it (one read-only SELECT), parsed into a subquery, never pasted as text."""
        from pipelines.connectors.reader import build_query_sql, build_table_sql
        from pipelines.connectors.sessions import session
        from pipelines.connectors.statements import SQLGLOT_DIALECTS, UnsafeStatement, check_select
        from pipelines.nodes.sqlcompile import SqlOutput, col, refuse, select_from, typed_select

        if ctx.connection != config.connection:
            raise refuse(self, "it reads another connection than the graph's SQL target", field="connection")
        if ctx.dialect == "spark":  # a table of the Spark connection's catalog
            resolve_connection(ctx.build, config.connection, kinds=(), spark=True)
            schema = ctx.output_schemas["out"]
            base = select_from(spark_select(config), *(col(c) for c in schema.names()))
            return {"out": SqlOutput(typed_select(base, {c: col(c) for c in schema.names()}, schema))}
        try:
            check_spec_identifiers(config.spec(config.limit))
        except ConnectorError as exc:
            raise node_error(exc, "table") from None
        connection = resolve_connection(ctx.build, config.connection, kinds=("postgresql", "duckdb"))
        spec = config.spec(config.limit)
        try:
            with session(connection, read_only=True, timeout=ctx.build.timeout or statement_timeout()) as db:
                sql = build_table_sql(db, spec) if spec.table else build_query_sql(db, spec)
                tree = check_select(sql, db.dialect)
                dialect = SQLGLOT_DIALECTS[db.dialect]
        except ConnectorError as exc:
            raise node_error(exc, "table" if config.table else "query") from None
        except UnsafeStatement as exc:
            raise NodeError(str(exc), field="query" if config.query else "where", code="database_error") from None
        if dialect != ctx.dialect:
            raise refuse(self, f"its connection speaks {dialect}, the target {ctx.dialect}", field="connection")
        if config.limit is not None:
            tree = select_from(tree, exp.Star()).limit(exp.Literal.number(config.limit))
        schema = ctx.output_schemas["out"]
        base = select_from(tree, *(col(c) for c in schema.names()))
        return {"out": SqlOutput(typed_select(base, {c: col(c) for c in schema.names()}, schema))}

    def output_schema(self, ctx, config, inputs):
        connection = resolve_connection(ctx, config.connection, spark=True)
        if connection.kind == SPARK_KIND:  # read on the spark backend (validation refuses it on the others)
            return {"out": spark_source_schema(ctx, config, connection)}
        frame = self._read(ctx, config, limit=0, metadata_only=True)
        return {"out": frame.schema}

    def build(self, ctx, config, inputs):
        if ctx.injected_rows is not None:
            return {"out": _rows_frame(list(ctx.injected_rows), config).lazy()}
        if ctx.mode == "schema":
            return {"out": self._read(ctx, config, limit=0, metadata_only=True).lazy()}
        limit = config.limit
        if ctx.mode == "dry_run" and ctx.sample_rows is not None:
            limit = ctx.sample_rows if limit is None else min(limit, ctx.sample_rows)
        if ctx.mode == "dry_run":
            connection = resolve_connection(ctx, config.connection, spark=True)
            if connection.kind == SPARK_KIND:  # a sample of a Spark table: the cluster computes it, Arrow brings it
                frame = spark_source_sample(ctx, config, connection, limit)
                ctx.report["rows_read"] = frame.height
                return {"out": frame.lazy()}
        frame = self._read(ctx, config, limit=limit, metadata_only=False)
        ctx.report["rows_read"] = frame.height
        return {"out": frame.lazy()}
