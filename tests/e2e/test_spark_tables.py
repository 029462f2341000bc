"""Tables of the Spark connection's catalog on the spark backend, against the real local cluster (the session's
``spark_cluster``): a table source (columns, where) → filter → aggregate → table destination gives Polars'
rows, staged into ``_sluice_stage_<stage id>`` beside the target and published only by the commit phase
(replace and append; a missing target created; through the engine on a worker too); a blocking check or a
failed run leaves no staging table and the target as it was; hostile names and conditions are refused
before anything reaches the cluster; a PostgreSQL table in a Spark graph, another user's Spark connection
and a Spark table on the polars backend are refused with the reason."""

from __future__ import annotations

import uuid

import polars as pl
import pytest
from pydantic import ValidationError as ConfigError

from pipelines.connectors.spark import spark_session
from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError
from pipelines.services.pipelines import validation_context
from pipelines.sqlbackend.compiler import GraphDoesNotCompile, compile_graph
from pipelines.sqlbackend.spark import SparkRun
from pipelines.validation import validate_graph
from tests import factories
from tests.e2e import test_spark_runner
from tests.e2e.conftest import run_pipeline
from tests.e2e.test_spark_backend import _spark_connection

registry.load_builtin()

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("spark")]
spark_connection = test_spark_runner.spark_connection  # the fixtures: a connection to the cluster, its context
context = test_spark_runner.context

ORDERS = pl.DataFrame(
    {
        "id": [1, 2, 3, 4, 5, 6, 7],
        "country": ["FR", "FR", "DE", "DE", None, "fr", "FR"],
        "amount": [10.0, 5.5, 7.0, 100.0, 1.0, 2.0, 3.25],
        "status": ["paid", "paid", "paid", "void", "paid", "paid", "refunded"],
    }
)


def name(prefix: str) -> str:
    """A table name of its own (the catalog is shared by every session of the Connect server)."""
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def sql(connection, statement: str):
    with spark_session(connection, timeout=120) as session:
        return session.sql(statement).toArrow()


def table_rows(connection, table: str, order: str) -> pl.DataFrame:
    return pl.from_arrow(sql(connection, f"SELECT * FROM default.{table} ORDER BY {order}"))


def tables(connection) -> set[str]:
    return set(pl.from_arrow(sql(connection, "SHOW TABLES IN default"))["tableName"].to_list())


def stagings(connection, stage: str) -> set[str]:
    """The staging tables of the runs whose stage ids start with ``stage`` (other tests' are not ours)."""
    return {t for t in tables(connection) if t.startswith(f"_sluice_stage_{stage}")}


def publish(compiled, nodes, context) -> None:
    """The commit phase: each destination's own commit of its receipt (on a session of the connection)."""
    for write in compiled.writes:
        ctx = BuildContext(node_key=write.node, mode="run", get_connection=context["get_connection"])
        registry.get(write.type).commit_group(ctx, [(write.config, nodes[write.node].receipt)])


def create_orders(connection, table: str) -> None:
    values = ", ".join(
        f"({r['id']}, {'NULL' if r['country'] is None else repr(r['country'])}, {r['amount']}D, '{r['status']}')"
        for r in ORDERS.iter_rows(named=True)
    )
    sql(
        connection,
        f"CREATE TABLE default.{table} USING parquet AS "
        f"SELECT * FROM VALUES {values} AS v(id, country, amount, status)",
    )


def totals_graph(source: str, target: str, connection: str, *, mode: str = "replace", **extra) -> dict:
    src = {"connection": connection, "table": source, "columns": ["country", "amount", "status"]}
    src["where"] = "amount > 1 AND status <> 'refunded'"
    return {
        "nodes": [
            {"key": "src", "type": "source.database", "config": src},
            {"key": "paid", "type": "transform.filter", "config": {"condition": "status = 'paid'"}},
            {
                "key": "by_country",
                "type": "transform.aggregate",
                "config": {
                    "group_by": ["country"],
                    "aggregations": [
                        {"column": "*", "function": "count", "alias": "orders"},
                        {"column": "amount", "function": "sum", "alias": "total"},
                    ],
                },
            },
            {
                "key": "out",
                "type": "destination.database",
                "config": {"connection": connection, "table": target, "mode": mode, **extra},
            },
        ],
        "edges": [
            {"source": "src", "target": "paid"},
            {"source": "paid", "target": "by_country"},
            {"source": "by_country", "target": "out"},
        ],
    }


