"""What a database Connection's ``config`` and secrets hold, one pydantic model per kind.

=============  ===================================================================  ============
kind           config keys                                                           secrets
=============  ===================================================================  ============
postgresql     host, port (5432), database, user, sslmode (optional),               password
               schema (default search schema, optional)
mysql          host, port (3306), database, user                                     password
sqlite         path (a file relative to DATA_ROOT)                                   (none)
duckdb         path (a file relative to DATA_ROOT)                                   (none)
http           see ``pipelines.connectors.http.HttpConnectionConfig``                token, ...
git            username (HTTPS, default x-access-token)                              private_key, token
spark          see ``pipelines.connectors.spark_config.SparkConnectionConfig`` (url   token
               sc://host:port, use_ssl, database, settings, allow_private_network)
=============  ===================================================================  ============

MySQL/MariaDB connections are read by ``source.database`` and can be tested and introspected;
they cannot be the target of ``destination.database`` (MySQL commits DDL implicitly, so the
two-phase publish cannot be atomic there).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipelines.connectors.identifiers import IdentifierError, check_identifier
from pipelines.paths import UnsafePathError, resolve_data_path

# Host names and addresses: letters, digits, dots, dashes, colons (IPv6), underscores. No spaces,
# no URL syntax, no libpq keyword injection.
_HOST_RE = re.compile(r"^[A-Za-z0-9_.:\-\[\]]{1,253}$")
# Database and user names: printable, no whitespace or quoting characters that could break a DSN.
_NAME_RE = re.compile(r"^[^\s'\"\\/@?#&=%\x00-\x1f]{1,63}$")


class _ConnConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _check_host(value: str) -> str:
    if not _HOST_RE.match(value):
        raise ValueError("must be a host name or IP address (letters, digits, '.', '-', ':'), without spaces or URLs")
    return value


def _check_name(value: str) -> str:
    if not _NAME_RE.match(value):
        raise ValueError("must be 1-63 characters without spaces, quotes, '/', '@', '?', '#', '&', '=' or '%'")
    return value


def _check_relative_path(value: str) -> str:
    try:
        resolve_data_path(value)
    except UnsafePathError as exc:
        raise ValueError(str(exc)) from None
    return value


Host = Annotated[str, AfterValidator(_check_host)]
Name = Annotated[str, AfterValidator(_check_name)]
RelativePath = Annotated[str, AfterValidator(_check_relative_path)]


class PostgresConfig(_ConnConfig):
    """A PostgreSQL server. The password is the connection secret ``password`` (optional with trust auth)."""

    host: Host = Field(description="Server host name or IP address.")
    port: int = Field(5432, ge=1, le=65535, description="Server port.")
    database: Name = Field(description="Database name.")
    user: Name = Field(description="Role to log in as. Its privileges bound what pipelines can read and write.")
    sslmode: Literal["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] | None = Field(
        None, description="libpq sslmode (optional; libpq's default is 'prefer')."
    )
    schema_: str | None = Field(
        None, alias="schema", description="Default schema for tables named without one (default: public)."
    )

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_by_name=True, serialize_by_alias=True)

    @field_validator("schema_")
    @classmethod
    def _schema(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        try:
            return check_identifier(value, what="schema")
        except IdentifierError as exc:
            raise ValueError(str(exc)) from None


class MySQLConfig(_ConnConfig):
    """A MySQL or MariaDB server. The password is the connection secret ``password``."""

    host: Host = Field(description="Server host name or IP address.")
    port: int = Field(3306, ge=1, le=65535, description="Server port.")
    database: Name = Field(description="Database (schema) name.")
    user: Name = Field(description="User to log in as.")


class SQLiteConfig(_ConnConfig):
    """A SQLite database file inside DATA_ROOT."""

    path: RelativePath = Field(description="Database file, relative to the data root (e.g. 'db/app.sqlite').")


class DuckDBConfig(_ConnConfig):
    """A DuckDB database file inside DATA_ROOT."""

    path: RelativePath = Field(description="Database file, relative to the data root (e.g. 'warehouse.duckdb').")


CONFIG_MODELS: dict[str, type[BaseModel]] = {
    "postgresql": PostgresConfig,
    "mysql": MySQLConfig,
    "sqlite": SQLiteConfig,
    "duckdb": DuckDBConfig,
}
SECRET_KEYS: dict[str, tuple[str, ...]] = {
    "postgresql": ("password",),
    "mysql": ("password",),
    "sqlite": (),
    "duckdb": (),
}
DATABASE_KINDS = tuple(CONFIG_MODELS)


class GitConnectionConfig(_ConnConfig):
    """Credentials of a git repository (gitsync): a deploy key (SSH) or a token (HTTPS), both secrets."""

    username: str = Field(
        default="x-access-token",
        pattern=r"^[A-Za-z0-9_.@\-]{1,100}$",
        description="User name sent with the token over HTTPS (GitHub: x-access-token, GitLab: oauth2).",
    )


GIT_SECRET_KEYS = ("private_key", "token")
# Kinds destination.database can write to (two-phase, with transactional DDL).
WRITABLE_KINDS = ("postgresql", "sqlite", "duckdb")


def _pydantic_errors(exc: ValidationError) -> list[str]:
    messages = []
    for error in exc.errors():
        loc = ".".join(str(p) for p in error["loc"]) or "config"
        msg = error["msg"].removeprefix("Value error, ")
        messages.append(f"{loc}: {msg}")
    return messages


def parse_connection_config(kind: str, config: dict[str, Any]) -> BaseModel:
    """The typed config of a database connection; ValueError with a readable message otherwise."""
    model = CONFIG_MODELS.get(kind)
    if model is None:
        raise ValueError(f"{kind!r} is not a database connection kind (one of {', '.join(DATABASE_KINDS)}).")
    try:
        return model.model_validate(config or {})
    except ValidationError as exc:
        raise ValueError("; ".join(_pydantic_errors(exc))) from None


def connection_config_schema(kind: str) -> dict[str, Any]:
    """``{"kind", "config_schema": JSON Schema of config, "secrets": [secret keys]}`` for a form per kind."""
    if kind == "git":
        return {
            "kind": kind,
            "config_schema": GitConnectionConfig.model_json_schema(),
            "secrets": list(GIT_SECRET_KEYS),
        }
    if kind == "spark":
        from pipelines.connectors.spark_config import SPARK_SECRET_KEYS, SparkConnectionConfig

        return {
            "kind": kind,
            "config_schema": SparkConnectionConfig.model_json_schema(),
            "secrets": list(SPARK_SECRET_KEYS),
        }
    if kind == "http":
        from pipelines.connectors.http import HTTP_SECRET_KEYS, HttpConnectionConfig

        return {
            "kind": kind,
            "config_schema": HttpConnectionConfig.model_json_schema(),
            "secrets": list(HTTP_SECRET_KEYS),
        }
    model = CONFIG_MODELS.get(kind)
    if model is None:
        raise ValueError(f"Unknown connection kind {kind!r}.")
    return {"kind": kind, "config_schema": model.model_json_schema(), "secrets": list(SECRET_KEYS[kind])}


def connection_validate_config(*, kind: str, config: dict[str, Any], secrets: dict[str, Any]) -> None:
    """Raise ``django.core.exceptions.ValidationError({"config": [...], "secrets": [...]})`` when the
    config or secrets of a connection of ``kind`` are not usable. Used by the API on create/update."""
    if kind == "http":
        from pipelines.connectors.http import http_config_validate

        try:
            http_config_validate(config=config or {}, secrets=secrets or {})
        except ValueError as exc:
            raise DjangoValidationError({"config": [str(exc)]}) from None
        return
    if kind == "spark":
        from pipelines.connectors.spark_config import spark_config_validate

        try:
            spark_config_validate(config=config, secrets=secrets or {})
        except ValueError as exc:
            raise DjangoValidationError({"config": [str(exc)]}) from None
        return
    if kind == "git":
        _validate(GitConnectionConfig, GIT_SECRET_KEYS, kind=kind, config=config, secrets=secrets)
        return
    if kind not in CONFIG_MODELS:
        raise DjangoValidationError({"kind": [f"Unknown connection kind {kind!r}."]})
    _validate(CONFIG_MODELS[kind], SECRET_KEYS[kind], kind=kind, config=config, secrets=secrets)


def _validate(model: type[BaseModel], secret_keys: tuple[str, ...], *, kind: str, config: Any, secrets: Any) -> None:
    errors: dict[str, list[str]] = {}
    if not isinstance(config, dict):
        errors["config"] = ["must be an object"]
    else:
        try:
            model.model_validate(config)
        except ValidationError as exc:
            errors["config"] = _pydantic_errors(exc)
    unknown = sorted(set(secrets or {}) - set(secret_keys))
    if unknown:
        allowed = ", ".join(secret_keys) or "no secrets"
        errors["secrets"] = [f"Unknown secrets {unknown}; a {kind} connection takes {allowed}."]
    for key, value in (secrets or {}).items():
        if key in secret_keys and value is not None and not isinstance(value, str):
            errors.setdefault("secrets", []).append(f"{key}: must be a string")
    if errors:
        raise DjangoValidationError(errors)
