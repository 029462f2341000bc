"""The data store: where uploads live and what ``source.file`` reads and ``destination.file`` writes.

By default it is the local directory ``DATA_ROOT`` (``pathlib.Path`` everywhere, as before). With
``SLUICE_DATA_URL=s3://bucket/prefix`` it is a prefix of a bucket, so that web and workers on several
machines share no directory (docs/operations.md): ``store_root()`` is then an ``ObjectPath``, a key under
that prefix with the part of ``pathlib.Path``'s interface the file code uses (``/``, ``parts``, ``name``,
``suffix``, ``parent(s)``, ``relative_to``, ``stat``, ``is_file``, ``is_dir``, ``exists``, ``open``,
``unlink``), so the same code reads a local file or an object. Polars reads and writes objects itself
(``storage_options``: ``polars_sources``); s3fs (``filesystem``) lists, sizes, streams, copies and deletes.

The S3 client setup is ``core.stores``' (shared with the artifact store); the options come from the
``SLUICE_DATA_*`` settings, which fall back to the artifact store's. There are no symbolic links on a
bucket; the lexical checks of ``pipelines.paths`` and the sharing rule apply to every key as to a path,
and a key is never a URL a user wrote: users give paths relative to the root, never ``s3://``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from typing import Any

from django.conf import settings

from core import stores

READ_BLOCK = 8 * 1024 * 1024


def is_remote() -> bool:
    """True when the data store is a bucket (SLUICE_DATA_URL=s3://...)."""
    return bool(getattr(settings, "SLUICE_DATA_URL", ""))


def options() -> stores.StoreOptions:
    return stores.StoreOptions(
        endpoint=settings.SLUICE_DATA_ENDPOINT_URL,
        key_id=settings.SLUICE_DATA_KEY_ID,
        secret=settings.SLUICE_DATA_SECRET_KEY,
        region=settings.SLUICE_DATA_REGION,
        listings_cache=False,  # web and workers write the bucket: never answer from a stale listing
    )


def filesystem():
    """The s3fs file system of the data store."""
    return options().filesystem(settings.SLUICE_DATA_URL)[0]


def _base() -> str:
    """``bucket/prefix`` of the store (no scheme, no trailing slash)."""
    return settings.SLUICE_DATA_URL.removeprefix("s3://").strip("/")


@dataclass(frozen=True)
class ObjectPath:
    """A key of the data store, relative to its prefix (``""``: the root). Plain strings: picklable, so it
    crosses into the interactive pool and into receipts. ``str()`` is its s3:// URL."""

    base: str
    key: str = ""

    # --- pure path operations ---------------------------------------------------------------------

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.key.split("/")) if self.key else ()

    @property
    def name(self) -> str:
        return self.parts[-1] if self.key else ""

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix

    @property
    def parent(self) -> ObjectPath:
        return ObjectPath(self.base, "/".join(self.parts[:-1]))

    @property
    def parents(self) -> tuple[ObjectPath, ...]:
        parts = self.parts
        return tuple(ObjectPath(self.base, "/".join(parts[:i])) for i in range(len(parts) - 1, -1, -1))

    def __truediv__(self, other: str | PurePosixPath) -> ObjectPath:
        extra = [p for p in str(other).split("/") if p]
        return ObjectPath(self.base, "/".join([*self.parts, *extra]))

    def with_name(self, name: str) -> ObjectPath:
        return self.parent / name

    def relative_to(self, other: ObjectPath) -> PurePosixPath:
        if other.base != self.base or self.parts[: len(other.parts)] != other.parts:
            raise ValueError(f"{self.key!r} is not under {other.key!r}")
        return PurePosixPath(*self.parts[len(other.parts) :]) if len(self.parts) > len(other.parts) else PurePosixPath()

    def resolve(self) -> ObjectPath:
        return self

    def is_symlink(self) -> bool:
        return False

    @property
    def fs_path(self) -> str:
        """The path s3fs takes: ``bucket/prefix/key``."""
        return f"{self.base}/{self.key}" if self.key else self.base

    @property
    def url(self) -> str:
        return f"s3://{self.fs_path}"

    def __str__(self) -> str:
        return self.url

    def as_posix(self) -> str:
        return self.url

    # --- the bucket ---------------------------------------------------------------------------------

    def info(self) -> dict[str, Any]:
        """s3fs's info of the key (a file, or a "directory": a prefix other keys are under)."""
        return filesystem().info(self.fs_path)

    def stat(self) -> SimpleNamespace:
        info = self.info()
        modified = info.get("LastModified")
        mtime = modified.timestamp() if isinstance(modified, dt.datetime) else 0.0
        return SimpleNamespace(st_size=int(info.get("size") or 0), st_mtime=mtime)

    def exists(self) -> bool:
        return not self.key or filesystem().exists(self.fs_path)

    def is_file(self) -> bool:
        return bool(self.key) and filesystem().isfile(self.fs_path)

    def is_dir(self) -> bool:
        return not self.key or filesystem().isdir(self.fs_path)

    def open(self, mode: str = "rb", **kwargs):
        """A streamed file object. Reads fetch ``READ_BLOCK`` bytes at a time (s3fs's default, 50 MiB,
        would fetch that much to read a 1 MiB header)."""
        if "r" in mode:
            kwargs.setdefault("block_size", READ_BLOCK)
        return filesystem().open(self.fs_path, mode, **kwargs)

    def unlink(self, missing_ok: bool = False) -> None:
        try:
            filesystem().rm_file(self.fs_path)
        except FileNotFoundError:
            if not missing_ok:
                raise

    def mkdir(self, parents: bool = False, exist_ok: bool = False) -> None:
        """Nothing to do: a bucket has no directories (a prefix exists once a key is under it)."""

    def find(self) -> dict[str, dict[str, Any]]:
        """Every object below this key: ``{relative key under the store's root: info}``."""
        found = filesystem().find(self.fs_path, detail=True) if self.key or self.base else {}
        prefix = f"{self.base}/"
        return {path.removeprefix(prefix): info for path, info in found.items() if info.get("type") != "directory"}

    def files_below(self) -> list[ObjectPath]:
        """This key if it is an object, else the objects below it (sorted)."""
        return [ObjectPath(self.base, key) for key in sorted(self.find())]

    def remove_tree(self) -> None:
        """Delete this key and every object below it (missing: nothing to do). Never the root."""
        if self.key:
            found = [f.fs_path for f in self.files_below()]
            if found:
                filesystem().rm(found)


