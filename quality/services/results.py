"""Recording: when an execution finishes (``executions.hooks.on_execution_finished``), the report of each
of its ``quality.validate`` steps becomes one QualityResult per rule, and the issues are brought up to
date. Idempotent: the results of a run are inserted at most once (a unique constraint), and only the
call that inserted them updates the issues."""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction

from executions.models import Execution, StepRun
from quality.models import QualityResult
from quality.services.issues import issues_update_from_results
from quality.services.masking import graph_connection_details, mask_sample

log = logging.getLogger("sluice.quality")
QUALITY_NODE_TYPES = ("quality.validate",)
WHOLE_FRAME_RULES = ("row_count",)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def results_from_report(
    *, execution: Execution, step: StepRun, report: dict[str, Any], known: list[str]
) -> list[QualityResult]:
    """The rows of one step's report (unsaved). Reports of steps reused from an earlier run (a retry)
    are that run's, recorded with it: none here."""
    if not isinstance(report, dict) or "reused_from_execution" in report or not isinstance(report.get("rules"), list):
        return []
    rows_checked = _int(report.get("rows"))
    run_at = execution.finished_at or execution.created_at
    results = []
    for entry in report["rules"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        rule_type = str(entry.get("type") or "")[:32]
        failed = _int(entry.get("failed"))
        if rule_type in WHOLE_FRAME_RULES:
            failed_rows, rate = 0, 1.0 if failed else 0.0
        else:
            failed_rows, rate = failed, (failed / rows_checked if rows_checked else 0.0)
        results.append(
            QualityResult(
                pipeline_id=execution.pipeline_id,
                execution=execution,
                version_number=execution.version.number,
                node_key=step.node_key,
                rule=entry["name"][:100],
                rule_type=rule_type,
                rows_checked=rows_checked,
                failed_rows=failed_rows,
                failure_rate=rate,
                passed=not failed,
                message=str(entry.get("message") or "")[:500],
                sample=mask_sample(entry.get("sample"), known=known),
                run_at=run_at,
            )
        )
    return results


def quality_results_record(*, execution_id: int) -> list[QualityResult]:
    """Store the rule results of a finished execution and update the issues; a second call for the same
    execution records nothing and returns []."""
    execution = Execution.objects.select_related("pipeline", "version").filter(pk=execution_id).first()
    if execution is None or not execution.is_finished:
        return []
    steps = list(
        StepRun.objects.filter(execution=execution, node_type__in=QUALITY_NODE_TYPES)
        .exclude(report={})
        .only("node_key", "report")
        .order_by("node_key")
    )
    if not steps:
        return []
    known = graph_connection_details(execution.version.graph)
    results = [
        r
        for step in steps
        for r in results_from_report(execution=execution, step=step, report=step.report, known=known)
    ]
    if not results:
        return []
    try:
        with transaction.atomic():
            QualityResult.objects.bulk_create(results)
            blocking = {s.node_key for s in steps if s.report.get("on_failure") == "fail"}
            issues_update_from_results(execution=execution, results=results, blocking_nodes=blocking)
    except IntegrityError:
        log.info("quality results of execution %s were already recorded", execution_id)
        return []
    return results
