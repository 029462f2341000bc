"""The pipeline page: summary, versions and their diff, schedule, dependencies, runs, subscription."""

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
from executions.forms import DependencyForm
from executions.selectors import dependencies_of
from executions.services.dependencies import dependency_create, dependency_delete
from executions.views_pipeline import next_runs, recent_runs
from notifications.selectors import subscription_for_topic
from notifications.services import subscription_create, subscription_delete
from pipelines.forms import ScheduleForm, SubscriptionForm, VersionDiffForm
from pipelines.models import Pipeline
from pipelines.selectors import (
    pipeline_for_page,
    pipeline_graph_size,
    pipelines_visible_to,
    version_diff,
    versions_of,
)
from pipelines.services import pipeline_update
from pipelines.services.pipelines import pipeline_check_schedule
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


def _dependency_choices(request, pipeline: Pipeline):
    return pipelines_visible_to(user=request.user).exclude(pk=pipeline.pk).order_by("name", "id")


def detail_context(request, pipeline: Pipeline, **overrides) -> dict:
    versions = list(versions_of(pipeline=pipeline)[:VERSIONS_SHOWN])
    diff_form, diff = _diff(request, pipeline, versions)
    topic = f"pipeline:{pipeline.pk}"
    subscription = subscription_for_topic(user=request.user, topic=topic)
    dependencies = list(dependencies_of(pipeline=pipeline).order_by("upstream__name", "downstream__name"))
    context = {
        "pipeline": pipeline,
        "tags": [t.name for t in pipeline.tags.all()],
        "graph_size": pipeline_graph_size(pipeline=pipeline),
        "versions": versions,
        "diff_form": diff_form,
        "diff": diff,
        "schedule_form": _schedule_form(pipeline),
        "next_runs": next_runs(pipeline=pipeline),
        "upstream": [d for d in dependencies if d.downstream_id == pipeline.pk],
        "downstream": [d for d in dependencies if d.upstream_id == pipeline.pk],
        "dependency_form": DependencyForm(pipelines=_dependency_choices(request, pipeline)),
        "runs": recent_runs(user=request.user, pipeline=pipeline),
        "subscription": subscription,
        "subscription_form": SubscriptionForm(),
        "can_edit": can_edit(request.user),
        "can_run": can_run(request.user),
    }
    context.update(overrides)
    return context


@login_required
@require_GET
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


def _render_schedule(request, pipeline: Pipeline, form: ScheduleForm, runs: list, *, saved: bool, status: int = 200):
    if is_htmx(request):
        return render(
            request,
            "pipelines/_schedule.html",
            {"pipeline": pipeline, "schedule_form": form, "next_runs": runs, "saved": saved, "can_edit": True},
        )
    if saved:
        return redirect(f"{reverse('pipelines:detail', args=[pipeline.pk])}#schedule")
    context = detail_context(request, pipeline, schedule_form=form, next_runs=runs)
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
            )
        except ValidationError as exc:
            pipeline.refresh_from_db()
            apply_service_errors(form, exc)
        else:
            if not is_htmx(request):
                messages.success(request, "Schedule saved.")
            return _render_schedule(
                request, pipeline, _schedule_form(pipeline), next_runs(pipeline=pipeline), saved=True
            )
    return _render_schedule(request, pipeline, form, next_runs(pipeline=pipeline), saved=False, status=400)


@login_required
@require_GET
def schedule_preview(request, pk: int):
    """The next five fire times of a cron expression and time zone being typed (nothing is saved)."""
    pipeline = _pipeline(request, pk)
    cron = (request.GET.get("schedule_cron") or "").strip()
    tz = request.GET.get("schedule_timezone") or pipeline.schedule_timezone
    error, runs = "", []
    try:
        pipeline_check_schedule(cron, tz, False)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    else:
        draft = Pipeline(schedule_cron=cron, schedule_timezone=tz)
        runs = next_runs(pipeline=draft)
    return render(request, "executions/_next_runs.html", {"next_runs": runs, "preview_error": error, "preview": True})


# --- Dependencies -------------------------------------------------------------------------------


@login_required
@require_POST
def dependency_add(request, pk: int):
    pipeline = _pipeline(request, pk)
    require_editor(request.user)
    form = DependencyForm(request.POST, pipelines=_dependency_choices(request, pipeline))
    if form.is_valid():
        other = form.cleaned_data["other"]
        upstream, downstream = (
            (other, pipeline) if form.cleaned_data["direction"] == DependencyForm.UPSTREAM else (pipeline, other)
        )
        try:
            dependency_create(upstream=upstream, downstream=downstream, user=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc, field_map={"downstream": "other", "upstream": "other"})
        else:
            messages.success(request, f"“{downstream.name}” now runs after “{upstream.name}” succeeds.")
            return redirect(f"{reverse('pipelines:detail', args=[pipeline.pk])}#dependencies")
    context = detail_context(request, pipeline, dependency_form=form)
    return render(request, "pipelines/detail.html", context, status=400)


@login_required
@require_POST
def dependency_remove(request, pk: int, dependency_id: int):
    pipeline = _pipeline(request, pk)
    require_editor(request.user)
    visible = pipelines_visible_to(user=request.user)
    dependency = (
        dependencies_of(pipeline=pipeline)
        .filter(pk=dependency_id, upstream__in=visible, downstream__in=visible)
        .first()
    )
    if dependency is None:
        raise Http404("No such dependency of this pipeline.")
    dependency_delete(dependency=dependency, user=request.user)
    messages.success(request, f"“{dependency.downstream.name}” no longer runs after “{dependency.upstream.name}”.")
    return redirect(f"{reverse('pipelines:detail', args=[pipeline.pk])}#dependencies")


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
