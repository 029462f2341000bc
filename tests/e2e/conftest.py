"""End-to-end fixtures: a real Celery worker process on the test database and a queue of its own.

The worker and the test share DATA_ROOT and ARTIFACTS_DIR (a session directory), and the worker
imports tests.e2e.nodes (SLUICE_NODE_MODULES) so that test-only node types exist on both sides.
Tests here need committed data: they use ``transaction=True``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest
from django.conf import settings as django_settings

import tests.e2e.nodes  # noqa: F401  (registers e2e.* node types in the test process)
from bench._harness import celery_worker_args
from tests.servers import start_daphne, stop

ROOT = Path(__file__).resolve().parents[2]


class Worker:
    def __init__(self, env: dict[str, str], log_path: Path, queue: str):
        self.env, self.log_path, self.queue = env, log_path, queue
        self.proc: subprocess.Popen | None = None

    def start(self, *, concurrency: int = 2, timeout: float = 60, name: str = "") -> None:
        """``name``: the Celery node name (``name@host``; a host of its own stands for another machine)."""
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = open(self.log_path, "ab")  # noqa: SIM115 (kept open for the process's lifetime)
        self.proc = subprocess.Popen(
            celery_worker_args(
                f"{self.queue},{self.queue}-backfill",  # both lanes (docs/executions.md, "Backfill")
                concurrency=concurrency,
                loglevel="info",
                name=name or f"{self.queue}-{time.monotonic_ns()}@%h",
            ),
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log_path.read_bytes()[offset:].decode(errors="replace")
            if " ready." in text:
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"celery worker did not start:\n{self.log_path.read_text()[-4000:]}")

    def kill(self) -> None:
        """SIGKILL the worker and its pool children at once (a crash, not a shutdown)."""
        if self.proc is None:
            return
        parent = psutil.Process(self.proc.pid)
        for p in [*parent.children(recursive=True), parent]:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.proc = None

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
        self.proc = None


@pytest.fixture(scope="session")
def e2e_dirs(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    (root / "data").mkdir()
    (root / "artifacts").mkdir()
    return root


@pytest.fixture(autouse=True)
def _isolated_dirs(settings, e2e_dirs):
    """Overrides the suite's per-test directories: the worker process must see the same files."""
    settings.DATA_ROOT = e2e_dirs / "data"
    settings.ARTIFACTS_DIR = str(e2e_dirs / "artifacts")


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, e2e_dirs, worker_id):
    from django.db import connection

    with django_db_blocker.unblock():
        db = connection.settings_dict
    queue = f"sluice-e2e-{worker_id}-{os.getpid()}"
    env = {
        **os.environ,
        "SLUICE_MODE": "test",
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}",
        "REDIS_URL": django_settings.REDIS_URL,
        "SLUICE_STEP_QUEUE": queue,
        "DATA_ROOT": str(e2e_dirs / "data"),
        "ARTIFACTS_DIR": str(e2e_dirs / "artifacts"),
        "SLUICE_NODE_MODULES": "tests.e2e.nodes",
        "SLUICE_KILLPOINTS": "1",  # tests.e2e.killpoints: stops where a test arms it (a pass-through otherwise)
        "SLUICE_STALE_AFTER_SECONDS": "2",  # the watchdog task, when a test sends it to the worker
        "DB_CONN_MAX_AGE": "0",
        # No background writers while the test database is flushed between tests (TRUNCATE deadlocks):
        # the worker reports itself once when ready, and the web sampler stays off.
        "METRICS_INTERVAL": "300",
        "SLUICE_WEB_SAMPLER": "0",  # no connection outlives a task or request (the test DB is dropped at the end)
        "SLUICE_HEARTBEAT_SECONDS": "0.5",
        "SLUICE_CANCEL_GRACE_SECONDS": "2",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PYTEST_VERSION", None)
    env.pop("SLUICE_TEST_DB_NAME", None)
    worker = Worker(env, e2e_dirs / "worker.log", queue)
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def on_celery(settings, celery_worker):
    """Dispatch to the session's Celery worker."""
    settings.SLUICE_EXECUTOR = "celery"
    settings.SLUICE_STEP_QUEUE = celery_worker.queue
    settings.SLUICE_BACKFILL_QUEUE = f"{celery_worker.queue}-backfill"
    settings.SLUICE_HEARTBEAT_SECONDS = 0.5
    return celery_worker


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def postgres_connection(operator, *, name: str, database: str):
    """A PostgreSQL connection of ``operator`` to ``database`` on the test server (as Django's own)."""
    from django.conf import settings

    from pipelines import services

    db = settings.DATABASES["default"]
    return services.connection_create(
        user=operator,
        name=name,
        kind="postgresql",
        config={
            "host": db["HOST"] or "127.0.0.1",
            "port": int(db["PORT"] or 5432),
            "database": database,
            "user": db["USER"] or "postgres",
        },
    )


def run_pipeline(operator, graph: dict, *, name: str = "real", timeout: float = 120, **fields):
    """Create a pipeline of ``graph`` (``fields``: e.g. ``backend``, ``default_params``), save its version,
    start it as ``operator`` and wait until the execution ends; returns the execution."""
    from executions.services import execution_start
    from pipelines import services
    from pipelines.graph import parse_graph_document

    pipeline = services.pipeline_create(user=operator, name=name, graph=parse_graph_document(graph), **fields)
    services.pipeline_version_create(pipeline=pipeline, user=operator)
    pipeline.refresh_from_db()
    execution = execution_start(pipeline=pipeline, user=operator)

    def done():
        execution.refresh_from_db()
        return execution.is_finished

    wait_for(done, timeout=timeout, what="the execution")
    return execution


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def daphne_server(celery_worker, e2e_dirs):
    """A real daphne serving config.asgi on 127.0.0.1, sharing the test database and Redis."""
    port = _free_port()
    env = {
        **celery_worker.env,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SLUICE_EMBEDDED_SCHEDULER": "0",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
    }
    proc = start_daphne(port=port, env=env, log_path=e2e_dirs / "daphne.log")
    yield f"127.0.0.1:{port}"
    stop(proc)


def versioned_pipeline(user, nodes: list[dict], **fields):
    """A pipeline whose nodes form a chain in the given order, saved as a version."""
    from itertools import pairwise

    from pipelines import services
    from pipelines.graph import parse_graph_document

    graph = {"nodes": nodes, "edges": [{"source": a["key"], "target": b["key"]} for a, b in pairwise(nodes)]}
    pipeline = services.pipeline_create(
        user=user, name=fields.pop("name", "e2e"), graph=parse_graph_document(graph), **fields
    )
    services.pipeline_version_create(pipeline=pipeline, user=user)
    pipeline.refresh_from_db()
    return pipeline
