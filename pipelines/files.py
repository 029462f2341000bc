"""Files under DATA_ROOT: listing, uploads (one-shot and resumable) and inspection (format and schema).

Uploads land in the uploader's own area, ``DATA_ROOT/uploads/<user id>/`` (optionally a sub-directory), and
pipelines reference them by path (``source.file`` with ``path: uploads/7/sales.csv``). Who may list, inspect,
read and overwrite what is the sharing rule of ``pipelines.paths`` (docs/files.md): every function here takes
the reader's ``FileAccess`` (or the user) and asks ``resolve_data_path``. A resumable upload keeps its state
beside the data, ``DATA_ROOT/.uploads/<uuid>.json`` (owner, name, declared size) and ``<uuid>.part`` (the bytes
so far: its length is the offset), so it survives restarts and needs no table. Bytes are always streamed to disk in
chunks, never held whole in memory, and a file appears under ``uploads/`` only once complete (a rename).
``.uploads/`` is hidden: no listing, inspection or file source ever reaches it.

Errors are Django ``ValidationError``s keyed by the request field (the API turns them into 400s);
``UploadNotFound`` (unknown id, or another user's) and ``UploadOffsetConflict`` are separate.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import time
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError

from core.ids import is_digits
from pipelines import files_objects, interactive
from pipelines.nodes.base import BuildContext, NodeError, schema_to_json
from pipelines.nodes.sources.file import FileSource, detect_format, file_schema
from pipelines.paths import (
    UNRESTRICTED,
    FileAccess,
    UnsafePathError,
    as_access,
    check_object_key,
    data_root,  # noqa: F401  (re-exported: callers name files.data_root)
    file_access_for,
    may_open,
    resolve_data_path,
    user_area,
)
from pipelines.stores import ObjectPath, store_root

log = logging.getLogger(__name__)

UPLOADS_DIR = "uploads"
STATE_DIR = ".uploads"
MAX_FILENAME_BYTES = 200
MAX_LISTED = 100_000  # files one listing walks at most
INSPECT_ROWS = 1000  # rows read to show what an uploaded file holds
COPY_CHUNK = 1024 * 1024
DEFAULT_CHUNK_MAX = 16 * 1024 * 1024


class UploadNotFound(Exception):
    """No such resumable upload for this user."""


class UploadOffsetConflict(Exception):
    """A chunk was sent for another offset than the upload's current one."""

    def __init__(self, offset: int):
        super().__init__(f"The upload is at offset {offset}; send the chunk that starts there.")
        self.offset = offset


def chunk_max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_CHUNK_MAX_BYTES", DEFAULT_CHUNK_MAX))


# --- names and places -------------------------------------------------------------------------------


def filename_clean(*, name: str) -> str:
    """A safe file name (unicode is fine), or ValidationError on "filename"."""
    if not isinstance(name, str):
        raise ValidationError({"filename": ["A file name is required."]})
    clean = unicodedata.normalize("NFC", name).strip()
    if not clean:
        raise ValidationError({"filename": ["A file name is required."]})
    if "/" in clean or "\\" in clean or clean in (".", ".."):
        raise ValidationError({"filename": ["The file name may not contain path separators."]})
    if clean.startswith("."):
        raise ValidationError({"filename": ["The file name may not start with a dot."]})
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in clean):
        raise ValidationError({"filename": ["The file name may not contain control characters."]})
    if len(clean.encode("utf-8")) > MAX_FILENAME_BYTES:
        raise ValidationError({"filename": [f"The file name is longer than {MAX_FILENAME_BYTES} bytes."]})
    return clean


def _directory_parts(directory: str) -> list[str]:
    return [p for p in (directory or "").replace("\\", "/").strip().split("/") if p]


