"""destination.database: append, replace or upsert into a table of a database Connection, two-phase.

``stage`` loads the frame into ``_sluice_stage_<stage_id>`` beside the target (PostgreSQL: COPY
through ADBC) and returns a JSON receipt; ``commit`` / ``commit_group`` publish receipts of one
connection in a single transaction and drop staging; ``abort`` drops staging. Both are idempotent
and need only the receipt (see ``pipelines.connectors.writer``). Writable kinds: PostgreSQL, SQLite
and DuckDB (MySQL commits DDL implicitly, so it cannot be published atomically).
"""

from __future__ import annotations

from typing import Any, Literal

import polars as pl
from pydantic import ConfigDict, Field, field_validator, model_validator

from pipelines.connectors.catalog import default_schema
from pipelines.connectors.configs import WRITABLE_KINDS
from pipelines.connectors.engines import Database, DuckDBDatabase
from pipelines.connectors.identifiers import IdentifierError, check_identifier
from pipelines.connectors.sessions import open_database
from pipelines.connectors.sql import ConnectorError, statement_timeout
from pipelines.connectors.writer import Receipt, check_frame_columns, commit_receipts, drop_staging, stage_frame
from pipelines.connectors.writer import staging_name as make_staging_name
from pipelines.nodes.base import BuildContext, DestinationType, NodeConfig, NodeError, Port
from pipelines.nodes.checks import CHECKS_FIELD, Checks, checks_validate
from pipelines.nodes.registry import register
from pipelines.nodes.sources.database import SPARK_KIND, resolve_connection
from pipelines.paths import UnsafePathError, resolve_data_path

WRITE_HINT = "MySQL/MariaDB cannot be written to yet: it commits DDL implicitly, so a publish could not be atomic."
SPARK_WRITE_ONLY = "tables of a Spark connection are written on the spark backend"


