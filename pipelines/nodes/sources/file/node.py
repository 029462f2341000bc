"""source.file: the frame a run or a dry run reads, the schema within a time limit, and the node type."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.nodes.base import BuildContext, NodeError, NodeType, Port, polars_message
from pipelines.nodes.dtypes import DTYPES, dtype_from_name
from pipelines.nodes.registry import register
from pipelines.nodes.sources.file.config import TRANSCODED, FileSourceConfig
from pipelines.nodes.sources.file.csv_reader import _csv_scan, _transcoded_scan
from pipelines.nodes.sources.file.json_excel_reader import _eager_frames
from pipelines.nodes.sources.file.locate import _format, _root, _wanted, source_files
from pipelines.nodes.sources.file.schema import _ndjson_scan, _parquet_scan, _read_schema, _reading
from pipelines.nodes.transforms.columns import cast_expr, cast_refusal
from pipelines.paths import (
    FileAccess,
)


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
        frame = _parquet_scan(files, root)
    elif fmt == "ndjson":
        frame = _ndjson_scan(files)
    else:
        with _reading(config, fmt, files, root):
            return _eager_frames(config, files, fmt, root, raw, limit, strict=limit is None).lazy()
    if limit is not None:
        frame = frame.head(limit)
    casts = [cast_expr(c, raw[c], config.schema_overrides[c], strict=True) for c in final if raw[c] != final[c]]
    return frame.with_columns(casts) if casts else frame


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


_SPARK_CSV_TYPES = (pl.Int64, pl.Float64, pl.String, pl.Boolean)
_SPARK_NULL_MARK = "\x00sluice-null\x00"


def _spark_csv_options(node_type, config: FileSourceConfig, schema: pl.Schema) -> dict[str, str]:
    """Spark's CSV reader options that read the files as Polars reads them: the same separator, header and
    quote (doubled to escape, none when quote_char is empty), an empty field null and a quoted empty one text,
    values spanning lines inside quotes, no trimming, and any malformed record an error (FAILFAST); the
    columns are read as text by position and cast by the SQL. What Spark cannot read alike is refused:
    skipped lines (it has no such option), other encodings than UTF-8, and columns Polars infers as other
    types than integer, float, text and boolean."""
    from pipelines.nodes.sqlcompile import refuse

    if config.skip_rows:
        raise refuse(node_type, "skip_rows: Spark's CSV reader cannot skip lines before the header", field="skip_rows")
    if config.encoding not in ("utf8", "utf8-lossy"):
        raise refuse(node_type, f"{config.encoding} text is decoded by Polars only", field="encoding")
    for name, dtype in schema.items():
        if dtype not in _SPARK_CSV_TYPES:
            raise refuse(node_type, f"column {name!r} is read as {dtype}, which Spark reads otherwise", field="path")
    return {
        "header": "true" if config.has_header else "false",
        "enforceSchema": "true",  # the columns by position, named as Polars named them
        "sep": config.delimiter,
        "quote": config.quote_char or "",
        "escape": config.quote_char or "\\",
        # An unquoted empty field is null and a quoted one ("") text, as in Polars: Spark makes null what
        # equals nullValue, so the parser's value for an unquoted empty field is a marker no file holds.
        "nullValue": _SPARK_NULL_MARK,
        "emptyValue": "",
        "multiLine": "true",
        "ignoreLeadingWhiteSpace": "false",
        "ignoreTrailingWhiteSpace": "false",
        "mode": "FAILFAST",
        "encoding": "UTF-8",
    }


def _csv_reader(node_type, config: FileSourceConfig, paths, schema: pl.Schema):
    """DuckDB's ``read_csv`` reading the files as Polars reads them: the columns and types Polars inferred
    (no sniffing of its own), the same separator, quote (doubled to escape), header, skipped lines and null
    values (an empty field is null, a quoted empty one is text)."""
    from sqlglot import exp

    from pipelines.nodes.sqlcompile import refuse, sql_type

    if config.encoding != "utf8":
        raise refuse(node_type, f"{config.encoding} text is decoded by Polars only", field="encoding")
    if not config.quote_char:
        raise refuse(node_type, "a CSV without a quote character is read by Polars only", field="quote_char")
    for name, dtype in schema.items():
        if dtype not in (pl.Int64, pl.Float64, pl.String, pl.Boolean):
            raise refuse(node_type, f"column {name!r} is read as {dtype}, which DuckDB reads otherwise", field="path")

    def option(name: str, value: exp.Expression) -> exp.Expression:
        return exp.EQ(this=exp.var(name), expression=value)

    columns = exp.Struct(
        expressions=[
            exp.PropertyEQ(this=exp.Literal.string(name), expression=exp.Literal.string(sql_type(dtype).sql("duckdb")))
            for name, dtype in schema.items()
        ]
    )
    nulls = exp.Array(expressions=[exp.Literal.string(v) for v in ["", *config.null_values]])
    return exp.Anonymous(
        this="read_csv",
        expressions=[
            paths,
            option("columns", columns),
            option("header", exp.Boolean(this=config.has_header)),
            option("delim", exp.Literal.string(config.delimiter)),
            option("quote", exp.Literal.string(config.quote_char)),
            option("escape", exp.Literal.string(config.quote_char)),
            option("skip", exp.Literal.number(config.skip_rows)),
            option("nullstr", nulls),
            option("allow_quoted_nulls", exp.false()),
            option("auto_detect", exp.false()),
        ],
    )


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

    def compile_sql(self, ctx, config: FileSourceConfig, inputs):
        """Parquet or UTF-8 CSV files on an embedded DuckDB: ``read_parquet``/``read_csv`` over the very files
        the Polars reader would open (the same path checks and file access), columns cast to the types Polars
        reads (a CSV's as Polars inferred them)."""
        from sqlglot import exp

        from pipelines.nodes.sqlcompile import SqlOutput, col, refuse, select_from, typed_select

        spark = ctx.dialect == "spark"
        if not spark and (ctx.dialect != "duckdb" or ctx.connection is not None):
            raise refuse(self, "files are read by SQL only on an embedded DuckDB (a graph of files only)", field="path")
        root = _root(ctx.build)
        if not isinstance(root, Path):
            raise refuse(self, "files on an object store are not read by the embedded DuckDB yet", field="path")
        files = source_files(
            path=config.path, root=root, directory_extensions=_wanted(config), access=ctx.build.file_access
        )
        fmt = _format(config, files, root)
        if fmt not in ("parquet", "csv"):
            raise refuse(self, f"{fmt} files are read by SQL only as Parquet or CSV", field="format")
        if config.schema_overrides:
            raise refuse(
                self, "schema_overrides are Polars conversions; cast in a map node instead", field="schema_overrides"
            )
        schema = ctx.output_schemas["out"]
        if spark:
            return {"out": self._spark_read(ctx, config, files, root, fmt, schema)}
        paths = exp.Array(expressions=[exp.Literal.string(str(f)) for f in files])
        if fmt == "parquet":
            options = [exp.EQ(this=exp.var("hive_partitioning"), expression=exp.false())]
            reader = exp.Anonymous(this="read_parquet", expressions=[paths, *options])
        else:
            reader = _csv_reader(self, config, paths, schema)
        if any("=" in part for f in files[:10] for part in f.relative_to(root).parts[:-1]):
            raise refuse(self, "hive-partitioned directories are not read by SQL yet", field="path")
        base = select_from(exp.Table(this=reader), *(col(c) for c in schema.names()))
        return {"out": SqlOutput(typed_select(base, {c: col(c) for c in schema.names()}, schema))}

    def _spark_read(self, ctx, config: FileSourceConfig, files: list[Path], root: Path, fmt: str, schema: pl.Schema):
        """On Spark: the very files the Polars reader opens, read by the runner as a temp view of their own
        (ctx.reports["spark_read"]: ``spark.read.parquet(*files)``, or for CSV ``spark.read.csv`` with every
        column as text, see ``_spark_csv_options``), selected and cast to Polars' types (a CSV's as Polars
        inferred them, its null_values made null first). The cluster must reach the paths (the same file
        system here; s3a:// in production)."""
        import hashlib

        from sqlglot import exp

        from pipelines.nodes.sqlcompile import SqlOutput, col, refuse, typed_select

        if any("=" in part for f in files[:10] for part in f.relative_to(root).parts[:-1]):
            raise refuse(self, "hive-partitioned directories are not read by SQL yet", field="path")
        view = "__sluice_read_" + hashlib.sha256(ctx.node_key.encode()).hexdigest()[:16]
        read: dict[str, Any] = {"view": view, "format": fmt, "paths": [str(f) for f in files]}
        columns = {c: col(c) for c in schema.names()}
        if fmt == "csv":
            read.update(columns=list(schema.names()), options=_spark_csv_options(self, config, schema))
            if config.null_values:
                nulls = [exp.Literal.string(v) for v in config.null_values]
                columns = {
                    c: exp.If(
                        this=exp.In(this=col(c), expressions=[n.copy() for n in nulls]), true=exp.null(), false=col(c)
                    )
                    for c in schema.names()
                }
        ctx.reports["spark_read"] = read
        table = exp.Table(this=exp.to_identifier(view, quoted=True))
        return SqlOutput(typed_select(table, columns, schema))

    def build(self, ctx: BuildContext, config: FileSourceConfig, inputs) -> dict[str, pl.LazyFrame]:
        root = _root(ctx)
        if ctx.injected_rows is not None:
            return {"out": _injected(ctx, config, root)}
        limit = ctx.sample_rows if ctx.mode == "dry_run" and ctx.sample_rows else None
        return {"out": _frame(config, root, limit, ctx.file_access)}
