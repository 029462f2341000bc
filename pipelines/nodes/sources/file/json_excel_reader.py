"""source.file, JSON and Excel: read whole (or their first rows), with the sampled schema."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import polars as pl

from pipelines.nodes.base import NodeError, polars_message
from pipelines.nodes.sources.file.config import INFER_ROWS, SAMPLE_BYTES, FileSourceConfig
from pipelines.nodes.sources.file.locate import _relative
from pipelines.nodes.transforms.columns import cast_expr
from pipelines.stores import readable


def _json_head(path: Path, limit: int) -> tuple[bytes, int, bool] | None:
    """The first ``limit`` elements of a top-level JSON array, re-joined as a JSON array: (text, how many,
    whether that is the whole array). None when the file is not an array (a top-level object is read whole)."""
    with path.open("rb") as handle:
        raw = handle.read(SAMPLE_BYTES)
        complete = len(raw) < SAMPLE_BYTES
    text = codecs.getincrementaldecoder("utf-8-sig")(errors="replace").decode(raw, final=complete)
    decoder, items, size = json.JSONDecoder(), [], len(text)

    def skip(at: int) -> int:
        while at < size and text[at] in " \t\r\n":
            at += 1
        return at

    pos = skip(0)
    if pos >= size or text[pos] != "[":
        return None
    pos, whole = pos + 1, False
    while len(items) < limit:
        pos = skip(pos)
        if pos < size and text[pos] == "]":
            whole = True
            break
        try:
            _, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            if complete:
                return None  # not valid JSON: let Polars say why
            break  # the sample ends inside this element
        items.append(text[pos:end])
        pos = skip(end)
        if pos < size and text[pos] == ",":
            pos += 1
    return ("[" + ",".join(items) + "]").encode(), len(items), whole


def _json_sample(path: Path, limit: int) -> pl.DataFrame:
    head = _json_head(path, limit)
    return pl.read_json(readable(path) if head is None else head[0], infer_schema_length=INFER_ROWS)


def _json_read(path: Path, schema: pl.Schema, limit: int | None) -> pl.DataFrame:
    """A dry run's first ``limit`` elements (with the sampled schema), or the whole file (own inference)."""
    head = _json_head(path, limit) if limit is not None else None
    if head is not None and (head[2] or head[1] >= limit):
        return pl.read_json(head[0], schema=schema)
    frame = pl.read_json(readable(path), infer_schema_length=INFER_ROWS)
    return frame if limit is None else frame.head(limit)


def _excel_read(path: Path, config: FileSourceConfig, limit: int | None) -> pl.DataFrame:
    sheet = {"sheet_name": config.sheet} if isinstance(config.sheet, str) else {"sheet_id": (config.sheet or 0) + 1}
    try:
        return pl.read_excel(
            readable(path),
            engine="calamine",
            infer_schema_length=INFER_ROWS,
            read_options={"n_rows": limit} if limit is not None else None,
            **sheet,
        )
    except Exception as exc:  # fastexcel raises its own exception types
        message = polars_message(exc)
        if "sheet" in message.lower() and ("not found" in message or "no matching" in message):
            raise NodeError(f"{path.name!r}: {message}", field="sheet") from exc
        raise


def _eager_frames(config, files, fmt, root, raw: pl.Schema, limit: int | None, strict: bool) -> pl.DataFrame:
    """JSON or Excel files read whole (or their first ``limit`` rows) with the final column types.

    A run (``strict``) refuses a column whose type over the whole file differs from the one its first
    rows gave (the schema validation showed): that would silently change or truncate values."""
    frames = []
    for path in files:
        frame = _json_read(path, raw, limit) if fmt == "json" else _excel_read(path, config, limit)
        name = _relative(path, root)
        if frame.columns != raw.names():
            raise NodeError(
                f"{name!r} has the columns {', '.join(frame.columns)}; expected {', '.join(raw.names())} "
                "(all files must have the same columns, as the first rows showed).",
                field="path",
            )
        casts = []
        for column, dtype in frame.schema.items():
            if column in config.schema_overrides:
                casts.append(cast_expr(column, dtype, config.schema_overrides[column], strict=True))
            elif dtype != raw[column]:
                if strict:
                    raise NodeError(
                        f"Column {column!r} of {name!r} reads as {raw[column]} in the first rows (the schema sample) "
                        f"but as {dtype} over the whole file; set schema_overrides.{column}.",
                        field=f"schema_overrides.{column}",
                        column=column,
                    )
                casts.append(pl.col(column).cast(raw[column]))
        frames.append(frame.with_columns(casts) if casts else frame)
        if limit is not None:
            limit -= frame.height
            if limit <= 0:
                break
    return pl.concat(frames, how="vertical")
