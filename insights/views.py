"""The insights pages (docs/insights.md): /insights/ (every pipeline you may see), a pipeline's insights,
an insight with its evidence and history; dismiss and un-dismiss (POST, editors)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from insights import presentation
from insights.models import Insight
from insights.selectors import insight_history, insights_filtered, insights_visible_to, pipeline_runs, state_counts
from insights.services.store import insight_can_act, insight_dismiss, insight_undismiss
from pipelines import roles
from pipelines.selectors import pipelines_visible_to

STATES = ("open", "dismissed", "closed", "all")
PAGE_SIZE = 50


def _list_context(request, *, pipeline_id: int | None) -> dict:
    state = request.GET.get("state", "open")
    state = state if state in STATES else "open"
    kind = request.GET.get("kind", "")
    kind = kind if kind in Insight.Kind.values else ""
    qs = insights_filtered(user=request.user, pipeline_id=pipeline_id, state=state, kind=kind)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "state": state,
        "states": STATES,
        "kind": kind,
        "kinds": Insight.Kind.choices,
        "page": page,
        "insights": list(page.object_list),
        "counts": state_counts(user=request.user, pipeline_id=pipeline_id),
        "can_act": roles.has_role(request.user, roles.EDITOR),
    }


@login_required
def overview(request):
    return render(request, "insights/overview.html", _list_context(request, pipeline_id=None))


@login_required
def pipeline_insights(request, pk: int):
    pipeline = get_object_or_404(pipelines_visible_to(user=request.user), pk=pk)
    return render(
        request, "insights/pipeline.html", {"pipeline": pipeline, **_list_context(request, pipeline_id=pipeline.pk)}
    )


def _chart(insight: Insight) -> dict | None:
    """The runs behind a regression or a trend (one query), drawn with what the insight found."""
    if insight.kind not in presentation.SERIES_KINDS:
        return None
    since = timezone.now() - timedelta(days=settings.SLUICE_INSIGHTS_WINDOW_DAYS)
    runs = pipeline_runs(pipeline_id=insight.pipeline_id, since=since)
    figures = (insight.evidence or {}).get("figures", {})
    return presentation.history_chart(kind=insight.kind, runs=runs, figures=figures)


@login_required
def insight_detail(request, pk: int):
    insight = get_object_or_404(insights_visible_to(user=request.user), pk=pk)
    return render(
        request,
        "insights/detail.html",
        {
            "insight": insight,
            "history": insight_history(insight=insight),
            "can_act": insight_can_act(user=request.user, insight=insight),
            "figures": sorted((insight.evidence or {}).get("figures", {}).items()),
            "chart": _chart(insight),
            "window_days": settings.SLUICE_INSIGHTS_WINDOW_DAYS,
        },
    )


def _act(request, pk: int, action):
    insight = get_object_or_404(insights_visible_to(user=request.user), pk=pk)
    try:
        action(insight=insight, user=request.user)  # PermissionDenied (403) for viewers
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    target = request.POST.get("next", "")
    local = target.startswith("/") and not target.startswith("//") and "\\" not in target
    if local and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("insights:detail", pk=pk)


@login_required
@require_POST
def dismiss_view(request, pk: int):
    return _act(request, pk, insight_dismiss)


@login_required
@require_POST
def undismiss_view(request, pk: int):
    return _act(request, pk, insight_undismiss)
