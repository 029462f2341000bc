"""Writes of pipeline tests: create, change, delete, and run them (recording each one's last result).

Running executes node code on user data, so it goes to the interactive pool (pipelines.interactive) with
its deadline and memory cap, never the web process; the graph is the pipeline's draft.
"""

from __future__ import annotations

import base64
from typing import Any

import polars as pl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from pipelines import interactive
from pipelines.graph import Graph
from pipelines.models import Pipeline, PipelineTest
from pipelines.selectors import pipeline_graph
from pipelines.testing.frames import frame_file, frame_rows
from pipelines.testing.selectors import tests_of
from pipelines.testing.spec import TestSpec, parse_spec, spec_to_data

MAX_TESTS_PER_RUN = 100
RESULT_KEYS = ("status", "error", "node", "outputs", "problems", "expected_error", "duration_ms")


def stored_spec(spec: TestSpec) -> dict[str, Any]:
    data = spec_to_data(spec)
    data.pop("name", None)
    data.pop("description", None)
    return data


def _save(test: PipelineTest) -> PipelineTest:
    try:
        with transaction.atomic():
            test.save()
    except IntegrityError:
        raise ValidationError({"name": [f"This pipeline already has a test named {test.name!r}."]}) from None
    return test


def pipeline_test_create(*, pipeline: Pipeline, user, spec: TestSpec) -> PipelineTest:
    test = PipelineTest(
        pipeline=pipeline, name=spec.name, description=spec.description, spec=stored_spec(spec), created_by=user
    )
    return _save(test)


def pipeline_test_update(*, test: PipelineTest, user, spec: TestSpec) -> PipelineTest:
    """Replace the test; its last result is kept only while nothing but the description changed."""
    stored = stored_spec(spec)
    if stored != test.spec or spec.name != test.name:
        test.last_status, test.last_run_at, test.last_duration_ms, test.last_result = "never", None, None, {}
    test.name, test.description, test.spec = spec.name, spec.description, stored
    return _save(test)


def pipeline_test_delete(*, test: PipelineTest, user) -> None:
    test.delete()


def run_specs(*, graph: Graph, specs: list[dict[str, Any]]) -> dict[str, Any]:
    """Run test specs (plain data) over ``graph`` in the interactive pool; nothing is recorded."""
    if len(specs) > MAX_TESTS_PER_RUN:
        raise ValidationError({"tests": [f"At most {MAX_TESTS_PER_RUN} tests in one run, not {len(specs)}."]})
    hard = settings.SLUICE_INTERACTIVE_SECONDS
    return interactive.call(
        "pipelines.testing.runner.run_tests_job",
        timeout=hard,
        graph=graph.to_dict(),
        tests=specs,
        seconds=min(settings.SLUICE_DRY_RUN_SECONDS, hard * 0.9),
    )


def pipeline_tests_run(*, pipeline: Pipeline, user, names: list[str] | None = None) -> dict[str, Any]:
    """Run the tests of ``pipeline`` (those named, else all) over its draft and record each last result."""
    tests = list(tests_of(pipeline=pipeline))
    if names:
        unknown = sorted(set(names) - {t.name for t in tests})
        if unknown:
            raise ValidationError({"tests": [f"No test named {n!r}." for n in unknown]})
        tests = [t for t in tests if t.name in names]
    summary = run_specs(graph=pipeline_graph(pipeline=pipeline), specs=[t.spec_data() for t in tests])
    pipeline_tests_record(tests=tests, results=summary["tests"])
    return summary


def pipeline_tests_record(*, tests: list[PipelineTest], results: list[dict[str, Any]]) -> None:
    """Store each test's result as its last one (``results`` in the order of ``tests``)."""
    now = timezone.now()
    for test, result in zip(tests, results, strict=True):
        test.last_status = result["status"]
        test.last_run_at = now
        test.last_duration_ms = result.get("duration_ms")
        test.last_result = {k: result[k] for k in RESULT_KEYS if k in result}
        result["id"] = test.pk
    PipelineTest.objects.bulk_update(tests, ["last_status", "last_run_at", "last_duration_ms", "last_result"])


def golden_table(expectation: dict[str, Any], frame: pl.DataFrame, tolerance: dict[str, Any]) -> dict[str, Any]:
    """``expectation`` (stored data) with its golden table replaced by ``frame``: the compared columns only,
    in the same form as before (inline rows, or a file of the same format)."""
    columns = tolerance.get("columns") or frame.columns
    ignored = set(tolerance.get("ignore_columns") or [])
    frame = frame.select([c for c in columns if c in frame.columns and c not in ignored])
    table = {k: v for k, v in expectation.items() if k not in ("rows", "content")}
    if expectation.get("content") is not None:
        table["content"] = base64.b64encode(frame_file(frame, expectation["format"])).decode()
    else:
        table["rows"] = frame_rows(frame)
    return table


def pipeline_test_update_golden(*, test: PipelineTest, user, frames: dict[str, pl.DataFrame]) -> PipelineTest:
    """Make what the outputs received (``frames``, by expectation) the test's golden rows (--update-golden)."""
    spec = parse_spec(test.spec_data())
    data = stored_spec(spec)
    for target, frame in frames.items():
        data["expect"][target] = golden_table(data["expect"][target], frame, spec.tolerance(target))
    data.update(name=test.name, description=test.description)
    return pipeline_test_update(test=test, user=user, spec=parse_spec(data))
