"""Workers on several "hosts": Celery workers with their own ``--hostname`` and their own local data,
scratch and artifact directories, sharing only the S3 store (moto's server), PostgreSQL and Redis. A run's
parallel branches execute on two of them; a third, SIGKILLed mid-step, loses its step to the others through
the watchdog, and the run's output is whole (no lost, no duplicated rows).

The data store is on the bucket too (SLUICE_DATA_URL): this process, the "web", has a DATA_ROOT of its own
as well, so web and hosts share no directory at all: a file uploaded through the API is read by a run on
a host, its file destination is read back from the bucket, and the web previews both."""

from __future__ import annotations

import io
import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from executions.models import Execution, StepRun
from executions.services import execution_start
from executions.services.preview import step_preview
from executions.services.watchdog import watchdog_sweep
from tests.e2e.conftest import Worker, wait_for
from tests.e2e.object_store import (
    N,
    apply_data,
    branches_graph,
    finished,
    make_pipeline,
    sink_rows,
    worker_env,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("object-store")]


@pytest.fixture(scope="module")
def store_hosts(django_db_setup, django_db_blocker, s3_server, tmp_path_factory):
    """Workers on hosts of their own, kept for the module: ``start(*hosts)`` starts a one-process worker
    on each host not started yet (at once) and returns them all; every one is killed at the end (by pid)."""
    root = tmp_path_factory.mktemp("hosts")
    bucket = s3_server.bucket("sluice-hosts")
    url = f"s3://{bucket}/{uuid.uuid4().hex[:10]}"
    data_url = f"s3://{bucket}/data-{uuid.uuid4().hex[:10]}"
    queue = f"sluice-hosts-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    started: dict[str, Worker] = {}

    def start(*names: str) -> list[Worker]:
        new = [host for host in names if host not in started]
        for host in new:
            with django_db_blocker.unblock():
                env = worker_env(s3_server, url, host_dir=root / host, queue=queue, data_url=data_url)
            started[host] = Worker(env, root / f"{host}.log", queue)
        if new:
            with ThreadPoolExecutor(len(new)) as pool:
                list(pool.map(lambda host: started[host].start(concurrency=1, name=f"w@{host}"), new))
        return [started[host] for host in names]

    start.url, start.data_url, start.queue, start.dirs = url, data_url, queue, root
    yield start
    for worker in started.values():
        worker.kill()  # no warm shutdown to wait for: nothing of theirs is left to finish


@pytest.fixture
def hosts(store_hosts, s3_server, settings, tmp_path):
    """``store_hosts``, with this process dispatching to their queue and reading their stores (artifacts and
    data), its own DATA_ROOT a directory no host sees."""
    s3_server.apply(settings, store_hosts.url)
    apply_data(settings, s3_server, store_hosts.data_url)
    settings.DATA_ROOT = tmp_path / "web-data"
    settings.SLUICE_EXECUTOR = "celery"
    settings.SLUICE_STEP_QUEUE = store_hosts.queue
    settings.SLUICE_HEARTBEAT_SECONDS = 0.5
    # The watchdog that this test runs: a step message a killed worker had reserved is sent again soon.
    settings.SLUICE_REDISPATCH_AFTER_SECONDS = 3
    return store_hosts


def host_of(step: StepRun) -> str:
    return step.worker.split(":", 1)[0]


def branch_steps(execution) -> list[StepRun]:
    """The heads of the branches (a filter, with its nap fused after it)."""
    return list(execution.steps.filter(node_key__startswith="only").order_by("node_key"))


ORDERS = pl.DataFrame({"id": list(range(1, 201)), "amount": [i * 1.5 for i in range(1, 201)]})


