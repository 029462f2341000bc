"""source.api and the http connector against a local pytest-httpserver (127.0.0.1 only)."""

from __future__ import annotations

import base64
import json
import sys
import time
from types import SimpleNamespace

import polars as pl
import pytest
from pydantic import ValidationError
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

from pipelines.connectors import http
from pipelines.nodes.base import BuildContext, NodeError
from pipelines.nodes.sources.api import ApiSource, records_to_frame

NODE = ApiSource()
TOKEN = "tok-SECRET-123456"
API_KEY = "key-SECRET-987654"
PASSWORD = "pw-SECRET-555"
CLIENT_SECRET = "cs-SECRET-424242"


@pytest.fixture(autouse=True)
def private_network(settings):
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = True


@pytest.fixture(autouse=True)
def waits(monkeypatch):
    """Retries and rate limits record their waits instead of sleeping."""
    recorded: list[float] = []
    monkeypatch.setattr(http, "sleep", recorded.append)
    return recorded


def connection(server: HTTPServer, *, auth=None, secrets=None, slug="api", **config):
    config = {"base_url": server.url_for("/v1"), "auth": auth or {"type": "none"}, **config}
    return SimpleNamespace(kind="http", slug=slug, config=config, secrets=secrets or {})


def make_ctx(mode="run", connections=(), **kwargs) -> BuildContext:
    by_slug = {c.slug: c for c in connections}

    def get_connection(slug):
        if slug not in by_slug:
            raise NodeError(f"No connection {slug!r}", field="connection")
        return by_slug[slug]

    return BuildContext(node_key="api", mode=mode, get_connection=get_connection, **kwargs)


def run(config: dict, *, connections=(), mode="run", **kwargs) -> tuple[pl.DataFrame, BuildContext]:
    ctx = make_ctx(mode, connections, **kwargs)
    frame = NODE.build(ctx, NODE.parse_config(config), {})["out"]
    assert isinstance(frame, pl.LazyFrame)
    return frame.collect(), ctx


def schema_of(config: dict, *, connections=()) -> pl.Schema:
    ctx = make_ctx("schema", connections, timeout=10)
    return NODE.output_schema(ctx, NODE.parse_config(config), {})["out"]


def requests_to(server: HTTPServer, path: str) -> list[Request]:
    return [r for r, _ in server.log if r.path == path]


# -- auth -------------------------------------------------------------------------------------


BASIC = "Basic " + base64.b64encode(f"ann:{PASSWORD}".encode()).decode()


@pytest.mark.parametrize(
    "conn_auth, node_auth, secrets, header",
    [
        ({"type": "bearer"}, None, {"token": TOKEN}, ("Authorization", f"Bearer {TOKEN}")),
        (None, {"type": "basic", "username": "ann"}, {"password": PASSWORD}, ("Authorization", BASIC)),
        ({"type": "api_key", "name": "X-Token-Key"}, None, {"api_key": API_KEY}, ("X-Token-Key", API_KEY)),
    ],
)
def test_header_auth_types_read_secrets_from_the_connection(httpserver, conn_auth, node_auth, secrets, header):
    httpserver.expect_request("/v1/items", headers=dict([header])).respond_with_json([{"id": 1}])
    conn = connection(httpserver, auth=conn_auth, secrets=secrets, headers={"X-Client": "sluice"})
    config = {"url": "/items", "connection": "api", **({"auth": node_auth} if node_auth else {})}
    frame, _ = run(config, connections=[conn])
    assert frame.to_dicts() == [{"id": 1}]
    (request,) = requests_to(httpserver, "/v1/items")
    assert request.headers["X-Client"] == "sluice"


