"""The spark target's runner (``pipelines.sqlbackend.spark.SparkRun``) against the real local cluster (the
session's ``spark_cluster``): a graph of Parquet files compiled for Spark, every relation created and
counted, destinations staged by their own two phases and published only by the commit phase; TPC-H at
SF 0.01 equal to DuckDB's answers; cancel interrupts a long Spark job; a failed run leaves no staging
output; another user's Spark connection is refused."""

from __future__ import annotations

import shutil
import threading
import time

import polars as pl
import pytest
import yaml

from bench import tpch
from pipelines.crypto import encrypt_json
from pipelines.graph import Graph, parse_graph_document
from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError
from pipelines.services.pipelines import validation_context
from pipelines.sqlbackend.compiler import GraphDoesNotCompile, compile_graph
from pipelines.sqlbackend.runner import SqlRunCancelled
from pipelines.sqlbackend.spark import SparkRun
from tests import factories

registry.load_builtin()

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("spark")]


@pytest.fixture
def spark_connection(spark_cluster, editor):
    settings = {"spark.sql.shuffle.partitions": 4, "spark.sql.session.timeZone": "UTC"}
    return factories.ConnectionFactory(
        kind="spark",
        owner=editor,
        config={"allow_private_network": True, "url": spark_cluster.connect_url, "settings": settings},
        encrypted_secrets=encrypt_json({"token": spark_cluster.token}),
        secret_keys=["token"],
    )


@pytest.fixture
def context(spark_connection, editor):
    return {**validation_context(user=editor), "spark_connection": spark_connection.slug}


def graph(nodes: list[tuple[str, str, dict]], edges: list[tuple[str, ...]]) -> Graph:
    return Graph.from_dict(
        {
            "nodes": [{"key": k, "type": t, "config": c} for k, t, c in nodes],
            "edges": [{"source": e[0], "target": e[1], **({"target_port": e[2]} if len(e) > 2 else {})} for e in edges],
        }
    )


def publish(compiled, nodes) -> None:
    """The commit phase: each destination's own commit of its receipt."""
    for write in compiled.writes:
        node_type = registry.get(write.type)
        node_type.commit_group(
            BuildContext(node_key=write.node, mode="run"), [(write.config, nodes[write.node].receipt)]
        )


def hidden(directory) -> list[str]:
    """Staging paths (hidden names) left under ``directory``."""
    return [p.name for p in directory.rglob(".*")] if directory.exists() else []


def test_files_filter_derive_aggregate_into_parquet(settings, context):
    orders = pl.DataFrame(
        {
            "id": [1, 2, 3, 4, 5, 6],
            "country": ["FR", "FR", "DE", "DE", None, "fr"],
            "amount": [10.0, 5.5, 7.0, 100.0, 1.0, 2.0],
            "status": ["paid", "paid", "paid", "void", "paid", "paid"],
        }
    )
    orders.write_parquet(settings.DATA_ROOT / "orders.parquet")
    g = graph(
        [
            ("src", "source.file", {"path": "orders.parquet"}),
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
            ("sorted", "transform.sort", {"keys": [{"column": "country"}]}),
            ("out", "destination.file", {"path": "out/totals.parquet"}),
        ],
        [("src", "paid"), ("paid", "taxed"), ("taxed", "by_country"), ("by_country", "sorted"), ("sorted", "out")],
    )
    compiled = compile_graph(g, context=context)
    assert compiled.target.dialect == "spark"
    lines: list[str] = []
    nodes = SparkRun(compiled, context=context, stage_id="exec-s1-a1", log=lines.append).run()
    assert {k: n.rows for k, n in nodes.items() if n.rows} == {
        "src": {"out": 6},
        "paid": {"out": 5},
        "taxed": {"out": 5},
        "by_country": {"out": 4},
        "sorted": {"out": 4},
    }
    assert nodes["out"].receipt["rows"] == 4
    assert not (settings.DATA_ROOT / "out" / "totals.parquet").exists()  # staged, not published
    assert any("CACHE TABLE" in line for line in lines) and any("read 1 Parquet file" in line for line in lines)
    publish(compiled, nodes)
    got = pl.read_parquet(settings.DATA_ROOT / "out" / "totals.parquet")
    assert got["country"].to_list() == [None, "DE", "FR", "fr"]
    assert got["orders"].to_list() == [1, 1, 2, 1]
    assert [round(v, 6) for v in got["gross"]] == [1.2, 8.4, 18.6, 2.4]
    assert hidden(settings.DATA_ROOT / "out") == []