def polars_totals() -> pl.DataFrame:
    """What the Polars backend computes for ``totals_graph`` (the same filter and aggregate)."""
    return (
        ORDERS.filter((pl.col("amount") > 1) & (pl.col("status") != "refunded") & (pl.col("status") == "paid"))
        .group_by("country")
        .agg(pl.len().cast(pl.Int64).alias("orders"), pl.col("amount").sum().alias("total"))
        .sort("country", nulls_last=False)
    )


def parsed(document: dict):
    from pipelines.graph import Graph

    return Graph.from_dict(document)


def test_a_table_source_filter_aggregate_into_a_table_replace_then_append(spark_connection, context):
    source, target = name("orders"), name("totals")
    create_orders(spark_connection, source)
    g = parsed(totals_graph(source, target, spark_connection.slug))
    result = validate_graph(g, context=context, backend="spark")
    assert result.problems == [], result.problems
    assert result.schemas["src"]["out"] == {"country": "String", "amount": "Float64", "status": "String"}
    compiled = compile_graph(g, context=context)
    lines: list[str] = []
    done = SparkRun(compiled, context=context, stage_id="exec-t1-a1", log=lines.append).run()
    assert done["src"].rows == {"out": 5} and done["by_country"].rows == {"out": 3}
    receipt = done["out"].receipt
    assert receipt["kind"] == "spark" and receipt["rows"] == 3 and receipt["schema"] == "default"
    staging = receipt["staging_table"]
    assert staging.startswith("_sluice_stage_exec_t1_a1_out")
    assert any(f"CREATE TABLE `default`.`{staging}` USING parquet" in line for line in lines)
    listed = tables(spark_connection)
    assert target not in listed and staging in listed  # staged, not published
    publish(compiled, done, context)  # the target is missing: the staging table renamed
    listed = tables(spark_connection)
    assert target in listed and not stagings(spark_connection, "exec_t1")
    want = polars_totals()
    got = table_rows(spark_connection, target, "country NULLS FIRST")
    assert got.equals(want), (got, want)
    publish(compiled, done, context)  # a second commit of the same receipt finds no staging: nothing doubled
    assert table_rows(spark_connection, target, "country NULLS FIRST").equals(want)

    # append: the staged rows added to the existing table; replace: the table holds the new rows only.
    appended = compile_graph(
        parsed(totals_graph(source, target, spark_connection.slug, mode="append")), context=context
    )
    publish(appended, SparkRun(appended, context=context, stage_id="exec-t1-a2").run(), context)
    got = table_rows(spark_connection, target, "country NULLS FIRST, orders")
    assert got.equals(pl.concat([want, want]).sort("country", "orders", nulls_last=False))
    publish(compiled, SparkRun(compiled, context=context, stage_id="exec-t1-a3").run(), context)
    assert table_rows(spark_connection, target, "country NULLS FIRST").equals(want)
    assert not stagings(spark_connection, "exec_t1")

    # create_if_missing off and no table: the commit refuses, and the staging stays for the run's abort.
    strict = parsed(totals_graph(source, name("absent"), spark_connection.slug, create_if_missing=False))
    compiled = compile_graph(strict, context=context)
    done = SparkRun(compiled, context=context, stage_id="exec-t1-a4").run()
    with pytest.raises(NodeError, match="does not exist and create_if_missing is off"):
        publish(compiled, done, context)
    node_type = registry.get("destination.database")
    ctx = BuildContext(node_key="out", mode="run", get_connection=context["get_connection"])
    node_type.abort(ctx, compiled.writes[0].config, done["out"].receipt)
    assert not stagings(spark_connection, "exec_t1")


