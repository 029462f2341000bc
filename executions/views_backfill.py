"""The pipeline page's Backfill part (next to its schedule): the form that starts or dry-runs a backfill
of the schedule over a past range, and the recent backfills with their progress and a Cancel button.
Visibility and roles are those of the API (executions/api/backfill.py): a pipeline one cannot see is
a 404, starting and cancelling need the operator role."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import BootstrapFormMixin, apply_service_errors
from core.htmx import is_htmx
from executions.backfill_selectors import backfills_visible_to
from executions.services.backfill import backfill_cancel, backfill_plan, backfill_start, plan_as_dict
from executions.views_pipeline import _detail_url, _pipeline, _render_part
from pipelines import roles
from pipelines.models import Pipeline

RECENT_BACKFILLS = 5


class BackfillForm(BootstrapFormMixin, forms.Form):
    start = forms.DateTimeField(
        label="From",
        help_text="Inclusive; in the schedule's time zone.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateTimeField(label="Until", help_text="Exclusive.", widget=forms.DateInput(attrs={"type": "date"}))
    concurrency = forms.IntegerField(label="Runs at once", min_value=1, initial=1)

    def clean(self):
        data = super().clean()
        for name in ("start", "end"):  # the form's dates are wall-clock times of the schedule's zone
            if data.get(name) is not None:
                data[name] = data[name].replace(tzinfo=None)
                if not 1970 <= data[name].year <= 2100:
                    self.add_error(name, "A year from 1970 to 2100.")
        return data


def _can_run(user) -> bool:
    return roles.has_role(user, roles.OPERATOR)


def _render(request, pipeline: Pipeline, form: BackfillForm | None = None, *, status: int = 200, **extra):
    backfills = list(backfills_visible_to(user=request.user, pipeline_id=pipeline.pk)[:RECENT_BACKFILLS])
    context = {
        "pipeline": pipeline,
        "backfills": backfills,
        "running": any(b.can_cancel for b in backfills),
        "backfill_form": form or BackfillForm(),
        "can_run": _can_run(request.user),
        **extra,
    }
    return _render_part(
        request, "executions/_backfills.html", context, title="Backfill", anchor="backfill", status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def pipeline_backfills(request, pk: int):
    """GET: the part. POST: start a backfill (``action=dry_run``: list what it would run)."""
    pipeline = _pipeline(request, pk)
    if request.method == "GET":
        return _render(request, pipeline)
    if not _can_run(request.user):
        raise PermissionDenied("Backfilling needs the operator role.")
    form = BackfillForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("action") == "dry_run":
                plan = plan_as_dict(backfill_plan(pipeline=pipeline, start=data["start"], end=data["end"]))
                return _render(request, pipeline, form, plan=plan)
            backfill = backfill_start(
                pipeline=pipeline,
                user=request.user,
                start=data["start"],
                end=data["end"],
                concurrency=data["concurrency"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc, field_map={"pipeline": None, "status": None})
        else:
            text = f"Backfill #{backfill.pk} started."
            if is_htmx(request):
                return _render(request, pipeline, saved=text)
            messages.success(request, text)
            return redirect(_detail_url(pipeline, "backfill"))
    return _render(request, pipeline, form, status=200 if is_htmx(request) else 400)


@login_required
@require_POST
def backfill_cancel_view(request, pk: int):
    backfill = get_object_or_404(backfills_visible_to(user=request.user), pk=pk)
    if not _can_run(request.user):
        raise PermissionDenied("Cancelling a backfill needs the operator role.")
    try:
        backfill_cancel(backfill=backfill, by=request.user)
        text = f"Backfill #{backfill.pk} cancelled."
    except ValidationError as exc:
        text = " ".join(exc.messages)
    if is_htmx(request):
        return _render(request, backfill.pipeline, saved=text)
    messages.info(request, text)
    return redirect(_detail_url(backfill.pipeline, "backfill"))
