"""A real Spark standalone cluster on 127.0.0.1, from the pyspark package: one master, two workers and a
Spark Connect server attached to the master, for the Spark tests (the ``spark_cluster`` fixture of
tests/conftest.py) and the benchmarks.

Everything runs from the pip package (SPARK_HOME is the installed ``pyspark`` directory: its bin/ has
spark-class and spark-submit, its jars/ the Connect server), on Java 17 (JAVA_HOME from ``java`` on the
PATH). Every process binds 127.0.0.1 on free ports, writes its log and work directories under one
temporary directory, and runs in a process group of its own: ``stop()`` ends each group by its pid
(SIGTERM, then SIGKILL), and a failed start stops what it started and raises with the logs' tails.

    with SparkCluster.started(root=Path(tmp), token=None) as cluster:
        cluster.connect_url  # "sc://127.0.0.1:<port>"; the token, when given, is required by it
        cluster.master_url   # "spark://127.0.0.1:<port>"
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil

HOST = "127.0.0.1"
WORKERS = 2
WORKER_CORES = 1
# Cores each worker offers the master: the Connect server takes WORKER_CORES per worker (spark.cores.max), the
# rest is left for a second application, the driver Sluice starts for a spark:// connection
# (tests/e2e/test_spark_master.py); without it that application would wait for cores forever.
WORKER_OFFERED_CORES = 2
WORKER_MEMORY = "1g"
EXECUTOR_MEMORY = "512m"
DAEMON_MEMORY = "256m"  # the master's and the workers' own heaps (SPARK_DAEMON_MEMORY)
DRIVER_MEMORY = "512m"  # the Connect server is the driver


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def java_home() -> Path:
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("No java on the PATH: the Spark cluster needs Java 17 (apt-get install openjdk-17-jre).")
    return Path(os.path.realpath(java)).parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _tail(path: Path, size: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-size:]
    except OSError:
        return "(no log)"


@dataclass
class SparkCluster:
    root: Path
    master_port: int = field(default_factory=free_port)
    master_webui_port: int = field(default_factory=free_port)
    connect_port: int = field(default_factory=free_port)
    token: str | None = None  # when set, the Connect server requires it (spark.connect.authenticate.token)
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    start_seconds: float | None = None

    @property
    def master_url(self) -> str:
        return f"spark://{HOST}:{self.master_port}"

    @property
    def connect_url(self) -> str:
        return f"sc://{HOST}:{self.connect_port}"

    @property
    def webui_url(self) -> str:
        return f"http://{HOST}:{self.master_webui_port}"

    # --- start ---------------------------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        conf = self.root / "conf"
        conf.mkdir(parents=True, exist_ok=True)
        home = spark_home()
        return {
            **os.environ,
            "SPARK_HOME": str(home),
            "JAVA_HOME": str(java_home()),
            "SPARK_CONF_DIR": str(conf),  # empty: no spark-defaults.conf of the machine leaks in
            "SPARK_LOCAL_IP": HOST,
            "SPARK_LOCAL_HOSTNAME": HOST,
            "SPARK_PUBLIC_DNS": HOST,
            "SPARK_MASTER_HOST": HOST,
            "SPARK_LOCAL_DIRS": str(self.root / "local"),
            "SPARK_LOG_DIR": str(self.root / "logs"),
            "SPARK_PID_DIR": str(self.root / "pids"),
            "SPARK_NO_DAEMONIZE": "1",
            "PYSPARK_PYTHON": os.environ.get("PYSPARK_PYTHON", "python3"),
        }

    def _spawn(self, name: str, args: list[str], **env: str) -> None:
        logs = self.root / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        with open(logs / f"{name}.log", "ab") as log:
            self.procs[name] = subprocess.Popen(
                args,
                cwd=self.root,
                env={**self._env(), **env},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a process group of its own: stop() ends it with its children
            )

    def start(self, *, timeout: float = 120) -> None:
        started = time.monotonic()
        deadline = started + timeout
        home = spark_home()
        spark_class = str(home / "bin" / "spark-class")
        try:
            self._spawn(
                "master",
                [
                    spark_class,
                    "org.apache.spark.deploy.master.Master",
                    "--host",
                    HOST,
                    "--port",
                    str(self.master_port),
                    "--webui-port",
                    str(self.master_webui_port),
                ],
                SPARK_DAEMON_MEMORY=DAEMON_MEMORY,
            )
            self._wait(lambda: self._port_open(self.master_port), deadline, "the master's port")
            for i in range(WORKERS):
                work = self.root / f"worker-{i}"
                work.mkdir(parents=True, exist_ok=True)
                self._spawn(
                    f"worker-{i}",
                    [
                        spark_class,
                        "org.apache.spark.deploy.worker.Worker",
                        self.master_url,
                        "--host",
                        HOST,
                        "--port",
                        str(free_port()),
                        "--webui-port",
                        str(free_port()),
                        "--cores",
                        str(WORKER_OFFERED_CORES),
                        "--memory",
                        WORKER_MEMORY,
                        "--work-dir",
                        str(work),
                    ],
                    SPARK_DAEMON_MEMORY=DAEMON_MEMORY,
                )
            self._wait(lambda: self.alive_workers() >= WORKERS, deadline, f"{WORKERS} ALIVE workers on the master")
            self._spawn(
                "connect",
                [
                    str(home / "bin" / "spark-submit"),
                    "--class",
                    "org.apache.spark.sql.connect.service.SparkConnectServer",
                    "--name",
                    "Sluice test Spark Connect server",
                    "--master",
                    self.master_url,
                    "--driver-memory",
                    DRIVER_MEMORY,
                    "--conf",
                    f"spark.connect.grpc.binding.address={HOST}",
                    "--conf",
                    f"spark.connect.grpc.binding.port={self.connect_port}",
                    "--conf",
                    f"spark.driver.host={HOST}",
                    "--conf",
                    f"spark.driver.bindAddress={HOST}",
                    *(["--conf", f"spark.connect.authenticate.token={self.token}"] if self.token else []),
                    "--conf",
                    "spark.ui.enabled=false",
                    "--conf",
                    f"spark.executor.memory={EXECUTOR_MEMORY}",
                    "--conf",
                    f"spark.executor.cores={WORKER_CORES}",
                    "--conf",
                    f"spark.cores.max={WORKERS * WORKER_CORES}",
                    "--conf",
                    "spark.sql.shuffle.partitions=4",
                    "--conf",
                    f"spark.sql.warehouse.dir={self.root / 'warehouse'}",
                    "--conf",
                    f"spark.driver.extraJavaOptions=-Dderby.system.home={self.root / 'derby'}",
                ],
            )
            self._wait(lambda: self._port_open(self.connect_port), deadline, "the Spark Connect port")
        except Exception as exc:
            logs = self.logs()
            self.stop()
            raise RuntimeError(f"The Spark cluster did not start: {exc}\n{logs}") from exc
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - started

    def _wait(self, ready, deadline: float, what: str) -> None:
        while time.monotonic() < deadline:
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"Spark {name} exited with code {proc.returncode} while waiting for {what}")
            if ready():
                return
            time.sleep(0.25)
        raise TimeoutError(f"Timed out waiting for {what}")

    @staticmethod
    def _port_open(port: int) -> bool:
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.5):
            return True
        return False

    def master_state(self) -> dict:
        """The master's JSON status page (workers, their states, applications)."""
        with urllib.request.urlopen(f"{self.webui_url}/json/", timeout=2) as response:
            return json.load(response)

    def alive_workers(self) -> int:
        try:
            state = self.master_state()
        except (OSError, ValueError):
            return 0
        return sum(1 for w in state.get("workers", []) if w.get("state") == "ALIVE")

    # --- observe and stop ----------------------------------------------------------------------

    def logs(self) -> str:
        return "\n".join(f"--- {path.name}\n{_tail(path)}" for path in sorted((self.root / "logs").glob("*.log")))

    def rss_bytes(self) -> dict[str, int]:
        """Resident memory of each started process with its children (executors run under the workers)."""
        result: dict[str, int] = {}
        for name, proc in self.procs.items():
            total = 0
            with contextlib.suppress(psutil.NoSuchProcess):
                parent = psutil.Process(proc.pid)
                for p in [parent, *parent.children(recursive=True)]:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        total += p.memory_info().rss
            result[name] = total
        return result

    def stop(self, *, timeout: float = 20) -> None:
        """End every process group this cluster started (the Connect server first, the master last)."""
        order = [n for n in ("connect", *(f"worker-{i}" for i in range(WORKERS)), "master") if n in self.procs]
        for name in order:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.procs[name].pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for name in order:
            proc = self.procs[name]
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            # The group may hold children (executors) that outlive their parent: end it whole.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
        self.procs.clear()

    @classmethod
    @contextlib.contextmanager
    def started(cls, *, root: Path, token: str | None = None, timeout: float = 120) -> Iterator[SparkCluster]:
        cluster = cls(root=root, token=token)
        cluster.start(timeout=timeout)
        try:
            yield cluster
        finally:
            cluster.stop()


def main() -> None:
    """``python -m tests.spark_cluster``: a cluster for trying things by hand, until Ctrl-C (or SIGTERM)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sluice-spark-") as tmp:

        def stop(*_args) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        with contextlib.suppress(KeyboardInterrupt), SparkCluster.started(root=Path(tmp)) as cluster:
            rss = sum(cluster.rss_bytes().values()) / 2**20
            print(f"Spark Connect: {cluster.connect_url}   master: {cluster.master_url}   UI: {cluster.webui_url}")
            print(f"up in {cluster.start_seconds:.1f} s, {rss:.0f} MiB resident; logs in {cluster.root / 'logs'}")
            print("Ctrl-C stops it.", flush=True)
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()