def test_api_key_in_the_query_on_every_page(httpserver: HTTPServer):
    def handler(request: Request) -> Response:
        assert request.args["apikey"] == API_KEY
        page = int(request.args["page"])
        return Response(json.dumps([{"n": page}] if page <= 2 else []), content_type="application/json")

    httpserver.expect_request("/v1/items").respond_with_handler(handler)
    conn = connection(
        httpserver, auth={"type": "api_key", "name": "apikey", "in": "query"}, secrets={"api_key": API_KEY}
    )
    config = {"url": "items", "connection": "api", "pagination": {"type": "page"}}
    frame, _ = run(config, connections=[conn])
    assert frame["n"].to_list() == [1, 2]
    assert len(requests_to(httpserver, "/v1/items")) == 3


def test_oauth2_client_credentials_fetches_one_token_per_run(httpserver: HTTPServer):
    httpserver.expect_request("/oauth/token", method="POST").respond_with_json(
        {"access_token": "OAUTH-ACCESS", "token_type": "bearer", "expires_in": 3600}
    )

    def handler(request: Request) -> Response:
        if request.headers.get("Authorization") != "Bearer OAUTH-ACCESS":
            return Response("no", status=401)
        offset = int(request.args["offset"])
        rows = [{"i": i} for i in range(offset, min(offset + 2, 5))]
        return Response(json.dumps({"data": rows}), content_type="application/json")

    httpserver.expect_request("/v1/rows").respond_with_handler(handler)
    auth = {"type": "oauth2_client_credentials", "token_url": httpserver.url_for("/oauth/token"), "client_id": "cid"}
    conn = connection(httpserver, auth={**auth, "scope": "read"}, secrets={"client_secret": CLIENT_SECRET})
    config = {
        "url": "rows",
        "connection": "api",
        "records_path": "data",
        "pagination": {"type": "offset", "limit": 2},
    }
    frame, ctx = run(config, connections=[conn])
    assert frame["i"].to_list() == [0, 1, 2, 3, 4]
    (token_request,) = requests_to(httpserver, "/oauth/token")
    assert token_request.form.to_dict() == {
        "grant_type": "client_credentials",
        "client_id": "cid",
        "client_secret": CLIENT_SECRET,
        "scope": "read",
    }
    assert ctx.report["pages"] == 4 and ctx.report["requests"] == 5


def test_oauth2_token_url_must_stay_on_the_connections_origin(httpserver: HTTPServer):
    httpserver.expect_request("/steal").respond_with_json({"access_token": "x"})
    conn = connection(httpserver, secrets={"client_secret": CLIENT_SECRET})
    elsewhere = f"http://127.0.0.1:{httpserver.port}/steal"  # another origin than http://localhost:port
    config = {
        "url": "rows",
        "connection": "api",
        "auth": {"type": "oauth2_client_credentials", "token_url": elsewhere, "client_id": "cid"},
    }
    with pytest.raises(NodeError) as info:
        run(config, connections=[conn])
    assert info.value.field == "auth.token_url"
    assert httpserver.log == []


def test_oauth2_token_errors_never_echo_the_secret(httpserver: HTTPServer):
    httpserver.expect_request("/oauth/token", method="POST").respond_with_json(
        {"error": f"invalid_client {CLIENT_SECRET}"}, status=401
    )
    auth = {"type": "oauth2_client_credentials", "token_url": httpserver.url_for("/oauth/token"), "client_id": "cid"}
    conn = connection(httpserver, auth=auth, secrets={"client_secret": CLIENT_SECRET})
    with pytest.raises(NodeError, match="HTTP 401") as info:
        run({"url": "rows", "connection": "api"}, connections=[conn])
    assert "invalid_client ***" in info.value.message and CLIENT_SECRET not in info.value.message
    assert info.value.field == "auth"


def test_url_must_stay_under_the_connection(httpserver: HTTPServer):
    conn = connection(httpserver, auth={"type": "bearer"}, secrets={"token": TOKEN})
    with pytest.raises(NodeError, match="not under the Connection's base_url") as info:
        run({"url": f"http://127.0.0.1:{httpserver.port}/v1/items", "connection": "api"}, connections=[conn])
    assert info.value.field == "url" and TOKEN not in info.value.message
    assert httpserver.log == []


