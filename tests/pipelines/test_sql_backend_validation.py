"""Validation for the sql backend: whether a whole graph compiles onto its one target, node by node, with
the reason and the field of each refusal; and the TPC-H pipeline documents compiled onto an embedded DuckDB
answer like DuckDB's reference SQL."""

from __future__ import annotations

import itertools
import shutil

import duckdb
import polars as pl
import pytest
import sqlglot
import yaml
from polars.testing import assert_frame_equal

from bench import tpch
from pipelines.graph import Graph, parse_graph_document
from pipelines.models import Connection
from pipelines.nodes import registry
from pipelines.sqlbackend.compiler import GraphDoesNotCompile, _every_row, _grouped, compile_graph
from pipelines.validation import validate_graph
from tests.pipelines import test_connectors
from tests.pipelines.test_connectors import make_connection, pg_run

registry.load_builtin()
pg_database = test_connectors.pg_database  # a PostgreSQL database of this module's own, dropped after
pg_conn = test_connectors.pg_conn


def graph(nodes: list[tuple[str, str, dict]], edges: list[tuple]) -> Graph:
    return Graph.from_dict(
        {
            "nodes": [{"key": k, "type": t, "config": c} for k, t, c in nodes],
            "edges": [{"source": e[0], "target": e[1], **({"target_port": e[2]} if len(e) > 2 else {})} for e in edges],
        }
    )


@pytest.fixture
def orders_file(settings):
    pl.DataFrame({"id": [1, 2, 3], "amount": [5.0, -1.0, 7.5], "country": ["FR", "DE", "FR"]}).write_parquet(
        settings.DATA_ROOT / "orders.parquet"
    )
    return "orders.parquet"


def file_graph(*middle: tuple[str, str, dict]) -> Graph:
    nodes = [("src", "source.file", {"path": "orders.parquet"}), *middle]
    nodes.append(("out", "destination.file", {"path": "out/result.parquet"}))
    keys = [n[0] for n in nodes]
    return graph(nodes, list(itertools.pairwise(keys)))


def sql_problems(g: Graph, context: dict | None = None) -> list:
    return validate_graph(g, context=context or {}, server_checks=False, backend="sql").problems


def test_a_graph_of_files_compiles_on_an_embedded_duckdb(orders_file):
    g = file_graph(
        ("paid", "transform.filter", {"condition": "amount > 0"}),
        (
            "by",
            "transform.aggregate",
            {"group_by": ["country"], "aggregations": [{"column": "amount", "function": "sum"}]},
        ),
    )
    assert sql_problems(g) == []
    compiled = compile_graph(g)
    assert compiled.target.connection is None and compiled.target.dialect == "duckdb"
    assert [r.node for r in compiled.relations] == ["src", "paid", "by"]
    con = duckdb.connect()
    for _relation, sql in compiled.create_statements():
        con.execute(sql)
    rows = sorted(con.sql(compiled.sql(compiled.writes[0].select)).fetchall())
    assert rows == [("FR", 12.5)]


