"""destination.warehouse: a DuckDB file under DATA_ROOT (default) or a PostgreSQL schema, with
the same two-phase contract as destination.database."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import polars as pl
import pytest
from pydantic import ValidationError

from pipelines.nodes.base import NodeError
from pipelines.nodes.destinations.warehouse import WarehouseDestination
from tests.pipelines import test_connectors as shared
from tests.pipelines.test_connectors import make_connection, make_ctx, pg_run

# Fixtures shared with the connector tests (a PostgreSQL database per module, Connection rows).
pg_conn = shared.pg_conn
pg_database = shared.pg_database

NODE = WarehouseDestination()


def frame(ids, names):
    return pl.DataFrame({"id": ids, "name": names}, schema={"id": pl.Int64, "name": pl.String})


def stage(df, stage_id: str, **config):
    cfg = NODE.parse_config({"table": "facts", **config})
    receipt = NODE.stage(make_ctx(stage_id=stage_id), cfg, df.lazy())
    return cfg, json.loads(json.dumps(receipt))


def write(df, stage_id: str, **config):
    cfg, receipt = stage(df, stage_id, **config)
    WarehouseDestination().commit(make_ctx(), cfg, receipt)
    return receipt


def duck(settings, sql: str, path: str = "warehouse.duckdb"):
    with duckdb.connect(str(settings.DATA_ROOT / path), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_default_duckdb_file_modes(settings, db):
    write(frame([1, 2], ["a", "b"]), "e1/w/1")
    write(frame([1, 2], ["a", "b"]), "e2/w/1")
    assert duck(settings, "SELECT count(*) FROM main.facts") == [(4,)]
    write(frame([5], ["e"]), "e3/w/1", mode="replace")
    assert duck(settings, "SELECT id, name FROM facts") == [(5, "e")]
    write(frame([5, 6], ["E", "f"]), "e4/w/1", mode="upsert", keys=["id"])
    assert duck(settings, "SELECT id, name FROM facts ORDER BY id") == [(5, "E"), (6, "f")]


def test_schema_and_path_are_created(settings, db):
    write(frame([1], ["a"]), "e1/w/1", schema="analytics", path="lake/wh.duckdb")
    assert duck(settings, "SELECT id, name FROM analytics.facts", path="lake/wh.duckdb") == [(1, "a")]


def test_commit_idempotent_and_abort(settings, db):
    cfg, receipt = stage(frame([1], ["a"]), "e1/w/1")
    NODE.commit(make_ctx(), cfg, receipt)
    NODE.commit(make_ctx(), cfg, receipt)
    assert duck(settings, "SELECT count(*) FROM facts") == [(1,)]
    cfg, receipt = stage(frame([2], ["b"]), "e2/w/1", mode="replace")
    NODE.abort(make_ctx(), cfg, receipt)
    NODE.abort(make_ctx(), cfg, receipt)
    NODE.commit(make_ctx(), cfg, receipt)
    assert duck(settings, "SELECT id FROM facts") == [(1,)]
    staging = duck(settings, "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '_sluice_stage_%'")
    assert staging == [(0,)]


def test_commit_group_atomic_in_one_file(settings, db):
    cfg1, first = stage(frame([1], ["a"]), "e1/a/1", table="first_t")
    write(pl.DataFrame({"id": [0]}), "e0/b/1", table="second_t")
    cfg2, second = stage(frame([2], ["b"]), "e1/b/1", table="second_t")  # second_t has no column "name"
    assert NODE.group_key(cfg1) == NODE.group_key(cfg2) == "duckdb:warehouse.duckdb"
    with pytest.raises(NodeError, match="no column 'name'"):
        NODE.commit_group(make_ctx(), [(cfg1, first), (cfg2, second)])
    tables = {r[0] for r in duck(settings, "SELECT table_name FROM information_schema.tables")}
    assert "first_t" not in tables  # rolled back with the failing second receipt


def test_nested_and_temporal_types_round_trip(settings, db):
    df = pl.DataFrame(
        {
            "tags": [["a", "b"], []],
            "point": [{"x": 1, "y": 2.5}, None],
            "at": [dt.datetime(2024, 1, 1, 12), None],
            "small": pl.Series([1, 2], dtype=pl.UInt8),
        }
    )
    write(df, "e1/w/1")
    with duckdb.connect(str(settings.DATA_ROOT / "warehouse.duckdb"), read_only=True) as conn:
        back = conn.sql("SELECT * FROM facts").pl()
    assert back.schema == df.schema and back.rows() == df.rows()


def test_postgres_connection_writes_into_a_created_schema(pg_conn, pg_database):
    cfg = NODE.parse_config({"table": "facts", "schema": "mart", "connection": pg_conn.slug})
    assert NODE.group_key(cfg) == f"connection:{pg_conn.slug}"
    for i in range(2):
        receipt = NODE.stage(make_ctx(stage_id=f"e{i}/w/1"), cfg, frame([1, 2], ["a", "b"]).lazy())
        assert receipt["schema"] == "mart" and receipt["kind"] == "postgresql"
        NODE.commit(make_ctx(), cfg, receipt)
        NODE.commit(make_ctx(), cfg, receipt)
    assert pg_run(pg_database, "SELECT count(*) FROM mart.facts") == [(4,)]
    upsert = NODE.parse_config(
        {"table": "facts_u", "schema": "mart", "connection": pg_conn.slug, "mode": "upsert", "keys": ["id"]}
    )
    for i, df in enumerate([frame([1, 2], ["a", "b"]), frame([2, 3], ["B", "c"])]):
        NODE.commit(make_ctx(), upsert, NODE.stage(make_ctx(stage_id=f"u{i}/w/1"), upsert, df.lazy()))
    assert pg_run(pg_database, "SELECT id, name FROM mart.facts_u ORDER BY id") == [(1, "a"), (2, "B"), (3, "c")]


def test_non_postgres_connection_is_refused(db):
    lite = make_connection("sqlite", {"path": "x.sqlite"})
    cfg = NODE.parse_config({"table": "facts", "connection": lite.slug})
    with pytest.raises(NodeError) as info:
        NODE.stage(make_ctx(stage_id="x"), cfg, frame([1], ["a"]).lazy())
    assert info.value.field == "connection"


@pytest.mark.parametrize(
    "config",
    [
        {"table": "t", "path": "/tmp/wh.duckdb"},
        {"table": "t", "path": "../wh.duckdb"},
        {"table": "t", "path": "a.duckdb", "connection": "pg"},
        {"table": "t; drop"},
        {"table": "t", "mode": "upsert"},
    ],
)
def test_bad_configs(config):
    with pytest.raises(ValidationError):
        NODE.parse_config(config)


def test_check_input_keys():
    cfg = NODE.parse_config({"table": "t", "mode": "upsert", "keys": ["id"]})
    with pytest.raises(NodeError) as info:
        NODE.check_input(make_ctx("schema"), cfg, pl.Schema({"name": pl.String}))
    assert info.value.field == "keys.0" and info.value.column == "id"
    NODE.check_input(make_ctx("schema"), cfg, pl.Schema({"id": pl.Int64}))


def test_discard_drops_what_an_unrecorded_attempt_staged(settings, db):
    """A worker killed between staging and recording its receipt: the run finds the staging table from the
    attempt's stage id alone and drops it; the attempt that was recorded is untouched."""
    cfg, _lost = stage(frame([1], ["a"]), "e1_w_a1", schema="analytics")
    cfg, kept = stage(frame([2], ["b"]), "e1_w_a2", schema="analytics")
    NODE.discard(make_ctx(stage_id="e1_w_a1"), cfg)
    NODE.discard(make_ctx(stage_id="e1_w_a1"), cfg)  # idempotent
    NODE.discard(make_ctx(stage_id="e1_w_a9"), cfg)  # never staged: nothing to do
    names = duck(settings, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'analytics'")
    assert names == [(kept["staging_table"],)]
    NODE.commit(make_ctx(), cfg, kept)
    assert duck(settings, "SELECT id FROM analytics.facts") == [(2,)]
