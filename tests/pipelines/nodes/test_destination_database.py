"""destination.database on real PostgreSQL, SQLite and DuckDB: append/replace/upsert, the
two-phase contract (idempotent commit, abort, atomic commit_group) and created-table types."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sqlite3

import duckdb
import polars as pl
import pytest
from pydantic import ValidationError

from pipelines.connectors.writer import staging_name
from pipelines.nodes.base import NodeError
from pipelines.nodes.destinations.database import DatabaseDestination
from pipelines.nodes.sources.database import DatabaseSource
from tests.pipelines import test_connectors as shared
from tests.pipelines.test_connectors import data_file, make_connection, make_ctx, pg_run

# Fixtures shared with the connector tests (a PostgreSQL database per module, Connection rows).
duckdb_conn = shared.duckdb_conn
pg_conn = shared.pg_conn
pg_database = shared.pg_database
sqlite_conn = shared.sqlite_conn

NODE = DatabaseDestination()
SOURCE = DatabaseSource()
KINDS = ["postgresql", "sqlite", "duckdb"]


@pytest.fixture(params=KINDS)
def target(request, pg_database, settings):
    """(Connection, a function that runs SQL on the target database and returns rows)."""
    kind = request.param
    if kind == "postgresql":
        conn = request.getfixturevalue("pg_conn")
        suffix = conn.slug.replace("-", "_")

        def sql(statement: str):
            return pg_run(pg_database, statement.replace("{t}", f"t_{suffix}"))

        conn.table = f"t_{suffix}"
        return conn, sql
    conn = request.getfixturevalue(f"{kind}_conn")
    path = data_file(settings, conn.config["path"])
    if kind == "sqlite":
        sqlite3.connect(path).close()
    else:
        duckdb.connect(path).close()

    def sql(statement: str):
        statement = statement.replace("{t}", "t_out")
        if kind == "sqlite":
            with sqlite3.connect(path) as lite:
                return lite.execute(statement).fetchall()
        with duckdb.connect(path) as duck:
            return duck.execute(statement).fetchall()

    conn.table = "t_out"
    return conn, sql


def frame(ids, names):
    return pl.DataFrame({"id": ids, "name": names}, schema={"id": pl.Int64, "name": pl.String})


def stage(conn, df, stage_id: str, **config):
    cfg = NODE.parse_config({"connection": conn.slug, "table": conn.table, **config})
    receipt = NODE.stage(make_ctx(stage_id=stage_id), cfg, df.lazy())
    return cfg, json.loads(json.dumps(receipt))  # receipts are JSON and travel between processes


def write(conn, df, stage_id: str, **config):
    cfg, receipt = stage(conn, df, stage_id, **config)
    DatabaseDestination().commit(make_ctx(), cfg, receipt)  # a fresh instance, as another process would
    return receipt


def rows(sql):
    return sorted(sql("SELECT id, name FROM {t}"), key=lambda r: r[0])


def staging_exists(sql, receipt) -> bool:
    name = receipt["staging_table"]
    try:
        sql(f'SELECT count(*) FROM "{name}"')
    except Exception:
        return False
    return True


def test_append_twice_doubles(target):
    conn, sql = target
    write(conn, frame([1, 2], ["a", "b"]), "e1/n/1")
    write(conn, frame([1, 2], ["a", "b"]), "e2/n/1")
    assert rows(sql) == [(1, "a"), (1, "a"), (2, "b"), (2, "b")]


def test_replace(target):
    conn, sql = target
    write(conn, frame([1, 2], ["a", "b"]), "e1/n/1")
    write(conn, frame([3], ["c"]), "e2/n/1", mode="replace")
    assert rows(sql) == [(3, "c")]


def test_upsert_updates_and_inserts(target):
    conn, sql = target
    write(conn, frame([1, 2], ["a", "b"]), "e1/n/1", mode="upsert", keys=["id"])
    write(conn, frame([2, 3, 3], ["B", "c", "C"]), "e2/n/1", mode="upsert", keys=["id"])
    assert rows(sql) == [(1, "a"), (2, "B"), (3, "C")]  # the last row of a duplicated key wins


def test_upsert_into_existing_table_without_unique_index(pg_conn, pg_database):
    pg_run(pg_database, "CREATE TABLE plain_t (id bigint, name text, extra int DEFAULT 7)")
    pg_conn.table = "plain_t"
    write(pg_conn, frame([1, 2], ["a", "b"]), "e1/n/1")
    write(pg_conn, frame([2, 3], ["B", "c"]), "e2/n/1", mode="upsert", keys=["id"])
    assert pg_run(pg_database, "SELECT id, name, extra FROM plain_t ORDER BY id") == [
        (1, "a", 7),
        (2, "B", 7),
        (3, "c", 7),
    ]


def test_commit_is_idempotent(target):
    conn, sql = target
    cfg, receipt = stage(conn, frame([1, 2], ["a", "b"]), "e1/n/1")
    assert receipt["rows"] == 2 and staging_exists(sql, receipt)
    NODE.commit(make_ctx(), cfg, receipt)
    NODE.commit(make_ctx(), cfg, receipt)
    NODE.commit_group(make_ctx(), [(cfg, receipt)])
    assert rows(sql) == [(1, "a"), (2, "b")]
    assert not staging_exists(sql, receipt)


def test_abort_leaves_target_untouched_and_drops_staging(target):
    conn, sql = target
    write(conn, frame([1], ["a"]), "e1/n/1")
    cfg, receipt = stage(conn, frame([2], ["b"]), "e2/n/1", mode="replace")
    assert staging_exists(sql, receipt)
    NODE.abort(make_ctx(), cfg, receipt)
    NODE.abort(make_ctx(), cfg, receipt)
    assert not staging_exists(sql, receipt)
    assert rows(sql) == [(1, "a")]
    NODE.commit(make_ctx(), cfg, receipt)  # committing an aborted receipt does nothing
    assert rows(sql) == [(1, "a")]


def test_commit_group_is_atomic(target):
    conn, sql = target
    sql("CREATE TABLE narrow (id bigint)")
    cfg1, first = stage(conn, frame([1], ["a"]), "e1/first/1")
    cfg2 = NODE.parse_config({"connection": conn.slug, "table": "narrow"})
    second = NODE.stage(make_ctx(stage_id="e1/second/1"), cfg2, frame([2], ["b"]).lazy())
    with pytest.raises(NodeError, match="no column 'name'"):
        NODE.commit_group(make_ctx(), [(cfg1, first), (cfg2, second)])
    # The first receipt was rolled back with the second: its table was never created and it can be retried.
    assert staging_exists(sql, first)
    with pytest.raises(Exception):  # the driver's own "no such table"
        sql("SELECT * FROM {t}")
    NODE.commit_group(make_ctx(), [(cfg1, first)])
    assert rows(sql) == [(1, "a")]
    assert NODE.group_key(cfg1) == conn.slug


def test_create_if_missing_off(target):
    conn, _sql = target
    cfg, receipt = stage(conn, frame([1], ["a"]), "e1/n/1", create_if_missing=False)
    with pytest.raises(NodeError) as info:
        NODE.commit(make_ctx(), cfg, receipt)
    assert info.value.field == "table" and "does not exist" in info.value.message


def test_created_types_round_trip(target):
    conn, _sql = target
    df = pl.DataFrame(
        {
            "i64": [1, None],
            "i32": pl.Series([2, 3], dtype=pl.Int32),
            "f": [1.5, None],
            "s": ["Zoë ✓", None],
            "b": [True, None],
            "d": [dt.date(2024, 2, 29), None],
            "ts": [dt.datetime(2024, 1, 2, 3, 4, 5, 6), None],
            "tz": pl.Series([dt.datetime(2024, 1, 2, 3, 4, 5), None]).dt.replace_time_zone("UTC"),
            "dec": pl.Series([decimal.Decimal("12.34"), None], dtype=pl.Decimal(10, 2)),
            "raw": [b"\x00\x01", None],
        }
    )
    write(conn, df, "e1/n/1")
    config = SOURCE.parse_config({"connection": conn.slug, "table": conn.table})
    back = SOURCE.build(make_ctx(), config, {})["out"].collect()
    expected = dict(df.schema)
    if conn.kind == "sqlite":
        expected["i32"] = pl.Int64  # SQLite has one integer type
    assert dict(back.schema) == expected
    assert back.sort("i64", nulls_last=True).rows() == df.with_columns(pl.col("i32").cast(back["i32"].dtype)).rows()


def test_check_input_names_missing_keys():
    cfg = NODE.parse_config({"connection": "c", "table": "t", "mode": "upsert", "keys": ["id", "day"]})
    with pytest.raises(NodeError) as info:
        NODE.check_input(make_ctx("schema", get_connection=None), cfg, pl.Schema({"id": pl.Int64}))
    assert info.value.field == "keys.1" and info.value.column == "day"
    with pytest.raises(NodeError) as info:
        NODE.check_input(make_ctx("schema", get_connection=None), cfg, pl.Schema({"id": pl.Int64, "da y": pl.Int64}))
    assert "da y" in info.value.message


@pytest.mark.parametrize(
    "config",
    [
        {"connection": "c", "table": "t", "mode": "upsert"},
        {"connection": "c", "table": "users; drop table x"},
        {"connection": "c", "table": "t", "schema": 'a"b'},
        {"connection": "c", "table": "t" * 64},
        {"connection": "c", "table": "t", "mode": "upsert", "keys": ["naïve"]},
        {"connection": "c", "table": "t", "mode": "merge"},
    ],
)
def test_bad_configs_are_refused(config):
    with pytest.raises(ValidationError):
        NODE.parse_config(config)


def test_upsert_refuses_null_keys_and_cleans_up(pg_conn, pg_database):
    pg_conn.table = "nullkeys"
    cfg = NODE.parse_config({"connection": pg_conn.slug, "table": "nullkeys", "mode": "upsert", "keys": ["id"]})
    with pytest.raises(NodeError) as info:
        NODE.stage(make_ctx(stage_id="e9/n/1"), cfg, frame([1, None], ["a", "b"]).lazy())
    assert info.value.field == "keys"
    staging = staging_name("e9/n/1")
    assert pg_run(pg_database, "SELECT count(*) FROM pg_tables WHERE tablename = %s", params=(staging,)) == [(0,)]


def test_mysql_and_http_connections_are_refused(db):
    mysql = make_connection("mysql", {"host": "127.0.0.1", "database": "test", "user": "root"})
    cfg = NODE.parse_config({"connection": mysql.slug, "table": "t"})
    with pytest.raises(NodeError) as info:
        NODE.stage(make_ctx(stage_id="x"), cfg, frame([1], ["a"]).lazy())
    assert info.value.field == "connection" and "MySQL" in info.value.message
    with pytest.raises(NodeError) as info:
        NODE.check_input(make_ctx("schema"), cfg, pl.Schema({"id": pl.Int64}))
    assert info.value.field == "connection"


def test_dry_run_writes_nothing(pg_conn, pg_database):
    pg_conn.table = "never_created"
    cfg = NODE.parse_config({"connection": pg_conn.slug, "table": "never_created"})
    receipt = NODE.stage(make_ctx("dry_run", stage_id="dry/n/1"), cfg, frame([1], ["a"]).lazy())
    assert receipt["dry_run"] is True and receipt["rows"] == 1
    NODE.commit(make_ctx(), cfg, receipt)
    assert pg_run(pg_database, "SELECT count(*) FROM pg_tables WHERE tablename LIKE '%never_created%'") == [(0,)]


def test_long_and_odd_stage_ids_make_valid_staging_names(pg_conn, pg_database):
    pg_conn.table = "odd_ids"
    receipt = write(pg_conn, frame([1], ["a"]), "Ex€cution-" + "9" * 80 + "/node key/3")
    assert len(receipt["staging_table"]) <= 63 and receipt["staging_table"].startswith("_sluice_stage_")
    assert pg_run(pg_database, "SELECT count(*) FROM odd_ids") == [(1,)]
