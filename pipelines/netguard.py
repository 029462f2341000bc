"""The SSRF guard: every URL a user gives Sluice is fetched through here.

``check_url`` refuses URLs that are not plain http(s), that carry credentials,
or whose host resolves (any A/AAAA record) to a non-public address: loopback,
private (RFC 1918, fc00::/7), link-local (169.254/16 — cloud metadata —,
fe80::/10), unspecified, multicast, reserved, carrier-grade NAT (100.64/10),
and the IPv6 forms that embed such an IPv4 address (IPv4-mapped ``::ffff:``,
IPv4-compatible, 6to4, Teredo, NAT64). Legacy numeric host forms
(``2130706433``, ``0x7f.1``, ``127.1``) are read the way the C library would
read them, so they cannot smuggle a loopback address past the check.

``allow_private`` opens the private ranges (a lab, an intranet API). Cloud
metadata endpoints stay blocked even then: no data source lives there and
they are the first target of SSRF (``ALWAYS_BLOCKED_*`` below).

DNS rebinding: ``safe_client`` returns a client whose transport resolves the
host once per request, checks every address, and connects to the checked
address while keeping the Host header and the TLS SNI/certificate check on
the original name. Redirects are followed by the client itself (at most 5),
each hop going through the same check; headers that carry credentials are
dropped when a redirect leaves the origin.

Policy for callers (see ``pipelines.connectors.http.private_network_allowed``):
private addresses are allowed when ``settings.ALLOW_PRIVATE_NETWORK_SOURCES``
is true, or when the HTTP Connection used sets ``allow_private_network``.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import ssl
import threading
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_REDIRECTS = 5
RESOLVE_TIMEOUT = 5.0
MAX_ADDRESSES_TRIED = 3
ALLOWED_SCHEMES = ("http", "https")

# Blocked whatever allow_private says.
ALWAYS_BLOCKED_HOSTNAMES = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "metadata.azure.com",
        "instance-data",
        "instance-data.ec2.internal",
    }
)
ALWAYS_BLOCKED_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle
        "169.254.170.2",  # AWS ECS task metadata
        "169.254.169.123",  # AWS time sync
        "100.100.100.200",  # Alibaba Cloud
        "fd00:ec2::254",  # AWS IPv6 metadata
    )
)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
# Query parameter names whose values are masked in messages and logs.
_SENSITIVE_PARAM = re.compile(r"(key|token|secret|passw|signature|sig|auth|credential|session|code)", re.IGNORECASE)
# Headers never carried across a redirect to another origin.
SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


class BlockedURLError(ValueError):
    """A URL Sluice refuses to fetch; the message says why and is safe to show."""


class UnresolvableHostError(BlockedURLError):
    """The host name does not resolve (within the time limit)."""


def redact_url(url: str | httpx.URL) -> str:
    """``url`` without credentials and with secret-looking query values masked, for messages and logs."""
    try:
        parsed = httpx.URL(str(url))
    except (httpx.InvalidURL, TypeError, ValueError):
        return "<invalid URL>"
    if parsed.userinfo:
        parsed = parsed.copy_with(username=None, password=None)
    query = parsed.query.decode("ascii", "replace")
    if query:
        pairs = [
            (name, "***" if _SENSITIVE_PARAM.search(name) else value)
            for name, value in parse_qsl(query, keep_blank_values=True)
        ]
        parsed = parsed.copy_with(query=urlencode(pairs, safe="*").encode("ascii"))
    return str(parsed.copy_with(fragment=None))


class _RedactURLs(logging.Filter):
    """httpx logs every request's full URL at INFO; mask credentials and secret query values in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(isinstance(a, httpx.URL) for a in record.args):
            record.args = tuple(redact_url(a) if isinstance(a, httpx.URL) else a for a in record.args)
        return True


_httpx_logger = logging.getLogger("httpx")
if not any(isinstance(f, _RedactURLs) for f in _httpx_logger.filters):
    _httpx_logger.addFilter(_RedactURLs())


def _parse(url: str | httpx.URL) -> httpx.URL:
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise BlockedURLError(f"Not a valid URL: {exc}") from None
    if parsed.scheme not in ALLOWED_SCHEMES:
        raise BlockedURLError(f"Only http and https URLs are allowed (got {parsed.scheme or 'no scheme'!r}).")
    if not parsed.host:
        raise BlockedURLError("The URL has no host.")
    if parsed.userinfo:
        raise BlockedURLError("Credentials in the URL (user:password@host) are not allowed; use a Connection.")
    return parsed