def _upload_target(
    *, user: AbstractBaseUser, directory: str, filename: str, overwrite: bool, root: Path | ObjectPath
) -> Path | ObjectPath:
    """Where an upload named ``filename`` lands: ``uploads/<user id>/<directory>/<filename>`` (the user's own
    area, so nobody overwrites another user's file), checked."""
    if "://" in (directory or ""):
        raise ValidationError({"path": ["Give a sub-directory of your upload area, not a URL."]})
    if (directory or "").strip().startswith(("/", "\\")):
        raise ValidationError({"path": ["Give a sub-directory of your upload area (a relative path)."]})
    parts = _directory_parts(directory)
    if any(p.startswith(".") for p in parts):
        raise ValidationError({"path": ["Directory names may not start with a dot."]})
    if isinstance(root, ObjectPath):
        try:
            check_object_key(filename)
        except UnsafePathError as exc:
            raise ValidationError({"filename": [str(exc)]}) from exc
    area = user_area(user.pk)
    relative = "/".join([area, *parts, filename])
    own = FileAccess(readable=frozenset({user.pk}), writable=frozenset({user.pk}), home=user.pk)
    try:
        target = resolve_data_path(relative, root=root, access=own, write=True)
        home = resolve_data_path(area, root=root, access=own, write=True)
    except UnsafePathError as exc:
        raise ValidationError({"path": [str(exc)]}) from exc
    if home not in target.parents:
        raise ValidationError({"path": [f"Uploads must stay inside your area, {area}/."]})
    try:
        is_dir, exists = target.is_dir(), target.exists()
    except OSError as exc:
        raise ValidationError({"path": [f"Cannot write {relative}: {exc.strerror or exc}."]}) from exc
    if is_dir:
        raise ValidationError({"filename": [f"{relative} is a directory."]})
    if exists and not overwrite:
        raise ValidationError({"filename": [f"{relative} already exists; set overwrite to replace it."]})
    return target


def _relative(path: Path | ObjectPath, root: Path | ObjectPath) -> str:
    return path.relative_to(root).as_posix()


MULTIPART_OVERHEAD = 1024 * 1024  # room for the multipart envelope around a one-shot upload's bytes


def upload_declared_check(*, content_length: str | None) -> None:
    """Refuse a one-shot (multipart) upload whose declared length cannot fit under UPLOAD_MAX_BYTES,
    before its body is read (the API and the files page)."""
    limit = settings.UPLOAD_MAX_BYTES
    if content_length and is_digits(str(content_length)) and int(content_length) > limit + MULTIPART_OVERHEAD:
        raise ValidationError({"file": [f"The upload is {int(content_length):,} bytes; the limit is {limit:,} bytes."]})


def _check_size(size: int, field: str = "size") -> None:
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError({field: [f"The file is {size:,} bytes; the limit is {limit:,} bytes."]})


@contextlib.contextmanager
def _writing(target: Path | ObjectPath, root: Path | ObjectPath):
    """A file system error while storing an upload is a 400 naming the place, not a server error."""
    try:
        yield
    except OSError as exc:
        log.warning("cannot write %s: %s", target, exc)
        message = f"Cannot write {_relative(target, root)}: {exc.strerror or exc}."
        raise ValidationError({"path": [message]}) from exc


def _publish(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)


# --- listing and inspection -------------------------------------------------------------------------


def _walk(base: Path, root: Path, access: FileAccess) -> Iterator[tuple[str, os.stat_result]]:
    """(relative path, stat) of the files below ``base`` that ``access`` may open; no hidden names, no
    links leading out of the root or into an area the reader may not open."""
    for current, dirs, files in os.walk(base, followlinks=False):
        here = Path(current).relative_to(root).parts
        dirs[:] = sorted(d for d in dirs if may_open((*here, d), access))
        for name in sorted(files):
            if not may_open((*here, name), access):
                continue
            path = Path(current) / name
            try:
                if path.is_symlink():
                    resolved = path.resolve()
                    if root not in resolved.parents or not resolved.is_file():
                        continue
                    if not may_open(resolved.relative_to(root).parts, access):
                        continue
                info = path.stat()
            except OSError:
                continue
            yield _relative(path, root), info


def _files_below(base, root, access: FileAccess) -> Iterator[tuple[str, int, float]]:
    if isinstance(root, ObjectPath):
        yield from files_objects.walk(base, root, access)
        return
    for relative, info in _walk(base, root, access):
        yield relative, info.st_size, info.st_mtime


