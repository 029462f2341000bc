"""source.file: CSV, JSON, NDJSON, Parquet or Excel files under DATA_ROOT (uploads live in uploads/).

``path`` is one file, a glob (``sales/*.csv``, ``logs/**/*.ndjson``: every match is read, in sorted order,
as one table) or a directory (every file of the format below it; Hive-style ``key=value`` folders,
as ``destination.file`` writes them, come back as columns). Every path goes through
``pipelines.paths.resolve_data_path``, matches of a glob included, so nothing outside the data root is read,
and nothing the pipeline may not open (``BuildContext.file_access``, the sharing rule of docs/files.md): a
path in another user's upload area reads as one that does not exist, and a glob or directory skips the
files it may not open.

Validation and runs agree on the schema by construction: ``output_schema`` and ``build`` call the same
``_read_schema``, which reads metadata only (CSV/NDJSON: the header and the first ``INFER_ROWS`` rows;
Parquet: the footer; JSON arrays: the first elements; Excel: the first rows), and JSON, Excel and
transcoded CSV are then read *with* that schema. Decisions:

* Encodings: ``utf8`` and ``utf8-lossy`` are read by Polars natively; ``latin-1``, ``cp1252`` and ``utf-16``
  are transcoded on the fly in record-aligned (quote-aware) 8 MiB chunks by a lazy Python scan: memory
  stays bounded and a dry run stops after its sample.
* A CSV header that repeats a column name is refused (Polars would silently rename the second to
  ``name_duplicated_0``); the message names the column and suggests ``has_header: false``.
* An empty file (not even a header) is refused; a header-only CSV is a table with zero rows.
* All files of a glob must have the same format and the same columns; hidden files never match.
* Schema overrides are applied while parsing CSV (so ``"007"`` read as string keeps its zeros) and as a
  strict cast for the other formats (a value that does not fit fails the run, it is never nulled).
* Injected dry-run rows are returned exactly as given (same rows, same keys), typed by the overrides or,
  where the file can be read, by the file's own column types.
"""

from __future__ import annotations

import codecs
import contextlib
import glob as globlib
import json
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal

import polars as pl
from polars.io.plugins import register_io_source
from pydantic import Field, StringConstraints, field_validator

from pipelines.nodes.base import BuildContext, NodeConfig, NodeError, NodeType, Port, polars_message
from pipelines.nodes.dtypes import DTYPES, TypeName, dtype_from_name
from pipelines.nodes.registry import register
from pipelines.nodes.transforms.columns import cast_expr, cast_refusal
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
INFER_ROWS = 10_000  # rows whose values decide the column types
SAMPLE_BYTES = 8 * 1024 * 1024  # bytes read for the metadata of a JSON array or a transcoded CSV
MAX_RECORD_CHARS = 64 * 1024 * 1024  # longest CSV record a transcoded read accepts
UTF8_CHECK_BYTES = 1024 * 1024  # bytes of a UTF-8 CSV checked at validation (Polars checks the rest as it reads)
_SUFFIXES = {"csv": ".csv .tsv .txt", "json": ".json", "ndjson": ".ndjson .jsonl", "parquet": ".parquet .pq"}
_SUFFIXES["excel"] = ".xlsx .xlsm .xls .ods"
EXTENSIONS = {suffix: fmt for fmt, suffixes in _SUFFIXES.items() for suffix in suffixes.split()}  # ".csv" -> "csv"
TRANSCODED = {"latin-1": "latin-1", "cp1252": "cp1252", "utf-16": "utf-16"}  # config name -> Python codec
_DUPLICATE = re.compile(r"^(?P<name>.*)_duplicated_\d+$")

OneChar = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1, max_length=1)]


