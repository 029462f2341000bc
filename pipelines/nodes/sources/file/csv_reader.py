"""source.file, CSV: Polars' own scan for UTF-8, and a lazy record-aligned transcoding scan for the other encodings."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
from polars.io.plugins import register_io_source

from pipelines.nodes.base import NodeError
from pipelines.nodes.sources.file.config import INFER_ROWS, SAMPLE_BYTES, TRANSCODED, FileSourceConfig, _overrides
from pipelines.nodes.sources.file.locate import _relative
from pipelines.stores import polars_sources

MAX_RECORD_CHARS = 64 * 1024 * 1024  # longest CSV record a transcoded read accepts


def _csv_options(config: FileSourceConfig) -> dict[str, Any]:
    return {
        "separator": config.delimiter,
        "has_header": config.has_header,
        "quote_char": config.quote_char,
        "null_values": config.null_values or None,
        "skip_rows": config.skip_rows,
    }


def _csv_scan(config: FileSourceConfig, files: list[Path]) -> pl.LazyFrame:
    sources, storage_options = polars_sources(files)
    return pl.scan_csv(
        sources,
        storage_options=storage_options,
        encoding=config.encoding,
        infer_schema_length=INFER_ROWS,
        schema_overrides=_overrides(config) or None,
        glob=False,
        **_csv_options(config),
    )


def _record_end(text: str, quote: str | None) -> int:
    """Offset just after the last line break of ``text`` outside quotes (0: none)."""
    pos = text.rfind("\n")
    if quote is None or pos < 0:
        return pos + 1
    quotes = text.count(quote, 0, pos)
    while pos >= 0:
        if quotes % 2 == 0:
            return pos + 1
        previous = text.rfind("\n", 0, pos)
        quotes -= text.count(quote, max(previous, 0), pos)
        pos = previous
    return 0


def _decoded_chunks(path: Path, config: FileSourceConfig, root: Path) -> Iterator[str]:
    """The text of ``path`` in UTF-8 chunks that each end at a record boundary."""
    decoder = codecs.getincrementaldecoder(TRANSCODED[config.encoding])()
    carry = ""
    with path.open("rb") as handle:
        while True:
            raw = handle.read(SAMPLE_BYTES)
            try:
                text = carry + decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as exc:
                raise NodeError(
                    f"{_relative(path, root)!r} is not valid {config.encoding} text ({exc.reason}); "
                    "choose another encoding.",
                    field="encoding",
                ) from exc
            if not raw:
                if text:
                    yield text
                return
            cut = _record_end(text, config.quote_char)
            if cut:
                yield text[:cut]
            carry = text[cut:]
            if len(carry) > MAX_RECORD_CHARS:
                raise NodeError(
                    f"{_relative(path, root)!r} has a record longer than {MAX_RECORD_CHARS // 2**20} MiB "
                    "(an unclosed quote?); check quote_char.",
                    field="quote_char",
                )


def _first_chunk(path: Path, config: FileSourceConfig, root: Path) -> bytes:
    chunks = _decoded_chunks(path, config, root)
    try:
        return next(chunks, "").encode()
    finally:
        chunks.close()


def _transcoded_schema(config: FileSourceConfig, files: list[Path], root: Path) -> pl.Schema:
    samples = [_first_chunk(p, config, root) for p in files[:10]]
    return pl.scan_csv(
        samples, infer_schema_length=INFER_ROWS, schema_overrides=_overrides(config) or None, **_csv_options(config)
    ).collect_schema()


def _transcoded_scan(config: FileSourceConfig, files: list[Path], root: Path, schema: pl.Schema) -> pl.LazyFrame:
    options = _csv_options(config)

    def batches(with_columns, predicate, n_rows, batch_size) -> Iterator[pl.DataFrame]:
        left = n_rows
        for path in files:
            for index, chunk in enumerate(_decoded_chunks(path, config, root)):
                first = index == 0
                frame = pl.read_csv(
                    chunk.encode(),
                    schema=schema,
                    raise_if_empty=False,
                    **{**options, "has_header": first and config.has_header, "skip_rows": options["skip_rows"] * first},
                )
                if predicate is not None:
                    frame = frame.filter(predicate)
                if with_columns is not None:
                    frame = frame.select(with_columns)
                if left is not None:
                    frame = frame.head(left)
                    left -= frame.height
                yield frame
                if left == 0:
                    return

    return register_io_source(batches, schema=schema, explain_name="sluice-transcoded-csv")
