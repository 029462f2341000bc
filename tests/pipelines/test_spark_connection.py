"""The spark connection kind without a cluster: its config (a Spark Connect URL, an allowlist of session
settings, a token secret) refuses hostile values, the SSRF guard of HTTP connections holds for its host,
only admins lift it, and a server that refuses or never answers gives a clear message within the bound.
The tests against a real Spark cluster are in tests/e2e/test_spark_connection.py."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import pytest
from django.core.exceptions import ValidationError

from pipelines.connectors import connection_config_schema, connection_validate_config
from pipelines.connectors.spark import spark_connection_test
from pipelines.connectors.spark_config import ALLOWED_SETTINGS, parse_spark_config, parse_spark_url
from pipelines.crypto import encrypt_json
from pipelines.models import Connection
from tests import factories

TOKEN = "spark-token-canary-7c1e"


def _conn(config: dict, secrets: dict | None = None, **extra) -> Connection:
    return factories.ConnectionFactory(
        kind="spark",
        config=config,
        encrypted_secrets=encrypt_json(secrets) if secrets else "",
        secret_keys=sorted(secrets or {}),
        **extra,
    )


# --- config ------------------------------------------------------------------------------------------


def test_schema_of_the_kind():
    schema = connection_config_schema("spark")
    assert schema["secrets"] == ["token"]
    assert schema["config_schema"]["required"] == ["url"]
    assert {"url", "use_ssl", "database", "settings", "driver_settings", "allow_private_network"} == set(
        schema["config_schema"]["properties"]
    )


@pytest.mark.parametrize(
    ("url", "host", "port"),
    [
        ("sc://spark.example.com", "spark.example.com", 15002),
        ("sc://spark.example.com:443/", "spark.example.com", 443),
        ("sc://10.1.2.3:15003", "10.1.2.3", 15003),
        ("sc://[2001:db8::1]:15002", "2001:db8::1", 15002),
        ("spark://spark-master.example.com", "spark-master.example.com", 7077),
        ("spark://10.1.2.3:7078/", "10.1.2.3", 7078),
        ("spark://[2001:db8::1]", "2001:db8::1", 7077),
    ],
)
def test_good_urls(url, host, port):
    assert parse_spark_url(url) == (host, port)


def test_good_config_is_normalised():
    parsed = parse_spark_config(
        {
            "url": "sc://spark.example.com:15002",
            "use_ssl": True,
            "database": "sales",
            "settings": {
                "spark.sql.shuffle.partitions": 8,
                "spark.sql.ansi.enabled": True,
                "spark.sql.session.timeZone": "Europe/Paris",
                "spark.sql.autoBroadcastJoinThreshold": "64M",
                "spark.sql.legacy.timeParserPolicy": "corrected",
            },
        }
    )
    assert parsed.settings == {
        "spark.sql.shuffle.partitions": "8",
        "spark.sql.ansi.enabled": "true",
        "spark.sql.session.timeZone": "Europe/Paris",
        "spark.sql.autoBroadcastJoinThreshold": "64m",
        "spark.sql.legacy.timeParserPolicy": "CORRECTED",
    }
    connection_validate_config(kind="spark", config=parsed.model_dump(), secrets={"token": "t"})


@pytest.mark.parametrize(
    ("config", "secrets", "fragment"),
    [
        ({}, {}, "url"),
        ({"url": "spark://169.254.169.254"}, {}, "cloud metadata"),
        ({"url": "spark://169.254.169.254:7077"}, {}, "cloud metadata"),
        ({"url": "spark://metadata.google.internal:7077"}, {}, "cloud metadata"),
        ({"url": "spark://[::ffff:169.254.169.254]"}, {}, "cloud metadata"),
        ({"url": "spark://user:pw@master.example.com:7077"}, {}, "credentials"),
        ({"url": "spark://master.example.com:7077/some/path"}, {}, "no path"),
        ({"url": "spark://master.example.com:7077?spark.jars=/tmp/evil.jar"}, {}, "parameters"),
        ({"url": "spark://master.example.com:7077#x"}, {}, "parameters"),
        ({"url": "spark://a.example.com:7077,b.example.com:7077"}, {}, "one master"),
        ({"url": "spark://master example.com:7077"}, {}, "spark://host"),
        ({"url": "spark://master.example.com:7077 --conf x"}, {}, "spark://host"),
        ({"url": "spark://-x.example.com"}, {}, "spark://host"),
        ({"url": "spark://master.example.com:99999"}, {}, "1-65535"),
        ({"url": "spark://" + "m" * 400}, {}, "300"),
        ({"url": "local[*]"}, {}, "scheme 'none'"),
        ({"url": "local"}, {}, "scheme 'none'"),
        ({"url": "yarn"}, {}, "scheme 'none'"),
        ({"url": "k8s://https://kube.example.com:6443"}, {}, "scheme 'k8s'"),
        ({"url": "mesos://m.example.com:5050"}, {}, "scheme 'mesos'"),
        ({"url": "spark://m.example.com"}, {"token": "t"}, "takes no token"),
        ({"url": "sc://h", "driver_settings": {"spark.driver.memory": "1g"}}, {}, "only to a standalone master"),
        ({"url": "spark://m", "driver_settings": {"spark.jars": "/tmp/evil.jar"}}, {}, "not a driver setting"),
        ({"url": "spark://m", "driver_settings": {"spark.driver.extraJavaOptions": "-Dx"}}, {}, "not a driver setting"),
        ({"url": "spark://m", "driver_settings": {"spark.master": "local"}}, {}, "not a driver setting"),
        ({"url": "spark://m", "driver_settings": {"spark.driver.memory": "1g -Dx=y"}}, {}, "memory size"),
        ({"url": "spark://m", "driver_settings": {"spark.driver.memory": "10m"}}, {}, "from 256m"),
        ({"url": "spark://m", "driver_settings": {"spark.driver.memory": "999g"}}, {}, "from 256m"),
        ({"url": "spark://m", "driver_settings": {"spark.cores.max": 0}}, {}, "whole number"),
        ({"url": "http://spark.example.com:15002"}, {}, "scheme 'http'"),
        ({"url": "grpc://spark.example.com"}, {}, "scheme 'grpc'"),
        ({"url": "spark.example.com:15002"}, {}, "scheme 'none'"),
        ({"url": "sc://user:pw@spark.example.com"}, {}, "credentials"),
        ({"url": "sc://spark.example.com/;token=abc"}, {}, "parameters"),
        ({"url": "sc://spark.example.com/;use_ssl=false"}, {}, "parameters"),
        ({"url": "sc://spark.example.com?x=1"}, {}, "parameters"),
        ({"url": "sc://spark.example.com#f"}, {}, "parameters"),
        ({"url": "sc://spark.example.com/some/path"}, {}, "no path"),
        ({"url": "sc://spark.example.com:0"}, {}, "1-65535"),
        ({"url": "sc://spark.example.com:70000"}, {}, "1-65535"),
        ({"url": "sc://spark example.com"}, {}, "sc://host"),
        ({"url": "sc://spark.example.com\n:15002"}, {}, "sc://host"),
        ({"url": "sc://-bad-.example.com"}, {}, "sc://host"),
        ({"url": "sc://[1::2::3]:1"}, {}, "IPv6"),
        ({"url": "sc://" + "a" * 400}, {}, "300"),
        ({"url": "sc://169.254.169.254:15002"}, {}, "cloud metadata"),
        ({"url": "sc://metadata.google.internal"}, {}, "cloud metadata"),
        ({"url": "sc://[::ffff:169.254.169.254]"}, {}, "cloud metadata"),
        ({"url": "sc://h", "database": "x; DROP DATABASE y"}, {}, "database"),
        ({"url": "sc://h", "database": "a.b"}, {}, "database"),
        ({"url": "sc://h", "settings": {"spark.jars": "/tmp/evil.jar"}}, {}, "not a setting"),
        ({"url": "sc://h", "settings": {"spark.sql.extensions": "x.Evil"}}, {}, "not a setting"),
        ({"url": "sc://h", "settings": {"spark.hadoop.fs.s3a.secret.key": "k"}}, {}, "not a setting"),
        ({"url": "sc://h", "settings": {"spark.master": "local"}}, {}, "not a setting"),
        ({"url": "sc://h", "settings": {"spark.sql.shuffle.partitions": 0}}, {}, "1 to 100000"),
        ({"url": "sc://h", "settings": {"spark.sql.shuffle.partitions": "8; x"}}, {}, "whole number"),
        ({"url": "sc://h", "settings": {"spark.sql.ansi.enabled": "yes"}}, {}, "true or false"),
        ({"url": "sc://h", "settings": {"spark.sql.session.timeZone": "UTC'--"}}, {}, "time zone"),
        ({"url": "sc://h", "settings": {"spark.sql.files.maxPartitionBytes": "1tb"}}, {}, "byte size"),
        ({"url": "sc://h", "settings": {f"k{i}": "1" for i in range(40)}}, {}, "at most 32"),
        ({"url": "sc://h", "settings": ["spark.sql.ansi.enabled"]}, {}, "settings"),
        ({"url": "sc://h", "user": "root"}, {}, "user"),
        ({"url": "sc://h"}, {"password": "p"}, "Unknown secrets"),
        ({"url": "sc://h"}, {"token": 42}, "token"),
    ],
)
def test_hostile_configs_are_refused(config, secrets, fragment):
    with pytest.raises(ValidationError) as info:
        connection_validate_config(kind="spark", config=config, secrets=secrets)
    assert fragment in " ".join(info.value.message_dict["config"])


def test_settings_allowlist_is_runtime_sql_only():
    assert all(key.startswith("spark.sql.") for key in ALLOWED_SETTINGS)


def test_a_master_config_with_driver_settings_is_normalised():
    parsed = parse_spark_config(
        {
            "url": "spark://spark-master.example.com",
            "driver_settings": {"spark.driver.memory": "2G", "spark.cores.max": 4},
        }
    )
    assert parsed.is_master and (parsed.host, parsed.port) == ("spark-master.example.com", 7077)
    assert parsed.driver_settings == {"spark.driver.memory": "2g", "spark.cores.max": "4"}
    assert not parse_spark_config({"url": "sc://h"}).is_master


# --- the SSRF guard and who may lift it ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "sc://127.0.0.1:15002",
        "sc://localhost:15002",
        "sc://10.0.0.5",
        "sc://[::1]:1",
        "spark://127.0.0.1:7077",
        "spark://localhost",
        "spark://10.0.0.5:7077",
        "spark://[::1]:7077",
    ],
)
def test_private_hosts_are_refused_before_any_connection(url):
    """A master's host passes the same guard before any driver is started for it."""
    started = time.monotonic()
    result = spark_connection_test(connection=_conn({"url": url}), timeout=5)
    assert result["ok"] is False
    assert "private network sources are disabled" in result["message"]
    assert time.monotonic() - started < 1


