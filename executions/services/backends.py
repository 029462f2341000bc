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


# Backends whose runs the engine can run. The sql backend validates graphs (which nodes compile onto the
# target, and why not) but has no runner in the engine yet: a run on it is refused, never run elsewhere.
RUNNABLE = ("polars",)


def check_runnable(backend: str) -> None:
    """ValidationError on ``backend`` when the engine cannot run a run on it (after its validation, so a
    graph that would not compile says so first)."""
    if backend not in RUNNABLE:
        raise ValidationError(
            {
                "backend": [
                    f"The {backend} backend checks which nodes compile (validation) but does not run pipelines yet; "
                    "run this one with the polars backend (docs/backends.md)."
                ]
            }
        )
