"""The Schedules page: every visible pipeline that runs by itself (a cron schedule, live or paused, or an
upstream pipeline), its next fire time and last scheduled run; editors pause and resume from here. Reads
and rights are those of the API (GET /api/schedules/, PATCH /api/pipelines/{id}/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from executions.schedule_selectors import STATES, schedule_state, schedules_visible_to, upstream_names
from executions.views_pipeline import describe_runs
from pipelines.selectors import pipelines_visible_to
from pipelines.services import pipeline_update
from pipelines.views.common import can_edit, require_editor

PAGE_SIZE = 50
STATE_LABELS = {"all": "All", "active": "Active", "paused": "Paused"}


@login_required
@require_GET
def schedule_list(request):
    state = request.GET.get("state", "all")
    if state not in STATES:
        state = "all"
    page = Paginator(schedules_visible_to(user=request.user, state=state), PAGE_SIZE).get_page(request.GET.get("page"))
    pipelines = list(page.object_list)
    upstream = upstream_names(user=request.user, pipeline_ids=[p.pk for p in pipelines]) if pipelines else {}
    rows = []
    for pipeline in pipelines:
        current = schedule_state(pipeline)
        described = describe_runs([current.next_run_at]) if current.next_run_at else []
        rows.append(
            {
                "pipeline": pipeline,
                "state": current,
                "next": described[0] if described else None,
                "upstream": upstream.get(pipeline.pk, []),
            }
        )
    context = {
        "rows": rows,
        "page_obj": page,
        "state": state,
        "states": [(key, STATE_LABELS[key]) for key in STATES],
        "can_edit": can_edit(request.user),
        "query": f"state={state}",
    }
    return render(request, "executions/schedules.html", context)


@login_required
@require_POST
def schedule_switch(request, pk: int):
    """Pause (``enabled=false``) or resume (``enabled=true``) a pipeline's cron schedule."""
    pipeline = get_object_or_404(pipelines_visible_to(user=request.user), pk=pk)
    require_editor(request.user)
    enabled = request.POST.get("enabled") == "true"
    try:
        pipeline_update(pipeline=pipeline, user=request.user, schedule_enabled=enabled)
    except ValidationError as exc:
        messages.error(request, f"{pipeline.name}: {' '.join(exc.messages)}")
    else:
        messages.success(request, f"{pipeline.name}: schedule {'resumed' if enabled else 'paused'}.")
    state = request.POST.get("state", "all")
    return redirect(f"{reverse('executions:schedules')}?state={state if state in STATES else 'all'}")