def test_an_upload_is_read_on_a_host_written_to_the_bucket_and_previewed_from_the_web(
    hosts, s3_server, operator, client_for, settings
):
    (host,) = hosts("host-a")  # the module's first test: the only host serving the queue
    bucket, data_prefix = hosts.data_url.removeprefix("s3://").split("/", 1)
    # The upload goes through the API of this process straight into the bucket, never onto a disk.
    sent = client_for(operator).post(
        "/api/files/",
        {"file": SimpleUploadedFile("orders.csv", ORDERS.write_csv().encode()), "path": "hosts"},
        format="multipart",
    )
    assert sent.status_code == 201, sent.content
    upload_path = sent.json()["path"]
    assert upload_path == f"uploads/{operator.pk}/hosts/orders.csv"
    assert s3_server.keys(bucket, f"{data_prefix}/uploads/") == [f"{data_prefix}/{upload_path}"]

    graph = {
        "nodes": [
            {"key": "orders", "type": "source.file", "config": {"path": upload_path}},
            {"key": "big", "type": "transform.filter", "config": {"condition": "amount > 150"}},
            {"key": "out", "type": "destination.file", "config": {"path": "hosts/big_orders.parquet"}},
        ],
        "edges": [{"source": "orders", "target": "big"}, {"source": "big", "target": "out"}],
    }
    pipeline = make_pipeline(operator, graph, "upload on hosts")
    execution = execution_start(pipeline=pipeline, user=operator)
    wait_for(finished(execution), timeout=90, what="the run reading the upload")
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    assert {host_of(s) for s in execution.steps.all()} == {"host-a"}

    # The destination's file is an object of the bucket (published, its staging key gone), read back here.
    written = s3_server.keys(bucket, f"{data_prefix}/hosts/")
    assert written == [f"{data_prefix}/hosts/big_orders.parquet"], written
    body = s3_server.client().get_object(Bucket=bucket, Key=written[0])["Body"].read()
    expected = ORDERS.filter(pl.col("amount") > 150)
    assert pl.read_parquet(io.BytesIO(body)).equals(expected)

    # The web previews the run's step (recomputed from the bucket when its output was not kept) and
    # inspects the output file from the bucket.
    preview = step_preview(execution=execution, node_key="big", limit=5)
    assert preview["rows"] == expected.height
    assert [r["id"] for r in preview["preview"]] == expected["id"].head(5).to_list()
    page = Client()
    page.force_login(operator)
    inspected = page.get("/files/", {"inspect": "hosts/big_orders.parquet"})
    assert inspected.status_code == 200 and "big_orders.parquet" in inspected.content.decode()
    assert "Float64" in inspected.content.decode()  # the schema read from the object
    listed = client_for(operator).get("/api/files/", {"prefix": "hosts/"}).json()["results"]
    assert [f["path"] for f in listed] == ["hosts/big_orders.parquet"]

    # No directory was shared: neither the web's nor a host's data directory holds any of these files.
    local = [*Path(settings.DATA_ROOT).rglob("*"), *hosts.dirs.glob("*/data/**/*")]
    assert not [p for p in local if "orders" in p.name or p.name == "uploads"], local
    assert s3_server.secret not in host.log_path.read_text(errors="replace")


def test_parallel_branches_run_on_two_hosts_that_share_only_the_store(hosts, operator):
    hosts("host-a", "host-b")
    pipeline = make_pipeline(operator, branches_graph(seconds=1.5, branches=4, sink="two_hosts"), "two hosts")
    execution = execution_start(pipeline=pipeline, user=operator)
    wait_for(finished(execution), timeout=90, what="the run")
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    assert {host_of(s) for s in branch_steps(execution)} == {"host-a", "host-b"}
    # Each host's successor read the other's outputs from the store: nothing was written locally.
    for host in ("host-a", "host-b"):
        assert not any((hosts.dirs / host / "artifacts").rglob("*")), host
    assert sink_rows(hosts.dirs, "two_hosts") == list(range(N))


def test_a_host_killed_mid_step_loses_its_step_to_the_others(hosts, operator):
    *_, doomed = hosts("host-a", "host-b", "host-c")
    pipeline = make_pipeline(operator, branches_graph(seconds=2.5, branches=6, sink="three_hosts"), "three hosts")
    execution = execution_start(pipeline=pipeline, user=operator)

    def running_on_c():
        return execution.steps.filter(status=StepRun.Status.RUNNING, worker__startswith="host-c:").first()

    victim = wait_for(running_on_c, timeout=60, interval=0.1, what="a step running on host-c")
    doomed.kill()  # SIGKILL, the worker and its pool child (the pids this test started)
    wait_for(
        lambda: watchdog_sweep(stale_after=timedelta(seconds=2)).get("stale"),
        timeout=30,
        interval=0.5,
        what="the watchdog to requeue host-c's step",
    )
    wait_for(finished(execution), timeout=90, what="the recovered run")
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    moved = execution.steps.get(pk=victim.pk)
    assert moved.attempt == victim.attempt + 1
    assert host_of(moved) in {"host-a", "host-b"}
    assert sink_rows(hosts.dirs, "three_hosts") == list(range(N))  # no lost and no duplicated rows
