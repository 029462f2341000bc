"""destination.file: CSV, Parquet or NDJSON under DATA_ROOT, one file (overwrite) or a directory of
Hive-style partitions (``region=north/00000000.parquet``).

Two-phase, so a reader never sees a half-written result:

* ``stage`` streams the frame (Polars ``sink_*``, bounded memory) into a hidden staging path beside the
  target, ``.<name>.sluice-stage-<stage_id>``, and returns a JSON receipt.
* ``commit`` publishes it: ``os.replace`` for a file (atomic); for a partitioned directory an atomic
  exchange of the two directories (Linux ``renameat2(RENAME_EXCHANGE)``), falling back to two renames
  where that is unavailable (then the target is briefly absent, never partial). The staging directory's
  inode is in the receipt, so a commit interrupted after the exchange is finished, not undone, by the
  next call.
* ``abort`` removes the staging path. Both are idempotent.

Decisions: paths go through ``pipelines.paths.resolve_data_path`` (with the pipeline's ``file_access``, for
writing: docs/files.md); writing into ``uploads/`` is refused
(uploads are the users' originals, and a pipeline reading ``uploads/x.csv`` could overwrite its own
input), and so is any hidden path component (staging files and upload state are hidden).
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import polars as pl
from pydantic import Field, ValidationInfo, field_validator

from pipelines import stores
from pipelines.nodes.base import BuildContext, DestinationType, NodeConfig, NodeError, Port
from pipelines.nodes.checks import CHECKS_FIELD, Checks, checks_validate
from pipelines.nodes.registry import register
from pipelines.paths import FileAccess, UnsafePathError, data_root, resolve_data_path
from pipelines.stores import ObjectPath

PROTECTED_DIRS = ("uploads",)
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_.-]")
_NESTED = (pl.List, pl.Array, pl.Struct, pl.Object)


class FileDestinationConfig(NodeConfig):
    path: str = Field(
        description="Under the data root: the file to write (overwrite mode, e.g. out/sales.parquet) or the "
        "directory of partitions (partitioned mode, e.g. out/sales). Not inside uploads/.",
        min_length=1,
        max_length=1000,
    )
    format: Literal["csv", "parquet", "ndjson"] = Field("parquet", description="File format.")
    mode: Literal["overwrite", "partitioned"] = Field(
        "overwrite",
        description="overwrite: one file, replaced whole by each run. partitioned: a directory with one "
        "sub-directory per value of the partition columns (col=value/...), replaced whole by each run.",
    )
    partition_by: list[str] = Field(
        default_factory=list,
        max_length=10,
        validate_default=True,
        description="Partitioned mode: the columns whose values name the sub-directories.",
    )
    compression: Literal["zstd", "snappy", "none"] = Field(
        "zstd", description="Parquet: compression codec (zstd is small and fast; none writes raw pages)."
    )
    checks: Checks = CHECKS_FIELD

    @field_validator("partition_by")
    @classmethod
    def _partition_columns(cls, value: list[str], info: ValidationInfo) -> list[str]:
        mode = info.data.get("mode")
        if mode == "partitioned" and not value:
            raise ValueError("partitioned mode needs at least one partition column")
        if mode == "overwrite" and value:
            raise ValueError("partition columns are only used in partitioned mode")
        duplicates = sorted({c for c in value if value.count(c) > 1})
        if duplicates:
            raise ValueError(f"{duplicates[0]!r} is listed twice")
        return value


def _root(ctx: BuildContext) -> Path | ObjectPath:
    if stores.is_remote():
        return stores.store_root()
    return Path(ctx.data_root).resolve() if ctx.data_root else data_root()


def _path(value: str) -> Path | ObjectPath:
    """A receipt's path: an s3:// URL of the data store, or a local path."""
    return stores.object_path(value) if value.startswith("s3://") else Path(value)


