"""Artifacts on a real S3 API (moto's server on 127.0.0.1, tests/s3_server.py) with a real Celery worker
that shares nothing with the test but the object store, the database and Redis: a run whose step outputs
are objects, a preview read from them, a failed run retried on the first run's objects, and the clean-up
of old runs removing the objects. The store's secret appears in no log."""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from datetime import timedelta

import polars as pl
import pytest
from django.core.exceptions import ValidationError

from executions import artifacts
from executions.models import Execution, StepRun
from executions.services import execution_retry, execution_start
from executions.services.preview import step_preview
from executions.services.retention import artifacts_cleanup
from tests.e2e.conftest import ROOT, Worker, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("object-store")]

N = 30_000
BRANCHES = 3


def worker_env(s3_server, url: str, *, host_dir, queue: str) -> dict[str, str]:
    """A worker's environment: the test database and Redis, the store at ``url``, and local directories of
    its own (data, scratch, a local ARTIFACTS_DIR that SLUICE_ARTIFACTS_URL overrides)."""
    from django.conf import settings
    from django.db import connection

    db = connection.settings_dict
    for sub in ("data", "scratch", "artifacts"):
        (host_dir / sub).mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "SLUICE_MODE": "test",
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "SLUICE_STEP_QUEUE": queue,
        "DATA_ROOT": str(host_dir / "data"),
        "SLUICE_SCRATCH_DIR": str(host_dir / "scratch"),
        "ARTIFACTS_DIR": str(host_dir / "artifacts"),
        **s3_server.settings_env(url),
        "SLUICE_NODE_MODULES": "tests.e2e.nodes",
        "SLUICE_STALE_AFTER_SECONDS": "2",
        "SLUICE_HEARTBEAT_SECONDS": "0.5",
        "SLUICE_CANCEL_GRACE_SECONDS": "2",
        "DB_CONN_MAX_AGE": "0",
        "METRICS_INTERVAL": "300",
        "SLUICE_WEB_SAMPLER": "0",
        "PYTHONPATH": str(ROOT),
    }
    for name in ("PYTEST_VERSION", "SLUICE_TEST_DB_NAME", "POLARS_TEMP_DIR"):
        env.pop(name, None)
    return env


def branches_graph(*, seconds: float, sink: str | None = None, branches: int = BRANCHES) -> dict:
    """numbers (with p = i % branches) → one filter + nap per p → union (→ the e2e Parquet sink)."""
    nodes = [{"key": "numbers", "type": "e2e.numbers", "config": {"n": N, "mod": branches}}]
    edges = []
    for b in range(branches):
        nodes += [
            {"key": f"only{b}", "type": "transform.filter", "config": {"condition": f"p = {b}"}},
            {"key": f"nap{b}", "type": "e2e.sleep", "config": {"seconds": seconds}},
        ]
        edges += [{"source": "numbers", "target": f"only{b}"}, {"source": f"only{b}", "target": f"nap{b}"}]
        edges.append({"source": f"nap{b}", "target": "union", "target_port": "in"})
    nodes.append({"key": "union", "type": "transform.union", "config": {}})
    if sink:
        nodes.append({"key": "sink", "type": "e2e.sink", "config": {"name": sink}})
        edges.append({"source": "union", "target": "sink"})
    return {"nodes": nodes, "edges": edges}


def make_pipeline(user, graph: dict, name: str):
    from pipelines import services
    from pipelines.graph import parse_graph_document

    pipeline = services.pipeline_create(user=user, name=name, graph=parse_graph_document(graph))
    services.pipeline_version_create(pipeline=pipeline, user=user)
    pipeline.refresh_from_db()
    return pipeline


def finished(execution):
    def check():
        execution.refresh_from_db()
        return execution.is_finished

    return check


def union_rows(execution) -> list[int]:
    """The union's output, read from its artifact on the store by the test process."""
    step = execution.steps.get(node_key="union")
    return sorted(artifacts.scan(step.artifacts["out"]).collect()["i"].to_list())


