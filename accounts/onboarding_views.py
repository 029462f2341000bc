"""POST /account/tour/: the user menu's *Take the builder tour*: the tour starts again from its first step,
in the builder of the pipeline you changed last (or, with none, the pipelines page says how to get one)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.onboarding import tour_restart
from pipelines.selectors import pipelines_visible_to


@login_required
@require_POST
def tour_start(request):
    tour_restart(user=request.user)
    pipeline = pipelines_visible_to(user=request.user).order_by("-updated_at", "-pk").first()
    if pipeline is None:
        messages.info(
            request,
            "The builder tour starts when you open a pipeline's builder: build your first pipeline below, "
            "or create one.",
        )
        return redirect("pipelines:list")
    return redirect("pipelines:builder", pipeline.pk)
