"""The blocks of a report, validated by pydantic: one model per kind, told apart by ``kind``.

Errors come back as Django ValidationErrors keyed by the dotted path of the field (``blocks.2.limit``), so
the API answers a 400 naming the field and the builder shows the message next to the block."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from pydantic import ValidationError as PydanticError

MAX_BLOCKS = 30
# Rows of every table of a report together: the PDF's layout time grows with them (about 2 s per 100 rows
# on 2 cores, docs/reports.md), and it runs in a web request for a download.
MAX_TABLE_ROWS = 300
METRICS = ("runs", "success_rate", "p95_duration", "rows")
RUN_STATUSES = ("succeeded", "failed", "cancelled", "running", "queued")


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    title: str = Field(default="", max_length=200, description="Heading of the block; a default per kind if empty.")


class KpisBlock(_Block):
    """Headline figures of the window: runs, success rate, p95 duration, rows written."""

    kind: Literal["kpis"]
    metrics: list[Literal["runs", "success_rate", "p95_duration", "rows"]] = Field(
        default_factory=lambda: list(METRICS), min_length=1, max_length=len(METRICS)
    )


class RunsChartBlock(_Block):
    """Runs over time (monitoring): succeeded and failed runs per time bucket, as bars."""

    kind: Literal["runs_chart"]


class DurationChartBlock(_Block):
    """Duration percentiles over time (monitoring): p50 and p95 of finished runs per bucket, as lines."""

    kind: Literal["duration_chart"]


class QualityChartBlock(_Block):
    """Pass rate of the quality checks per day (quality), as a line."""

    kind: Literal["quality_chart"]


class RunsTableBlock(_Block):
    """The newest runs of the window."""

    kind: Literal["runs_table"]
    limit: int = Field(default=20, ge=1, le=100)
    statuses: list[Literal["succeeded", "failed", "cancelled", "running", "queued"]] = Field(
        default_factory=list, max_length=len(RUN_STATUSES), description="Only runs in these statuses; empty = all."
    )


class QualityIssuesBlock(_Block):
    """Open quality issues (failing or passing, not resolved), most recently seen first."""

    kind: Literal["quality_issues"]
    limit: int = Field(default=20, ge=1, le=100)


class InsightsBlock(_Block):
    """Open insights (regressions, slow and failing nodes, growth, recommendations) of the report's
    pipelines, most recently seen first (the insights app)."""

    kind: Literal["insights"]
    limit: int = Field(default=20, ge=1, le=100)


Block = Annotated[
    KpisBlock
    | RunsChartBlock
    | DurationChartBlock
    | QualityChartBlock
    | RunsTableBlock
    | QualityIssuesBlock
    | InsightsBlock,
    Field(discriminator="kind"),
]
KINDS = {
    "kpis": "Key figures",
    "runs_chart": "Runs over time",
    "duration_chart": "Duration percentiles",
    "quality_chart": "Quality pass rate",
    "runs_table": "Runs",
    "quality_issues": "Open quality issues",
    "insights": "Insights",
}
_blocks = TypeAdapter(list[Block])


def _path(loc: tuple[Any, ...]) -> str:
    # A discriminated union puts the kind's tag in the location: blocks.0.kpis.metrics -> blocks.0.metrics
    parts = [str(p) for p in loc if not (isinstance(p, str) and p in KINDS)]
    return ".".join(["blocks", *parts])


def blocks_validate(value: Any) -> list[dict[str, Any]]:
    """The blocks as plain dicts with their defaults filled in, or a ValidationError per field."""
    if not isinstance(value, list):
        raise ValidationError({"blocks": ["A list of blocks."]})
    if len(value) > MAX_BLOCKS:
        raise ValidationError({"blocks": [f"At most {MAX_BLOCKS} blocks, not {len(value)}."]})
    try:
        parsed = _blocks.validate_python(value)
    except PydanticError as exc:
        errors: dict[str, list[str]] = {}
        for err in exc.errors(include_url=False, include_input=False):
            errors.setdefault(_path(err["loc"]), []).append(err["msg"])
        raise ValidationError(errors) from None
    rows = sum(getattr(b, "limit", 0) for b in parsed)
    if rows > MAX_TABLE_ROWS:
        raise ValidationError(
            {
                "blocks": [
                    f"The tables of a report show at most {MAX_TABLE_ROWS} rows in all (their limits add up to {rows})."
                ]
            }
        )
    return [b.model_dump() for b in parsed]


def block_title(block: dict[str, Any]) -> str:
    return block.get("title") or KINDS.get(block.get("kind", ""), "Block")


def blocks_json_schema() -> dict[str, Any]:
    """JSON Schema of the block list (the OpenAPI document and docs/reports.md)."""
    return _blocks.json_schema()