def target_path(*, path: str, root: Path | ObjectPath, access: FileAccess | None = None) -> Path | ObjectPath:
    """The absolute target of ``path``, or NodeError(field="path") when it may not be written (by
    ``access``, the pipeline's: pipelines.paths.resolve_data_path with ``write``)."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if not parts:
        raise NodeError("Give a file or directory below the data root, not the root itself.", field="path")
    if parts[0] in PROTECTED_DIRS:
        raise NodeError(f"{path!r} is inside uploads/, which holds uploaded originals; write elsewhere.", field="path")
    try:
        target = resolve_data_path(path, root=root, access=access, write=True)
    except UnsafePathError as exc:
        raise NodeError(str(exc), field="path") from exc
    if target == root:
        raise NodeError("Give a file or directory below the data root, not the root itself.", field="path")
    if any(part.startswith(".") for part in parts):
        raise NodeError(f"{path!r} has a hidden component (starting with '.'); those are reserved.", field="path")
    relative = target.relative_to(root).parts
    if relative and relative[0] in PROTECTED_DIRS:
        raise NodeError(f"{path!r} is inside uploads/, which holds uploaded originals; write elsewhere.", field="path")
    return target


def _staging_name(target: Path | ObjectPath, stage_id: str, kind: str = "stage") -> Path | ObjectPath:
    return target.with_name(f".{target.name}.sluice-{kind}-{stage_id}")


def _inode(path: Path | ObjectPath) -> list[int] | None:
    if isinstance(path, ObjectPath):
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_dev, info.st_ino]


def _remove(path: Path | ObjectPath) -> None:
    if isinstance(path, ObjectPath):
        path.remove_tree()
    elif path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _remove_failed_stage(path: Path, *, settle: float = 1.0) -> None:
    """Remove what a failed sink left. Polars can report a sink's error while its writer is still
    closing the file, which then reappears after a plain unlink (seen as a flaky test): remove, and keep
    removing while it comes back within ``settle`` seconds."""
    deadline = time.monotonic() + (0 if isinstance(path, ObjectPath) else settle)
    _remove(path)
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if path.exists() or path.is_symlink():
            _remove(path)


def _count_lines(path: Path | ObjectPath) -> int:
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            lines, last = lines + block.count(b"\n"), block[-1:]
    return lines + (last != b"\n")


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _sink(frame: pl.LazyFrame, config: FileDestinationConfig, staging: Path | ObjectPath) -> pl.LazyFrame:
    """A lazy sink of ``frame`` into ``staging`` (a file, or a directory of partitions; on the object
    store Polars writes the objects itself)."""
    where: Path | str | pl.PartitionBy = staging.url if isinstance(staging, ObjectPath) else staging
    options = {"mkdir": True, "lazy": True, "storage_options": stores.storage_options_for(staging)}
    if config.mode == "partitioned":
        where = pl.PartitionBy(where, key=config.partition_by)
    if config.format == "parquet":
        compression = "uncompressed" if config.compression == "none" else config.compression
        return frame.sink_parquet(where, compression=compression, **options)
    if config.format == "csv":
        return frame.sink_csv(where, **options)
    return frame.sink_ndjson(where, **options)


def _staged_files(staging: Path | ObjectPath) -> list:
    if isinstance(staging, ObjectPath):
        return staging.files_below()
    return [staging] if staging.is_file() else sorted(p for p in staging.rglob("*") if p.is_file())


def _commit_objects(staging: ObjectPath, target: ObjectPath, receipt: dict[str, Any]) -> None:
    """Publish staged objects: a file is copied over the target, then the staging object deleted. A
    partitioned set: a manifest of the new keys is written first, the staged objects copied under the
    target, the target's objects not in the manifest deleted, then the staging and the manifest. A bucket
    has no atomic rename: during a partitioned commit a reader can see the new objects beside old ones
    that are about to go (never a half-written object). Every step can be repeated, so a commit
    interrupted anywhere is finished by the next call."""
    fs = stores.filesystem()
    if not receipt.get("partitioned"):
        if staging.is_file():
            fs.copy(staging.fs_path, target.fs_path)
            staging.unlink(missing_ok=True)
        elif not target.is_file():
            raise NodeError(f"The staged output for {target.name!r} is gone; nothing to publish.", field="path")
        return
    manifest = _staging_name(target, receipt["stage_id"], "manifest")
    staged = {str(f.relative_to(staging)): f for f in staging.files_below()}
    if manifest.is_file():
        with manifest.open("rb") as handle:
            keys = set(json.loads(handle.read()))
    elif staged:
        keys = set(staged)
        with manifest.open("wb") as handle:
            handle.write(json.dumps(sorted(keys)).encode())
    elif target.exists():
        return  # published before, and tidied
    else:
        raise NodeError(f"The staged output for {target.name!r} is gone; nothing to publish.", field="path")
    for relative, source in staged.items():
        fs.copy(source.fs_path, (target / relative).fs_path)
    stale = [f.fs_path for f in target.files_below() if str(f.relative_to(target)) not in keys]
    if stale:
        fs.rm(stale)
    staging.remove_tree()
    manifest.unlink(missing_ok=True)


# --- written by a Spark cluster (pipelines.sqlbackend.spark) ---------------------------------------------

SPARK_FORMATS = ("parquet", "csv")
SPARK_PART = "__sluice_part_"  # the copies of the partition columns Spark names its directories by
_SAFE_PARTITION_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,127}")


def spark_refusal(config: FileDestinationConfig, schema: pl.Schema, root: Path | ObjectPath) -> tuple[str, str] | None:
    """(why, the field) when the cluster cannot write ``config`` as Polars would (None: it can). NDJSON is not
    refused: its rows come back to the worker, which stages them with ``stage`` (Spark's JSON spells values
    its own way)."""
    if config.format not in SPARK_FORMATS:
        return None
    if isinstance(root, ObjectPath):
        reason = (
            "the cluster writes files on this machine's file system only (object-store paths are not handed to it yet)"
        )
        return reason, "path"
    for name in config.partition_by:
        if not _SAFE_PARTITION_NAME.fullmatch(name) or name.startswith(SPARK_PART):
            return (
                f"partition column {name!r}: on Spark partition columns are named by letters, digits, _ and - only",
                "partition_by",
            )
    if config.format == "csv":
        zones = {dtype.time_zone for dtype in schema.values() if isinstance(dtype, pl.Datetime) and dtype.time_zone}
        if len(zones) > 1:
            return (
                "a CSV with datetimes in several time zones is written by Polars only (Spark writes one zone)",
                "format",
            )
    return None


def spark_write_spec(config: FileDestinationConfig, schema: pl.Schema) -> dict[str, Any]:
    """What the cluster writes: the format, the writer's options (those that make Spark's file read as
    Polars' ``sink_*`` writes it), the partition columns and their copies (Spark leaves its partition columns
    out of the files; Polars keeps them: the copies name the directories and are renamed back), and the
    naive datetime columns (written as TIMESTAMP_NTZ, as Polars writes them, not as UTC instants)."""
    options: dict[str, str] = {}
    if config.format == "parquet":
        options["compression"] = "uncompressed" if config.compression == "none" else config.compression
    else:
        zone = next(
            (d.time_zone for d in schema.values() if isinstance(d, pl.Datetime) and d.time_zone),
            None,
        )
        options = {
            "header": "true",
            "sep": ",",
            "quote": '"',
            "escape": '"',  # a quote inside a value is doubled, as Polars writes it
            "nullValue": "",
            "emptyValue": '""',
            "ignoreLeadingWhiteSpace": "false",
            "ignoreTrailingWhiteSpace": "false",
            "lineSep": "\n",
            "dateFormat": "yyyy-MM-dd",
            "timestampNTZFormat": "yyyy-MM-dd'T'HH:mm:ss.SSSSSS",
            "timestampFormat": "yyyy-MM-dd'T'HH:mm:ss.SSSSSSxx",
        }
        if zone:
            options["timeZone"] = zone
    return {
        "format": config.format,
        "options": options,
        "partition_by": spark_partition_copies(config),
        "naive_datetimes": [n for n, d in schema.items() if isinstance(d, pl.Datetime) and not d.time_zone],
    }


def spark_partition_copies(config: FileDestinationConfig) -> dict[str, str]:
    """The name of each partition column's copy (see ``spark_write_spec``) -> the column."""
    return {f"{SPARK_PART}{i}": name for i, name in enumerate(config.partition_by)}


