"""destination.file: CSV, Parquet or NDJSON under DATA_ROOT, one file (overwrite) or a directory of
Hive-style partitions. Two-phase: staged beside the target under a hidden name, published by a rename
(a file) or a directory swap (partitions), so readers never see a half-written result."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, Literal

import polars as pl
from pydantic import Field, model_validator

from pipelines.nodes.base import BuildContext, DestinationType, NodeConfig, NodeError, Port
from pipelines.nodes.registry import register
from pipelines.paths import UnsafePathError, data_root, resolve_data_path


class FileDestinationConfig(NodeConfig):
    path: str = Field(
        description="A file (overwrite) or a directory (partitioned) under the data root.",
        min_length=1,
        max_length=1000,
    )
    format: Literal["csv", "parquet", "ndjson"] = Field("parquet", description="File format.")
    mode: Literal["overwrite", "partitioned"] = Field(
        "overwrite", description="One file, or a directory of partitions (col=value/...)."
    )
    partition_by: list[str] = Field(default_factory=list, description="Partitioned mode: the partition columns.")
    compression: Literal["zstd", "snappy", "lz4", "uncompressed"] = Field("zstd", description="Parquet compression.")

    @model_validator(mode="after")
    def _partitions(self):
        if self.mode == "partitioned" and not self.partition_by:
            raise ValueError("partition_by: partitioned mode needs at least one column")
        if self.mode == "partitioned" and self.format != "parquet":
            raise ValueError("format: partitioned output is written as Parquet")
        return self


def _target(ctx: BuildContext, config: FileDestinationConfig) -> Path:
    root = Path(ctx.data_root).resolve() if ctx.data_root else data_root()
    try:
        return resolve_data_path(config.path, root=root)
    except UnsafePathError as exc:
        raise NodeError(str(exc), field="path") from exc


def _staging(target: Path, stage_id: str) -> Path:
    return target.with_name(f".{target.name}.sluice-stage-{stage_id or 'manual'}")


def _sink(frame: pl.LazyFrame, config: FileDestinationConfig, staging: Path, *, lazy: bool):
    if config.mode == "partitioned":
        return frame.sink_parquet(
            pl.PartitionBy(staging, key=config.partition_by), mkdir=True, lazy=lazy, compression=config.compression
        )
    if config.format == "parquet":
        return frame.sink_parquet(staging, compression=config.compression, lazy=lazy)
    if config.format == "csv":
        return frame.sink_csv(staging, lazy=lazy)
    return frame.sink_ndjson(staging, lazy=lazy)


@register
class FileDestination(DestinationType):
    key = "destination.file"
    title = "File"
    description = (
        "Writes CSV, Parquet or NDJSON under the data root: one file, or Parquet partitions by "
        "columns. The file appears whole when the run succeeds, never half-written."
    )
    icon = "file-earmark-arrow-down"
    inputs = (Port("in"),)
    Config = FileDestinationConfig
    example = {"path": "out/sales.parquet", "format": "parquet", "mode": "overwrite"}

    def check_input(self, ctx, config: FileDestinationConfig, schema: pl.Schema) -> None:
        _target(ctx, config)
        for i, column in enumerate(config.partition_by):
            if column not in schema:
                raise NodeError(
                    f"No column {column!r} to partition by (columns: {', '.join(schema.names())}).",
                    field=f"partition_by.{i}",
                    column=column,
                )

    def group_key(self, config) -> str:
        return f"file:{config.path}"

    def _receipt(self, ctx, config) -> tuple[Path, dict[str, Any]]:
        target = _target(ctx, config)
        staging = _staging(target, ctx.stage_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        if staging.is_dir():
            shutil.rmtree(staging)
        elif staging.exists():
            staging.unlink()
        return staging, {"staging": str(staging), "target": str(target), "partitioned": config.mode == "partitioned"}

    def stage_plan(self, ctx, config, frame: pl.LazyFrame):
        """A lazy sink the engine runs in the same pass as a fused chain (no materialisation)."""
        staging, receipt = self._receipt(ctx, config)
        return _sink(frame, config, staging, lazy=True), receipt

    def stage(self, ctx, config, frame: pl.LazyFrame) -> dict[str, Any]:
        staging, receipt = self._receipt(ctx, config)
        _sink(frame, config, staging, lazy=False)
        return receipt

    def commit(self, ctx, config, receipt: dict[str, Any]) -> None:
        staging, target = Path(receipt["staging"]), Path(receipt["target"])
        if not staging.exists():
            return  # already published (a repeated commit is a no-op)
        if receipt.get("partitioned"):
            old = target.with_name(f".{target.name}.sluice-old")
            if old.exists():
                shutil.rmtree(old)
            if target.exists():
                os.replace(target, old)
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)

    def abort(self, ctx, config, receipt: dict[str, Any]) -> None:
        staging = Path(receipt["staging"])
        if staging.is_dir():
            shutil.rmtree(staging, ignore_errors=True)
        elif staging.exists():
            staging.unlink()
