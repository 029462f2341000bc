"""``source.api``: records from a JSON REST API, with auth, pagination, retries, a rate limit
and the SSRF guard.

Every request goes through ``pipelines.netguard`` (checked and pinned addresses, checked
redirects) via ``pipelines.connectors.http.HttpFetcher``. Secrets only come from an ``http``
Connection and are only sent to that connection's origin; when a connection is used, the URL
must be a path under its ``base_url`` (or an absolute URL on the same origin).

Records become a Polars frame: nested objects are flattened into ``parent_child`` columns by
default (``nested: struct`` keeps them as struct columns), lists stay list columns, a column
that mixes objects/lists with scalars holds JSON text, an all-null column is a String column.
The source materialises the records (``build`` fetches every page, then returns a LazyFrame
over them). Validation (``output_schema``) fetches ONE page and infers the schema with the
same code; a later page with new fields or wider types can make a run's schema differ, which
the ``schema`` field prevents: it pins the output columns and types.
"""

from __future__ import annotations

import json
import re
import time
from typing import Annotated, Any, Literal

import httpx
import polars as pl
from pydantic import ConfigDict, Field, ValidationError, field_validator, model_validator

from core.ids import is_digits
from pipelines.connectors.http import (
    HttpAuth,
    HttpConnectionConfig,
    HttpError,
    HttpFetcher,
    NoAuth,
    check_header_names,
    check_http_url,
    check_param_names,
    join_url,
    private_network_allowed,
    pydantic_message,
)
from pipelines.netguard import BlockedURLError, check_url, redact_url, same_origin
from pipelines.nodes.base import BuildContext, NodeConfig, NodeError, NodeType, Port, polars_message
from pipelines.nodes.registry import register

MAX_PAGES_CAP = 10_000
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class _Part(NodeConfig):
    pass


class NoPagination(_Part):
    type: Literal["none"] = "none"


class PagePagination(_Part):
    type: Literal["page"] = "page"
    param: str = Field("page", min_length=1, description="Query parameter holding the page number.")
    start: int = Field(1, ge=0, description="Number of the first page.")
    size_param: str = Field("", description="Query parameter holding the page size (optional).")
    size: int | None = Field(None, ge=1, le=100_000, description="Page size to ask for (with size_param).")


class OffsetPagination(_Part):
    type: Literal["offset"] = "offset"
    param: str = Field("offset", min_length=1, description="Query parameter holding the offset (starts at 0).")
    limit_param: str = Field("limit", min_length=1, description="Query parameter holding the page size.")
    limit: int = Field(100, ge=1, le=100_000, description="Records to ask for per page.")


class CursorPagination(_Part):
    type: Literal["cursor"] = "cursor"
    cursor_path: str = Field(
        min_length=1, description="Dotted path of the next cursor in the response, e.g. meta.next_cursor."
    )
    param: str = Field("cursor", min_length=1, description="Query parameter that sends the cursor back.")

    @field_validator("cursor_path")
    @classmethod
    def _path(cls, value: str) -> str:
        return _check_path(value)


class LinkHeaderPagination(_Part):
    type: Literal["link_header"] = "link_header"


Pagination = Annotated[
    NoPagination | PagePagination | OffsetPagination | CursorPagination | LinkHeaderPagination,
    Field(discriminator="type"),
]
ParamValue = str | int | float | bool | list[str | int | float | bool]


def _check_path(value: str) -> str:
    rest = value.removeprefix("$").removeprefix(".") if value.startswith("$") else value
    if rest and any(not part or part != part.strip() or " " in part for part in rest.split(".")):
        raise ValueError("use a dotted path such as data.items ($ is the whole response)")
    return value


def is_absolute(url: str) -> bool:
    """``https://...`` (or any ``scheme:``) rather than a path under the Connection's base_url."""
    return bool(_SCHEME.match(url))