def _spark_data_files(written: Path) -> list[Path]:
    """The data files Spark wrote under ``written`` (not its _SUCCESS marker or .crc checksums)."""
    return sorted(p for p in written.rglob("*") if p.is_file() and not p.name.startswith((".", "_")))


def _arrange_spark_output(written: Path, staging: Path, config: FileDestinationConfig, parts: dict[str, str]) -> None:
    """Make Spark's output directory ``written`` the staging Polars' ``stage`` would have made: one file
    (overwrite; the cluster wrote one part) or ``col=value/00000000.<ext>`` directories (partitioned)."""
    files = _spark_data_files(written)
    if config.mode == "overwrite":
        if len(files) != 1:
            raise NodeError(f"Spark wrote {len(files)} files for {config.path!r}; expected one.", field="path")
        os.replace(files[0], staging)
        _remove(written)
        return
    for path in sorted(written.rglob("*"), key=lambda p: len(p.parts)):
        if path.is_file() and path not in files:
            path.unlink()
    for directory in sorted((p for p in written.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        name, _, value = directory.name.partition("=")
        if name not in parts:
            raise NodeError(f"Spark wrote an unexpected directory {directory.name!r}.", field="path")
        os.rename(directory, directory.with_name(f"{parts[name]}={value}"))
    for leaf in {f.parent for f in _spark_data_files(written)}:
        for index, path in enumerate(sorted(p for p in leaf.iterdir() if p.is_file())):
            os.rename(path, leaf / f"{index:08d}.{config.format}")
    _remove(staging)
    os.replace(written, staging)


@register
class FileDestination(DestinationType):
    key = "destination.file"
    title = "File"
    description = (
        "Writes CSV, Parquet or NDJSON under the data root: one file, or a directory partitioned by "
        "columns. The output appears whole when the run succeeds, never half-written, and a failed run "
        "leaves the previous output in place."
    )
    icon = "file-earmark-arrow-down"
    inputs = (Port("in", description="The rows to write."),)
    Config = FileDestinationConfig
    example = {"path": "out/sales.parquet", "format": "parquet", "mode": "overwrite"}

    def compile_sql(self, ctx, config: FileDestinationConfig, inputs):
        """On an embedded DuckDB or Spark: the rows to write, staged and published by this type's own two phases."""
        from pipelines.nodes.sqlcompile import SqlOutput, ordered_write, refuse

        if ctx.dialect != "spark" and (ctx.dialect != "duckdb" or ctx.connection is not None):
            raise refuse(
                self,
                "files are written by SQL only on an embedded DuckDB or Spark (a graph of files only)",
                field="path",
            )
        self.check_input(ctx.build, config, inputs["in"].schema)
        if ctx.dialect == "spark":
            refusal = spark_refusal(config, inputs["in"].schema, _root(ctx.build))
            if refusal:
                raise refuse(self, refusal[0], field=refusal[1])
            if config.format in SPARK_FORMATS:  # its checks are measured in Spark SQL (SparkRun._stage)
                from pipelines.nodes.quality_sql import check_measures

                check_measures(config.checks, inputs["in"].schema, dialect="spark")
        return {"in": SqlOutput(ordered_write(inputs["in"], ctx.dialect))}

    def check_input(self, ctx: BuildContext, config: FileDestinationConfig, schema: pl.Schema) -> None:
        checks_validate(config.checks, schema)
        target = target_path(path=config.path, root=_root(ctx), access=ctx.file_access)
        if config.mode == "overwrite" and target.is_dir():
            raise NodeError(f"{config.path!r} is a directory; overwrite mode writes one file.", field="path")
        if config.mode == "partitioned" and target.exists() and not target.is_dir():
            raise NodeError(f"{config.path!r} is a file; partitioned mode writes a directory.", field="path")
        for i, column in enumerate(config.partition_by):
            if column not in schema:
                raise NodeError(
                    f"No column {column!r} to partition by (columns: {', '.join(schema.names())}).",
                    field=f"partition_by.{i}",
                    column=column,
                )
        if config.partition_by and len(config.partition_by) >= len(schema):
            raise NodeError("Every column is a partition column; nothing would be left to write.", field="partition_by")
        if config.format == "csv":
            for column, dtype in schema.items():
                if isinstance(dtype, _NESTED):
                    raise NodeError(
                        f"Column {column!r} is {dtype}, which CSV cannot hold; write Parquet or NDJSON, or "
                        "flatten it first.",
                        field="format",
                        column=column,
                    )

    def group_key(self, config: FileDestinationConfig) -> str:
        return f"file:{config.path}"

    def _prepare(self, ctx: BuildContext, config: FileDestinationConfig) -> tuple[Path, dict[str, Any]]:
        target = target_path(path=config.path, root=_root(ctx), access=ctx.file_access)
        stage_id = _UNSAFE_ID.sub("_", ctx.stage_id)[:80] or uuid.uuid4().hex
        staging = _staging_name(target, stage_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove(staging)  # a retry of the same attempt starts clean
        receipt: dict[str, Any] = {
            "staging": str(staging),
            "target": str(target),
            "stage_id": stage_id,
            "format": config.format,
            "partitioned": config.mode == "partitioned",
        }
        if config.mode == "partitioned":
            staging.mkdir()
            receipt["inode"] = _inode(staging)
        return staging, receipt

    def stage_plan(self, ctx: BuildContext, config: FileDestinationConfig, frame: pl.LazyFrame):
        """(a lazy sink, the receipt): the runner runs the sink in the same pass as the chain feeding it and
        adds ``rows``; ``staged_stats(receipt)`` then measures what was written (rows and bytes)."""
        staging, receipt = self._prepare(ctx, config)
        return _sink(frame, config, staging), receipt

    def staged_stats(self, receipt: dict[str, Any]) -> dict[str, int]:
        """Rows and bytes of what ``receipt`` staged, read back from the written files (Parquet: footers)."""
        files = _staged_files(_path(receipt["staging"]))
        sources, storage_options = stores.polars_sources(files)
        rows = 0
        if files and receipt.get("format") == "parquet":
            scan = pl.scan_parquet(sources, glob=False, storage_options=storage_options)
            rows = scan.select(pl.len()).collect().item()
        elif files and receipt.get("format") == "csv":
            rows = sum(
                pl.scan_csv(f, infer_schema=False, glob=False, storage_options=storage_options)
                .select(pl.len())
                .collect()
                .item()
                for f in sources
            )
        else:
            rows = sum(_count_lines(f) for f in files)  # NDJSON: one record per line
        return {"rows": int(rows), "bytes": sum(f.stat().st_size for f in files)}

    def stage(self, ctx: BuildContext, config: FileDestinationConfig, frame: pl.LazyFrame) -> dict[str, Any]:
        staging, receipt = self._prepare(ctx, config)
        try:
            _sink(frame, config, staging).collect()
            return {**receipt, **self.staged_stats(receipt)}
        except BaseException:
            _remove_failed_stage(staging)
            raise

    def stage_by_cluster(
        self, ctx: BuildContext, config: FileDestinationConfig, write: Callable[[str], int]
    ) -> dict[str, Any]:
        """Staging by a Spark cluster: ``write(path)`` has the cluster write the rows into ``path`` (a
        hidden directory beside the target, ``.<name>.sluice-spark-<stage_id>``) and returns their count
        (Spark's); the directory is then made the staging ``stage`` would have made, with the same receipt,
        so ``commit`` and ``abort`` are unchanged. On any error nothing is left staged."""
        staging, receipt = self._prepare(ctx, config)
        written = _staging_name(_path(receipt["target"]), receipt["stage_id"], "spark")
        _remove(written)
        try:
            rows = write(str(written))
            _arrange_spark_output(written, staging, config, spark_partition_copies(config))
            if receipt["partitioned"]:
                receipt["inode"] = _inode(staging)
            size = sum(f.stat().st_size for f in _staged_files(staging))
        except BaseException:
            # A cancelled job's tasks may still be closing their files: keep removing while they reappear.
            _remove_failed_stage(written, settle=2.0)
            _remove(staging)
            raise
        return {**receipt, "rows": int(rows), "bytes": size}

    def commit(self, ctx: BuildContext, config: FileDestinationConfig, receipt: dict[str, Any]) -> None:
        staging, target = _path(receipt["staging"]), _path(receipt["target"])
        if isinstance(target, ObjectPath):
            _commit_objects(staging, target, receipt)
            return
        if not receipt.get("partitioned"):
            if staging.exists():
                os.replace(staging, target)
            elif not target.exists():
                raise NodeError(f"The staged output for {target.name!r} is gone; nothing to publish.", field="path")
            return
        inode = receipt.get("inode")
        old = _staging_name(target, receipt["stage_id"], "old")
        if inode is not None and _inode(target) == inode:  # already published: tidy up what is left
            _remove(staging)
            _remove(old)
            return
        if not staging.exists():
            if target.exists():
                return
            raise NodeError(f"The staged output for {target.name!r} is gone; nothing to publish.", field="path")
        if not target.exists():
            os.replace(staging, target)
        elif _exchange(staging, target):
            _remove(staging)  # now the previous set
        else:
            _remove(old)
            os.replace(target, old)
            os.replace(staging, target)
        _remove(old)

    def discard(self, ctx: BuildContext, config: FileDestinationConfig) -> None:
        """Remove the staging (and exchange leftover) an attempt under ``ctx.stage_id`` left unrecorded."""
        if not ctx.stage_id:
            return
        try:
            target = target_path(path=config.path, root=_root(ctx))
        except NodeError:
            return  # nothing can have been staged for a path that may not be written
        stage_id = _UNSAFE_ID.sub("_", ctx.stage_id)[:80]
        _remove_failed_stage(_staging_name(target, stage_id), settle=0)
        _remove(_staging_name(target, stage_id, "old"))
        _remove(_staging_name(target, stage_id, "manifest"))
        _remove(_staging_name(target, stage_id, "spark"))

    def abort(self, ctx: BuildContext, config: FileDestinationConfig, receipt: dict[str, Any]) -> None:
        target = _path(receipt["target"])
        # After an exchange it holds the previous set: garbage either way. After a failed sink its writer
        # may still be closing the file.
        _remove_failed_stage(_path(receipt["staging"]))
        if receipt.get("stage_id"):
            _remove(_staging_name(target, receipt["stage_id"], "old"))
            _remove(_staging_name(target, receipt["stage_id"], "manifest"))
            _remove(_staging_name(target, receipt["stage_id"], "spark"))
