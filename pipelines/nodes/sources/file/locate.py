"""source.file: which files a path names under the data root, and which of them the pipeline may open."""

from __future__ import annotations

import glob as globlib
from pathlib import Path, PurePosixPath

from pipelines.nodes.base import BuildContext, NodeError
from pipelines.nodes.sources.file.config import FileSourceConfig
from pipelines.paths import (
    FileAccess,
    PathNotFound,
    UnsafePathError,
    check_relative,
    data_root,
    not_found_message,
    resolve_data_path,
)

MAX_FILES = 10_000  # files one glob may match
_SUFFIXES = {"csv": ".csv .tsv .txt", "json": ".json", "ndjson": ".ndjson .jsonl", "parquet": ".parquet .pq"}
_SUFFIXES["excel"] = ".xlsx .xlsm .xls .ods"
EXTENSIONS = {suffix: fmt for fmt, suffixes in _SUFFIXES.items() for suffix in suffixes.split()}  # ".csv" -> "csv"


def _root(ctx: BuildContext) -> Path:
    return Path(ctx.data_root).resolve() if ctx.data_root else data_root()


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return path.name


def _literal_prefix(path: str) -> str:
    """The leading components of a glob without wildcards (``uploads/7/*.csv`` -> ``uploads/7``)."""
    parts = []
    for part in PurePosixPath(path.replace("\\", "/")).parts:
        if globlib.has_magic(part):
            break
        parts.append(part)
    return "/".join(parts)


def source_files(
    *, path: str, root: Path, directory_extensions: set[str] | None = None, access: FileAccess | None = None
) -> list[Path]:
    """The files ``path`` names under ``root`` (a file, a glob or a directory) that ``access`` may open,
    sorted; NodeError otherwise. A file it may not open is reported, or skipped by a glob, exactly as if
    it did not exist."""
    magic = globlib.has_magic(path)
    try:
        literal = _literal_prefix(path) if magic else path
        base = resolve_data_path(literal, root=root, access=access) if literal else root
        if magic:
            check_relative(path)  # the pattern itself: no hidden, absolute, '..' or over-long components
    except PathNotFound as exc:
        raise NodeError(not_found_message(path), field="path") from exc
    except UnsafePathError as exc:
        raise NodeError(str(exc), field="path") from exc
    try:
        is_dir, is_file = base.is_dir(), base.is_file()
    except OSError as exc:  # ENAMETOOLONG and the like: a path that cannot exist
        raise NodeError(not_found_message(path), field="path") from exc
    if magic:
        pattern, wanted = path, None
    elif is_dir:
        pattern, wanted = str(PurePosixPath(path.replace("\\", "/")) / "**" / "*"), directory_extensions
    elif is_file:
        return [base]
    else:
        raise NodeError(not_found_message(path), field="path")
    matches: list[str] = []
    for name in globlib.iglob(pattern, root_dir=root, recursive=True):
        candidate = root / name
        if not candidate.is_file() or (wanted is not None and candidate.suffix.lower() not in wanted):
            continue
        try:
            resolved = resolve_data_path(name, root=root, access=access)
        except PathNotFound:
            continue  # not this pipeline's to open: as if it were not there
        except UnsafePathError as exc:
            raise NodeError(f"{path!r} matches {name!r}: {exc}", field="path") from exc
        matches.append((name, resolved))
        if len(matches) > MAX_FILES:
            raise NodeError(f"{path!r} matches more than {MAX_FILES:,} files; narrow the pattern.", field="path")
    if not matches:
        what = "No file matches" if wanted is None else "No readable file is in"
        raise NodeError(f"{what} {path!r} under the data root.", field="path")
    return [resolved for _, resolved in sorted(matches)]


def detect_format(path: Path | str) -> str | None:
    """The format a file's extension implies (csv, json, ndjson, parquet, excel), or None."""
    return EXTENSIONS.get(Path(path).suffix.lower())


def _format(config: FileSourceConfig, files: list[Path], root: Path) -> str:
    if config.format != "auto":
        return config.format
    found = {detect_format(p) for p in files}
    if None in found:
        name = next(_relative(p, root) for p in files if detect_format(p) is None)
        raise NodeError(f"Cannot tell the format of {name!r} from its extension; set format.", field="format")
    if len(found) > 1:
        raise NodeError(
            f"{config.path!r} matches files of several formats ({', '.join(sorted(found))}); "
            "narrow the path or set format.",
            field="path",
        )
    return found.pop()


def _wanted(config: FileSourceConfig) -> set[str]:
    fmt = config.format
    return {ext for ext, f in EXTENSIONS.items() if fmt in ("auto", f)}
