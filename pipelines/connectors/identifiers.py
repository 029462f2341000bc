"""SQL identifiers a user may name (schemas, tables, columns): plain ASCII names only, so that a name
is never SQL. Imported by the connection configs and by every connector that builds a statement."""

from __future__ import annotations

import re
from typing import Any

IDENTIFIER_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MAX_IDENTIFIER = 63


class IdentifierError(ValueError):
    """A schema, table or column name that is not a plain identifier."""


def check_identifier(name: Any, *, what: str = "identifier") -> str:
    """``name`` if it is a plain SQL identifier, else IdentifierError with a message naming ``what``."""
    if not isinstance(name, str) or not name:
        raise IdentifierError(f"The {what} name is empty.")
    if len(name) > MAX_IDENTIFIER:
        raise IdentifierError(f"The {what} name {name[:20]!r}... is longer than {MAX_IDENTIFIER} characters.")
    if not IDENTIFIER_RE.match(name):
        raise IdentifierError(
            f"The {what} name {name!r} is not allowed: use ASCII letters, digits and underscores, "
            "starting with a letter or underscore (rename it with a query or a map transform)."
        )
    return name
