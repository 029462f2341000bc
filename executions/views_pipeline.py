"""The parts of the pipeline pages that are about runs, served by executions (docs/ui.md): a pipeline's
recent runs, its Run action, the next fire times of its schedule (and of a cron expression being
typed), its dependencies with their forms, and the last and next run of the rows of the pipelines list.

The pipeline pages (pipelines/views/) know nothing of runs: they include these parts with htmx
(``hx-trigger="load"``), each with a link to the part as the fallback without JavaScript. A part asked
for without htmx is shown as a page of its own (executions/pipeline_part.html) that leads back to the
pipeline. Visibility and roles are those of the API: a pipeline one cannot see is a 404, running needs
the operator role and changing dependencies the editor role.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timesince import timeuntil
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import apply_service_errors
from core.htmx import is_htmx
from core.ids import MAX_ID
from executions.forms import DependencyForm
from executions.models import Execution
from executions.selectors import dependencies_of, executions_for_list
from executions.services import execution_start
from executions.services.dependencies import dependency_create, dependency_delete
from executions.services.schedules import schedule_next_runs
from pipelines import roles
from pipelines.models import Pipeline
from pipelines.selectors import pipelines_visible_to
from pipelines.services.pipelines import pipeline_check_schedule

RECENT_RUNS = 10
MAX_LIST_PIPELINES = 100  # ids one request of the pipelines list may ask about (a page holds 25)


# --- reads --------------------------------------------------------------------------------------------


def with_last_run(qs: QuerySet[Pipeline]) -> QuerySet[Pipeline]:
    """Annotate ``last_run_id``, ``last_run_status`` and ``last_run_at`` (subqueries: no query per row)."""
    latest = Execution.objects.filter(pipeline=OuterRef("pk")).order_by("-created_at", "-id")
    return qs.annotate(
        last_run_id=Subquery(latest.values("pk")[:1]),
        last_run_status=Subquery(latest.values("status")[:1]),
        last_run_at=Subquery(latest.values("created_at")[:1]),
    )


def recent_runs(*, user, pipeline: Pipeline, limit: int = RECENT_RUNS) -> list[Execution]:
    return list(executions_for_list(user=user).filter(pipeline=pipeline).order_by("-created_at", "-id")[:limit])


def describe_runs(runs: list[datetime], *, now: datetime | None = None) -> list[dict]:
    """Fire times as text in the schedule's own time zone, with how far away each is."""
    now = now or timezone.now()
    return [
        {
            "at": run,
            "text": run.strftime("%a %d %b %Y, %H:%M %Z"),
            "iso": run.isoformat(),
            "until": timeuntil(run, now),
        }
        for run in runs
    ]


def next_runs(*, pipeline: Pipeline, count: int = 5) -> list[dict]:
    """The next ``count`` fire times of the pipeline's cron (whether or not it is enabled)."""
    return describe_runs(schedule_next_runs(pipeline=pipeline, count=count))


def next_run(pipeline: Pipeline) -> dict | None:
    """The next scheduled run when the schedule is enabled and can fire (the pipeline is active and
    has a version), else None."""
    if not (
        pipeline.schedule_enabled
        and pipeline.schedule_cron
        and pipeline.status == Pipeline.Status.ACTIVE
        and pipeline.current_version_id
    ):
        return None
    runs = next_runs(pipeline=pipeline, count=1)
    return runs[0] if runs else None


# --- helpers ------------------------------------------------------------------------------------------


def _pipeline(request, pk: int) -> Pipeline:
    """A pipeline the user can see (else a 404, as on the pipeline page)."""
    return get_object_or_404(pipelines_visible_to(user=request.user).select_related("current_version"), pk=pk)


