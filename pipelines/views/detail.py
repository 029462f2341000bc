"""The pipeline page: summary, versions and their diff, schedule, subscription.

Its parts about runs — recent runs, the next fire times of the schedule, dependencies, the Run
action — are served by executions (executions/views_pipeline.py) and included with htmx: pipelines
knows nothing of runs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.forms import apply_service_errors
from core.htmx import is_htmx
from notifications.live_since import live_page
from notifications.selectors import subscription_for_topic
from notifications.services import subscription_create, subscription_delete
from pipelines.forms import ScheduleForm, SubscriptionForm, VersionDiffForm
from pipelines.models import Pipeline
from pipelines.selectors import pipeline_for_page, pipeline_graph_size, version_diff, versions_of
from pipelines.services import pipeline_update
from pipelines.views.common import can_edit, can_run, require_editor

VERSIONS_SHOWN = 50


def _pipeline(request, pk: int) -> Pipeline:
    return get_object_or_404(pipeline_for_page(user=request.user, pk=pk))


def _schedule_form(pipeline: Pipeline, data=None) -> ScheduleForm:
    return ScheduleForm(
        data,
        initial={
            "schedule_cron": pipeline.schedule_cron,
            "schedule_timezone": pipeline.schedule_timezone,
            "schedule_enabled": pipeline.schedule_enabled,
            "backend": pipeline.backend,
        },
    )


def _diff(request, pipeline: Pipeline, versions: list) -> tuple[VersionDiffForm, dict | None]:
    numbers = [v.number for v in versions]
    by_number = {v.number: v for v in versions}
    if "old" in request.GET or "new" in request.GET:
        form = VersionDiffForm(request.GET, numbers=numbers)
        if form.is_valid():
            old, new = by_number[form.cleaned_data["old"]], by_number[form.cleaned_data["new"]]
            return form, version_diff(old=old, new=new)
        return form, None
    initial = {"old": numbers[1], "new": numbers[0]} if len(numbers) > 1 else {}
    return VersionDiffForm(initial=initial, numbers=numbers), None


def detail_context(request, pipeline: Pipeline, **overrides) -> dict:
    versions = list(versions_of(pipeline=pipeline)[:VERSIONS_SHOWN])
    diff_form, diff = _diff(request, pipeline, versions)
    topic = f"pipeline:{pipeline.pk}"
    subscription = subscription_for_topic(user=request.user, topic=topic)
    context = {
        "pipeline": pipeline,
        "tags": [t.name for t in pipeline.tags.all()],
        "graph_size": pipeline_graph_size(pipeline=pipeline),
        "versions": versions,
        "diff_form": diff_form,
        "diff": diff,
        "schedule_form": _schedule_form(pipeline),
        "subscription": subscription,
        "subscription_form": SubscriptionForm(),
        "can_edit": can_edit(request.user),
        "can_run": can_run(request.user),
    }
    context.update(overrides)
    return context


@login_required
@require_GET
@live_page
def pipeline_detail(request, pk: int):
    pipeline = _pipeline(request, pk)
    return render(request, "pipelines/detail.html", detail_context(request, pipeline))


@login_required
@require_GET
def version_diff_view(request, pk: int):
    """The diff of two versions: a fragment for htmx, else the pipeline page showing it."""
    pipeline = _pipeline(request, pk)
    if not is_htmx(request):
        query = request.GET.urlencode()
        return redirect(f"{reverse('pipelines:detail', args=[pipeline.pk])}?{query}#versions")
    versions = list(versions_of(pipeline=pipeline)[:VERSIONS_SHOWN])
    diff_form, diff = _diff(request, pipeline, versions)
    return render(request, "pipelines/_diff.html", {"pipeline": pipeline, "diff_form": diff_form, "diff": diff})


# --- Schedule -----------------------------------------------------------------------------------


def _render_schedule(request, pipeline: Pipeline, form: ScheduleForm, *, saved: bool, status: int = 200):
    """The Schedule card (its next runs are a part of executions, asked for by the card itself)."""
    if is_htmx(request):
        return render(
            request,
            "pipelines/_schedule.html",
            {"pipeline": pipeline, "schedule_form": form, "saved": saved, "can_edit": True},
        )
    if saved:
        return redirect(f"{reverse('pipelines:detail', args=[pipeline.pk])}#schedule")
    context = detail_context(request, pipeline, schedule_form=form)
    return render(request, "pipelines/detail.html", context, status=status)


@login_required
@require_POST
def schedule_update(request, pk: int):
    pipeline = _pipeline(request, pk)
    require_editor(request.user)
    form = _schedule_form(pipeline, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            pipeline = pipeline_update(
                pipeline=pipeline,
                user=request.user,
                schedule_cron=data["schedule_cron"].strip(),
                schedule_timezone=data["schedule_timezone"],
                schedule_enabled=data["schedule_enabled"],
                backend=data.get("backend") or pipeline.backend,
            )
        except ValidationError as exc:
            pipeline.refresh_from_db()
            apply_service_errors(form, exc)
        else:
            if not is_htmx(request):
                messages.success(request, "Schedule saved.")
            return _render_schedule(request, pipeline, _schedule_form(pipeline), saved=True)
    return _render_schedule(request, pipeline, form, saved=False, status=400)


# --- Subscription -------------------------------------------------------------------------------


@login_required
@require_POST
def subscription_add(request, pk: int):
    pipeline = _pipeline(request, pk)
    form = SubscriptionForm(request.POST)
    if form.is_valid():
        try:
            subscription_create(
                user=request.user,
                topic=f"pipeline:{pipeline.pk}",
                event_types=form.cleaned_data["event_types"],
                channels=form.cleaned_data["channels"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc, field_map={"topic": None})
        else:
            messages.success(request, f"You will be told about runs of “{pipeline.name}”.")
            return redirect(f"{reverse('pipelines:detail', args=[pipeline.pk])}#subscription")
    context = detail_context(request, pipeline, subscription_form=form)
    return render(request, "pipelines/detail.html", context, status=400)


@login_required
@require_POST
def subscription_remove(request, pk: int):
    pipeline = _pipeline(request, pk)
    subscription = subscription_for_topic(user=request.user, topic=f"pipeline:{pipeline.pk}")
    if subscription is None:
        raise Http404("You are not subscribed to this pipeline.")
    subscription_delete(subscription=subscription, user=request.user)
    messages.success(request, f"You will no longer be told about runs of “{pipeline.name}”.")
    return redirect(f"{reverse('pipelines:detail', args=[pipeline.pk])}#subscription")
