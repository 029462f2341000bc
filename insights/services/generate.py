"""Generating the insights of a pipeline (after each finished run, through ``executions.hooks``) and of
every pipeline with recent history (periodically: celery beat's ``sluice-insights`` entry, the embedded
loop in one-process mode)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from executions.models import Execution
from insights.selectors.history import last_run_steps, node_stats, peak_memory_run, pipeline_runs
from insights.selectors.lists import pipelines_with_history
from insights.services import graph as graph_findings
from insights.services import history
from insights.services.findings import Finding
from insights.services.store import insights_sync
from pipelines.graph import Graph
from pipelines.models import Pipeline

log = logging.getLogger("sluice.insights")


def _validation(pipeline: Pipeline, graph: Graph) -> dict | None:
    """The current version validated with schemas (in the interactive pool: it reads the sources'
    metadata), as its owner; None when it does not validate (recommendations that need lineage skip)."""
    from pipelines.services import pipeline_validate

    try:
        result = pipeline_validate(graph=graph, user=pipeline.owner, pipeline=pipeline)
    except Exception:  # a source gone, the pool busy or timed out: no lineage this time
        log.info("insights: validation of pipeline %s failed", pipeline.pk, exc_info=True)
        return None
    return result.to_dict() if result.is_valid else None


# The recommendations that need the validator's schemas and lineage (a validation reads the sources'
# metadata: files, databases, APIs), made by the periodic refresh only.
LINEAGE_KINDS = frozenset({"filter_before_join", "unused_columns"})


def pipeline_findings(*, pipeline: Pipeline, with_lineage: bool = True) -> tuple[list[Finding], frozenset[str]]:
    """The findings of ``pipeline`` and the kinds that were not judged (without lineage, or when the version
    does not validate: their insights stay as they are)."""
    since = timezone.now() - timedelta(days=settings.SLUICE_INSIGHTS_WINDOW_DAYS)
    runs = pipeline_runs(pipeline_id=pipeline.pk, since=since)
    stats = node_stats(pipeline_id=pipeline.pk, since=since)
    found = [
        *history.regressions(pipeline_id=pipeline.pk, runs=runs),
        *history.slow_nodes(pipeline_id=pipeline.pk, stats=stats),
        *history.failing_nodes(pipeline_id=pipeline.pk, stats=stats),
        *history.growth(pipeline_id=pipeline.pk, runs=runs),
    ]
    version = pipeline.current_version
    if version is None:
        return found, frozenset()
    graph = Graph.from_dict(version.graph)
    last_run, steps = last_run_steps(pipeline_id=pipeline.pk)
    validation = _validation(pipeline, graph) if with_lineage and last_run is not None else None
    unjudged = LINEAGE_KINDS if validation is None and last_run is not None else frozenset()
    ctx = graph_findings.Context(
        pipeline_id=pipeline.pk,
        graph=graph,
        stats=stats,
        last_run=last_run,
        steps=steps,
        validation=validation,
        version_id=version.pk,
    )
    found += graph_findings.filter_before_join(ctx)
    found += graph_findings.sort_then_limit(ctx)
    found += graph_findings.unfused_chains(ctx)
    found += graph_findings.unused_columns(ctx)
    found += graph_findings.memory_pressure(
        ctx, peak_run=lambda node: peak_memory_run(pipeline_id=pipeline.pk, node_key=node, since=since)
    )
    return found, unjudged


def insights_refresh(*, pipeline_id: int, with_lineage: bool = True) -> dict[str, int]:
    """Generate the findings of one pipeline and store them (idempotent). Without lineage (after a run), the
    recommendations that need a validation are left as they are."""
    pipeline = Pipeline.objects.select_related("current_version", "owner").filter(pk=pipeline_id).first()
    if pipeline is None:
        return {"opened": 0, "updated": 0, "reopened": 0, "closed": 0}
    findings, unjudged = pipeline_findings(pipeline=pipeline, with_lineage=with_lineage)
    return insights_sync(pipeline_id=pipeline.pk, findings=findings, unjudged=unjudged)


def insights_refresh_all() -> int:
    """Every pipeline with a run in the window or an insight not closed; returns how many were refreshed."""
    since = timezone.now() - timedelta(days=settings.SLUICE_INSIGHTS_WINDOW_DAYS)
    done = 0
    for pk in pipelines_with_history(since=since):
        try:
            insights_refresh(pipeline_id=pk)
            done += 1
        except Exception:
            log.exception("insights of pipeline %s failed", pk)
    return done


def insights_after_execution(*, execution_id: int) -> None:
    """The executions hook: refresh the insights of a finished run's pipeline from its history, at once and
    without validating its graph (a validation reads the sources; the periodic refresh does it)."""
    row = Execution.objects.filter(pk=execution_id).values_list("pipeline_id", flat=True).first()
    if row is not None:
        insights_refresh(pipeline_id=row, with_lineage=False)
