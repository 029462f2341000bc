"""HTTP API connections: their config model, auth, the guarded fetcher and the connection test.

A Connection of kind ``http`` holds ``base_url``, non-secret ``headers``, an ``auth`` block
(``type`` none | basic | bearer | api_key | oauth2_client_credentials, without secrets),
``allow_private_network`` and ``health_path``; its secrets are ``token`` (bearer),
``password`` (basic), ``api_key`` (api_key) and ``client_secret`` (oauth2).

Connection secrets are only ever sent to the connection's own origins: the origin of
``base_url`` and the origin of the connection's OAuth2 ``token_url``. Callers enforce it with
``HttpFetcher(allowed_origins=...)``; a node cannot point a shared connection's token at
another host.
"""

from __future__ import annotations

import base64
import email.utils
import json
import random
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import httpx
from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.ids import is_digits
from pipelines.netguard import BlockedURLError, redact_url, safe_client, same_origin

HTTP_SECRET_KEYS = ("token", "password", "api_key", "client_secret")
MAX_PAGE_BYTES = 50 * 1024 * 1024
MAX_RETRY_AFTER = 60.0
BACKOFF_BASE = 0.5
BACKOFF_CAP = 30.0
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
CONNECTION_TEST_TIMEOUT = 10.0

# Header and query-parameter names that carry credentials: refused in configs (secrets belong
# in a Connection's encrypted secrets, never in plain config).
_SECRET_HEADER_NAMES = frozenset(
    {"authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "apikey", "private-token"}
)
_SECRET_HEADER_PARTS = ("token", "secret", "password", "passwd", "api-key", "api_key", "apikey")
_SECRET_PARAM_NAMES = frozenset(
    {"key", "api_key", "apikey", "api-key", "access_token", "token", "auth", "auth_token", "secret"}
    | {"client_secret", "password", "passwd"}
)


def check_header_names(headers: dict[str, str]) -> dict[str, str]:
    for name in headers:
        lowered = name.strip().lower()
        if lowered in _SECRET_HEADER_NAMES or any(part in lowered for part in _SECRET_HEADER_PARTS):
            raise ValueError(
                f"Header {name!r} looks like a credential; secrets are not allowed in plain config. "
                "Store them in an http Connection's secrets and choose an auth type."
            )
    return headers


def check_param_names(params: dict[str, Any]) -> dict[str, Any]:
    for name in params:
        if name.strip().lower() in _SECRET_PARAM_NAMES:
            raise ValueError(
                f"Query parameter {name!r} looks like a credential; secrets are not allowed in plain config. "
                "Use auth type api_key (in: query) with an http Connection."
            )
    return params


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )


class NoAuth(_Model):
    type: Literal["none"] = "none"


class BasicAuth(_Model):
    type: Literal["basic"] = "basic"
    username: str = Field(min_length=1, description="User name. The password is the Connection's secret 'password'.")


class BearerAuth(_Model):
    type: Literal["bearer"] = "bearer"


class ApiKeyAuth(_Model):
    type: Literal["api_key"] = "api_key"
    name: str = Field("X-API-Key", min_length=1, description="Header or query parameter that carries the key.")
    in_: Literal["header", "query"] = Field(
        "header", alias="in", description="Send the key as a header or a query parameter."
    )


class OAuth2ClientCredentials(_Model):
    type: Literal["oauth2_client_credentials"] = "oauth2_client_credentials"
    token_url: str = Field(
        description="Token endpoint (http/https). It receives the client secret, "
        "so it must be on the Connection's own origin."
    )
    client_id: str = Field(
        min_length=1, description="OAuth2 client id. The secret is the Connection's secret 'client_secret'."
    )
    scope: str = Field("", description="Space-separated scopes to request (optional).")

    @field_validator("token_url")
    @classmethod
    def _token_url(cls, value: str) -> str:
        return check_http_url(value)


HttpAuth = Annotated[
    NoAuth | BasicAuth | BearerAuth | ApiKeyAuth | OAuth2ClientCredentials, Field(discriminator="type")
]