def file_list(*, prefix: str = "", access: FileAccess | dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Files under DATA_ROOT that ``access`` may open and whose relative path starts with ``prefix``
    (path, size, modified, format). Another user's files are left out exactly as if they were not there."""
    root = store_root()
    access = as_access(access)
    prefix = (prefix or "").replace("\\", "/")
    if prefix:
        try:  # the checks of the path itself (confined, no hidden or over-long names); who sees what is below
            candidate = resolve_data_path(prefix, root=root, access=UNRESTRICTED)
        except UnsafePathError as exc:
            raise ValidationError({"prefix": [str(exc)]}) from exc
        try:
            base = candidate if candidate.is_dir() else candidate.parent
        except OSError:
            return []
    else:
        base = root
    if not base.is_dir():
        return []
    items = []
    for relative, size, mtime in _files_below(base, root, access):
        if not relative.startswith(prefix):
            continue
        items.append(
            {
                "path": relative,
                "size": size,
                "modified": dt.datetime.fromtimestamp(mtime, tz=dt.UTC),
                "format": detect_format(relative),
            }
        )
        if len(items) >= MAX_LISTED:
            log.warning("file listing of %r stopped at %s files", prefix, MAX_LISTED)
            break
    return sorted(items, key=lambda item: item["path"])


def file_inspect(*, path: str, access: FileAccess | dict[str, Any] | None = None) -> dict[str, Any]:
    """What a file under DATA_ROOT that ``access`` may open holds: its format, schema and how many rows were
    sampled (bounded). Another user's file is refused with the message of a missing one.

    A file that cannot be read as its format still gets an answer, with ``error`` saying why."""
    root = store_root()
    access = as_access(access)
    try:
        target = resolve_data_path(path, root=root, must_exist=True, access=access)
        size = target.stat().st_size
    except UnsafePathError as exc:
        raise ValidationError({"path": [str(exc)]}) from exc
    except OSError as exc:
        raise ValidationError({"path": [f"Cannot open {path!r}: {exc.strerror or exc}."]}) from exc
    result: dict[str, Any] = {
        "path": _relative(target, root),
        "size": size,
        "format": detect_format(target),
        "schema": {},
        "rows_sampled": 0,
        "error": None,
    }
    if result["format"] is None:
        result["error"] = "Unknown format: name the file .csv, .json, .ndjson, .parquet or .xlsx."
        return result
    # Reading the file runs Polars on user input: in the interactive pool, never in the web process.
    try:
        sample = interactive.call(
            "pipelines.files.file_sample_job", path=result["path"], format=result["format"], access=access.to_dict()
        )
    except interactive.InteractiveError as exc:  # the pool's deadline or memory cap: an answer, with its reason
        sample = {"error": str(exc.detail)}
    result.update(sample)
    return result


def file_sample_job(*, path: str, format: str, access: dict[str, Any]) -> dict[str, Any]:
    """``file_inspect``'s reading part, in an interactive child: ``{"schema", "rows_sampled"}`` or ``{"error"}``."""
    root, access = store_root(), as_access(access)
    source = FileSource()
    config = source.parse_config({"path": path, "format": format})
    try:
        schema = file_schema(config=config, root=root, timeout=settings.SOURCE_METADATA_TIMEOUT, access=access)
        ctx = BuildContext(
            node_key="inspect",
            mode="dry_run",
            data_root=root if isinstance(root, Path) else None,
            sample_rows=INSPECT_ROWS,
            file_access=access,
        )
        rows = source.build(ctx, config, {})["out"].select(pl.len()).collect().item()
    except NodeError as exc:
        return {"error": exc.message}
    except Exception as exc:  # a file that does not parse is an answer, not a server error
        return {"error": f"Cannot read the file as {format}: {str(exc).splitlines()[0]}"}
    return {"schema": schema_to_json(schema), "rows_sampled": int(rows)}


# --- one-shot uploads ---------------------------------------------------------------------------------


def _copy(chunks: Iterable[bytes], target: Path, *, limit: int) -> int:
    """Write ``chunks`` to a hidden file beside ``target`` and rename it into place; returns the size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.sluice-upload-{uuid.uuid4().hex}")
    written = 0
    try:
        with temp.open("xb") as out:
            for chunk in chunks:
                written += len(chunk)
                if written > limit:
                    _check_size(written, "file")
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return written


def file_upload(
    *, user: AbstractBaseUser, uploaded_file, filename: str | None = None, directory: str = "", overwrite: bool = False
) -> dict[str, Any]:
    """Store an uploaded file (Django ``UploadedFile``) as uploads/<user id>/<directory>/<filename or its own
    name>."""
    root = store_root()
    name = filename_clean(name=uploaded_file.name if filename is None else filename)
    _check_size(uploaded_file.size or 0, "file")
    target = _upload_target(user=user, directory=directory, filename=name, overwrite=overwrite, root=root)
    with _writing(target, root):
        if isinstance(target, ObjectPath):
            try:
                files_objects.write_chunks(uploaded_file.chunks(COPY_CHUNK), target, limit=settings.UPLOAD_MAX_BYTES)
            except files_objects.TooLarge as exc:
                _check_size(exc.received, "file")
        else:
            _copy(uploaded_file.chunks(COPY_CHUNK), target, limit=settings.UPLOAD_MAX_BYTES)
    log.info(
        "user %s uploaded %s (%s bytes)", getattr(user, "pk", None), _relative(target, root), target.stat().st_size
    )
    return file_inspect(path=_relative(target, root), access=file_access_for(user))


# --- resumable uploads ----------------------------------------------------------------------------------


class _LocalState:
    """A resumable upload's state on disk: ``.uploads/<key>.json`` and ``<key>.part`` (its length is the
    offset). The object store's is ``files_objects.ResumableState``, with the same methods."""

    def __init__(self, root: Path, key: str):
        directory = root / STATE_DIR
        directory.mkdir(parents=True, exist_ok=True)
        self.meta, self.part = directory / f"{key}.json", directory / f"{key}.part"

    def read_meta(self) -> dict[str, Any]:
        meta = json.loads(self.meta.read_text())
        if not self.part.exists():
            raise FileNotFoundError(self.part)
        return meta

    def write_meta(self, meta: dict[str, Any]) -> None:
        self.part.touch(exist_ok=False)
        temp = self.meta.with_suffix(".json.tmp")
        temp.write_text(json.dumps(meta))
        os.replace(temp, self.meta)

    def offset(self) -> int:
        return self.part.stat().st_size

    @contextlib.contextmanager
    def locked(self):
        """One request at a time per upload (appends and completion)."""
        with self.meta.open("rb") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def append(self, stream: BinaryIO, *, at: int, room: int) -> tuple[int, bool]:
        received, broke = 0, False
        with self.part.open("r+b") as out:
            out.seek(at)
            try:
                for block in files_objects.read_bounded(stream, room):
                    out.write(block)
                    received += len(block)
            except files_objects.TooLarge:
                out.truncate(at)
                raise
            except OSError:
                broke = True
            finally:
                out.flush()
                os.fsync(out.fileno())
        return received, broke

    def publish(self, target: Path) -> None:
        _publish(self.part, target)
        self.meta.unlink(missing_ok=True)