def test_missing_secret_names_the_connection(httpserver: HTTPServer):
    conn = connection(httpserver, auth={"type": "bearer"})
    with pytest.raises(NodeError, match="secret 'token'") as info:
        run({"url": "items", "connection": "api"}, connections=[conn])
    assert info.value.field == "connection"


def test_connection_of_another_kind_is_refused(httpserver: HTTPServer):
    conn = SimpleNamespace(kind="postgresql", slug="db", config={}, secrets={})
    with pytest.raises(NodeError, match="needs an http connection"):
        run({"url": "items", "connection": "db"}, connections=[conn])


@pytest.mark.parametrize(
    "config, words",
    [
        ({"url": "https://api.test/x", "headers": {"Authorization": "Bearer abc"}}, "looks like a credential"),
        ({"url": "https://api.test/x", "headers": {"X-Access-Token": "abc"}}, "looks like a credential"),
        ({"url": "https://api.test/x", "params": {"api_key": "abc"}}, "looks like a credential"),
        ({"url": "https://api.test/x?access_token=abc"}, "looks like a credential"),
        ({"url": "https://u:p@api.test/x"}, "credentials"),
        ({"url": "https://api.test/x", "token": "abc"}, "Extra inputs are not permitted"),
        ({"url": "https://api.test/x", "auth": {"type": "bearer", "token": "abc"}}, "Extra inputs"),
        ({"url": "https://api.test/x", "auth": {"type": "bearer"}}, "secrets only come from a Connection"),
        ({"url": "/relative"}, "needs a connection"),
        ({"url": "ftp://api.test/x"}, "http"),
        ({"url": "https://api.test/x", "body": {"a": 1}}, "only a POST"),
        ({"url": "https://api.test/x", "max_pages": 10_001}, "less than or equal to 10000"),
        ({"url": "https://api.test/x", "timeout": 301}, "less than or equal to 300"),
        ({"url": "https://api.test/x", "records_path": "data..items"}, "dotted path"),
        ({"url": "https://api.test/x", "records_path": "a" * 40 + " b"}, "dotted path"),
        ({"url": "localhost:8080/x", "connection": "c"}, "http"),
        ({"url": "https://api.test/x", "pagination": {"type": "cursor"}}, "cursor_path"),
        ({"url": "https://api.test/x", "pagination": {"type": "pages"}}, "does not match any of the expected tags"),
    ],
)
def test_config_validation(config, words):
    with pytest.raises(ValidationError, match=words):
        NODE.parse_config(config)


def test_example_config_is_valid_and_schema_documents_every_field():
    NODE.parse_config(NODE.example)
    schema = NODE.describe()["config_schema"]
    for name, prop in schema["properties"].items():
        assert prop.get("description"), name
    assert "schema" in schema["properties"] and "secrets" in schema["properties"]["auth"]["description"].lower()


# -- pagination -------------------------------------------------------------------------------


def test_page_pagination_with_size_stops_on_an_empty_page(httpserver: HTTPServer):
    data = [{"id": i} for i in range(7)]

    def handler(request: Request) -> Response:
        page, size = int(request.args["p"]), int(request.args["per_page"])
        chunk = data[page * size : (page + 1) * size]
        return Response(json.dumps({"items": chunk}), content_type="application/json")

    httpserver.expect_request("/list").respond_with_handler(handler)
    config = {
        "url": httpserver.url_for("/list"),
        "records_path": "$.items",
        "pagination": {"type": "page", "param": "p", "start": 0, "size_param": "per_page", "size": 3},
    }
    frame, ctx = run(config)
    assert frame["id"].to_list() == list(range(7))
    assert [r.args["p"] for r in requests_to(httpserver, "/list")] == ["0", "1", "2", "3"]
    assert ctx.report["pages"] == 4 and ctx.report["truncated"] is False