@pytest.mark.django_db
def test_only_admins_lift_the_guard(client_for, editor, staff, settings):
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = False
    body = {"name": "Lab Spark", "kind": "spark", "config": {"url": "sc://10.0.0.5", "allow_private_network": True}}
    refused = client_for(editor).post("/api/connections/", body, format="json")
    assert refused.status_code == 403, refused.json()
    assert "allow_private_network" in str(refused.json())
    public = client_for(editor).post(
        "/api/connections/",
        {"name": "Spark", "kind": "spark", "config": {"url": "sc://spark.example.com"}, "secrets": {"token": TOKEN}},
        format="json",
    )
    assert public.status_code == 201, public.json()
    assert TOKEN not in public.content.decode()
    stored = Connection.objects.get(pk=public.json()["id"])
    assert stored.secrets == {"token": TOKEN} and TOKEN not in stored.encrypted_secrets
    lab = client_for(staff).post("/api/connections/", body, format="json")
    assert lab.status_code == 201, lab.json()


@pytest.mark.django_db
def test_hostile_config_through_the_api_is_a_400(client_for, editor):
    response = client_for(editor).post(
        "/api/connections/",
        {"name": "S", "kind": "spark", "config": {"url": "sc://u:p@spark.example.com/;token=x"}},
        format="json",
    )
    assert response.status_code == 400
    assert "config" in response.json()


