"""The sql backend's runner: a compiled graph run in one transaction on its target, every node counted,
destinations staged and published by their own two phases (or nothing left when the run fails or is
cancelled). PostgreSQL in a database of this module's own; DuckDB in memory for graphs of files."""

from __future__ import annotations

import shutil
import threading
from datetime import date, datetime

import polars as pl
import pytest
import yaml

from bench import tpch
from pipelines.graph import Graph, parse_graph_document
from pipelines.models import Connection
from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError
from pipelines.nodes.checks import Check, checks_run_on
from pipelines.sqlbackend.compiler import compile_graph
from pipelines.sqlbackend.runner import SqlRun, SqlRunCancelled
from tests.pipelines import test_connectors
from tests.pipelines.test_connectors import pg_run

registry.load_builtin()
pg_database = test_connectors.pg_database
pg_conn = test_connectors.pg_conn


def graph(nodes: list[tuple[str, str, dict]], edges: list[tuple[str, str]]) -> Graph:
    return Graph.from_dict(
        {
            "nodes": [{"key": k, "type": t, "config": c} for k, t, c in nodes],
            "edges": [{"source": s, "target": t} for s, t in edges],
        }
    )


def publish(compiled, nodes, context) -> None:
    """The commit phase: each destination's own commit of its receipt."""
    for write in compiled.writes:
        node_type = registry.get(write.type)
        ctx = BuildContext(node_key=write.node, mode="run", get_connection=context.get("get_connection"))
        node_type.commit_group(ctx, [(write.config, nodes[write.node].receipt)])


@pytest.fixture(scope="module")
def tpch_tables():
    return tpch.generate("0.01")


def test_tpch_runs_on_an_embedded_duckdb_like_duckdb(settings, tpch_tables):
    for table in tpch.TABLES:
        shutil.copy(tpch_tables / f"{table}.parquet", settings.DATA_ROOT / f"{table}.parquet")
    lineitem = pl.scan_parquet(settings.DATA_ROOT / "lineitem.parquet").select(pl.len()).collect().item()
    problems = {}
    for query in tpch.QUERIES:
        g = parse_graph_document(yaml.safe_load(tpch.document_text(query))["spec"]["graph"])
        compiled = compile_graph(g)
        nodes = SqlRun(compiled, context={}, stage_id=f"test-{query}").run()
        assert not tpch.answer_path(settings.DATA_ROOT, query).exists()  # staged, not published
        # Every relation counted by its own COUNT(*): the same rows as those counted in their consumer's pass.
        deferred = [r.node for r in compiled.relations if r.count_from is not None]
        assert deferred, query  # each query has a relation counted in its consumer's pass
        alone = compile_graph(g)
        for relation in alone.relations:
            relation.count_from = relation.carry = None
        counted = SqlRun(alone, context={}, stage_id=f"test-{query}-alone").run()
        assert {k: n.rows for k, n in nodes.items()} == {k: n.rows for k, n in counted.items()}, query
        publish(compiled, nodes, {})
        answer = pl.read_parquet(tpch.answer_path(settings.DATA_ROOT, query))
        problems[query] = tpch.compare(answer, tpch.duckdb_answer(query, settings.DATA_ROOT))
        if query == "q01":
            assert nodes["lineitem"].rows == {"out": lineitem}
            assert 0 < nodes["shipped"].rows["out"] < lineitem and nodes["summary"].rows["out"] == 4
            assert all(run.seconds >= 0 for run in nodes.values())
    assert {q: p for q, p in problems.items() if p} == {}