# Which secret each auth type reads.
AUTH_SECRET = {
    "basic": "password",
    "bearer": "token",
    "api_key": "api_key",
    "oauth2_client_credentials": "client_secret",
}


def check_http_url(value: str) -> str:
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ValueError(f"not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError("must be an absolute http:// or https:// URL")
    if url.userinfo:
        raise ValueError("must not contain credentials (user:password@); use the Connection's secrets")
    check_param_names(dict(url.params))
    return value


class HttpConnectionConfig(_Model):
    """The ``config`` of a Connection of kind ``http`` (secrets are stored apart: HTTP_SECRET_KEYS)."""

    base_url: str = Field(description="Root of the API, e.g. https://api.example.com/v1. Node URLs are paths under it.")
    headers: dict[str, str] = Field(
        default_factory=dict, description="Non-secret headers sent with every request (no credentials here)."
    )
    auth: HttpAuth = Field(
        default_factory=NoAuth, description="How requests authenticate; secrets come from the Connection's secrets."
    )
    allow_private_network: bool = Field(
        False,
        description="Allow this API to live on a private network (10.x, 192.168.x, localhost...). "
        "An explicit choice: it lets pipelines using this connection reach internal hosts, so only an admin "
        "may turn it on (unless the server sets ALLOW_PRIVATE_NETWORK_SOURCES). "
        "Cloud metadata addresses stay blocked.",
    )
    health_path: str = Field(
        "", description="Path under base_url fetched by 'Test connection' (default: base_url itself)."
    )

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        return check_http_url(value)

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        return check_header_names(value)

    def origins(self) -> list[httpx.URL]:
        """Where this connection's secrets may be sent."""
        result = [httpx.URL(self.base_url)]
        if isinstance(self.auth, OAuth2ClientCredentials):
            result.append(httpx.URL(self.auth.token_url))
        return result


def http_config_validate(*, config: dict[str, Any], secrets: dict[str, Any]) -> HttpConnectionConfig:
    """Validate an http Connection's config and secrets; raises ValueError with a readable message."""
    try:
        parsed = HttpConnectionConfig.model_validate(config)
    except ValidationError as exc:
        raise ValueError(pydantic_message(exc, prefix="config")) from None
    unknown = sorted(set(secrets) - set(HTTP_SECRET_KEYS))
    if unknown:
        raise ValueError(f"Unknown secrets {unknown}; an http connection stores {', '.join(HTTP_SECRET_KEYS)}.")
    needed = AUTH_SECRET.get(parsed.auth.type)
    if needed and not secrets.get(needed):
        raise ValueError(f"Auth type {parsed.auth.type} needs the secret {needed!r}.")
    return parsed


def pydantic_message(exc: ValidationError, *, prefix: str = "") -> str:
    parts = []
    for error in exc.errors():
        loc = ".".join(str(p) for p in (prefix, *error["loc"]) if p != "")
        parts.append(f"{loc}: {error['msg']}")
    return "; ".join(parts)


def private_network_allowed(config: HttpConnectionConfig | None) -> bool:
    """Private addresses are allowed when the settings say so for everything, or the Connection
    used says so for itself (an explicit choice of whoever edits that connection)."""
    return bool(settings.ALLOW_PRIVATE_NETWORK_SOURCES or (config is not None and config.allow_private_network))


def join_url(base_url: str, path: str) -> str:
    """``base_url`` + ``path`` as people mean it (``https://h/v1`` + ``users`` → ``https://h/v1/users``)."""
    if not path:
        return base_url
    return base_url.rstrip("/") + "/" + path.lstrip("/")


class HttpError(Exception):
    """A failed fetch. ``message`` is safe to show (no secrets); ``field`` is the config field to blame."""

    def __init__(self, message: str, *, field: str = "url", status_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status_code = status_code


@dataclass
class Fetched:
    url: httpx.URL
    status_code: int
    reason: str
    headers: httpx.Headers
    body: bytes
    elapsed_ms: int

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            kind = self.headers.get("content-type", "no content type")
            raise HttpError(
                f"{redact_url(self.url)} did not return JSON (HTTP {self.status_code}, {kind}).", field="url"
            ) from None


@dataclass
class FetchStats:
    requests: int = 0
    retries: int = 0
    bytes: int = 0


@dataclass
class HttpFetcher:
    """One run's HTTP session: auth from a Connection, retries with backoff, rate limit, a size
    cap per response and an overall deadline. Use as a context manager."""

    allow_private: bool
    auth: NoAuth | BasicAuth | BearerAuth | ApiKeyAuth | OAuth2ClientCredentials = field(default_factory=NoAuth)
    secrets: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    # The Connection's origins: every request must go there. None (no Connection): any URL, no secrets.
    allowed_origins: list[httpx.URL] | None = None
    timeout: float = 30.0
    retries: int = 3
    rate_limit_per_second: float | None = None
    max_bytes: int | None = None  # None: MAX_PAGE_BYTES
    deadline: float | None = None  # time.monotonic() value
    logger: Any = None
    stats: FetchStats = field(default_factory=FetchStats)

    def __post_init__(self) -> None:
        secret_name = AUTH_SECRET.get(self.auth.type)
        if secret_name and not self.secrets.get(secret_name):
            raise HttpError(
                f"Auth type {self.auth.type} needs the Connection secret {secret_name!r}.", field="connection"
            )
        self.max_bytes = self.max_bytes or MAX_PAGE_BYTES
        sensitive = [self.auth.name] if isinstance(self.auth, ApiKeyAuth) and self.auth.in_ == "header" else []
        self._client = safe_client(allow_private=self.allow_private, timeout=self.timeout, sensitive_headers=sensitive)
        self._last_request = 0.0
        self._token: str | None = None
        self._token_expires = 0.0

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- secrets -------------------------------------------------------------------------------

    def scrub(self, text: str) -> str:
        """``text`` with every secret value (and the OAuth2 token) masked."""
        for value in [*(str(v) for v in self.secrets.values() if v), self._token or ""]:
            if len(value) >= 4:
                text = text.replace(value, "***")
        return text

    def _check_origin(self, url: httpx.URL, field_name: str) -> None:
        if self.allowed_origins is None:
            if self.auth.type != "none":
                raise HttpError("Auth needs a Connection (secrets only come from a Connection).", field="auth")
            return
        if not any(same_origin(url, origin) for origin in self.allowed_origins):
            allowed = ", ".join(sorted({f"{o.scheme}://{o.netloc.decode()}" for o in self.allowed_origins}))
            raise HttpError(
                f"{redact_url(url)} is not on the Connection's origin ({allowed}); "
                "a Connection's credentials and network permissions only apply there.",
                field=field_name,
            )

    def _auth_headers_params(self) -> tuple[dict[str, str], dict[str, str]]:
        auth = self.auth
        if isinstance(auth, BasicAuth):
            raw = f"{auth.username}:{self.secrets['password']}".encode()
            return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}, {}
        if isinstance(auth, BearerAuth):
            return {"Authorization": f"Bearer {self.secrets['token']}"}, {}
        if isinstance(auth, ApiKeyAuth):
            key = str(self.secrets["api_key"])
            return ({auth.name: key}, {}) if auth.in_ == "header" else ({}, {auth.name: key})
        if isinstance(auth, OAuth2ClientCredentials):
            return {"Authorization": f"Bearer {self._oauth_token()}"}, {}
        return {}, {}

    def _oauth_token(self) -> str:
        auth = self.auth
        assert isinstance(auth, OAuth2ClientCredentials)
        if self._token and time.monotonic() < self._token_expires:
            return self._token
        token_url = httpx.URL(auth.token_url)
        self._check_origin(token_url, "auth.token_url")
        form = {"grant_type": "client_credentials", "client_id": auth.client_id}
        form["client_secret"] = str(self.secrets["client_secret"])
        if auth.scope:
            form["scope"] = auth.scope
        fetched = self._send_with_retries("POST", token_url, data=form, field_name="auth.token_url", with_auth=False)
        if fetched.status_code >= 400:
            raise HttpError(
                f"The token endpoint {redact_url(token_url)} answered HTTP {fetched.status_code} "
                f"{fetched.reason}{self._oauth_error(fetched)}.",
                field="auth",
                status_code=fetched.status_code,
            )
        payload = fetched.json()
        token = payload.get("access_token") if isinstance(payload, dict) else None
        if not token or not isinstance(token, str):
            raise HttpError(f"The token endpoint {redact_url(token_url)} returned no access_token.", field="auth")
        expires_in = payload.get("expires_in")
        lifetime = float(expires_in) if isinstance(expires_in, int | float) and expires_in > 0 else 3600.0
        self._token, self._token_expires = token, time.monotonic() + max(lifetime - 30.0, lifetime / 2)
        return token

    def _oauth_error(self, fetched: Fetched) -> str:
        try:
            payload = json.loads(fetched.body)
        except (ValueError, UnicodeDecodeError):
            return ""
        code = payload.get("error") if isinstance(payload, dict) else None
        return f" ({self.scrub(str(code))[:100]})" if isinstance(code, str) else ""

    # -- requests ------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str | httpx.URL,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        field_name: str = "url",
        raise_for_status: bool = True,
    ) -> Fetched:
        """Send one request with auth, retries, rate limit and size cap; raise HttpError on failure
        (and on an error status, unless ``raise_for_status`` is false)."""
        target = httpx.URL(str(url))
        self._check_origin(target, field_name)
        fetched = self._send_with_retries(method, target, params=params, json=json_body, field_name=field_name)
        if fetched.status_code == 401 and isinstance(self.auth, OAuth2ClientCredentials):
            self._token = None  # expired early: fetch a new token once
            fetched = self._send_with_retries(method, target, params=params, json=json_body, field_name=field_name)
        if raise_for_status and fetched.status_code >= 400:
            hint = (
                " (check the auth settings and the Connection's secrets)" if fetched.status_code in (401, 403) else ""
            )
            raise HttpError(
                f"{method} {redact_url(fetched.url)} answered HTTP {fetched.status_code} {fetched.reason}{hint}.",
                field="auth" if hint else field_name,
                status_code=fetched.status_code,
            )
        return fetched

    def _remaining(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    def _throttle(self) -> None:
        if not self.rate_limit_per_second:
            return
        now = time.monotonic()
        allowed = self._last_request + 1.0 / self.rate_limit_per_second
        if allowed > now:
            sleep(allowed - now)
        self._last_request = max(now, allowed)

    def _send_with_retries(
        self,
        method: str,
        url: httpx.URL,
        *,
        field_name: str,
        params: dict[str, Any] | None = None,
        with_auth: bool = True,
        **kwargs: Any,
    ) -> Fetched:
        attempt = 0
        while True:
            self._throttle()
            headers, auth_params = self._auth_headers_params() if with_auth else ({}, {})
            # Merge into the URL's own query (httpx's params= would replace it).
            target = url.copy_merge_params({**(params or {}), **auth_params}) if params or auth_params else url
            error: HttpError | None = None
            fetched: Fetched | None = None
            retry_after: float | None = None
            try:
                fetched = self._send_once(method, target, headers=headers, **kwargs)
            except httpx.TimeoutException:
                error = HttpError(f"{method} {redact_url(url)} timed out after {self.timeout:g} s.", field="timeout")
            except HttpError as exc:
                if exc.field != "timeout":
                    raise
                error = exc
            except BlockedURLError as exc:
                raise HttpError(
                    f"Refused to fetch {redact_url(url)}: {self.scrub(str(exc))}", field=field_name
                ) from None
            except httpx.TooManyRedirects:
                raise HttpError(f"{method} {redact_url(url)}: too many redirects.", field=field_name) from None
            except httpx.HTTPError as exc:
                error = HttpError(
                    f"{method} {redact_url(url)} failed: {self.scrub(str(exc)) or type(exc).__name__}.",
                    field=field_name,
                )
            if fetched is not None:
                if fetched.status_code not in RETRY_STATUSES:
                    return fetched
                retry_after = _retry_after(fetched.headers.get("retry-after"))
            if attempt >= self.retries:
                if fetched is not None:
                    return fetched
                assert error is not None
                raise error
            delay = retry_after if retry_after is not None else _backoff(attempt)
            remaining = self._remaining()
            if remaining is not None and delay >= remaining:
                if fetched is not None:
                    return fetched
                assert error is not None
                raise error
            attempt += 1
            self.stats.retries += 1
            if self.logger is not None:
                why = f"HTTP {fetched.status_code}" if fetched is not None else error.message
                self.logger.warning("retrying %s %s in %.1f s (%s)", method, redact_url(url), delay, why)
            sleep(delay)

    def _send_once(self, method: str, url: httpx.URL, *, headers: dict[str, str], **kwargs: Any) -> Fetched:
        timeout = self.timeout
        remaining = self._remaining()
        if remaining is not None:
            if remaining <= 0:
                raise HttpError(f"{method} {redact_url(url)}: out of time.", field="timeout")
            timeout = min(timeout, remaining)
        started = time.monotonic()
        self.stats.requests += 1
        merged = {**self.headers, **headers}
        with self._client.stream(method, url, headers=merged, timeout=timeout, **kwargs) as response:
            declared = response.headers.get("content-length", "")
            if is_digits(declared) and int(declared) > self.max_bytes:
                raise HttpError(self._too_large(response.url), field="url")
            chunks, total = [], 0
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > self.max_bytes:
                    raise HttpError(self._too_large(response.url), field="url")
                if time.monotonic() - started > timeout:
                    raise HttpError(f"{method} {redact_url(url)} timed out after {timeout:g} s.", field="timeout")
                chunks.append(chunk)
            self.stats.bytes += total
            return Fetched(
                url=response.url,
                status_code=response.status_code,
                reason=response.reason_phrase,
                headers=response.headers,
                body=b"".join(chunks),
                elapsed_ms=int((time.monotonic() - started) * 1000),
            )

    def _too_large(self, url: httpx.URL) -> str:
        limit = self.max_bytes or MAX_PAGE_BYTES
        size = f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
        return f"{redact_url(url)} returned more than {size}; refusing it."


def sleep(seconds: float) -> None:
    """Indirection so tests can record waits instead of sleeping."""
    time.sleep(seconds)


def _backoff(attempt: int) -> float:
    """Exponential backoff with jitter: 0.5 s, 1 s, 2 s... (capped), each scaled by 0.5-1.0."""
    return min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt) * random.uniform(0.5, 1.0)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - datetime.now(UTC)).total_seconds(), 0.0), MAX_RETRY_AFTER)


