"""Lineage across pipelines: the datasets each node names, the dataset graph of the pipelines a user may
see (two users: nothing of the other's leaks), impact analysis (dataset and column level), the /lineage/
page and its impact part, query counts."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pipelines import services
from pipelines.graph import NodeSpec, parse_graph_document
from pipelines.lineage import dataset_graph, node_datasets

pytestmark = pytest.mark.django_db


def _node(kind, **config):
    return NodeSpec(key="n", type=kind, config=config)


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        (_node("source.file", path="./sales/a.csv"), [("reads", "file:sales/a.csv")]),
        (_node("destination.file", path="out/dir/"), [("writes", "file:out/dir")]),
        (_node("source.database", connection="shop", table="orders"), [("reads", "table:shop/orders")]),
        (_node("source.database", connection="shop", table="o", schema="s"), [("reads", "table:shop/s.o")]),
        (
            _node("source.database", connection="shop", query="with t as (select 1) select * from a join b.c on 1=1"),
            [("reads", "table:shop/a"), ("reads", "table:shop/b.c")],
        ),
        (_node("source.database", connection="shop", query="not sql at all ((("), []),
        (_node("destination.database", connection="dw", table="t"), [("writes", "table:dw/t")]),
        (_node("destination.warehouse", table="t"), [("writes", "table:duckdb:warehouse.duckdb/t")]),
        (_node("destination.warehouse", connection="pg", table="t"), [("writes", "table:pg/t")]),
        (
            _node("source.api", url="https://user:pw@api.example.com/v1/items?token=secret#x"),
            [("reads", "api:https://api.example.com/v1/items")],
        ),
        (_node("transform.filter", condition="a > 1"), []),
    ],
)
def test_datasets_of_a_node(node, expected):
    assert [(d, ds["id"]) for d, ds in node_datasets(node)] == expected


def _file_graph(source: str, target: str, *, derive: bool = False):
    nodes = [{"key": "read", "type": "source.file", "config": {"path": source}}]
    edges = []
    last = "read"
    if derive:
        nodes.append({"key": "calc", "type": "transform.map", "config": {"derive": [{"name": "d", "expr": "x * 2"}]}})
        edges.append({"source": "read", "target": "calc"})
        last = "calc"
    nodes.append({"key": "write", "type": "destination.file", "config": {"path": target, "format": "parquet"}})
    edges.append({"source": last, "target": "write"})
    return parse_graph_document({"nodes": nodes, "edges": edges})


def _pipeline(user, name, graph):
    pipeline = services.pipeline_create(user=user, name=name, graph=graph)
    services.pipeline_version_create(pipeline=pipeline, user=user)
    pipeline.refresh_from_db()
    assert pipeline.current_version is not None
    return pipeline


@pytest.fixture
def world(settings, editor, user):
    root = Path(settings.DATA_ROOT)
    (root / "out").mkdir()
    pl.DataFrame({"x": [1, 2], "y": ["a", "b"]}).write_csv(root / "in.csv")
    pl.DataFrame({"x": [1, 2], "y": ["a", "b"], "d": [2, 4]}).write_parquet(root / "out" / "mid.parquet")
    pl.DataFrame({"x": [1, 2], "y": ["a", "b"], "d": [2, 4]}).write_parquet(root / "out" / "final.parquet")
    pl.DataFrame({"z": [1]}).write_csv(root / "bobs-secret.csv")
    return {
        "a": _pipeline(editor, "Alice first", _file_graph("in.csv", "out/mid.parquet", derive=True)),
        "b": _pipeline(editor, "Alice second", _file_graph("out/mid.parquet", "out/final.parquet")),
        "c": _pipeline(editor, "Alice globbing", _file_graph("out/*.parquet", "all.parquet")),
        "bob": _pipeline(user, "Bob private", _file_graph("bobs-secret.csv", "out/bob.parquet")),
    }


def test_the_graph_links_pipelines_through_datasets(world, client_for, editor):
    body = client_for(editor).get("/api/lineage/").json()
    assert {p["name"] for p in body["pipelines"]} == {"Alice first", "Alice second", "Alice globbing"}
    datasets = {d["id"] for d in body["datasets"]}
    assert {"file:in.csv", "file:out/mid.parquet", "file:out/final.parquet", "file:out/*.parquet"} <= datasets
    edges = {(e["pipeline"], e["node"], e["dataset"], e["direction"]) for e in body["edges"]}
    a, b, c = world["a"].pk, world["b"].pk, world["c"].pk
    assert (a, "write", "file:out/mid.parquet", "writes") in edges
    assert (b, "read", "file:out/mid.parquet", "reads") in edges
    assert (c, "read", "file:out/mid.parquet", "reads") in edges  # through its glob
    assert (c, "read", "file:out/final.parquet", "reads") in edges


def test_two_users_see_nothing_of_each_other(world, client_for, editor, user):
    alice = client_for(editor).get("/api/lineage/").content
    bob = client_for(user).get("/api/lineage/").content
    assert b"Bob private" not in alice and b"bobs-secret" not in alice and b"out/bob.parquet" not in alice
    assert b"Bob private" in bob and b"bobs-secret" in bob
    assert b"Alice" not in bob and b"in.csv" not in bob and b"mid.parquet" not in bob
    assert client_for(user).get("/api/lineage/impact/", {"dataset": "file:in.csv"}).status_code == 404
    world["a"].shared_with_users.add(user)
    shared = client_for(user).get("/api/lineage/").content
    assert b"Alice first" in shared and b"Alice second" not in shared


def test_impact_of_a_dataset(world, client_for, editor):
    body = client_for(editor).get("/api/lineage/impact/", {"dataset": "file:in.csv"}).json()
    assert [p["name"] for p in body["pipelines"]] == ["Alice first", "Alice second", "Alice globbing"]
    assert set(body["datasets"]) >= {"file:out/mid.parquet", "file:out/final.parquet", "file:all.parquet"}
    assert body["columns"] == [] and body["truncated"] is False
    final = client_for(editor).get("/api/lineage/impact/", {"dataset": "file:out/final.parquet"}).json()
    assert [p["name"] for p in final["pipelines"]] == ["Alice globbing"]


def test_impact_of_a_column(world, client_for, editor):
    body = client_for(editor).get("/api/lineage/impact/", {"dataset": "file:in.csv", "column": "x"}).json()
    affected = {(c["pipeline"], c["node"]): set(c["columns"]) for c in body["columns"]}
    a, b = world["a"].pk, world["b"].pk
    assert affected[(a, "read")] == {"x"}
    assert affected[(a, "calc")] == {"x", "d"}  # d is derived from x
    assert affected[(a, "write")] == {"x", "d"}
    assert affected[(b, "write")] == {"x", "d"}  # through out/mid.parquet, which a writes
    y = client_for(editor).get("/api/lineage/impact/", {"dataset": "file:in.csv", "column": "y"}).json()
    assert {c["node"] for c in y["columns"] if c["pipeline"] == a and "d" in c["columns"]} == set()


def test_query_counts_do_not_grow_with_pipelines(world, client_for, editor):
    client = client_for(editor)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/lineage/")
    for i in range(4):
        _pipeline(editor, f"More {i}", _file_graph("in.csv", f"out/more{i}.parquet"))
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/lineage/").status_code == 200
    assert len(many) == len(few) <= 6


def test_pipelines_without_a_version_are_left_out():
    class P:
        current_version = None

    assert dataset_graph([P()]) == {"pipelines": [], "datasets": [], "edges": []}


def test_the_page_and_its_impact_part(world, client, editor, user):
    client.force_login(editor)
    client.get("/lineage/")  # the first request of a session writes what later ones only read
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/lineage/")
    assert page.status_code == 200
    assert b'id="lineage-dag-data"' in page.content and b"Alice first" in page.content
    assert b"Bob private" not in page.content
    for i in range(3):
        _pipeline(editor, f"Page more {i}", _file_graph("in.csv", f"out/page{i}.parquet"))
    with CaptureQueriesContext(connection) as more:
        assert b"Page more 2" in client.get("/lineage/").content
    assert len(more) == len(queries)  # one query for the graph, however many pipelines
    part = client.get("/lineage/impact/", {"dataset": "file:in.csv", "column": "x"}, HTTP_HX_REQUEST="true")
    assert part.status_code == 200 and b"Alice second" in part.content and b"<html" not in part.content
    whole = client.get("/lineage/impact/", {"dataset": "file:in.csv"})
    assert whole.status_code == 200 and b"<html" in whole.content
    assert client.get("/lineage/impact/", {"dataset": "file:bobs-secret.csv"}).status_code == 404
