"""The lifecycle of a quality issue: open → update → passing → resolved → reopened, with its events,
notifications and timeline; the actions and their refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.models import Event, Notification, PipelineSubscription
from quality.models import QualityIssue
from quality.services.issues import (
    issue_acknowledge,
    issue_assign,
    issue_comment,
    issue_resolve,
    severity_for,
)
from quality.services.results import quality_results_record
from tests import factories
from tests.quality.seeding import seed_run

pytestmark = pytest.mark.django_db(transaction=True)


def _run(pipeline, minutes: int, **failures):
    at = timezone.now() - timedelta(hours=1) + timedelta(minutes=minutes)
    execution = seed_run(pipeline, at=at, rows=100, failures={"id_present": 0, **failures})
    quality_results_record(execution_id=execution.pk)
    return execution


def _events(type: str) -> list[dict]:
    return [e.data for e in Event.objects.filter(type=type, topic__startswith="pipeline:").order_by("id")]


def test_the_whole_lifecycle(pipeline, owner):
    subscriber = factories.UserFactory(role="viewer")
    pipeline.shared_with_users.add(subscriber)
    PipelineSubscription.objects.create(
        user=subscriber,
        topic=f"pipeline:{pipeline.pk}",
        event_types=["quality.issue_opened", "quality.issue_reopened", "quality.issue_resolved"],
        channels=["in_app"],
    )
    # Passing runs open nothing.
    _run(pipeline, 0, amount_positive=0)
    assert not QualityIssue.objects.exists()

    # The first failure opens the issue.
    first = _run(pipeline, 1, amount_positive=5)
    issue = QualityIssue.objects.get()
    assert (issue.node_key, issue.rule, issue.status) == ("check", "amount_positive", "failing")
    assert (issue.affected_runs, issue.affected_rows, issue.severity) == (1, 5, "medium")
    assert issue.first_seen == issue.last_seen == first.finished_at
    (opened,) = _events("quality.issue_opened")
    assert opened["issue_id"] == issue.pk and opened["execution_id"] == first.pk
    assert Event.objects.filter(type="quality.issue_opened", topic="dashboard").exists()
    # The owner and the subscriber hear of it (once each).
    assert Notification.objects.filter(user=owner, link=f"/quality/issues/{issue.pk}/").count() == 1
    assert Notification.objects.filter(user=subscriber).count() == 1

    # A further failure updates it; a worse rate raises the severity.
    second = _run(pipeline, 2, amount_positive=30)
    issue.refresh_from_db()
    assert (issue.affected_runs, issue.affected_rows, issue.severity) == (2, 35, "high")
    assert issue.last_seen == second.finished_at and issue.first_seen == first.finished_at
    assert issue.last_failure_rate == pytest.approx(0.30)
    assert len(_events("quality.issue_opened")) == 1

    # A pass marks it passing; it stays open.
    passing = _run(pipeline, 3, amount_positive=0)
    issue.refresh_from_db()
    assert issue.status == "passing" and issue.is_open
    assert issue.last_seen == second.finished_at

    # Resolved by an editor, with the resolving run (the last one where the rule passed).
    issue = issue_resolve(issue=issue, user=owner, note="fixed the upstream export")
    assert issue.status == "resolved" and issue.resolved_execution_id == passing.pk and issue.resolved_by == owner
    (resolved,) = _events("quality.issue_resolved")
    assert resolved["execution_id"] == passing.pk and resolved["resolved_by"] == owner.username
    assert Notification.objects.filter(user=subscriber).count() == 2

    # A pass after resolution changes nothing; a failure reopens it (a regression).
    _run(pipeline, 4, amount_positive=0)
    regression = _run(pipeline, 5, amount_positive=1)
    issue.refresh_from_db()
    assert issue.status == "failing" and issue.reopened_count == 1
    assert issue.resolved_at is None and issue.resolved_execution is None
    assert (issue.affected_runs, issue.affected_rows) == (3, 36)
    (reopened,) = _events("quality.issue_reopened")
    assert reopened["execution_id"] == regression.pk
    kinds = list(issue.entries.values_list("kind", flat=True))
    assert kinds == ["opened", "passing", "resolved", "reopened"]
    assert QualityIssue.objects.count() == 1


def test_a_failure_while_passing_makes_it_failing_again(pipeline):
    _run(pipeline, 0, amount_positive=1)
    _run(pipeline, 1, amount_positive=0)
    _run(pipeline, 2, amount_positive=2)
    issue = QualityIssue.objects.get()
    assert issue.status == "failing" and issue.affected_runs == 2 and issue.reopened_count == 0
    assert list(issue.entries.values_list("kind", flat=True)) == ["opened", "passing", "failing"]


def test_a_late_older_run_is_counted_but_changes_no_state(pipeline):
    _run(pipeline, 10, amount_positive=1)
    _run(pipeline, 20, amount_positive=0)  # passing
    _run(pipeline, 5, amount_positive=4)  # finished earlier, recorded later
    issue = QualityIssue.objects.get()
    assert issue.status == "passing" and issue.affected_runs == 2 and issue.affected_rows == 5


@pytest.mark.parametrize(
    ("rate", "rule_type", "blocking", "expected"),
    [
        (0.001, "not_null", False, "low"),
        (0.01, "not_null", False, "medium"),
        (0.0999, "range", False, "medium"),
        (0.1, "range", False, "high"),
        (0.5, "unique", False, "critical"),
        (0.001, "not_null", True, "high"),
        (1.0, "row_count", False, "critical"),
        (0.0, "row_count", False, "high"),
    ],
)
def test_severity_bands(rate, rule_type, blocking, expected):
    assert severity_for(failure_rate=rate, rule_type=rule_type, blocking=blocking) == expected


def test_a_blocking_node_opens_high_issues(pipeline):
    execution = seed_run(pipeline, at=timezone.now(), failures={"id_present": 1}, status="failed", on_failure="fail")
    quality_results_record(execution_id=execution.pk)
    assert QualityIssue.objects.get().severity == "high"


def test_actions_and_their_refusals(pipeline, owner):
    _run(pipeline, 0, amount_positive=3)
    issue = QualityIssue.objects.get()
    issue = issue_acknowledge(issue=issue, user=owner)
    assert issue.acknowledged_by == owner
    with pytest.raises(ValidationError, match="Already acknowledged"):
        issue_acknowledge(issue=issue, user=owner)
    stranger = factories.UserFactory(role="editor")
    with pytest.raises(ValidationError, match="may not see"):
        issue_assign(issue=issue, user=owner, assignee=stranger)
    colleague = factories.UserFactory(role="editor")
    pipeline.shared_with_users.add(colleague)
    issue_assign(issue=issue, user=owner, assignee=colleague)
    assert Notification.objects.filter(user=colleague, title__contains="assigned you").count() == 1
    with pytest.raises(ValidationError):
        issue_comment(issue=issue, user=owner, text="   ")
    issue_comment(issue=issue, user=owner, text="Looking at the supplier feed.")
    # Never passed since its failure: resolved without a resolving run.
    issue = issue_resolve(issue=issue, user=owner)
    assert issue.resolved_execution is None
    with pytest.raises(ValidationError, match="resolved"):
        issue_resolve(issue=issue, user=owner)
    with pytest.raises(ValidationError, match="resolved"):
        issue_acknowledge(issue=issue, user=owner)
    kinds = list(issue.entries.values_list("kind", flat=True))
    assert kinds == ["opened", "acknowledged", "assigned", "commented", "resolved"]


def test_resolving_with_a_named_run_checks_it(pipeline, owner):
    failing = _run(pipeline, 0, amount_positive=3)
    passing = _run(pipeline, 1, amount_positive=0)
    issue = QualityIssue.objects.get()
    with pytest.raises(ValidationError, match="did not pass"):
        issue_resolve(issue=issue, user=owner, execution_id=failing.pk)
    assert issue_resolve(issue=issue, user=owner, execution_id=passing.pk).resolved_execution_id == passing.pk