@pytest.mark.django_db
def test_postgres_filter_derive_aggregate_into_a_table(pg_conn):
    database = pg_conn.config["database"]
    pg_run(
        database,
        "DROP TABLE IF EXISTS orders, totals",
        "CREATE TABLE orders (id int, country text, amount double precision, status text)",
        "INSERT INTO orders VALUES (1, 'FR', 10, 'paid'), (2, 'FR', 5.5, 'paid'), (3, 'DE', 7, 'paid'), "
        "(4, 'DE', 100, 'void'), (5, NULL, 1, 'paid'), (6, 'fr', 2, 'paid')",
    )
    context = {"get_connection": lambda slug: Connection.objects.get(slug=slug)}
    g = graph(
        [
            ("src", "source.database", {"connection": pg_conn.slug, "table": "orders"}),
            ("paid", "transform.filter", {"condition": "status = 'paid'"}),
            ("taxed", "transform.map", {"derive": [{"name": "gross", "expr": "amount * 1.2"}]}),
            (
                "by_country",
                "transform.aggregate",
                {
                    "group_by": ["country"],
                    "aggregations": [
                        {"column": "*", "function": "count", "alias": "orders"},
                        {"column": "gross", "function": "sum", "alias": "gross"},
                    ],
                },
            ),
            ("out", "destination.database", {"connection": pg_conn.slug, "table": "totals", "mode": "replace"}),
        ],
        [("src", "paid"), ("paid", "taxed"), ("taxed", "by_country"), ("by_country", "out")],
    )
    compiled = compile_graph(g, context=context)
    nodes = SqlRun(compiled, context=context, stage_id="exec-1-a1").run()
    assert {k: n.rows for k, n in nodes.items() if n.rows} == {
        "src": {"out": 6},
        "paid": {"out": 5},
        "taxed": {"out": 5},
        "by_country": {"out": 4},
    }
    receipt = nodes["out"].receipt
    assert receipt["rows"] == 4 and receipt["staging_table"].startswith("_sluice_stage_")
    assert pg_run(database, "SELECT to_regclass('totals')") == [(None,)]  # nothing published yet
    publish(compiled, nodes, context)
    rows = pg_run(database, "SELECT country, orders, round(gross::numeric, 6) FROM totals ORDER BY country NULLS FIRST")
    assert [(c, n, float(g)) for c, n, g in rows] == [(None, 1, 1.2), ("DE", 1, 8.4), ("FR", 2, 18.6), ("fr", 1, 2.4)]
    staging = pg_run(database, "SELECT count(*) FROM pg_tables WHERE tablename LIKE '\\_sluice\\_stage\\_%'")
    assert staging == [(0,)]


@pytest.mark.django_db
def test_a_failing_run_leaves_nothing_staged(pg_conn):
    database = pg_conn.config["database"]
    pg_run(database, "DROP TABLE IF EXISTS big", "CREATE TABLE big (id int, n bigint)", "INSERT INTO big VALUES (1, 5)")
    context = {"get_connection": lambda slug: Connection.objects.get(slug=slug)}
    src = ("src", "source.database", {"connection": pg_conn.slug, "table": "big"})
    fine = ("fine", "destination.database", {"connection": pg_conn.slug, "table": "fine_copy"})
    # The second destination's schema does not exist: its staging fails after the first one's succeeded.
    broken = ("broken", "destination.database", {"connection": pg_conn.slug, "table": "t", "schema": "nope"})
    g = graph([src, fine, broken], [("src", "fine"), ("src", "broken")])
    compiled = compile_graph(g, context=context)
    with pytest.raises(NodeError) as caught:
        SqlRun(compiled, context=context, stage_id="exec-2-a1").run()
    assert caught.value.code == "database_error"
    staging = pg_run(database, "SELECT count(*) FROM pg_tables WHERE tablename LIKE '\\_sluice\\_stage\\_%'")
    assert staging == [(0,)]
    # A value the cast refuses fails the run as Polars' cast fails the step.
    pg_run(database, "INSERT INTO big VALUES (2, 100000)")
    cast = ("small", "transform.map", {"cast": {"n": "int16"}})
    g = graph([src, cast, fine], [("src", "small"), ("small", "fine")])
    with pytest.raises(NodeError, match="out of range"):
        SqlRun(compile_graph(g, context=context), context=context, stage_id="exec-3-a1").run()


