"""source.database against real PostgreSQL, SQLite, DuckDB and MariaDB: tables, queries, the
read-only guarantees, identifier checks, schema equality between validation and run."""

from __future__ import annotations

import datetime as dt
import decimal
import sqlite3

import duckdb
import polars as pl
import pytest
from pydantic import ValidationError

from pipelines.connectors.sessions import session
from pipelines.connectors.sql import ConnectorError
from pipelines.nodes.base import NodeError
from pipelines.nodes.sources.database import DatabaseSource
from tests.pipelines import test_connectors as shared
from tests.pipelines.test_connectors import data_file, make_connection, make_ctx, needs_mariadb, pg_run

# Fixtures shared with the connector tests (a PostgreSQL database per module, Connection rows).
duckdb_conn = shared.duckdb_conn
pg_conn = shared.pg_conn
pg_database = shared.pg_database
sqlite_conn = shared.sqlite_conn

NODE = DatabaseSource()
HUGE = "ß" * 1_000_000


@pytest.fixture(scope="module")
def pg_data(pg_database):
    pg_run(
        pg_database,
        "CREATE TABLE people (id int PRIMARY KEY, name text, score numeric(10,2), active boolean, born date, "
        "seen timestamptz, note text)",
        "CREATE TABLE empty_t (id bigint, label varchar(20))",
        "CREATE TABLE victims (id int)",
        "INSERT INTO victims VALUES (1), (2)",
        "CREATE SEQUENCE counter",
        "CREATE SCHEMA other",
        "CREATE TABLE other.things (x int)",
        "INSERT INTO other.things VALUES (7)",
    )
    pg_run(
        pg_database,
        "INSERT INTO people VALUES (1, 'Zoë', 10.50, true, '1990-01-02', '2024-05-06 07:08:09+00', 'x'), "
        "(2, NULL, NULL, NULL, NULL, NULL, NULL), (3, '日本', 3.25, false, '2000-12-31', '2024-01-01 00:00:00+00', %s)",
        params=(HUGE,),
    )
    return pg_database


def victims(database: str) -> int:
    return pg_run(database, "SELECT count(*) FROM victims")[0][0]


def run(config: dict, **ctx):
    return NODE.build(make_ctx(**ctx), NODE.parse_config(config), {})["out"].collect()


def schema_of(config: dict, **ctx) -> pl.Schema:
    return NODE.output_schema(make_ctx("schema", **ctx), NODE.parse_config(config), {})["out"]


def node_error(config: dict, mode: str = "run", **ctx) -> NodeError:
    with pytest.raises(NodeError) as info:
        if mode == "schema":
            schema_of(config, **ctx)
        else:
            run(config, **ctx)
    return info.value


# --- reading ---------------------------------------------------------------------------------


def test_table_columns_and_where(pg_conn, pg_data):
    frame = run({"connection": pg_conn.slug, "table": "people", "columns": ["name", "id"], "where": "score > 5"})
    assert frame.columns == ["name", "id"]
    assert frame.rows() == [("Zoë", 1)]


def test_full_table_types_nulls_unicode_and_huge_strings(pg_conn, pg_data):
    frame = run({"connection": pg_conn.slug, "table": "people"}).sort("id")
    assert frame.schema == pl.Schema(
        {
            "id": pl.Int32,
            "name": pl.String,
            "score": pl.Decimal(10, 2),
            "active": pl.Boolean,
            "born": pl.Date,
            "seen": pl.Datetime("us", "UTC"),
            "note": pl.String,
        }
    )
    first, empty, third = frame.rows()
    assert first[:5] == (1, "Zoë", decimal.Decimal("10.50"), True, dt.date(1990, 1, 2))
    assert empty == (2, None, None, None, None, None, None)
    assert third[1] == "日本" and third[6] == HUGE


def test_query_mode(pg_conn, pg_data):
    frame = run(
        {"connection": pg_conn.slug, "query": "SELECT id, upper(name) AS n FROM people WHERE id < 3 ORDER BY id;"}
    )
    assert frame.rows() == [(1, "ZOË"), (2, None)]


def test_table_name_case_and_schema(pg_conn, pg_data):
    assert run({"connection": pg_conn.slug, "table": "PEOPLE", "columns": ["ID"]}).height == 3
    assert run({"connection": pg_conn.slug, "table": "things", "schema": "other"}).rows() == [(7,)]


@pytest.mark.parametrize(
    "config",
    [
        {"table": "people"},
        {"table": "people", "columns": ["seen", "score"], "where": "id > 1"},
        {"table": "empty_t"},
        {"query": "SELECT count(*) AS n, sum(score) AS total, avg(id) AS mean, now() AS at FROM people"},
        {"query": "SELECT gen_random_uuid() AS u, '{\"a\": 1}'::jsonb AS j, ARRAY[1, 2] AS arr, interval '1 day' AS d"},
    ],
)
def test_output_schema_equals_run_schema(pg_conn, pg_data, config):
    config = {"connection": pg_conn.slug, **config}
    assert schema_of(config) == run(config).schema


