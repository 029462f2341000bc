"""Step outputs as Arrow IPC files under the artifact store: ARTIFACTS_DIR/<execution artifact key>/.

The store (settings.ARTIFACTS_DIR, from SLUICE_ARTIFACTS_URL) is a local directory or an S3 bucket
(``s3://bucket/prefix``), so that workers on several machines share step outputs with nothing else
shared. On S3, Polars reads and writes the artifacts itself (``scan_ipc``/``sink_ipc`` with
``storage_options``: no download first); s3fs lists, sizes and deletes them and carries the small
streams. The store's options (endpoint, key id, secret, region) come from settings and go nowhere else.
Every artifact name carries the step attempt, so a zombie attempt never overwrites the file of a newer one.

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

import polars as pl
from django.conf import settings

from core import stores


def _base() -> str:
    return str(settings.ARTIFACTS_DIR).rstrip("/")


is_local = stores.is_local
_is_s3 = stores.is_s3


def _store() -> stores.StoreOptions:
    return stores.StoreOptions(
        endpoint=settings.SLUICE_ARTIFACTS_ENDPOINT_URL,
        key_id=settings.SLUICE_ARTIFACTS_KEY_ID,
        secret=settings.SLUICE_ARTIFACTS_SECRET_KEY,
        region=settings.SLUICE_ARTIFACTS_REGION,
    )


def storage_options(url: str) -> dict[str, str] | None:
    """Polars' ``storage_options`` for ``url``: the store's on S3, none elsewhere."""
    return _store().polars(url)


def _fs(url: str):
    """The fsspec file system and path of a remote ``url`` (s3fs with the store's options on S3)."""
    return _store().filesystem(url)


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
    """The artifact as a LazyFrame: an IPC file is scanned (on S3 by Polars itself, reading only the
    ranges a query needs), a (small) IPC stream read whole."""
    if not _is_stream(url):
        return pl.scan_ipc(url, storage_options=storage_options(url))
    if is_local(url):
        return pl.read_ipc_stream(url.removeprefix("file://")).lazy()
    fs, path = _fs(url)
    with fs.open(path, "rb") as source:
        return pl.read_ipc_stream(source.read()).lazy()


def sink(frame: pl.LazyFrame, url: str) -> pl.LazyFrame:
    """A lazy sink of ``frame`` into the IPC file at ``url``, collected with the group's other queries."""
    return frame.sink_ipc(url, compression="lz4", lazy=True, storage_options=storage_options(url))


def write(url: str, frame: pl.DataFrame) -> None:
    """Write an in-memory frame as the artifact at ``url``: an IPC stream for a ``.arrows`` URL (see
    the module's docstring), else an IPC file (what a lazy ``sink_ipc`` writes)."""
    writer = pl.DataFrame.write_ipc_stream if _is_stream(url) else pl.DataFrame.write_ipc
    if is_local(url):
        writer(frame, url.removeprefix("file://"), compression="lz4")
        return
    fs, path = _fs(url)
    with fs.open(path, "wb") as out:
        writer(frame, out, compression="lz4")


def size_of(url: str) -> int | None:
    try:
        if is_local(url):
            return os.stat(url.removeprefix("file://")).st_size
        fs, path = _fs(url)
        return int(fs.size(path))
    except (FileNotFoundError, OSError):
        return None


def delete_execution_artifacts(artifact_key) -> None:
    """Remove an execution's artifacts (every retry sharing its directory): the local directory, or
    every object under its prefix."""
    url = execution_dir(artifact_key)
    if is_local(url):
        shutil.rmtree(url.removeprefix("file://"), ignore_errors=True)
        return
    fs, path = _fs(url)
    if fs.exists(path):
        fs.rm(path, recursive=True)
    fs.invalidate_cache(path)
