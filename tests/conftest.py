"""Suite-wide fixtures. The suite runs against the real PostgreSQL and Redis named by
DATABASE_URL and REDIS_URL (defaults: 127.0.0.1); it stops at once, naming the
variable, when either is unreachable."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

import pytest
from rest_framework.test import APIClient

from tests import factories


def _reachable(url: str, default_port: int) -> tuple[bool, str]:
    parsed = urlparse(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or default_port
    try:
        with socket.create_connection((host, port), timeout=3):
            return True, f"{host}:{port}"
    except OSError as exc:
        return False, f"{host}:{port} ({exc})"


# The xdist groups whose tests share one expensive server per xdist worker: the Spark cluster (four JVMs),
# the generated TPC-H data, the S3 server, the restarted worker. Under pytest 9, xdist 3.8's loadgroup marks
# no test (it renames ``item._nodeid``, which pytest 9 no longer reads: the node id is ``item._id``), so each
# xdist worker ran its own of each, two Spark clusters starting at once on two cores. The group is put in
# the node id here, as xdist means to. Not the ``celery`` group (most e2e and every browser test): its
# shared Celery workers are cheap to start per xdist worker, and those tests are too large a share of the
# suite to run on one worker.
_SHARED_GROUPS = {"spark", "tpch", "object-store", "restarts"}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import coerce_node_id

    for item in items:
        marks = item.iter_markers("xdist_group")
        groups = {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in marks}
        if groups & _SHARED_GROUPS and "@" not in item.nodeid:
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(sorted(groups))}")


def pytest_sessionstart(session):
    from django.conf import settings

    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        pytest.exit(f"DATABASE_URL must point at PostgreSQL for the test suite (got {db['ENGINE']})", returncode=3)
    ok, where = _reachable(f"postgres://{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}", 5432)
    if not ok:
        pytest.exit(f"PostgreSQL is unreachable at {where}: set DATABASE_URL to a reachable server", returncode=3)
    ok, where = _reachable(settings.REDIS_URL, 6379)
    if not settings.REDIS_URL or not ok:
        pytest.exit(f"Redis is unreachable at {where}: set REDIS_URL to a reachable server", returncode=3)


@pytest.fixture(autouse=True)
def _isolated_dirs(settings, tmp_path):
    """Every test gets its own DATA_ROOT and ARTIFACTS_DIR."""
    settings.DATA_ROOT = tmp_path / "data"
    settings.DATA_ROOT.mkdir()
    settings.ARTIFACTS_DIR = str(tmp_path / "artifacts")


@pytest.fixture
def user(db):
    return factories.UserFactory(role="editor")


@pytest.fixture
def viewer(db):
    return factories.UserFactory(role="viewer")


@pytest.fixture
def editor(db):
    return factories.UserFactory(role="editor")


@pytest.fixture
def operator(db):
    return factories.UserFactory(role="operator")


@pytest.fixture
def staff(db):
    return factories.UserFactory(is_staff=True)


@pytest.fixture
def no_worker_reports(db):
    """No worker and no host sample but the test's own. The e2e session's real Celery workers report into this
    same database (a committed roster row and host sample every METRICS_INTERVAL, from their own connection),
    so a test that reads the roster or the samples whole starts by removing them, inside its transaction."""
    from monitoring.models import MetricSample, Worker

    Worker.objects.all().delete()
    MetricSample.objects.all().delete()


@pytest.fixture
def api():
    """An APIClient; call ``api.force_authenticate(user)`` or use ``client_for``."""
    return APIClient()


@pytest.fixture
def client_for():
    def make(user) -> APIClient:
        c = APIClient()
        c.force_authenticate(user)
        return c

    return make


os.environ.setdefault("SLUICE_TEST", "1")


@pytest.fixture(scope="session", autouse=True)
def _flush_survives_a_deadlock():
    """Tests with committed data end with a flush (one TRUNCATE of every table). A live server or worker
    of the test may still be finishing a request the browser or the test set off (a page's partials, a
    socket's reads) inside a transaction; PostgreSQL then picks the TRUNCATE as a deadlock's victim. The
    flush is tried again: what it waits for ends within moments."""
    import time

    from django.core.management.base import CommandError
    from django.core.management.commands import flush

    original = flush.Command.handle

    def handle(self, **options):
        for attempt in range(5):
            try:
                return original(self, **options)
            except CommandError as exc:
                if attempt == 4 or "deadlock detected" not in str(exc.__cause__ or ""):
                    raise
                time.sleep(0.2 * (attempt + 1))
        return None

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


@pytest.fixture(scope="session")
def spark_cluster(tmp_path_factory):
    """A real Spark standalone cluster on 127.0.0.1 (one master, two workers, a Spark Connect server; see
    tests/spark_cluster.py), started the first time a test asks for it and shared by the session's tests
    on this xdist worker (keep them in one ``xdist_group("spark")``). Its tests are ``e2e``. Its Connect
    server requires ``cluster.token`` (a connection's ``token`` secret)."""
    import secrets

    from tests.spark_cluster import SparkCluster

    token = "spark-canary-" + secrets.token_hex(12)
    # Up to five minutes to start: four JVMs on two cores took over the default two on a loaded CI machine.
    with SparkCluster.started(root=tmp_path_factory.mktemp("spark"), token=token, timeout=300) as cluster:
        # A fresh Connect server takes its first session slowly (8 s quiet, over the connection test's
        # 20 s bound on a loaded CI machine): one session here, unbounded by the tests' own timeouts.
        from types import SimpleNamespace

        from pipelines.connectors.spark import spark_session

        warm = SimpleNamespace(
            config={"url": cluster.connect_url, "allow_private_network": True}, secrets={"token": token}
        )
        with spark_session(warm, timeout=180) as session:
            session.sql("SELECT 1").collect()
        yield cluster


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A real S3 API (moto's server mode) on 127.0.0.1, one per test session (tests/s3_server.py)."""
    from tests.s3_server import S3Server

    server = S3Server(log_path=tmp_path_factory.mktemp("s3") / "moto.log")
    server.start()
    yield server
    server.stop()
