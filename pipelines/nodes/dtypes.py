"""Column type names shared by every node that lets users name a type (map's cast, file and API
schema overrides): one list, one mapping to Polars types."""

from __future__ import annotations

from typing import Literal

import polars as pl

TypeName = Literal[
    "string",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float32",
    "float64",
    "boolean",
    "date",
    "datetime",
    "time",
    "categorical",
]
DTYPES: dict[str, pl.DataType] = {
    "string": pl.String(),
    "int8": pl.Int8(),
    "int16": pl.Int16(),
    "int32": pl.Int32(),
    "int64": pl.Int64(),
    "uint8": pl.UInt8(),
    "uint16": pl.UInt16(),
    "uint32": pl.UInt32(),
    "uint64": pl.UInt64(),
    "float32": pl.Float32(),
    "float64": pl.Float64(),
    "boolean": pl.Boolean(),
    "date": pl.Date(),
    "datetime": pl.Datetime("us"),
    "time": pl.Time(),
    "categorical": pl.Categorical(),
}


def dtype_from_name(name: str) -> pl.DataType:
    """The Polars type of a type name (case-insensitive); ValueError names the choices."""
    try:
        return DTYPES[name.strip().lower()]
    except (KeyError, AttributeError):
        raise ValueError(f"unknown type {name!r}; one of {', '.join(DTYPES)}") from None