def _literal_address(host: str) -> IPAddress | None:
    """The address a numeric host stands for, including legacy forms (``2130706433``, ``0177.1``)."""
    bare = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if re.fullmatch(r"[0-9a-fA-FxX.]+", bare) and re.match(r"[0-9]", bare):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(bare))
        except OSError:
            return None
    return None


def blocked_reason(address: IPAddress, *, allow_private: bool) -> str | None:
    """Why ``address`` may not be contacted, or None when it may."""
    if address in ALWAYS_BLOCKED_ADDRESSES:
        return "a cloud metadata address"
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is None and (address in _NAT64 or (address in _IPV4_COMPATIBLE and int(address) > 1)):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            reason = blocked_reason(embedded, allow_private=allow_private)
            return f"{reason} (embedded in an IPv6 address)" if reason else None
    if allow_private:
        return None
    checks = (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private-network address"),
        ("is_reserved", "a reserved address"),
    )
    for attribute, reason in checks:
        if getattr(address, attribute):
            return reason
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return "a carrier-grade NAT address"
    if not address.is_global:
        return "not a public address"
    return None


def _getaddrinfo(host: str, port: int, timeout: float) -> list[IPAddress]:
    """Every address ``host`` resolves to, bounded by ``timeout`` (getaddrinfo itself has no timeout)."""
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            box["error"] = exc

    thread = threading.Thread(target=work, name="netguard-resolve", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise UnresolvableHostError(f"Resolving host {host!r} took longer than {timeout:g} s.")
    if "error" in box:
        raise UnresolvableHostError(f"Host {host!r} could not be resolved.")
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in box.get("infos", []):
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnresolvableHostError(f"Host {host!r} has no addresses.")
    return addresses


def resolve_checked(
    url: str | httpx.URL, *, allow_private: bool, timeout: float = RESOLVE_TIMEOUT
) -> tuple[httpx.URL, list[IPAddress]]:
    """Check ``url`` and return it parsed with the addresses it may be fetched from (all checked)."""
    parsed = _parse(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    return parsed, resolve_host_checked(parsed.host, port, allow_private=allow_private, timeout=timeout)


def resolve_host_checked(
    host: str, port: int, *, allow_private: bool, timeout: float = RESOLVE_TIMEOUT
) -> list[IPAddress]:
    """The addresses ``host`` may be contacted at (all checked; the same rules as ``resolve_checked``),
    for connections that are not HTTP (Spark Connect's gRPC): connect to one of these, not to the name."""
    host = host.lower().rstrip(".")
    if host in ALWAYS_BLOCKED_HOSTNAMES:
        raise BlockedURLError(f"Host {host!r} is a cloud metadata endpoint and is never fetched.")
    if not allow_private and (host == "localhost" or host.endswith(".localhost")):
        raise BlockedURLError(
            f"Host {host!r} is a loopback name; private network sources are disabled "
            "(ALLOW_PRIVATE_NETWORK_SOURCES, or allow_private_network on the Connection)."
        )
    literal = _literal_address(host)
    addresses = [literal] if literal is not None else _getaddrinfo(host, port, timeout)
    for address in addresses:
        reason = blocked_reason(address, allow_private=allow_private)
        if reason:
            shown = f"{host!r}" if literal is not None else f"{host!r} (resolves to {address})"
            hint = (
                ""
                if reason.startswith("a cloud metadata")
                else "; private network sources are disabled "
                "(ALLOW_PRIVATE_NETWORK_SOURCES, or allow_private_network on the Connection)"
            )
            raise BlockedURLError(f"Host {shown} is {reason}{hint}.")
    return addresses


def check_url(url: str, *, allow_private: bool) -> None:
    """Raise BlockedURLError unless ``url`` may be fetched (see the module docstring for the rules)."""
    resolve_checked(url, allow_private=allow_private)


def same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    return (a.scheme, a.host, a.port or a.scheme) == (b.scheme, b.host, b.port or b.scheme)


class GuardedTransport(httpx.BaseTransport):
    """Checks every request's host and connects to the checked address (no DNS rebinding).

    The request keeps its Host header and, for https, its SNI and certificate check on the
    original name (httpcore's ``sni_hostname`` extension). One inner connection pool per
    origin name, so a TLS connection verified for one name never serves another.
    """

    def __init__(
        self, *, allow_private: bool, verify: bool | ssl.SSLContext = True, resolve_timeout: float = RESOLVE_TIMEOUT
    ):
        self.allow_private = allow_private
        self.verify = verify
        self.resolve_timeout = resolve_timeout
        self._pools: dict[tuple[str, str, int | None], httpx.HTTPTransport] = {}
        self._lock = threading.Lock()

    def _pool(self, url: httpx.URL) -> httpx.HTTPTransport:
        key = (url.scheme, url.host, url.port)
        with self._lock:
            pool = self._pools.get(key)
            if pool is None:
                pool = self._pools[key] = httpx.HTTPTransport(verify=self.verify)
            return pool

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            url, addresses = resolve_checked(
                request.url, allow_private=self.allow_private, timeout=self.resolve_timeout
            )
        except UnresolvableHostError as exc:
            raise httpx.ConnectError(str(exc), request=request) from None
        pool = self._pool(url)
        extensions = dict(request.extensions)
        if url.scheme == "https":
            extensions["sni_hostname"] = url.host
        error: httpx.ConnectError | None = None
        for address in addresses[:MAX_ADDRESSES_TRIED]:
            pinned = httpx.Request(
                request.method,
                url.copy_with(host=str(address)),
                headers=request.headers,  # already carries Host: <original name>
                stream=request.stream,
                extensions=extensions,
            )
            try:
                return pool.handle_request(pinned)
            except httpx.ConnectError as exc:  # try the next checked address
                error = exc
        assert error is not None
        raise error

    def close(self) -> None:
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.close()


class GuardedClient(httpx.Client):
    """An httpx.Client that follows redirects itself: at most ``max_redirects`` hops, each
    checked by the guarded transport, dropping credential headers when a hop leaves the origin."""

    def __init__(self, *, sensitive_headers: Iterable[str] = (), **kwargs):
        super().__init__(**kwargs)
        self.sensitive_headers = SENSITIVE_HEADERS | {h.lower() for h in sensitive_headers}

    def send(self, request, *, stream=False, auth=httpx.USE_CLIENT_DEFAULT, follow_redirects=httpx.USE_CLIENT_DEFAULT):
        follow = (
            self.follow_redirects if isinstance(follow_redirects, type(httpx.USE_CLIENT_DEFAULT)) else follow_redirects
        )
        origin = request.url
        history: list[httpx.Response] = []
        while True:
            response = super().send(request, stream=stream, auth=auth, follow_redirects=False)
            response.history = list(history)
            if not (follow and response.has_redirect_location):
                return response
            next_request = response.next_request
            response.close()
            if len(history) >= self.max_redirects:
                raise httpx.TooManyRedirects(
                    f"More than {self.max_redirects} redirects from {redact_url(origin)}.", request=request
                )
            history.append(response)
            if not same_origin(next_request.url, origin):
                for name in list(next_request.headers):
                    if name.lower() in self.sensitive_headers:
                        del next_request.headers[name]
            request, auth = next_request, None


def safe_client(
    *,
    allow_private: bool,
    timeout: float | httpx.Timeout = 30.0,
    headers: dict[str, str] | None = None,
    follow_redirects: bool = True,
    max_redirects: int = MAX_REDIRECTS,
    sensitive_headers: Iterable[str] = (),
    verify: bool | ssl.SSLContext = True,
) -> httpx.Client:
    """The client for every fetch of a user-given URL. Use it as a context manager.

    ``sensitive_headers`` names extra headers (an API-key header) dropped on cross-origin
    redirects, besides Authorization, Proxy-Authorization and Cookie. Environment proxies and
    .netrc are ignored (``trust_env=False``): a proxy would connect to names, not checked addresses.
    """
    return GuardedClient(
        transport=GuardedTransport(allow_private=allow_private, verify=verify),
        timeout=timeout,
        headers=headers,
        follow_redirects=follow_redirects,
        max_redirects=max_redirects,
        sensitive_headers=sensitive_headers,
        trust_env=False,
    )