def test_row_wise_nodes_are_views_and_counts_come_from_the_consumers_pass(orders_file):
    """A filter or a map is a view (counted by a scan, read by the next node through it, not a copy of every
    column of the rows it keeps); a relation read once by a statement that sees all its rows is not counted
    itself: the map before an aggregate is counted by the aggregate's table (each group's COUNT(*) carried
    beside it), the filter before the map by the map (every row of it), the filter after the aggregate by
    the destination writing it. The aggregate stays a table."""
    g = file_graph(
        ("paid", "transform.filter", {"condition": "amount > 0"}),
        ("cents", "transform.map", {"derive": [{"name": "cents", "expr": "amount * 100"}]}),
        (
            "by",
            "transform.aggregate",
            {"group_by": ["country"], "aggregations": [{"column": "cents", "function": "sum"}]},
        ),
        ("big", "transform.filter", {"condition": "cents_sum > 0"}),
    )
    assert sql_problems(g) == []
    compiled = compile_graph(g)
    names = {r.node: r.name for r in compiled.relations}
    assert [(r.node, r.view, r.count_from, r.carry) for r in compiled.relations] == [
        ("src", True, None, None),
        ("paid", True, ("same", names["cents"]), None),
        ("cents", True, ("carry", names["by"]), None),
        ("by", False, None, "__sluice_input_rows"),
        ("big", True, ("write", "out"), None),
    ]
    kinds = [(r.node, sql.split(" AS ")[0].split()[2]) for r, sql in compiled.create_statements()]
    assert kinds == [
        ("src", "VIEW"),
        ("paid", "VIEW"),
        ("cents", "VIEW"),
        ("by", "TABLE"),
        ("by", "VIEW"),
        ("big", "VIEW"),
    ]
    rows = {"src": 3, "paid": 2, "cents": 2, "by": 1, "big": 1}
    con = duckdb.connect()
    for relation in compiled.relations:
        for sql in compiled.create_sql(relation):
            con.execute(sql)
        assert con.execute(f'SELECT count(*) FROM "{relation.name}"').fetchall()[0][0] == rows[relation.node]
    by = next(r for r in compiled.relations if r.node == "by")
    carried = con.execute(f'SELECT sum("__sluice_input_rows") FROM "{by.carry_table}"').fetchall()[0][0]
    assert carried == rows["cents"]
    # The aggregate's own view has its columns only: the carried count is not one of them.
    assert con.execute(f'SELECT * FROM "{by.name}"').fetchall() == [("FR", 1250.0)]
    assert sorted(con.sql(compiled.sql(compiled.writes[0].select)).fetchall()) == [("FR", 1250.0)]


def test_a_relation_read_twice_or_whose_reader_drops_rows_is_counted_itself(orders_file):
    """A join read by two nodes would run twice if it were a view: it stays a table, counted itself; so does
    one read by a filter (its rows cannot come from the filter's); a self-join reads its input twice, so that
    input is counted itself too."""
    nodes = [
        ("src", "source.file", {"path": "orders.parquet"}),
        ("j", "transform.join", {"how": "inner", "on": ["id"]}),
        ("paid", "transform.filter", {"condition": "amount > 0"}),
        (
            "by",
            "transform.aggregate",
            {"group_by": ["country"], "aggregations": [{"column": "*", "function": "count"}]},
        ),
        ("out", "destination.file", {"path": "out/a.parquet"}),
        ("out2", "destination.file", {"path": "out/b.parquet"}),
    ]
    joined = [("src", "j", "left"), ("src", "j", "right"), ("j", "paid")]

    def relations(edges: list[tuple]) -> list[tuple]:
        g = graph(nodes if ("by", "out2") in edges else nodes[:-1], joined + edges)
        assert sql_problems(g) == []
        compiled = compile_graph(g)
        return [(r.node, r.view, r.count_from) for r in compiled.relations]

    assert relations([("paid", "out"), ("j", "by"), ("by", "out2")]) == [
        ("src", True, None),  # read twice by the join
        ("j", False, None),  # read by the filter and the aggregate
        ("paid", True, ("write", "out")),
        ("by", False, None),  # an aggregate: a table, counted itself
    ]
    assert relations([("paid", "by"), ("by", "out")]) == [
        ("src", True, None),
        ("j", False, None),  # its one reader, the filter, drops rows
        ("paid", True, ("carry", "__sluice_3")),
        ("by", False, None),  # an aggregate: a table, even before a destination
    ]


def test_polars_backend_validation_is_unchanged(orders_file):
    g = file_graph(("first", "transform.limit", {"n": 1}))
    assert validate_graph(g, server_checks=False).problems == []
    problems = sql_problems(g)
    assert [(p.node, p.field, p.code) for p in problems] == [("first", "config.n", "no_sql_form")]
    assert problems[0].message.startswith("first: transform.limit has no SQL form:") and "sort" in problems[0].message


def test_every_node_that_cannot_compile_is_named_once(orders_file):
    g = file_graph(
        ("first", "transform.limit", {"n": 1}),
        ("round", "transform.map", {"derive": [{"name": "r", "expr": "round(amount, 1)"}]}),
    )
    problems = sql_problems(g)
    # The map's input comes from a node that failed: its own problem waits until that one is fixed.
    assert [(p.node, p.field) for p in problems] == [("first", "config.n")]
    g = file_graph(
        ("round", "transform.map", {"derive": [{"name": "r", "expr": "round(amount, 1)"}]}),
        ("dedupe", "transform.dedupe", {"subset": ["country"], "keep": "last"}),
    )
    assert [(p.node, p.field) for p in sql_problems(g)] == [("round", "config.derive.0.expr")]


