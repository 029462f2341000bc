"""source.file: the options model, and the read limits the formats share."""

from __future__ import annotations

from typing import Annotated, Literal

import polars as pl
from pydantic import Field, StringConstraints, field_validator

from pipelines.nodes.base import NodeConfig
from pipelines.nodes.dtypes import TypeName, dtype_from_name

INFER_ROWS = 10_000  # rows whose values decide the column types
SAMPLE_BYTES = 8 * 1024 * 1024  # bytes read for the metadata of a JSON array or a transcoded CSV


TRANSCODED = {"latin-1": "latin-1", "cp1252": "cp1252", "utf-16": "utf-16"}  # config name -> Python codec


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


def _overrides(config: FileSourceConfig) -> dict[str, pl.DataType]:
    return {column: dtype_from_name(name) for column, name in config.schema_overrides.items()}