# --- bounded failures -----------------------------------------------------------------------------------


@pytest.fixture
def pyspark_loaded():
    """The Spark Connect client imported before a test times anything (its first import takes ~1 s)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        import pyspark.sql.connect.session  # noqa: F401


@pytest.fixture
def silent_server():
    """A TCP port on 127.0.0.1 that accepts connections and never says a word (a hung server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                accepted.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(2)
    for sock in [*accepted, listener]:
        sock.close()


@pytest.mark.django_db
def test_a_server_that_never_answers_ends_within_the_bound(silent_server, pyspark_loaded):
    connection = _conn({"url": f"sc://127.0.0.1:{silent_server}", "allow_private_network": True}, {"token": TOKEN})
    started = time.monotonic()
    result = spark_connection_test(connection=connection, timeout=2)
    elapsed = time.monotonic() - started
    assert result["ok"] is False
    assert elapsed < 5, elapsed
    assert f"127.0.0.1:{silent_server} did not answer within 2 s" in result["message"]
    assert TOKEN not in result["message"]


@pytest.mark.django_db
def test_a_refused_port_is_a_clear_error_within_the_bound(pyspark_loaded):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    connection = _conn({"url": f"sc://127.0.0.1:{port}", "allow_private_network": True}, {"token": TOKEN})
    started = time.monotonic()
    result = spark_connection_test(connection=connection, timeout=10)
    assert time.monotonic() - started < 10
    assert result["ok"] is False and result["server_version"] is None
    assert f"The Spark Connect server at 127.0.0.1:{port} cannot be reached" in result["message"]
    assert TOKEN not in result["message"]


@pytest.mark.django_db
def test_a_token_is_not_sent_in_clear_text_to_a_network_host(settings, pyspark_loaded):
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = True
    # 192.0.2.0/24 is TEST-NET-1: nothing answers there, and nothing is tried: the refusal comes first.
    started = time.monotonic()
    result = spark_connection_test(connection=_conn({"url": "sc://192.0.2.10:15002"}, {"token": TOKEN}), timeout=5)
    assert result["ok"] is False
    assert "A token is sent only over TLS" in result["message"]
    assert time.monotonic() - started < 1


# --- the server-rendered form ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_form_creates_a_spark_connection_and_refuses_a_hostile_url(client, editor):
    from django.urls import reverse

    client.force_login(editor)
    url = reverse("pipelines:connection_create") + "?kind=spark"
    form = client.get(url).content.decode()
    for name in (
        "config_url",
        "config_use_ssl",
        "config_database",
        "config_settings",
        "config_driver_settings",
        "secret_token",
    ):
        assert f'name="{name}"' in form
    assert "spark://host:port" in form  # the url's help text names both kinds of URL
    bad = client.post(url, {"kind": "spark", "name": "Bad", "config_url": "spark://169.254.169.254"})
    assert bad.status_code == 400
    assert "cloud metadata" in bad.content.decode()
    assert not Connection.objects.filter(kind="spark").exists()
    good = client.post(
        url,
        {
            "kind": "spark",
            "name": "Warehouse Spark",
            "config_url": "sc://spark.example.com:15002",
            "config_use_ssl": "on",
            "config_settings": '{"spark.sql.shuffle.partitions": 16}',
            "secret_token": TOKEN,
        },
    )
    assert good.status_code == 302, good.content.decode()[:2000]
    connection = Connection.objects.get(kind="spark")
    assert connection.config["url"] == "sc://spark.example.com:15002" and connection.config["use_ssl"] is True
    assert connection.config["settings"] == {"spark.sql.shuffle.partitions": 16}
    assert connection.secrets == {"token": TOKEN}
    assert TOKEN not in client.get(reverse("pipelines:connection_detail", args=[connection.pk])).content.decode()


@pytest.mark.django_db
def test_the_django_admin_checks_a_spark_connection_like_the_api(admin_client, editor):
    import json

    def form(config: dict, secrets: str = "") -> dict:
        return {
            "name": "Spark",
            "slug": "spark",
            "kind": "spark",
            "description": "",
            "config": json.dumps(config),
            "owner": editor.pk,
            "set_secrets": secrets,
        }

    hostile = admin_client.post(
        "/admin/pipelines/connection/add/", form({"url": "sc://spark.example.com/;token=zz-not-shown-zz"})
    )
    assert hostile.status_code == 200
    assert "must not carry parameters" in hostile.content.decode()
    assert not Connection.objects.exists()
    added = admin_client.post(
        "/admin/pipelines/connection/add/",
        form({"url": "sc://10.0.0.5:15002", "allow_private_network": True}, json.dumps({"token": TOKEN})),
    )
    assert added.status_code == 302  # an admin may lift the guard
    connection = Connection.objects.get(slug="spark")
    assert connection.secrets == {"token": TOKEN}
    page = admin_client.get(f"/admin/pipelines/connection/{connection.pk}/change/").content.decode()
    assert TOKEN not in page and "token" in page


# --- the local driver's supervisor (a stand-in process for the JVM) ------------------------------------------


def _supervised(tmp_path, *, idle: int):
    import json
    import subprocess
    import sys
    from pathlib import Path

    from pipelines.connectors.spark_driver import _write_private

    key = "k" * 20
    state = tmp_path / f"{key}.json"
    spec = {
        "args": [sys.executable, "-c", "import time; time.sleep(120)"],
        "env": {},
        "cwd": str(tmp_path),
        "log": str(tmp_path / "driver.log"),
        "use": str(tmp_path / f"{key}.use"),
        "lock": str(tmp_path / f"{key}.lock"),
        "state": str(state),
        "jvm": str(tmp_path / f"{key}.jvm"),
        "idle": idle,
    }
    (tmp_path / f"{key}.use").touch()
    (tmp_path / key / "logs").mkdir(parents=True)
    _write_private(tmp_path / f"{key}.spec", json.dumps(spec))
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "pipelines.connectors.spark_driver", "supervise", str(tmp_path / f"{key}.spec")],
        cwd=Path(__file__).resolve().parents[2],
        start_new_session=True,
    )
    _write_private(state, json.dumps({"pid": supervisor.pid}))
    return supervisor, key


def test_the_driver_supervisor_stops_after_its_idle_time_but_not_during_a_session(tmp_path):
    import psutil

    from pipelines.connectors.spark_driver import Driver, _kill_group

    supervisor, key = _supervised(tmp_path, idle=3)
    try:
        deadline = time.monotonic() + 10
        while not (tmp_path / f"{key}.jvm").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        jvm = int((tmp_path / f"{key}.jvm").read_text())
        driver = Driver(key=key, port=1, token="t", pid=supervisor.pid, root=tmp_path)
        with driver.lease():  # a session longer than the idle time holds it
            time.sleep(6)
            assert supervisor.poll() is None and psutil.pid_exists(jvm)
        started = time.monotonic()
        supervisor.wait(timeout=10)  # idle again: it stops its process and itself, and forgets its state
        assert time.monotonic() - started > 2
        assert not psutil.pid_exists(jvm) or psutil.Process(jvm).status() == psutil.STATUS_ZOMBIE
        assert not (tmp_path / f"{key}.json").exists() and not (tmp_path / f"{key}.spec").exists()
        assert not (tmp_path / key).exists()
    finally:
        _kill_group(supervisor.pid, timeout=2)