def safe_next(request, default: str) -> str:
    """The ``next`` form field or query parameter when it points inside this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return default


def _detail_url(pipeline: Pipeline, anchor: str) -> str:
    return f"{reverse('pipelines:detail', args=[pipeline.pk])}#{anchor}"


def _render_part(request, template: str, context: dict, *, title: str, anchor: str, status: int = 200):
    """The part for htmx; without htmx (a browser without JavaScript followed the fallback link, or a
    form was posted normally) the part on a page of its own, which leads back to the pipeline."""
    if is_htmx(request):
        response = render(request, template, context, status=status)
    else:
        page = {
            **context,
            "part_template": template,
            "part_title": title,
            "back_url": _detail_url(context["pipeline"], anchor),
        }
        response = render(request, "executions/pipeline_part.html", page, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- the pipelines list: last and next run of each row ----------------------------------------------


def _requested_ids(request) -> list[int]:
    """The ``pipeline`` ids of the query (ids of the database's range; anything else is left out)."""
    values = request.GET.getlist("pipeline")[:MAX_LIST_PIPELINES]
    return [int(v) for v in values if re.fullmatch(r"[0-9]{1,19}", v) and 0 < int(v) <= MAX_ID]


@login_required
@require_GET
def pipeline_list_runs(request):
    """The "Last run" and "Next run" cells of the pipelines list for the pipelines of one page
    (``?pipeline=<id>&pipeline=<id>…``), swapped into their rows out of band: one request per page of
    the list, never one per row. Pipelines the user cannot see are left out."""
    qs = pipelines_visible_to(user=request.user).filter(pk__in=_requested_ids(request))
    pipelines = list(with_last_run(qs).order_by("pk"))
    rows = [{"pipeline": p, "next_run": next_run(p)} for p in pipelines]
    return render(request, "executions/_pipeline_list_runs.html", {"rows": rows})


# --- one pipeline: run, recent runs, next runs --------------------------------------------------------


@login_required
@require_POST
def pipeline_run(request, pk: int):
    """Start a run of the current version (as POST /api/pipelines/<id>/run/ does) and open it."""
    pipeline = _pipeline(request, pk)
    if not roles.has_role(request.user, roles.OPERATOR):
        raise PermissionDenied("Running pipelines needs the operator role.")
    try:
        execution = execution_start(
            pipeline=pipeline,
            user=request.user,
            trigger=Execution.Trigger.MANUAL,
            correlation_id=getattr(request, "request_id", "") or "",
            backend=request.POST.get("backend") or None,  # checked by the service (services.backends)
        )
    except ValidationError as exc:
        messages.error(request, f"“{pipeline.name}” was not started: {' '.join(exc.messages)}")
        return redirect(safe_next(request, reverse("pipelines:detail", args=[pipeline.pk])))
    return redirect("executions:detail", pk=execution.pk)


@login_required
@require_GET
def pipeline_runs(request, pk: int):
    """The pipeline page's recent runs."""
    pipeline = _pipeline(request, pk)
    context = {"pipeline": pipeline, "runs": recent_runs(user=request.user, pipeline=pipeline)}
    return _render_part(request, "executions/_pipeline_runs.html", context, title="Recent runs", anchor="runs")


@login_required
@require_GET
def pipeline_next_runs(request, pk: int):
    """The next five fire times of the pipeline's saved schedule (its Schedule card)."""
    pipeline = _pipeline(request, pk)
    context = {"pipeline": pipeline, "next_runs": next_runs(pipeline=pipeline)}
    return _render_part(request, "executions/_next_runs.html", context, title="Next runs", anchor="schedule")


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
    context = {"pipeline": pipeline, "next_runs": runs, "preview_error": error, "preview": True}
    return _render_part(request, "executions/_next_runs.html", context, title="Next runs", anchor="schedule")


# --- one pipeline: dependencies -----------------------------------------------------------------------


def _dependency_choices(request, pipeline: Pipeline):
    return pipelines_visible_to(user=request.user).exclude(pk=pipeline.pk).order_by("name", "id")


def _render_dependencies(request, pipeline: Pipeline, form: DependencyForm | None = None, **extra):
    status = extra.pop("status", 200)
    dependencies = list(dependencies_of(pipeline=pipeline).order_by("upstream__name", "downstream__name"))
    context = {
        "pipeline": pipeline,
        "upstream": [d for d in dependencies if d.downstream_id == pipeline.pk],
        "downstream": [d for d in dependencies if d.upstream_id == pipeline.pk],
        "dependency_form": form or DependencyForm(pipelines=_dependency_choices(request, pipeline)),
        "can_edit": roles.has_role(request.user, roles.EDITOR),
        **extra,
    }
    return _render_part(
        request, "executions/_dependencies.html", context, title="Dependencies", anchor="dependencies", status=status
    )


def _changed(request, pipeline: Pipeline, text: str):
    """After a dependency change: with htmx the part again, saying what changed; else back to the page."""
    if is_htmx(request):
        return _render_dependencies(request, pipeline, saved=text)
    messages.success(request, text)
    return redirect(_detail_url(pipeline, "dependencies"))


def _require_editor(user) -> None:
    if not roles.has_role(user, roles.EDITOR):
        raise PermissionDenied("Changing dependencies needs the editor role.")


@login_required
@require_http_methods(["GET", "POST"])
def pipeline_dependencies(request, pk: int):
    """GET: the pipeline page's dependencies (upstream, downstream, the form to add one). POST: add one."""
    pipeline = _pipeline(request, pk)
    if request.method == "GET":
        return _render_dependencies(request, pipeline)
    _require_editor(request.user)
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
            return _changed(request, pipeline, f"“{downstream.name}” now runs after “{upstream.name}” succeeds.")
    # htmx swaps only 2xx answers: the errors come back as a 200 there, as a 400 to a plain POST.
    return _render_dependencies(request, pipeline, form, status=200 if is_htmx(request) else 400)


@login_required
@require_POST
def dependency_remove(request, pk: int, dependency_id: int):
    pipeline = _pipeline(request, pk)
    _require_editor(request.user)
    visible = pipelines_visible_to(user=request.user)
    dependency = (
        dependencies_of(pipeline=pipeline)
        .filter(pk=dependency_id, upstream__in=visible, downstream__in=visible)
        .first()
    )
    if dependency is None:
        raise Http404("No such dependency of this pipeline.")
    dependency_delete(dependency=dependency, user=request.user)
    return _changed(
        request, pipeline, f"“{dependency.downstream.name}” no longer runs after “{dependency.upstream.name}”."
    )
