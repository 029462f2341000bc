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

from executions.models import Execution, StepRun
from executions.services import execution_retry, execution_start
from executions.services.preview import step_preview
from executions.services.profiles import step_profile
from executions.services.retention import artifacts_cleanup
from tests.e2e.conftest import Worker, wait_for
from tests.e2e.object_store import BRANCHES, N, branches_graph, finished, make_pipeline, worker_env

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("object-store")]


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

    # A preview and a profile read the objects (the worker's disk is not the test's business).
    preview = step_preview(execution=first, node_key="numbers", limit=5)
    assert (
        preview["rows"] == N
        and preview["recomputed"] is False
        and [r["i"] for r in preview["preview"]] == [0, 1, 2, 3, 4]
    )

    profile = step_profile(execution=first, node_key="nap1")
    assert profile["recomputed"] is False and profile["profile"]["rows"] == N // BRANCHES, profile["profile"]

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
