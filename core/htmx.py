"""htmx helpers of the server-rendered pages."""

from __future__ import annotations


def is_htmx(request) -> bool:
    """Whether the request was sent by htmx (a partial is enough as the answer)."""
    return request.headers.get("HX-Request") == "true"
