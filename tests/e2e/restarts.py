"""A dedicated Redis and a dedicated PostgreSQL, started by the tests on free ports (never the shared
6379/5432 ones), with a Celery worker and a daphne pointed at them, so a test can kill and restart the
servers under running pipelines. Only processes started here are stopped, by pid.

PostgreSQL refuses to run as root: initdb and pg_ctl run as the ``postgres`` user (``runuser``) when the
test runs as root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import psycopg

from tests.e2e.conftest import ROOT, Worker
from tests.servers import start_daphne


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port} within {timeout}s")


def _kill_tree(pid: int) -> None:
    """SIGKILL ``pid`` and its children (only a process this module started)."""
    try:
        parent = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    family = [*parent.children(recursive=True), parent]
    for p in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.send_signal(signal.SIGKILL)
    psutil.wait_procs(family, timeout=10)


class DedicatedRedis:
    def __init__(self, workdir: Path):
        self.port = free_port()
        self.log = workdir / "redis.log"
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = open(self.log, "ab")  # noqa: SIM115 (kept open for the process's lifetime)
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        _wait_port(self.port, timeout=20, what="redis-server")

    def kill(self) -> None:
        """kill -9: everything in it (queued messages, pub/sub subscriptions) is gone."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
            self.proc = None


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"PostgreSQL's {name} is not installed")
    return path


class DedicatedPostgres:
    def __init__(self, workdir: Path):
        self.port = free_port()
        # Its own directory under /tmp: the postgres user cannot enter pytest's (root's, mode 0700).
        self.dir = Path(tempfile.mkdtemp(prefix="sluice-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.as_postgres = os.geteuid() == 0

    def _run(self, *args: str, timeout: float = 120) -> None:
        command = list(args)
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, timeout=timeout, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed: {result.stdout[-2000:]}{result.stderr[-2000:]}")

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(_pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._run(
            _pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start"
        )

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (FileNotFoundError, ValueError, IndexError):
            return None

    def kill(self) -> None:
        """kill -9 the postmaster and its backends (a crash: the next start recovers from the WAL)."""
        pid = self.postmaster_pid()
        if pid is not None:
            _kill_tree(pid)

    def stop(self, mode: str = "fast") -> None:
        with contextlib.suppress(RuntimeError):
            self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def create_database(self, name: str) -> None:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')


class Stack:
    """The dedicated servers, a Celery worker and a daphne on them, and the test's own DATA_ROOT."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.redis = DedicatedRedis(workdir)
        self.postgres = DedicatedPostgres(workdir)
        self.queue = f"sluice-restarts-{os.getpid()}"
        self.http_port = free_port()
        self.daphne: subprocess.Popen | None = None
        self.worker: Worker | None = None
        self.env: dict[str, str] = {}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def start(self) -> None:
        self.redis.start()
        self.postgres.init()
        self.postgres.start()
        self.postgres.create_database("sluice")
        (self.workdir / "data").mkdir()
        (self.workdir / "artifacts").mkdir()
        env = {
            **os.environ,
            "SLUICE_MODE": "test",
            "DATABASE_URL": self.postgres.url("sluice"),
            "REDIS_URL": self.redis.url,
            "SLUICE_STEP_QUEUE": self.queue,
            "DATA_ROOT": str(self.workdir / "data"),
            "ARTIFACTS_DIR": str(self.workdir / "artifacts"),
            "SLUICE_NODE_MODULES": "tests.e2e.nodes",
            "DB_CONN_MAX_AGE": "0",
            "METRICS_INTERVAL": "300",
            "SLUICE_WEB_SAMPLER": "0",
            "SLUICE_HEARTBEAT_SECONDS": "0.5",
            "SLUICE_STALE_AFTER_SECONDS": "3",
            "SLUICE_REDISPATCH_AFTER_SECONDS": "600",  # the default: lost messages are found by the restart
            "SLUICE_FUSE_CHAINS": "0",
            "SLUICE_EMBEDDED_SCHEDULER": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": self.base,
            "PYTHONPATH": str(ROOT),
        }
        for name in ("PYTEST_VERSION", "SLUICE_TEST_DB_NAME", "SLUICE_KILLPOINTS", "CELERY_BROKER_URL"):
            env.pop(name, None)
        self.env = env
        self.manage("migrate", "--noinput")
        self.worker = Worker(env, self.workdir / "worker.log", self.queue)
        self.worker.start()
        self.start_daphne()

    def manage(self, *args: str, timeout: float = 300) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
        return result.stdout

    def start_daphne(self) -> None:
        self.daphne = start_daphne(port=self.http_port, env=self.env, log_path=self.workdir / "daphne.log")

    def stop(self) -> None:
        if self.daphne is not None:
            self.daphne.terminate()
            try:
                self.daphne.wait(timeout=20)
            except subprocess.TimeoutExpired:
                _kill_tree(self.daphne.pid)
        if self.worker is not None:
            self.worker.stop()
        self.postgres.stop("immediate")
        shutil.rmtree(self.postgres.dir, ignore_errors=True)
        self.redis.stop()

    def logs(self) -> str:
        parts = []
        for path in [*(self.workdir / n for n in ("worker.log", "daphne.log", "redis.log")), self.postgres.log]:
            name = path.name
            if path.exists():
                parts.append(f"--- {name} (tail) ---\n{path.read_text(errors='replace')[-3000:]}")
        return "\n".join(parts)