def test_cancel_interrupts_the_running_statement(settings):
    rows = 30_000
    pl.DataFrame({"k": [1] * rows, "v": list(range(rows))}).write_parquet(settings.DATA_ROOT / "wide.parquet")
    g = graph(
        [
            ("a", "source.file", {"path": "wide.parquet"}),
            ("b", "source.file", {"path": "wide.parquet"}),
            ("j", "transform.join", {"on": ["k"], "maintain_order": False}),  # 900 million rows
            ("agg", "transform.aggregate", {"aggregations": [{"column": "*", "function": "count"}]}),
            ("out", "destination.file", {"path": "out/n.parquet"}),
        ],
        [("a", "j"), ("b", "j"), ("j", "agg"), ("agg", "out")],
    )
    g.edges[1].target_port = "right"
    g.edges[0].target_port = "left"
    run = SqlRun(compile_graph(g), context={}, stage_id="exec-4-a1")
    timer = threading.Timer(1.0, run.cancel)
    timer.start()
    with pytest.raises(SqlRunCancelled):
        run.run()
    timer.cancel()
    assert not (settings.DATA_ROOT / "out" / "n.parquet").exists()


def test_quality_reports_counts_and_offending_rows_like_polars(settings):
    frame = pl.DataFrame({"id": list(range(10)), "name": ["a", None] * 5, "amount": [5, -1, 3, 2, -7, 0, 1, 1, 9, -2]})
    frame.write_parquet(settings.DATA_ROOT / "people.parquet")
    rules = [
        {"type": "not_null", "columns": ["name"]},
        {"type": "range", "column": "amount", "min": 0},
        {"type": "row_count", "min": 1},
    ]
    config = {"rules": rules, "on_failure": "reject", "sample_size": 2}
    g = graph(
        [
            ("src", "source.file", {"path": "people.parquet"}),
            ("check", "quality.validate", config),
            ("out", "destination.file", {"path": "out/good.parquet"}),
        ],
        [("src", "check"), ("check", "out")],
    )
    nodes = SqlRun(compile_graph(g), context={}, stage_id="exec-5-a1").run()
    node_type = registry.get("quality.validate")
    ctx = BuildContext(node_key="check", mode="run")
    node_type.execute(ctx, node_type.parse_config(config), {"in": frame.lazy()})
    report = nodes["check"].report
    assert report["rows"] == ctx.report["rows"] == 10 and report["on_failure"] == "reject"
    assert [(r["name"], r["passed"], r["failed"]) for r in report["rules"]] == [
        (r["name"], r["passed"], r["failed"]) for r in ctx.report["rules"]
    ]
    not_null, in_range, _count = report["rules"]
    assert len(not_null["sample"]) == 2 and all(r["name"] is None for r in not_null["sample"])
    assert len(in_range["sample"]) == 2 and all(r["amount"] < 0 for r in in_range["sample"])
    assert nodes["check"].rows == {"out": 4, "rejected": 6}


def test_the_embedded_duckdb_spills_under_the_step_limit_in_its_own_scratch_and_loads_no_extension(settings, tmp_path):
    """Under SLUICE_STEP_MEMORY_LIMIT the embedded DuckDB holds at most its share before spilling, into a
    directory of its own under SLUICE_SCRATCH_DIR, gone after the run; a URL is refused, not fetched (DuckDB
    would otherwise install httpfs from the internet, then read it)."""
    from pipelines.sqlbackend.runner import EMBEDDED_MEMORY_SHARE, _Embedded

    settings.SLUICE_SCRATCH_DIR = str(tmp_path / "scratch")
    settings.SLUICE_STEP_MEMORY_LIMIT = 1 << 30
    db = _Embedded()
    try:
        (limit, temp), *_ = db.fetchall("SELECT current_setting('memory_limit'), current_setting('temp_directory')")
        assert temp == db.scratch and db.scratch.startswith(str(tmp_path / "scratch" / "duckdb"))
        expected_mib = int((1 << 30) * EMBEDDED_MEMORY_SHARE) / (1 << 20)
        assert limit.endswith("MiB") and abs(float(limit.split()[0]) - expected_mib) < 1
        with pytest.raises(Exception, match="httpfs"):
            db.fetchall("SELECT * FROM read_parquet('https://127.0.0.1:9/x.parquet')")
        assert db.fetchall("SELECT current_setting('autoinstall_known_extensions')") == [(False,)]
    finally:
        db.close()
    assert not (tmp_path / "scratch" / "duckdb").exists() or not any((tmp_path / "scratch" / "duckdb").iterdir())

    settings.SLUICE_STEP_MEMORY_LIMIT = None  # no limit: DuckDB's own default
    db = _Embedded()
    try:
        ((limit,),) = db.fetchall("SELECT current_setting('memory_limit')")
        assert limit.endswith("GiB")
    finally:
        db.close()


