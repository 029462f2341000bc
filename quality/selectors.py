"""Reads of the quality app: results and issues a user may see, pass rates per rule per day, the
pipelines ranked by failing rules, an issue's timeline. Every read is a fixed number of queries,
whatever the number of results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from core.ids import utc_moment
from pipelines import roles
from pipelines.models import Pipeline
from pipelines.selectors import pipelines_visible_to
from quality.models import QualityIssue, QualityIssueEntry, QualityResult

MAX_WINDOW_DAYS = 366


@dataclass(frozen=True)
class Span:
    since: datetime
    until: datetime

    @property
    def days(self) -> list[date]:
        first, last = self.since.astimezone(UTC).date(), self.until.astimezone(UTC).date()
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _moment(value: str | None, name: str, *, end: bool = False) -> datetime | None:
    if value in (None, ""):
        return None
    text = value.strip()
    try:
        moment = parse_datetime(text) if "T" in text or " " in text else None
        moment = utc_moment(moment) if moment is not None else None
    except ValueError:  # well formed but not a date (month 13), or out of range once in UTC
        raise ValidationError({name: [f"{name} is not a date-time in range: {text[:30]!r}."]}) from None
    if moment is None:
        day = parse_date(text) if len(text) <= 10 else None
        if day is None:
            raise ValidationError({name: [f"{name} is an ISO date or date-time, not {text[:30]!r}."]})
        moment = datetime.combine(day + timedelta(days=1) if end else day, datetime.min.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return moment


def parse_span(since: str | None, until: str | None, *, default_days: int = 30) -> Span:
    """``since``/``until`` as ISO dates or date-times (a date ``until`` includes that day); by default the
    last ``default_days`` days. At most 366 days."""
    end = _moment(until, "until", end=True) or timezone.now()
    start = _moment(since, "since") or end - timedelta(days=default_days)
    if start >= end:
        raise ValidationError({"since": ["since must be before until."]})
    if end - start > timedelta(days=MAX_WINDOW_DAYS):
        raise ValidationError({"since": [f"The window is at most {MAX_WINDOW_DAYS} days."]})
    return Span(since=start, until=end)


def span_of_days(days: int) -> Span:
    now = timezone.now()
    return Span(since=now - timedelta(days=days), until=now)


# --- results ----------------------------------------------------------------------------------------------------


def results_visible_to(*, user) -> QuerySet[QualityResult]:
    qs = QualityResult.objects.all()
    if roles.sees_everything(user):
        return qs
    return qs.filter(pipeline__in=pipelines_visible_to(user=user).values("pk"))


def results_filtered(
    *,
    user,
    span: Span,
    pipeline_id: int | None = None,
    rule: str = "",
    node_key: str = "",
    execution_id: int | None = None,
    failed_only: bool = False,
) -> QuerySet[QualityResult]:
    qs = results_visible_to(user=user).filter(run_at__gte=span.since, run_at__lt=span.until)
    if pipeline_id is not None:
        qs = qs.filter(pipeline_id=pipeline_id)
    if rule:
        qs = qs.filter(rule=rule)
    if node_key:
        qs = qs.filter(node_key=node_key)
    if execution_id is not None:
        qs = qs.filter(execution_id=execution_id)
    if failed_only:
        qs = qs.filter(passed=False)
    return qs.select_related("pipeline").order_by("-run_at", "-id")


def pass_rates_per_day(*, pipeline_id: int, span: Span, user) -> list[dict[str, Any]]:
    """One row per rule (node and rule name) and UTC day with results: runs, passes, pass rate, rows
    checked and failed, ordered by rule then day. One query (two on PostgreSQL).

    The groups are few (rules x days) but the planner cannot tell from the day's expression: it counted
    a group per row, so it sorted every result of the window (40,000 for a pipeline of 20,000 runs a
    month: 60-100 ms, spilling to disk) to group them. On PostgreSQL the query runs with 32 MB of
    ``work_mem`` for its transaction and without ORDER BY, so the groups are hashed (20-35 ms there), and
    the few groups are sorted here."""
    rows = (
        results_filtered(user=user, span=span, pipeline_id=pipeline_id)
        .order_by()
        .annotate(day=TruncDate("run_at", tzinfo=UTC))
        .values("node_key", "rule", "day")
        .annotate(
            runs=Count("id"),
            passed_runs=Count("id", filter=Q(passed=True)),
            rows_checked=Sum("rows_checked"),
            failed_rows=Sum("failed_rows"),
        )
        .order_by()
    )
    if connections[rows.db].vendor == "postgresql":
        with transaction.atomic(using=rows.db), connections[rows.db].cursor() as cur:
            cur.execute("SELECT set_config('work_mem', '32MB', true)")
            rows = list(rows)
    rows = sorted(rows, key=lambda r: (r["node_key"], r["rule"], r["day"]))
    return [
        {
            "node_key": r["node_key"],
            "rule": r["rule"],
            "day": r["day"],
            "runs": r["runs"],
            "passed": r["passed_runs"],
            "failed": r["runs"] - r["passed_runs"],
            "pass_rate": r["passed_runs"] / r["runs"],
            "rows_checked": r["rows_checked"] or 0,
            "failed_rows": r["failed_rows"] or 0,
        }
        for r in rows
    ]


def rules_of(*, pipeline_id: int, user, span: Span) -> list[dict[str, Any]]:
    """The rules with results in the window: runs, passes, failing rows, and the last result."""
    rows = (
        results_filtered(user=user, span=span, pipeline_id=pipeline_id)
        .order_by()
        .values("node_key", "rule", "rule_type")
        .annotate(
            runs=Count("id"),
            passed_runs=Count("id", filter=Q(passed=True)),
            failed_rows=Sum("failed_rows"),
            last_run_at=Max("run_at"),
        )
        .order_by("node_key", "rule")
    )
    return [{**r, "pass_rate": r["passed_runs"] / r["runs"]} for r in rows]


def execution_results(*, user, execution_id: int) -> list[QualityResult]:
    """Every result of one run (the drill-down: failing rows first)."""
    return list(
        results_visible_to(user=user)
        .filter(execution_id=execution_id)
        .select_related("pipeline")
        .order_by("passed", "node_key", "rule")
    )


# --- issues ---------------------------------------------------------------------------------------------------


def issues_visible_to(*, user) -> QuerySet[QualityIssue]:
    qs = QualityIssue.objects.select_related("pipeline", "assignee", "acknowledged_by", "resolved_by")
    if roles.sees_everything(user):
        return qs
    return qs.filter(pipeline__in=pipelines_visible_to(user=user).values("pk"))


def issues_filtered(
    *, user, pipeline_id: int | None = None, status: str = "", rule: str = "", assignee: str = ""
) -> QuerySet[QualityIssue]:
    """``status``: failing, passing, resolved, or ``open`` (failing or passing)."""
    qs = issues_visible_to(user=user)
    if pipeline_id is not None:
        qs = qs.filter(pipeline_id=pipeline_id)
    if status == "open":
        qs = qs.filter(status__in=QualityIssue.OPEN)
    elif status:
        qs = qs.filter(status=status)
    if rule:
        qs = qs.filter(rule=rule)
    if assignee:
        qs = qs.filter(assignee__username=assignee)
    return qs.order_by("-last_seen", "-id")


def issue_timeline(*, issue: QualityIssue) -> list[QualityIssueEntry]:
    return list(issue.entries.select_related("user").order_by("created_at", "id"))


def assignable_users(*, issue: QualityIssue, limit: int = 200) -> list:
    """Active users who may see the issue's pipeline: its owner, those it is shared with (directly or
    through a group), admins. One query."""
    pipeline = Pipeline.objects.get(pk=issue.pipeline_id)
    sees = (
        Q(pk=pipeline.owner_id)
        | Q(pk__in=pipeline.shared_with_users.values("pk"))
        | Q(groups__in=pipeline.shared_with_groups.values("pk"))
        | Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(groups__name=roles.ADMIN)
    )
    return list(get_user_model().objects.filter(sees, is_active=True).distinct().order_by("username")[:limit])


# --- the global page ------------------------------------------------------------------------------------------


def pipelines_by_quality(*, user, span: Span, limit: int = 200) -> list[dict[str, Any]]:
    """The visible pipelines with results in the window or open issues, most failing rules first, then
    most open issues: three queries."""
    results = (
        results_visible_to(user=user)
        .filter(run_at__gte=span.since, run_at__lt=span.until)
        .order_by()
        .values("pipeline_id")
        .annotate(
            results=Count("id"),
            passed_results=Count("id", filter=Q(passed=True)),
            failed_rows=Sum("failed_rows"),
            last_run_at=Max("run_at"),
        )
    )
    failing = (
        results_visible_to(user=user)
        .filter(run_at__gte=span.since, run_at__lt=span.until, passed=False)
        .order_by()
        .values("pipeline_id", "node_key", "rule")
        .distinct()
    )
    failing_count: dict[int, int] = {}
    for row in failing:
        failing_count[row["pipeline_id"]] = failing_count.get(row["pipeline_id"], 0) + 1
    issues = (
        issues_visible_to(user=user)
        .filter(status__in=QualityIssue.OPEN)
        .order_by()
        .values("pipeline_id")
        .annotate(open_issues=Count("id"), failing_issues=Count("id", filter=Q(status=QualityIssue.Status.FAILING)))
    )
    table: dict[int, dict[str, Any]] = {}
    for row in results:
        rate = row["passed_results"] / row["results"]
        table[row["pipeline_id"]] = {**row, "pass_rate": rate, "open_issues": 0, "failing_issues": 0}
    for row in issues:
        entry = table.setdefault(
            row["pipeline_id"],
            {"pipeline_id": row["pipeline_id"], "results": 0, "passed_results": 0, "failed_rows": 0, "pass_rate": None},
        )
        entry["open_issues"] = row["open_issues"]
        entry["failing_issues"] = row["failing_issues"]
    names = dict(Pipeline.objects.filter(pk__in=list(table)).values_list("pk", "name"))
    rows = []
    for pk, entry in table.items():
        entry.update(name=names.get(pk, ""), failing_rules=failing_count.get(pk, 0))
        entry.setdefault("last_run_at", None)
        rows.append(entry)
    rows.sort(key=lambda r: (-r["failing_rules"], -r["open_issues"], r["name"].lower()))
    return rows[:limit]
