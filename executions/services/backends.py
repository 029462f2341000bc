"""Which backend a run computes on: the start's choice, else its pipeline's (docs/backends.md)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from pipelines.models import Pipeline
from pipelines.sqlbackend.compiler import BACKENDS


def run_backend(pipeline: Pipeline, requested: str | None) -> str:
    """``requested`` (a run's override) or the pipeline's backend; ValidationError on ``backend`` otherwise."""
    chosen = requested if requested is not None else (pipeline.backend or "polars")
    if chosen not in BACKENDS:
        raise ValidationError({"backend": [f"Unknown backend {chosen!r}: one of {', '.join(BACKENDS)}."]})
    return chosen