def test_tpch_on_spark_equals_duckdb(settings, context):
    """The eight TPC-H documents at SF 0.01, each compiled for Spark, run, published and compared."""
    tables = tpch.generate("0.01")
    for table in tpch.TABLES:
        shutil.copy(tables / f"{table}.parquet", settings.DATA_ROOT / f"{table}.parquet")
    problems, seconds = {}, {}
    for query in tpch.QUERIES:
        started = time.monotonic()
        g = parse_graph_document(yaml.safe_load(tpch.document_text(query))["spec"]["graph"])
        compiled = compile_graph(g, context=context)
        nodes = SparkRun(compiled, context=context, stage_id=f"test-spark-{query}").run()
        publish(compiled, nodes)
        answer = pl.read_parquet(tpch.answer_path(settings.DATA_ROOT, query))
        problems[query] = tpch.compare(answer, tpch.duckdb_answer(query, settings.DATA_ROOT))
        seconds[query] = round(time.monotonic() - started, 1)
    print("TPC-H SF 0.01 on Spark, seconds per query:", seconds)
    assert {q: p for q, p in problems.items() if p} == {}


def test_cancel_interrupts_a_long_spark_job_and_publishes_nothing(settings, context):
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
        [("a", "j", "left"), ("b", "j", "right"), ("j", "agg"), ("agg", "out")],
    )
    run = SparkRun(compile_graph(g, context=context), context=context, stage_id="exec-s4-a1")
    timer = threading.Timer(3.0, run.cancel)
    timer.start()
    started = time.monotonic()
    with pytest.raises(SqlRunCancelled):
        run.run()
    timer.cancel()
    assert time.monotonic() - started < 3.0 + 10  # stopped within seconds of the cancel, not after the join
    assert not (settings.DATA_ROOT / "out" / "n.parquet").exists()
    assert hidden(settings.DATA_ROOT / "out") == []


def test_a_failed_run_leaves_no_staging_output(settings, context):
    pl.DataFrame({"id": [1, 2], "n": [5, 100_000]}).write_parquet(settings.DATA_ROOT / "big.parquet")
    src = ("src", "source.file", {"path": "big.parquet"})
    fine = ("fine", "destination.file", {"path": "out/fine.parquet"})
    small = ("small", "transform.map", {"cast": {"n": "int16"}})  # 100000 does not fit: the run fails
    broken = ("broken", "destination.file", {"path": "out/broken.parquet"})
    g = graph([src, fine, small, broken], [("src", "fine"), ("src", "small"), ("small", "broken")])
    compiled = compile_graph(g, context=context)
    assert [w.node for w in compiled.writes] == ["fine", "broken"]  # the first is staged before the failure
    lines: list[str] = []
    with pytest.raises(NodeError) as caught:
        SparkRun(compiled, context=context, stage_id="exec-s2-a1", log=lines.append).run()
    assert caught.value.code == "database_error"
    print("\n".join(lines))
    assert not (settings.DATA_ROOT / "out" / "fine.parquet").exists()
    assert hidden(settings.DATA_ROOT / "out") == []


def test_another_users_spark_connection_is_refused(spark_connection, context, editor):
    g = graph([("src", "source.file", {"path": "x.parquet"})], [])
    other_user = factories.UserFactory(role="editor")
    theirs = {**validation_context(user=other_user), "spark_connection": spark_connection.slug}
    with pytest.raises(GraphDoesNotCompile, match="No Spark connection"):
        compile_graph(g, context=theirs)
    postgres = factories.ConnectionFactory(kind="postgresql", owner=editor)
    with pytest.raises(GraphDoesNotCompile, match="not a Spark connection"):
        compile_graph(g, context={**context, "spark_connection": postgres.slug})
    for hostile in (None, "", ["x"], {"slug": "x"}, 3):
        with pytest.raises(GraphDoesNotCompile, match="set the parameter sluice_spark_connection") as caught:
            compile_graph(g, context={**context, "spark_connection": hostile})
        assert caught.value.problems[0].field == "params.sluice_spark_connection"
    with pytest.raises(GraphDoesNotCompile) as caught:
        compile_graph(g, context={**context, "spark_connection": "x" * 10_000})
    assert len(caught.value.problems[0].message) < 200
    # Database nodes are refused on Spark, with the node and the reason.
    pg = factories.ConnectionFactory(kind="postgresql", owner=editor)
    db_graph = graph([("src", "source.database", {"connection": pg.slug, "table": "t"})], [])
    with pytest.raises(GraphDoesNotCompile, match="the tables of its Spark connection") as caught:
        compile_graph(db_graph, context=context)
    assert caught.value.problems[0].node == "src"
