"""The execution page's profile parts (docs/profiling.md): the Profile panel of a step's output port
(a destination's: its input, from the profile the worker kept when there is one, compared with the previous
successful run; else computed in the interactive pool), and the kept profiles of the run's destinations.
Both are htmx parts, pages of their own without htmx; another user's run is a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from executions.models import DestinationProfile, StepRun
from executions.selectors import executions_for_list
from executions.services.profiles import destination_profiles, step_profile
from pipelines.interactive import InteractiveError
from pipelines.views.profiles import profile_display


def _error_text(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(m for msgs in exc.message_dict.values() for m in msgs)
    return " ".join(exc.messages)


@login_required
@require_GET
def step_profile_partial(request, pk: int, node_key: str):
    execution = get_object_or_404(executions_for_list(user=request.user), pk=pk)
    step = StepRun.objects.filter(execution=execution, node_key=node_key).only("artifacts").first()
    port = request.GET.get("port") or None
    context = {"execution": execution, "node_key": node_key, "ports": list((step.artifacts or {}) if step else [])}
    kept = None
    if port in (None, "in") and DestinationProfile.objects.filter(execution=execution, node_key=node_key).exists():
        kept = next(p for p in destination_profiles(execution=execution) if p["node_key"] == node_key)
    if kept is not None:
        context.update(
            port=kept["port"],
            kept=True,
            recomputed=False,
            previous_execution=kept["previous_execution"],
            profile=profile_display(kept["profile"], kept["comparison"]),
        )
    else:
        try:
            result = step_profile(execution=execution, node_key=node_key, port=port)
            context.update(port=result["port"], recomputed=result["recomputed"])
            context["profile"] = profile_display(result["profile"])
        except ValidationError as exc:
            context["error"] = _error_text(exc)
        except InteractiveError as exc:  # the pool's deadline or memory cap: said in the panel
            context["error"] = str(exc.detail)
    return render(request, "executions/_profile.html", context)


@login_required
@require_GET
def execution_profiles_partial(request, pk: int):
    execution = get_object_or_404(executions_for_list(user=request.user), pk=pk)
    profiles = [
        {**p, "display": profile_display(p["profile"], p["comparison"])}
        for p in destination_profiles(execution=execution)
    ]
    return render(request, "executions/_profiles.html", {"execution": execution, "profiles": profiles})
