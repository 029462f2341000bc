"""The quality pages (docs/ui.md, docs/quality.md): /quality/ (every pipeline you may see, by failing
rules and open issues), a pipeline's quality page (pass rate per rule over time, the failing-rules
heatmap, open issues, failing runs), a run's results with its failing rows, and an issue's page with
its timeline and actions (htmx: each action answers with the issue's body)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.htmx import is_htmx
from core.ids import is_digits
from executions.selectors import executions_visible_to
from pipelines.selectors import pipelines_visible_to
from quality import presentation
from quality.models import QualityIssue
from quality.selectors import (
    assignable_users,
    execution_results,
    issue_timeline,
    issues_filtered,
    issues_visible_to,
    pass_rates_per_day,
    pipelines_by_quality,
    results_filtered,
    rules_of,
    span_of_days,
)
from quality.services.issues import (
    issue_acknowledge,
    issue_assign,
    issue_can_act,
    issue_comment,
    issue_resolve,
)
from quality.views_sla import sla_context

WINDOWS = (7, 30, 90)
ISSUE_LIMIT = 50
FAILING_RUNS = 20


def _days(request) -> int:
    raw = request.GET.get("days", "")
    return int(raw) if is_digits(raw) and int(raw) in WINDOWS else 30


@login_required
def overview(request):
    days = _days(request)
    span = span_of_days(days)
    return render(
        request,
        "quality/overview.html",
        {
            "days": days,
            "windows": WINDOWS,
            "pipelines": pipelines_by_quality(user=request.user, span=span),
            "issues": list(issues_filtered(user=request.user, status="open")[:ISSUE_LIMIT]),
        },
    )


@login_required
def pipeline_quality(request, pk: int):
    pipeline = get_object_or_404(pipelines_visible_to(user=request.user), pk=pk)
    days = _days(request)
    span = span_of_days(days)
    per_day = pass_rates_per_day(pipeline_id=pipeline.pk, span=span, user=request.user)
    failing = (
        results_filtered(user=request.user, span=span, pipeline_id=pipeline.pk, failed_only=True)
        .order_by()
        .values("execution_id")
        .distinct()
    )
    failing_runs = list(failing.order_by("-execution_id")[:FAILING_RUNS])
    return render(
        request,
        "quality/pipeline.html",
        {
            "pipeline": pipeline,
            "days": days,
            "windows": WINDOWS,
            "rules": rules_of(pipeline_id=pipeline.pk, user=request.user, span=span),
            "lines_option": presentation.pass_rate_lines(per_day),
            "heatmap_option": presentation.failing_heatmap(per_day, days=span.days),
            "has_results": bool(per_day),
            "heatmap_height": max(240, 100 + 28 * len({(r["node_key"], r["rule"]) for r in per_day})),
            "issues": list(issues_filtered(user=request.user, pipeline_id=pipeline.pk, status="open")[:ISSUE_LIMIT]),
            "failing_runs": [r["execution_id"] for r in failing_runs],
            "since": span.since,
            "until": span.until,
            **sla_context(user=request.user, pipeline=pipeline),
        },
    )


@login_required
def execution_quality(request, pk: int):
    """A run's results, failing first, with their (masked) failing rows."""
    execution = get_object_or_404(executions_visible_to(user=request.user).select_related("pipeline"), pk=pk)
    return render(
        request,
        "quality/execution.html",
        {"execution": execution, "results": execution_results(user=request.user, execution_id=execution.pk)},
    )


def _issue_context(request, issue: QualityIssue) -> dict:
    can_act = issue_can_act(user=request.user, issue=issue)
    return {
        "issue": issue,
        "timeline": issue_timeline(issue=issue),
        "can_act": can_act,
        "users": assignable_users(issue=issue) if can_act and issue.is_open else [],
    }


@login_required
def issue_detail(request, pk: int):
    issue = get_object_or_404(issues_visible_to(user=request.user), pk=pk)
    return render(request, "quality/issue.html", _issue_context(request, issue))


def _act(request, pk: int, action) -> object:
    issue = get_object_or_404(issues_visible_to(user=request.user), pk=pk)
    if not issue_can_act(user=request.user, issue=issue):
        raise PermissionDenied("Acting on quality issues needs the editor role.")
    error = ""
    try:
        action(issue)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    issue = issues_visible_to(user=request.user).get(pk=pk)
    if is_htmx(request):
        return render(request, "quality/_issue_body.html", {**_issue_context(request, issue), "error": error})
    if error:
        messages.error(request, error)
    return redirect("quality:issue", pk=pk)


@login_required
@require_POST
def issue_acknowledge_view(request, pk: int):
    return _act(request, pk, lambda issue: issue_acknowledge(issue=issue, user=request.user))


@login_required
@require_POST
def issue_assign_view(request, pk: int):
    def assign(issue):
        username = request.POST.get("assignee", "")[:150]
        storable = "\x00" not in username
        assignee = get_user_model().objects.filter(username=username).first() if username and storable else None
        if username and assignee is None:
            raise ValidationError({"assignee": ["That user does not exist or may not see this pipeline."]})
        issue_assign(issue=issue, user=request.user, assignee=assignee)

    return _act(request, pk, assign)


@login_required
@require_POST
def issue_resolve_view(request, pk: int):
    return _act(
        request,
        pk,
        lambda issue: issue_resolve(issue=issue, user=request.user, note=request.POST.get("note", "")[:5000]),
    )


@login_required
@require_POST
def issue_comment_view(request, pk: int):
    return _act(
        request, pk, lambda issue: issue_comment(issue=issue, user=request.user, text=request.POST.get("text", ""))
    )
