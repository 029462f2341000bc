"""The SSRF guard. Nothing here sends traffic beyond 127.0.0.1: name resolution is faked
(unknown names fail), "public" hosts are served by an in-process mock transport."""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from types import SimpleNamespace

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from pipelines import netguard
from pipelines.connectors import http
from pipelines.connectors.http import HttpConnectionConfig, http_config_validate, http_connection_test
from pipelines.netguard import BlockedURLError, check_url, redact_url, resolve_checked, safe_client
from tests.tls import self_signed

PUBLIC_IP = "93.184.216.34"
_real_getaddrinfo = socket.getaddrinfo


class FakeDNS:
    """Maps names to addresses; numeric hosts go to the real resolver (no network), unknown names fail."""

    def __init__(self, names: dict[str, list[str]]):
        self.names = names
        self.calls: list[str] = []

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):
        host = host.decode() if isinstance(host, bytes) else host
        try:
            ipaddress.ip_address(host.split("%")[0])
        except ValueError:
            self.calls.append(host)
            if host not in self.names:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
            result = []
            for address in self.names[host]:
                fam = socket.AF_INET6 if ":" in address else socket.AF_INET
                sockaddr = (address, port or 0, 0, 0) if fam == socket.AF_INET6 else (address, port or 0)
                result.append((fam, socket.SOCK_STREAM, 6, "", sockaddr))
            return result
        return _real_getaddrinfo(host, port, family, type, proto, flags)


@pytest.fixture(autouse=True)
def dns(monkeypatch):
    fake = FakeDNS({"localhost": ["127.0.0.1"], "api.public.test": [PUBLIC_IP]})
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


BLOCKED = [
    "http://127.0.0.1/",
    "http://127.0.0.1:8000/admin",
    "http://localhost/",
    "http://foo.localhost/",
    "http://10.1.2.3/",
    "http://172.16.5.4/",
    "http://192.168.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.1.1/",
    "http://100.64.0.1/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1
    "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "http://[ff02::1]/",
    "http://2130706433/",  # 127.0.0.1 as one decimal number
    "http://0177.0.0.1/",  # octal
    "http://0x7f000001/",  # hex
    "http://0x7f.0.0.1/",
    "http://127.1/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://METADATA.Google.Internal./",
]


@pytest.mark.parametrize("url", BLOCKED)
def test_private_and_special_addresses_are_refused(url):
    with pytest.raises(BlockedURLError):
        check_url(url, allow_private=False)


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "127.1", "017700000001"])
def test_numeric_host_forms_are_read_as_addresses_without_dns(host, dns):
    with pytest.raises(BlockedURLError, match="loopback"):
        check_url(f"http://{host}/", allow_private=False)
    assert dns.calls == []


