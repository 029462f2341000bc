"""Quality issues: opened by a rule's first failure, updated by the next ones, ``passing`` after a pass
(still open), resolved by someone with the resolving run, reopened by a failure after resolution (a
regression). Actions: acknowledge, assign, comment, resolve, and a change of severity. Every change
writes a line of the issue's timeline; opening, reopening and resolving publish ``quality.issue_*``
events (on ``pipeline:<id>`` and the dashboard, after commit) and notify the pipeline's owner, the
assignee and the pipeline's subscribers of that event type."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from executions.models import Execution
from notifications.events import publish
from notifications.models import PipelineSubscription
from notifications.services import notification_create, notify_subscribers
from pipelines import roles
from pipelines.selectors import pipelines_visible_to
from quality.models import QualityIssue, QualityIssueEntry, QualityResult

Entry = QualityIssueEntry.Kind
COMMENT_MAX = 5000
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
# Failure-rate bands of the severity (the share of the rows checked that fail): at or above each bound.
SEVERITY_BANDS = ((0.5, "critical"), (0.1, "high"), (0.01, "medium"), (0.0, "low"))


# A rule's or check's declared severity decides the issue's: info is low, warning medium, critical critical.
DECLARED_SEVERITY = {"info": "low", "warning": "medium", "critical": "critical"}


def severity_for(*, failure_rate: float, rule_type: str, blocking: bool, declared: str = "") -> str:
    """The declared severity of the rule or check when it has one (``DECLARED_SEVERITY``); else the band
    of ``failure_rate``, where a whole-frame rule (row_count) or a node that fails the run on any failure
    (``on_failure: fail``) is at least high."""
    if declared in DECLARED_SEVERITY:
        return DECLARED_SEVERITY[declared]
    band = next(name for bound, name in SEVERITY_BANDS if failure_rate >= bound)
    if blocking or rule_type == "row_count":
        return max(band, "high", key=QualityIssue.SEVERITY_RANK.__getitem__)
    return band


def issue_can_act(*, user, issue: QualityIssue) -> bool:
    """Editors (and above) who see the issue's pipeline act on it; viewers read it."""
    if not roles.has_role(user, roles.EDITOR):
        return False
    return roles.sees_everything(user) or pipelines_visible_to(user=user).filter(pk=issue.pipeline_id).exists()


# --- events and notifications ---------------------------------------------------------------------------------


def _event_data(issue: QualityIssue, execution_id: int | None) -> dict[str, Any]:
    return {
        "issue_id": issue.pk,
        "pipeline_id": issue.pipeline_id,
        "pipeline_slug": issue.pipeline.slug,
        "node_key": issue.node_key,
        "rule": issue.rule,
        "rule_type": issue.rule_type,
        "severity": issue.severity,
        "rule_severity": issue.rule_severity or None,
        "status": issue.status,
        "execution_id": execution_id,
        "failure_rate": issue.last_failure_rate,
        "affected_runs": issue.affected_runs,
        "affected_rows": issue.affected_rows,
    }


TITLES = {
    "quality.issue_opened": "quality issue opened",
    "quality.issue_reopened": "quality issue reopened (regression)",
    "quality.issue_resolved": "quality issue resolved",
}


def _announce(issue: QualityIssue, type: str, *, execution_id: int | None, extra: dict | None = None) -> None:
    """The event now (written in the transaction, sent after commit) and the notifications after commit."""
    publish(
        f"pipeline:{issue.pipeline_id}",
        type,
        {**_event_data(issue, execution_id), **(extra or {})},
        topics=("dashboard",),
    )
    transaction.on_commit(lambda: _notify(issue.pk, type))


def _notify(issue_id: int, type: str) -> None:
    issue = QualityIssue.objects.select_related("pipeline__owner", "assignee").filter(pk=issue_id).first()
    if issue is None:
        return
    topic = f"pipeline:{issue.pipeline_id}"
    title = f"{issue.pipeline.name}: {TITLES[type]}: {issue.node_key}.{issue.rule}"
    body = (
        f"Severity {issue.severity}; {issue.affected_runs} failing run(s), {issue.affected_rows} failing row(s); "
        f"last failure rate {issue.last_failure_rate:.2%}."
    )
    link = f"/quality/issues/{issue.pk}/"
    level = "success" if type == "quality.issue_resolved" else "error"
    subscribed = set(
        PipelineSubscription.objects.filter(topic=topic, event_types__contains=[type]).values_list("user_id", flat=True)
    )
    for user in {u for u in (issue.pipeline.owner, issue.assignee) if u is not None and u.is_active}:
        if user.pk not in subscribed:
            notification_create(user=user, title=title, body=body, link=link, level=level)
    notify_subscribers(topic=topic, event_type=type, title=title, body=body, link=link, level=level)


