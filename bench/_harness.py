"""Shared set-up of the benchmarks: a dedicated PostgreSQL database, Django, a Celery worker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = os.environ.get("SLUICE_BENCH_DB", "sluice_bench")


def setup_django(*, executor: str = "celery", extra_env: dict[str, str] | None = None) -> None:
    """Point Django at the bench database (created if missing), migrate, and set it up."""
    import psycopg

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    admin_url = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [BENCH_DB]).fetchone():
            conn.execute(f'create database "{BENCH_DB}"')
    os.environ.update(
        {
            "SLUICE_MODE": "test",
            "DATABASE_URL": base.rsplit("/", 1)[0] + f"/{BENCH_DB}",
            "SLUICE_EXECUTOR": executor,
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **(extra_env or {}),
        }
    )
    sys.path.insert(0, str(ROOT))
    # Migrate in a process of its own: loading every migration and building the model states costs
    # this one tens of MB that a worker never carries (bench/engine.py measures its peak RSS).
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity=0"], cwd=ROOT, check=True)
    import django

    django.setup()


def celery_worker_args(queue: str, *, concurrency: int, loglevel: str, name: str) -> list[str]:
    """The command line of a Celery worker on one queue (shared by the benchmarks and the e2e tests)."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "-Q",
        queue,
        "-c",
        str(concurrency),
        "-P",
        "prefork",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-l",
        loglevel,
        "-n",
        name,
    ]


def start_worker(queue: str, *, concurrency: int = 1, include: str = "", env: dict[str, str] | None = None):
    log = open(ROOT / "var" / f"bench-worker-{queue}.log", "wb")  # noqa: SIM115
    args = celery_worker_args(queue, concurrency=concurrency, loglevel="warning", name=f"{queue}@%h")
    if include:
        args += ["--include", include]
    proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
    time.sleep(0.5)
    from config.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        replies = app.control.ping(destination=[f"{queue}@{os.uname().nodename}"], timeout=0.5)
        if replies:
            return proc
        if proc.poll() is not None:
            break
    raise RuntimeError(f"worker for {queue} did not start; see var/bench-worker-{queue}.log")


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def noop_chain(steps: int, *, prefix: str):
    """A pipeline (saved as a version) of ``steps`` nodes in a line: a one-row source, no-op transforms
    (tests.e2e.nodes, which the worker loads through SLUICE_NODE_MODULES) and a file sink."""
    import uuid

    from django.contrib.auth import get_user_model

    from pipelines import services
    from pipelines.graph import parse_graph_document

    user, _ = get_user_model().objects.get_or_create(username="bench", defaults={"is_staff": True})
    nodes = [{"key": "n0", "type": "e2e.numbers", "config": {"n": 1}}]
    nodes += [{"key": f"n{i}", "type": "e2e.noop"} for i in range(1, steps - 1)]
    nodes += [{"key": f"n{steps - 1}", "type": "e2e.sink", "config": {"name": "bench_overhead"}}]
    edges = [{"source": f"n{i}", "target": f"n{i + 1}"} for i in range(steps - 1)]
    slug = f"{prefix}-{uuid.uuid4().hex[:8]}"
    graph = parse_graph_document({"nodes": nodes, "edges": edges})
    pipeline = services.pipeline_create(user=user, name=slug, slug=slug, graph=graph)
    services.pipeline_version_create(pipeline=pipeline, user=user)
    pipeline.refresh_from_db()
    return pipeline, user