def test_cursor_pagination(httpserver: HTTPServer):
    pages = {"": (["a", "b"], "c2"), "c2": (["c"], "c3"), "c3": (["d"], None)}

    def handler(request: Request) -> Response:
        names, following = pages[request.args.get("after", "")]
        body = {"results": [{"name": n} for n in names], "meta": {"next": following}}
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/c").respond_with_handler(handler)
    config = {
        "url": httpserver.url_for("/c"),
        "records_path": "results",
        "pagination": {"type": "cursor", "cursor_path": "meta.next", "param": "after"},
    }
    frame, _ = run(config)
    assert frame["name"].to_list() == ["a", "b", "c", "d"]
    assert len(requests_to(httpserver, "/c")) == 3


def test_link_header_pagination(httpserver: HTTPServer):
    def handler(request: Request) -> Response:
        page = int(request.args.get("page", "1"))
        headers = {"Link": f'<{httpserver.url_for("/gh")}?page={page + 1}>; rel="next", </gh?page=1>; rel="first"'}
        if page == 3:
            headers = {"Link": '</gh?page=1>; rel="first"'}
        return Response(json.dumps([{"page": page}]), headers=headers, content_type="application/json")

    httpserver.expect_request("/gh").respond_with_handler(handler)
    frame, _ = run({"url": httpserver.url_for("/gh"), "pagination": {"type": "link_header"}})
    assert frame["page"].to_list() == [1, 2, 3]


def test_link_header_to_another_host_is_not_followed(httpserver: HTTPServer):
    other = f"http://127.0.0.1:{httpserver.port}/elsewhere"
    httpserver.expect_request("/gh").respond_with_json([{"a": 1}], headers={"Link": f'<{other}>; rel="next"'})
    with pytest.raises(NodeError, match="refusing to follow") as info:
        run({"url": httpserver.url_for("/gh"), "pagination": {"type": "link_header"}})
    assert info.value.field == "pagination"
    assert requests_to(httpserver, "/elsewhere") == []


def test_max_pages_caps_an_endless_api(httpserver: HTTPServer, caplog):
    def handler(request: Request) -> Response:
        return Response(json.dumps([{"page": int(request.args["page"])}]), content_type="application/json")

    httpserver.expect_request("/endless").respond_with_handler(handler)
    config = {"url": httpserver.url_for("/endless"), "pagination": {"type": "page"}, "max_pages": 4}
    with caplog.at_level("WARNING", logger="sluice.node"):
        frame, ctx = run(config)
    assert frame["page"].to_list() == [1, 2, 3, 4]
    assert len(requests_to(httpserver, "/endless")) == 4
    assert ctx.report["truncated"] is True
    assert "max_pages=4" in caplog.text


def test_max_records_stops_early(httpserver: HTTPServer):
    def handler(request: Request) -> Response:
        offset = int(request.args["offset"])
        return Response(json.dumps([{"i": offset + k} for k in range(10)]), content_type="application/json")

    httpserver.expect_request("/many").respond_with_handler(handler)
    config = {"url": httpserver.url_for("/many"), "pagination": {"type": "offset", "limit": 10}, "max_records": 15}
    frame, _ = run(config)
    assert frame["i"].to_list() == list(range(15))
    assert len(requests_to(httpserver, "/many")) == 2


def test_post_with_a_json_body(httpserver: HTTPServer):
    httpserver.expect_request("/search", method="POST", json={"q": "Zürich"}).respond_with_json({"hits": [{"x": 1}]})
    frame, _ = run(
        {"url": httpserver.url_for("/search"), "method": "POST", "body": {"q": "Zürich"}, "records_path": "hits"}
    )
    assert frame.to_dicts() == [{"x": 1}]


# -- retries, rate limit, timeouts -------------------------------------------------------------


