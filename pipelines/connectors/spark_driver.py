"""The local Spark driver of a standalone master connection (``spark://host:port``).

A process that opens a standalone master becomes a Spark *driver* (a JVM holding the job's state and
memory). Sluice's own processes stay JVM-free: for a ``spark://`` connection, the first use on a host starts
one Spark Connect server (the driver; ``SparkConnectServer`` from the pyspark package, through spark-submit)
attached to that master, and every process of the host talks to it over ``sc://127.0.0.1:<port>`` with a
random token of its own, so every Spark Connect code path (runner, test, introspect, cancel, progress)
works unchanged.

* One driver per (checked master address, driver settings) per host, shared by every worker process: a
  lock file and a state file (0600, it holds the token) under ``SLUICE_SCRATCH_DIR/spark-drivers``. A state
  whose supervisor is dead is stale: its JVM (recognised by its own properties file on the command line,
  never by a name) is killed and a new driver started.
* The gRPC port binds 127.0.0.1 only; the token and the settings go in a 0600 properties file, not on the
  command line. No shell: spark-submit is run with an argument list.
* Start is bounded (``START_TIMEOUT``): Java missing, the master's port unreachable, the master refusing
  the application, or the JVM exiting end it with a message that says which.
* Lifetime: a small supervisor process (``python -m pipelines.connectors.spark_driver supervise``, its own
  process group with the JVM) stops the driver after ``SLUICE_SPARK_DRIVER_IDLE_SECONDS`` (default 900)
  without a session. A session holds a shared lock on the driver's ``use`` file for its whole length, so a
  long run is never cut; ``stop_driver`` ends it by its pid at once. A stopped driver's files (token,
  scratch, logs) are removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
START_TIMEOUT = 90.0
DEFAULT_IDLE_SECONDS = 900
POLL = 0.25
_CONNECTED = "Connected to Spark cluster with app ID"
_REFUSED = re.compile(r"All masters are unresponsive|Master removed our application|Application has been killed")


class DriverError(Exception):
    """The driver could not be started or reached; ``message`` says why (safe to show)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Driver:
    key: str
    port: int
    token: str
    pid: int  # the supervisor's, also the process group of the JVM
    root: Path

    @contextlib.contextmanager
    def lease(self) -> Iterator[None]:
        """Hold the driver in use (the idle stop waits) for the length of the block."""
        use = self.root / f"{self.key}.use"
        with open(use, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_SH)
            try:
                yield
            finally:
                with contextlib.suppress(OSError):
                    os.utime(use)
                fcntl.flock(handle, fcntl.LOCK_UN)


def drivers_root() -> Path:
    from django.conf import settings

    root = Path(settings.SLUICE_SCRATCH_DIR) / "spark-drivers"
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def idle_seconds() -> int:
    try:
        return max(5, int(os.environ.get("SLUICE_SPARK_DRIVER_IDLE_SECONDS", DEFAULT_IDLE_SECONDS)))
    except ValueError:
        return DEFAULT_IDLE_SECONDS


def driver_key(master_url: str, driver_settings: dict[str, str]) -> str:
    text = json.dumps([master_url, sorted(driver_settings.items())])
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.access(Path(java_home) / "bin" / "java", os.X_OK):
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise DriverError(
            "Java is not installed on this host (no java on the PATH, no JAVA_HOME): a spark:// connection "
            "runs the Spark driver here and needs Java 17."
        )
    return os.path.realpath(java)


