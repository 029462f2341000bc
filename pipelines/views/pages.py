"""Pipelines list, new pipeline, builder and delete (the Run button posts to executions:pipeline_run)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from core.forms import apply_service_errors
from core.htmx import is_htmx
from notifications.live_since import live_page
from pipelines.forms import PipelineCreateForm, PipelineFilterForm
from pipelines.selectors import pipeline_for_page, pipelines_filtered, tags_visible_to
from pipelines.services import pipeline_create, pipeline_delete
from pipelines.views.common import (
    PAGE_SIZE,
    can_edit,
    can_run,
    require_editor,
)


@login_required
@live_page
def pipeline_list(request):
    """Visible pipelines with search, tag and status filters. The last and next run of the page's rows
    come from executions (``executions:pipeline_list_runs``, one request per page, swapped out of band)."""
    tags = tags_visible_to(user=request.user)
    form = PipelineFilterForm(request.GET or None, tags=tags)
    form.is_valid()  # an unknown tag or status shows inline; the valid filters still apply
    filters = getattr(form, "cleaned_data", {}) if form.is_bound else {}
    qs = pipelines_filtered(
        user=request.user,
        search=filters.get("q") or "",
        tag=filters.get("tag") or "",
        status=filters.get("status") or "",
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"pipeline": p} for p in page.object_list]
    context = {
        "form": form,
        "page_obj": page,
        "rows": rows,
        "filtered": bool(filters.get("q") or filters.get("tag") or filters.get("status")),
        "can_edit": can_edit(request.user),
        "can_run": can_run(request.user),
    }
    template = "pipelines/_list_table.html" if is_htmx(request) else "pipelines/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def pipeline_create_view(request):
    require_editor(request.user)
    form = PipelineCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pipeline = pipeline_create(
                user=request.user, name=data["name"], description=data["description"], tags=data["tags"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Pipeline “{pipeline.name}” created. Draw its graph in the builder.")
            return redirect("pipelines:builder", pk=pipeline.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "pipelines/create.html", {"form": form}, status=status)


@login_required
@live_page
def pipeline_builder(request, pk: int):
    pipeline = get_object_or_404(pipeline_for_page(user=request.user, pk=pk))
    return render(
        request,
        "pipelines/builder.html",
        {"pipeline": pipeline, "can_edit": can_edit(request.user), "can_run": can_run(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def pipeline_delete_view(request, pk: int):
    pipeline = get_object_or_404(pipeline_for_page(user=request.user, pk=pk))
    require_editor(request.user)
    if request.method == "POST":
        name = pipeline.name
        pipeline_delete(pipeline=pipeline, user=request.user)
        messages.success(request, f"Pipeline “{name}” deleted with its versions and history.")
        return redirect("pipelines:list")
    return render(request, "pipelines/delete.html", {"pipeline": pipeline})
