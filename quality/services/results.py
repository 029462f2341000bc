"""Recording: when an execution finishes (``executions.hooks.on_execution_finished``), the report of each
of its ``quality.validate`` steps becomes one QualityResult per rule, the checks of any step (a
destination's or a validate's ``checks``, pipelines.nodes.checks) one per check, and the issues are brought up
to date. Idempotent: the results of a run are inserted at most once (a unique constraint), and only the
call that inserted them updates the issues."""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from executions.models import Execution, StepRun
from quality.models import QualityResult
from quality.services.issues import issues_update_from_results
from quality.services.masking import graph_connection_details, mask_sample

log = logging.getLogger("sluice.quality")
QUALITY_NODE_TYPES = ("quality.validate",)
WHOLE_FRAME_RULES = ("row_count",)
SEVERITIES = ("info", "warning", "critical")


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _severity(entry: dict[str, Any]) -> str:
    return entry["severity"] if entry.get("severity") in SEVERITIES else ""


def _number(value: Any) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value == value
    return float(value) if ok and abs(value) != float("inf") else None


def _rule_results(execution: Execution, step: StepRun, report: dict[str, Any], known: list[str], run_at):
    if report.get("rules_of", step.node_key) != step.node_key:  # a one-step run's failure, copied to this row
        return
    rows_checked = _int(report.get("rows"))
    for entry in report.get("rules") if isinstance(report.get("rules"), list) else ():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        rule_type = str(entry.get("type") or "")[:32]
        failed = _int(entry.get("failed"))
        if rule_type in WHOLE_FRAME_RULES:
            failed_rows, rate = 0, 1.0 if failed else 0.0
        else:
            failed_rows, rate = failed, (failed / rows_checked if rows_checked else 0.0)
        yield QualityResult(
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
            severity=_severity(entry),
            run_at=run_at,
        )


def _check_results(execution: Execution, step: StepRun, report: dict[str, Any], run_at):
    """A check judges the data as a whole: failure rate 1.0 when it failed, 0.0 when it passed."""
    if report.get("checks_of", step.node_key) != step.node_key:  # a fused group's failure, copied to this row
        return
    rows_checked = _int(report.get("rows"))
    for entry in report.get("checks") if isinstance(report.get("checks"), list) else ():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        passed = entry.get("passed") is not False
        details = {k: entry[k] for k in ("column", "status", "baseline", "drift") if entry.get(k) is not None}
        if isinstance(entry.get("value"), dict):  # schema drift: the schema measured
            details["schema"] = entry["value"]
        yield QualityResult(
            pipeline_id=execution.pipeline_id,
            execution=execution,
            version_number=execution.version.number,
            node_key=step.node_key,
            rule=entry["name"][:100],
            rule_type=str(entry.get("type") or "")[:32],
            kind="check",
            rows_checked=rows_checked,
            failed_rows=0,
            failure_rate=0.0 if passed else 1.0,
            passed=passed,
            message=str(entry.get("message") or "")[:500],
            severity=_severity(entry),
            value=_number(entry.get("value")),
            action=entry.get("action") if entry.get("action") in ("block", "warn") else "",
            details=details,
            run_at=run_at,
        )


def results_from_report(
    *, execution: Execution, step: StepRun, report: dict[str, Any], known: list[str]
) -> list[QualityResult]:
    """The rows of one step's report (unsaved): its rules and its checks. Reports of steps reused from an
    earlier run (a retry) are that run's, recorded with it: none here."""
    if not isinstance(report, dict) or "reused_from_execution" in report:
        return []
    run_at = execution.finished_at or execution.created_at
    rules = _rule_results(execution, step, report, known, run_at) if step.node_type in QUALITY_NODE_TYPES else ()
    return [*rules, *_check_results(execution, step, report, run_at)]


def quality_results_record(*, execution_id: int) -> list[QualityResult]:
    """Store the rule results of a finished execution and update the issues; a second call for the same
    execution records nothing and returns []."""
    execution = Execution.objects.select_related("pipeline", "version").filter(pk=execution_id).first()
    if execution is None or not execution.is_finished:
        return []
    steps = list(
        StepRun.objects.filter(execution=execution)
        .filter(Q(node_type__in=QUALITY_NODE_TYPES) | Q(report__has_key="checks"))
        .exclude(report={})
        .only("node_key", "node_type", "report")
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
            blocking = {s.node_key for s in steps if s.report.get("on_failure") == "fail"}  # rules of these
            issues_update_from_results(execution=execution, results=results, blocking_nodes=blocking)
    except IntegrityError:
        log.info("quality results of execution %s were already recorded", execution_id)
        return []
    return results
