"""A real S3 API on 127.0.0.1 for the object-store tests: moto's server mode in a process of its own
(started by the test session, one per session, stopped by its pid), and buckets created through it.

Its own process rather than moto's ThreadedMotoServer: the Celery workers' and the test's reads and
writes are then served without the test process's GIL, and the test's own Polars work does not stall it.
"""

from __future__ import annotations

import contextlib
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGION = "us-east-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class S3Server:
    """A moto S3 server; ``key_id``/``secret`` are what the clients send (moto accepts any; the secret is
    random so that a test can look for it in logs)."""

    log_path: Path
    port: int = field(default_factory=_free_port)
    key_id: str = "sluice-test-key-id"
    secret: str = field(default_factory=lambda: "s3-canary-" + secrets.token_hex(12))
    proc: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 30) -> None:
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"moto_server did not start:\n{self.log_path.read_text(errors='replace')[-3000:]}")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.key_id,
            aws_secret_access_key=self.secret,
            region_name=REGION,
        )

    def bucket(self, name: str) -> str:
        """Create the bucket ``name`` (again: a no-op) and return it."""
        s3 = self.client()
        with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
            s3.create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        return [o["Key"] for page in pages for o in page.get("Contents", [])]

    def settings_env(self, url: str) -> dict[str, str]:
        """The environment of a Sluice process whose artifacts live at ``url`` on this server."""
        return {
            "SLUICE_ARTIFACTS_URL": url,
            "SLUICE_ARTIFACTS_ENDPOINT_URL": self.endpoint,
            "SLUICE_ARTIFACTS_KEY_ID": self.key_id,
            "SLUICE_ARTIFACTS_SECRET_KEY": self.secret,
            "SLUICE_ARTIFACTS_REGION": REGION,
        }

    def apply(self, settings, url: str) -> None:
        """Point this process's (pytest-django) ``settings`` at ``url`` on this server."""
        settings.ARTIFACTS_DIR = url
        settings.SLUICE_ARTIFACTS_ENDPOINT_URL = self.endpoint
        settings.SLUICE_ARTIFACTS_KEY_ID = self.key_id
        settings.SLUICE_ARTIFACTS_SECRET_KEY = self.secret
        settings.SLUICE_ARTIFACTS_REGION = REGION
