"""The sql backend on a real Celery worker: PostgreSQL → filter → derive → aggregate → PostgreSQL table, run
as one SQL step inside the database, every node's rows recorded, the table published by the commit phase."""

from __future__ import annotations

import psycopg
import pytest

from tests.e2e.conftest import postgres_connection, run_pipeline, wait_for
from tests.e2e.test_fault_database import data_db  # noqa: F401  (a throwaway PostgreSQL database)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("celery")]


def test_postgres_pipeline_pushed_down_on_a_worker(on_celery, operator, data_db):  # noqa: F811
    name, url = data_db
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE orders (id int, country text, amount numeric(10, 2), status text)")
        conn.execute(
            "INSERT INTO orders SELECT g, (ARRAY['FR', 'DE', 'fr', NULL])[1 + g % 4], (g % 97) + 0.25, "
            "CASE WHEN g % 5 = 0 THEN 'void' ELSE 'paid' END FROM generate_series(1, 5000) AS g"
        )
    connection = postgres_connection(operator, name="sql target", database=name)
    graph = {
        "nodes": [
            {"key": "src", "type": "source.database", "config": {"connection": connection.slug, "table": "orders"}},
            {"key": "paid", "type": "transform.filter", "config": {"condition": "status = 'paid'"}},
            {
                "key": "gross",
                "type": "transform.map",
                "config": {"derive": [{"name": "gross", "expr": "CAST(amount AS DOUBLE PRECISION) * 1.2"}]},
            },
            {
                "key": "by_country",
                "type": "transform.aggregate",
                "config": {
                    "group_by": ["country"],
                    "aggregations": [
                        {"column": "*", "function": "count", "alias": "orders"},
                        {"column": "gross", "function": "sum", "alias": "gross"},
                    ],
                },
            },
            {
                "key": "out",
                "type": "destination.database",
                "config": {
                    "connection": connection.slug,
                    "table": "totals",
                    "mode": "replace",
                    "checks": [
                        {"type": "row_count", "min": 1, "max": 10},
                        {"type": "null_rate", "column": "country", "max": 0.5},
                        {"type": "schema_drift"},
                    ],
                },
            },
        ],
        "edges": [
            {"source": "src", "target": "paid"},
            {"source": "paid", "target": "gross"},
            {"source": "gross", "target": "by_country"},
            {"source": "by_country", "target": "out"},
        ],
    }
    execution = run_pipeline(operator, graph, name="pushed down", backend="sql")
    assert execution.backend == "sql"
    assert execution.status == "succeeded", execution.error
    steps = {s.node_key: s for s in execution.steps.all()}
    assert {s.worker for s in steps.values()} != {""}  # run by the worker
    assert steps["src"].output_rows == {"out": 5000} and steps["paid"].output_rows == {"out": 4000}
    assert steps["by_country"].output_rows == {"out": 4} and steps["out"].rows_in == 4
    with psycopg.connect(url) as conn:
        got = conn.execute("SELECT country, orders, gross FROM totals ORDER BY country NULLS FIRST").fetchall()
        want = conn.execute(
            "SELECT country, count(*), sum(amount::float8 * 1.2) FROM orders WHERE status = 'paid' "
            "GROUP BY country ORDER BY country NULLS FIRST"
        ).fetchall()
        staging = conn.execute("SELECT count(*) FROM pg_tables WHERE tablename LIKE '\\_sluice\\_stage\\_%'").fetchone()
    assert [(c, n) for c, n, _ in got] == [(c, n) for c, n, _ in want]
    assert all(abs(g - w) < 1e-6 * max(1.0, abs(w)) for (_, _, g), (_, _, w) in zip(got, want, strict=True))
    assert staging == (0,)
    checks = {c["name"]: c for c in steps["out"].report["checks"]}
    assert checks["row_count"]["value"] == 4.0 and checks["null_rate(country)"]["value"] == 0.25
    assert all(c["status"] == "passed" for c in checks.values()) and checks["schema_drift"]["drift"] is None
    # The second run's checks read the first's (the node's history, as on Polars): no drift since then.
    from executions.services import execution_start

    again = execution_start(pipeline=execution.pipeline, user=operator)
    wait_for(lambda: again.refresh_from_db() or again.is_finished, timeout=120, what="the second execution")
    assert again.status == "succeeded", again.error
    report = again.steps.get(node_key="out").report
    drift = next(c for c in report["checks"] if c["type"] == "schema_drift")
    assert drift["drift"] == {"added": [], "removed": [], "changed": {}} and report["backend"] == "sql"
