"""source.file: the columns and types of the files (metadata only), their checks, and read errors as messages."""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from pipelines.nodes.base import NodeError, polars_message
from pipelines.nodes.sources.file.config import INFER_ROWS, SAMPLE_BYTES, TRANSCODED, FileSourceConfig, _overrides
from pipelines.nodes.sources.file.csv_reader import _csv_options, _csv_scan, _record_end, _transcoded_schema
from pipelines.nodes.sources.file.json_excel_reader import _excel_read, _json_sample
from pipelines.nodes.sources.file.locate import _relative
from pipelines.nodes.transforms.columns import cast_refusal
from pipelines.stores import polars_sources

UTF8_CHECK_BYTES = 1024 * 1024  # bytes of a UTF-8 CSV checked at validation (Polars checks the rest as it reads)
# A UTF-8 CSV bigger than this has its types inferred from its first SAMPLE_BYTES (whole records): Polars' scan
# maps the whole file to infer them, which a file of a few GB cannot do under the interactive pool's
# address-space cap (SLUICE_INTERACTIVE_MEMORY_MB; docs/performance.md).
HEAD_SCHEMA_BYTES = 256 * 1024 * 1024
_DUPLICATE = re.compile(r"^(?P<name>.*)_duplicated_\d+$")


def _raw_schema(config: FileSourceConfig, files: list[Path], fmt: str, root: Path) -> pl.Schema:
    """The columns and types of the files as read (CSV: with the overrides applied while parsing)."""
    if fmt == "csv":
        if config.encoding in TRANSCODED:
            return _transcoded_schema(config, files, root)
        if config.encoding == "utf8":
            for path in files[:10]:
                _check_utf8(path, root)
            if any(path.stat().st_size > HEAD_SCHEMA_BYTES for path in files[:10]):
                return _head_schema(config, files)
        return _csv_scan(config, files).collect_schema()
    if fmt == "parquet":
        return _parquet_scan(files, root).collect_schema()
    if fmt == "ndjson":
        return _ndjson_scan(files).collect_schema()
    if fmt == "json":
        return _json_sample(files[0], INFER_ROWS).schema
    return _excel_read(files[0], config, INFER_ROWS).schema


def _utf8_head(path: Path, quote: str | None) -> bytes:
    """The first SAMPLE_BYTES of ``path``, cut after the last whole record."""
    with path.open("rb") as handle:
        raw = handle.read(SAMPLE_BYTES)
    text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(raw)  # a split last character waits
    return text[: _record_end(text, quote)].encode()


def _head_schema(config: FileSourceConfig, files: list[Path]) -> pl.Schema:
    samples = [_utf8_head(path, config.quote_char) for path in files[:10]]
    return pl.scan_csv(
        samples, infer_schema_length=INFER_ROWS, schema_overrides=_overrides(config) or None, **_csv_options(config)
    ).collect_schema()


def _check_utf8(path: Path, root: Path) -> None:
    """Refuse a file whose first bytes are not UTF-8 now, with a hint, rather than mid-run."""
    with path.open("rb") as handle:
        head = handle.read(UTF8_CHECK_BYTES)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < UTF8_CHECK_BYTES)
    except UnicodeDecodeError as exc:
        raise NodeError(
            f"{_relative(path, root)!r} is not valid UTF-8 (byte {head[exc.start]:#04x} at offset {exc.start}); "
            "set encoding (latin-1, cp1252, utf-16, or utf8-lossy to replace bad bytes).",
            field="encoding",
        ) from exc


def _parquet_scan(files: list[Path], root: Path) -> pl.LazyFrame:
    sources, storage_options = polars_sources(files)
    return pl.scan_parquet(sources, glob=False, hive_partitioning=_hive(files, root), storage_options=storage_options)


def _ndjson_scan(files: list[Path]) -> pl.LazyFrame:
    sources, storage_options = polars_sources(files)
    return pl.scan_ndjson(sources, infer_schema_length=INFER_ROWS, storage_options=storage_options)


def _hive(files: list[Path], root: Path) -> bool:
    return any("=" in part for p in files[:10] for part in p.relative_to(root).parts[:-1])


def _check_columns(config: FileSourceConfig, schema: pl.Schema, files: list[Path], fmt: str, root: Path) -> None:
    if not schema.names():
        raise NodeError(f"{_relative(files[0], root)!r} is empty: no columns to read.", field="path")
    if fmt == "csv":
        for name in schema.names():
            match = _DUPLICATE.match(name)
            if match and match["name"] in schema:
                raise NodeError(
                    f"The header of {_relative(files[0], root)!r} repeats the column {match['name']!r}; "
                    "rename it in the file, or set has_header to false and name the columns with transform.map.",
                    field="has_header",
                    column=match["name"],
                )
    for column, type_name in config.schema_overrides.items():
        if column not in schema:
            raise NodeError(
                f"No column {column!r} to override (columns: {', '.join(schema.names())}).",
                field=f"schema_overrides.{column}",
                column=column,
            )
        refusal = cast_refusal(schema[column], type_name)
        if refusal:
            raise NodeError(f"Column {column!r}: {refusal}.", field=f"schema_overrides.{column}", column=column)


def _read_error(exc: Exception, config: FileSourceConfig, fmt: str, files: list[Path], root: Path) -> NodeError:
    message = polars_message(exc)
    name = _relative(files[0], root) if len(files) == 1 else config.path
    if isinstance(exc, pl.exceptions.NoDataError) or "empty" in message.lower():
        return NodeError(f"{name!r} is empty: no columns to read.", field="path")
    if "utf-8" in message.lower() or "utf8" in message.lower():
        return NodeError(f"{name!r} is not valid UTF-8 ({message}); set encoding.", field="encoding")
    field = "format" if config.format != "auto" else "path"
    return NodeError(f"Cannot read {name!r} as {fmt}: {message}", field=field)


@contextlib.contextmanager
def _reading(config: FileSourceConfig, fmt: str, files: list[Path], root: Path) -> Iterator[None]:
    try:
        yield
    except NodeError:
        raise
    except Exception as exc:  # Polars, fastexcel, OS and JSON errors all become a message about the file
        raise _read_error(exc, config, fmt, files, root) from exc


def _read_schema(config: FileSourceConfig, files: list[Path], fmt: str, root: Path) -> tuple[pl.Schema, pl.Schema]:
    """(columns as read, columns after the overrides): metadata only."""
    with _reading(config, fmt, files, root):
        raw = _raw_schema(config, files, fmt, root)
    _check_columns(config, raw, files, fmt, root)
    overrides = _overrides(config)
    return raw, pl.Schema({c: overrides.get(c, t) for c, t in raw.items()})
