"""``/metrics`` for Prometheus (django-prometheus' exporter plus Sluice's collectors), behind a gate.

Readable with ``Authorization: Bearer <SLUICE_METRICS_TOKEN>`` or from an address in
``SLUICE_METRICS_ALLOWED_IPS`` (addresses or CIDRs, matched against the peer's address: behind a reverse
proxy use the token, or let Prometheus scrape the web container directly). With neither configured it
is open outside production and closed (403) in production. A missing or wrong token is a 401 with
``WWW-Authenticate: Bearer``; an address that is not allowed, when no token is configured, a 403.
"""

from __future__ import annotations

import hmac
import ipaddress
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django_prometheus.exports import ExportToDjangoView


@cache
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(f"SLUICE_METRICS_ALLOWED_IPS holds {entry!r}, not an address or CIDR") from exc
    return tuple(networks)


def _address_allowed(request: HttpRequest) -> bool:
    networks = _networks(tuple(settings.SLUICE_METRICS_ALLOWED_IPS))
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def _token_valid(request: HttpRequest) -> bool | None:
    """True or False when a bearer token came, None when none did."""
    scheme, _, presented = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        return None
    expected = settings.SLUICE_METRICS_TOKEN
    return bool(expected) and hmac.compare_digest(presented.strip().encode(), expected.encode())


def _refused(status: int, message: str) -> HttpResponse:
    response = HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
    return response


def metrics(request: HttpRequest) -> HttpResponse:
    token, allowed_ips = settings.SLUICE_METRICS_TOKEN, settings.SLUICE_METRICS_ALLOWED_IPS
    if not token and not allowed_ips:
        if settings.PRODUCTION:
            return _refused(403, "/metrics is closed: set SLUICE_METRICS_TOKEN or SLUICE_METRICS_ALLOWED_IPS.")
        return ExportToDjangoView(request)
    valid = _token_valid(request)
    if valid or (allowed_ips and _address_allowed(request)):
        return ExportToDjangoView(request)
    if valid is False:
        return _refused(401, "Wrong metrics token.")
    if token:
        return _refused(401, "A bearer token is required: Authorization: Bearer <SLUICE_METRICS_TOKEN>.")
    return _refused(403, "This address may not read /metrics (SLUICE_METRICS_ALLOWED_IPS).")
