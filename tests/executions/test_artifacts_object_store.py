"""Artifacts on a real S3 API (moto's server on 127.0.0.1): both layouts written, scanned lazily with
Polars' own S3 client, sized and deleted; the store URL refused at start when it cannot work."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import polars as pl
import pytest

from core.object_store import artifacts_url_problem, polars_options
from executions import artifacts

ROOT = Path(__file__).resolve().parents[2]
FRAME = pl.DataFrame({"i": list(range(5000)), "s": ["x", None] * 2500})


@pytest.fixture
def on_s3(settings, s3_server):
    bucket = s3_server.bucket("sluice-unit")
    prefix = f"run-{uuid.uuid4().hex[:8]}"
    s3_server.apply(settings, f"s3://{bucket}/{prefix}")
    return s3_server, bucket, prefix


@pytest.mark.parametrize("small", [True, False])
def test_an_artifact_round_trips_through_s3(on_s3, small):
    server, bucket, prefix = on_s3
    url = artifacts.artifact_url("key1", 7, "node", "out", 1, small=small)
    assert url == f"s3://{bucket}/{prefix}/key1/7.node.out.a1.{'arrows' if small else 'arrow'}"
    artifacts.write(url, FRAME)
    assert server.keys(bucket, prefix) == [url.removeprefix(f"s3://{bucket}/")]
    assert artifacts.scan(url).collect().equals(FRAME)
    assert artifacts.size_of(url) > 0
    artifacts.delete_execution_artifacts("key1")
    assert server.keys(bucket, prefix) == []
    assert artifacts.size_of(url) is None


def test_a_lazy_sink_writes_to_s3_and_a_scan_reads_only_what_it_needs(on_s3):
    server, bucket, prefix = on_s3
    url = artifacts.artifact_url("key2", 8, "big", "out", 2)
    lazy = pl.LazyFrame().select(pl.int_range(200_000, dtype=pl.Int64).alias("i"))
    pl.collect_all([artifacts.sink(lazy, url)])
    assert server.keys(bucket, prefix) == [f"{prefix}/key2/8.big.out.a2.arrow"]
    scanned = artifacts.scan(url)
    assert scanned.select(pl.len()).collect().item() == 200_000
    assert scanned.filter(pl.col("i") >= 199_998).collect()["i"].to_list() == [199_998, 199_999]


def test_deleting_one_execution_keeps_the_others(on_s3):
    server, bucket, prefix = on_s3
    kept = artifacts.artifact_url("keep", 1, "n", "out", 1, small=True)
    gone = artifacts.artifact_url("gone", 2, "n", "out", 1, small=True)
    artifacts.write(kept, FRAME)
    artifacts.write(gone, FRAME)
    artifacts.delete_execution_artifacts("gone")
    assert server.keys(bucket, prefix) == [f"{prefix}/keep/1.n.out.a1.arrows"]
    artifacts.delete_execution_artifacts("never-written")  # nothing there: no error


def test_a_missing_object_is_a_file_not_found_that_names_no_secret(on_s3):
    server, _, _ = on_s3
    url = artifacts.artifact_url("nothing", 1, "n", "out", 1)
    with pytest.raises(FileNotFoundError) as caught:
        artifacts.scan(url).collect()
    assert server.secret not in str(caught.value)


def test_storage_options_go_only_to_s3_urls(settings, s3_server):
    s3_server.apply(settings, "s3://b/p")
    assert artifacts.storage_options("s3://b/p/x.arrow")["aws_secret_access_key"] == s3_server.secret
    assert artifacts.storage_options("/var/artifacts/x.arrow") is None
    assert polars_options(endpoint="", key_id="", secret="", region="") is None  # the AWS chain as it is


@pytest.mark.parametrize(
    ("url", "endpoint", "problem"),
    [
        ("http://example.com/artifacts", "", "scheme 'http' is not supported"),
        ("gs://bucket/prefix", "", "scheme 'gs' is not supported"),
        ("memory://x", "", "scheme 'memory' is not supported"),
        ("s3://", "", "needs a bucket"),
        ("s3://AKIA:hunter2@bucket/p", "", "credentials in the URL are refused"),
        ("s3://bucket/p", "ftp://127.0.0.1:9000", "must be an http(s)://host"),
        ("s3://bucket/p", "http://user:pw@127.0.0.1:9000", "must be an http(s)://host"),
        ("/srv/a\x00b", "", "NUL"),
        ("  ", "", "empty"),
    ],
)
def test_store_urls_that_cannot_work_are_refused(url, endpoint, problem):
    message = artifacts_url_problem(url, endpoint=endpoint)
    assert message is not None and problem in message
    assert "hunter2" not in message and "user:pw" not in message


@pytest.mark.parametrize("url", ["/srv/sluice/artifacts", "file:///srv/a", "s3://bucket", "s3://bucket/a/b"])
def test_store_urls_that_work_are_accepted(url):
    assert artifacts_url_problem(url, endpoint="https://s3.example.com") is None


def _settings_of(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLUICE_ARTIFACTS", "ARTIFACTS_DIR"))}
    clean.pop("PYTEST_VERSION", None)
    code = "import django; django.setup(); from django.conf import settings; print(settings.ARTIFACTS_DIR)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "SLUICE_MODE": "test", "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_store_url_wins_over_the_older_artifacts_dir():
    done = _settings_of({"SLUICE_ARTIFACTS_URL": "s3://bucket/sluice", "ARTIFACTS_DIR": "/srv/old"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "s3://bucket/sluice"
    assert _settings_of({"ARTIFACTS_DIR": "/srv/old"}).stdout.strip() == "/srv/old"


def test_a_process_with_an_unsupported_store_refuses_to_start_and_says_why():
    done = _settings_of({"SLUICE_ARTIFACTS_URL": "gs://bucket/sluice", "SLUICE_ARTIFACTS_SECRET_KEY": "never-printed"})
    assert done.returncode != 0
    assert "SLUICE_ARTIFACTS_URL: the scheme 'gs' is not supported" in done.stderr
    assert "never-printed" not in done.stderr + done.stdout


def test_the_store_secret_is_hidden_from_error_pages(settings, rf):
    """Django's error reports (DEBUG pages, admin mails) list settings: the key id and secret are masked."""
    from django.views.debug import SafeExceptionReporterFilter

    settings.SLUICE_ARTIFACTS_KEY_ID = "AKIA-visible-nowhere"
    settings.SLUICE_ARTIFACTS_SECRET_KEY = "secret-visible-nowhere"
    shown = repr(SafeExceptionReporterFilter().get_safe_settings())
    assert "secret-visible-nowhere" not in shown and "AKIA-visible-nowhere" not in shown
    assert "SLUICE_ARTIFACTS_SECRET_KEY" in shown  # listed, with its value masked


