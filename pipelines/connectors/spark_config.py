"""The config of a spark connection (``pipelines.connectors.spark``): a Spark Connect URL (``sc://``) or a
standalone master URL (``spark://``, whose driver Sluice runs on the worker's host: spark_driver.py), TLS, a
default database, session settings and (for a master) driver settings from allowlists, the SSRF guard's
switch; its secret is ``token`` (Spark Connect only). No I/O here: configs.py validates with it, spark.py
connects with it."""

from __future__ import annotations

import contextlib
import ipaddress
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipelines.connectors.identifiers import IdentifierError, check_identifier

SPARK_SECRET_KEYS = ("token",)
DEFAULT_PORT = 15002
DEFAULT_MASTER_PORT = 7077
MAX_SETTINGS = 32

_HOSTNAME = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*"
_URL_RE = re.compile(rf"^sc://(?P<host>{_HOSTNAME}|\[[0-9A-Fa-f:.]{{2,45}}\])(?::(?P<port>[0-9]{{1,5}}))?/?$")
_MASTER_RE = re.compile(rf"^spark://(?P<host>{_HOSTNAME}|\[[0-9A-Fa-f:.]{{2,45}}\])(?::(?P<port>[0-9]{{1,5}}))?/?$")
_MEMORY_RE = re.compile(r"^([0-9]{1,7})([mg])$", re.IGNORECASE)
_SIZE_RE = re.compile(r"^(-1|[0-9]{1,15}(b|k|kb|m|mb|g|gb)?)$", re.IGNORECASE)
_TIMEZONE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$|^[+\-][0-9]{2}:[0-9]{2}$")


def _bool(value: str) -> str:
    if value.lower() not in ("true", "false"):
        raise ValueError("must be true or false")
    return value.lower()