def _entry(issue: QualityIssue, kind: str, *, user=None, execution_id: int | None = None, text: str = "") -> None:
    QualityIssueEntry.objects.create(issue=issue, kind=kind, user=user, execution_id=execution_id, text=text)


# --- from the results of a run ----------------------------------------------------------------------------------


def _locked_issue(execution: Execution, result: QualityResult) -> QualityIssue | None:
    return (
        QualityIssue.objects.select_for_update()
        .select_related("pipeline")
        .filter(pipeline_id=execution.pipeline_id, node_key=result.node_key, rule=result.rule)
        .first()
    )


def _open(execution: Execution, result: QualityResult, severity: str) -> QualityIssue | None:
    """A new issue for a rule's first failure; None when a concurrent run created it first."""
    try:
        with transaction.atomic():
            issue = QualityIssue.objects.create(
                pipeline_id=execution.pipeline_id,
                node_key=result.node_key,
                rule=result.rule,
                rule_type=result.rule_type,
                status=QualityIssue.Status.FAILING,
                severity=severity,
                rule_severity=result.severity,
                first_seen=result.run_at,
                last_seen=result.run_at,
                last_run_at=result.run_at,
                affected_runs=1,
                affected_rows=result.failed_rows,
                last_failure_rate=result.failure_rate,
                last_execution=execution,
            )
    except IntegrityError:
        return None
    issue.pipeline = execution.pipeline
    _entry(issue, Entry.OPENED, execution_id=execution.pk, text=result.message)
    _announce(issue, "quality.issue_opened", execution_id=execution.pk)
    return issue


def _failed(issue: QualityIssue, execution: Execution, result: QualityResult, severity: str) -> None:
    issue.affected_runs += 1
    issue.affected_rows += result.failed_rows
    if result.run_at < issue.last_run_at:  # an older run finishing late: counted, but it changes no state
        issue.save(update_fields=["affected_runs", "affected_rows"])
        return
    was = issue.status
    issue.last_seen = issue.last_run_at = result.run_at
    issue.last_failure_rate = result.failure_rate
    issue.last_execution = execution
    issue.updated_at = timezone.now()
    if result.severity != issue.rule_severity:  # the rule's declared severity changed with its version
        issue.rule_severity = result.severity
        if result.severity:
            severity = DECLARED_SEVERITY[result.severity]
            issue.severity = severity
    if was == QualityIssue.Status.RESOLVED:  # a regression: reopened, as a new occurrence
        issue.severity = severity
        issue.reopened_count += 1
        issue.acknowledged_at = issue.acknowledged_by = None
        issue.resolved_at = issue.resolved_by = issue.resolved_execution = None
    elif QualityIssue.SEVERITY_RANK[severity] > QualityIssue.SEVERITY_RANK[issue.severity]:
        issue.severity = severity
    issue.status = QualityIssue.Status.FAILING
    issue.save()
    if was == QualityIssue.Status.RESOLVED:
        _entry(issue, Entry.REOPENED, execution_id=execution.pk, text=result.message)
        _announce(issue, "quality.issue_reopened", execution_id=execution.pk)
    elif was == QualityIssue.Status.PASSING:
        _entry(issue, Entry.FAILING, execution_id=execution.pk, text=result.message)


def _passed(issue: QualityIssue, execution: Execution, result: QualityResult) -> None:
    if result.run_at < issue.last_run_at or issue.status == QualityIssue.Status.RESOLVED:
        return
    issue.last_run_at = result.run_at
    issue.updated_at = timezone.now()
    fields = ["last_run_at", "updated_at"]
    if issue.status == QualityIssue.Status.FAILING:
        issue.status = QualityIssue.Status.PASSING
        fields.append("status")
        _entry(issue, Entry.PASSING, execution_id=execution.pk)
    issue.save(update_fields=fields)


def issues_update_from_results(
    *, execution: Execution, results: Iterable[QualityResult], blocking_nodes: Iterable[str] = ()
) -> None:
    """Bring the issues of the rules of ``results`` (one run's) up to date. Called by the recording,
    inside its transaction."""
    blocking = set(blocking_nodes)
    for result in results:
        issue = _locked_issue(execution, result)
        if result.passed:
            if issue is not None:
                _passed(issue, execution, result)
            continue
        severity = severity_for(
            failure_rate=result.failure_rate,
            rule_type=result.rule_type,
            blocking=result.kind == "rule" and result.node_key in blocking,
            declared=result.severity,
        )
        if issue is None and _open(execution, result, severity) is not None:
            continue
        _failed(issue or _locked_issue(execution, result), execution, result, severity)


# --- actions -----------------------------------------------------------------------------------------------------


def _refuse_resolved(issue: QualityIssue, what: str) -> None:
    if issue.status == QualityIssue.Status.RESOLVED:
        raise ValidationError({"status": [f"The issue is resolved: it cannot be {what}."]})