CHECKS = [
    {"type": "row_count", "min": 1},
    {"type": "null_rate", "column": "name", "max": 0.9},
    {"type": "distinct_count", "column": "name", "min": 1},
    {"type": "min", "column": "amount", "min": -100},
    {"type": "max", "column": "amount", "max": 100},  # NaN skipped, as Polars' max skips it
    {"type": "min", "column": "day", "min": -(10**9)},
    {"type": "max", "column": "at", "min": 0},
    {"type": "freshness", "column": "at", "max": 10**12, "action": "warn"},
    {"type": "schema_drift"},
]
CHECK_FRAME = pl.DataFrame(
    {
        "id": [1, 2, 3, 4, 5],
        "name": ["a", None, "b", "a", None],
        "amount": [5.5, float("nan"), -7.25, None, 3.0],
        "day": [date(2020, 1, 2), None, date(1969, 12, 31), date(2024, 2, 29), None],
        "at": [datetime(2021, 5, 1, 12, 0, 0, 123456), None, datetime(1999, 1, 1), None, datetime(2021, 5, 1)],
    }
)


def polars_checks(node: str, checks: list, frame: pl.DataFrame) -> list[dict]:
    ctx = BuildContext(node_key=node, mode="run")
    return checks_run_on(ctx, [Check.model_validate(c) for c in checks], frame)


def same_results(got: list[dict], want: list[dict]) -> None:
    """The checks' results equal, values to a relative 1e-9 (freshness: the seconds between two clocks)."""
    assert [{k: v for k, v in r.items() if k != "value"} for r in got] == [
        {k: v for k, v in r.items() if k != "value"} for r in want
    ]
    for a, b in zip(got, want, strict=True):
        if isinstance(b["value"], float):
            assert a["value"] == pytest.approx(b["value"], rel=1e-9, abs=60 if b["type"] == "freshness" else 0), a
        else:
            assert a["value"] == b["value"], a


def test_quality_and_destination_checks_on_an_embedded_duckdb_report_like_polars(settings):
    CHECK_FRAME.write_parquet(settings.DATA_ROOT / "checked.parquet")
    config = {"rules": [{"type": "not_null", "columns": ["id"]}], "checks": CHECKS}
    g = graph(
        [
            ("src", "source.file", {"path": "checked.parquet"}),
            ("check", "quality.validate", config),
            ("out", "destination.file", {"path": "out/checked.parquet", "checks": CHECKS[:5]}),
        ],
        [("src", "check"), ("check", "out")],
    )
    nodes = SqlRun(compile_graph(g), context={}, stage_id="exec-6-a1").run()
    report = nodes["check"].report
    node_type = registry.get("quality.validate")
    ctx = BuildContext(node_key="check", mode="run")
    node_type.execute(ctx, node_type.parse_config(config), {"in": CHECK_FRAME.lazy()})
    assert report["checks_of"] == "check" and {"rows", "rules", "checks"} <= set(report)
    same_results(report["checks"], ctx.report["checks"])
    assert [r["status"] for r in report["checks"]] == ["passed"] * len(CHECKS)
    values = {r["name"]: r["value"] for r in report["checks"]}
    assert values["max(amount)"] == 5.5 and values["min(day)"] == -86400.0 and values["null_rate(name)"] == 0.4
    same_results(nodes["out"].report["checks"], polars_checks("out", CHECKS[:5], CHECK_FRAME))
    # Empty input: no value to measure where Polars has none.
    CHECK_FRAME.head(0).write_parquet(settings.DATA_ROOT / "checked.parquet")
    g = graph(
        [
            ("src", "source.file", {"path": "checked.parquet"}),
            ("check", "quality.validate", {**config, "checks": CHECKS[1:]}),
            ("out", "destination.file", {"path": "out/empty.parquet"}),
        ],
        [("src", "check"), ("check", "out")],
    )
    with pytest.raises(NodeError) as caught:
        SqlRun(compile_graph(g), context={}, stage_id="exec-7-a1").run()
    assert caught.value.code == "check_blocked"
    ctx = BuildContext(node_key="check", mode="run")
    with pytest.raises(NodeError):
        node_type.execute(
            ctx, node_type.parse_config({**config, "checks": CHECKS[1:]}), {"in": CHECK_FRAME.head(0).lazy()}
        )
    same_results(caught.value.report["checks"], ctx.report["checks"])
    assert not (settings.DATA_ROOT / "out" / "empty.parquet").exists()