def _int_between(low: int, high: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        try:
            number = int(value)
        except ValueError:
            raise ValueError(f"must be a whole number from {low} to {high}") from None
        if not low <= number <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return str(number)

    return check


def _size(value: str) -> str:
    if not _SIZE_RE.match(value):
        raise ValueError("must be a byte size such as 10485760, 64m or 1g (or -1 to turn it off)")
    return value.lower()


def _timezone(value: str) -> str:
    if not _TIMEZONE_RE.match(value):
        raise ValueError("must be a time zone name such as UTC or Europe/Paris, or an offset such as +02:00")
    return value


def _one_of(*choices: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value.upper() not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return value.upper()

    return check


def _memory(value: str) -> str:
    match = _MEMORY_RE.match(value)
    if match is None:
        raise ValueError("must be a JVM memory size such as 512m or 2g")
    megabytes = int(match.group(1)) * (1024 if match.group(2).lower() == "g" else 1)
    if not 256 <= megabytes <= 256 * 1024:
        raise ValueError("must be from 256m to 256g")
    return value.lower()


# Settings of the driver Sluice starts for a standalone master (spark://), fixed when it starts: the only
# Spark settings of that JVM a connection may choose (nothing that loads code, reaches file systems with
# credentials or opens ports).
DRIVER_SETTINGS: dict[str, Callable[[str], str]] = {
    "spark.driver.memory": _memory,
    "spark.executor.memory": _memory,
    "spark.executor.cores": _int_between(1, 256),
    "spark.cores.max": _int_between(1, 100_000),
}

# Runtime SQL settings a connection may set on its sessions, with the check of each value.
ALLOWED_SETTINGS: dict[str, Callable[[str], str]] = {
    "spark.sql.shuffle.partitions": _int_between(1, 100_000),
    "spark.sql.session.timeZone": _timezone,
    "spark.sql.ansi.enabled": _bool,
    "spark.sql.caseSensitive": _bool,
    "spark.sql.adaptive.enabled": _bool,
    "spark.sql.adaptive.coalescePartitions.enabled": _bool,
    "spark.sql.adaptive.skewJoin.enabled": _bool,
    "spark.sql.autoBroadcastJoinThreshold": _size,
    "spark.sql.files.maxPartitionBytes": _size,
    "spark.sql.execution.arrow.maxRecordsPerBatch": _int_between(1, 10_000_000),
    "spark.sql.legacy.timeParserPolicy": _one_of("EXCEPTION", "CORRECTED", "LEGACY"),
}


def is_master_url(url: str) -> bool:
    """Whether ``url`` names a standalone master (``spark://``) rather than a Spark Connect server."""
    return isinstance(url, str) and url[:8].lower() == "spark://"


def parse_spark_url(url: str) -> tuple[str, int]:
    """``(host, port)`` of a Spark Connect URL (``sc://host:port``) or a standalone master URL
    (``spark://host:port``); ValueError naming what is wrong with anything else."""
    if not isinstance(url, str) or not url:
        raise ValueError(
            "is required: a Spark Connect URL such as sc://spark.example.com:15002 or a standalone master URL "
            "such as spark://spark-master.example.com:7077"
        )
    if len(url) > 300:
        raise ValueError("is longer than 300 characters")
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in ("sc", "spark"):
        raise ValueError(
            "must be a Spark Connect URL sc://host:port or a standalone master URL spark://host:port "
            f"(got scheme {scheme[:20] or 'none'!r}; local[*], yarn and k8s:// masters are not supported)"
        )
    rest = url[len(scheme) + 3 :]
    if "@" in rest:
        raise ValueError("must not carry credentials (user@host); put the token in the connection's secrets")
    if ";" in rest or "?" in rest or "#" in rest:
        raise ValueError(
            "must not carry parameters (;token=..., ;use_ssl=..., ?...): use the connection's settings and "
            "its token secret"
        )
    if "," in rest:
        raise ValueError("must name one master (no comma-separated list of masters)")
    match = (_MASTER_RE if scheme == "spark" else _URL_RE).fullmatch(url)
    if match is None:
        raise ValueError(f"must be {scheme}://host or {scheme}://host:port with a host name or IP address and no path")
    host = match.group("host")
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise ValueError(f"has an invalid IPv6 address {host!r}") from None
    default = DEFAULT_MASTER_PORT if scheme == "spark" else DEFAULT_PORT
    port = int(match.group("port")) if match.group("port") else default
    if not 1 <= port <= 65535:
        raise ValueError("has a port outside 1-65535")
    return host.strip("[]"), port


def _checked_settings(value: dict[str, Any], allowed: dict[str, Callable[[str], str]], *, what: str) -> dict[str, str]:
    """``value``'s settings, each one of ``allowed`` and its value checked (normalised text)."""
    if len(value) > MAX_SETTINGS:
        raise ValueError(f"at most {MAX_SETTINGS} settings")
    clean: dict[str, str] = {}
    for key, raw in value.items():
        check = allowed.get(key)
        if check is None:
            raise ValueError(f"{key[:80]!r} is not a {what} a connection may set (one of {', '.join(sorted(allowed))})")
        text = ("true" if raw else "false") if isinstance(raw, bool) else str(raw).strip()
        try:
            clean[key] = check(text)
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None
    return clean


class SparkConnectionConfig(BaseModel):
    """A Spark Connect server (``sc://``; the optional bearer token is the connection secret ``token``) or
    a standalone master (``spark://``: Sluice runs the driver on the worker's host, spark_driver.py)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    url: str = Field(
        description="Spark Connect server, sc://host:port (port 15002 when omitted), or a standalone master, "
        "spark://host:port (port 7077 when omitted): Sluice then runs the Spark driver itself on the worker's "
        "host, attached to that master.",
        max_length=300,
    )
    use_ssl: bool = Field(False, description="Connect over TLS (required to send a token to a non-loopback host).")
    database: str | None = Field(None, description="Default database of the sessions (optional).")
    settings: dict[str, str | int | bool] = Field(
        default_factory=dict,
        description="Session settings from an allowlist: " + ", ".join(sorted(ALLOWED_SETTINGS)) + ".",
    )
    driver_settings: dict[str, str | int | bool] = Field(
        default_factory=dict,
        description="With a spark:// master only: settings of the driver Sluice starts, from an allowlist: "
        + ", ".join(sorted(DRIVER_SETTINGS))
        + ".",
    )
    allow_private_network: bool = Field(
        False,
        description="Allow a loopback or private-network host (the SSRF guard of HTTP connections; admins only).",
    )

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        from pipelines.netguard import ALWAYS_BLOCKED_HOSTNAMES, blocked_reason

        host, _port = parse_spark_url(value)
        literal = None
        with contextlib.suppress(ValueError):
            literal = ipaddress.ip_address(host)
        if host.lower().rstrip(".") in ALWAYS_BLOCKED_HOSTNAMES or (
            literal is not None and (blocked_reason(literal, allow_private=True) or "").startswith("a cloud metadata")
        ):
            raise ValueError(f"host {host!r} is a cloud metadata endpoint and is never contacted")
        return value

    @field_validator("database")
    @classmethod
    def _database(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        try:
            return check_identifier(value, what="database")
        except IdentifierError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("settings")
    @classmethod
    def _settings(cls, value: dict[str, Any]) -> dict[str, str]:
        return _checked_settings(value, ALLOWED_SETTINGS, what="setting")

    @field_validator("driver_settings")
    @classmethod
    def _driver_settings(cls, value: dict[str, Any]) -> dict[str, str]:
        return _checked_settings(value, DRIVER_SETTINGS, what="driver setting")

    @model_validator(mode="after")
    def _driver_settings_need_a_master(self) -> SparkConnectionConfig:
        if self.driver_settings and not self.is_master:
            raise ValueError("driver_settings: apply only to a standalone master URL (spark://)")
        return self

    @property
    def is_master(self) -> bool:
        return is_master_url(self.url)

    @property
    def host(self) -> str:
        return parse_spark_url(self.url)[0]

    @property
    def port(self) -> int:
        return parse_spark_url(self.url)[1]


def _messages(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        loc = ".".join(str(p) for p in error["loc"]) or "config"
        parts.append(f"{loc}: {error['msg'].removeprefix('Value error, ')}")
    return "; ".join(parts)


def parse_spark_config(config: Any) -> SparkConnectionConfig:
    """The typed config of a spark connection; ValueError with a readable message otherwise."""
    if not isinstance(config, dict):
        raise ValueError("config: must be an object")
    try:
        return SparkConnectionConfig.model_validate(config)
    except ValidationError as exc:
        raise ValueError(_messages(exc)) from None


def spark_config_validate(*, config: Any, secrets: Any) -> SparkConnectionConfig:
    """Validate a spark connection's config and secrets; ValueError with a readable message."""
    parsed = parse_spark_config(config)
    unknown = sorted(set(secrets or {}) - set(SPARK_SECRET_KEYS))
    if unknown:
        raise ValueError(f"Unknown secrets {unknown}; a spark connection stores {', '.join(SPARK_SECRET_KEYS)}.")
    token = (secrets or {}).get("token")
    if token is not None and not isinstance(token, str):
        raise ValueError("token: must be a string")
    if token and parsed.is_master:
        raise ValueError(
            "token: a standalone master (spark://) takes no token; the driver Sluice runs for it has one of its own"
        )
    return parsed


def private_network_allowed(config: SparkConnectionConfig) -> bool:
    from django.conf import settings

    return bool(settings.ALLOW_PRIVATE_NETWORK_SOURCES or config.allow_private_network)
