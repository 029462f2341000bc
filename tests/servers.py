"""Real servers the tests start: one way to start a daphne serving config.asgi on 127.0.0.1."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


def start_daphne(
    *, port: int, env: dict[str, str], log_path: Path, timeout: float = 60, processes: int = 1
) -> subprocess.Popen:
    """daphne on 127.0.0.1:``port`` with ``env``, its output appended to ``log_path``; returns once
    ``/healthz`` answers 200. Kills it and raises with the log's tail if it exits or does not answer in time.
    ``processes`` > 1: that many daphne processes sharing the port under ``config.serve`` (its supervisor is
    the process returned)."""
    if processes == 1:
        command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"]
    else:
        command = [sys.executable, "-m", "config.serve", "--processes", str(processes), "-b", "127.0.0.1"]
        command += ["-p", str(port)]
    with open(log_path, "ab") as log:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                if response.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    kill(proc)
    raise RuntimeError(f"daphne did not start:\n{log_path.read_text(errors='replace')[-3000:]}")


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL the server and its children (the interactive pool's) at once."""
    with contextlib.suppress(psutil.NoSuchProcess):
        for child in psutil.Process(proc.pid).children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()
    proc.kill()
    proc.wait(timeout=30)


def stop(proc: subprocess.Popen, *, timeout: float = 30) -> None:
    """SIGTERM, then SIGKILL (with its children) if it has not exited within ``timeout``."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill(proc)
