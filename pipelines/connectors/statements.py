"""Static checks of user SQL before it reaches a database (sqlglot).

``check_select`` accepts exactly one SELECT (or WITH ... SELECT, or a UNION of SELECTs) and
refuses every statement, clause or sub-statement that writes or changes state: INSERT, UPDATE,
DELETE, MERGE, data-modifying CTEs, SELECT ... INTO, FOR UPDATE, DDL, SET, PRAGMA, ATTACH,
COPY, transaction control and anything sqlglot cannot parse. It is the first line only: the
statement still runs in a read-only transaction, so the database enforces the same rule.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokens import TokenType

_FORBIDDEN_NAMES = (
    "Insert",
    "Update",
    "Delete",
    "Merge",
    "Create",
    "Drop",
    "Alter",
    "AlterTable",
    "TruncateTable",
    "Command",
    "Into",
    "Lock",
    "Set",
    "Pragma",
    "Transaction",
    "Commit",
    "Rollback",
    "Use",
    "Attach",
    "Detach",
    "Copy",
    "LoadData",
    "Grant",
    "Revoke",
    "Analyze",
    "Export",
    "Install",
    "Comment",
    "Rename",
)
FORBIDDEN = tuple(getattr(exp, name) for name in _FORBIDDEN_NAMES if isinstance(getattr(exp, name, None), type))
_QUERY_ROOTS = tuple(getattr(exp, n) for n in ("Select", "Union", "SetOperation", "Subquery") if hasattr(exp, n))
SQLGLOT_DIALECTS = {"postgres": "postgres", "sqlite": "sqlite", "duckdb": "duckdb", "mysql": "mysql"}


class UnsafeStatement(ValueError):
    """User SQL that is not a single read-only query."""


def _describe(node: exp.Expression) -> str:
    key = type(node).__name__.upper()
    return {"INTO": "SELECT ... INTO", "LOCK": "FOR UPDATE/SHARE", "COMMAND": "a non-query statement"}.get(key, key)


def check_select(sql: str, dialect: str, *, what: str = "query") -> exp.Expression:
    """The parsed statement when ``sql`` is exactly one read-only query, else UnsafeStatement."""
    if not isinstance(sql, str) or not sql.strip():
        raise UnsafeStatement(f"The {what} is empty.")
    if "\x00" in sql:
        raise UnsafeStatement(f"The {what} contains a NUL character.")
    try:
        statements = [s for s in sqlglot.parse(sql, read=SQLGLOT_DIALECTS[dialect]) if s is not None]
    except (ParseError, TokenError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UnsafeStatement(f"The {what} could not be parsed as a single SELECT: {first[:300]}") from None
    if len(statements) != 1:
        raise UnsafeStatement(f"The {what} must be a single statement; found {len(statements)}.")
    tree = statements[0]
    if not isinstance(tree, _QUERY_ROOTS):
        raise UnsafeStatement(f"The {what} must be a SELECT (or WITH ... SELECT), not {_describe(tree)}.")
    for node in tree.walk():
        if isinstance(node, FORBIDDEN):
            raise UnsafeStatement(f"The {what} may only read: it contains {_describe(node)}.")
    return tree


def check_condition(where: str, dialect: str) -> None:
    """``where`` must parse as one boolean expression (subqueries allowed, writes refused)."""
    if not isinstance(where, str) or not where.strip():
        raise UnsafeStatement("The condition is empty.")
    try:
        node = sqlglot.parse_one(where, read=SQLGLOT_DIALECTS[dialect], into=exp.Condition)
    except (ParseError, TokenError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UnsafeStatement(f"The condition is not a single SQL boolean expression: {first[:300]}") from None
    for sub in node.walk():
        if isinstance(sub, FORBIDDEN):
            raise UnsafeStatement(f"The condition may only read: it contains {_describe(sub)}.")


def strip_statement(sql: str, dialect: str) -> str:
    """The statement up to its last token: no trailing semicolons or comments, so it can be
    wrapped in ``SELECT * FROM (...) LIMIT n``."""
    try:
        tokens = sqlglot.tokenize(sql, read=SQLGLOT_DIALECTS[dialect])
    except TokenError as exc:
        raise UnsafeStatement(f"The query could not be tokenized: {str(exc)[:300]}") from None
    while tokens and tokens[-1].token_type == TokenType.SEMICOLON:
        tokens.pop()
    if not tokens:
        raise UnsafeStatement("The query is empty.")
    return sql[: tokens[-1].end + 1].strip()
