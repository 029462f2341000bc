"""Helpers of the object-store end-to-end tests: a worker's environment on a host of its own with the
artifacts on the test's S3 server, and a pipeline of parallel branches."""

from __future__ import annotations

import os

import polars as pl

from tests.e2e.conftest import ROOT

N = 30_000
BRANCHES = 3


def worker_env(s3_server, url: str, *, host_dir, queue: str, data_url: str = "") -> dict[str, str]:
    """A worker's environment: the test database and Redis, the artifact store at ``url`` (and the data
    store at ``data_url`` when given), and local directories of its own (data, scratch, a local
    ARTIFACTS_DIR that SLUICE_ARTIFACTS_URL overrides)."""
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
        **(data_env(s3_server, data_url) if data_url else {}),
        "SLUICE_NODE_MODULES": "tests.e2e.nodes",
        "SLUICE_STALE_AFTER_SECONDS": "2",
        "SLUICE_HEARTBEAT_SECONDS": "0.5",
        "SLUICE_CANCEL_GRACE_SECONDS": "2",
        "DB_CONN_MAX_AGE": "0",
        "METRICS_INTERVAL": "300",
        "SLUICE_WEB_SAMPLER": "0",
        "PYTHONPATH": str(ROOT),
    }
    for name in ("PYTEST_VERSION", "SLUICE_TEST_DB_NAME", "POLARS_TEMP_DIR", "POLARS_OOC_SPILL_DIR"):
        env.pop(name, None)
    return env


def data_env(s3_server, url: str) -> dict[str, str]:
    """The environment of a Sluice process whose data store (uploads, file sources and destinations) is
    ``url`` on the test's S3 server."""
    return {
        "SLUICE_DATA_URL": url,
        "SLUICE_DATA_ENDPOINT_URL": s3_server.endpoint,
        "SLUICE_DATA_KEY_ID": s3_server.key_id,
        "SLUICE_DATA_SECRET_KEY": s3_server.secret,
        "SLUICE_DATA_REGION": "us-east-1",
    }


def apply_data(settings, s3_server, url: str) -> None:
    """Point this process's (pytest-django) ``settings`` at the data store ``url`` on the test's S3 server."""
    for name, value in data_env(s3_server, url).items():
        setattr(settings, name, value)


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


def sink_rows(root, name: str) -> list[int]:
    """The e2e sink's output, from the data directory of whichever host under ``root`` ran it (only one)."""
    written = list(root.glob(f"*/data/{name}.parquet"))
    assert len(written) == 1, written
    return sorted(pl.read_parquet(written[0])["i"].to_list())