class FileSourceConfig(NodeConfig):
    path: str = Field(
        description="Path under the data root: a file (sales/2026-01.csv), a glob read as one table "
        "(sales/*.csv, logs/**/*.ndjson) or a directory. Uploaded files are under uploads/<user id>/; a glob "
        "or directory skips files the pipeline may not open.",
        min_length=1,
        max_length=1000,
    )
    format: Literal["auto", "csv", "json", "ndjson", "parquet", "excel"] = Field(
        "auto",
        description="File format; auto picks it from the extension (.csv .tsv .txt, .json, .ndjson .jsonl, "
        ".parquet .pq, .xlsx .xls .ods).",
    )
    delimiter: OneChar = Field(",", description="CSV: the field separator, one character (a tab is \\t).")
    has_header: bool = Field(True, description="CSV: the first line names the columns (else column_0, column_1...).")
    encoding: Literal["utf8", "utf8-lossy", "latin-1", "cp1252", "utf-16"] = Field(
        "utf8",
        description="CSV: text encoding. utf8-lossy replaces invalid bytes; latin-1, cp1252 and utf-16 are "
        "transcoded to UTF-8 while reading.",
    )
    null_values: list[Annotated[str, StringConstraints(strip_whitespace=False)]] = Field(
        default_factory=list, max_length=100, description="CSV: values read as null (e.g. NA, -). Empty cells are null."
    )
    skip_rows: int = Field(0, ge=0, le=1_000_000, description="CSV: lines to skip before the header.")
    quote_char: Annotated[str, StringConstraints(strip_whitespace=False, max_length=1)] | None = Field(
        '"', description="CSV: the quote character; empty or null for none."
    )
    sheet: Annotated[int, Field(ge=0)] | Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        None, description="Excel: the sheet name, or its position counting from 0 (default: the first sheet)."
    )
    schema_overrides: dict[str, TypeName] = Field(
        default_factory=dict,
        max_length=1000,
        description="Column -> type to use instead of the inferred one (string, int64, int32, float64, float32, "
        "boolean, date, datetime, categorical...).",
    )

    @field_validator("delimiter", "quote_char")
    @classmethod
    def _one_byte(cls, value: str | None) -> str | None:
        if value and (not value.isascii() or value in "\r\n"):
            raise ValueError("must be a single ASCII character other than a line break")
        return value or None


# --- which files ---------------------------------------------------------------------------------


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


def _overrides(config: FileSourceConfig) -> dict[str, pl.DataType]:
    return {column: dtype_from_name(name) for column, name in config.schema_overrides.items()}


# --- CSV ------------------------------------------------------------------------------------------


def _csv_options(config: FileSourceConfig) -> dict[str, Any]:
    return {
        "separator": config.delimiter,
        "has_header": config.has_header,
        "quote_char": config.quote_char,
        "null_values": config.null_values or None,
        "skip_rows": config.skip_rows,
    }


