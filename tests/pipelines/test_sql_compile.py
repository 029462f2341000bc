"""The sql backend's compiler, node by node: each node type's ``compile_sql`` gives, on DuckDB (in process)
and on PostgreSQL (a schema of this test's own, in the test database, rolled back), the rows its Polars
``build`` gives on the same data; what has no equal SQL form is refused with a reason; hostile names and
expressions stay harmless."""

from __future__ import annotations

import math
from datetime import date

import duckdb
import polars as pl
import pytest
from django.db import connection as django_connection
from polars.testing import assert_frame_equal
from sqlglot import exp

from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError, NoSqlForm
from pipelines.nodes.checks import Check
from pipelines.nodes.quality_sql import check_measures
from pipelines.nodes.sqlcompile import (
    NO_SQL_FORM,
    SqlContext,
    SqlInput,
    generate,
    ident,
    ordered_write,
    sql_expression,
    sql_type,
)

registry.load_builtin()

HOSTILE = "we'ird; DROP TABLE x; --"  # a name expressions may quote
QUOTED = 'a"b); DROP TABLE y; --'  # a name only configs may give (expressions refuse a " in a name)
PEOPLE = pl.DataFrame(
    {
        "id": [1, 2, 3, 4, 5, 6],
        "name": ["ann", "Bob", None, "ann", "émile", "O'Hara"],
        "amount": [10, -7, None, 10, 0, 3],
        "price": [1.5, 2.25, 3.0, None, -0.5, 1.5],
        "day": [date(2024, 1, 1), date(2024, 2, 29), None, date(2024, 1, 1), date(2023, 12, 31), date(2024, 3, 1)],
        "flag": [True, False, None, True, True, False],
        HOSTILE: ["x", "y", "z", "x", None, "y"],
        QUOTED: [1, 2, 3, 1, 5, 2],
    }
)
OTHER = pl.DataFrame(
    {"id": [1, 1, 3, None, 7], "city": ["Paris", "Lyon", None, "Nice", "Oslo"], "amount": [1, 2, 3, 4, 5]}
)


class Target:
    """Runs compiled SQL on one dialect: tables loaded from Polars frames, results read back as frames."""

    def __init__(self, dialect: str):
        self.dialect = dialect
        self.count = 0
        if dialect == "duckdb":
            self.con = duckdb.connect()
        else:
            self.cursor = django_connection.cursor()
            self.cursor.execute("CREATE SCHEMA sqlb_test")
            self.cursor.execute("SET LOCAL search_path TO sqlb_test, pg_temp")

    def load(self, frame: pl.DataFrame) -> SqlInput:
        name = f"input_{self.count}"
        self.count += 1
        if self.dialect == "duckdb":
            self.con.register(name, frame.to_arrow())
        else:
            columns = [exp.ColumnDef(this=ident(c), kind=sql_type(dtype)) for c, dtype in frame.schema.items()]
            create = exp.Create(this=exp.Schema(this=exp.Table(this=ident(name)), expressions=columns), kind="TABLE")
            self.cursor.execute(generate(create, "postgres"))
            if frame.height:
                marks = ", ".join(["%s"] * frame.width)
                quoted = generate(exp.Table(this=ident(name)), "postgres")
                self.cursor.executemany(f"INSERT INTO {quoted} VALUES ({marks})", frame.rows())
        return SqlInput(exp.Table(this=ident(name)), frame.schema)

    def read(self, select: exp.Expression, schema: pl.Schema) -> pl.DataFrame:
        sql = generate(select, self.dialect)
        if self.dialect == "duckdb":
            rows = self.con.sql(sql).fetchall()
        else:
            self.cursor.execute(sql)
            rows = self.cursor.fetchall()
        return pl.DataFrame(rows, schema=schema, orient="row", strict=False)


@pytest.fixture(params=["duckdb", "postgres"])
def target(request, db):
    return Target(request.param)