def store_root() -> Path | ObjectPath:
    """The root of the data store: the local DATA_ROOT (resolved), or the bucket prefix's ObjectPath."""
    if is_remote():
        return ObjectPath(_base())
    return Path(settings.DATA_ROOT).resolve()


def object_path(url: str) -> ObjectPath:
    """The ObjectPath of an s3:// URL under the data store (a receipt's), or ValueError for any other."""
    base = _base()
    if not url.startswith(f"s3://{base}/"):
        raise ValueError("The URL is not under the data store (was SLUICE_DATA_URL changed?).")
    return ObjectPath(base, url.removeprefix(f"s3://{base}/"))


def polars_sources(files: list) -> tuple[list, dict[str, str] | None]:
    """What a Polars scan takes for ``files`` (local paths as they are, objects as URLs) and its
    ``storage_options`` (the store's, for objects)."""
    if files and isinstance(files[0], ObjectPath):
        return [f.url for f in files], options().polars(settings.SLUICE_DATA_URL)
    return files, None


def storage_options_for(path: Path | ObjectPath) -> dict[str, str] | None:
    return options().polars(settings.SLUICE_DATA_URL) if isinstance(path, ObjectPath) else None


def readable(path: Path | ObjectPath):
    """What a reader that takes a path or bytes gets: the local path itself, or an object's bytes
    (Excel and whole JSON files, bounded by the upload limit)."""
    if isinstance(path, ObjectPath):
        with path.open("rb") as handle:
            return handle.read()
    return path