@pytest.fixture
def s3_worker(django_db_setup, django_db_blocker, s3_server, settings, tmp_path):
    """One Celery worker (host ``store-host``) whose artifacts are on a bucket of their own; the test process
    reads the same store."""
    bucket = s3_server.bucket("sluice-e2e")
    url = f"s3://{bucket}/{uuid.uuid4().hex[:10]}"
    queue = f"sluice-s3-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    with django_db_blocker.unblock():
        env = worker_env(s3_server, url, host_dir=tmp_path / "store-host", queue=queue)
    worker = Worker(env, tmp_path / "worker.log", queue)
    worker.start(concurrency=2, name="w1@store-host")
    s3_server.apply(settings, url)
    settings.SLUICE_EXECUTOR = "celery"
    settings.SLUICE_STEP_QUEUE = queue
    settings.SLUICE_HEARTBEAT_SECONDS = 0.5
    yield worker, bucket, url.removeprefix(f"s3://{bucket}/"), tmp_path / "store-host"
    worker.stop()


def test_a_run_on_the_object_store_previews_retries_and_is_cleaned_up(s3_worker, s3_server, operator, caplog):
    caplog.set_level(logging.DEBUG)
    worker, bucket, prefix, host_dir = s3_worker
    data_root = host_dir / "data"
    # The destination's directory is a file: the sink fails after every other step succeeded.
    shutil.rmtree(data_root)
    data_root.write_text("not a directory")
    pipeline = make_pipeline(operator, branches_graph(seconds=0.2, sink="store_out"), "object store")

    first = execution_start(pipeline=pipeline, user=operator)
    wait_for(finished(first), timeout=90, what="the first run")
    assert first.status == Execution.Status.FAILED, first.error
    steps = {s.node_key: s for s in first.steps.all()}
    assert steps["numbers"].status == StepRun.Status.SUCCEEDED
    objects = s3_server.keys(bucket, f"{prefix}/{first.artifact_key}/")
    # numbers and each nap branch (its filter fused into it) left an object; the failed union+sink group none.
    assert len(objects) == 1 + BRANCHES, objects
    for key in ("numbers", *(f"nap{b}" for b in range(BRANCHES))):
        assert steps[key].artifacts["out"].startswith(f"s3://{bucket}/{prefix}/{first.artifact_key}/")
    assert steps["numbers"].worker.startswith("store-host:")

    # A preview reads the object (the worker's disk is not the test's business).
    preview = step_preview(execution=first, node_key="numbers", limit=5)
    assert (
        preview["rows"] == N
        and preview["recomputed"] is False
        and [r["i"] for r in preview["preview"]] == [0, 1, 2, 3, 4]
    )

    # Retry once the destination can write: the succeeded steps' objects are reused, not recomputed.
    data_root.unlink()
    data_root.mkdir()
    second = execution_retry(execution=first, user=operator)
    wait_for(finished(second), timeout=90, what="the retry")
    assert second.status == Execution.Status.SUCCEEDED, second.error
    assert second.artifact_key == first.artifact_key
    reused = second.steps.get(node_key="numbers")
    assert reused.artifacts == steps["numbers"].artifacts  # the first run's object, not a new one
    assert reused.report["reused_from_execution"] == first.pk
    assert all(
        second.steps.get(node_key=f"nap{b}").report.get("reused_from_execution") == first.pk for b in range(BRANCHES)
    )
    written = pl.read_parquet(data_root / "store_out.parquet")
    assert sorted(written["i"].to_list()) == list(range(N))
    assert len(s3_server.keys(bucket, f"{prefix}/{first.artifact_key}/")) == 1 + BRANCHES  # nothing new to keep

    # The clean-up of old runs removes the objects and forgets them: a preview no longer reads an object
    # (a source's is recomputed; a step whose object vanished behind its back is refused).
    nap_url = second.steps.get(node_key="nap0").artifacts["out"]
    assert artifacts_cleanup(older_than=timedelta(0)) >= 1
    assert s3_server.keys(bucket, f"{prefix}/{first.artifact_key}/") == []
    assert not StepRun.objects.filter(execution__in=[first, second]).exclude(artifacts={}).exists()
    assert step_preview(execution=first, node_key="numbers", limit=5)["recomputed"] is True
    StepRun.objects.filter(execution=second, node_key="nap0").update(artifacts={"out": nap_url})
    with pytest.raises(ValidationError, match="no longer kept"):
        step_preview(execution=second, node_key="nap0", limit=5)

    # The store's secret went to the worker and to this process, and into no log of either.
    worker.stop()
    logged = (worker.log_path.read_text(errors="replace"), caplog.text)
    assert s3_server.secret not in logged[0] and s3_server.secret not in logged[1]
    assert "store-host" in logged[0]