@pytest.mark.django_db
def test_postgres_checks_measured_in_sql_and_a_blocking_one_leaves_nothing_staged(pg_conn):
    database = pg_conn.config["database"]
    pg_run(
        database,
        "DROP TABLE IF EXISTS checked, checked_out",
        'CREATE TABLE checked (id bigint, name text, amount double precision, day date, "at" timestamp)',
        "INSERT INTO checked VALUES (1, 'a', 5.5, '2020-01-02', '2021-05-01 12:00:00.123456'), "
        "(2, NULL, 'NaN', NULL, NULL), (3, 'b', -7.25, '1969-12-31', '1999-01-01'), "
        "(4, 'a', NULL, '2024-02-29', NULL), (5, NULL, 3.0, NULL, '2021-05-01')",
    )
    context = {"get_connection": lambda slug: Connection.objects.get(slug=slug)}
    config = {"rules": [{"type": "not_null", "columns": ["id"]}], "checks": CHECKS}
    out = {"connection": pg_conn.slug, "table": "checked_out", "mode": "replace", "checks": CHECKS}
    g = graph(
        [
            ("src", "source.database", {"connection": pg_conn.slug, "table": "checked"}),
            ("check", "quality.validate", config),
            ("out", "destination.database", out),
        ],
        [("src", "check"), ("check", "out")],
    )
    assert compile_graph(g, context=context).writes[0].config.checks  # no longer refused
    nodes = SqlRun(compile_graph(g, context=context), context=context, stage_id="exec-8-a1").run()
    want = polars_checks("check", CHECKS, CHECK_FRAME)
    same_results(nodes["check"].report["checks"], want)
    same_results(nodes["out"].report["checks"], want)
    assert nodes["out"].report["checks_of"] == "out" and nodes["out"].receipt["rows"] == 5
    publish(compile_graph(g, context=context), nodes, context)
    # A blocking check fails the run: the staging is rolled back with everything else.
    blocked = {**out, "checks": [{"type": "null_rate", "column": "name", "max": 0.1}]}
    g = graph(
        [
            ("src", "source.database", {"connection": pg_conn.slug, "table": "checked"}),
            ("out", "destination.database", blocked),
        ],
        [("src", "out")],
    )
    with pytest.raises(NodeError) as caught:
        SqlRun(compile_graph(g, context=context), context=context, stage_id="exec-9-a1").run()
    assert caught.value.code == "check_blocked" and "null_rate(name) = 0.4 > max 0.1" in str(caught.value)
    assert caught.value.report["checks"][0]["status"] == "blocked"
    staging = pg_run(database, "SELECT count(*) FROM pg_tables WHERE tablename LIKE '\\_sluice\\_stage\\_%'")
    assert staging == [(0,)]


duckdb_conn = test_connectors.duckdb_conn


