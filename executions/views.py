"""Server-rendered execution pages (docs/ui.md): the list with filters and figures, the detail with its
DAG, steps, logs and previews (its timeline and resource charts are monitoring's htmx partials), and
the cancel/retry/rerun actions.

Reads go through the selectors (scoped to what the user may see: another user's execution is a 404),
writes through the services; the actions need the operator role, as in the API."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.htmx import is_htmx
from executions.dag import execution_dag
from executions.forms import ExecutionFilterForm, LogFilterForm
from executions.models import Execution, StepRun
from executions.selectors import (
    execution_caller,
    execution_calls,
    execution_figures,
    execution_logs,
    execution_steps_by_start,
    execution_with_steps,
    executions_filtered,
    executions_for_list,
)
from executions.services import execution_cancel, execution_rerun, execution_retry
from executions.services.preview import step_preview
from notifications.live_since import live_page
from pipelines import roles
from pipelines.graph import Graph
from pipelines.interactive import InteractiveError
from pipelines.nodes.calls import CALL_TYPE
from pipelines.selectors import pipelines_visible_to

PAGE_SIZE = 25
LOG_PAGE_SIZE = 100
PREVIEW_ROWS = 20
MAX_FILTER_PIPELINES = 500


def can_operate(user) -> bool:
    """Cancel, retry and rerun need the operator role (executions.api.permissions.IsOperator)."""
    return roles.has_role(user, roles.OPERATOR)


def _error_text(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(m for msgs in exc.message_dict.values() for m in msgs)
    return " ".join(exc.messages)


# --- the list ------------------------------------------------------------------------------------


@login_required
@require_GET
@live_page
def execution_list(request):
    pipelines = list(pipelines_visible_to(user=request.user).only("id", "name").order_by("name")[:MAX_FILTER_PIPELINES])
    form = ExecutionFilterForm(request.GET or None, pipelines=pipelines)
    if request.GET and not form.is_valid():
        executions = Execution.objects.none()
    else:
        kwargs = form.selector_kwargs() if request.GET else {}
        executions = executions_filtered(user=request.user, **kwargs)
    figures = execution_figures(executions=executions)
    paginator = Paginator(executions, PAGE_SIZE)
    paginator.count = figures["total"]  # known already: no second COUNT(*)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "executions": list(page.object_list),
        "figures": figures,
        "status_figures": [(s, label, figures["by_status"][s]) for s, label in Execution.Status.choices],
        "query": query.urlencode(),
        "filtered": bool(request.GET),
    }
    template = "executions/_list_results.html" if is_htmx(request) else "executions/list.html"
    return render(request, template, context)


# --- the detail ----------------------------------------------------------------------------------


def _visible_execution(request, pk: int) -> Execution:
    return get_object_or_404(execution_with_steps(user=request.user), pk=pk)


def _live_context(request, execution: Execution) -> dict:
    """What the live part of the page shows (re-rendered by htmx on execution events). The timeline and
    resource charts in it are monitoring's partials, loaded (and kept live) by htmx on their own."""
    steps = list(execution.steps.all())
    done = sum(1 for s in steps if s.status in StepRun.DONE)
    step_rows = list(execution_steps_by_start(execution=execution))
    calls = execution_calls(execution=execution, user=request.user) if _has_calls(steps) else {}
    for row in step_rows:
        row.called_run = calls.get(row.pk)  # the child execution a pipeline.call step ran, to open it
    return {
        "execution": execution,
        "steps": steps,
        "steps_done": done,
        "progress_percent": round(
            100 * sum((1.0 if s.status in StepRun.DONE else s.progress) for s in steps) / len(steps)
        )
        if steps
        else 0,
        "step_rows": step_rows,
        "calls": [(row, row.called_run) for row in step_rows if row.called_run is not None],
        "is_active": execution.is_active,
        "can_operate": can_operate(request.user),
        "previewable": [s.node_key for s in steps if s.status == StepRun.Status.SUCCEEDED],
    }


def _has_calls(steps: list[StepRun]) -> bool:
    return any(s.node_type == CALL_TYPE for s in steps)