def test_a_blocking_check_or_a_failed_run_leaves_no_staging_table_and_the_target_as_it_was(spark_connection, context):
    source, target = name("orders"), name("kept")
    create_orders(spark_connection, source)
    sql(spark_connection, f"CREATE TABLE default.{target} (country STRING, orders BIGINT, total DOUBLE) USING parquet")
    sql(spark_connection, f"INSERT INTO default.{target} VALUES ('before', 1, 1.0)")
    checks = [{"type": "row_count", "max": 2}]  # 3 rows: the check blocks the run
    g = parsed(totals_graph(source, target, spark_connection.slug, checks=checks))
    with pytest.raises(NodeError) as caught:
        SparkRun(compile_graph(g, context=context), context=context, stage_id="exec-t2-a1").run()
    assert caught.value.code == "check_blocked", caught.value
    assert not stagings(spark_connection, "exec_t2")
    assert table_rows(spark_connection, target, "country")["country"].to_list() == ["before"]

    # A run that fails after the first destination was staged: that staging table is dropped too.
    document = totals_graph(source, target, spark_connection.slug)
    big = {"derive": [{"name": "big", "expr": "orders * 9000000000000000000"}]}  # 2 orders overflow Int64
    document["nodes"].append({"key": "z_big", "type": "transform.map", "config": big})
    out = {"connection": spark_connection.slug, "table": name("never")}
    document["nodes"].append({"key": "z_out", "type": "destination.database", "config": out})
    document["edges"] += [{"source": "by_country", "target": "z_big"}, {"source": "z_big", "target": "z_out"}]
    compiled = compile_graph(parsed(document), context=context)
    assert [w.node for w in compiled.writes] == ["out", "z_out"]
    lines: list[str] = []
    with pytest.raises(NodeError) as caught:
        SparkRun(compiled, context=context, stage_id="exec-t2-a2", log=lines.append).run()
    assert caught.value.code == "database_error", caught.value
    assert any("CREATE TABLE `default`.`_sluice_stage_exec_t2_a2_out_" in line for line in lines)  # out was staged
    assert not stagings(spark_connection, "exec_t2")
    assert table_rows(spark_connection, target, "country")["country"].to_list() == ["before"]


HOSTILE_SOURCES = [
    ({"table": "t`; DROP TABLE x; --"}, "table"),
    ({"table": "orders", "schema": "default`.`x"}, "schema"),
    ({"table": "orders", "columns": ["id`, (SELECT 1) AS `x"]}, "columns.0"),
    ({"table": "orders", "where": "1 = 1) OR (1 = 1"}, "where"),
    ({"table": "orders", "where": "id = 1; DROP TABLE orders"}, "where"),
    ({"table": "orders", "where": "EXISTS (SELECT 1 FROM parquet.`/etc`)"}, "where"),
    ({"table": "orders", "where": "id IN (SELECT id FROM default.secrets)"}, "where"),
    ({"table": "orders", "where": "reflect('java.lang.System', 'exit', 0) IS NULL"}, "where"),
    ({"table": "orders", "where": "java_method('java.lang.Runtime', 'getRuntime') IS NULL"}, "where"),
    ({"query": "SELECT * FROM parquet.`/etc`"}, "query"),
]


@pytest.mark.parametrize(("config", "field"), HOSTILE_SOURCES)
def test_hostile_names_conditions_and_queries_are_refused(spark_connection, context, config, field):
    g = parsed(
        {
            "nodes": [
                {"key": "src", "type": "source.database", "config": {"connection": spark_connection.slug, **config}}
            ]
        }
    )
    result = validate_graph(g, context=context, backend="spark")
    problems = [(p.node, p.field) for p in result.problems if p.code != "no_destination"]
    assert problems == [("src", f"config.{field}")], result.problems


