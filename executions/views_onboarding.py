"""POST /onboarding/first-pipeline/: the page form of "Build your first pipeline" (empty dashboard and
pipelines list); lands on the run's page with a message saying what was made."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from executions.services.first_pipeline import first_pipeline_run
from pipelines import roles


@login_required
@require_POST
def first_pipeline(request):
    if not roles.has_role(request.user, roles.EDITOR):
        raise PermissionDenied("You need the editor role to create pipelines.")
    try:
        result = first_pipeline_run(user=request.user)
    except ValidationError as exc:
        messages.error(request, "Your first pipeline could not run here: " + " ".join(exc.messages))
        return redirect("pipelines:list")
    verb = "made" if result.created else "run again"
    messages.success(
        request,
        f"“{result.pipeline.name}” was {verb}: it reads the demo sales file, keeps the rows with a positive "
        "amount, totals them per region and writes a Parquet file. This page follows its run live; open the "
        "pipeline's builder to change it.",
    )
    return redirect("executions:detail", result.execution.pk)