def test_csv_files_read_as_polars_reads_them(settings):
    text = 'id,"na;me ""x""",amount,ok,note\n1,"a, b",1.5,true,\n2,,NA,false,""\n3,"x""y",2e3,,z\n'
    (settings.DATA_ROOT / "people.csv").write_text(text)
    config = {"path": "people.csv", "null_values": ["NA"]}
    g = graph(
        [("src", "source.file", config), ("out", "destination.file", {"path": "out/r.parquet"})], [("src", "out")]
    )
    assert sql_problems(g) == []
    compiled = compile_graph(g)
    con = duckdb.connect()
    for _relation, sql in compiled.create_statements():
        con.execute(sql)
    got = con.sql(compiled.sql(compiled.writes[0].select)).pl()
    want = pl.read_csv(settings.DATA_ROOT / "people.csv", null_values=["NA"])
    assert_frame_equal(got, want)
    assert got["note"].to_list() == [None, "", "z"]


def test_api_sources_and_other_files_say_why(settings, orders_file):
    (settings.DATA_ROOT / "orders.csv").write_bytes("id,name\n1,é\n".encode("latin-1"))
    (settings.DATA_ROOT / "orders.json").write_text('[{"id": 1}]')
    for config, field in (
        ({"path": "orders.csv", "encoding": "latin-1"}, "config.encoding"),
        ({"path": "orders.json"}, "config.format"),
        ({"path": "orders.parquet", "schema_overrides": {"id": "string"}}, "config.schema_overrides"),
    ):
        g = graph(
            [("src", "source.file", config), ("out", "destination.file", {"path": "out/r.parquet"})], [("src", "out")]
        )
        (problem,) = sql_problems(g)
        assert (problem.node, problem.field, problem.code) == ("src", field, "no_sql_form"), problem
    api = registry.get("source.api")
    with pytest.raises(Exception, match="no SQL form"):
        api.compile_sql(None, None, {})


@pytest.mark.django_db
def test_one_database_target_or_a_clear_refusal(pg_conn, settings, orders_file):
    pg_run(
        pg_conn.config["database"],
        'CREATE TABLE IF NOT EXISTS orders (id int, amount double precision, "we;ird""col" text)',
    )
    lookup = {"get_connection": lambda slug: Connection.objects.get(slug=slug)}
    src = ("src", "source.database", {"connection": pg_conn.slug, "table": "orders"})
    out = ("out", "destination.database", {"connection": pg_conn.slug, "table": "big_orders"})
    ok = graph(
        [
            src,
            ("big", "transform.filter", {"condition": "amount > 10"}),
            ("trim", "transform.map", {"drop": ['we;ird"col']}),
            out,
        ],
        [("src", "big"), ("big", "trim"), ("trim", "out")],
    )
    assert sql_problems(ok, lookup) == []
    compiled = compile_graph(ok, context=lookup)
    assert compiled.target.dialect == "postgres" and compiled.target.connection == pg_conn.slug
    assert '"we;ird""col"' in compiled.create_statements()[0][1]

    other = make_connection(
        "postgresql", {"host": "127.0.0.1", "port": 5432, "database": pg_conn.config["database"], "user": "postgres"}
    )
    mixed = graph(
        [
            src,
            ("trim", "transform.map", {"drop": ['we;ird"col']}),
            ("out", "destination.database", {"connection": other.slug, "table": "t"}),
        ],
        [("src", "trim"), ("trim", "out")],
    )
    problems = sql_problems(mixed, lookup)
    assert {p.node for p in problems} == {"src", "out"} and "several connections" in problems[0].message

    with_file = graph(
        [
            src,
            ("trim", "transform.map", {"drop": ['we;ird"col']}),
            ("f", "source.file", {"path": "orders.parquet"}),
            ("u", "transform.union", {}),
            out,
        ],
        [("src", "trim"), ("trim", "u"), ("f", "u"), ("u", "out")],
    )
    (problem,) = sql_problems(with_file, lookup)
    assert problem.node == "f" and "embedded DuckDB" in problem.message


