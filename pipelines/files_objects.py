"""The files of ``pipelines.files`` when the data store is a bucket (``SLUICE_DATA_URL=s3://...``).

* Listing: the keys below a prefix (one paginated listing), filtered by the sharing rule as on disk.
* One-shot uploads: the bytes are streamed into the target object as they arrive (an s3fs multipart
  upload with parts of ``PART_BYTES``: memory stays bounded whatever the size); the object appears only
  when the upload completes, and an upload that fails or passes the size limit is aborted, so no partial
  object is ever visible.
* Resumable uploads: a bucket cannot append, so each chunk is an object of its own,
  ``.uploads/<uuid>/<offset, 20 digits>``, beside the state ``.uploads/<uuid>.json``; the offset is the
  sum of the contiguous chunks' sizes, and completing streams them, in order, into the target object.
  One request at a time per upload: a lock in the shared cache (Redis in production).

``.uploads/`` is hidden as on disk: no listing, inspection or file source reaches it.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from django.conf import settings
from django.core.cache import cache

from core.ids import is_digits
from pipelines.paths import FileAccess, may_open
from pipelines.stores import ObjectPath

PART_BYTES = 8 * 1024 * 1024  # the multipart upload's part size (S3's minimum is 5 MiB)
COPY_CHUNK = 1024 * 1024
LOCK_SECONDS = 600  # an upload's lock expires after this (a process that died holding it)
LOCK_WAIT_SECONDS = 30


class TooLarge(Exception):
    """More bytes than allowed arrived; what was written is gone."""

    def __init__(self, received: int):
        super().__init__(received)
        self.received = received


def walk(base: ObjectPath, root: ObjectPath, access: FileAccess) -> Iterator[tuple[str, int, float]]:
    """(relative path, size, modified timestamp) of the objects below ``base`` that ``access`` may open."""
    for relative, info in sorted(base.find().items()):
        if not may_open(tuple(relative.split("/")), access):
            continue
        modified = info.get("LastModified")
        yield relative, int(info.get("size") or 0), modified.timestamp() if modified else 0.0


@contextlib.contextmanager
def _writer(target: ObjectPath):
    """An object being written: published when the block ends, aborted (never visible) on an error."""
    out = target.open("wb", block_size=PART_BYTES)
    try:
        yield out
    except BaseException:
        out.discard()
        out.closed = True  # discarded: closing would try to publish it
        raise
    out.close()


def read_bounded(stream: BinaryIO, room: int) -> Iterator[bytes]:
    """The blocks of ``stream`` (at most COPY_CHUNK bytes each); TooLarge once more than ``room`` arrived."""
    received = 0
    while block := stream.read(min(COPY_CHUNK, room + 1 - received)):
        received += len(block)
        if received > room:
            raise TooLarge(received)
        yield block


def write_chunks(chunks: Iterable[bytes], target: ObjectPath, *, limit: int) -> int:
    """Stream ``chunks`` into the object ``target``; TooLarge (nothing written) past ``limit`` bytes."""
    written = 0
    with _writer(target) as out:
        for chunk in chunks:
            written += len(chunk)
            if written > limit:
                raise TooLarge(written)
            out.write(chunk)
    return written


# --- resumable uploads --------------------------------------------------------------------------------


class ResumableState:
    """A resumable upload's state on the bucket: ``.uploads/<key>.json`` and its chunk objects."""

    def __init__(self, root: ObjectPath, state_dir: str, key: str):
        self.meta = root / f"{state_dir}/{key}.json"
        self.chunks = root / f"{state_dir}/{key}"
        self.lock_key = f"sluice:upload-lock:{settings.SLUICE_DATA_URL}:{key}"

    def read_meta(self) -> dict[str, Any]:
        with self.meta.open("rb") as handle:
            return json.loads(handle.read())

    def write_meta(self, meta: dict[str, Any]) -> None:
        with self.meta.open("wb") as handle:
            handle.write(json.dumps(meta).encode())

    def parts(self) -> list[tuple[ObjectPath, int]]:
        """The contiguous chunks from offset 0, in order, with their sizes."""
        found = sorted(self.chunks.find().items())
        parts, offset = [], 0
        for relative, info in found:
            name = relative.rsplit("/", 1)[-1]
            if not is_digits(name) or int(name) != offset:
                break
            size = int(info.get("size") or 0)
            parts.append((ObjectPath(self.chunks.base, relative), size))
            offset += size
        return parts

    def offset(self) -> int:
        return sum(size for _, size in self.parts())

    @contextlib.contextmanager
    def locked(self):
        """One request at a time per upload, across web processes (the shared cache's atomic add)."""
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while not cache.add(self.lock_key, 1, timeout=LOCK_SECONDS):
            if time.monotonic() > deadline:
                raise TimeoutError("the upload is busy with another request")
            time.sleep(0.05)
        try:
            yield
        finally:
            cache.delete(self.lock_key)

    def append(self, stream: BinaryIO, *, at: int, room: int) -> tuple[int, bool]:
        """Write the bytes of ``stream`` as the chunk at offset ``at``: (bytes kept, whether the client's
        connection broke). TooLarge (the chunk dropped) when more than ``room`` bytes arrive."""
        received, broke = 0, False
        target = self.chunks / f"{at:020d}"
        with _writer(target) as out:
            try:
                for block in read_bounded(stream, room):
                    out.write(block)
                    received += len(block)
            except OSError:
                broke = True  # keep what arrived: the client resumes from the new offset
        if received == 0:
            target.unlink(missing_ok=True)
        return received, broke

    def publish(self, target: ObjectPath) -> None:
        """Stream the chunks, in order, into ``target`` (bounded memory), then drop the state."""
        with _writer(target) as out:
            for part, _ in self.parts():
                with part.open("rb") as handle:
                    while block := handle.read(COPY_CHUNK):
                        out.write(block)
        self.drop()

    def drop(self) -> None:
        self.chunks.remove_tree()
        self.meta.unlink(missing_ok=True)


def stale_uploads(root: ObjectPath, state_dir: str, cutoff: float) -> int:
    """Remove the resumable uploads under ``state_dir`` whose newest object is older than ``cutoff``."""
    newest: dict[str, float] = {}
    for relative, info in (root / state_dir).find().items():
        name = relative.split("/")[1]
        key = name.removesuffix(".json")
        modified = info.get("LastModified")
        newest[key] = max(newest.get(key, 0.0), modified.timestamp() if modified else 0.0)
    removed = 0
    for key, when in newest.items():
        if when < cutoff:
            ResumableState(root, state_dir, key).drop()
            removed += 1
    return removed
