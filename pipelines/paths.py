"""Where files are under DATA_ROOT and who may open them: the one resolver every file access goes through.

``resolve_data_path`` turns a path a user gave (relative to the data root) into an absolute path, or raises
``UnsafePathError`` with a message a user can act on. It refuses, for everyone (admins included):

* absolute paths, ``..`` components, NUL bytes, and symbolic links that lead out of the data root;
* any component starting with ``.`` (hidden names are reserved: resumable-upload state in ``.uploads/``,
  staging files of destinations), in the path as given and in the path a symbolic link leads to;
* paths longer than ``MAX_PATH_BYTES`` or with a component longer than ``MAX_COMPONENT_BYTES`` (400, never
  ENAMETOOLONG), and file system errors while resolving (ELOOP, ENOTDIR...) as clear messages.

Then it applies the sharing rule (docs/files.md) for a ``FileAccess``:

* ``uploads/<user id>/...`` is that user's area. It is readable by its owner, by admins, and by users
  who share a Django group with the owner (a group other than the role groups viewer/editor/operator/
  admin); it is writable only by its owner and admins.
* Anything else under ``uploads/`` (a name that is not a user id, e.g. files uploaded before areas
  existed) is admin-only.
* Everything outside ``uploads/`` is the shared area (demo data, files an operator placed there,
  outputs of ``destination.file``): readable and writable as before areas existed.

A path the reader may not open gives exactly the message of a path that does not exist
(``PathNotFound``), so errors are no oracle for another user's files. Both the path as given and the
path its symbolic links lead to must pass, so a link cannot carry a reader into another area.

``FileAccess`` is a plain, picklable value (user ids, no ORM objects), built once per request, run or
validation by ``file_access_for`` and carried by ``BuildContext.file_access`` into node code on web,
interactive pool and workers. No access given means the shared area only (fail closed).
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from django.conf import settings

from pipelines.stores import ObjectPath

UPLOADS_DIR = "uploads"
MAX_PATH_BYTES = 1024
MAX_COMPONENT_BYTES = 255
_USER_AREA = re.compile(r"[1-9][0-9]{0,18}")  # ASCII digits only: no look-alikes, no leading zeros

AreaKind = Literal["root", "shared", "uploads", "user", "unowned"]


class UnsafePathError(ValueError):
    """A user-supplied path that would leave DATA_ROOT, or that may not be used."""


class PathNotFound(UnsafePathError):
    """The path does not exist, or the reader may not open it (one message for both: no oracle)."""


@dataclass(frozen=True)
class FileAccess:
    """Whose upload areas a reader may open.

    ``readable``/``writable``: the user ids whose ``uploads/<id>/`` areas may be read/written; ``None``
    means every area (admins). ``home``: the area uploads go to (the acting user's). The shared area
    outside ``uploads/`` needs no entry."""

    readable: frozenset[int] | None = frozenset()
    writable: frozenset[int] | None = frozenset()
    home: int | None = None

    @property
    def is_unrestricted(self) -> bool:
        return self.readable is None

    def can_read(self, owner: int | None) -> bool:
        return self.readable is None or (owner is not None and owner in self.readable)

    def can_write(self, owner: int | None) -> bool:
        return self.writable is None or (owner is not None and owner in self.writable)

    def combined(self, other: FileAccess) -> FileAccess:
        """What both may open (the intersection); ``home`` stays this one's."""

        def meet(a: frozenset[int] | None, b: frozenset[int] | None) -> frozenset[int] | None:
            if a is None:
                return b
            return a if b is None else a & b

        return FileAccess(meet(self.readable, other.readable), meet(self.writable, other.writable), self.home)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (for processes that take JSON)."""
        return {
            "readable": None if self.readable is None else sorted(self.readable),
            "writable": None if self.writable is None else sorted(self.writable),
            "home": self.home,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> FileAccess:
        if not data:
            return SHARED_ONLY

        def ids(value) -> frozenset[int] | None:
            return None if value is None else frozenset(int(v) for v in value)

        return cls(ids(data.get("readable", [])), ids(data.get("writable", [])), data.get("home"))


SHARED_ONLY = FileAccess()
UNRESTRICTED = FileAccess(readable=None, writable=None)


def as_access(value: FileAccess | dict[str, Any] | None) -> FileAccess:
    """A FileAccess from itself, its ``to_dict()`` form (jobs that cross a process as JSON) or None (the
    shared area only)."""
    if isinstance(value, FileAccess):
        return value
    return FileAccess.from_dict(value)


def data_root() -> Path:
    return Path(settings.DATA_ROOT).resolve()


def user_area(user_id: int) -> str:
    """The relative path of a user's upload area."""
    return f"{UPLOADS_DIR}/{int(user_id)}"


def area_of(parts: tuple[str, ...] | list[str]) -> tuple[AreaKind, int | None]:
    """Which area a path (its components relative to the data root) is in, and the owner's id."""
    if not parts:
        return "root", None
    if parts[0] != UPLOADS_DIR:
        return "shared", None
    if len(parts) == 1:
        return "uploads", None
    if _USER_AREA.fullmatch(parts[1]):
        return "user", int(parts[1])
    return "unowned", None


def _is_text(name: str) -> bool:
    """False for a name on disk that is not valid UTF-8 (Python hands it over with lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def may_open(
    parts: tuple[str, ...] | list[str], access: FileAccess | dict[str, Any] | None, *, write: bool = False
) -> bool:
    """The sharing rule for one path (components relative to the data root). Hidden names never pass."""
    access = as_access(access)
    if any(part.startswith(".") or not _is_text(part) for part in parts):
        return False
    kind, owner = area_of(parts)
    if kind == "user":
        return access.can_write(owner) if write else access.can_read(owner)
    if kind == "shared":
        return True
    if kind in ("root", "uploads"):
        return not write or access.writable is None  # containers: listing them filters what is inside
    return access.writable is None if write else access.readable is None  # unowned uploads: admins


def not_found_message(relative: str) -> str:
    """The one message for a path that is missing *or* not the reader's to open (no existence oracle)."""
    return f"{relative!r} does not exist under the data root (or is in an upload area not shared with you)."


def _not_found(relative: str) -> PathNotFound:
    return PathNotFound(not_found_message(relative))


def _os_error(relative: str, exc: OSError) -> UnsafePathError:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return _not_found(relative)
    if exc.errno == errno.ENAMETOOLONG:
        return UnsafePathError(f"The path is too long for the file system (at most {MAX_PATH_BYTES} bytes).")
    if exc.errno == errno.ELOOP:
        return UnsafePathError(f"{relative!r} goes through too many symbolic links.")
    return UnsafePathError(f"Cannot open {relative!r}: {exc.strerror or exc}.")


def check_relative(relative: Any) -> PurePosixPath:
    """The lexical checks alone (no file system access): the parsed path, or UnsafePathError."""
    if not isinstance(relative, str) or not relative.strip():
        raise UnsafePathError("A path is required.")
    if "\x00" in relative:
        raise UnsafePathError("The path contains a NUL byte.")
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate (JSON allows "\ud800"): no file can have that name
        raise UnsafePathError("The path is not valid text (it holds a lone surrogate).") from exc
    if len(relative.encode("utf-8")) > MAX_PATH_BYTES:
        raise UnsafePathError(f"The path is longer than {MAX_PATH_BYTES:,} bytes.")
    if "://" in relative:
        raise UnsafePathError(f"{relative!r} is a URL; give a path relative to the data root.")
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or (len(relative) > 1 and relative[1] == ":"):
        raise UnsafePathError(f"{relative!r} is absolute; give a path relative to the data root.")
    if ".." in pure.parts:
        raise UnsafePathError(f"{relative!r} contains '..'; paths must stay inside the data root.")
    if any(len(part.encode("utf-8")) > MAX_COMPONENT_BYTES for part in pure.parts):
        raise UnsafePathError(f"A component of the path is longer than {MAX_COMPONENT_BYTES} bytes.")
    if any(part.startswith(".") for part in pure.parts):
        raise UnsafePathError(
            f"{relative!r} has a component starting with '.'; hidden names are reserved (upload state, staging)."
        )
    return pure


def resolve_data_path(
    relative: str,
    *,
    root: Path | ObjectPath | None = None,
    must_exist: bool = False,
    access: FileAccess | dict[str, Any] | None = None,
    write: bool = False,
) -> Path | ObjectPath:
    """The absolute path of ``relative`` inside the data root if ``access`` may open it (read, or
    ``write``), else UnsafePathError (PathNotFound when it is missing or not the reader's to open).

    ``access`` None means the shared area only. With an ``ObjectPath`` root (the data store on a bucket,
    ``pipelines.stores``) the answer is an ObjectPath: the same checks, without symbolic links to follow."""
    if isinstance(root, ObjectPath):
        return _resolve_object(relative, root, must_exist=must_exist, access=as_access(access), write=write)
    base = (root or data_root()).resolve()
    access = as_access(access)
    pure = check_relative(relative)
    try:
        candidate = (base / Path(*pure.parts)).resolve()
    except OSError as exc:
        raise _os_error(relative, exc) from exc
    except RuntimeError as exc:  # a symbolic link loop (older Pythons)
        raise UnsafePathError(f"{relative!r} goes through too many symbolic links.") from exc
    if candidate != base and base not in candidate.parents:
        raise UnsafePathError(f"{relative!r} leads outside the data root (through a symbolic link).")
    for parts in (pure.parts, candidate.relative_to(base).parts):  # as given, and where its links lead
        if not may_open(parts, access, write=write):
            raise _not_found(relative)
    if must_exist:
        try:
            os.stat(candidate)
        except OSError as exc:
            raise _os_error(relative, exc) from exc
    return candidate


def check_object_key(relative: str) -> None:
    """The data store on a bucket: refuse what a URL parser would read differently from the key a user
    meant (percent-encoding such as ``%2e%2e``, a query ``?`` or a fragment ``#``)."""
    if any(ch in relative for ch in "%?#"):
        raise UnsafePathError(
            f"{relative!r} holds '%', '?' or '#'; on the object store paths may not use URL syntax "
            "(percent-encoding, queries, fragments)."
        )


def _resolve_object(
    relative: str, base: ObjectPath, *, must_exist: bool, access: FileAccess, write: bool
) -> ObjectPath:
    pure = check_relative(relative)
    check_object_key(relative)
    candidate = base / pure.as_posix() if pure.parts else base
    if not may_open(pure.parts, access, write=write):
        raise _not_found(relative)
    if must_exist:
        try:
            found = candidate.exists()
        except OSError as exc:
            raise _os_error(relative, exc) from exc
        if not found:
            raise _not_found(relative)
    return candidate


def file_access_for(*users) -> FileAccess:
    """What every one of ``users`` may open (the intersection; ``None`` entries are skipped).

    A user reads their own area, the areas of users who share a group with them (role groups do not
    count) and the shared area, and writes their own area; admins read and write every area. With no
    user at all: the shared area only."""
    from django.contrib.auth import get_user_model

    from pipelines import roles

    result: FileAccess | None = None
    for user in users:
        if user is None:
            continue
        if not getattr(user, "is_authenticated", False):
            one = SHARED_ONLY
        elif roles.sees_everything(user):
            one = FileAccess(readable=None, writable=None, home=user.pk)
        else:
            groups = user.groups.exclude(name__in=roles.ROLES)
            peers = get_user_model().objects.filter(groups__in=groups).values_list("pk", flat=True)
            one = FileAccess(readable=frozenset({user.pk, *peers}), writable=frozenset({user.pk}), home=user.pk)
        result = one if result is None else result.combined(one)
    return result or SHARED_ONLY


def file_access_for_pipeline(*, pipeline, user=None) -> FileAccess:
    """Interactive work on a saved pipeline (validation, dry run): what both its owner and the person
    asking may open, so nobody reads through someone else's pipeline what they could not read themselves,
    and a pipeline never reads what its owner could not."""
    return file_access_for(user, pipeline.owner)


def file_access_for_run(*, pipeline, version=None) -> FileAccess:
    """A run (at start and on the workers): what both the pipeline's owner and the author of the running
    version may open. Who pressed Run does not widen or narrow it (schedules and upstream triggers have
    nobody); an editor who changed a shared pipeline cannot make it read what they may not."""
    return file_access_for(pipeline.owner, getattr(version, "created_by", None))