@pytest.mark.django_db
def test_a_database_query_must_be_one_select_even_for_the_compiler(pg_conn):
    lookup = {"get_connection": lambda slug: Connection.objects.get(slug=slug)}
    bad = graph(
        [
            ("src", "source.database", {"connection": pg_conn.slug, "query": "SELECT 1 AS a; DROP TABLE x"}),
            ("out", "destination.database", {"connection": pg_conn.slug, "table": "t"}),
        ],
        [("src", "out")],
    )
    with pytest.raises(GraphDoesNotCompile) as caught:
        compile_graph(bad, context=lookup)
    assert caught.value.problems[0].node == "src"


def test_another_users_files_are_as_absent_for_the_compiler(settings, orders_file):
    from pipelines.paths import FileAccess

    owner_dir = settings.DATA_ROOT / "uploads" / "999"
    owner_dir.mkdir(parents=True)
    shutil.copy(settings.DATA_ROOT / "orders.parquet", owner_dir / "mine.parquet")
    g = graph(
        [
            ("src", "source.file", {"path": "uploads/999/mine.parquet"}),
            ("out", "destination.file", {"path": "o.parquet"}),
        ],
        [("src", "out")],
    )
    access = FileAccess(readable=frozenset({1}), writable=frozenset({1}), home=1)
    with pytest.raises(GraphDoesNotCompile) as caught:
        compile_graph(g, context={"file_access": access})
    assert caught.value.problems[0].node == "src"


@pytest.fixture(scope="module")
def tpch_tables():
    return tpch.generate("0.01")


def test_tpch_documents_compiled_answer_like_duckdb(settings, tpch_tables):
    for table in tpch.TABLES:
        shutil.copy(tpch_tables / f"{table}.parquet", settings.DATA_ROOT / f"{table}.parquet")
    problems = {}
    for query in tpch.QUERIES:
        document = yaml.safe_load(tpch.document_text(query))
        g = parse_graph_document(document["spec"]["graph"])
        assert sql_problems(g) == [], query
        compiled = compile_graph(g)
        con = duckdb.connect()
        for _relation, sql in compiled.create_statements():
            con.execute(sql)
        (write,) = compiled.writes
        answer = con.sql(compiled.sql(write.select)).pl()
        expected = tpch.duckdb_answer(query, settings.DATA_ROOT)
        assert expected.height > 0
        problems[query] = tpch.compare(answer, expected)
    assert {q: p for q, p in problems.items() if p} == {}


@pytest.mark.parametrize(
    ("sql", "every_row", "grouped"),
    [
        ('SELECT "a" FROM "x" AS "t"', True, False),
        ('SELECT "a" + 1 AS "b" FROM (SELECT "a" FROM "x" AS "t") AS "t" ORDER BY "b"', True, False),
        ('SELECT "a" FROM (SELECT "a" FROM "x" AS "t" WHERE "a" > 1) AS "t"', False, False),
        ('SELECT "a" FROM "x" AS "t" LIMIT 1', False, False),
        ('SELECT DISTINCT "a" FROM "x" AS "t"', False, False),
        ('SELECT "a" FROM "x" TABLESAMPLE (10 ROWS)', False, False),
        ('SELECT "a" FROM "s"."x"', False, False),  # another relation of that name
        ('SELECT "a" FROM "x" AS "t" JOIN "y" ON TRUE', False, False),
        ('SELECT SUM("a") FROM "x" AS "t"', False, True),
        ('SELECT "a", COUNT(*) FROM "x" AS "t" GROUP BY "a"', False, True),
        ('SELECT "a", COUNT(*) FROM "x" AS "t" GROUP BY "a" HAVING COUNT(*) > 1', False, False),
        ('SELECT SUM("a") OVER () FROM "x" AS "t"', False, False),  # a window keeps the rows: neither, to be safe
        ('SELECT "a" FROM "xx" AS "t"', False, False),
    ],
)
def test_which_statements_see_every_row_of_a_relation(sql, every_row, grouped):
    """Only these let a relation's rows come from its reader's pass (``defer_counts``)."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    assert (_every_row(tree, "x"), _grouped(tree, "x")) == (every_row, grouped)
