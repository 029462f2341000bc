"""The profile (pipelines.profiling) of a file under the data root, computed in the interactive pool.

The path goes through ``pipelines.paths`` with the reader's ``FileAccess``, as the files API: another
user's file, a hidden name, ``..`` or a symbolic link leading out all read as a file that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from pipelines import interactive
from pipelines.nodes.base import BuildContext, NodeError
from pipelines.nodes.sources.file import FileSource, detect_format
from pipelines.paths import FileAccess, PathNotFound, UnsafePathError, as_access, resolve_data_path
from pipelines.profiling import profile_frame
from pipelines.stores import store_root


def profile_limits() -> dict[str, Any]:
    return {
        "max_rows": int(settings.SLUICE_PROFILE_ROWS),
        "deadline_seconds": float(settings.SLUICE_PROFILE_SECONDS),
    }


def file_profile(*, path: str, access: FileAccess | dict[str, Any] | None) -> dict[str, Any]:
    """``{"path", "format", "size", "profile"}`` of the file ``path`` (relative to the data root) that
    ``access`` may open. ``PathNotFound`` when it is missing or not the reader's (one message for both), a
    ValidationError on ``path`` for a path that may not be used or a file that does not parse."""
    access = as_access(access)
    root = store_root()
    try:
        target = resolve_data_path(path, root=root, must_exist=True, access=access)
    except PathNotFound:
        raise  # missing, or not the reader's to open: one answer for both (the views: a 404)
    except UnsafePathError as exc:
        raise ValidationError({"path": [str(exc)]}) from exc
    if not target.is_file():
        raise ValidationError({"path": [f"{path!r} is not a file."]})
    fmt = detect_format(target)
    if fmt is None:
        raise ValidationError({"path": ["Unknown format: name the file .csv, .json, .ndjson, .parquet or .xlsx."]})
    relative = target.relative_to(root).as_posix()
    return interactive.call(
        "pipelines.services.profiles.file_profile_job",
        path=relative,
        format=fmt,
        access=access.to_dict(),
        **profile_limits(),
    )


def file_profile_job(
    *, path: str, format: str, access: dict[str, Any], max_rows: int, deadline_seconds: float
) -> dict[str, Any]:
    """``file_profile``'s reading part, in an interactive child (the path is checked again here)."""
    root, access = store_root(), as_access(access)
    target = resolve_data_path(path, root=root, must_exist=True, access=access)
    source = FileSource()
    config = source.parse_config({"path": path, "format": format})
    ctx = BuildContext(node_key="profile", mode="run", file_access=access)
    try:
        frame = source.build(ctx, config, {})["out"]
        profile = profile_frame(frame, max_rows=max_rows, deadline_seconds=deadline_seconds)
    except NodeError as exc:
        raise ValidationError({"path": [exc.message]}) from exc
    except MemoryError:
        raise
    except Exception as exc:  # a file that does not parse is a 400 naming why, not a server error
        raise ValidationError({"path": [f"Cannot read the file as {format}: {str(exc).splitlines()[0]}"]}) from exc
    return {"path": path, "format": format, "size": target.stat().st_size, "profile": profile}