def _port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=timeout):
        return True
    return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError), open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def _read_state(root: Path, key: str) -> dict | None:
    with contextlib.suppress(OSError, ValueError):
        return json.loads((root / f"{key}.json").read_text())
    return None


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def _kill_group(pid: int, *, timeout: float = 10) -> None:
    """End the process group ``pid`` leads (the supervisor and its JVM): SIGTERM, then SIGKILL."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(pid):
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def _kill_stale_jvm(root: Path, key: str) -> None:
    """A JVM left by a dead supervisor: found by its pid file and checked by its own properties file on its
    command line (a reused pid is left alone)."""
    import psutil

    with contextlib.suppress(OSError, ValueError, psutil.Error):
        pid = int((root / f"{key}.jvm").read_text())
        process = psutil.Process(pid)
        if str(root / f"{key}.properties") in process.cmdline():
            for child in process.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    child.kill()
            process.kill()


@contextlib.contextmanager
def _locked(root: Path, key: str, deadline: float) -> Iterator[None]:
    with open(root / f"{key}.lock", "a") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DriverError(
                        "Another process is starting this Spark driver and did not finish in time."
                    ) from None
                time.sleep(POLL)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _properties(*, master_url: str, port: int, token: str, driver_settings: dict[str, str], root: Path, key: str):
    driver_host = os.environ.get("SLUICE_SPARK_DRIVER_HOST") or HOST
    confs = {
        "spark.master": master_url,
        "spark.app.name": f"Sluice driver {key[:8]}",
        "spark.connect.grpc.binding.address": HOST,
        "spark.connect.grpc.binding.port": str(port),
        "spark.connect.authenticate.token": token,
        "spark.driver.host": driver_host,
        "spark.driver.bindAddress": driver_host,
        "spark.ui.enabled": "false",
        "spark.sql.warehouse.dir": str(root / key / "warehouse"),
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={root / key / 'derby'}",
        **driver_settings,
    }
    return "".join(f"{name} {value}\n" for name, value in confs.items())


def ensure_driver(*, master_url: str, driver_settings: dict[str, str], timeout: float = START_TIMEOUT) -> Driver:
    """The running driver of ``master_url`` (an already checked ``spark://address:port``) with these
    settings, started when there is none; DriverError with a message that says what failed."""
    from pyspark import __file__ as pyspark_file

    root = drivers_root()
    key = driver_key(master_url, driver_settings)
    deadline = time.monotonic() + timeout
    with _locked(root, key, deadline):
        running = _running(root, key, master_url, deadline)
        if running is not None:
            return running

        java = _java()
        host, port = master_url[len("spark://") :].rsplit(":", 1)
        if not _port_open(host.strip("[]"), int(port), timeout=min(5.0, max(0.5, deadline - time.monotonic()))):
            raise DriverError(f"The Spark master at {master_url} cannot be reached (nothing answers on its port).")

        home = Path(pyspark_file).resolve().parent
        work = root / key
        for sub in ("conf", "local", "logs"):
            (work / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        token = secrets.token_urlsafe(32)
        grpc_port = _free_port()
        _write_private(
            root / f"{key}.properties",
            _properties(
                master_url=master_url, port=grpc_port, token=token, driver_settings=driver_settings, root=root, key=key
            ),
        )
        log = work / "logs" / "driver.log"
        log.write_bytes(b"")
        (root / f"{key}.use").touch()
        _write_private(root / f"{key}.spec", json.dumps(_spec(root, key, home=home, java=java, log=log)))
        project = Path(__file__).resolve().parents[2]
        with open(work / "logs" / "supervisor.log", "ab") as supervisor_log:
            supervisor = subprocess.Popen(  # noqa: S603 (an argument list of our own; no shell)
                [sys.executable, "-m", "pipelines.connectors.spark_driver", "supervise", str(root / f"{key}.spec")],
                cwd=project,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=supervisor_log,
                start_new_session=True,  # its own process group, with the JVM: stop_driver ends it whole
            )
        try:
            _write_private(
                root / f"{key}.json",
                json.dumps(
                    {
                        "pid": supervisor.pid,
                        "port": grpc_port,
                        "token": token,
                        "master": master_url,
                        "started": time.time(),
                    }
                ),
            )
            _wait_ready(supervisor, log, grpc_port, master_url, deadline)
        except _StillStarting:
            # Left to finish (it is bounded by START_TIMEOUT, then replaced): the next session uses it.
            raise DriverError(_still_starting(_read_state(root, key) or {}, master_url)) from None
        except BaseException:
            _kill_group(supervisor.pid, timeout=5)
            _kill_stale_jvm(root, key)
            (root / f"{key}.json").unlink(missing_ok=True)
            raise
        return Driver(key=key, port=grpc_port, token=token, pid=supervisor.pid, root=root)


def _running(root: Path, key: str, master_url: str, deadline: float) -> Driver | None:
    """The driver of ``key`` if one runs (or is starting and answers before ``deadline``); a stale one (a dead
    supervisor, a JVM that no longer answers) is stopped and forgotten. Called under the key's lock."""
    state = _read_state(root, key)
    if state is None:
        return None
    starting = time.time() - state.get("started", 0) < START_TIMEOUT
    if _alive(state["pid"]) and (_port_open(HOST, state["port"]) or (starting and _wait_port(state, deadline))):
        with contextlib.suppress(OSError):
            os.utime(root / f"{key}.use")
        return Driver(key=key, port=state["port"], token=state["token"], pid=state["pid"], root=root)
    if _alive(state["pid"]) and starting:  # started by a process that gave up waiting (a pool's deadline)
        raise DriverError(_still_starting(state, master_url))
    _kill_group(state["pid"], timeout=2)  # stale
    _kill_stale_jvm(root, key)
    (root / f"{key}.json").unlink(missing_ok=True)
    return None


def _spec(root: Path, key: str, *, home: Path, java: str, log: Path) -> dict:
    """What the supervisor runs (spark-submit of the Connect server, an argument list) and the files it keeps."""
    work = root / key
    return {
        "args": [
            str(home / "bin" / "spark-submit"),
            "--properties-file",
            str(root / f"{key}.properties"),
            "--class",
            "org.apache.spark.sql.connect.service.SparkConnectServer",
            "spark-internal",
        ],
        "env": {
            "SPARK_HOME": str(home),
            "JAVA_HOME": str(Path(java).parent.parent),
            "SPARK_CONF_DIR": str(work / "conf"),  # empty: no spark-defaults.conf of the machine leaks in
            "SPARK_LOCAL_IP": HOST,
            "SPARK_LOCAL_DIRS": str(work / "local"),
            "SPARK_NO_DAEMONIZE": "1",
        },
        "cwd": str(work),
        "log": str(log),
        "use": str(root / f"{key}.use"),
        "lock": str(root / f"{key}.lock"),
        "state": str(root / f"{key}.json"),
        "jvm": str(root / f"{key}.jvm"),
        "idle": idle_seconds(),
    }


class _StillStarting(Exception):
    pass


def _still_starting(state: dict, master_url: str) -> str:
    so_far = time.time() - state.get("started", time.time())
    return (
        f"The Spark driver for the master {master_url} is still starting ({so_far:.0f} s so far; a cold start "
        "takes 15-30 s): try again in a few seconds."
    )


def _wait_port(state: dict, deadline: float) -> bool:
    while time.monotonic() < deadline and _alive(state["pid"]):
        if _port_open(HOST, state["port"]):
            return True
        time.sleep(POLL)
    return False


def _wait_ready(supervisor, log: Path, port: int, master_url: str, deadline: float) -> None:
    connected = False
    while time.monotonic() < deadline:
        if supervisor.poll() is not None:
            raise DriverError(f"The Spark driver exited while starting (code {supervisor.returncode}): {_tail(log)}")
        text = log.read_text(errors="replace") if log.exists() else ""
        if _REFUSED.search(text):
            raise DriverError(f"The Spark master at {master_url} did not accept the driver's application.")
        connected = connected or _CONNECTED in text
        if connected and _port_open(HOST, port):
            return
        time.sleep(POLL)
    raise _StillStarting


def _tail(log: Path) -> str:
    with contextlib.suppress(OSError):
        lines = [
            line for line in log.read_text(errors="replace").splitlines() if "ERROR" in line or "Exception" in line
        ]
        return " | ".join(lines[-3:])[-500:] or "(no error in its log)"
    return "(no log)"


def stop_driver(driver: Driver | None = None, *, key: str | None = None) -> bool:
    """Stop a driver now, by its supervisor's pid (process group); False when none was running."""
    root = driver.root if driver else drivers_root()
    key = driver.key if driver else key
    with _locked(root, key, time.monotonic() + 30):
        state = _read_state(root, key)
        (root / f"{key}.json").unlink(missing_ok=True)
        if state is not None:
            _kill_group(state["pid"])
        _kill_stale_jvm(root, key)
        _forget(root, key)
        return state is not None


def _forget(root: Path, key: str) -> None:
    """A stopped driver's files: its token is kept nowhere, its scratch and logs are removed (the lock and
    use files stay: another process may hold them open)."""
    for suffix in (".json", ".properties", ".spec", ".jvm"):
        (root / f"{key}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(root / key, ignore_errors=True)


# --- the supervisor (a process of its own) ---------------------------------------------------------------


def supervise(spec_path: str) -> None:
    """Run the JVM; stop it after ``idle`` seconds without a lease (under the start lock, so no session
    starts on a driver being stopped), on SIGTERM, or exit when the JVM does."""
    spec = json.loads(Path(spec_path).read_text())
    with open(spec["log"], "ab") as log:
        jvm = subprocess.Popen(  # noqa: S603 (spark-submit from the spec ensure_driver wrote, 0600; no shell)
            spec["args"],
            cwd=spec["cwd"],
            env={**os.environ, **spec["env"]},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    _write_private(Path(spec["jvm"]), str(jvm.pid))

    def stop(*_args) -> None:
        jvm.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            jvm.wait(timeout=8)
        jvm.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    while jvm.poll() is None:
        time.sleep(2)
        try:
            idle_for = time.time() - os.stat(spec["use"]).st_mtime
        except OSError:
            idle_for = 0
        if idle_for < spec["idle"]:
            continue
        with open(spec["lock"], "a") as lock, open(spec["use"], "a") as use:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(use, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # starting or in use: not idle
            with contextlib.suppress(OSError, ValueError):
                state = json.loads(Path(spec["state"]).read_text())
                if state.get("pid") == os.getpid():
                    state_path = Path(spec["state"])
                    _forget(state_path.parent, state_path.stem)
            stop()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "supervise":
        supervise(sys.argv[2])
    else:
        sys.exit("usage: python -m pipelines.connectors.spark_driver supervise <spec file>")