def run_both(target: Target, type_key: str, config: dict, frames: dict, *, port: str = "out", ordered=False):
    """(Polars' output, the SQL output) of one node over ``frames`` (port -> frame or list of frames)."""
    node_type = registry.get(type_key)
    parsed = node_type.parse_config(config)
    ctx = BuildContext(node_key="n", mode="run")
    lazy = {p: [f.lazy() for f in v] if isinstance(v, list) else v.lazy() for p, v in frames.items()}
    want = node_type.build(ctx, parsed, lazy)[port].collect()
    schemas = {p: [f.schema for f in v] if isinstance(v, list) else v.schema for p, v in frames.items()}
    out_schemas = node_type.output_schema(BuildContext(node_key="n", mode="schema"), parsed, schemas)
    inputs = {p: [target.load(f) for f in v] if isinstance(v, list) else target.load(v) for p, v in frames.items()}
    sql_ctx = SqlContext(dialect=target.dialect, node_key="n", output_schemas=out_schemas)
    outputs = node_type.compile_sql(sql_ctx, parsed, inputs)
    got_output = outputs[port]
    relation = exp.Subquery(this=got_output.select)
    final = ordered_write(SqlInput(relation, out_schemas[port], got_output.order), target.dialect)
    got = target.read(final, out_schemas[port])
    return want, got, got_output


def same(want: pl.DataFrame, got: pl.DataFrame, *, ordered: bool = False) -> None:
    assert_frame_equal(got, want, check_row_order=ordered, check_dtypes=True, abs_tol=1e-9)


def refused(target: Target, type_key: str, config: dict, frames: dict) -> NodeError:
    with pytest.raises(NodeError) as caught:
        run_both(target, type_key, config, frames)
    assert caught.value.code == NO_SQL_FORM, caught.value.message
    return caught.value


# --- filter and expressions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "condition",
    [
        "amount > 0",
        "amount / 4 > 1",  # Polars divides integers as floats
        "price * 2 >= 3 AND name IS NOT NULL",
        "name LIKE 'a%' OR name ILIKE 'b%'",
        "day < DATE '2024-02-01' - INTERVAL '1 day'",
        "amount % 3 = 1",
        "NOT flag",
        "COALESCE(amount, 0) BETWEEN -10 AND 5",
        "amount IN (10, 3)",
        "upper(name) = 'ANN' AND length(name) = 3",
        f"\"{HOSTILE}\" = 'x'",
        "EXTRACT(YEAR FROM day) = 2024",
        "CASE WHEN amount > 5 THEN 'big' ELSE 'small' END = 'small'",
    ],
)
def test_filter_gives_polars_rows(target, condition):
    want, got, _ = run_both(target, "transform.filter", {"condition": condition}, {"in": PEOPLE})
    same(want, got)


@pytest.mark.parametrize(
    "expr",
    [
        "amount / 4",
        "amount / 0",  # inf, -inf, NaN and null as in Polars (PostgreSQL would raise)
        "price / 0",
        "amount % 0",
        "amount * price",
        "name || '!'",
        "concat(name, '-', amount)",
        "concat_ws('/', name, amount)",
        "coalesce(name, 'none')",
        "nullif(amount, 10)",
        "greatest(amount, 1)",
        "least(amount, 1)",
        "abs(amount)",
        "floor(price)",
        "ceil(price)",
        "ceiling(price)",
        "character_length(name)",
        "substring(name, 2)",
        "date_part('day', day)",
        "lower(name)",
        "substr(name, 2, 2)",
        "left(name, 2)",
        "right(name, 2)",
        "replace(name, 'n', 'N')",
        "starts_with(name, 'a')",
        "EXTRACT(MONTH FROM day)",
        "IF(amount > 0, 'pos', 'other')",
        "ifnull(amount, -1)",
        "sign(price)",
        "char_length(name)",
        f'"{HOSTILE}"',
    ],
)
def test_map_derive_gives_polars_values(target, expr):
    config = {"derive": [{"name": "v", "expr": expr}]}
    want, got, _ = run_both(target, "transform.map", config, {"in": PEOPLE})
    if want["v"].dtype.is_float():  # NaN compares unequal to itself: compare its place, then the rest
        assert [math.isnan(x) if x is not None else None for x in want["v"]] == [
            math.isnan(x) if x is not None else None for x in got["v"]
        ]
        want, got = want.with_columns(pl.col("v").fill_nan(0)), got.with_columns(pl.col("v").fill_nan(0))
    same(want, got, ordered=False)