def issue_acknowledge(*, issue: QualityIssue, user) -> QualityIssue:
    """Mark an open issue as taken in hand (once: a second acknowledgement is refused)."""
    _refuse_resolved(issue, "acknowledged")
    with transaction.atomic():
        updated = QualityIssue.objects.filter(pk=issue.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now(), acknowledged_by=user, updated_at=timezone.now()
        )
        if not updated:
            issue.refresh_from_db()
            who = issue.acknowledged_by.get_username() if issue.acknowledged_by else "someone"
            raise ValidationError({"status": [f"Already acknowledged by {who}."]})
        _entry(issue, Entry.ACKNOWLEDGED, user=user)
    issue.refresh_from_db()
    return issue


def issue_assign(*, issue: QualityIssue, user, assignee) -> QualityIssue:
    """Give the issue to ``assignee`` (a user who sees the pipeline), or to nobody (None)."""
    if assignee is not None and not (
        assignee.is_active and pipelines_visible_to(user=assignee).filter(pk=issue.pipeline_id).exists()
    ):
        raise ValidationError({"assignee": ["That user does not exist or may not see this pipeline."]})
    with transaction.atomic():
        issue.assignee = assignee
        issue.updated_at = timezone.now()
        issue.save(update_fields=["assignee", "updated_at"])
        text = f"to {assignee.get_username()}" if assignee else "to nobody"
        _entry(issue, Entry.ASSIGNED, user=user, text=text)
        if assignee is not None and assignee != user:
            link = f"/quality/issues/{issue.pk}/"
            title = f"{user.get_username()} assigned you a quality issue: {issue.node_key}.{issue.rule}"
            transaction.on_commit(lambda: notification_create(user=assignee, title=title, link=link, level="info"))
    return issue


def _storable(text: str, field: str) -> str:
    """Text PostgreSQL can store (the pages' forms do not go through DRF's character checks)."""
    if _UNSTORABLE.search(text):
        raise ValidationError({field: ["Text may not contain NUL characters or unpaired surrogates."]})
    if len(text) > COMMENT_MAX:
        raise ValidationError({field: [f"At most {COMMENT_MAX} characters."]})
    return text


def issue_comment(*, issue: QualityIssue, user, text: str) -> QualityIssueEntry:
    text = _storable((text or "").strip(), "text")
    if not text:
        raise ValidationError({"text": ["A comment cannot be empty."]})
    with transaction.atomic():
        entry = QualityIssueEntry.objects.create(issue=issue, kind=Entry.COMMENTED, user=user, text=text)
        QualityIssue.objects.filter(pk=issue.pk).update(updated_at=timezone.now())
    return entry


def issue_set_severity(*, issue: QualityIssue, user, severity: str) -> QualityIssue:
    if severity not in QualityIssue.Severity.values:
        raise ValidationError({"severity": [f"One of {', '.join(QualityIssue.Severity.values)}."]})
    if severity != issue.severity:
        with transaction.atomic():
            _entry(issue, Entry.COMMENTED, user=user, text=f"severity {issue.severity} → {severity}")
            issue.severity = severity
            issue.updated_at = timezone.now()
            issue.save(update_fields=["severity", "updated_at"])
    return issue


def _resolving_run(issue: QualityIssue, execution_id: int | None) -> Execution | None:
    """The run named (of the issue's pipeline, where the rule passed), or the last run where it passed."""
    passes = QualityResult.objects.filter(
        pipeline_id=issue.pipeline_id, node_key=issue.node_key, rule=issue.rule, passed=True
    )
    if execution_id is not None:
        if not passes.filter(execution_id=execution_id).exists():
            raise ValidationError({"execution": ["The rule did not pass in that run of this pipeline."]})
        return Execution.objects.get(pk=execution_id)
    last = passes.filter(run_at__gte=issue.last_seen).order_by("-run_at", "-id").only("execution_id").first()
    return Execution.objects.get(pk=last.execution_id) if last else None


def issue_resolve(*, issue: QualityIssue, user, execution_id: int | None = None, note: str = "") -> QualityIssue:
    """Close an open issue, with the run that shows the fix (the one named, else the last run where the
    rule passed; none when it has not passed since its last failure)."""
    _refuse_resolved(issue, "resolved again")
    note = _storable(note or "", "note")
    execution = _resolving_run(issue, execution_id)
    with transaction.atomic():
        locked = QualityIssue.objects.select_for_update().select_related("pipeline").get(pk=issue.pk)
        _refuse_resolved(locked, "resolved again")
        locked.status = QualityIssue.Status.RESOLVED
        locked.resolved_at = locked.updated_at = timezone.now()
        locked.resolved_by = user
        locked.resolved_execution = execution
        locked.save()
        _entry(locked, Entry.RESOLVED, user=user, execution_id=execution.pk if execution else None, text=note.strip())
        _announce(
            locked,
            "quality.issue_resolved",
            execution_id=execution.pk if execution else None,
            extra={"resolved_by": user.get_username()},
        )
    return locked
