"""Step outputs as Arrow IPC files under ARTIFACTS_DIR/<execution artifact key>/.

ARTIFACTS_DIR is a local directory or any fsspec URL (``s3://bucket/prefix``)
that Polars can scan, so workers on several machines can share an object store.
Every artifact name carries the step attempt, so a zombie attempt never
overwrites the file of a newer one.

Two layouts of the same Arrow IPC data: outputs sunk lazily are IPC *files* (``.arrow``), which
Polars scans lazily; small outputs written whole from memory (see ``engine.running.EAGER_MAX_ROWS``) are
IPC *streams* (``.arrows``), read back whole. Polars writes an IPC file through its streaming sink,
which costs ~0.3 ms to start even for one row, while the stream writer takes tens of microseconds;
for the small frames of a chain of steps that was a sixth of a step's cost.
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


def artifact_url(
    artifact_key, execution_id: int, node_key: str, port: str, attempt: int, *, small: bool = False
) -> str:
    """A retry shares its parent's directory (to reuse its artifacts), so names carry the execution.
    ``small``: an output that ``write`` will write whole (an IPC stream, ``.arrows``)."""
    suffix = "arrows" if small else "arrow"
    url = f"{execution_dir(artifact_key)}/{execution_id}.{node_key}.{port}.a{attempt}.{suffix}"
    if is_local(url):
        Path(url.removeprefix("file://")).parent.mkdir(parents=True, exist_ok=True)
    return url


def _is_stream(url: str) -> bool:
    return url.endswith(".arrows")


def scan(url: str) -> pl.LazyFrame:
    """The artifact as a LazyFrame: an IPC file is scanned, a (small) IPC stream read whole."""
    if not _is_stream(url):
        return pl.scan_ipc(url)
    if is_local(url):
        return pl.read_ipc_stream(url.removeprefix("file://")).lazy()
    with fsspec.open(url, "rb") as source:
        return pl.read_ipc_stream(source.read()).lazy()


def write(url: str, frame: pl.DataFrame) -> None:
    """Write an in-memory frame as the artifact at ``url``: an IPC stream for a ``.arrows`` URL (see
    the module's docstring), else an IPC file (what a lazy ``sink_ipc`` writes)."""
    writer = pl.DataFrame.write_ipc_stream if _is_stream(url) else pl.DataFrame.write_ipc
    if is_local(url):
        writer(frame, url.removeprefix("file://"), compression="lz4")
        return
    with fsspec.open(url, "wb") as out:
        writer(frame, out, compression="lz4")


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