def test_map_derive_chain_cast_rename_drop_select(target):
    config = {
        "derive": [{"name": "total", "expr": "amount * 2"}, {"name": "big", "expr": "total > 5"}],
        "cast": {"amount": "float64", "day": "string"},
        "rename": {"name": "who", HOSTILE: "odd", QUOTED: 'x"y'},
        "drop": ["flag"],
        "select": ["id", "who", "total", "big", "amount", "day", "odd", 'x"y'],
    }
    want, got, _ = run_both(target, "transform.map", config, {"in": PEOPLE})
    assert got.columns == ["id", "who", "total", "big", "amount", "day", "odd", 'x"y']
    same(want, got)


def test_map_refuses_casts_whose_sql_differs(target):
    error = refused(target, "transform.map", {"cast": {"price": "int64"}}, {"in": PEOPLE})
    assert error.field == "cast.price"
    refused(target, "transform.map", {"cast": {"amount": "int32"}, "strict_cast": False}, {"in": PEOPLE})
    # No SQL type holds exactly an 8-bit or an unsigned integer: a wider one would take what Polars refuses.
    assert refused(target, "transform.map", {"cast": {"amount": "int8"}}, {"in": PEOPLE}).field == "cast.amount"


@pytest.mark.parametrize(
    "expr, why",
    [
        ("round(price, 1)", "ROUND"),
        ("regexp_replace(name, 'a', 'b')", "REGEXP_REPLACE"),
        ("amount / 2.5", "decimal"),
        ("price % 2", "integers only"),  # Polars: NaN for % 0 of floats; PostgreSQL has no % of floats
        ("sqrt(price)", "SQRT"),  # NaN for -0.5 in Polars, an error in PostgreSQL
        ("ln(price)", "LN"),
        ("power(amount, 2)", "POW"),
    ],
)
def test_expressions_without_an_equal_sql_form_are_refused(target, expr, why):
    error = refused(target, "transform.map", {"derive": [{"name": "v", "expr": expr}]}, {"in": PEOPLE})
    assert why in error.message and error.field == "derive.0.expr"


def test_refused_expressions_stay_refused_whatever_the_backend():
    schema = PEOPLE.schema
    for text in (
        "amount IN (SELECT 1)",
        "read_csv('/etc/passwd') IS NULL",
        "amount; DROP TABLE x",
        "pg_sleep(10) IS NULL",
        "t.amount > 0",
        "amount > 0 -- comment",
    ):
        with pytest.raises(NodeError) as caught:
            sql_expression(text, schema, field="condition")
        assert caught.value.code in ("expression_not_allowed", "bad_expression"), text


def test_names_are_quoted_identifiers_never_text():
    tree, _ = sql_expression(f"\"{HOSTILE}\" = 'a''b'", PEOPLE.schema, field="condition")
    assert generate(tree, "postgres") == "\"we'ird; DROP TABLE x; --\" = 'a''b'"
    assert generate(exp.column(ident(QUOTED)), "duckdb") == '"a""b); DROP TABLE y; --"'


# --- aggregate ----------------------------------------------------------------------------------


def test_aggregate_gives_polars_values(target):
    config = {
        "group_by": ["name"],
        "aggregations": [
            {"column": "*", "function": "count", "alias": "rows"},
            {"column": "amount", "function": "count"},
            {"column": "amount", "function": "sum"},
            {"column": "amount", "function": "mean"},
            {"column": "price", "function": "median"},
            {"column": "amount", "function": "min"},
            {"column": "name", "function": "max", "alias": "top_name"},
            {"column": "amount", "function": "n_unique"},
            {"column": "flag", "function": "sum", "alias": "flags"},
            {"expr": "CASE WHEN amount > 0 THEN 1 ELSE 0 END", "function": "sum", "alias": "positive"},
        ],
    }
    want, got, _ = run_both(target, "transform.aggregate", config, {"in": PEOPLE})
    same(want, got)