class ApiSourceConfig(NodeConfig):
    model_config = ConfigDict(**NodeConfig.model_config, validate_by_name=True, serialize_by_alias=True)

    url: str = Field(
        description="Absolute http(s) URL, or a path under the Connection's base_url (e.g. /v1/orders). "
        "No credentials in it: use a Connection."
    )
    connection: str = Field(
        "",
        description="Slug of an http Connection: base_url, headers, auth and the secrets. "
        "Secrets are never written in a node's config; they only come from a Connection.",
    )
    method: Literal["GET", "POST"] = Field("GET", description="HTTP method.")
    params: dict[str, ParamValue] = Field(
        default_factory=dict, description="Query parameters (not secrets: use the Connection's api_key auth)."
    )
    body: Any = Field(None, description="JSON body for POST.")
    headers: dict[str, str] = Field(
        default_factory=dict, description="Extra non-secret headers (credentials belong in a Connection)."
    )
    auth: HttpAuth | None = Field(
        None,
        description="How to authenticate; empty uses the Connection's auth. Secrets (password, token, api_key, "
        "client_secret) are read from the Connection's secrets, never from this config.",
    )
    records_path: str = Field(
        "$",
        description="Dotted path to the list of records in each response, e.g. data.items; $ is the whole "
        "response. An object there is one record.",
    )
    pagination: Pagination = Field(
        default_factory=NoPagination, description="How to get the next page. Paging stops on an empty page."
    )
    max_pages: int = Field(100, ge=1, le=MAX_PAGES_CAP, description="Stop after this many pages.")
    max_records: int | None = Field(None, ge=1, description="Stop after this many records (optional).")
    rate_limit_per_second: float | None = Field(
        None, gt=0, le=1000, description="At most this many requests per second (optional)."
    )
    retries: int = Field(
        3, ge=0, le=10, description="Retries on 429, 5xx and timeouts, with exponential backoff (Retry-After honoured)."
    )
    timeout: float = Field(30, gt=0, le=300, description="Seconds allowed for each request.")
    nested: Literal["flatten", "struct"] = Field(
        "flatten", description="Nested objects become flat columns (parent_child) or struct columns."
    )
    flatten_separator: str = Field("_", min_length=1, max_length=5, description="Joins nested names when flattening.")
    schema_: dict[str, str] | None = Field(
        None,
        alias="schema",
        description='Pin the output: exactly these columns with these types (e.g. {"id": "Int64"}), whatever '
        "the pages hold; missing columns are null. Makes validation independent of the first page.",
    )

    @field_validator("pagination", "auth", mode="before")
    @classmethod
    def _empty_means_default(cls, value: Any, info) -> Any:
        if value in ({}, None):  # an untouched form section
            return {"type": "none"} if info.field_name == "pagination" else None
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not value:
            raise ValueError("a URL or a path is required")
        if is_absolute(value):
            check_http_url(value)
        elif "?" in value:
            check_param_names(dict(httpx.URL(value).params))
        return value

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        return check_header_names(value)

    @field_validator("params")
    @classmethod
    def _params(cls, value: dict[str, Any]) -> dict[str, Any]:
        return check_param_names(value)

    @field_validator("records_path")
    @classmethod
    def _records_path(cls, value: str) -> str:
        return _check_path(value or "$")

    @field_validator("schema_")
    @classmethod
    def _schema(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        if value is not None:
            if not value:
                raise ValueError("name at least one column, or leave it empty")
            for column, name in value.items():
                _dtype(name, column)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ApiSourceConfig:
        if not is_absolute(self.url) and not self.connection:
            raise ValueError("url: a relative path needs a connection (its base_url); otherwise give an absolute URL")
        if self.auth is not None and self.auth.type != "none" and not self.connection:
            raise ValueError("auth: secrets only come from a Connection; choose one, or use auth type none")
        if self.body is not None and self.method != "POST":
            raise ValueError("body: only a POST sends a body")
        return self


def _dtype(name: str, column: str) -> pl.DataType:
    try:
        from pipelines.nodes.dtypes import dtype_from_name
    except ImportError as exc:  # pragma: no cover - the module ships with the node library
        raise ValueError("column types are not available yet") from exc
    try:
        return dtype_from_name(name)
    except (KeyError, ValueError, TypeError) as exc:
        raise ValueError(f"column {column!r}: unknown type {name!r} ({exc})") from None


# -- records --------------------------------------------------------------------------------


def _lookup(payload: Any, path: str, *, field: str) -> Any:
    """The value at dotted ``path`` (``$`` is the root); a number indexes a list."""
    value = payload
    walked = "$"
    for part in [p for p in path.lstrip("$").split(".") if p]:
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and is_digits(part.lstrip("-")) and -len(value) <= int(part) < len(value):
            value = value[int(part)]
        else:
            if isinstance(value, dict):
                keys = ", ".join(list(value)[:20]) or "none"
                found = f"the keys there are: {keys}"
            else:
                found = f"there is {type(value).__name__ if value is not None else 'null'} there"
            raise NodeError(f"{field} {path!r}: no {part!r} under {walked}; {found}.", field=field)
        walked = f"{walked}.{part}"
    return value


def extract_records(payload: Any, records_path: str) -> list[dict[str, Any]]:
    found = _lookup(payload, records_path, field="records_path")
    if found is None:
        return []
    if isinstance(found, dict):
        return [found]
    if not isinstance(found, list):
        raise NodeError(
            f"records_path {records_path!r} points at a {type(found).__name__}, not a list of records.",
            field="records_path",
        )
    return [item if isinstance(item, dict) else {"value": item} for item in found]


def _flatten(record: dict[str, Any], separator: str, prefix: str = "", out: dict | None = None) -> dict[str, Any]:
    out = {} if out is None else out
    for key, value in record.items():
        name = f"{prefix}{separator}{key}" if prefix else str(key)
        if isinstance(value, dict) and value:
            _flatten(value, separator, name, out)
            continue
        if name in out:
            raise NodeError(
                f"Flattening makes two columns named {name!r}; choose another flatten_separator (e.g. '__') "
                "or nested: struct.",
                field="flatten_separator",
                column=name,
            )
        out[name] = None if isinstance(value, dict) else value
    return out


def _kind(value: Any) -> str | None:
    if value is None:
        return None
    return "dict" if isinstance(value, dict) else "list" if isinstance(value, list) else "scalar"


def _as_json(rows: list[dict[str, Any]], columns: set[str]) -> list[dict[str, Any]]:
    def encode(v: Any) -> Any:
        return v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)

    return [{k: encode(v) if k in columns else v for k, v in row.items()} for row in rows]