@pytest.mark.parametrize(
    "url, words",
    [
        ("ftp://example.com/file", "Only http and https"),
        ("file:///etc/passwd", "Only http and https"),
        ("gopher://127.0.0.1:25/", "Only http and https"),
        ("javascript:alert(1)", "Only http and https"),
        ("http:///nohost", "no host"),
        ("http://user:secret@api.public.test/", "Credentials in the URL"),
        ("http://token@api.public.test/", "Credentials in the URL"),
        ("http://no-such-host.test/", "could not be resolved"),
        ("not a url at all", "Only http and https"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(url, words):
    with pytest.raises(BlockedURLError, match=words) as info:
        check_url(url, allow_private=False)
    assert "secret" not in str(info.value)


def test_public_addresses_pass():
    check_url(f"http://{PUBLIC_IP}/x", allow_private=False)
    check_url("https://api.public.test/v1?x=1", allow_private=False)
    check_url("http://[2606:2800:220:1:248:1893:25c8:1946]/", allow_private=False)


def test_a_name_resolving_to_a_private_address_is_refused(dns):
    dns.names["intranet.example.com"] = ["10.0.0.7"]
    with pytest.raises(BlockedURLError, match=r"intranet.example.com.*10\.0\.0\.7.*private"):
        check_url("https://intranet.example.com/api", allow_private=False)


def test_any_private_record_among_several_is_enough_to_refuse(dns):
    dns.names["mixed.example.com"] = [PUBLIC_IP, "::1"]
    with pytest.raises(BlockedURLError, match="loopback"):
        check_url("https://mixed.example.com/", allow_private=False)


def test_allow_private_opens_private_ranges_but_never_cloud_metadata(dns):
    for url in ("http://127.0.0.1/", "http://localhost:8080/", "http://10.1.2.3/", "http://[::1]/"):
        check_url(url, allow_private=True)
    dns.names["sneaky.example.com"] = ["169.254.169.254"]
    for url in (
        "http://169.254.169.254/",
        "http://[::ffff:169.254.169.254]/",
        "http://[fd00:ec2::254]/",
        "http://100.100.100.200/",
        "http://metadata.google.internal/",
        "http://sneaky.example.com/",
    ):
        with pytest.raises(BlockedURLError, match="metadata"):
            check_url(url, allow_private=True)


def test_resolution_is_bounded(monkeypatch):
    def slow(*args, **kwargs):
        time.sleep(2)
        return []

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    started = time.monotonic()
    with pytest.raises(netguard.UnresolvableHostError, match="longer than"):
        resolve_checked("http://slow.example.com/", allow_private=False, timeout=0.2)
    assert time.monotonic() - started < 1.5


def test_redact_url_masks_credentials_and_secret_params():
    shown = redact_url("https://u:pw@api.test/x?api_key=K1&access_token=T1&page=2&signature=S#frag")
    assert "pw" not in shown and "K1" not in shown and "T1" not in shown and "=S" not in shown
    assert "page=2" in shown and "api_key=***" in shown and "frag" not in shown
    assert redact_url("::not a url") in ("<invalid URL>", "::not a url")


# -- the client -------------------------------------------------------------------------------


def test_safe_client_fetches_an_allowed_host_with_its_host_header(httpserver: HTTPServer):
    httpserver.expect_request("/ok").respond_with_json({"ok": True})
    with safe_client(allow_private=True) as client:
        response = client.get(httpserver.url_for("/ok"))
    assert response.json() == {"ok": True}
    request, _ = httpserver.log[-1]
    assert request.headers["Host"] == f"localhost:{httpserver.port}"


def test_safe_client_refuses_loopback_without_permission_and_sends_nothing(httpserver: HTTPServer):
    httpserver.expect_request("/ok").respond_with_json({"ok": True})
    with safe_client(allow_private=False) as client, pytest.raises(BlockedURLError, match="loopback"):
        client.get(f"http://127.0.0.1:{httpserver.port}/ok")
    assert httpserver.log == []


class PublicHost(httpx.BaseTransport):
    """Stands in for the Internet: records what the guard sends to a checked public address."""

    def __init__(self, location: str | None = None):
        self.location = location
        self.seen: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if self.location:
            return httpx.Response(302, headers={"Location": self.location})
        return httpx.Response(200, json={"ok": True})


def test_redirect_from_a_public_host_to_loopback_is_refused(monkeypatch, httpserver: HTTPServer):
    httpserver.expect_request("/internal").respond_with_json({"secret": "internal"})
    public = PublicHost(location=f"http://127.0.0.1:{httpserver.port}/internal")
    monkeypatch.setattr(netguard.GuardedTransport, "_pool", lambda self, url: public)
    with safe_client(allow_private=False) as client, pytest.raises(BlockedURLError, match="loopback"):
        client.get("http://api.public.test/start")
    assert len(public.seen) == 1
    assert httpserver.log == []


@pytest.mark.parametrize(
    "target,allow_private,reason",
    [
        ("http://10.0.0.7/internal", False, "private-network"),
        ("http://192.168.1.1/", False, "private-network"),
        ("http://[::1]:8000/", False, "loopback"),
        ("http://0x7f.1:8000/", False, "loopback"),
        ("http://localhost:8000/", False, "loopback name"),
        ("http://169.254.169.254/latest/meta-data/", True, "cloud metadata"),
        ("http://[::ffff:169.254.169.254]/", True, "cloud metadata"),
    ],
)
def test_every_redirect_hop_is_checked(monkeypatch, target, allow_private, reason):
    """A public API that redirects to a private, loopback or metadata address: the hop is refused before
    anything is sent to it (metadata even with allow_private_network)."""
    public = PublicHost(location=target)
    monkeypatch.setattr(netguard.GuardedTransport, "_pool", lambda self, url: public)
    monkeypatch.setattr(netguard, "_getaddrinfo", lambda host, port, timeout: [ipaddress.ip_address(PUBLIC_IP)])
    with safe_client(allow_private=allow_private) as client, pytest.raises(BlockedURLError, match=reason):
        client.get("http://api.public.test/start")
    assert [str(r.url.host) for r in public.seen] == [PUBLIC_IP]  # only the first, public hop went out


def test_the_checked_address_is_the_one_connected_to(monkeypatch, dns):
    """DNS rebinding: the name resolves to a public address first and to loopback after; the
    guard resolves once per request and connects to the address it checked."""
    answers = [[PUBLIC_IP], ["127.0.0.1"]]

    def rebinding(host, port, *args, **kwargs):
        dns.calls.append(host)
        address = answers[min(len(dns.calls) - 1, 1)][0]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    public = PublicHost()
    monkeypatch.setattr(netguard.GuardedTransport, "_pool", lambda self, url: public)
    with safe_client(allow_private=False) as client:
        client.get("https://rebind.example.com/data")
        with pytest.raises(BlockedURLError, match="loopback"):
            client.get("https://rebind.example.com/data")
    (sent,) = public.seen
    assert sent.url.host == PUBLIC_IP
    assert sent.headers["Host"] == "rebind.example.com"
    assert sent.extensions["sni_hostname"] == "rebind.example.com"
    assert dns.calls == ["rebind.example.com", "rebind.example.com"]


def test_redirects_are_followed_and_capped(httpserver: HTTPServer):
    httpserver.expect_request("/a").respond_with_response(Response(status=302, headers={"Location": "/b"}))
    httpserver.expect_request("/b").respond_with_json({"at": "b"})
    httpserver.expect_request("/loop").respond_with_response(Response(status=302, headers={"Location": "/loop"}))
    with safe_client(allow_private=True) as client:
        assert client.get(httpserver.url_for("/a")).json() == {"at": "b"}
        with pytest.raises(httpx.TooManyRedirects):
            client.get(httpserver.url_for("/loop"))
    assert sum(1 for r, _ in httpserver.log if r.path == "/loop") == netguard.MAX_REDIRECTS + 1


def test_credentials_are_dropped_when_a_redirect_leaves_the_origin(httpserver: HTTPServer):
    other = f"http://127.0.0.1:{httpserver.port}/landing"
    httpserver.expect_request("/same").respond_with_response(Response(status=302, headers={"Location": "/landing"}))
    httpserver.expect_request("/away").respond_with_response(Response(status=302, headers={"Location": other}))
    httpserver.expect_request("/landing").respond_with_json({})
    headers = {"Authorization": "Bearer TOPSECRET", "X-Api-Key": "KEYSECRET", "X-Trace": "t1"}
    with safe_client(allow_private=True, sensitive_headers=["X-Api-Key"]) as client:
        client.get(httpserver.url_for("/same"), headers=headers)
        client.get(httpserver.url_for("/away"), headers=headers)
    landings = [r for r, _ in httpserver.log if r.path == "/landing"]
    assert landings[0].headers.get("Authorization") == "Bearer TOPSECRET"
    assert landings[0].headers.get("X-Api-Key") == "KEYSECRET"
    assert "Authorization" not in landings[1].headers and "X-Api-Key" not in landings[1].headers
    assert landings[1].headers.get("X-Trace") == "t1"


def test_environment_proxies_and_netrc_are_ignored(monkeypatch, httpserver: HTTPServer):
    # If these were honoured the request would go to a closed loopback port and fail.
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "")
    httpserver.expect_request("/ok").respond_with_json({"ok": True})
    with safe_client(allow_private=True) as client:
        assert client.get(httpserver.url_for("/ok")).json() == {"ok": True}


def test_httpx_request_log_does_not_show_secret_query_values(httpserver: HTTPServer, caplog):
    httpserver.expect_request("/q").respond_with_json({})
    with caplog.at_level("INFO", logger="httpx"), safe_client(allow_private=True) as client:
        client.get(httpserver.url_for("/q"), params={"api_key": "KEYSECRET", "page": 1})
    shown = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert shown and "KEYSECRET" not in " ".join(shown)
    assert "api_key=***" in shown[0]


# -- TLS: the address is pinned, the certificate is still checked against the name -------------


@pytest.fixture
def tls(tmp_path):
    cert_file, key_file = self_signed(tmp_path, "localhost", names=("localhost",))
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert_file, key_file)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=server_context)
    server.start()
    client_context = ssl.create_default_context(cafile=str(cert_file))
    yield server, client_context
    server.clear()
    if server.is_running():
        server.stop()


