"""Reads of the reports app: the reports a user may see, and the figures of a report's blocks.

A report is always computed *for a reader*: its pipelines are those the report names (or all, filtered by
tags) intersected with the pipelines the reader may see, so sharing a report never shows anyone runs of
a pipeline they could not open themselves. A scheduled delivery reads as the report's owner. Each block
costs a fixed number of queries whatever the number of runs, results or pipelines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from core.sql import DurationSeconds, EpochBucket, percentile_annotations, python_percentiles, sql_percentiles
from executions.models import Execution
from insights.models import Insight
from insights.selectors import insights_filtered
from monitoring.selectors.windows import Window as MonitoringWindow
from monitoring.selectors.windows import bucket_starts, parse_bucket
from pipelines import roles
from pipelines.models import Pipeline
from pipelines.selectors import pipelines_visible_to
from quality.models import QualityIssue, QualityResult
from reports.blocks import block_title
from reports.models import Report, ReportDelivery

E = Execution.Status
WINDOW_SECONDS = {"24h": 86400, "7d": 7 * 86400, "30d": 30 * 86400}
DELIVERIES_SHOWN = 20


def reports_visible_to(*, user) -> QuerySet[Report]:
    """Reports ``user`` owns or that are shared with them or one of their groups; all for admins."""
    qs = Report.objects.select_related("owner")
    if roles.sees_everything(user):
        return qs
    shared_user = Report.shared_with_users.through.objects.filter(report=OuterRef("pk"), user=user)
    shared_group = Report.shared_with_groups.through.objects.filter(report=OuterRef("pk"), group__in=user.groups.all())
    return qs.filter(Q(owner=user) | Exists(shared_user) | Exists(shared_group))


def report_can_edit(*, report: Report, user) -> bool:
    """Its owner and admins change, delete and send a report; those it is shared with read it."""
    return report.owner_id == user.pk or roles.sees_everything(user)


def report_deliveries(*, report: Report, limit: int = DELIVERIES_SHOWN) -> list[ReportDelivery]:
    return list(report.deliveries.select_related("sent_by").order_by("-created_at", "-id")[:limit])


# --- the figures --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    since: datetime
    until: datetime
    label: str

    @property
    def seconds(self) -> int:
        return max(1, int((self.until - self.since).total_seconds()))


def report_span(*, report: Report, now: datetime | None = None) -> Span:
    """The window of the report: the last 24h/7d/30d until ``now``, or its explicit range."""
    now = now or timezone.now()
    if report.window == Report.Window.RANGE and report.since and report.until:
        return Span(since=report.since, until=report.until, label="range")
    seconds = WINDOW_SECONDS.get(report.window, WINDOW_SECONDS["7d"])
    return Span(since=now - timedelta(seconds=seconds), until=now, label=report.window)


def report_pipelines(
    *,
    report: Report,
    user,
    pipeline_ids: list[int] | None = None,
    tags: list[str] | None = None,
    owners: list[str] | None = None,
):
    """The pipelines the report covers for ``user`` (a queryset, used as a subquery): visible to ``user``,
    among the report's pipelines if it names any, carrying one of its tags if it names any, owned by one of
    its pipeline owners if it names any. The builder's preview passes the unsaved ids, tags and owners."""
    qs = pipelines_visible_to(user=user)
    ids = list(report.pipelines.values_list("pk", flat=True)) if pipeline_ids is None and report.pk else pipeline_ids
    tags = report.tags if tags is None else tags
    owners = report.pipeline_owners if owners is None else owners
    if owners:
        qs = qs.filter(owner__username__in=owners)
    if ids:
        qs = qs.filter(pk__in=ids)
    if tags:
        qs = qs.filter(Exists(Pipeline.tags.through.objects.filter(pipeline=OuterRef("pk"), tag__name__in=tags)))
    return qs


def _executions(pipelines, span: Span) -> QuerySet[Execution]:
    return Execution.objects.filter(
        pipeline__in=pipelines.values("pk"), created_at__gte=span.since, created_at__lt=span.until
    )


FINISHED = Q(status__in=Execution.FINISHED, started_at__isnull=False, finished_at__isnull=False)


