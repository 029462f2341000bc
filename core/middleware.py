"""Request/correlation id: taken from X-Request-ID when well-formed, else generated; bound to every log line."""

from __future__ import annotations

import re
import uuid

import structlog
from django.http import HttpResponseBadRequest, JsonResponse

REQUEST_ID_HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
log = structlog.get_logger("sluice.request")


def new_request_id(incoming: str | None) -> str:
    if incoming and _VALID.match(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = new_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            response = self.get_response(request)
        finally:
            structlog.contextvars.unbind_contextvars("request_id")
        response[REQUEST_ID_HEADER] = request_id
        return response


NUL_MESSAGE = "May not contain NUL characters."


class QueryNulMiddleware:
    """A query string with a NUL character is a 400 naming the parameters: no filter, search or page
    can use one (PostgreSQL text cannot hold it; a search for one failed in the database, a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            names = {n for n, values in request.GET.lists() if "\x00" in n or any("\x00" in v for v in values)}
            if names:
                shown = sorted(n.replace("\x00", "\\0") for n in names)
                if request.path.startswith("/api/"):
                    return JsonResponse({n: [NUL_MESSAGE] for n in shown}, status=400)
                return HttpResponseBadRequest(f"{', '.join(shown)}: {NUL_MESSAGE}", content_type="text/plain")
        return self.get_response(request)
