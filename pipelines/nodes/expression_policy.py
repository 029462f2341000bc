"""What an expression may say, checked with a real SQL parser before Polars sees the text.

Polars' SQL front end runs table functions (``read_csv``, ``read_parquet``, ``read_json``, ``read_ipc``)
*while it parses* ``a IN (SELECT x FROM read_csv('/etc/passwd'))``: a file read or an HTTP request
before any check of ours could look at the result. So every expression is first parsed by sqlglot
into a syntax tree and accepted only when

1. its text is plain: no comments, no statement separator, no quoting forms on which two SQL parsers
   may disagree (dollar, escape, national, unicode, byte and bit strings, backticks, doubled quotes
   inside a quoted name, string literals side by side), no control characters;
2. it is small: at most ``MAX_DEPTH`` nested parentheses and ``MAX_TREE_DEPTH`` levels in all;
3. every node of the tree is on the allowlist: column references (unqualified), literals, arithmetic,
   comparison and boolean operators, ``CASE``/``CAST``/``TRY_CAST``/``IN (list)``/``BETWEEN``/``LIKE``/
   ``ILIKE``/``IS [NOT] NULL``/regex matches/``INTERVAL``, and the value functions of ``FUNCTIONS``.
   Subqueries, table functions, ``SELECT``/``FROM`` in any position, aggregates, window functions,
   parameters, qualified names and every other function are refused.

Only then does the original text go to ``pl.sql_expr`` (its own semantics, not a rewritten text). The
same check runs wherever an expression enters: graph documents (API, builder, imports, templates), node
configs (pydantic), validation, and at run time on workers (``pipelines.nodes.expressions``).
``docs/nodes.md`` lists ``FUNCTIONS``; a test fails when the two differ.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError
from sqlglot.parser import Parser
from sqlglot.tokens import TokenType

DIALECT = "postgres"
MAX_DEPTH = 64  # parentheses within parentheses
MAX_TREE_DEPTH = 512  # a + b + c + ... nests one level per operator


class ExpressionNotAllowed(ValueError):
    """The expression says something Sluice does not run (``code`` is ``not_allowed`` or ``syntax``)."""

    def __init__(self, message: str, *, code: str = "not_allowed", function: str | None = None):
        super().__init__(message)
        self.message, self.code, self.function = message, code, function


@dataclass(frozen=True)
class Function:
    name: str
    category: str
    example: str
    description: str


# The value functions of Polars SQL an expression may call. Each example must run in Polars over the
# columns a (integer), b (float), s (string), d (date) and t (datetime): tests run every one.
FUNCTIONS: tuple[Function, ...] = (
    # math
    Function("ABS", "math", "ABS(a)", "Absolute value."),
    Function("CBRT", "math", "CBRT(b)", "Cube root."),
    Function("CEIL", "math", "CEIL(b)", "Smallest integer not below the value (also CEILING)."),
    Function("CEILING", "math", "CEILING(b)", "Same as CEIL."),
    Function("DIV", "math", "DIV(a, 2)", "Integer division."),
    Function("EXP", "math", "EXP(b)", "e raised to the value."),
    Function("FLOOR", "math", "FLOOR(b)", "Largest integer not above the value."),
    Function("LN", "math", "LN(b)", "Natural logarithm."),
    Function("LOG10", "math", "LOG10(b)", "Base-10 logarithm."),
    Function("LOG1P", "math", "LOG1P(b)", "Natural logarithm of 1 + the value."),
    Function("LOG2", "math", "LOG2(b)", "Base-2 logarithm."),
    Function("MOD", "math", "MOD(a, 2)", "Remainder (also the % operator)."),
    Function("PI", "math", "PI()", "The constant π."),
    Function("POW", "math", "POW(a, 2)", "Power (also POWER)."),
    Function("POWER", "math", "POWER(a, 2)", "Same as POW."),
    Function("ROUND", "math", "ROUND(b, 1)", "Round to a number of decimals (0 by default)."),
    Function("SIGN", "math", "SIGN(a)", "-1, 0 or 1."),
    Function("SQRT", "math", "SQRT(b)", "Square root."),
    Function("TRUNC", "math", "TRUNC(b)", "Drop the fractional part."),
    Function("SIN", "math", "SIN(b)", "Sine (radians); COS, TAN, COT, ASIN, ACOS, ATAN, ATAN2 likewise."),
    Function("COS", "math", "COS(b)", "Cosine (radians)."),
    Function("TAN", "math", "TAN(b)", "Tangent (radians)."),
    Function("COT", "math", "COT(b)", "Cotangent (radians)."),
    Function("ASIN", "math", "ASIN(b)", "Arc sine (radians)."),
    Function("ACOS", "math", "ACOS(b)", "Arc cosine (radians)."),
    Function("ATAN", "math", "ATAN(b)", "Arc tangent (radians)."),
    Function("ATAN2", "math", "ATAN2(b, a)", "Arc tangent of y/x (radians)."),
    Function("SIND", "math", "SIND(b)", "Sine of degrees; COSD, TAND, COTD, ASIND, ACOSD, ATAND, ATAN2D likewise."),
    Function("COSD", "math", "COSD(b)", "Cosine of degrees."),
    Function("TAND", "math", "TAND(b)", "Tangent of degrees."),
    Function("COTD", "math", "COTD(b)", "Cotangent of degrees."),
    Function("ASIND", "math", "ASIND(b)", "Arc sine in degrees."),
    Function("ACOSD", "math", "ACOSD(b)", "Arc cosine in degrees."),
    Function("ATAND", "math", "ATAND(b)", "Arc tangent in degrees."),
    Function("ATAN2D", "math", "ATAN2D(b, a)", "Arc tangent of y/x in degrees."),
    Function("DEGREES", "math", "DEGREES(b)", "Radians to degrees."),
    Function("RADIANS", "math", "RADIANS(b)", "Degrees to radians."),
    # strings
    Function("BIT_LENGTH", "string", "BIT_LENGTH(s)", "Length in bits."),
    Function("CHAR_LENGTH", "string", "CHAR_LENGTH(s)", "Same as LENGTH."),
    Function("CHARACTER_LENGTH", "string", "CHARACTER_LENGTH(s)", "Same as LENGTH."),
    Function("CONCAT", "string", "CONCAT(s, '-', a)", "Join values as text (nulls are skipped); also the || operator."),
    Function("CONCAT_WS", "string", "CONCAT_WS('-', s, a)", "Join values with a separator (nulls are skipped)."),
    Function("ENDS_WITH", "string", "ENDS_WITH(s, 'x')", "True when the text ends with the suffix."),
    Function("INITCAP", "string", "INITCAP(s)", "First letter of each word in capitals."),
    Function("LEFT", "string", "LEFT(s, 2)", "The first n characters."),
    Function("LENGTH", "string", "LENGTH(s)", "Number of characters."),
    Function("LOWER", "string", "LOWER(s)", "Lower case."),
    Function("LPAD", "string", "LPAD(s, 5, '0')", "Pad on the left to a length."),
    Function("LTRIM", "string", "LTRIM(s)", "Remove leading blanks (or the given characters)."),
    Function("NORMALIZE", "string", "NORMALIZE(s)", "Unicode normalization (NFC by default)."),
    Function("OCTET_LENGTH", "string", "OCTET_LENGTH(s)", "Length in bytes."),
    Function("POSITION", "string", "POSITION('x' IN s)", "1-based position of a substring, 0 when absent."),
    Function("REGEXP_LIKE", "string", "REGEXP_LIKE(s, '^[a-z]+$')", "True when the regular expression matches."),
    Function("REGEXP_REPLACE", "string", "REGEXP_REPLACE(s, '[0-9]', '#')", "Replace regular-expression matches."),
    Function("REPLACE", "string", "REPLACE(s, 'a', 'b')", "Replace every occurrence of a substring."),
    Function("REVERSE", "string", "REVERSE(s)", "Characters in reverse order."),
    Function("RIGHT", "string", "RIGHT(s, 2)", "The last n characters."),
    Function("RPAD", "string", "RPAD(s, 5, '0')", "Pad on the right to a length."),
    Function("RTRIM", "string", "RTRIM(s)", "Remove trailing blanks (or the given characters)."),
    Function("SPLIT_PART", "string", "SPLIT_PART(s, ',', 1)", "The n-th field of a delimited text."),
    Function("STARTS_WITH", "string", "STARTS_WITH(s, 'x')", "True when the text starts with the prefix."),
    Function("STRPOS", "string", "STRPOS(s, 'x')", "Same as POSITION(substring IN text)."),
    Function("SUBSTR", "string", "SUBSTR(s, 1, 2)", "Substring from a 1-based start, optionally of a length."),
    Function("SUBSTRING", "string", "SUBSTRING(s, 1, 2)", "Same as SUBSTR (also SUBSTRING(s FROM 1 FOR 2))."),
    Function("TRIM", "string", "TRIM(s)", "Remove blanks (or TRIM(BOTH|LEADING|TRAILING 'x' FROM s))."),
    Function("UPPER", "string", "UPPER(s)", "Upper case."),
    # dates and times
    Function("CURRENT_DATE", "date", "CURRENT_DATE", "Today's date (when the step runs)."),
    Function("DATE", "date", "DATE('2024-01-31')", "A date from text (ISO format, or a strftime format)."),
    Function("DATE_PART", "date", "DATE_PART('year', d)", "A field of a date or time (same as EXTRACT)."),
    Function("EXTRACT", "date", "EXTRACT(MONTH FROM d)", "A field of a date or time: YEAR, MONTH, DAY, HOUR, EPOCH…"),
    Function("NOW", "date", "NOW()", "The current timestamp (when the step runs)."),
    Function("STRFTIME", "date", "STRFTIME(t, '%Y-%m')", "A date or time as text, with a strftime format."),
    Function("STRPTIME", "date", "STRPTIME('2024-01-31 10:00', '%Y-%m-%d %H:%M')", "A timestamp from text."),
    Function("TIMESTAMP", "date", "TIMESTAMP('2024-01-31 10:00:00')", "A timestamp from text."),
    # conditionals
    Function("COALESCE", "conditional", "COALESCE(a, 0)", "The first value that is not null."),
    Function("GREATEST", "conditional", "GREATEST(a, 0)", "The largest of the values."),
    Function("IF", "conditional", "IF(a > 0, 'positive', 'other')", "IF(condition, then, else)."),
    Function("IFNULL", "conditional", "IFNULL(a, 0)", "The value, or the fallback when it is null."),
    Function("LEAST", "conditional", "LEAST(a, 0)", "The smallest of the values."),
    Function("NULLIF", "conditional", "NULLIF(a, 0)", "Null when the two values are equal, else the first."),
)

FUNCTION_NAMES = frozenset(f.name for f in FUNCTIONS)

# Syntax (not functions): what the tree may hold besides calls to FUNCTIONS.
_STRUCTURE: tuple[type[exp.Expression], ...] = (
    exp.Column,
    exp.Identifier,
    exp.Literal,
    exp.Boolean,
    exp.Null,
    exp.Paren,
    exp.Neg,
    exp.Not,
    exp.And,
    exp.Or,
    exp.Add,
    exp.Sub,
    exp.Mul,
    exp.Div,
    exp.Mod,
    exp.DPipe,
    exp.BitwiseAnd,
    exp.BitwiseOr,
    exp.EQ,
    exp.NEQ,
    exp.GT,
    exp.GTE,
    exp.LT,
    exp.LTE,
    exp.NullSafeEQ,
    exp.NullSafeNEQ,
    exp.Is,
    exp.In,
    exp.Between,
    exp.Like,
    exp.ILike,
    exp.RegexpLike,
    exp.RegexpILike,
    exp.Case,
    exp.If,
    exp.Cast,
    exp.TryCast,
    exp.DataType,
    exp.DataTypeParam,
    exp.Interval,
    exp.Var,
)

# Tokens refused outright: forms two SQL parsers may read differently, or that have no business here.
_REFUSED_TOKENS = {
    TokenType.SEMICOLON: "a ';' (one expression only)",
    TokenType.HASH: "a '#'",
    TokenType.UNKNOWN: "an unexpected character",
    TokenType.BYTE_STRING: "an escape string (E'...')",
    TokenType.NATIONAL_STRING: "a national string (N'...')",
    TokenType.UNICODE_STRING: "a unicode string (U&'...')",
    TokenType.HEREDOC_STRING: "a dollar-quoted string",
    TokenType.RAW_STRING: "a raw string",
    TokenType.BIT_STRING: "a bit string",
    TokenType.HEX_STRING: "a hex string",
    TokenType.PARAMETER: "a parameter",
    TokenType.PLACEHOLDER: "a placeholder",
    TokenType.SESSION_PARAMETER: "a session parameter",
    TokenType.DAT: "a '@'",
    TokenType.L_BRACKET: "a '['",
    TokenType.R_BRACKET: "a ']'",
    TokenType.L_BRACE: "a '{'",
    TokenType.R_BRACE: "a '}'",
}
# Words that are followed by "(" without being a function call.
_NOT_CALLS = frozenset(
    {"IN", "AND", "OR", "NOT", "IS", "LIKE", "ILIKE", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "CAST", "TRY_CAST"}
    | {"EXISTS", "ANY", "ALL", "SOME", "AS", "INTERVAL", "FROM", "FOR", "DISTINCT", "ARRAY", "VALUES", "OVER"}
)


_TYPE_TOKENS = frozenset(Parser.TYPE_TOKENS) - {TokenType.DATE, TokenType.TIMESTAMP}
_QUERY_TOKENS = frozenset(
    {TokenType.SELECT, TokenType.WITH, TokenType.VALUES, TokenType.TABLE}
    | {TokenType.UNION, TokenType.EXCEPT, TokenType.INTERSECT}
)
_SUBQUERY = (exp.Select, exp.Subquery, exp.Exists, exp.Table, exp.From, exp.Union, exp.With, exp.Values, exp.Query)


@cache
def _allowed_function_classes() -> tuple[frozenset[type[exp.Expression]], frozenset[str]]:
    """The sqlglot classes the FUNCTIONS parse to, and the names that parse as anonymous calls."""
    classes: set[type[exp.Expression]] = set()
    anonymous: set[str] = set()
    for function in FUNCTIONS:
        tree = sqlglot.parse_one(function.example, read=DIALECT)
        for node in tree.walk():
            if isinstance(node, exp.Anonymous):
                anonymous.add(node.name.upper())
            else:
                classes.add(type(node))
    return frozenset(classes), frozenset(anonymous)


def _plain_text(text: str) -> None:
    for ch in text:
        if ch in "\t\n\r":
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            raise ExpressionNotAllowed(f"control or invisible character U+{ord(ch):04X} is not allowed")


def _tokens(text: str) -> list:
    try:
        tokens = sqlglot.Dialect.get_or_raise(DIALECT).tokenize(text)
    except (TokenError, ParseError, ValueError) as exc:
        raise _syntax(text, exc) from None
    depth = 0
    previous = None
    for token in tokens:
        if token.comments:
            raise ExpressionNotAllowed("comments are not allowed in expressions")
        refused = _REFUSED_TOKENS.get(token.token_type)
        if refused:
            raise ExpressionNotAllowed(f"{refused} is not allowed in expressions")
        if token.token_type == TokenType.IDENTIFIER and '"' in token.text:
            raise ExpressionNotAllowed('a quoted name may not contain a double quote (")')
        if token.token_type == TokenType.STRING and previous is not None and previous.token_type == TokenType.STRING:
            raise ExpressionNotAllowed("two string literals side by side; join them with || or CONCAT()")
        if token.token_type == TokenType.L_PAREN:
            depth += 1
            if depth > MAX_DEPTH:
                raise ExpressionNotAllowed(f"the expression nests parentheses deeper than {MAX_DEPTH} levels")
        elif token.token_type == TokenType.R_PAREN:
            depth -= 1
        previous = token
    return tokens


def _written_call(tokens: list, allowed: frozenset[str]) -> str | None:
    """The first name written as a call (``name(``) that is not an allowed function."""
    for token, following in itertools.pairwise(tokens):
        if following.token_type != TokenType.L_PAREN:
            continue
        if token.token_type in _TYPE_TOKENS:  # DECIMAL(10, 2) in a CAST
            continue
        if token.token_type in (TokenType.VAR, TokenType.IDENTIFIER) or token.text.isidentifier():
            name = token.text.upper()
            if name not in allowed and name not in _NOT_CALLS:
                return token.text
    return None


def _syntax(text: str, exc: BaseException) -> ExpressionNotAllowed:
    """A readable syntax error: what is wrong and where (sqlglot's own words name its classes)."""
    errors = getattr(exc, "errors", None) or []
    if not errors:
        reason = "an unclosed quote or an unexpected character"
    else:
        error = errors[0]
        description = str(error.get("description") or "")
        near = f" near {error['highlight']!r}" if error.get("highlight") else ""
        if description.startswith("Required keyword"):
            reason = f"something is missing{near} (an incomplete expression)"
        elif description.startswith("Expecting "):
            reason = f"expected {description.removeprefix('Expecting ')}{near}"
        else:
            reason = f"unexpected text{near}" if near else description[:120]
        if error.get("col"):
            reason += f" at character {error['col']}"
    shown = " ".join(text.split())
    shown = shown if len(shown) <= 80 else shown[:79] + "…"
    return ExpressionNotAllowed(f"cannot read the SQL expression {shown!r}: {reason}", code="syntax")


def _depth_check(tree: exp.Expression) -> None:
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            raise ExpressionNotAllowed(f"the expression is too deeply nested (more than {MAX_TREE_DEPTH} levels)")
        stack.extend((child, depth + 1) for child in node.iter_expressions())


def _describe(node: exp.Expression, tokens: list) -> tuple[str, str | None]:
    """A message for a node that is not allowed, and the function it names (if any)."""
    if isinstance(node, _SUBQUERY):
        return "subqueries and SELECT/FROM are not allowed in expressions (use a join node to combine data)", None
    if isinstance(node, exp.Func):
        written = _written_call(tokens, FUNCTION_NAMES)
        name = node.name if isinstance(node, exp.Anonymous) and node.name else (written or node.sql_name())
        reads = name.lower().startswith(("read_", "scan_")) or isinstance(node, exp.ReadCSV)
        if reads:
            return f"the function {name}() reads files or URLs and is not allowed in expressions", name
        return f"the function {name}() is not allowed in expressions (see the list of allowed functions)", name
    if isinstance(node, exp.Column | exp.Dot):
        return "qualified names (table.column) are not allowed; quote a column name that contains a dot", None
    if isinstance(node, exp.Star):
        return "'*' is not allowed in expressions", None
    if isinstance(node, exp.Window):
        return "window functions (OVER) are not allowed in expressions", None
    if isinstance(node, exp.Alias | exp.Aliases):
        return "AS is not allowed in an expression (name the column in the node's settings)", None
    return f"{node.key.upper()} is not allowed in expressions", None


def check_expression_text(text: str) -> None:
    """Raise ExpressionNotAllowed unless ``text`` is one expression made only of allowed parts.

    The verdict is a pure function of the text, kept for the last 4,096 texts: a large graph is checked
    several times per request (document, node configs, schemas) and again after each edit in the builder."""
    verdict = _verdict(text)
    if verdict is not None:
        message, code, function = verdict
        raise ExpressionNotAllowed(message, code=code, function=function)


@lru_cache(maxsize=4096)
def _verdict(text: str) -> tuple[str, str, str | None] | None:
    """``(message, code, function)`` of the refusal of ``text``, or None when it is allowed."""
    try:
        _check_expression_text(text)
    except ExpressionNotAllowed as exc:
        return exc.message, exc.code, exc.function
    return None


def _check_expression_text(text: str) -> None:
    _plain_text(text)
    tokens = _tokens(text)
    # Checked on the tokens first, so that text sqlglot cannot parse is refused for what it says
    # (not as a mere syntax error a draft may keep), and a name sqlglot folds into an allowed class
    # (NVL → COALESCE) is still off the list.
    if any(token.token_type in _QUERY_TOKENS for token in tokens):
        raise ExpressionNotAllowed(_describe(exp.Select(), tokens)[0])
    classes, anonymous = _allowed_function_classes()
    written = _written_call(tokens, FUNCTION_NAMES | anonymous)
    if written is not None:
        raise ExpressionNotAllowed(_describe(exp.Anonymous(this=written), tokens)[0], function=written)
    try:
        trees = sqlglot.parse(text, read=DIALECT)
    except (ParseError, TokenError) as exc:
        # Polars may still read it (the dialects differ at the edges): an expression sqlglot cannot
        # read is refused, with its message, rather than handed on unchecked.
        raise _syntax(text, exc) from None
    except RecursionError:
        raise ExpressionNotAllowed(f"the expression is too deeply nested (more than {MAX_TREE_DEPTH} levels)") from None
    trees = [t for t in trees if t is not None]
    if len(trees) != 1:
        raise ExpressionNotAllowed("write exactly one expression")
    tree = trees[0]
    _depth_check(tree)
    nodes = list(tree.walk())
    for node in nodes:  # the reason that matters most first: a subquery reads data
        if isinstance(node, _SUBQUERY):
            raise ExpressionNotAllowed(_describe(node, tokens)[0])
    for node in nodes:
        if isinstance(node, exp.Column) and any(node.args.get(part) for part in ("table", "db", "catalog")):
            raise ExpressionNotAllowed(_describe(node, tokens)[0])
        if isinstance(node, exp.In) and any(node.args.get(part) for part in ("query", "unnest", "field")):
            raise ExpressionNotAllowed("IN takes a list of values here, not a subquery or an array")
        if isinstance(node, _STRUCTURE):
            continue
        if isinstance(node, exp.Anonymous) and node.name.upper() in anonymous:
            continue
        if type(node) in classes:
            continue
        message, function = _describe(node, tokens)
        raise ExpressionNotAllowed(message, function=function)