def test_retries_a_server_error_then_succeeds(httpserver: HTTPServer, waits):
    httpserver.expect_oneshot_request("/flaky").respond_with_data("boom", status=500)
    httpserver.expect_oneshot_request("/flaky").respond_with_data("boom", status=503)
    httpserver.expect_request("/flaky").respond_with_json([{"ok": True}])
    frame, ctx = run({"url": httpserver.url_for("/flaky"), "retries": 3})
    assert frame.to_dicts() == [{"ok": True}]
    assert ctx.report["retries"] == 2 and len(requests_to(httpserver, "/flaky")) == 3
    assert len(waits) == 2 and 0.25 <= waits[0] <= 0.5 and 0.5 <= waits[1] <= 1.0  # exponential, jittered


def test_retry_after_is_honoured_and_capped(httpserver: HTTPServer, waits):
    httpserver.expect_oneshot_request("/busy").respond_with_data("slow down", status=429, headers={"Retry-After": "7"})
    httpserver.expect_oneshot_request("/busy").respond_with_data("", status=429, headers={"Retry-After": "86400"})
    httpserver.expect_request("/busy").respond_with_json([{"ok": 1}])
    frame, _ = run({"url": httpserver.url_for("/busy")})
    assert frame.height == 1
    assert waits == [7.0, http.MAX_RETRY_AFTER]


def test_gives_up_after_the_retries_with_a_clean_message(httpserver: HTTPServer, waits):
    httpserver.expect_request("/down").respond_with_data("no", status=502)
    conn = connection(
        httpserver, auth={"type": "api_key", "name": "api_key", "in": "query"}, secrets={"api_key": API_KEY}
    )
    conn.config["base_url"] = httpserver.url_for("/")
    with pytest.raises(NodeError, match="HTTP 502") as info:
        run({"url": "down", "connection": "api", "retries": 2}, connections=[conn])
    assert API_KEY not in info.value.message and "api_key=***" in info.value.message
    assert len(requests_to(httpserver, "/down")) == 3 and len(waits) == 2


def test_client_errors_are_not_retried_and_hint_at_auth(httpserver: HTTPServer):
    httpserver.expect_request("/v1/private").respond_with_data(f"bad token {TOKEN}", status=401)
    conn = connection(httpserver, auth={"type": "bearer"}, secrets={"token": TOKEN})
    with pytest.raises(NodeError, match="HTTP 401") as info:
        run({"url": "private", "connection": "api"}, connections=[conn])
    assert info.value.field == "auth" and TOKEN not in info.value.message
    assert len(requests_to(httpserver, "/v1/private")) == 1


def test_timeout_becomes_a_node_error(httpserver: HTTPServer):
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response("[]", content_type="application/json")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    with pytest.raises(NodeError, match="timed out") as info:
        run({"url": httpserver.url_for("/slow"), "timeout": 0.3, "retries": 0})
    assert info.value.field == "timeout"
    assert time.monotonic() - started < 1.0


def test_rate_limit_spaces_requests(httpserver: HTTPServer, monkeypatch):
    monkeypatch.setattr(http, "sleep", time.sleep)  # really wait here

    def handler(request: Request) -> Response:
        page = int(request.args["page"])
        return Response(json.dumps([{"p": page}] if page < 4 else []), content_type="application/json")

    httpserver.expect_request("/rl").respond_with_handler(handler)
    started = time.monotonic()
    run({"url": httpserver.url_for("/rl"), "pagination": {"type": "page"}, "rate_limit_per_second": 10})
    assert len(requests_to(httpserver, "/rl")) == 4
    assert time.monotonic() - started >= 0.3  # 4 requests at most 10 per second: 3 gaps of 0.1 s


def test_url_query_is_kept_and_merged_with_params(httpserver: HTTPServer):
    httpserver.expect_request("/q", query_string={"fixed": "1", "extra": "2", "page": "1"}).respond_with_json(
        [{"a": 1}]
    )
    httpserver.expect_request("/q").respond_with_json([])
    config = {"url": httpserver.url_for("/q") + "?fixed=1", "params": {"extra": 2}, "pagination": {"type": "page"}}
    assert NODE.parse_config({"url": "/go?to=https://x.test", "connection": "api"}).url.startswith("/go")
    frame, _ = run(config)
    assert frame.height == 1


