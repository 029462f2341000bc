"""Django's error handlers (handler404, handler500): JSON under /api/, the site's pages elsewhere.

A URL under /api/ that matches no route (an unknown path, or an id outside 1..2**63-1, which the
``id`` converter refuses) is answered like the API's own 404s, ``{"detail": ...}`` as JSON, which is
what the OpenAPI document promises, not with the HTML page meant for a browser.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.views import defaults


def _api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception):
    if _api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _api(request):
        return JsonResponse({"detail": "Server error; it has been logged."}, status=500)
    return defaults.server_error(request)