def kpis(*, pipelines, span: Span) -> dict[str, Any]:
    """Runs (created in the window), success rate (succeeded / (succeeded + failed)), p95 duration (s) of
    finished runs, rows written (rows out of succeeded runs). One query on PostgreSQL."""
    duration = DurationSeconds("started_at", "finished_at")
    qs = _executions(pipelines, span)
    row = qs.aggregate(
        runs=Count("id"),
        succeeded=Count("id", filter=Q(status=E.SUCCEEDED)),
        failed=Count("id", filter=Q(status=E.FAILED)),
        rows=Sum("rows_out", filter=Q(status=E.SUCCEEDED)),
        **{f"{k}_s": v for k, v in percentile_annotations(duration, filter=FINISHED).items()},
    )
    if not sql_percentiles():
        row["p95_s"] = python_percentiles(qs.filter(FINISHED), group_by=[], value=duration).get((), {}).get("p95")
    done = row["succeeded"] + row["failed"]
    p95 = row.get("p95_s")
    return {
        "runs": row["runs"],
        "succeeded": row["succeeded"],
        "failed": row["failed"],
        "success_rate": round(row["succeeded"] / done, 4) if done else None,
        "p95_duration_s": round(p95, 3) if p95 is not None else None,
        "rows": row["rows"] or 0,
    }


def _bucket(span: Span) -> tuple[str, int]:
    window = MonitoringWindow(label=span.label, seconds=span.seconds, since=span.since, until=span.until, capped=False)
    return parse_bucket(None, window=window)


def _bucket_axis(span: Span, size: int) -> list[int]:
    window = MonitoringWindow(label=span.label, seconds=span.seconds, since=span.since, until=span.until, capped=False)
    return bucket_starts(window=window, size=size)


def runs_over_time(*, pipelines, span: Span) -> dict[str, Any]:
    """Runs per bucket (the monitoring pages' automatic bucket: at most 120): succeeded, failed, other."""
    label, size = _bucket(span)
    rows = (
        _executions(pipelines, span)
        .annotate(bucket=EpochBucket("created_at", size))
        .values("bucket")
        .annotate(
            total=Count("id"),
            succeeded=Count("id", filter=Q(status=E.SUCCEEDED)),
            failed=Count("id", filter=Q(status=E.FAILED)),
        )
        .order_by("bucket")
    )
    found = {r["bucket"]: r for r in rows}
    points = []
    for start in _bucket_axis(span, size):
        r = found.get(start, {"total": 0, "succeeded": 0, "failed": 0})
        points.append(
            {
                "ts": datetime.fromtimestamp(start, tz=UTC),
                "succeeded": r["succeeded"],
                "failed": r["failed"],
                "other": r["total"] - r["succeeded"] - r["failed"],
            }
        )
    return {"bucket": label, "bucket_seconds": size, "points": points}


def durations_over_time(*, pipelines, span: Span) -> dict[str, Any]:
    """p50 and p95 duration (s) of the runs finished per bucket (created in it); buckets without one are
    gaps."""
    label, size = _bucket(span)
    duration = DurationSeconds("started_at", "finished_at")
    qs = _executions(pipelines, span).filter(FINISHED).annotate(bucket=EpochBucket("created_at", size))
    if sql_percentiles():
        rows = qs.values("bucket").annotate(runs=Count("id"), **percentile_annotations(duration)).order_by("bucket")
        found = {r["bucket"]: r for r in rows}
    else:
        found = {key[0]: pct for key, pct in python_percentiles(qs, group_by=["bucket"], value=duration).items()}
    points = []
    for start in _bucket_axis(span, size):
        r = found.get(start) or {}
        points.append(
            {
                "ts": datetime.fromtimestamp(start, tz=UTC),
                "p50_s": round(r["p50"], 3) if r.get("p50") is not None else None,
                "p95_s": round(r["p95"], 3) if r.get("p95") is not None else None,
            }
        )
    return {"bucket": label, "bucket_seconds": size, "points": points}


def quality_pass_rate(*, pipelines, span: Span) -> dict[str, Any]:
    """Per UTC day of the window: quality check results, passes, pass rate (None on a day without one)."""
    rows = (
        QualityResult.objects.filter(pipeline__in=pipelines.values("pk"), run_at__gte=span.since, run_at__lt=span.until)
        .annotate(day=TruncDate("run_at", tzinfo=UTC))
        .values("day")
        .annotate(results=Count("id"), passed=Count("id", filter=Q(passed=True)))
        .order_by("day")
    )
    found = {r["day"]: r for r in rows}
    first, last = span.since.astimezone(UTC).date(), span.until.astimezone(UTC).date()
    points = []
    for i in range((last - first).days + 1):
        day = first + timedelta(days=i)
        r = found.get(day)
        points.append(
            {
                "day": day,
                "results": r["results"] if r else 0,
                "passed": r["passed"] if r else 0,
                "pass_rate": round(r["passed"] / r["results"], 4) if r else None,
            }
        )
    return {"points": points}


