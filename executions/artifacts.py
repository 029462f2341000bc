"""Step outputs as Arrow IPC files under ARTIFACTS_DIR/<execution artifact key>/.

ARTIFACTS_DIR is a local directory or any fsspec URL (``s3://bucket/prefix``)
that Polars can scan, so workers on several machines can share an object store.
Every artifact name carries the step attempt, so a zombie attempt never
overwrites the file of a newer one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import fsspec
import polars as pl
from django.conf import settings


def _base() -> str:
    return str(settings.ARTIFACTS_DIR).rstrip("/")


def is_local(url: str) -> bool:
    return "://" not in url or url.startswith("file://")


def execution_dir(artifact_key) -> str:
    return f"{_base()}/{artifact_key}"


def artifact_url(artifact_key, execution_id: int, node_key: str, port: str, attempt: int) -> str:
    """A retry shares its parent's directory (to reuse its artifacts), so names carry the execution."""
    url = f"{execution_dir(artifact_key)}/{execution_id}.{node_key}.{port}.a{attempt}.arrow"
    if is_local(url):
        Path(url.removeprefix("file://")).parent.mkdir(parents=True, exist_ok=True)
    return url


def scan(url: str) -> pl.LazyFrame:
    return pl.scan_ipc(url)


def write(url: str, frame: pl.DataFrame) -> None:
    """Write an in-memory frame as the artifact at ``url`` (what a lazy ``sink_ipc`` writes)."""
    if is_local(url):
        frame.write_ipc(url.removeprefix("file://"), compression="lz4")
        return
    with fsspec.open(url, "wb") as out:
        frame.write_ipc(out, compression="lz4")


def size_of(url: str) -> int | None:
    try:
        if is_local(url):
            return os.stat(url.removeprefix("file://")).st_size
        fs, path = fsspec.core.url_to_fs(url)
        return int(fs.size(path))
    except (FileNotFoundError, OSError):
        return None


def delete_execution_artifacts(artifact_key) -> None:
    url = execution_dir(artifact_key)
    if is_local(url):
        shutil.rmtree(url.removeprefix("file://"), ignore_errors=True)
        return
    fs, path = fsspec.core.url_to_fs(url)
    if fs.exists(path):
        fs.rm(path, recursive=True)