def test_empty_table_keeps_its_schema(pg_conn, pg_data):
    frame = run({"connection": pg_conn.slug, "table": "empty_t"})
    assert frame.height == 0 and frame.schema == pl.Schema({"id": pl.Int64, "label": pl.String})


def test_limit_dry_run_and_injected_rows(pg_conn, pg_data):
    config = {"connection": pg_conn.slug, "table": "people", "columns": ["id"]}
    assert run({**config, "limit": 2}).height == 2
    assert run(config, mode="dry_run", sample_rows=1).height == 1
    injected = run(config, mode="dry_run", injected_rows=[{"id": 42, "extra": "x"}])
    assert injected.rows() == [(42,)]


def test_special_types_are_converted(pg_conn, pg_data):
    frame = run(
        {
            "connection": pg_conn.slug,
            "query": "SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u, '{\"k\": 1}'::jsonb AS j, "
            "interval '1 day 2 hours' AS d, 12345678901234567890::numeric AS big",
        }
    )
    assert frame.row(0) == (
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        '{"k": 1}',
        dt.timedelta(days=1, hours=2),
        1.2345678901234567e19,
    )


# --- read-only enforcement -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "DELETE FROM victims",
        "DROP TABLE victims",
        "SELECT 1; DELETE FROM victims",
        "WITH d AS (DELETE FROM victims RETURNING *) SELECT * FROM d",
        "SELECT * INTO stolen FROM victims",
        "UPDATE victims SET id = 0",
    ],
)
def test_writing_queries_are_refused(pg_conn, pg_data, query):
    error = node_error({"connection": pg_conn.slug, "query": query})
    assert error.field == "query"
    assert victims(pg_data) == 2


@pytest.mark.parametrize(
    "where", ["id = 1); DELETE FROM victims; --", "1 = 1; DROP TABLE victims", "id = 1) OR (1 = 1"]
)
def test_where_cannot_escape(pg_conn, pg_data, where):
    error = node_error({"connection": pg_conn.slug, "table": "people", "where": where})
    assert error.field == "where"
    assert victims(pg_data) == 2


def test_where_with_subquery_and_trailing_comment(pg_conn, pg_data):
    frame = run({"connection": pg_conn.slug, "table": "people", "where": "id IN (SELECT id FROM victims) --"})
    assert sorted(frame["id"].to_list()) == [1, 2]


def test_database_enforces_read_only_even_past_the_static_check(pg_conn, pg_data):
    # A data-modifying CTE sent straight to a read-only session: the database refuses it.
    with session(pg_conn, read_only=True, timeout=5) as db, pytest.raises(ConnectorError, match="read-only"):
        db.read_arrow("WITH d AS (DELETE FROM victims RETURNING *) SELECT * FROM d")
    with session(pg_conn, read_only=True, timeout=5) as db, pytest.raises(ConnectorError, match="read-only"):
        db.execute("DELETE FROM victims")
    assert victims(pg_data) == 2
    # A side effect hidden in a function call inside a valid condition is stopped the same way.
    error = node_error({"connection": pg_conn.slug, "table": "people", "where": "nextval('counter') > 0"})
    assert error.field == "where" and "read-only" in error.message


def test_statement_timeout(pg_conn, pg_data):
    error = node_error({"connection": pg_conn.slug, "query": "SELECT pg_sleep(5)"}, timeout=1)
    assert error.field == "query" and "longer than 1 s" in error.message


# --- identifiers and unknown names ---------------------------------------------------------------


@pytest.mark.parametrize("bad", ["users; drop table x", 'peo"ple', "peo'ple", "pëople", "p" * 64])
@pytest.mark.parametrize("field", ["table", "schema", "columns"])
def test_injection_like_identifiers_are_refused(pg_conn, pg_data, bad, field):
    config = {"connection": pg_conn.slug, "table": "people"}
    config[field] = [bad] if field == "columns" else bad
    error = node_error(config, mode="schema")
    assert error.field == ("columns.0" if field == "columns" else field)
    assert victims(pg_data) == 2


def test_unknown_table_and_columns_name_the_field(pg_conn, pg_data):
    assert node_error({"connection": pg_conn.slug, "table": "nope"}, mode="schema").field == "table"
    error = node_error({"connection": pg_conn.slug, "table": "people", "columns": ["id", "nope"]}, mode="schema")
    assert error.field == "columns.1" and "nope" in error.message
    error = node_error({"connection": pg_conn.slug, "table": "people", "where": "missing > 1"}, mode="schema")
    assert error.field == "where" and "missing" in error.message
    error = node_error({"connection": pg_conn.slug, "query": "SELECT missing FROM people"}, mode="schema")
    assert error.field == "query"


