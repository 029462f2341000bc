"""``python -m config.serve``: several web processes are refused where they could not share state, and
the sockets it binds share one port. Serving for real is tests/e2e/test_web_processes.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from config.serve import listening_sockets

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({"SLUICE_MODE": "embedded"}, "the channel layer is in memory"),
        ({"SLUICE_MODE": "test", "SLUICE_EXECUTOR": "local"}, "the executor is local"),
        ({"SLUICE_MODE": "test", "SLUICE_EMBEDDED_SCHEDULER": "1"}, "the embedded scheduler is on"),
    ],
)
def test_several_processes_are_refused_without_shared_state(tmp_path, env, reason):
    outside = ("REDIS_URL", "CELERY_BROKER_URL", "DATABASE_URL")  # each would change what the mode defaults to
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLUICE_", "PYTEST_")) and k not in outside}
    clean.update(env, SLUICE_VAR_DIR=str(tmp_path), SLUICE_TEST_RUN="serve")
    out = subprocess.run(
        [sys.executable, "-m", "config.serve", "--processes", "2", "-p", "0"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert "--processes 2 needs state the processes share" in out.stderr and reason in out.stderr


def test_processes_must_be_positive():
    out = subprocess.run(
        [sys.executable, "-m", "config.serve", "--processes", "0"], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 2 and "--processes must be at least 1" in out.stderr


def test_the_sockets_share_one_port_and_each_accepts():
    sockets = listening_sockets("127.0.0.1", 0, 3)
    try:
        ports = {s.getsockname()[1] for s in sockets}
        assert len(ports) == 1
        port = ports.pop()
        accepted = set()
        for _ in range(60):  # the kernel spreads connections over the sockets by their address hash
            client = socket.create_connection(("127.0.0.1", port))
            for index, sock in enumerate(sockets):
                sock.settimeout(0)
                try:
                    conn, _ = sock.accept()
                except BlockingIOError:
                    continue
                conn.close()
                accepted.add(index)
            client.close()
        assert accepted == {0, 1, 2}
    finally:
        for sock in sockets:
            sock.close()
