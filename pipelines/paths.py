"""Paths users give are relative to DATA_ROOT and must stay inside it.

``resolve_data_path`` refuses absolute paths, ``..`` components, NUL bytes and
symlinks that lead out of the root, with a message a user can act on.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from django.conf import settings


class UnsafePathError(ValueError):
    """A user-supplied path that would leave DATA_ROOT."""


def data_root() -> Path:
    return Path(settings.DATA_ROOT).resolve()


def resolve_data_path(relative: str, *, root: Path | None = None, must_exist: bool = False) -> Path:
    """The absolute path of ``relative`` inside the data root, or UnsafePathError."""
    base = (root or data_root()).resolve()
    if not isinstance(relative, str) or not relative.strip():
        raise UnsafePathError("A path is required.")
    if "\x00" in relative:
        raise UnsafePathError("The path contains a NUL byte.")
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or (len(relative) > 1 and relative[1] == ":"):
        raise UnsafePathError(f"{relative!r} is absolute; give a path relative to the data root.")
    if ".." in pure.parts:
        raise UnsafePathError(f"{relative!r} contains '..'; paths must stay inside the data root.")
    candidate = (base / Path(*pure.parts)).resolve()
    if candidate != base and base not in candidate.parents:
        raise UnsafePathError(f"{relative!r} leads outside the data root (through a symbolic link).")
    if must_exist and not candidate.exists():
        raise UnsafePathError(f"{relative!r} does not exist under the data root.")
    return candidate