def test_aggregate_over_everything_and_over_nothing(target):
    config = {
        "aggregations": [
            {"column": "*", "function": "count"},
            {"column": "amount", "function": "sum"},
            {"column": "price", "function": "mean"},
        ]
    }
    want, got, _ = run_both(target, "transform.aggregate", config, {"in": PEOPLE})
    same(want, got)
    want, got, _ = run_both(target, "transform.aggregate", config, {"in": PEOPLE.clear()})
    assert got.rows() == [(0, 0, None)]
    same(want, got)


def test_aggregate_refuses_first_and_last(target):
    config = {"group_by": ["name"], "aggregations": [{"column": "amount", "function": "first"}]}
    error = refused(target, "transform.aggregate", config, {"in": PEOPLE})
    assert error.field == "aggregations.0.function" and "row order" in error.message


# --- join, union ----------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["inner", "left", "right", "full", "semi", "anti"])
@pytest.mark.parametrize("nulls_equal", [False, True])
def test_join_gives_polars_rows(target, how, nulls_equal):
    if how == "full" and nulls_equal and target.dialect == "postgres":
        pytest.skip("refused on PostgreSQL: test_postgres_refuses_a_full_join_matching_null_keys")
    people = PEOPLE.with_columns(pl.when(pl.col("id") == 6).then(None).otherwise(pl.col("id")).alias("id"))
    config = {"how": how, "on": ["id"], "nulls_equal": nulls_equal, "suffix": "_other"}
    want, got, _ = run_both(target, "transform.join", config, {"left": people, "right": OTHER})
    same(want, got)


def test_postgres_refuses_a_full_join_matching_null_keys(db):
    target = Target("postgres")
    config = {"how": "full", "on": ["id"], "nulls_equal": True}
    assert refused(target, "transform.join", config, {"left": PEOPLE, "right": OTHER}).field == "nulls_equal"


def test_join_with_different_key_names_uncoalesced(target):
    other = OTHER.rename({"id": "person"})
    config = {"how": "full", "left_on": ["id"], "right_on": ["person"], "coalesce": False}
    want, got, _ = run_both(target, "transform.join", config, {"left": PEOPLE, "right": other})
    same(want, got)


def test_join_refuses_key_validation(target):
    config = {"how": "inner", "on": ["id"], "validate_keys": "1:1"}
    frames = {"left": PEOPLE, "right": OTHER.tail(3)}
    assert refused(target, "transform.join", config, frames).field == "validate_keys"


@pytest.mark.parametrize("mode", ["by_name", "strict"])
def test_union_gives_polars_rows(target, mode):
    first = PEOPLE.select("id", "name", "amount")
    second = first.select("amount", "id", "name").with_columns(pl.col("amount") * 100)
    if mode == "by_name":
        second = second.drop("name").with_columns(pl.lit(1.5).alias("extra"))
    want, got, _ = run_both(target, "transform.union", {"mode": mode}, {"in": [first, second]})
    same(want, got)


# --- dedupe, sort, limit, branch -----------------------------------------------------------------


@pytest.mark.parametrize(
    "config",
    [
        {},
        {"keep": "none"},
        {"subset": ["name"], "keep": "none"},
        {"subset": list(PEOPLE.columns), "keep": "last"},
    ],
)
def test_dedupe_gives_polars_rows(target, config):
    frame = pl.concat([PEOPLE, PEOPLE.head(2)])
    want, got, _ = run_both(target, "transform.dedupe", config, {"in": frame})
    same(want, got)


def test_dedupe_keep_any_keeps_one_row_per_key(target):
    _, got, _ = run_both(target, "transform.dedupe", {"subset": ["name"], "keep": "any"}, {"in": PEOPLE})
    assert sorted(got["name"].to_list(), key=str) == sorted(PEOPLE["name"].unique().to_list(), key=str)


