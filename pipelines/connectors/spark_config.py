"""The config of a spark connection (``pipelines.connectors.spark``): a Spark Connect URL, TLS, a default
database, session settings from an allowlist, the SSRF guard's switch; its secret is ``token``. No I/O
here: configs.py validates with it, spark.py connects with it."""

from __future__ import annotations

import contextlib
import ipaddress
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipelines.connectors.identifiers import IdentifierError, check_identifier

SPARK_SECRET_KEYS = ("token",)
DEFAULT_PORT = 15002
MAX_SETTINGS = 32

_HOSTNAME = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*"
_URL_RE = re.compile(rf"^sc://(?P<host>{_HOSTNAME}|\[[0-9A-Fa-f:.]{{2,45}}\])(?::(?P<port>[0-9]{{1,5}}))?/?$")
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


def parse_spark_url(url: str) -> tuple[str, int]:
    """``(host, port)`` of a Spark Connect URL; ValueError naming what is wrong with anything else."""
    if not isinstance(url, str) or not url:
        raise ValueError("is required: a Spark Connect URL such as sc://spark.example.com:15002")
    if len(url) > 300:
        raise ValueError("is longer than 300 characters")
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme == "spark":
        raise ValueError(
            "is a standalone master URL (spark://): Sluice's processes do not run a Spark driver (a JVM); "
            "start a Spark Connect server against that master (start-connect-server.sh --master spark://...) "
            "and give its sc://host:port URL"
        )
    if scheme != "sc":
        raise ValueError(f"must be a Spark Connect URL sc://host:port (got scheme {scheme or 'none'!r})")
    rest = url[len("sc://") :]
    if "@" in rest:
        raise ValueError("must not carry credentials (user@host); put the token in the connection's secrets")
    if ";" in rest or "?" in rest or "#" in rest:
        raise ValueError(
            "must not carry parameters (;token=..., ;use_ssl=...): use the connection's use_ssl setting and "
            "its token secret"
        )
    match = _URL_RE.fullmatch(url)
    if match is None:
        raise ValueError("must be sc://host or sc://host:port with a host name or IP address and no path")
    host = match.group("host")
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise ValueError(f"has an invalid IPv6 address {host!r}") from None
    port = int(match.group("port")) if match.group("port") else DEFAULT_PORT
    if not 1 <= port <= 65535:
        raise ValueError("has a port outside 1-65535")
    return host.strip("[]"), port


class SparkConnectionConfig(BaseModel):
    """A Spark Connect server. The optional bearer token is the connection secret ``token``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    url: str = Field(
        description="Spark Connect server, sc://host:port (port 15002 when omitted). A standalone master "
        "(spark://) is reached through a Spark Connect server started against it.",
        max_length=300,
    )
    use_ssl: bool = Field(False, description="Connect over TLS (required to send a token to a non-loopback host).")
    database: str | None = Field(None, description="Default database of the sessions (optional).")
    settings: dict[str, str | int | bool] = Field(
        default_factory=dict,
        description="Session settings from an allowlist: " + ", ".join(sorted(ALLOWED_SETTINGS)) + ".",
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
        if len(value) > MAX_SETTINGS:
            raise ValueError(f"at most {MAX_SETTINGS} settings")
        clean: dict[str, str] = {}
        for key, raw in value.items():
            check = ALLOWED_SETTINGS.get(key)
            if check is None:
                raise ValueError(
                    f"{key[:80]!r} is not a setting a connection may set (one of {', '.join(sorted(ALLOWED_SETTINGS))})"
                )
            text = ("true" if raw else "false") if isinstance(raw, bool) else str(raw).strip()
            try:
                clean[key] = check(text)
            except ValueError as exc:
                raise ValueError(f"{key}: {exc}") from None
        return clean

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
    return parsed


def private_network_allowed(config: SparkConnectionConfig) -> bool:
    from django.conf import settings

    return bool(settings.ALLOW_PRIVATE_NETWORK_SOURCES or config.allow_private_network)