@login_required
@require_GET
@live_page
def execution_detail(request, pk: int):
    execution = _visible_execution(request, pk)
    context = _live_context(request, execution)
    graph = Graph.from_dict(execution.version.graph or {})
    context["dag"] = execution_dag(graph=graph, steps=context["steps"], execution_id=execution.pk)
    context.update(_logs_context(request, execution, [s.node_key for s in context["steps"]]))
    context["params_json"] = json.dumps(execution.params or {}, indent=2, sort_keys=True, default=str)
    context["caller"] = execution_caller(execution=execution, user=request.user)
    return render(request, "executions/detail.html", context)


@login_required
@require_GET
def execution_live(request, pk: int):
    """The status header, steps table and charts (htmx refresh on ``execution:<id>`` events)."""
    execution = _visible_execution(request, pk)
    return render(request, "executions/_live.html", _live_context(request, execution))


def _logs_context(request, execution: Execution, steps: list[str]) -> dict:
    """Log lines (oldest first) filtered by step, level and text; the newest page unless one is asked."""
    form = LogFilterForm(request.GET, steps=steps)
    lines = None
    if form.is_valid():
        data = form.cleaned_data
        qs = execution_logs(
            execution=execution, step=data["step"] or None, level=data["level"] or None, text=data["q"] or None
        )
        paginator = Paginator(qs, LOG_PAGE_SIZE)
        lines = paginator.get_page(data.get("page") or paginator.num_pages)
    query = {k: v for k, v in request.GET.items() if k in ("level", "q", "step") and v}
    return {
        "log_form": form,
        "lines": lines,
        "log_query": urlencode(query),
        "tail": not request.GET.get("page"),
        "is_active": execution.is_active,
    }


@login_required
@require_GET
def execution_logs_partial(request, pk: int):
    execution = get_object_or_404(executions_for_list(user=request.user), pk=pk)
    steps = list(StepRun.objects.filter(execution=execution).order_by("id").values_list("node_key", flat=True))
    return render(
        request, "executions/_logs.html", {"execution": execution, **_logs_context(request, execution, steps)}
    )


@login_required
@require_GET
def execution_preview_partial(request, pk: int, node_key: str):
    """The first rows of a step's output (its artifact, or recomputed for a fused node)."""
    execution = get_object_or_404(executions_for_list(user=request.user), pk=pk)
    port = request.GET.get("port") or None
    try:
        preview = step_preview(execution=execution, node_key=node_key, limit=PREVIEW_ROWS, port=port)
        error = None
    except ValidationError as exc:
        preview, error = None, _error_text(exc)
    except InteractiveError as exc:  # the pool's deadline or memory cap: said in the panel
        preview, error = None, str(exc.detail)
    schema = (preview or {}).get("schema") or {}
    columns = [(name, dtype) for name, dtype in schema.items()]
    rows = [[row.get(name) for name, _ in columns] for row in (preview or {}).get("preview") or []]
    return render(
        request,
        "executions/_preview.html",
        {
            "execution": execution,
            "node_key": node_key,
            "preview": preview,
            "columns": columns,
            "rows": rows,
            "error": error,
        },
    )


# --- actions ---------------------------------------------------------------------------------------

ACTIONS = {
    "cancel": (lambda e, user: execution_cancel(execution=e, by=user), "Cancel requested for run #{id}."),
    "retry": (lambda e, user: execution_retry(execution=e, user=user), "Retry started as run #{new}."),
    "rerun": (lambda e, user: execution_rerun(execution=e, user=user), "Rerun started as run #{new}."),
}


@login_required
@require_POST
def execution_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404("No such action.")
    execution = get_object_or_404(executions_for_list(user=request.user), pk=pk)
    if not can_operate(request.user):
        raise PermissionDenied("Running, cancelling and retrying executions needs the operator role.")
    run, done = ACTIONS[action]
    try:
        result = run(execution, request.user)
    except ValidationError as exc:
        messages.error(request, f"Could not {action} run #{execution.pk}: {_error_text(exc)}")
        return redirect("executions:detail", pk=execution.pk)
    messages.success(request, done.format(id=execution.pk, new=result.pk))
    return redirect(reverse("executions:detail", kwargs={"pk": result.pk}))
