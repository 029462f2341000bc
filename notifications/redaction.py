"""One helper that takes connection details out of error texts before they go into an event.

Events travel far: to every subscriber of a pipeline, to the inbox and email of its followers, to the
Event table that ``/api/events/`` serves. An error from a driver or an HTTP client names the database
user, the host, the database, sometimes a DSN or a URL with credentials; none of that belongs in an event.
The emitters (executions/events.py, the notifications of finished runs) pass every error text through
``redact_error`` first; the full text stays on the StepRun/Execution, for the people who may see the
execution.

Two layers:
- ``known``: exact strings the caller knows to be connection details (the hosts, users, databases and
  secrets of the connections the run uses), replaced wherever they appear;
- patterns for what drivers and URLs look like: URLs (any scheme) and DSNs, ``key=value`` pairs of
  libpq/ODBC connection strings, ``user "x"``/``role "x"``/``database "x"``, ``'x'@'host'``,
  ``server at "host"``, ``host name "x"``, IPv4 and bracketed IPv6 addresses with their ports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

REDACTED = "***"
MAX_LENGTH = 2000

_URL_RE = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.\-]{1,20}://[^\s'\"<>]+")
_KV_RE = re.compile(
    r"\b(password|passwd|pwd|user|username|uid|host|hostaddr|server|port|dbname|database|"
    r"sslpassword|sslkey|sslcert|passfile|service)(\s*=\s*)('[^']*'|\"[^\"]*\"|[^\s;,)]+)",
    re.IGNORECASE,
)
_QUOTED_AFTER_RE = re.compile(
    r"\b(user|role|database|db|schema|host|host name|server|server at|server on|socket|address)(\s+)"
    r"('[^']*'|\"[^\"]*\"|`[^`]*`)",
    re.IGNORECASE,
)
_MYSQL_ACCOUNT_RE = re.compile(r"'[^']*'@'[^']*'")
_IPV4_RE = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?![\w.])")
# Bracketed, with three colons at least (a time such as 12:30:45 is kept), compressed (fe80::1), or ::1.
_IPV6_RE = re.compile(
    r"\[[0-9A-Fa-f:.%]{2,}\](?::\d{1,5})?"
    r"|(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){3,7}[0-9A-Fa-f]{0,4}(?![\w:])"
    r"|(?<![\w:.])[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?(?:%\w+)?(?![\w:])"
    r"|(?<![\w:])::1(?![\w:])"
)
_PORT_RE = re.compile(r"\bport \d{1,5}\b", re.IGNORECASE)


def redact_error(text: str, *, known: Iterable[str] = (), limit: int = MAX_LENGTH) -> str:
    """``text`` with connection details replaced by ``***`` (at most ``limit`` characters)."""
    if not text:
        return ""
    result = str(text)
    values = sorted({str(v) for v in known if v is not None and len(str(v)) >= 3}, key=len, reverse=True)
    for value in values:
        for form in {value, quote(value, safe=""), quote(value)}:
            result = result.replace(form, REDACTED)
    result = _URL_RE.sub(lambda m: f"{m.group(0).split('://', 1)[0]}://{REDACTED}", result)
    result = _KV_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", result)
    result = _MYSQL_ACCOUNT_RE.sub(REDACTED, result)
    result = _QUOTED_AFTER_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", result)
    result = _IPV4_RE.sub(REDACTED, result)
    result = _IPV6_RE.sub(REDACTED, result)
    result = _PORT_RE.sub(f"port {REDACTED}", result)
    return result[:limit]
