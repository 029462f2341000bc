"""Connections to the outside: databases (sql, engines, reader, writer, ops) and HTTP APIs (http).

Public entry points:

* ``connection_config_schema(kind)`` — JSON Schema of a kind's ``config`` plus its secret keys.
* ``connection_validate_config(*, kind, config, secrets)`` — Django ValidationError on bad input.
* ``pipelines.connectors.ops.connection_test`` / ``connection_introspect``.
"""

from pipelines.connectors.configs import (
    CONFIG_MODELS,
    DATABASE_KINDS,
    SECRET_KEYS,
    DuckDBConfig,
    MySQLConfig,
    PostgresConfig,
    SQLiteConfig,
    connection_config_schema,
    connection_validate_config,
)

__all__ = [
    "CONFIG_MODELS",
    "DATABASE_KINDS",
    "SECRET_KEYS",
    "DuckDBConfig",
    "MySQLConfig",
    "PostgresConfig",
    "SQLiteConfig",
    "connection_config_schema",
    "connection_validate_config",
]