def test_dedupe_refuses_first_by_a_subset(target):
    error = refused(target, "transform.dedupe", {"subset": ["name"], "keep": "first"}, {"in": PEOPLE})
    assert error.field == "keep"


def test_sort_orders_like_polars_nulls_and_text_included(target):
    config = {"keys": [{"column": "name", "descending": True}, {"column": "amount", "nulls_last": True}]}
    want, got, output = run_both(target, "transform.sort", config, {"in": PEOPLE})
    assert output.order is not None
    same(want, got, ordered=True)


def test_limit_after_a_sort_keeps_polars_rows(target):
    sort = registry.get("transform.sort")
    config = sort.parse_config({"keys": [{"column": "price", "descending": True, "nulls_last": True}]})
    frame = PEOPLE.lazy()
    sorted_frame = sort.build(BuildContext(node_key="s"), config, {"in": frame})["out"].collect()
    sorted_input = target.load(PEOPLE)
    compiled = sort.compile_sql(SqlContext(dialect=target.dialect), config, {"in": sorted_input})["out"]
    limit = registry.get("transform.limit")
    limit_config = limit.parse_config({"n": 3, "offset": 1})
    source = SqlInput(exp.Subquery(this=compiled.select), PEOPLE.schema, compiled.order)
    out = limit.compile_sql(SqlContext(dialect=target.dialect), limit_config, {"in": source})["out"]
    got = target.read(
        ordered_write(SqlInput(exp.Subquery(this=out.select), PEOPLE.schema, out.order), target.dialect), PEOPLE.schema
    )
    same(sorted_frame.slice(1, 3), got, ordered=True)


def test_limit_without_a_sort_is_refused(target):
    assert refused(target, "transform.limit", {"n": 2}, {"in": PEOPLE}).field == "n"


@pytest.mark.parametrize("mode", ["first_match", "all_matches"])
def test_branch_routes_like_polars(target, mode):
    config = {
        "routes": [{"port": "big", "condition": "amount >= 10"}, {"port": "named", "condition": "name IS NOT NULL"}],
        "mode": mode,
    }
    for port in ("big", "named", "default"):
        want, got, _ = run_both(target, "transform.branch", config, {"in": PEOPLE}, port=port)
        same(want, got)


def test_types_without_a_sql_form_say_why():
    node_type = registry.get("source.api")
    with pytest.raises(NodeError) as caught:
        node_type.compile_sql(SqlContext(dialect="duckdb"), None, {})
    assert caught.value.code == NO_SQL_FORM and caught.value.message.startswith("source.api has no SQL form")


# --- quality rules as counts ---------------------------------------------------------------------

RULES = [
    {"type": "not_null", "columns": ["name", "amount"]},
    {"type": "unique", "columns": ["name"]},
    {"type": "range", "column": "amount", "min": 0, "max": 10, "inclusive": False},
    {"type": "range", "column": "name", "min": "B"},
    {"type": "range", "column": "day", "max": "2024-01-31"},
    {"type": "accepted_values", "column": "name", "values": ["ann", "Bob", "O'Hara"]},
    {"type": "accepted_values", "column": "price", "values": [1.5, 3]},
    {"name": "positive 'priced'; --", "type": "expression", "condition": "amount * price > 0"},
    {"type": "row_count", "min": 1},
]


def test_quality_rules_route_and_count_like_polars(target):
    node_type = registry.get("quality.validate")
    config = node_type.parse_config({"rules": RULES, "on_failure": "reject"})
    for port in ("out", "rejected"):
        want, got, _ = run_both(
            target, "quality.validate", {"rules": RULES, "on_failure": "reject"}, {"in": PEOPLE}, port=port
        )
        same(want, got)
    ctx = BuildContext(node_key="q", mode="run")
    node_type.execute(ctx, config, {"in": PEOPLE.lazy()})
    sql_ctx = SqlContext(
        dialect=target.dialect, output_schemas=node_type.output_schema(ctx, config, {"in": PEOPLE.schema})
    )
    node_type.compile_sql(sql_ctx, config, {"in": target.load(PEOPLE)})
    counts = target.read(
        sql_ctx.reports["counts"], pl.Schema({"rows": pl.Int64, **{f"failed_{i}": pl.Int64 for i in range(8)}})
    )
    assert counts.row(0)[0] == ctx.report["rows"] == PEOPLE.height
    polars_failed = [r["failed"] for r in ctx.report["rules"] if r["type"] != "row_count"]
    assert list(counts.row(0)[1:]) == polars_failed
    assert any(polars_failed) and not all(polars_failed)  # the data proves something both ways