# -- responses --------------------------------------------------------------------------------


def test_non_json_response_names_the_url_without_secrets(httpserver: HTTPServer):
    httpserver.expect_request("/html").respond_with_data("<html>login</html>", content_type="text/html")
    conn = connection(httpserver, auth={"type": "api_key", "name": "key", "in": "query"}, secrets={"api_key": API_KEY})
    conn.config["base_url"] = httpserver.url_for("/")
    with pytest.raises(NodeError, match="did not return JSON") as info:
        run({"url": "html", "connection": "api", "params": {"lang": "en"}}, connections=[conn])
    assert "/html" in info.value.message and "text/html" in info.value.message and "lang=en" in info.value.message
    assert API_KEY not in info.value.message and "key=***" in info.value.message


def test_records_path_that_does_not_resolve_lists_the_keys(httpserver: HTTPServer):
    httpserver.expect_request("/obj").respond_with_json({"data": {"rows": [], "total": 0}, "meta": {}})
    with pytest.raises(NodeError) as info:
        run({"url": httpserver.url_for("/obj"), "records_path": "data.items"})
    assert info.value.field == "records_path"
    assert "'items'" in info.value.message and "rows, total" in info.value.message


def test_records_path_at_a_scalar_is_an_error(httpserver: HTTPServer):
    httpserver.expect_request("/obj").respond_with_json({"count": 3})
    with pytest.raises(NodeError, match="not a list"):
        run({"url": httpserver.url_for("/obj"), "records_path": "count"})


def test_empty_result(httpserver: HTTPServer):
    httpserver.expect_request("/none").respond_with_json({"data": []})
    frame, ctx = run({"url": httpserver.url_for("/none"), "records_path": "data"})
    assert frame.height == 0 and ctx.report["records"] == 0


def test_response_size_is_capped(httpserver: HTTPServer, monkeypatch):
    monkeypatch.setattr(http, "MAX_PAGE_BYTES", 1000)
    httpserver.expect_request("/big").respond_with_json([{"blob": "x" * 5000}])
    with pytest.raises(NodeError, match="more than 1000 bytes"):
        run({"url": httpserver.url_for("/big")})


def test_unicode_and_nested_records_are_flattened(httpserver: HTTPServer):
    records = [
        {"id": 1, "name": "Zoë 北京 🚀", "address": {"city": "Köln", "geo": {"lat": 50.9}}, "tags": ["a", "b"]},
        {"id": 2, "name": "Ærø", "address": {"city": "Åre"}, "tags": [], "extra": None},
    ]
    httpserver.expect_request("/n").respond_with_json(records)
    frame, _ = run({"url": httpserver.url_for("/n")})
    assert frame.columns == ["id", "name", "address_city", "address_geo_lat", "tags", "extra"]
    assert frame["name"].to_list() == ["Zoë 北京 🚀", "Ærø"]
    assert frame["address_geo_lat"].to_list() == [50.9, None]
    assert frame.schema["tags"] == pl.List(pl.String) and frame.schema["extra"] == pl.String


def test_nested_struct_mode_keeps_objects(httpserver: HTTPServer):
    httpserver.expect_request("/n").respond_with_json([{"id": 1, "address": {"city": "Köln"}}])
    frame, _ = run({"url": httpserver.url_for("/n"), "nested": "struct"})
    assert frame.schema["address"] == pl.Struct({"city": pl.String})


def test_mixed_values_are_kept_as_json_text_not_dropped():
    config = NODE.parse_config({"url": "https://api.test/x", "nested": "struct"})
    frame = records_to_frame([{"v": 1}, {"v": {"a": 1}}, {"v": [1, 2]}, {"v": None}, {"v": "s"}], config)
    assert frame["v"].to_list() == ["1", '{"a": 1}', "[1, 2]", None, "s"]