def records_to_frame(records: list[dict[str, Any]], config: ApiSourceConfig) -> pl.DataFrame:
    """The one conversion used by validation, dry runs and runs, so they agree on the same data."""
    rows = records if config.nested == "struct" else [_flatten(r, config.flatten_separator) for r in records]
    kinds: dict[str, set[str]] = {}
    for row in rows:
        for key, value in row.items():
            kind = _kind(value)
            if kind:
                kinds.setdefault(key, set()).add(kind)
    mixed = {k for k, v in kinds.items() if len(v) > 1}
    rows = _as_json(rows, mixed) if mixed else rows
    frame = pl.DataFrame()
    if rows:
        try:
            frame = pl.from_dicts(rows, infer_schema_length=None)
        except (pl.exceptions.PolarsError, TypeError, ValueError):
            nested = {k for k, v in kinds.items() if v & {"dict", "list"}}
            try:  # element types that do not unify inside lists: keep those columns as JSON text
                frame = pl.from_dicts(_as_json(rows, nested), infer_schema_length=None)
            except (pl.exceptions.PolarsError, TypeError, ValueError) as exc:
                raise NodeError(f"The records do not form a table: {exc}", field="records_path") from None
        nulls = [name for name, dtype in frame.schema.items() if dtype == pl.Null]
        if nulls:
            frame = frame.with_columns(pl.col(nulls).cast(pl.String))
    if config.schema_:
        frame = _pin(frame, config.schema_)
    return frame


def _pin(frame: pl.DataFrame, schema: dict[str, str]) -> pl.DataFrame:
    exprs = []
    for column, name in schema.items():
        dtype = _dtype(name, column)
        if column in frame.columns:
            exprs.append(pl.col(column).cast(dtype, strict=True).alias(column))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(column))
    if frame.width == 0:
        return pl.DataFrame(schema=pinned_schema(schema))
    try:
        return frame.select(exprs)
    except pl.exceptions.PolarsError as exc:
        raise NodeError(f"A column does not fit its pinned type: {polars_message(exc)}", field="schema") from None