def test_hostile_destination_names_are_refused(spark_connection):
    node_type = registry.get("destination.database")
    for config in ({"table": "t`; DROP TABLE x; --"}, {"table": "t", "schema": "a` b"}, {"table": "t", "keys": ["`"]}):
        with pytest.raises(ConfigError):
            node_type.parse_config({"connection": spark_connection.slug, **config})


def test_other_connections_in_a_spark_graph_and_spark_tables_elsewhere_are_refused(
    spark_connection, context, editor, spark_cluster
):
    source = name("orders")
    create_orders(spark_connection, source)
    # A PostgreSQL table in a Spark graph: a problem on its node, with the reason.
    postgres = factories.ConnectionFactory(kind="postgresql", owner=editor)
    document = totals_graph(source, name("t"), spark_connection.slug)
    document["nodes"][0]["config"]["connection"] = postgres.slug
    with pytest.raises(GraphDoesNotCompile) as caught:
        compile_graph(parsed(document), context=context)
    assert [(p.node, p.field) for p in caught.value.problems] == [("src", "connection")]
    assert "the tables of its Spark connection" in caught.value.problems[0].message

    # Another user's Spark connection, named by a node of my Spark graph: refused (validation and compiler).
    theirs = _spark_connection(factories.UserFactory(role="editor"), spark_cluster)
    document = totals_graph(source, name("t"), spark_connection.slug)
    document["nodes"][3]["config"]["connection"] = theirs.slug
    result = validate_graph(parsed(document), context=context, backend="spark")
    assert [(p.node, p.field) for p in result.problems] == [("out", "config.connection")], result.problems
    with pytest.raises(GraphDoesNotCompile) as caught:
        compile_graph(parsed(document), context=context)
    assert [p.node for p in caught.value.problems] == ["out"]

    # Upsert on Spark: refused by name.
    upsert = totals_graph(source, name("t"), spark_connection.slug, mode="upsert", keys=["country"])
    result = validate_graph(parsed(upsert), context=context, backend="spark")
    assert [(p.node, p.field) for p in result.problems] == [("out", "config.mode")], result.problems

    # The polars backend reads and writes no Spark table: refused at validation, and by the nodes themselves.
    g = parsed(totals_graph(source, name("t"), spark_connection.slug))
    polars_context = validation_context(user=editor)
    result = validate_graph(g, context=polars_context, backend="polars")
    assert {(p.node, p.field) for p in result.problems} == {("src", "config.connection"), ("out", "config.connection")}
    assert all("on the spark backend" in p.message for p in result.problems), result.problems
    ctx = BuildContext(node_key="src", mode="run", get_connection=polars_context["get_connection"])
    src_type, out_type = registry.get("source.database"), registry.get("destination.database")
    with pytest.raises(NodeError, match="tables of a Spark connection are read on the spark backend"):
        src_type.build(ctx, src_type.parse_config(g.nodes[0].config), {})
    with pytest.raises(NodeError, match="tables of a Spark connection are written on the spark backend"):
        out_type.stage(ctx, out_type.parse_config(g.nodes[3].config), pl.LazyFrame({"a": [1]}))


def test_a_table_pipeline_on_spark_through_the_engine(on_celery, operator, spark_cluster):
    connection = _spark_connection(operator, spark_cluster)
    source, target = name("orders"), name("totals")
    create_orders(connection, source)
    execution = run_pipeline(
        operator,
        totals_graph(source, target, connection.slug),
        name="tables on spark",
        timeout=180,
        backend="spark",
        default_params={"sluice_spark_connection": connection.slug},
    )
    assert execution.status == "succeeded", execution.error
    steps = {s.node_key: s for s in execution.steps.all()}
    assert steps["src"].output_rows == {"out": 5} and steps["out"].rows_in == 3
    assert table_rows(connection, target, "country NULLS FIRST").equals(polars_totals())
    assert not stagings(connection, f"e{execution.pk}_")