def test_tls_keeps_sni_and_certificate_checks_on_the_name(tls):
    server, client_context = tls
    server.expect_request("/secure").respond_with_json({"tls": True})
    with safe_client(allow_private=True, verify=client_context) as client:
        assert client.get(f"https://localhost:{server.port}/secure").json() == {"tls": True}
        with pytest.raises(httpx.ConnectError):  # the certificate names localhost, not the address
            client.get(f"https://127.0.0.1:{server.port}/secure")
    request, _ = server.log[0]
    assert request.headers["Host"] == f"localhost:{server.port}"


# -- the http connector: its connection test fetches through the guard -------------------------


def http_connection(server: HTTPServer, **config):
    return SimpleNamespace(kind="http", slug="api", config={"base_url": server.url_for("/v1"), **config}, secrets={})


def test_connection_test_ok_and_failing(httpserver: HTTPServer, settings):
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = True
    token = "tok-SECRET-123456"
    httpserver.expect_request("/v1/health", headers={"Authorization": f"Bearer {token}"}).respond_with_data("fine")
    httpserver.expect_request("/v1/health").respond_with_data("who?", status=401)
    good = http_connection(httpserver, auth={"type": "bearer"}, health_path="/health")
    good.secrets = {"token": token}
    result = http_connection_test(connection=good)
    assert result["ok"] is True and result["status_code"] == 200 and result["latency_ms"] >= 0
    bad = http_connection(httpserver, auth={"type": "bearer"}, health_path="health")
    bad.secrets = {"token": "wrong-token"}
    result = http_connection_test(connection=bad)
    assert result["ok"] is False and result["status_code"] == 401 and "wrong-token" not in result["message"]