def _state_of(upload_id: uuid.UUID | str, root: Path | ObjectPath):
    key = uuid.UUID(str(upload_id)).hex  # also refuses anything that is not a UUID
    if isinstance(root, ObjectPath):
        return files_objects.ResumableState(root, STATE_DIR, key)
    return _LocalState(root, key)


def _load(upload_id, user: AbstractBaseUser, root: Path | ObjectPath) -> tuple[dict[str, Any], Any]:
    try:
        state = _state_of(upload_id, root)
        meta = state.read_meta()
    except (ValueError, OSError) as exc:
        raise UploadNotFound(str(upload_id)) from exc
    if meta.get("owner") != user.pk:
        raise UploadNotFound(str(upload_id))
    return meta, state


def _state(meta: dict[str, Any], offset: int) -> dict[str, Any]:
    return {
        "upload_id": meta["id"],
        "filename": meta["filename"],
        "path": meta["target"],
        "size": meta["size"],
        "offset": offset,
    }


def upload_start(
    *, user: AbstractBaseUser, filename: str, size: int, directory: str = "", overwrite: bool = False
) -> dict[str, Any]:
    """Begin a resumable upload of ``size`` bytes; the file will be uploads/<user id>/<directory>/<filename>."""
    root = store_root()
    name = filename_clean(name=filename)
    if not isinstance(size, int) or size < 0:
        raise ValidationError({"size": ["The size must be a whole number of bytes, 0 or more."]})
    _check_size(size)
    target = _upload_target(user=user, directory=directory, filename=name, overwrite=overwrite, root=root)
    upload_id = uuid.uuid4()
    meta = {
        "id": str(upload_id),
        "owner": user.pk,
        "filename": name,
        "target": _relative(target, root),
        "directory": "/".join(_directory_parts(directory)),
        "overwrite": bool(overwrite),
        "size": size,
        "created": time.time(),
    }
    _state_of(upload_id, root).write_meta(meta)
    return _state(meta, 0)