def test_a_large_artifact_is_scanned_by_ranges_not_downloaded(on_s3):
    """Both writers (Polars' sink and s3fs's file) store a 24 MB artifact whole; a scan asks the server for
    byte ranges (HTTP 206) of the object rather than one download of all of it."""
    server, bucket, prefix = on_s3
    import numpy as np

    rng = np.random.default_rng(7)
    big = pl.DataFrame({"a": rng.integers(0, 2**62, 1_500_000), "b": rng.random(1_500_000)})  # incompressible
    sunk = artifacts.artifact_url("large", 1, "sunk", "out", 1)
    written = artifacts.artifact_url("large", 1, "written", "out", 1)
    pl.collect_all([artifacts.sink(big.lazy(), sunk)])
    artifacts.write(written, big)
    contents = server.client().list_objects_v2(Bucket=bucket, Prefix=prefix)["Contents"]
    assert len(contents) == 2 and all(o["Size"] > 20 * 2**20 for o in contents), contents
    expected = big.select(pl.col("a").sum(), pl.col("b").sum())
    for url in (sunk, written):
        back = artifacts.scan(url)
        assert back.select(pl.len()).collect().item() == big.height
        assert back.select(pl.col("a").sum(), pl.col("b").sum()).collect().equals(expected)
    key = sunk.removeprefix("s3:/")  # /bucket/prefix/...
    requests = [line for line in server.log_path.read_text(errors="replace").splitlines() if f"GET {key} " in line]
    assert requests and all('" 206 ' in line for line in requests), requests[:3]