def runs_table(*, pipelines, span: Span, limit: int, statuses: list[str]) -> list[dict[str, Any]]:
    qs = _executions(pipelines, span)
    if statuses:
        wanted = set(statuses)
        if "running" in wanted:  # committing and cancelling runs are still running
            wanted |= {E.COMMITTING, E.CANCELLING}
        qs = qs.filter(status__in=wanted)
    rows = qs.select_related("pipeline").order_by("-created_at", "-id")[:limit]
    return [
        {
            "id": e.pk,
            "pipeline": e.pipeline.name,
            "pipeline_id": e.pipeline_id,
            "status": e.status,
            "trigger": e.trigger,
            "created_at": e.created_at,
            "duration_s": round(e.duration_seconds, 3) if e.duration_seconds is not None else None,
            "rows_out": e.rows_out,
        }
        for e in rows
    ]


def open_issues(*, pipelines, limit: int) -> list[dict[str, Any]]:
    rows = (
        QualityIssue.objects.filter(pipeline__in=pipelines.values("pk"), status__in=QualityIssue.OPEN)
        .select_related("pipeline")
        .order_by("-last_seen", "-id")[:limit]
    )
    return [
        {
            "id": i.pk,
            "pipeline": i.pipeline.name,
            "pipeline_id": i.pipeline_id,
            "node_key": i.node_key,
            "rule": i.rule,
            "severity": i.severity,
            "status": i.status,
            "first_seen": i.first_seen,
            "last_seen": i.last_seen,
            "affected_runs": i.affected_runs,
            "affected_rows": i.affected_rows,
        }
        for i in rows
    ]


def open_insights(*, user, pipelines, limit: int) -> list[dict[str, Any]]:
    """The open insights of the report's pipelines, most recently seen first (insights' own selector)."""
    rows = insights_filtered(user=user, state=Insight.State.OPEN).filter(pipeline__in=pipelines.values("pk"))[:limit]
    return [
        {
            "id": i.pk,
            "pipeline": i.pipeline.name,
            "pipeline_id": i.pipeline_id,
            "kind": i.get_kind_display(),
            "node_key": i.node_key,
            "severity": i.severity,
            "title": i.title,
            "last_seen": i.last_seen,
        }
        for i in rows
    ]


def _block_data(block: dict[str, Any], *, user, pipelines, span: Span) -> Any:
    kind = block["kind"]
    if kind == "kpis":
        return kpis(pipelines=pipelines, span=span)
    if kind == "runs_chart":
        return runs_over_time(pipelines=pipelines, span=span)
    if kind == "duration_chart":
        return durations_over_time(pipelines=pipelines, span=span)
    if kind == "quality_chart":
        return quality_pass_rate(pipelines=pipelines, span=span)
    if kind == "runs_table":
        return runs_table(pipelines=pipelines, span=span, limit=block["limit"], statuses=block["statuses"])
    if kind == "quality_issues":
        return open_issues(pipelines=pipelines, limit=block["limit"])
    if kind == "insights":
        return open_insights(user=user, pipelines=pipelines, limit=block["limit"])
    raise ValueError(f"unknown block kind {kind!r}")


def report_figures(
    *,
    report: Report,
    user,
    now: datetime | None = None,
    blocks: list[dict[str, Any]] | None = None,
    pipeline_ids: list[int] | None = None,
    tags: list[str] | None = None,
    owners: list[str] | None = None,
) -> dict[str, Any]:
    """Every block of ``report`` with its figures, as ``user`` may see them. The builder's preview passes
    the unsaved ``blocks``, ``pipeline_ids``, ``tags`` and ``owners`` on an unsaved report."""
    span = report_span(report=report, now=now)
    pipelines = report_pipelines(report=report, user=user, pipeline_ids=pipeline_ids, tags=tags, owners=owners)
    covered = list(pipelines.order_by("name", "id").values("pk", "name")[:51])
    out = []
    for block in report.blocks if blocks is None else blocks:
        out.append(
            {
                **block,
                "heading": block_title(block),
                "data": _block_data(block, user=user, pipelines=pipelines, span=span),
            }
        )
    return {
        "name": report.name,
        "description": report.description,
        "since": span.since,
        "until": span.until,
        "window": span.label,
        "generated_at": now or timezone.now(),
        "pipelines": [{"id": p["pk"], "name": p["name"]} for p in covered[:50]],
        "more_pipelines": len(covered) > 50,
        "blocks": out,
    }
