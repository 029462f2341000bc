"""What a pipeline test says: fixtures for the sources, golden outputs for the destinations, tolerances.

One shape everywhere: the API's body, the ``PipelineTest`` row (``spec`` below, stored as JSON) and the
``kind: PipelineTest`` document, whose ``file:`` references ``pipelines.testing.documents`` reads into
``format`` + ``content`` (base64) before this model sees them. Unknown keys are refused, and every part
is bounded (rows per table, bytes per file, tables per test), so a test cannot ask for more than a
sample's worth of work.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pipelines.models.testcase import NAME_PATTERN
from pipelines.nodes.dtypes import TypeName

MAX_ROWS = 10_000  # rows of one fixture or one golden output
MAX_FILE_BYTES = 2 * 1024 * 1024  # one fixture or golden file (decoded)
MAX_TABLES = 50  # fixtures, and expectations, of one test
MAX_COLUMNS = 500
FORMATS = ("csv", "json", "ndjson", "parquet")
# An expectation is keyed by a node key, or ``node:port`` for an output port of a node that is not a destination.
TARGET_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,62}(:[A-Za-z][A-Za-z0-9_]{0,62})?$"

Format = Literal["csv", "json", "ndjson", "parquet"]
Row = dict[str, Any]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Table(_Strict):
    """Rows given inline, or a small file (``format`` + base64 ``content``)."""

    rows: list[Row] | None = Field(None, description="The rows, as objects of column -> value.")
    format: Format | None = Field(None, description="Format of the file in content: csv, json, ndjson or parquet.")
    content: str | None = Field(None, description="The file, base64-encoded (at most 2 MB decoded).")
    schema_: dict[str, TypeName] | None = Field(
        None,
        alias="schema",
        description="Column types to cast to (inline rows carry only JSON types: dates are text until cast).",
    )

    @field_validator("rows")
    @classmethod
    def _rows(cls, rows: list[Row] | None) -> list[Row] | None:
        if rows is not None and len(rows) > MAX_ROWS:
            raise ValueError(f"at most {MAX_ROWS} rows, not {len(rows)}")
        if rows and any(len(row) > MAX_COLUMNS for row in rows):
            raise ValueError(f"at most {MAX_COLUMNS} columns")
        return rows

    @field_validator("content")
    @classmethod
    def _content(cls, content: str | None) -> str | None:
        if content is None:
            return None
        if len(content) > MAX_FILE_BYTES * 4 // 3 + 4:
            raise ValueError(f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")
        try:
            base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("not base64") from None
        return content

    @model_validator(mode="after")
    def _one_source(self):
        if (self.rows is None) == (self.content is None):
            raise ValueError("give either rows or a file (format and content)")
        if self.content is not None and self.format is None:
            raise ValueError("a file needs its format (csv, json, ndjson or parquet)")
        return self

    def data(self) -> bytes:
        return base64.b64decode(self.content or "")


class Fixture(_Table):
    """What a source node yields in the test, instead of reading anything."""


class Tolerances(_Strict):
    ignore_order: bool | None = Field(None, description="Compare rows as a multiset (default true).")
    abs_tolerance: float | None = Field(None, ge=0, description="Floats may differ by this much (default 1e-9).")
    rel_tolerance: float | None = Field(
        None, ge=0, description="... or by this fraction of the larger value (default 1e-9)."
    )
    columns: list[str] | None = Field(
        None, max_length=MAX_COLUMNS, description="Compare only these columns (default: all of them)."
    )
    ignore_columns: list[str] | None = Field(None, max_length=MAX_COLUMNS, description="Columns not compared.")


class Expectation(_Table, Tolerances):
    """The golden output of a destination (what it would have written), with its own tolerances."""


class ExpectError(_Strict):
    node: str = Field(description="The node that must fail.", pattern=r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
    message: str = Field("", max_length=500, description="Text the error must contain (default: any error).")


DEFAULTS = {"ignore_order": True, "abs_tolerance": 1e-9, "rel_tolerance": 1e-9, "columns": None, "ignore_columns": []}


class TestSpec(_Strict):
    """One test of a pipeline."""

    __test__ = False  # not a pytest class

    name: str = Field(pattern=NAME_PATTERN, description="Unique within the pipeline: letters, digits, . _ -.")
    description: str = Field("", max_length=2000)
    params: dict[str, Any] = Field(default_factory=dict, description="Run parameters the nodes see.")
    fixtures: dict[str, Fixture] = Field(
        default_factory=dict, max_length=MAX_TABLES, description="Source node key -> its rows."
    )
    expect: dict[str, Expectation] = Field(
        default_factory=dict,
        max_length=MAX_TABLES,
        description="Destination node key (or node:port) -> the rows it must receive.",
    )
    expect_error: ExpectError | None = Field(
        None, description="Instead of outputs: the run must fail at this node (a quality rule, say)."
    )
    tolerances: Tolerances = Field(default_factory=Tolerances, description="Defaults for every expectation.")

    @field_validator("expect")
    @classmethod
    def _targets(cls, expect: dict[str, Expectation]) -> dict[str, Expectation]:
        import re

        bad = [k for k in expect if not re.match(TARGET_PATTERN, k)]
        if bad:
            raise ValueError(f"{bad[0]!r} is not a node key (or node:port)")
        return expect

    @model_validator(mode="after")
    def _something(self):
        if not self.expect and self.expect_error is None:
            raise ValueError("a test expects outputs (expect) or an error (expect_error)")
        return self

    def tolerance(self, target: str) -> dict[str, Any]:
        """The tolerances of one expectation: its own, else the test's, else the defaults."""
        own = self.expect[target]
        merged = dict(DEFAULTS)
        for source in (self.tolerances, own):
            for name in DEFAULTS:
                value = getattr(source, name)
                if value is not None:
                    merged[name] = value
        return merged


def spec_errors(exc) -> dict[str, list[str]]:
    """A pydantic ValidationError as field path -> messages (``fixtures.src.rows``)."""
    errors: dict[str, list[str]] = {}
    for err in exc.errors(include_url=False):
        path = ".".join(str(p) for p in err.get("loc", ())) or "test"
        errors.setdefault(path, []).append(err.get("msg", "invalid"))
    return errors


def parse_spec(data: Any):
    """A TestSpec from plain data, or django ValidationError with field messages."""
    from django.core.exceptions import ValidationError
    from pydantic import ValidationError as PydanticValidationError

    if not isinstance(data, dict):
        raise ValidationError({"test": ["Expected an object."]})
    try:
        return TestSpec.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationError(spec_errors(exc)) from None


def spec_to_data(spec: TestSpec) -> dict[str, Any]:
    """The stored JSON of a spec (aliases, no unset defaults)."""
    return spec.model_dump(mode="json", by_alias=True, exclude_none=True)