def _identifier(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    try:
        return check_identifier(value, what=what)
    except IdentifierError as exc:
        raise ValueError(str(exc)) from None


class TableWriteConfig(NodeConfig):
    """Fields every table destination shares."""

    model_config = ConfigDict(**NodeConfig.model_config, validate_by_name=True, serialize_by_alias=True)

    table: str = Field(min_length=1, description="Target table (created from the input's columns if missing).")
    schema_: str | None = Field(None, alias="schema", description="Schema of the table (default: see the type).")
    mode: Literal["append", "replace", "upsert"] = Field(
        "append",
        description="append: add the rows; replace: delete every existing row, then add; upsert: insert new "
        "keys and update existing ones.",
    )
    keys: list[str] = Field(
        default_factory=list, description="Key columns for upsert (the last row of a duplicated key wins)."
    )
    batch_size: int = Field(50_000, ge=100, le=1_000_000, description="Rows loaded per batch while staging.")
    checks: Checks = CHECKS_FIELD

    @field_validator("table")
    @classmethod
    def _table(cls, value: str) -> str:
        return _identifier(value, "table")

    @field_validator("schema_", mode="before")
    @classmethod
    def _schema(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return _identifier(value, "schema") if isinstance(value, str) else value

    @field_validator("keys")
    @classmethod
    def _keys(cls, value: list[str]) -> list[str]:
        for key in value:
            _identifier(key, "key column")
        if len(set(value)) != len(value):
            raise ValueError("key columns must be distinct")
        return value

    @model_validator(mode="after")
    def _upsert_keys(self):
        if self.mode == "upsert" and not self.keys:
            raise ValueError("mode 'upsert' needs 'keys'")
        return self


class DatabaseDestinationConfig(TableWriteConfig):
    connection: str = Field(
        min_length=1,
        description="Slug of a PostgreSQL, SQLite or DuckDB Connection, or, on the spark backend, of the run's "
        "Spark connection (append or replace).",
    )
    create_if_missing: bool = Field(True, description="Create the table from the input's columns if it is missing.")


def node_error(exc: ConnectorError | IdentifierError, default_field: str = "table") -> NodeError:
    if isinstance(exc, ConnectorError):
        return NodeError(exc.message, field=exc.field or default_field, code="database_error")
    return NodeError(str(exc), field=default_field, code="database_error")


class TableDestination(DestinationType):
    """Shared two-phase machinery; subclasses say where the table lives."""

    inputs = (Port("in", description="The rows to write."),)

    # --- where -----------------------------------------------------------------------------
    def receipt_location(self, ctx: BuildContext, config) -> dict[str, Any]:
        """``{"kind", "connection"}`` or ``{"kind": "duckdb", "path"}`` for a new receipt."""
        raise NotImplementedError

    def default_schema(self, db: Database, config) -> str | None:
        if db.dialect == "sqlite":
            return None
        return config.schema_ or default_schema(db)

    create_schema = False

    def open_for(self, ctx: BuildContext, receipt: Receipt) -> Database:
        timeout = ctx.timeout or statement_timeout()
        if receipt.connection:
            connection = resolve_connection(ctx, receipt.connection, kinds=WRITABLE_KINDS)
            return open_database(connection, read_only=False, timeout=timeout)
        try:
            path = resolve_data_path(receipt.path or "")
        except UnsafePathError as exc:
            raise NodeError(str(exc), field="path") from None
        path.parent.mkdir(parents=True, exist_ok=True)
        return DuckDBDatabase(None, timeout=timeout, read_only=False, path=str(path))

    def _spark(self, ctx: BuildContext, slug: str | None, action: str, receipts: list[Receipt]) -> None:
        """Publish (``spark_publish``) or drop (``spark_drop_staging``) staged tables of a Spark connection's
        catalog (receipts of the spark backend: ``pipelines.sqlbackend.spark.SparkRun``)."""
        from pipelines.connectors.spark import spark_drop_staging, spark_publish

        connection = resolve_connection(ctx, slug or "", kinds=(), spark=True)
        timeout = ctx.timeout or statement_timeout()
        try:
            if action == "publish":
                spark_publish(connection=connection, receipts=receipts, timeout=timeout)
            else:
                tables = [(r.schema, r.staging_table) for r in receipts]
                spark_drop_staging(connection=connection, tables=tables, timeout=timeout)
        except (ConnectorError, IdentifierError) as exc:
            raise node_error(exc) from None

    # --- the contract ----------------------------------------------------------------------
    def check_input(self, ctx, config, schema: pl.Schema) -> None:
        checks_validate(config.checks, schema)
        try:
            check_frame_columns(schema, list(config.keys), config.mode)
        except ConnectorError as exc:
            column = None
            if exc.field and exc.field.startswith("keys."):
                column = config.keys[int(exc.field.split(".")[1])]
            raise NodeError(exc.message, field=exc.field, column=column) from None
        if ctx.get_connection is not None:
            self.receipt_location(ctx, config)  # the connection exists, is visible and writable

    def stage(self, ctx, config, frame: pl.LazyFrame) -> dict[str, Any]:
        location = self.receipt_location(ctx, config)
        if location.get("kind") == SPARK_KIND:
            raise NodeError(f"{config.connection!r}: {SPARK_WRITE_ONLY}.", field="connection")
        base = dict(
            target=config.table,
            staging_table=make_staging_name(ctx.stage_id),
            mode=config.mode,
            keys=list(config.keys),
            create_if_missing=getattr(config, "create_if_missing", True),
            **location,
        )
        if ctx.mode != "run":  # dry runs and validation write nothing
            rows = frame.select(pl.len()).collect().item()
            return Receipt(**base, schema=config.schema_, rows=rows, dry_run=True).as_json()
        receipt = Receipt(**base)
        db = self.open_for(ctx, receipt)
        try:
            receipt.schema = self.default_schema(db, config)
            stage_frame(db, receipt, frame, batch_size=config.batch_size, create_schema=self.create_schema)
        except (ConnectorError, IdentifierError) as exc:
            raise node_error(exc) from None
        finally:
            db.rollback()
            db.close()
        ctx.report["rows_staged"] = receipt.rows
        return receipt.as_json()

    def commit(self, ctx, config, receipt: dict[str, Any]) -> None:
        self.commit_group(ctx, [(config, receipt)])

    def commit_group(self, ctx, items: list[tuple[NodeConfig, dict[str, Any]]]) -> None:
        """Publish receipts in one transaction per database (all of a group share one)."""
        groups: dict[tuple, list[Receipt]] = {}
        for _config, raw in items:
            try:
                receipt = Receipt.from_json(raw)
            except (IdentifierError, TypeError) as exc:
                raise NodeError(f"Invalid receipt: {exc}", field="table") from None
            if receipt.dry_run:
                continue
            groups.setdefault((receipt.connection, receipt.path), []).append(receipt)
        for receipts in groups.values():
            if receipts[0].kind == SPARK_KIND:
                self._spark(ctx, receipts[0].connection, "publish", receipts)
                continue
            db = self.open_for(ctx, receipts[0])
            try:
                commit_receipts(db, receipts)
            except (ConnectorError, IdentifierError) as exc:
                raise node_error(exc) from None
            finally:
                db.close()

    def discard(self, ctx, config) -> None:
        """Drop the staging table an attempt under ``ctx.stage_id`` committed but never recorded (a worker
        killed between staging and its step's success)."""
        if not ctx.stage_id or ctx.mode != "run":
            return
        receipt = Receipt(
            target=config.table, staging_table=make_staging_name(ctx.stage_id), **self.receipt_location(ctx, config)
        )
        if receipt.kind == SPARK_KIND:
            receipt.schema = config.schema_
            receipt.check()
            self._spark(ctx, receipt.connection, "drop", [receipt])
            return
        db = self.open_for(ctx, receipt)
        try:
            receipt.schema = self.default_schema(db, config)
            receipt.check()
            drop_staging(db, receipt)
        except (ConnectorError, IdentifierError) as exc:
            raise node_error(exc) from None
        finally:
            db.close()

    def abort(self, ctx, config, receipt: dict[str, Any]) -> None:
        try:
            parsed = Receipt.from_json(receipt)
        except (IdentifierError, TypeError) as exc:
            raise NodeError(f"Invalid receipt: {exc}", field="table") from None
        if parsed.dry_run:
            return
        if parsed.kind == SPARK_KIND:
            self._spark(ctx, parsed.connection, "drop", [parsed])
            return
        db = self.open_for(ctx, parsed)
        try:
            drop_staging(db, parsed)
        except ConnectorError as exc:
            raise node_error(exc) from None
        finally:
            db.close()


@register
class DatabaseDestination(TableDestination):
    key = "destination.database"

    def compile_sql(self, ctx, config, inputs):
        from pipelines.nodes.sqlcompile import SqlOutput, ordered_write, refuse

        if ctx.connection != config.connection:
            raise refuse(self, "it writes another connection than the graph's SQL target", field="connection")
        if ctx.dialect == "spark" and config.mode == "upsert":
            raise refuse(self, "on Spark a table is written in append or replace mode, not upsert", field="mode")
        self.check_input(ctx.build, config, inputs["in"].schema)
        return {"in": SqlOutput(ordered_write(inputs["in"], ctx.dialect))}

    title = "Database table"
    description = (
        "Writes rows into a table of a PostgreSQL, SQLite or DuckDB Connection: append, replace (delete "
        "then insert) or upsert on key columns. Rows are staged first and published in one transaction "
        "when the whole run succeeded; a failed run leaves the table untouched. On the spark backend it writes a "
        "table of the run's Spark connection (append or replace; staged by the cluster, published on commit)."
    )
    icon = "database-down"
    Config = DatabaseDestinationConfig
    example = {"connection": "warehouse", "table": "orders", "mode": "upsert", "keys": ["id"]}

    def parse_config(self, raw: dict[str, Any]) -> DatabaseDestinationConfig:
        return DatabaseDestinationConfig.model_validate(raw)

    def receipt_location(self, ctx, config) -> dict[str, Any]:
        connection = resolve_connection(ctx, config.connection, kinds=WRITABLE_KINDS, hint=WRITE_HINT, spark=True)
        return {"kind": connection.kind, "connection": connection.slug}

    def group_key(self, config) -> str:
        return config.connection
