"""source.file: which files a path names under the data root, and which of them the pipeline may open."""

from __future__ import annotations

import fnmatch
import functools
import glob as globlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from pipelines import stores
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
from pipelines.stores import ObjectPath

MAX_FILES = 10_000  # files one glob may match
_SUFFIXES = {"csv": ".csv .tsv .txt", "json": ".json", "ndjson": ".ndjson .jsonl", "parquet": ".parquet .pq"}
_SUFFIXES["excel"] = ".xlsx .xlsm .xls .ods"
EXTENSIONS = {suffix: fmt for fmt, suffixes in _SUFFIXES.items() for suffix in suffixes.split()}  # ".csv" -> "csv"


def _root(ctx: BuildContext) -> Path | ObjectPath:
    """The data store's root: the bucket prefix when the store is remote, else the context's data root."""
    if stores.is_remote():
        return stores.store_root()
    return Path(ctx.data_root).resolve() if ctx.data_root else data_root()


def _relative(path: Path | ObjectPath, root: Path | ObjectPath) -> str:
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
    *,
    path: str,
    root: Path | ObjectPath,
    directory_extensions: set[str] | None = None,
    access: FileAccess | None = None,
) -> list[Path] | list[ObjectPath]:
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
    for name in _candidates(pattern, root, base):
        if wanted is not None and PurePosixPath(name).suffix.lower() not in wanted:
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


def _candidates(pattern: str, root: Path | ObjectPath, base: Path | ObjectPath) -> Iterator[str]:
    """The files (relative names) under ``root`` that ``pattern`` (a glob, ``**`` recursive) matches: the
    local glob, or on the object store the keys below ``base`` (the pattern's literal prefix), matched the
    same way (hidden names never match, as with the local glob)."""
    if not isinstance(root, ObjectPath):
        for name in globlib.iglob(pattern, root_dir=root, recursive=True):
            if (root / name).is_file():
                yield name
        return
    wanted = _pattern_parts(pattern)
    try:
        found = base.find()
    except FileNotFoundError:
        return
    for name in sorted(found):
        parts = tuple(name.split("/"))
        if not any(part.startswith(".") for part in parts) and _glob_match(parts, wanted):
            yield name


def _pattern_parts(pattern: str) -> tuple[str, ...]:
    parts: list[str] = []
    for part in PurePosixPath(pattern.replace("\\", "/")).parts:
        if not (part == "**" and parts and parts[-1] == "**"):  # a/**/**/b is a/**/b
            parts.append(part)
    return tuple(parts)


def _glob_match(parts: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """Python's recursive glob on path components: ``**`` is zero or more components, every other
    component an fnmatch pattern (case-sensitive). Memoised: linear in len(parts) x len(pattern)."""

    @functools.cache
    def match(i: int, j: int) -> bool:
        if j == len(pattern):
            return i == len(parts)
        if pattern[j] == "**":
            return match(i, j + 1) or (i < len(parts) and match(i + 1, j))
        return i < len(parts) and fnmatch.fnmatchcase(parts[i], pattern[j]) and match(i + 1, j + 1)

    return match(0, 0)


def detect_format(path: Path | ObjectPath | str) -> str | None:
    """The format a file's extension implies (csv, json, ndjson, parquet, excel), or None."""
    return EXTENSIONS.get(PurePosixPath(str(path)).suffix.lower())


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