def test_quality_rules_without_an_equal_sql_form_are_refused(target):
    rules = [{"type": "regex", "column": "name", "pattern": "^a"}]
    assert refused(target, "quality.validate", {"rules": rules}, {"in": PEOPLE}).field == "rules.0.pattern"


def test_checks_compile_to_measures_but_dates_on_spark():
    """Quality and destination checks are measured in SQL (tests/pipelines/test_sql_runner.py compares their
    results with Polars'); a date's or a timestamp's min, max or freshness is refused on Spark, by name."""
    schema = pl.Schema({"n": pl.Int64, "day": pl.Date})
    checks = [Check.model_validate(c) for c in ({"type": "min", "column": "n", "min": 0}, {"type": "schema_drift"})]
    for dialect in ("postgres", "duckdb", "spark"):
        measures = check_measures(checks, schema, dialect=dialect)
        assert measures[1] is None and "MIN" in generate(measures[0], dialect)
    dated = [Check.model_validate({"type": "freshness", "column": "day", "max": 86400})]
    assert check_measures(dated, schema, dialect="duckdb")[0] is not None
    with pytest.raises(NoSqlForm) as caught:
        check_measures(dated, schema, dialect="spark")
    assert caught.value.field == "checks.0" and "Spark" in caught.value.message


def test_text_compares_by_code_point_whatever_the_postgres_collation(db):
    target = Target("postgres")
    frame = pl.DataFrame({"name": ["a", "B", "b", "A", "é", "Z", None]})
    target.cursor.execute('CREATE TABLE words (name text COLLATE "en-x-icu")')
    target.cursor.executemany("INSERT INTO words VALUES (%s)", frame.rows())
    words = SqlInput(exp.Table(this=ident("words")), frame.schema)
    for type_key, config in (
        ("transform.filter", {"condition": "name > 'B' AND upper(name) < 'Z'"}),
        ("transform.sort", {"keys": [{"column": "name", "nulls_last": True}]}),
        (
            "transform.aggregate",
            {"aggregations": [{"column": "name", "function": "min"}, {"column": "name", "function": "max"}]},
        ),
    ):
        node_type = registry.get(type_key)
        parsed = node_type.parse_config(config)
        want = node_type.build(BuildContext(node_key="n"), parsed, {"in": frame.lazy()})["out"].collect()
        schemas = node_type.output_schema(BuildContext(node_key="n", mode="schema"), parsed, {"in": frame.schema})
        out = node_type.compile_sql(SqlContext(dialect="postgres", output_schemas=schemas), parsed, {"in": words})[
            "out"
        ]
        final = ordered_write(SqlInput(exp.Subquery(this=out.select), schemas["out"], out.order), "postgres")
        same(want, target.read(final, schemas["out"]), ordered=type_key == "transform.sort")


# --- the spark target: tables of its Spark connection, nothing of another -----------------------------------


def _spark_graph(source_connection: str, destination_connection: str):
    from pipelines.graph import Graph

    return Graph.from_dict(
        {
            "nodes": [
                {"key": "src", "type": "source.database", "config": {"connection": source_connection, "table": "t"}},
                {
                    "key": "out",
                    "type": "destination.database",
                    "config": {"connection": destination_connection, "table": "u"},
                },
                {"key": "f", "type": "source.file", "config": {"path": "x.parquet"}},
            ],
            "edges": [{"source": "src", "target": "out"}],
        }
    )


def _connections(**kinds: str):
    from types import SimpleNamespace

    def get(slug: str):
        if slug not in kinds:
            raise NodeError(f"No connection {slug!r} (or you may not use it).", field="connection")
        return SimpleNamespace(slug=slug, kind=kinds[slug])

    return get


