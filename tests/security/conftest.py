"""Fixtures of the security tests: a live daphne on the test database (tests/security/test_api_fuzz.py,
test_asgi_server.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.servers import start_daphne, stop

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def fuzz_dirs(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    (root / "data").mkdir()
    (root / "artifacts").mkdir()
    return root


@pytest.fixture(scope="module")
def fuzz_server(django_db_setup, django_db_blocker, fuzz_dirs):
    """A daphne on the test database; its executions go to an in-memory broker (they never run)."""
    from django.db import connection

    with django_db_blocker.unblock():
        db = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "SLUICE_MODE": "test",
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}",
        "REDIS_URL": django_settings.REDIS_URL,
        "CELERY_BROKER_URL": "memory://",
        "DATA_ROOT": str(fuzz_dirs / "data"),
        "ARTIFACTS_DIR": str(fuzz_dirs / "artifacts"),
        "DB_CONN_MAX_AGE": "0",  # no connection outlives a request (the test database is flushed and dropped)
        "METRICS_INTERVAL": "300",
        "SLUICE_WEB_SAMPLER": "0",
        "SLUICE_EMBEDDED_SCHEDULER": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "JWT_ACCESS_MINUTES": "60",
        # The fuzzer signs in with made-up names: no lockout of 127.0.0.1 (core/lockout.py).
        "SLUICE_LOGIN_FAILURE_LIMIT": "1000000",
        # A connection test or a dry run that hangs answers its documented 503 sooner.
        "SLUICE_INTERACTIVE_SECONDS": "10",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PYTEST_VERSION", None)
    env.pop("SLUICE_TEST_DB_NAME", None)
    log_path = fuzz_dirs / "daphne.log"
    proc = start_daphne(port=port, env=env, log_path=log_path)
    base = f"http://127.0.0.1:{port}"
    yield {"base": base, "log": log_path}
    stop(proc)