def pinned_schema(schema: dict[str, str]) -> pl.Schema:
    return pl.Schema({column: _dtype(name, column) for column, name in schema.items()})


# -- fetching -------------------------------------------------------------------------------


def _connection(ctx: BuildContext, config: ApiSourceConfig) -> tuple[HttpConnectionConfig | None, dict[str, Any]]:
    if not config.connection:
        return None, {}
    conn = ctx.connection(config.connection)
    if getattr(conn, "kind", None) != "http":
        raise NodeError(
            f"Connection {config.connection!r} is of kind {getattr(conn, 'kind', '?')!r}; source.api needs an "
            "http connection.",
            field="connection",
        )
    try:
        parsed = HttpConnectionConfig.model_validate(conn.config or {})
    except ValidationError as exc:
        raise NodeError(
            f"Connection {config.connection!r} is misconfigured: {pydantic_message(exc, prefix='config')}",
            field="connection",
        ) from None
    return parsed, dict(conn.secrets or {})


def _start_url(config: ApiSourceConfig, conn: HttpConnectionConfig | None) -> httpx.URL:
    url = config.url if is_absolute(config.url) or conn is None else join_url(conn.base_url, config.url)
    parsed = httpx.URL(url)
    if conn is not None and not any(same_origin(parsed, o) for o in conn.origins()[:1]):
        raise NodeError(
            f"{redact_url(parsed)} is not under the Connection's base_url {redact_url(conn.base_url)}; "
            "use a path, or no connection.",
            field="url",
        )
    return parsed


def _fetcher(ctx: BuildContext, config: ApiSourceConfig, *, deadline: float | None) -> tuple[HttpFetcher, httpx.URL]:
    conn, secrets = _connection(ctx, config)
    url = _start_url(config, conn)
    auth = config.auth or (conn.auth if conn is not None else NoAuth())
    try:
        fetcher = HttpFetcher(
            allow_private=private_network_allowed(conn),
            auth=auth,
            secrets=secrets,
            headers={**(conn.headers if conn else {}), **config.headers},
            allowed_origins=conn.origins() if conn is not None else None,
            timeout=float(config.timeout),
            retries=config.retries,
            rate_limit_per_second=config.rate_limit_per_second,
            deadline=deadline,
            logger=ctx.logger,
        )
    except HttpError as exc:
        raise NodeError(exc.message, field=exc.field) from None
    return fetcher, url


def _initial_params(config: ApiSourceConfig) -> dict[str, Any]:
    params: dict[str, Any] = dict(config.params)
    pagination = config.pagination
    if isinstance(pagination, PagePagination):
        params[pagination.param] = pagination.start
        if pagination.size_param and pagination.size:
            params[pagination.size_param] = pagination.size
    elif isinstance(pagination, OffsetPagination):
        params[pagination.param] = 0
        params[pagination.limit_param] = pagination.limit
    return params


def fetch_records(
    ctx: BuildContext, config: ApiSourceConfig, *, max_pages: int, limit: int | None, deadline: float | None
) -> list[dict[str, Any]]:
    """Fetch pages until an empty page, the end of pagination, ``max_pages`` or ``limit`` records."""
    fetcher, url = _fetcher(ctx, config, deadline=deadline)
    params = _initial_params(config)
    records: list[dict[str, Any]] = []
    pages, capped, truncated = 0, False, False
    next_url: httpx.URL | None = url
    with fetcher:
        try:
            while next_url is not None:
                fetched = fetcher.request(config.method, next_url, params=params, json_body=config.body)
                payload = fetched.json()
                page = extract_records(payload, config.records_path)
                pages += 1
                ctx.logger.info("page %d from %s: %d records", pages, redact_url(fetched.url), len(page))
                if not page:
                    break
                records.extend(page)
                next_url = _next(config.pagination, fetched, payload, len(page), params, url)
                if limit is not None and len(records) >= limit:
                    truncated = len(records) > limit or next_url is not None
                    del records[limit:]
                    break
                if next_url is not None and pages >= max_pages:
                    capped = truncated = True
                    break
        except HttpError as exc:
            raise NodeError(fetcher.scrub(exc.message), field=exc.field) from None
        finally:
            ctx.report.update(
                pages=pages,
                records=len(records),
                requests=fetcher.stats.requests,
                retries=fetcher.stats.retries,
                bytes=fetcher.stats.bytes,
                truncated=truncated,
            )
    if capped and ctx.mode == "run":
        ctx.logger.warning("stopped after max_pages=%d; the API has more pages", max_pages)
    return records


