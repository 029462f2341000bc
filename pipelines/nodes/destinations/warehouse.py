"""destination.warehouse: a table in a DuckDB file under DATA_ROOT (default ``warehouse.duckdb``)
or in a schema of a PostgreSQL Connection, two-phase like destination.database (same code path:
``pipelines.connectors.writer``). The schema is created when missing.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from pipelines.connectors.catalog import default_schema
from pipelines.connectors.engines import Database
from pipelines.nodes.destinations.database import TableDestination, TableWriteConfig
from pipelines.nodes.registry import register
from pipelines.nodes.sources.database import resolve_connection
from pipelines.paths import UnsafePathError, resolve_data_path

DEFAULT_WAREHOUSE = "warehouse.duckdb"


class WarehouseDestinationConfig(TableWriteConfig):
    path: str | None = Field(
        None,
        description=f"DuckDB file relative to the data root (default {DEFAULT_WAREHOUSE!r}). "
        "Leave empty when writing to a PostgreSQL connection.",
    )
    connection: str | None = Field(
        None, description="Slug of a PostgreSQL Connection to write into instead of the DuckDB file."
    )

    @field_validator("path", "connection", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("path")
    @classmethod
    def _path(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                resolve_data_path(value)
            except UnsafePathError as exc:
                raise ValueError(str(exc)) from None
        return value

    @model_validator(mode="after")
    def _one_place(self):
        if self.path and self.connection:
            raise ValueError("give either 'path' (DuckDB) or 'connection' (PostgreSQL), not both")
        return self

    @property
    def duckdb_path(self) -> str:
        return self.path or DEFAULT_WAREHOUSE


@register
class WarehouseDestination(TableDestination):
    key = "destination.warehouse"
    title = "Warehouse table"
    description = (
        "Writes rows into an analytical table: a DuckDB file under the data root (default warehouse.duckdb) "
        "or a schema of a PostgreSQL Connection (created if missing). append, replace or upsert; published in "
        "one transaction when the whole run succeeded."
    )
    icon = "boxes"
    Config = WarehouseDestinationConfig
    example = {"table": "daily_sales", "schema": "analytics", "mode": "replace"}
    create_schema = True

    def parse_config(self, raw: dict[str, Any]) -> WarehouseDestinationConfig:
        return WarehouseDestinationConfig.model_validate(raw)

    def receipt_location(self, ctx, config) -> dict[str, Any]:
        if config.connection:
            connection = resolve_connection(ctx, config.connection, kinds=("postgresql",))
            return {"kind": "postgresql", "connection": connection.slug}
        return {"kind": "duckdb", "path": config.duckdb_path}

    def default_schema(self, db: Database, config) -> str | None:
        if config.schema_:
            return config.schema_
        return "main" if db.dialect == "duckdb" else (default_schema(db) or "public")

    def group_key(self, config) -> str:
        return f"connection:{config.connection}" if config.connection else f"duckdb:{config.duckdb_path}"
