"""The web process keeps its PostgreSQL connections across requests (config/asgi.py, the psycopg pool of
config/settings/runtime.py). Django keeps a persistent connection per request context under ASGI, so with
CONN_MAX_AGE alone every request opened a connection of its own (a new backend, its caches cold)."""

from __future__ import annotations

import psutil
import pytest
import requests
from django.db import connection

from tests.security.test_asgi_server import bearer  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _daphne(base: str) -> psutil.Process:
    port = int(base.rsplit(":", 1)[1])
    for c in psutil.net_connections(kind="tcp"):
        if c.status == psutil.CONN_LISTEN and c.laddr.port == port:
            return psutil.Process(c.pid)
    raise AssertionError(f"nothing listens on {port}")


def _database_ports(proc: psutil.Process, db_port: int) -> set[int]:
    """The local ports of the server's open connections to the database server."""
    return {
        c.laddr.port
        for c in proc.net_connections(kind="tcp")
        if c.raddr and c.raddr.port == db_port and c.status == psutil.CONN_ESTABLISHED
    }


def test_requests_share_a_few_database_connections(fuzz_server, bearer):  # noqa: F811
    proc, db_port = _daphne(fuzz_server["base"]), int(connection.settings_dict["PORT"] or 5432)
    seen: set[int] = set()
    for _ in range(25):
        r = requests.get(f"{fuzz_server['base']}/api/pipelines/", headers=bearer, timeout=30)
        assert r.status_code == 200, r.text[:300]
        open_now = _database_ports(proc, db_port)
        assert open_now, "no connection kept after the request"
        seen |= open_now
    assert len(seen) <= 10, f"{len(seen)} connections for 25 requests: not reused"