def _next(pagination, fetched, payload: Any, count: int, params: dict[str, Any], first: httpx.URL) -> httpx.URL | None:
    """The URL of the next page (``params`` updated in place), or None when this was the last."""
    if isinstance(pagination, PagePagination):
        params[pagination.param] += 1
        return first
    if isinstance(pagination, OffsetPagination):
        params[pagination.param] += count
        return first
    if isinstance(pagination, CursorPagination):
        try:
            value = _lookup(payload, pagination.cursor_path, field="pagination.cursor_path")
        except NodeError:  # many APIs omit the cursor on the last page
            return None
        if value in (None, "", False) or value == params.get(pagination.param):
            return None
        params[pagination.param] = value
        return first
    if isinstance(pagination, LinkHeaderPagination):
        link = httpx.Response(fetched.status_code, headers=fetched.headers).links.get("next", {}).get("url")
        if not link:
            return None
        target = fetched.url.join(link)
        if not same_origin(target, first):
            raise NodeError(
                f"The next-page link {redact_url(target)} leaves {redact_url(first.copy_with(query=None))}'s host; "
                "refusing to follow it.",
                field="pagination",
            )
        params.clear()  # the link carries its own query
        return target
    return None


@register
class ApiSource(NodeType):
    key = "source.api"
    family = "source"
    title = "REST API"
    description = (
        "Reads JSON records from a REST API: auth from an http Connection, page/offset/cursor/Link-header "
        "pagination, retries with backoff, rate limit. Private and cloud-metadata addresses are refused "
        "unless allowed. Nested objects are flattened into columns."
    )
    icon = "cloud-download"
    inputs = ()
    outputs = (Port("out", description="The records, one row each."),)
    Config = ApiSourceConfig
    example = {
        "url": "/v1/orders",
        "connection": "shop-api",
        "params": {"status": "paid"},
        "records_path": "data",
        "pagination": {"type": "page", "param": "page", "start": 1, "size_param": "per_page", "size": 100},
        "max_pages": 50,
    }

    def parse_config(self, raw: dict[str, Any]) -> ApiSourceConfig:
        return ApiSourceConfig.model_validate(raw)

    def output_schema(self, ctx, config, inputs):
        if config.schema_:
            conn, _ = _connection(ctx, config)
            try:
                check_url(str(_start_url(config, conn)), allow_private=private_network_allowed(conn))
            except BlockedURLError as exc:
                raise NodeError(str(exc), field="url") from None
            return {"out": pinned_schema(config.schema_)}
        deadline = time.monotonic() + ctx.timeout if ctx.timeout else None
        records = fetch_records(ctx, config, max_pages=1, limit=None, deadline=deadline)
        return {"out": records_to_frame(records, config).schema}

    def build(self, ctx, config, inputs):
        if ctx.injected_rows is not None:
            return {"out": records_to_frame(list(ctx.injected_rows), config).lazy()}
        limit = config.max_records
        if ctx.mode == "dry_run" and ctx.sample_rows:
            limit = min(limit or ctx.sample_rows, ctx.sample_rows)
        max_pages = 1 if ctx.mode == "schema" else config.max_pages
        deadline = time.monotonic() + ctx.timeout if ctx.timeout else None
        records = fetch_records(ctx, config, max_pages=max_pages, limit=limit, deadline=deadline)
        return {"out": records_to_frame(records, config).lazy()}
