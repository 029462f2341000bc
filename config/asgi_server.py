"""What the ASGI server (daphne on Twisted) does to a request before Django sees it.

Twisted's HTTP request parses a POST body of type ``multipart/form-data`` into ``request.args``
itself, before daphne hands the raw body to the application, and answers a body it cannot parse (an
empty multipart document, a missing boundary) with a bare ``400`` that has no headers and no message
and never reaches Django. Daphne reads only the raw body, so that parsing is wasted work (a second
copy of every upload in memory) and its failure hides the API's own answer. Turning it off lets every
body reach Django, whose parsers answer a bad one with a 400 that says what is wrong.

Requests Twisted still refuses itself get an answer that says why, as JSON like the API's errors:
a request line or header over 16 KB was dropped without any answer (the client saw the connection
close), now a 414 (the URL) or 431 (a header); other unreadable HTTP a 400 with a message.
"""

from __future__ import annotations

import functools
import json
import re

_REQUEST_LINE = re.compile(rb"^[A-Z]+ \S")


def _refuse(channel, status: str, message: str) -> None:
    body = json.dumps({"detail": message}).encode()
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    channel.transport.write(head.encode() + body)
    channel.loseConnection()


def pass_request_bodies_through() -> None:
    """Make daphne's requests skip Twisted's form parsing, and Twisted's refusals say why
    (idempotent; a no-op without daphne)."""
    try:
        from daphne.http_protocol import WebRequest
        from twisted.web.http import HTTPChannel
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

    def lineLengthExceeded(self, line):
        if _REQUEST_LINE.match(line):
            _refuse(self, "414 URI Too Long", f"The URL is longer than {self.MAX_LENGTH} bytes.")
        else:
            _refuse(self, "431 Request Header Fields Too Large", f"A header is longer than {self.MAX_LENGTH} bytes.")

    HTTPChannel.lineLengthExceeded = lineLengthExceeded
    if hasattr(HTTPChannel, "_respondToBadRequestAndDisconnect"):
        HTTPChannel._respondToBadRequestAndDisconnect = lambda self: _refuse(
            self, "400 Bad Request", "The request is not valid HTTP, or its headers are over the size limit."
        )