def upload_status(*, user: AbstractBaseUser, upload_id: uuid.UUID | str) -> dict[str, Any]:
    meta, state = _load(upload_id, user, store_root())
    return _state(meta, state.offset())


def upload_append(
    *, user: AbstractBaseUser, upload_id: uuid.UUID | str, offset: int, stream: BinaryIO, length: int | None
) -> dict[str, Any]:
    """Append the bytes of ``stream`` (a chunk of at most ``chunk_max_bytes()``) at ``offset``.

    Bytes that arrived before a broken connection are kept (the client resumes from the new offset); a
    chunk that would pass the declared size or the chunk limit is refused whole."""
    meta, state = _load(upload_id, user, store_root())
    chunk_max = chunk_max_bytes()
    if length is not None and length > chunk_max:
        raise ValidationError({"chunk": [f"A chunk may hold at most {chunk_max:,} bytes; this one has {length:,}."]})
    with state.locked():
        current = state.offset()
        if offset != current:
            raise UploadOffsetConflict(current)
        if length is not None and current + length > meta["size"]:
            raise ValidationError(
                {"chunk": [f"The chunk ends at byte {current + length:,}, past the declared size {meta['size']:,}."]}
            )
        room = min(meta["size"] - current, chunk_max)
        try:
            received, broke = state.append(stream, at=current, room=room)
        except files_objects.TooLarge as exc:
            what = "the declared size" if room < chunk_max else "the chunk limit"
            raise ValidationError(
                {"chunk": [f"The chunk passes {what} ({meta['size']:,} bytes in all, {chunk_max:,} a chunk)."]}
            ) from exc
        if broke:
            log.info("upload %s: connection broke after %s bytes of a chunk", meta["id"], received)
        return _state(meta, state.offset())


def upload_complete(*, user: AbstractBaseUser, upload_id: uuid.UUID | str) -> dict[str, Any]:
    """Publish a fully received upload under uploads/ and inspect it."""
    root = store_root()
    meta, state = _load(upload_id, user, root)
    with state.locked():
        received = state.offset()
        if received != meta["size"]:
            raise ValidationError(
                {"offset": [f"Received {received:,} of {meta['size']:,} bytes; send the rest first."]}
            )
        target = _upload_target(
            user=user, directory=meta["directory"], filename=meta["filename"], overwrite=meta["overwrite"], root=root
        )
        with _writing(target, root):
            state.publish(target)
    log.info("user %s completed upload %s: %s", user.pk, meta["id"], meta["target"])
    return file_inspect(path=_relative(target, root), access=file_access_for(user))


def uploads_purge(*, older_than_seconds: float = 7 * 24 * 3600) -> int:
    """Remove resumable uploads untouched for ``older_than_seconds``; returns how many (for a periodic task)."""
    root = store_root()
    cutoff, removed = time.time() - older_than_seconds, 0
    if isinstance(root, ObjectPath):
        return files_objects.stale_uploads(root, STATE_DIR, cutoff)
    directory = root / STATE_DIR
    if not directory.is_dir():
        return 0
    for meta_path in directory.glob("*.json"):
        part = meta_path.with_suffix(".part")
        newest = max((p.stat().st_mtime for p in (meta_path, part) if p.exists()), default=0)
        if newest < cutoff:
            meta_path.unlink(missing_ok=True)
            part.unlink(missing_ok=True)
            removed += 1
    return removed
