"""Real node types on a real Celery worker, data checked row by row."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import psycopg
import pytest
from django.conf import settings

from tests.e2e.conftest import postgres_connection, run_pipeline
from tests.e2e.test_fault_database import data_db  # noqa: F401  (a throwaway PostgreSQL database)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("celery")]

ORDERS = pl.DataFrame(
    {
        "id": [1, 2, 3, 4, 5, 6],
        "customer": ["ana", "bo", "chloé", "dan", None, "eve"],
        "amount": [10.0, -3.0, 25.5, 7.25, 12.0, 100.0],
        "qty": [1, 2, 3, 1, 2, 4],
    }
)


def run(operator, graph):
    return run_pipeline(operator, graph)


def test_file_transforms_quality_to_database_and_file(on_celery, operator, data_db):  # noqa: F811
    name, url = data_db
    root = Path(settings.DATA_ROOT)
    ORDERS.write_csv(root / "orders.csv")
    connection = postgres_connection(operator, name="e2e target", database=name)
    graph = {
        "nodes": [
            {"key": "read", "type": "source.file", "config": {"path": "orders.csv"}},
            {"key": "positive", "type": "transform.filter", "config": {"condition": "amount > 0"}},
            {
                "key": "total",
                "type": "transform.map",
                "config": {"derive": [{"name": "total", "expr": "amount * qty"}]},
            },
            {
                "key": "check",
                "type": "quality.validate",
                "config": {
                    "on_failure": "reject",
                    "rules": [
                        {"name": "has_customer", "type": "not_null", "columns": ["customer"]},
                        {"name": "sane", "type": "range", "column": "total", "min": 0, "max": 300},
                    ],
                },
            },
            {
                "key": "load",
                "type": "destination.database",
                "config": {"connection": connection.slug, "table": "orders_clean", "mode": "replace"},
            },
            {"key": "quarantine", "type": "destination.file", "config": {"path": "out/rejected.csv", "format": "csv"}},
        ],
        "edges": [
            {"source": "read", "target": "positive"},
            {"source": "positive", "target": "total"},
            {"source": "total", "target": "check"},
            {"source": "check", "target": "load"},
            {"source": "check", "source_port": "rejected", "target": "quarantine"},
        ],
    }
    execution = run(operator, graph)
    assert execution.status == "succeeded", execution.error
    with psycopg.connect(url) as conn:
        rows = conn.execute("select id, customer, total from orders_clean order by id").fetchall()
    assert rows == [(1, "ana", 10.0), (3, "chloé", 76.5), (4, "dan", 7.25)]
    rejected = pl.read_csv(root / "out" / "rejected.csv").sort("id")
    assert rejected["id"].to_list() == [5, 6]
    assert rejected["_sluice_failed_rules"].to_list() == ["has_customer", "sane"]
    check = execution.steps.get(node_key="check")
    assert {r["name"]: r["failed"] for r in check.report["rules"]} == {"has_customer": 1, "sane": 1}


def test_branch_and_join(on_celery, operator):
    root = Path(settings.DATA_ROOT)
    ORDERS.write_parquet(root / "orders.parquet")
    pl.DataFrame(
        {"customer": ["ana", "bo", "chloé", "dan", "eve"], "tier": ["gold", "std", "gold", "std", "std"]}
    ).write_ndjson(root / "customers.ndjson")
    graph = {
        "nodes": [
            {"key": "orders", "type": "source.file", "config": {"path": "orders.parquet"}},
            {"key": "customers", "type": "source.file", "config": {"path": "customers.ndjson"}},
            {
                "key": "route",
                "type": "transform.branch",
                "config": {"routes": [{"port": "big", "condition": "amount >= 20"}], "default_port": "small"},
            },
            {"key": "enrich", "type": "transform.join", "config": {"how": "inner", "on": ["customer"]}},
            {"key": "sorted", "type": "transform.sort", "config": {"keys": [{"column": "id"}]}},
            {"key": "big_out", "type": "destination.file", "config": {"path": "out/big.parquet"}},
            {"key": "small_out", "type": "destination.file", "config": {"path": "out/small.parquet"}},
        ],
        "edges": [
            {"source": "orders", "target": "route"},
            {"source": "route", "source_port": "big", "target": "enrich", "target_port": "left"},
            {"source": "customers", "target": "enrich", "target_port": "right"},
            {"source": "enrich", "target": "sorted"},
            {"source": "sorted", "target": "big_out"},
            {"source": "route", "source_port": "small", "target": "small_out"},
        ],
    }
    execution = run(operator, graph)
    assert execution.status == "succeeded", execution.error
    big = pl.read_parquet(root / "out" / "big.parquet")
    assert big.select("id", "customer", "tier").rows() == [(3, "chloé", "gold"), (6, "eve", "std")]
    assert sorted(pl.read_parquet(root / "out" / "small.parquet")["id"].to_list()) == [1, 2, 4, 5]
    steps = {s.node_key: s for s in execution.steps.all()}
    assert steps["route"].output_rows == {"big": 2, "small": 4}
    assert steps["enrich"].rows_out == 2
