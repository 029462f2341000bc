"""SQL expressions: parsing with pl.sql_expr, column checks with suggestions, type checks, lineage columns."""

from __future__ import annotations

import polars as pl
import pytest

from pipelines.nodes.base import NodeError
from pipelines.nodes.expressions import (
    MAX_EXPRESSION_LENGTH,
    check_expr,
    expr_columns,
    parse_expr,
    require_column,
    require_columns,
    suggestion,
)

SCHEMA = pl.Schema(
    {
        "amount": pl.Float64,
        "qty": pl.Int64,
        "status": pl.String,
        "day": pl.Date,
        "prénom": pl.String,
        "my col": pl.Int32,
        "flag": pl.Boolean,
    }
)


def refusal(sql: str, *, boolean: bool = False, field: str = "condition") -> NodeError:
    with pytest.raises(NodeError) as info:
        parse_expr(sql, SCHEMA, field=field, boolean=boolean)
    assert info.value.field == field
    assert info.value.message.startswith(f"{field}: ")
    return info.value


def test_parse_and_evaluate_a_condition():
    expr = parse_expr("amount > 10 AND status = 'paid'", SCHEMA, field="condition", boolean=True)
    frame = pl.DataFrame(
        {"amount": [5.0, 20.0, 30.0, None], "status": ["paid", "paid", "new", "paid"]},
        schema_overrides={"amount": pl.Float64},
    )
    assert frame.filter(expr).to_dicts() == [{"amount": 20.0, "status": "paid"}]


def test_derived_value_type_and_quoted_unicode_columns():
    expr, dtype = check_expr('qty * 2 + "my col"', SCHEMA, field="derive.0.expr")
    assert dtype == pl.Int64
    expr, dtype = check_expr("upper(\"prénom\") || '✓'", SCHEMA, field="derive.1.expr")
    assert dtype == pl.String
    out = pl.DataFrame({"prénom": ["zoë", None]}).select(expr.alias("x"))
    assert out["x"].to_list() == ["ZOË✓", None]


def test_unknown_column_names_field_and_column_and_suggests():
    err = refusal("amout > 1", boolean=True)
    assert err.column == "amout"
    assert err.code == "unknown_column"
    assert "'amout'" in err.message and "Did you mean 'amount'?" in err.message


def test_unknown_column_without_a_close_match_lists_the_columns():
    err = refusal("zzzz = 1", boolean=True)
    assert "Did you mean" not in err.message
    assert "Available columns:" in err.message and "'amount'" in err.message


def test_case_insensitive_suggestion_and_unicode():
    assert suggestion("STATUS", SCHEMA.names()) == " Did you mean 'status'?"
    err = refusal("prenom IS NULL", boolean=True)
    assert "Did you mean 'prénom'?" in err.message


@pytest.mark.parametrize("sql", ["amount >", "(amount > 1", "a, b", "'unclosed", "CASE WHEN qty > 1 THEN 1"])
def test_syntax_errors_are_readable(sql):
    err = refusal(sql)
    assert err.code == "bad_expression"
    assert "cannot read the SQL expression" in err.message
    assert "sqlglot" not in err.message and "\x1b" not in err.message


@pytest.mark.parametrize(
    ("sql", "says"),
    [
        ("SELECT 1", "SELECT/FROM are not allowed"),
        ("amount > 1; DROP TABLE x", "';'"),
        ("nvl(qty, 0)", "NVL() is not allowed"),
        ("read_csv('/etc/passwd')", "reads files or URLs"),
    ],
)
def test_what_is_not_on_the_allowlist_is_refused_by_name(sql, says):
    err = refusal(sql)
    assert err.code == "expression_not_allowed"
    assert says.lower() in err.message.lower()


@pytest.mark.parametrize("sql", ["", "   "])
def test_empty_expression_is_refused(sql):
    err = refusal(sql)
    assert "empty" in err.message


def test_overlong_expression_is_refused():
    sql = "amount > 0" + " AND amount > 0" * (MAX_EXPRESSION_LENGTH // 10)
    err = refusal(sql, boolean=True)
    assert f"at most {MAX_EXPRESSION_LENGTH}" in err.message


def test_non_boolean_condition_is_refused():
    err = refusal("amount * 2", boolean=True)
    assert err.code == "type_error"
    assert "boolean" in err.message and "Float64" in err.message
    err = refusal("NULL", boolean=True)
    assert "boolean" in err.message


@pytest.mark.parametrize(
    "sql",
    [
        "qty + status",  # arithmetic on text
        "upper(qty) = 'X'",  # caught only by evaluating over a null row
        "status > 1",  # text compared with a number
        "day > 'not a date'",
        "regexp_like(status, '[')",  # invalid regex
    ],
)
def test_type_errors_name_the_field(sql):
    err = refusal(sql, boolean=True)
    assert err.code == "type_error"
    assert "does not fit the input columns" in err.message


def test_subqueries_are_refused():
    err = refusal("qty IN (SELECT 1)", boolean=True)
    assert "subqueries and SELECT/FROM are not allowed" in err.message


def test_python_is_never_evaluated():
    # Looks like Python; is parsed as SQL (and refused), never run.
    err = refusal("__import__('os').system('true')")
    assert err.code in {"bad_expression", "unknown_column", "expression_not_allowed"}


def test_expression_with_several_columns_is_refused():
    with pytest.raises(NodeError) as info:
        parse_expr("COLUMNS('^q.*$')", pl.Schema({"qa": pl.Int64, "qb": pl.Int64}), field="derive.0.expr")
    assert "COLUMNS() is not allowed" in info.value.message


def test_expr_columns_for_lineage():
    assert expr_columns("amount * qty + amount") == ["amount", "qty"]
    assert expr_columns('upper("prénom")') == ["prénom"]
    assert expr_columns("count(*)") == []
    assert expr_columns("not sql (") == []


def test_require_columns_refuses_unknown_and_repeated():
    assert require_column(SCHEMA, "qty", field="keys.0.column") == pl.Int64
    with pytest.raises(NodeError) as info:
        require_columns(SCHEMA, ["qty", "stauts"], field="subset")
    assert info.value.field == "subset.1" and info.value.column == "stauts"
    assert "Did you mean 'status'?" in info.value.message
    with pytest.raises(NodeError) as info:
        require_columns(SCHEMA, ["qty", "qty"], field="subset")
    assert info.value.field == "subset.1" and "listed twice" in info.value.message
