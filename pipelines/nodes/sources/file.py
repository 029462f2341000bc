"""source.file: CSV, JSON, NDJSON, Parquet or Excel files under DATA_ROOT (uploads live in uploads/),
one file or a glob of them, with schema overrides.

The schema comes from the same scan that runs (``build`` over the files, then ``collect_schema``),
which for CSV/NDJSON infers from the first rows and for Parquet reads the footer only."""

from __future__ import annotations

import glob as globlib
import io
from pathlib import Path
from typing import Literal

import polars as pl
from pydantic import Field, field_validator

from pipelines.nodes.base import BuildContext, NodeConfig, NodeError, NodeType, Port, polars_message
from pipelines.nodes.dtypes import TypeName, dtype_from_name
from pipelines.nodes.registry import register
from pipelines.paths import UnsafePathError, data_root, resolve_data_path

MAX_FILES = 10_000
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".json": "json",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "excel",
    ".xls": "excel",
}
Format = Literal["auto", "csv", "json", "ndjson", "parquet", "excel"]


class FileSourceConfig(NodeConfig):
    path: str = Field(
        description="Path under the data root (e.g. sales/2026-*.csv); a glob reads every match "
        "as one table. Uploaded files are under uploads/.",
        min_length=1,
        max_length=1000,
    )
    format: Format = Field("auto", description="File format; auto picks it from the extension.")
    delimiter: str = Field(",", min_length=1, max_length=1, description="CSV: the field separator.")
    has_header: bool = Field(True, description="CSV: the first line names the columns.")
    encoding: Literal["utf8", "utf8-lossy", "latin-1", "cp1252"] = Field(
        "utf8", description="CSV: text encoding (latin-1 and cp1252 are transcoded to UTF-8 when read)."
    )
    null_values: list[str] = Field(default_factory=list, description="CSV: values read as null (e.g. NA, -).")
    skip_rows: int = Field(0, ge=0, le=1_000_000, description="CSV: lines to skip before the header.")
    quote_char: str | None = Field('"', max_length=1, description="CSV: the quote character (empty: none).")
    sheet: str | None = Field(None, description="Excel: the sheet name (default: the first sheet).")
    schema_overrides: dict[str, TypeName] = Field(
        default_factory=dict, description="Column types to use instead of inferred ones."
    )

    @field_validator("path")
    @classmethod
    def _no_escape(cls, value: str) -> str:
        if value.startswith("/") or ".." in Path(value).parts or "\x00" in value:
            raise ValueError("give a path relative to the data root, without '..'")
        return value


def _files(config: FileSourceConfig, root: Path) -> list[Path]:
    try:
        if globlib.has_magic(config.path):
            resolve_data_path(config.path.split("*")[0].rsplit("/", 1)[0] or ".", root=root)
            matches = sorted(p for p in root.glob(config.path) if p.is_file())
            safe = [resolve_data_path(str(p.relative_to(root)), root=root) for p in matches[: MAX_FILES + 1]]
            if not safe:
                raise NodeError(f"No file matches {config.path!r} under the data root.", field="path")
            if len(safe) > MAX_FILES:
                raise NodeError(f"{config.path!r} matches more than {MAX_FILES} files.", field="path")
            return safe
        path = resolve_data_path(config.path, root=root, must_exist=True)
    except UnsafePathError as exc:
        raise NodeError(str(exc), field="path") from exc
    if not path.is_file():
        raise NodeError(f"{config.path!r} is not a file.", field="path")
    return [path]


def _format(config: FileSourceConfig, path: Path) -> str:
    if config.format != "auto":
        return config.format
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise NodeError(f"Cannot tell the format of {path.name!r}; set format.", field="format")
    return fmt


def _csv(config: FileSourceConfig, files: list[Path]) -> pl.LazyFrame:
    options = {
        "separator": config.delimiter,
        "has_header": config.has_header,
        "null_values": config.null_values or None,
        "skip_rows": config.skip_rows,
        "quote_char": config.quote_char or None,
        "infer_schema_length": 10_000,
    }
    if config.encoding in ("utf8", "utf8-lossy"):
        return pl.scan_csv(files, encoding=config.encoding, **options)
    frames = [pl.read_csv(io.BytesIO(p.read_bytes().decode(config.encoding).encode()), **options) for p in files]
    return pl.concat(frames, how="diagonal_relaxed").lazy()


def _scan(config: FileSourceConfig, root: Path) -> pl.LazyFrame:
    files = _files(config, root)
    fmt = _format(config, files[0])
    try:
        if fmt == "csv":
            frame = _csv(config, files)
        elif fmt == "parquet":
            frame = pl.scan_parquet(files)
        elif fmt == "ndjson":
            frame = pl.scan_ndjson(files, infer_schema_length=10_000)
        elif fmt == "json":
            frame = pl.concat([pl.read_json(p) for p in files], how="diagonal_relaxed").lazy()
        else:
            frame = pl.concat(
                [pl.read_excel(p, sheet_name=config.sheet, engine="calamine") for p in files], how="diagonal_relaxed"
            ).lazy()
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        raise NodeError(f"Cannot read {config.path!r} as {fmt}: {polars_message(exc)}", field="path") from exc
    if config.schema_overrides:
        schema = frame.collect_schema()
        missing = [c for c in config.schema_overrides if c not in schema]
        if missing:
            raise NodeError(
                f"No column {missing[0]!r} to override (columns: {', '.join(schema.names())}).",
                field=f"schema_overrides.{missing[0]}",
                column=missing[0],
            )
        frame = frame.with_columns(
            pl.col(c).cast(dtype_from_name(t), strict=False) for c, t in config.schema_overrides.items()
        )
    return frame


@register
class FileSource(NodeType):
    key = "source.file"
    family = "source"
    title = "File"
    description = (
        "Reads CSV, JSON, NDJSON, Parquet or Excel files under the data root (a path or a glob; "
        "uploaded files are in uploads/). Paths that leave the data root are refused."
    )
    icon = "file-earmark-text"
    inputs = ()
    outputs = (Port("out"),)
    Config = FileSourceConfig
    example = {
        "path": "demo/sales.csv",
        "format": "csv",
        "delimiter": ",",
        "null_values": ["NA"],
        "schema_overrides": {"amount": "float64"},
    }

    def build(self, ctx: BuildContext, config: FileSourceConfig, inputs) -> dict[str, pl.LazyFrame]:
        root = Path(ctx.data_root).resolve() if ctx.data_root else data_root()
        if ctx.injected_rows is not None:  # a dry run's test rows, typed like the file when it can be read
            try:
                schema = dict(_scan(config, root).collect_schema())
            except NodeError:
                schema = {}
            columns = {k for row in ctx.injected_rows for k in row}
            overrides = {k: v for k, v in schema.items() if k in columns}
            return {"out": pl.LazyFrame(ctx.injected_rows, schema_overrides=overrides, strict=False)}
        frame = _scan(config, root)
        if ctx.mode == "dry_run" and ctx.sample_rows:
            frame = frame.head(ctx.sample_rows)
        return {"out": frame}