def test_unknown_or_wrong_connection(db):
    assert node_error({"connection": "no-such", "table": "t"}, mode="schema").field == "connection"
    http = make_connection("http", {"base_url": "https://api.example.com"})
    assert node_error({"connection": http.slug, "table": "t"}, mode="schema").field == "connection"


@pytest.mark.parametrize(
    "config",
    [
        {"connection": "c"},
        {"connection": "c", "table": "t", "query": "SELECT 1"},
        {"connection": "c", "query": "SELECT 1", "where": "a > 1"},
        {"connection": "c", "table": "t", "unknown": 1},
    ],
)
def test_config_needs_exactly_one_of_table_or_query(config):
    with pytest.raises(ValidationError):
        NODE.parse_config(config)


# --- SQLite, DuckDB, MariaDB -------------------------------------------------------------------


def test_sqlite_declared_types_and_query_expressions(sqlite_conn, settings):
    with sqlite3.connect(data_file(settings, "db/app.sqlite")) as lite:
        lite.execute(
            "CREATE TABLE t (id INTEGER, name TEXT, amount REAL, day DATE, at TIMESTAMP, ok BOOLEAN, "
            "price DECIMAL(8,2), raw BLOB)"
        )
        lite.execute("INSERT INTO t VALUES (1, 'Ünï', 1.5, '2024-01-02', '2024-01-02 03:04:05', 1, 9.99, x'00ff')")
        lite.execute("INSERT INTO t VALUES (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL)")
    table = {"connection": sqlite_conn.slug, "table": "t"}
    frame = run(table)
    assert frame.schema == schema_of(table)
    assert frame.row(0) == (
        1,
        "Ünï",
        1.5,
        dt.date(2024, 1, 2),
        dt.datetime(2024, 1, 2, 3, 4, 5),
        True,
        decimal.Decimal("9.99"),
        b"\x00\xff",
    )
    query = {"connection": sqlite_conn.slug, "query": "SELECT id * 2 AS twice, count(*) AS n FROM t GROUP BY id"}
    assert schema_of(query) == run(query).schema == pl.Schema({"twice": pl.Int64, "n": pl.Int64})
    assert node_error({"connection": sqlite_conn.slug, "query": "DELETE FROM t"}).field == "query"
    # The file is opened read-only and with query_only: the engine itself cannot write.
    with session(sqlite_conn, read_only=True, timeout=5) as db, pytest.raises(ConnectorError):
        db.execute("DELETE FROM t")
    with sqlite3.connect(data_file(settings, "db/app.sqlite")) as lite:
        assert lite.execute("SELECT count(*) FROM t").fetchone()[0] == 2


def test_duckdb_reads_read_only_without_file_access(duckdb_conn, settings):
    with duckdb.connect(data_file(settings, "db/app.duckdb")) as duck:
        duck.execute("CREATE TABLE sales AS SELECT range AS id, 'x' || range AS label FROM range(5)")
    config = {"connection": duckdb_conn.slug, "table": "sales", "where": "id >= 3"}
    frame = run(config)
    assert frame.schema == schema_of(config) and frame["id"].to_list() == [3, 4]
    error = node_error({"connection": duckdb_conn.slug, "query": "SELECT * FROM read_csv('/etc/passwd')"})
    assert error.field == "query"
    with session(duckdb_conn, read_only=True, timeout=5) as db, pytest.raises(ConnectorError):
        db.execute("DELETE FROM sales")


@needs_mariadb
def test_mariadb_table_and_query(db):
    import pymysql

    conn = make_connection("mysql", {"host": "127.0.0.1", "port": 3306, "database": "test", "user": "root"})
    with pymysql.connect(host="127.0.0.1", user="root", database="test", autocommit=True) as my, my.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS h2_src")
        cur.execute("CREATE TABLE h2_src (id INT PRIMARY KEY, name VARCHAR(20), amount DECIMAL(10,2), at DATETIME)")
        cur.execute("INSERT INTO h2_src VALUES (1, 'Zoë', 1.25, '2024-01-02 03:04:05'), (2, NULL, NULL, NULL)")
    try:
        config = {"connection": conn.slug, "table": "h2_src", "columns": ["id", "name", "amount", "at"]}
        frame = run(config)
        assert frame.schema == schema_of(config)
        assert frame.rows() == [
            (1, "Zoë", decimal.Decimal("1.25"), dt.datetime(2024, 1, 2, 3, 4, 5)),
            (2, None, None, None),
        ]
        assert run({"connection": conn.slug, "query": "SELECT count(*) AS n FROM h2_src"}).item() == 2
        assert node_error({"connection": conn.slug, "query": "DELETE FROM h2_src"}).field == "query"
        error = node_error({"connection": conn.slug, "query": "SELECT sleep(5)"}, timeout=1)
        assert "longer than" in error.message
    finally:
        with pymysql.connect(host="127.0.0.1", user="root", database="test", autocommit=True) as my:
            my.cursor().execute("DROP TABLE IF EXISTS h2_src")