def _csv_scan(config: FileSourceConfig, files: list[Path]) -> pl.LazyFrame:
    return pl.scan_csv(
        files,
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


# --- JSON and Excel (read whole, with the sampled schema) ---------------------------------------------


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
    return pl.read_json(path if head is None else head[0], infer_schema_length=INFER_ROWS)


def _json_read(path: Path, schema: pl.Schema, limit: int | None) -> pl.DataFrame:
    """A dry run's first ``limit`` elements (with the sampled schema), or the whole file (own inference)."""
    head = _json_head(path, limit) if limit is not None else None
    if head is not None and (head[2] or head[1] >= limit):
        return pl.read_json(head[0], schema=schema)
    frame = pl.read_json(path, infer_schema_length=INFER_ROWS)
    return frame if limit is None else frame.head(limit)


def _excel_read(path: Path, config: FileSourceConfig, limit: int | None) -> pl.DataFrame:
    sheet = {"sheet_name": config.sheet} if isinstance(config.sheet, str) else {"sheet_id": (config.sheet or 0) + 1}
    try:
        return pl.read_excel(
            path,
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


# --- schema and frame -------------------------------------------------------------------------------


def _raw_schema(config: FileSourceConfig, files: list[Path], fmt: str, root: Path) -> pl.Schema:
    """The columns and types of the files as read (CSV: with the overrides applied while parsing)."""
    if fmt == "csv":
        if config.encoding in TRANSCODED:
            return _transcoded_schema(config, files, root)
        if config.encoding == "utf8":
            for path in files[:10]:
                _check_utf8(path, root)
        return _csv_scan(config, files).collect_schema()
    if fmt == "parquet":
        return pl.scan_parquet(files, glob=False, hive_partitioning=_hive(files, root)).collect_schema()
    if fmt == "ndjson":
        return pl.scan_ndjson(files, infer_schema_length=INFER_ROWS).collect_schema()
    if fmt == "json":
        return _json_sample(files[0], INFER_ROWS).schema
    return _excel_read(files[0], config, INFER_ROWS).schema


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


def _frame(config: FileSourceConfig, root: Path, limit: int | None, access: FileAccess | None) -> pl.LazyFrame:
    files = source_files(path=config.path, root=root, directory_extensions=_wanted(config), access=access)
    fmt = _format(config, files, root)
    raw, final = _read_schema(config, files, fmt, root)
    if fmt == "csv":
        if config.encoding in TRANSCODED:
            frame = _transcoded_scan(config, files, root, raw)
        else:
            frame = _csv_scan(config, files)
        return frame.head(limit) if limit is not None else frame
    if fmt == "parquet":
        frame = pl.scan_parquet(files, glob=False, hive_partitioning=_hive(files, root))
    elif fmt == "ndjson":
        frame = pl.scan_ndjson(files, infer_schema_length=INFER_ROWS)
    else:
        with _reading(config, fmt, files, root):
            return _eager_frames(config, files, fmt, root, raw, limit, strict=limit is None).lazy()
    if limit is not None:
        frame = frame.head(limit)
    casts = [cast_expr(c, raw[c], config.schema_overrides[c], strict=True) for c in final if raw[c] != final[c]]
    return frame.with_columns(casts) if casts else frame


def _wanted(config: FileSourceConfig) -> set[str]:
    fmt = config.format
    return {ext for ext, f in EXTENSIONS.items() if fmt in ("auto", f)}


def _within(seconds: float | None, what: str, work: Callable[[], Any]) -> Any:
    """``work()``, or NodeError(field="path") when it takes longer than ``seconds`` (it is left to finish)."""
    if not seconds:
        return work()
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc

    thread = threading.Thread(target=target, name="sluice-file-metadata", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        message = f"Reading the columns of {what!r} took longer than {seconds:g} s."
        raise NodeError(message, field="path", code="timeout")
    if "error" in box:
        raise box["error"]
    return box["value"]


def file_schema(
    *, config: FileSourceConfig, root: Path, timeout: float | None = None, access: FileAccess | None = None
) -> pl.Schema:
    """The output schema of a file source config (metadata only, within ``timeout`` seconds)."""

    def work() -> pl.Schema:
        files = source_files(path=config.path, root=root, directory_extensions=_wanted(config), access=access)
        return _read_schema(config, files, _format(config, files, root), root)[1]

    return _within(timeout, config.path, work)


def _injected(ctx: BuildContext, config: FileSourceConfig, root: Path) -> pl.LazyFrame:
    try:
        known = dict(file_schema(config=config, root=root, timeout=ctx.timeout, access=ctx.file_access))
    except NodeError:
        known = {}  # test rows need no file
    frame = pl.DataFrame(ctx.injected_rows or [], infer_schema_length=None)
    for column in frame.columns:
        target = config.schema_overrides.get(column) or _type_name(known.get(column))
        source = frame.schema[column]
        if target is None or source == dtype_from_name(target) or cast_refusal(source, target):
            continue
        try:
            frame = frame.with_columns(cast_expr(column, source, target, strict=True))
        except pl.exceptions.PolarsError as exc:
            raise NodeError(
                f"Injected rows: column {column!r} cannot be read as {target}: {polars_message(exc)}", column=column
            ) from exc
    return frame.lazy()


def _type_name(dtype: pl.DataType | None) -> str | None:
    return next((name for name, known in DTYPES.items() if dtype is not None and dtype == known), None)


@register
class FileSource(NodeType):
    key = "source.file"
    family = "source"
    title = "File"
    description = (
        "Reads CSV, JSON, NDJSON, Parquet or Excel files under the data root: one file, a glob (sales/*.csv) "
        "read as one table, or a directory. Uploaded files are in uploads/<user id>/. A pipeline opens the "
        "shared files and the uploads its owner may read (their own, and those of users who share a group "
        "with them; see docs/files.md); any other file reads as one that does not exist. Paths that leave "
        "the data root or have a component starting with '.' are refused."
    )
    icon = "file-earmark-text"
    inputs = ()
    outputs = (Port("out", description="The rows of the file(s)."),)
    Config = FileSourceConfig
    example = {
        "path": "demo/sales.csv",
        "format": "csv",
        "delimiter": ",",
        "null_values": ["NA"],
        "schema_overrides": {"amount": "float64"},
    }

    def output_schema(self, ctx: BuildContext, config: FileSourceConfig, inputs) -> dict[str, pl.Schema]:
        return {"out": file_schema(config=config, root=_root(ctx), timeout=ctx.timeout, access=ctx.file_access)}

    def build(self, ctx: BuildContext, config: FileSourceConfig, inputs) -> dict[str, pl.LazyFrame]:
        root = _root(ctx)
        if ctx.injected_rows is not None:
            return {"out": _injected(ctx, config, root)}
        limit = ctx.sample_rows if ctx.mode == "dry_run" and ctx.sample_rows else None
        return {"out": _frame(config, root, limit, ctx.file_access)}
