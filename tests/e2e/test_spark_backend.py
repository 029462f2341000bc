"""The spark backend through the engine on a real Celery worker and the real local Spark cluster (the
session's ``spark_cluster``): Parquet file → filter → derive → aggregate → Parquet file, run as one step on
the pipeline's Spark connection (the parameter sluice_spark_connection), every node's rows recorded, the
statements and Spark's job progress in the step's log, the file written by the cluster and published by the
commit phase; another user's Spark connection is
refused at the start."""

from __future__ import annotations

import polars as pl
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from executions.models import StepLog
from executions.services import execution_start
from pipelines import services
from pipelines.crypto import encrypt_json
from pipelines.graph import parse_graph_document
from tests import factories
from tests.e2e.conftest import run_pipeline

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("spark")]

GRAPH = {
    "nodes": [
        {"key": "src", "type": "source.file", "config": {"path": "spark_in/orders.parquet"}},
        {"key": "paid", "type": "transform.filter", "config": {"condition": "status = 'paid'"}},
        {"key": "gross", "type": "transform.map", "config": {"derive": [{"name": "gross", "expr": "amount * 1.2"}]}},
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
        {"key": "out", "type": "destination.file", "config": {"path": "spark_out/totals.parquet"}},
    ],
    "edges": [
        {"source": "src", "target": "paid"},
        {"source": "paid", "target": "gross"},
        {"source": "gross", "target": "by_country"},
        {"source": "by_country", "target": "out"},
    ],
}


def _spark_connection(user, cluster):
    """A connection to the local cluster (allow_private_network: as an admin would set it for 127.0.0.1)."""
    return factories.ConnectionFactory(
        kind="spark",
        owner=user,
        config={
            "url": cluster.connect_url,
            "allow_private_network": True,
            "settings": {"spark.sql.shuffle.partitions": 4, "spark.sql.session.timeZone": "UTC"},
        },
        encrypted_secrets=encrypt_json({"token": cluster.token}),
        secret_keys=["token"],
    )


def test_files_pipeline_on_spark_on_a_worker(on_celery, operator, spark_cluster):
    n = 5000
    orders = pl.DataFrame(
        {
            "id": list(range(n)),
            "country": [["FR", "DE", "fr", None][i % 4] for i in range(n)],
            "amount": [(i % 97) + 0.25 for i in range(n)],
            "status": ["void" if i % 5 == 0 else "paid" for i in range(n)],
        }
    )
    (settings.DATA_ROOT / "spark_in").mkdir(parents=True, exist_ok=True)
    orders.write_parquet(settings.DATA_ROOT / "spark_in" / "orders.parquet")
    connection = _spark_connection(operator, spark_cluster)
    execution = run_pipeline(
        operator,
        GRAPH,
        name="on spark",
        timeout=180,
        backend="spark",
        default_params={"sluice_spark_connection": connection.slug},
    )
    assert execution.backend == "spark"
    assert execution.status == "succeeded", execution.error
    steps = {s.node_key: s for s in execution.steps.all()}
    assert {s.worker for s in steps.values()} != {""}  # run by the worker
    assert steps["src"].output_rows == {"out": n} and steps["paid"].output_rows == {"out": 4000}
    assert steps["by_country"].output_rows == {"out": 4} and steps["out"].rows_in == 4
    logs = list(StepLog.objects.filter(execution=execution).values_list("message", flat=True))
    assert any(m.startswith("spark: ") and "CACHE TABLE" in m for m in logs), logs[:20]
    # Spark's job progress, from its progress reports, and the file the cluster wrote itself.
    assert any(m.startswith("spark: progress ") and " done (" in m and "): stages " in m for m in logs), logs[:40]
    assert any(m.startswith("spark: ") and "wrote 4 rows as Parquet" in m for m in logs), logs[:40]
    got = pl.read_parquet(settings.DATA_ROOT / "spark_out" / "totals.parquet").sort("country", nulls_last=False)
    want = (
        orders.filter(pl.col("status") == "paid")
        .group_by("country")
        .agg(pl.len().alias("orders"), (pl.col("amount") * 1.2).sum().alias("gross"))
        .sort("country", nulls_last=False)
    )
    assert got["country"].to_list() == want["country"].to_list()
    assert got["orders"].to_list() == want["orders"].cast(pl.Int64).to_list()
    assert all(abs(g - w) < 1e-6 * max(1.0, abs(w)) for g, w in zip(got["gross"], want["gross"], strict=True))
    assert not [p for p in (settings.DATA_ROOT / "spark_out").iterdir() if p.name.startswith(".")]


def test_another_users_spark_connection_is_refused_at_the_start(operator, spark_cluster):
    mine = _spark_connection(operator, spark_cluster)
    theirs = _spark_connection(factories.UserFactory(role="operator"), spark_cluster)
    pipeline = services.pipeline_create(
        user=operator,
        name="not my spark",
        graph=parse_graph_document(GRAPH),
        backend="spark",
        default_params={"sluice_spark_connection": mine.slug},
    )
    (settings.DATA_ROOT / "spark_in").mkdir(parents=True, exist_ok=True)
    pl.DataFrame({"id": [1], "country": ["FR"], "amount": [1.0], "status": ["paid"]}).write_parquet(
        settings.DATA_ROOT / "spark_in" / "orders.parquet"
    )
    _version, created = services.pipeline_version_create(pipeline=pipeline, user=operator)
    assert created
    pipeline.refresh_from_db()
    with pytest.raises(ValidationError) as caught:  # another user's, named by the run
        execution_start(pipeline=pipeline, user=operator, params={"sluice_spark_connection": theirs.slug})
    assert "No Spark connection" in str(caught.value)
    # Without the parameter: the start says which one to set.
    with pytest.raises(ValidationError) as caught:
        execution_start(pipeline=pipeline, user=operator, params={"sluice_spark_connection": ""})
    assert "sluice_spark_connection" in str(caught.value)