def test_connection_test_never_raises_for_network_errors(settings):
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = True
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: connection refused
    conn = SimpleNamespace(kind="http", slug="x", config={"base_url": f"http://127.0.0.1:{port}/"}, secrets={})
    result = http_connection_test(connection=conn)
    assert result["ok"] is False and result["status_code"] is None and result["message"]
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = False
    result = http_connection_test(connection=conn)
    assert result["ok"] is False and "loopback" in result["message"]
    result = http_connection_test(connection=SimpleNamespace(config={"base_url": "nope"}, secrets={}))
    assert result["ok"] is False and "base_url" in result["message"]


def test_http_connection_config_validation():
    parsed = http_config_validate(
        config={"base_url": "https://api.test/v1", "auth": {"type": "api_key", "name": "k", "in": "query"}},
        secrets={"api_key": "x"},
    )
    assert isinstance(parsed, HttpConnectionConfig) and parsed.auth.in_ == "query"
    with pytest.raises(ValueError, match="needs the secret 'token'"):
        http_config_validate(config={"base_url": "https://api.test", "auth": {"type": "bearer"}}, secrets={})
    with pytest.raises(ValueError, match="Unknown secrets"):
        http_config_validate(config={"base_url": "https://api.test"}, secrets={"passphrase": "x"})
    with pytest.raises(ValueError, match=r"config\.base_url"):
        http_config_validate(config={"base_url": "api.test"}, secrets={})
    with pytest.raises(ValueError, match="looks like a credential"):
        http_config_validate(config={"base_url": "https://api.test", "headers": {"Authorization": "x"}}, secrets={})
    assert set(http.HTTP_SECRET_KEYS) == {"token", "password", "api_key", "client_secret"}
