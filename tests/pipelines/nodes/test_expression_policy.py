"""The expression allowlist: what passes runs in Polars as written; what does not is refused by name,
before Polars sees it, at every door (document parse, node config, validation, run time)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from django.core.exceptions import ValidationError

from pipelines.graph import parse_graph_document
from pipelines.nodes import expressions
from pipelines.nodes.base import NodeError
from pipelines.nodes.expression_policy import FUNCTIONS, ExpressionNotAllowed, check_expression_text
from pipelines.nodes.expressions import parse_expr
from pipelines.nodes.registry import get as node_type
from pipelines.validation import validate_graph

FRAME = pl.DataFrame(
    {
        "a": [1, -2, 3],
        "b": [0.5, 0.25, -0.75],
        "s": ["Ab c", "dEf", "x,y"],
        "d": [dt.date(2024, 1, 2)] * 3,
        "t": [dt.datetime(2024, 1, 2, 3, 4, 5)] * 3,
    }
)


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.name)
def test_every_listed_function_passes_and_runs_in_polars(function):
    check_expression_text(function.example)
    expr = parse_expr(function.example, FRAME.schema, field="expr")
    assert FRAME.select(expr).height >= 1


ALLOWED = [
    "amount > 0 AND status = 'paid'",
    "CAST(a AS DECIMAL(10, 2))",
    "TRY_CAST(s AS INTEGER)",
    "a::text",
    "CASE WHEN a > 1 THEN 'x' WHEN a < 0 THEN 'n' ELSE 'y' END",
    "CASE a WHEN 1 THEN 'one' END",
    "s ~ '^a\\d+$'",
    "s !~ 'x'",
    "a IN (1, 2)",
    "a NOT IN (1, 2)",
    "NOT a BETWEEN 1 AND 2",
    "t + INTERVAL '1 day' > t",
    '"my col" + 1',
    "s ILIKE 'a%'",
    "a IS NOT NULL",
    "a IS DISTINCT FROM 1",
    "EXTRACT(YEAR FROM d) = 2024",
    "TRIM(BOTH 'x' FROM s)",
    "SUBSTRING(s FROM 1 FOR 2)",
    "a % 2 = 0",
    "s || 'x'",
    "d >= DATE '2024-01-01'",
    "-a",
    "TRUE",
    "NULL",
    "'it''s'",
    "'/etc/passwd'",  # a literal is only text
    "upper(s) = 'X'",  # case does not matter
    " + ".join(f"a{i}" for i in range(200)),  # long flat sums are fine
]


@pytest.mark.parametrize("sql", ALLOWED)
def test_ordinary_expressions_pass(sql):
    check_expression_text(sql)


REFUSED = [
    ("a IN (SELECT nope FROM read_csv('/etc/passwd', skip_rows => 1))", "subqueries"),
    ("read_csv('/etc/passwd')", "read_csv() reads files"),
    ('"READ_CSV"(1)', "READ_CSV() reads files"),
    ("read_parquet ( 'x' )", "read_parquet() reads files"),
    ("(SELECT 1)", "subqueries"),
    ("EXISTS (SELECT 1)", "subqueries"),
    ("a = ANY(SELECT 1)", "subqueries"),
    ("NVL(a, 0)", "NVL()"),
    ("md5(s)", "md5()"),
    ("SUM(a)", "SUM()"),
    ("ROW_NUMBER() OVER ()", "ROW_NUMBER()"),
    ("a > 0 OR glob('/etc/*') IS NULL", "glob()"),
    ("a IN (TABLE passwd)", "subqueries"),
    ("a IN (VALUES (1))", "subqueries"),
    ("a -- x", "comments"),
    ("a /* x */", "comments"),
    ("a; b", "';'"),
    ("t.a", "qualified names"),
    ("'a' 'b'", "side by side"),
    ("$$x$$", "dollar-quoted"),
    ("E'x'", "escape string"),
    ("`a`", "unexpected character"),
    ('"a""b"', "double quote"),
    ("a AS b", "AS is not allowed"),
    ("COLUMNS('.*')", "COLUMNS()"),
    ("*", "'*'"),
    ("a[1]", "'['"),
    ("UNNEST(a)", "UNNEST()"),
    ("(" * 65 + "1" + ")" * 65, "parentheses deeper"),
    ("a\x00", "U+0000"),
    ("a\u200b + 1", "U+200B"),
    ("a # b", "'#'"),
    ("?", "placeholder"),
    ("$1", "parameter"),
    ("x'41'", "hex string"),
]


@pytest.mark.parametrize(("sql", "says"), REFUSED)
def test_what_is_off_the_list_is_refused_with_a_reason(sql, says):
    with pytest.raises(ExpressionNotAllowed) as info:
        check_expression_text(sql)
    assert says.lower() in info.value.message.lower()


def test_polars_never_sees_a_refused_expression(monkeypatch):
    seen = []
    real = expressions.pl.sql_expr
    monkeypatch.setattr(expressions.pl, "sql_expr", lambda text: seen.append(text) or real(text))
    for sql, _ in REFUSED:
        with pytest.raises(NodeError):
            parse_expr(sql, FRAME.schema, field="condition")
    assert seen == []
    parse_expr("a > 1", FRAME.schema, field="condition")
    assert seen == ["a > 1"]


HOSTILE = "a IN (SELECT nope FROM read_csv('/etc/passwd'))"


def _graph(condition: str) -> dict:
    return {
        "nodes": [
            {"key": "src", "type": "source.file", "config": {"path": "x.csv"}},
            {"key": "keep", "type": "transform.filter", "config": {"condition": condition}},
        ],
        "edges": [{"source": "src", "target": "keep"}],
    }


def test_a_document_holding_a_refused_expression_is_refused_whole():
    with pytest.raises(ValidationError) as info:
        parse_graph_document(_graph(HOSTILE), field_prefix="graph.")
    assert "subqueries" in info.value.message_dict["graph.nodes.1.config.condition"][0]
    parse_graph_document(_graph("a > 1"))  # an ordinary one stores


def test_nested_expression_fields_are_checked_too():
    graph = {
        "nodes": [
            {"key": "m", "type": "transform.map", "config": {"derive": [{"name": "x", "expr": "md5(s)"}]}},
            {"key": "b", "type": "transform.branch", "config": {"routes": [{"port": "p", "condition": HOSTILE}]}},
            {
                "key": "q",
                "type": "quality.validate",
                "config": {"rules": [{"type": "expression", "condition": "read_csv('/x') IS NULL"}]},
            },
        ],
        "edges": [],
    }
    with pytest.raises(ValidationError) as info:
        parse_graph_document(graph)
    fields = info.value.message_dict
    assert "nodes.0.config.derive.0.expr" in fields
    assert "nodes.1.config.routes.0.condition" in fields
    assert any(key.startswith("nodes.2.config.rules.0") for key in fields)


def test_node_config_and_validation_refuse_it_too():
    with pytest.raises(Exception, match="subqueries"):
        node_type("transform.filter").parse_config({"condition": HOSTILE})
    from pipelines.graph import Graph, NodeSpec

    result = validate_graph(Graph(nodes=[NodeSpec(key="f", type="transform.filter", config={"condition": HOSTILE})]))
    assert "expression_not_allowed" in {p.code for p in result.problems}


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/validate/", lambda: {"graph": _graph(HOSTILE)}),
        ("/api/templates/", lambda: {"name": "t", "graph": _graph(HOSTILE)}),
        ("/api/pipelines/", lambda: {"name": "p", "graph": _graph(HOSTILE)}),
    ],
)
def test_the_api_answers_400_naming_the_field(client_for, editor, url, body):
    response = client_for(editor).post(url, body(), format="json")
    assert response.status_code == 400, response.content
    text = response.content.decode()
    assert "graph.nodes.1.config.condition" in text and "subqueries" in text


def test_template_placeholders_in_expressions_and_values_checked_at_apply(client_for, editor):
    api = client_for(editor)
    graph = _graph("{{ condition }} AND a > {{ low }}")
    parameters = {
        "type": "object",
        "properties": {"condition": {"type": "string"}, "low": {"type": "integer"}},
    }
    created = api.post("/api/templates/", {"name": "t", "graph": graph, "parameters": parameters}, format="json")
    assert created.status_code == 201, created.content
    url = f"/api/templates/{created.json()['id']}/apply/"
    refused = api.post(url, {"name": "p1", "parameters": {"condition": HOSTILE, "low": 1}}, format="json")
    assert refused.status_code == 400, refused.content
    assert "subqueries" in refused.content.decode()
    applied = api.post(url, {"name": "p2", "parameters": {"condition": "a < 10", "low": 1}}, format="json")
    assert applied.status_code == 201, applied.content