def test_flatten_collision_is_reported():
    config = NODE.parse_config({"url": "https://api.test/x"})
    with pytest.raises(NodeError, match="two columns named 'user_id'") as info:
        records_to_frame([{"user_id": 1, "user": {"id": 2}}], config)
    assert info.value.field == "flatten_separator"
    config = NODE.parse_config({"url": "https://api.test/x", "flatten_separator": "__"})
    assert records_to_frame([{"user_id": 1, "user": {"id": 2}}], config).columns == ["user_id", "user__id"]


def test_scalar_records_become_a_value_column(httpserver: HTTPServer):
    httpserver.expect_request("/ids").respond_with_json({"ids": [3, 4]})
    frame, _ = run({"url": httpserver.url_for("/ids"), "records_path": "ids"})
    assert frame.to_dicts() == [{"value": 3}, {"value": 4}]


# -- modes ------------------------------------------------------------------------------------


def test_schema_mode_reads_one_page_and_matches_the_run(httpserver: HTTPServer):
    def handler(request: Request) -> Response:
        page = int(request.args["page"])
        rows = [{"id": page * 10 + k, "who": {"name": f"n{k}"}, "score": 1.5} for k in range(2)] if page < 3 else []
        return Response(json.dumps({"data": rows}), content_type="application/json")

    httpserver.expect_request("/s").respond_with_handler(handler)
    config = {"url": httpserver.url_for("/s"), "records_path": "data", "pagination": {"type": "page"}}
    schema = schema_of(config)
    assert len(requests_to(httpserver, "/s")) == 1
    frame, _ = run(config)
    assert frame.schema == schema
    assert dict(schema) == {"id": pl.Int64, "who_name": pl.String, "score": pl.Float64}


def test_schema_mode_is_bounded_by_the_context_timeout(httpserver: HTTPServer):
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response("[]", content_type="application/json")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    ctx = make_ctx("schema", timeout=0.3)
    started = time.monotonic()
    with pytest.raises(NodeError, match="timed out"):
        NODE.output_schema(ctx, NODE.parse_config({"url": httpserver.url_for("/slow")}), {})
    assert time.monotonic() - started < 1.0


def test_dry_run_stops_after_the_sample(httpserver: HTTPServer):
    def handler(request: Request) -> Response:
        page = int(request.args["page"])
        return Response(json.dumps([{"i": page * 5 + k} for k in range(5)]), content_type="application/json")

    httpserver.expect_request("/d").respond_with_handler(handler)
    config = {"url": httpserver.url_for("/d"), "pagination": {"type": "page", "start": 0}}
    frame, _ = run(config, mode="dry_run", sample_rows=7)
    assert frame["i"].to_list() == list(range(7))
    assert len(requests_to(httpserver, "/d")) == 2


def test_injected_rows_are_returned_without_any_request(httpserver: HTTPServer):
    rows = [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]
    frame, _ = run({"url": httpserver.url_for("/never")}, mode="dry_run", injected_rows=rows)
    assert frame.to_dicts() == rows
    assert httpserver.log == []


@pytest.fixture
def dtypes(monkeypatch):
    """``pipelines.nodes.dtypes`` (written alongside); a minimal stand-in with the same contract until it lands."""
    try:
        import pipelines.nodes.dtypes  # noqa: F401
    except ImportError:

        def dtype_from_name(name: str) -> pl.DataType:
            if not isinstance(getattr(pl, name, None), type):
                raise ValueError(f"unknown type {name!r}")
            return getattr(pl, name)()

        monkeypatch.setitem(sys.modules, "pipelines.nodes.dtypes", SimpleNamespace(dtype_from_name=dtype_from_name))