def http_connection_test(*, connection) -> dict[str, Any]:
    """GET the connection's base_url (or health_path) with its auth; never raises for network errors.

    Returns ``{"ok", "message", "latency_ms", "status_code"}``.
    """
    try:
        config = HttpConnectionConfig.model_validate(connection.config or {})
    except ValidationError as exc:
        return {"ok": False, "message": pydantic_message(exc, prefix="config"), "latency_ms": None, "status_code": None}
    url = join_url(config.base_url, config.health_path)
    secrets = connection.secrets or {}
    started = time.monotonic()
    fetcher: HttpFetcher | None = None
    try:
        fetcher = HttpFetcher(
            allow_private=private_network_allowed(config),
            auth=config.auth,
            secrets=secrets,
            headers=config.headers,
            allowed_origins=config.origins(),
            timeout=CONNECTION_TEST_TIMEOUT,
            retries=0,
            max_bytes=1024 * 1024,
            deadline=started + CONNECTION_TEST_TIMEOUT,
        )
        fetched = fetcher.request("GET", url, raise_for_status=False)
    except HttpError as exc:
        message = fetcher.scrub(exc.message) if fetcher else exc.message
        return {
            "ok": False,
            "message": message,
            "latency_ms": int((time.monotonic() - started) * 1000),
            "status_code": exc.status_code,
        }
    finally:
        if fetcher is not None:
            fetcher.close()
    ok = fetched.status_code < 400
    return {
        "ok": ok,
        "message": f"HTTP {fetched.status_code} {fetched.reason} from {redact_url(fetched.url)}"
        + ("" if ok else " (check the URL, auth and secrets)"),
        "latency_ms": fetched.elapsed_ms,
        "status_code": fetched.status_code,
    }
