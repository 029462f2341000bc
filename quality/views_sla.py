"""A pipeline's duration SLA on its quality page: shown to whoever sees the pipeline, set or removed by
its editors (POST /quality/pipelines/<pk>/sla/; the API is /api/quality/pipelines/{id}/sla/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from core.ids import is_digits
from pipelines import roles
from pipelines.selectors import pipelines_visible_to
from quality.models import DurationSLA, SLABreach
from quality.services.sla import sla_delete, sla_set

BREACHES_SHOWN = 10


def sla_context(*, user, pipeline) -> dict:
    """What the pipeline's quality page shows of its SLA (two queries)."""
    return {
        "sla": DurationSLA.objects.filter(pipeline=pipeline).first(),
        "sla_breaches": list(
            SLABreach.objects.filter(pipeline=pipeline).order_by("-detected_at", "-id")[:BREACHES_SHOWN]
        ),
        "can_set_sla": roles.has_role(user, roles.EDITOR),
    }


@login_required
@require_POST
def pipeline_sla_view(request, pk: int):
    pipeline = get_object_or_404(pipelines_visible_to(user=request.user), pk=pk)
    if not roles.has_role(request.user, roles.EDITOR):
        raise PermissionDenied("Setting a pipeline's SLA needs the editor role.")
    raw = request.POST.get("max_seconds", "").strip()
    if not raw:
        sla_delete(pipeline=pipeline)
        messages.success(request, "The duration SLA was removed.")
        return redirect("quality:pipeline", pk=pipeline.pk)
    try:
        if not is_digits(raw) or len(raw) > 12:
            raise ValidationError({"max_seconds": ["A whole number of seconds."]})
        sla = sla_set(pipeline=pipeline, max_seconds=int(raw), enabled=request.POST.get("enabled") == "on")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Duration SLA: {sla.max_seconds} s{'' if sla.enabled else ' (off)'}.")
    return redirect("quality:pipeline", pk=pipeline.pk)