def run_sql(database: str, kind: str, *statements: str) -> list[tuple]:
    if kind == "postgresql":
        return pg_run(database, *statements)
    import duckdb

    with duckdb.connect(database) as con:
        rows: list[tuple] = []
        for sql in statements:
            rows = con.execute(sql).fetchall()
        return rows


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["postgresql", "duckdb"])
def test_upsert_publishes_like_polars_and_refuses_null_or_ambiguous_keys(kind, request, settings):
    """Upsert on the sql backend: staged by SQL, published by the same commit as on Polars (ON CONFLICT on
    PostgreSQL once the target has its unique key, delete-then-insert on DuckDB); the same table as the
    Polars stage gives; rows equal in every column are one; a null key is refused as Polars refuses it, a key
    on several different rows is refused (Polars keeps the last one; SQL rows have no order)."""
    conn = request.getfixturevalue("pg_conn" if kind == "postgresql" else "duckdb_conn")
    database = conn.config["database"] if kind == "postgresql" else str(settings.DATA_ROOT / "db" / "app.duckdb")
    (settings.DATA_ROOT / "db").mkdir(exist_ok=True)
    context = {"get_connection": lambda slug: Connection.objects.get(slug=slug)}
    run_sql(
        database,
        kind,
        "DROP TABLE IF EXISTS updates",
        "DROP TABLE IF EXISTS by_sql",
        "DROP TABLE IF EXISTS by_polars",
        "CREATE TABLE updates (id bigint, k text, name text, n double precision)",
        "INSERT INTO updates VALUES (2, 'x', 'B', 2.5), (3, 'x', 'c', NULL), (3, 'x', 'c', NULL), (1, 'y', 'z', 1)",
    )
    keys = ["id", "k"]

    def destination(table: str) -> dict:
        return {"connection": conn.slug, "table": table, "mode": "upsert", "keys": keys}

    src = ("src", "source.database", {"connection": conn.slug, "table": "updates"})
    ours = graph([src, ("out", "destination.database", destination("by_sql"))], [("src", "out")])
    node_type = registry.get("destination.database")
    for round_ in range(2):  # the first creates the tables, the second upserts into them
        if round_:
            run_sql(
                database, kind, "UPDATE updates SET name = name || '2' WHERE id = 3", "DELETE FROM updates WHERE id = 1"
            )
        compiled = compile_graph(ours, context=context)
        nodes = SqlRun(compiled, context=context, stage_id=f"exec-u{round_}-a1").run()
        assert nodes["out"].receipt["rows"] == 3 - round_ and nodes["src"].rows == {"out": 4 - round_}
        publish(compiled, nodes, context)
        frame = pl.from_records(
            run_sql(database, kind, "SELECT * FROM updates"), schema=["id", "k", "name", "n"], orient="row"
        )
        ctx = BuildContext(node_key="p", mode="run", get_connection=context["get_connection"], stage_id=f"p{round_}")
        config = node_type.parse_config(destination("by_polars"))
        node_type.commit(ctx, config, node_type.stage(ctx, config, frame.lazy()))
        got = run_sql(database, kind, "SELECT id, k, name, n FROM by_sql ORDER BY id")
        assert got == run_sql(database, kind, "SELECT id, k, name, n FROM by_polars ORDER BY id")
    assert got == [(1, "y", "z", 1.0), (2, "x", "B", 2.5), (3, "x", "c2", None)]
    for bad, code, message in (
        ("(4, NULL, 'n', 1)", "database_error", "1 rows have a null key (id, k); upsert keys must not be null."),
        ("(3, 'x', 'other', 1)", "upsert_duplicate_keys", "1 keys (id, k) are on several different rows"),
    ):
        run_sql(database, kind, f"INSERT INTO updates VALUES {bad}")
        with pytest.raises(NodeError) as caught:
            SqlRun(compile_graph(ours, context=context), context=context, stage_id="exec-u9-a1").run()
        assert (caught.value.code, caught.value.field) == (code, "keys") and message in caught.value.message
        run_sql(database, kind, f"DELETE FROM updates WHERE name = '{'n' if 'NULL' in bad else 'other'}'")
    staged = run_sql(
        database,
        kind,
        "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '\\_sluice\\_stage\\_%' ESCAPE '\\'",
    )
    assert staged == [(0,)]
    assert run_sql(database, kind, "SELECT id, k, name, n FROM by_sql ORDER BY id") == got  # untouched
