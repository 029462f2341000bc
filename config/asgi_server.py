"""What the ASGI server (daphne on Twisted) does to a request before Django sees it.

Twisted's HTTP request parses a POST body of type ``multipart/form-data`` into ``request.args``
itself, before daphne hands the raw body to the application, and answers a body it cannot parse (an
empty multipart document, a missing boundary) with a bare ``400`` that has no headers and no message
and never reaches Django. Daphne reads only the raw body, so that parsing is wasted work (a second
copy of every upload in memory) and its failure hides the API's own answer. Turning it off lets every
body reach Django, whose parsers answer a bad one with a 400 that says what is wrong.
"""

from __future__ import annotations

import functools


def pass_request_bodies_through() -> None:
    """Make daphne's requests skip Twisted's form parsing (idempotent; a no-op without daphne)."""
    try:
        from daphne.http_protocol import WebRequest
    except ImportError:  # another ASGI server
        return
    if getattr(WebRequest.__init__, "_sluice_raw_bodies", False):
        return
    original = WebRequest.__init__

    @functools.wraps(original)
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("parsePOSTFormSubmission", False)
        original(self, *args, **kwargs)

    __init__._sluice_raw_bodies = True
    WebRequest.__init__ = __init__