def test_spark_target_takes_the_tables_of_its_own_spark_connection_only():
    from pipelines.sqlbackend.compiler import spark_target

    get = _connections(cluster="spark", other="spark", pg="postgresql")
    target, problems = spark_target(_spark_graph("cluster", "cluster"), get, "cluster")
    assert problems == [] and target is not None and (target.dialect, target.connection) == ("spark", "cluster")
    # A PostgreSQL table, another Spark connection, a hostile or missing slug: a problem on that node, named.
    for source, destination, refused_node in (("pg", "cluster", "src"), ("cluster", "other", "out")):
        target, problems = spark_target(_spark_graph(source, destination), get, "cluster")
        assert target is None
        assert [(p.node, p.field, p.code) for p in problems] == [(refused_node, "connection", NO_SQL_FORM)]
        assert "the tables of its Spark connection ('cluster')" in problems[0].message
    target, problems = spark_target(_spark_graph("x`; DROP TABLE y; --" * 20, "cluster"), get, "cluster")
    assert target is None and [p.node for p in problems] == ["src"] and len(problems[0].message) < 400
    # Without a usable Spark connection every database node is refused too, beside the parameter's problem.
    target, problems = spark_target(_spark_graph("cluster", "cluster"), get, "nobody")
    assert target is None and [p.node for p in problems] == [None, "src", "out"]


def test_polars_problems_name_the_spark_tables_only():
    from pipelines.sqlbackend.compiler import polars_problems

    get = _connections(cluster="spark", pg="postgresql")
    problems = polars_problems(_spark_graph("cluster", "pg"), get)
    assert [(p.node, p.field) for p in problems] == [("src", "connection")]
    assert "tables of a Spark connection are read on the spark backend" in problems[0].message
    problems = polars_problems(_spark_graph("pg", "cluster"), get)
    assert [p.node for p in problems] == ["out"] and "written on the spark backend" in problems[0].message
    assert polars_problems(_spark_graph("missing", "pg"), get) == []  # the node's own validation says which
    assert polars_problems(_spark_graph("cluster", "cluster"), None) == []


@pytest.mark.parametrize(
    "where",
    [
        "1 = 1) OR (1 = 1",
        "id = 1; DROP TABLE t",
        "EXISTS (SELECT 1 FROM parquet.`/etc`)",
        "id IN (SELECT id FROM secrets)",
        "reflect('java.lang.System', 'exit', 0) IS NULL",
        "java_method('java.lang.Runtime', 'getRuntime') IS NULL",
        "id = ?",
        "id = 1\x00",
    ],
)
def test_a_spark_source_condition_is_a_checked_expression(where):
    from pipelines.nodes.sources.database import DatabaseSourceConfig, spark_select

    config = DatabaseSourceConfig(connection="c", table="t", where=where)
    with pytest.raises(NodeError) as caught:
        spark_select(config)
    assert caught.value.field == "where"


def test_a_spark_source_select_is_built_from_checked_quoted_names():
    from pipelines.nodes.sources.database import DatabaseSourceConfig, spark_select

    config = DatabaseSourceConfig(
        connection="c", table="orders", schema="sales", columns=["id", "amount"], where="amount > 1 AND upper(c) = 'X'"
    )
    config.limit = 5
    assert generate(spark_select(config), "spark") == (
        "SELECT `id`, `amount` FROM `sales`.`orders` WHERE `amount` > 1 AND UPPER(`c`) = 'X' LIMIT 5"
    )
    for hostile, field in (
        ({"table": "t`; DROP TABLE x; --"}, "table"),
        ({"table": "t", "schema": "a`.`b"}, "schema"),
        ({"table": "t", "columns": ["a`, `b"]}, "columns.0"),
        ({"query": "SELECT * FROM parquet.`/etc`"}, "query"),
    ):
        with pytest.raises(NodeError) as caught:
            spark_select(DatabaseSourceConfig(connection="c", **hostile))
        assert caught.value.field == field, hostile
