"""django-csp's middleware with per-route additions kept in one place (``SLUICE_CSP_ROUTE_UPDATES``):
the policy is the same strict one everywhere except on the routes named there, and only by what is
listed (the builder's JSON Schema forms compile their validators with ``new Function``)."""

from __future__ import annotations

from csp.middleware import CSPMiddleware as _CSPMiddleware
from django.conf import settings


def _route(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


class CSPMiddleware(_CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False):
        parts = super().get_policy_parts(request, response, report_only)
        extra = getattr(settings, "SLUICE_CSP_ROUTE_UPDATES", {}).get(_route(request))
        if extra:
            parts.update = {**extra, **(parts.update or {})}
        return parts