def test_pinned_schema_is_used_for_validation_and_enforced_at_run(httpserver: HTTPServer, dtypes):
    pages = {1: [{"id": 1, "amount": 2}], 2: [{"id": 2, "amount": 2.5, "new": "x"}], 3: []}
    httpserver.expect_request("/p").respond_with_handler(
        lambda r: Response(json.dumps(pages[int(r.args["page"])]), content_type="application/json")
    )
    config = {"url": httpserver.url_for("/p"), "pagination": {"type": "page"}}
    assert dict(schema_of(config)) == {"id": pl.Int64, "amount": pl.Int64}  # from page 1 only
    assert run(config)[0].schema != schema_of(config)  # later pages widen and add columns
    pinned = {**config, "schema": {"id": "Int64", "amount": "Float64", "missing": "String"}}
    calls = len(httpserver.log)
    schema = schema_of(pinned)
    assert len(httpserver.log) == calls  # no fetch needed to validate a pinned schema
    frame, _ = run(pinned)
    assert frame.schema == schema
    assert frame.to_dicts() == [{"id": 1, "amount": 2.0, "missing": None}, {"id": 2, "amount": 2.5, "missing": None}]
    empty, _ = run({**pinned, "max_pages": 1, "url": httpserver.url_for("/p") + "?page=3", "pagination": {}})
    assert empty.schema == schema and empty.height == 0


def test_pinned_schema_errors(httpserver: HTTPServer, dtypes):
    with pytest.raises(ValidationError, match="unknown type 'Decimalish'"):
        NODE.parse_config({"url": "https://api.test/x", "schema": {"a": "Decimalish"}})
    httpserver.expect_request("/bad").respond_with_json([{"n": "not a number"}])
    with pytest.raises(NodeError) as info:
        run({"url": httpserver.url_for("/bad"), "schema": {"n": "Int64"}})
    assert info.value.field == "schema"


# -- the SSRF guard in the node -----------------------------------------------------------------


def test_private_network_is_refused_unless_allowed(httpserver: HTTPServer, settings):
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = False
    httpserver.expect_request("/v1/items").respond_with_json([{"id": 1}])
    with pytest.raises(NodeError, match="loopback") as info:
        run({"url": httpserver.url_for("/v1/items")})
    assert info.value.field == "url"
    with pytest.raises(NodeError, match="loopback"):
        schema_of({"url": httpserver.url_for("/v1/items")})
    assert httpserver.log == []
    # An explicit choice on the Connection opens it for that connection's origin only.
    conn = connection(httpserver, allow_private_network=True)
    frame, _ = run({"url": "items", "connection": "api"}, connections=[conn])
    assert frame.height == 1


def test_redirect_to_a_metadata_address_is_refused(httpserver: HTTPServer):
    httpserver.expect_request("/r").respond_with_response(
        Response(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    )
    with pytest.raises(NodeError, match="metadata") as info:
        run({"url": httpserver.url_for("/r"), "retries": 0})
    assert info.value.field == "url"


@pytest.mark.django_db
def test_with_a_stored_connection_through_graph_validation(httpserver: HTTPServer, user):
    from pipelines.crypto import encrypt_json
    from pipelines.graph import Graph
    from pipelines.validation import validate_graph
    from tests.factories import ConnectionFactory

    httpserver.expect_request("/v1/items", headers={"Authorization": f"Bearer {TOKEN}"}).respond_with_json(
        {"items": [{"id": 1, "name": "a"}]}
    )
    stored = ConnectionFactory(
        kind="http",
        slug="shop",
        config={"base_url": httpserver.url_for("/v1"), "auth": {"type": "bearer"}},
        encrypted_secrets=encrypt_json({"token": TOKEN}),
        owner=user,
    )
    graph = Graph.from_dict(
        {
            "nodes": [
                {
                    "key": "src",
                    "type": "source.api",
                    "config": {"url": "items", "connection": "shop", "records_path": "items"},
                    "position": {"x": 0, "y": 0},
                }
            ],
            "edges": [],
        }
    )
    result = validate_graph(graph, context={"get_connection": lambda slug: stored})
    assert not [p for p in result.problems if p.node == "src"], result.problems
    assert result.schemas["src"]["out"] == {"id": "Int64", "name": "String"}