def test_column_types_read_and_written_as_polars_types(spark_connection, context):
    source, target = name("typed"), name("typed_out")
    sql(
        spark_connection,
        f"CREATE TABLE default.{source} USING parquet AS SELECT * FROM VALUES "
        "(1, 10000000000L, 1.5D, 2.5F, true, 'a', DATE'2024-02-29', TIMESTAMP'2024-01-02 03:04:05.000006', "
        "TIMESTAMP_NTZ'2024-01-02 03:04:05', 12.34BD), "
        "(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL) "
        "AS v(i, l, d, f, b, s, day, at, naive, dec)",
    )
    document = {
        "nodes": [
            {"key": "src", "type": "source.database", "config": {"connection": spark_connection.slug, "table": source}},
            {
                "key": "out",
                "type": "destination.database",
                "config": {"connection": spark_connection.slug, "table": target},
            },
        ],
        "edges": [{"source": "src", "target": "out"}],
    }
    result = validate_graph(parsed(document), context=context, backend="spark")
    assert result.problems == [], result.problems
    assert result.schemas["src"]["out"] == {
        **{"i": "Int32", "l": "Int64", "d": "Float64", "f": "Float32", "b": "Boolean", "s": "String", "day": "Date"},
        **{"at": "Datetime(time_unit='us', time_zone='UTC')", "naive": "Datetime(time_unit='us', time_zone=None)"},
        "dec": "Decimal(precision=4, scale=2)",
    }, result.schemas["src"]["out"]
    compiled = compile_graph(parsed(document), context=context)
    publish(compiled, SparkRun(compiled, context=context, stage_id="exec-t5-a1").run(), context)
    got = table_rows(spark_connection, target, "i NULLS LAST")
    want = table_rows(spark_connection, source, "i NULLS LAST")
    assert got.schema == want.schema, (got.schema, want.schema)
    assert got.equals(want), (got, want)


def test_a_dry_run_samples_a_spark_table_and_writes_nothing(spark_connection, context, monkeypatch):
    """A dry run computes on Polars: a Spark table's source brings back a sample through Arrow (the same checked
    SELECT, at most the dry run's sample and never more than SPARK_SAMPLE_ROWS), and its table destination
    counts what it would write, creating no table and no staging."""
    import time

    from executions.services.dryrun import _dry_run
    from pipelines.nodes.sources import database

    source, target = name("orders"), name("totals")
    create_orders(spark_connection, source)
    g = parsed(totals_graph(source, target, spark_connection.slug))
    result = _dry_run(g, context, 3, 5, {}, time.monotonic() + 120)
    assert result["valid"], result["problems"]
    nodes = result["nodes"]
    assert {k: e["status"] for k, e in nodes.items()} == dict.fromkeys(("src", "paid", "by_country", "out"), "ok")
    assert nodes["src"]["rows"] == {"out": 3} and nodes["src"]["report"] == {"rows_read": 3}
    assert nodes["src"]["schema"]["out"] == {"country": "String", "amount": "Float64", "status": "String"}
    assert nodes["out"]["would_write"] == nodes["by_country"]["rows"]["out"]
    assert target not in tables(spark_connection) and not stagings(spark_connection, "dry_")

    monkeypatch.setattr(database, "SPARK_SAMPLE_ROWS", 2)
    capped = _dry_run(g, context, 3, 5, {}, time.monotonic() + 120)
    assert capped["nodes"]["src"]["rows"] == {"out": 2}

    hostile = totals_graph(source, target, spark_connection.slug)
    hostile["nodes"][0]["config"]["where"] = "reflect('java.lang.Runtime', 'getRuntime') IS NOT NULL"
    refused = _dry_run(parsed(hostile), context, 3, 5, {}, time.monotonic() + 120)
    assert refused["nodes"]["src"]["status"] in {"invalid", "error"}
    assert "reflect" in refused["nodes"]["src"]["error"]
