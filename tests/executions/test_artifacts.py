"""Artifacts: the two IPC layouts, on a local directory and on an fsspec file system."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from executions import artifacts

FRAME = pl.DataFrame({"i": [1, 2, 3], "s": ["a", None, "c"]})


@pytest.mark.parametrize("small", [True, False])
def test_a_written_artifact_reads_back_the_same(settings, tmp_path, small):
    settings.ARTIFACTS_DIR = str(tmp_path)
    url = artifacts.artifact_url("k", 7, "node", "out", 1, small=small)
    assert url.endswith(".arrows" if small else ".arrow")
    artifacts.write(url, FRAME)
    assert artifacts.scan(url).collect().equals(FRAME)
    assert artifacts.size_of(url) > 0
    # The layouts are what their names say: an IPC file starts with its magic, a stream does not.
    assert (Path(url).read_bytes()[:6] == b"ARROW1") is not small
    artifacts.delete_execution_artifacts("k")
    assert artifacts.size_of(url) is None


def test_a_small_artifact_on_an_fsspec_file_system(settings):
    settings.ARTIFACTS_DIR = "memory://sluice-test-artifacts"
    url = artifacts.artifact_url("k", 7, "node", "out", 1, small=True)
    artifacts.write(url, FRAME)
    assert artifacts.scan(url).collect().equals(FRAME)
    assert artifacts.size_of(url) > 0
    artifacts.delete_execution_artifacts("k")
    assert artifacts.size_of(url) is None
