"""The report pages (docs/reports.md): the list, a report (its figures as you may see them, downloads, its
schedule and delivery history, send now), and the builder (new and edit) with its live preview (htmx: a
change re-renders the preview; adding, removing and moving a block re-renders the blocks and the preview)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from pipelines import roles
from pipelines.selectors import pipelines_visible_to, tags_visible_to
from reports.blocks import KINDS, METRICS, RUN_STATUSES
from reports.builder import apply_op, blocks_from_post, fields_from_post, initial_fields, preview
from reports.models import Report
from reports.rendering import presentation
from reports.selectors import report_can_edit, report_deliveries, report_figures, reports_visible_to
from reports.services import SendLimitReached, report_create, report_delete, report_send, report_update

PIPELINE_CHOICES = 500
TIME_ZONES = ("UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Chicago",
              "America/Los_Angeles", "Asia/Tokyo", "Asia/Singapore", "Australia/Sydney")  # fmt: skip


def _report(request, pk: int) -> Report:
    return get_object_or_404(reports_visible_to(user=request.user), pk=pk)


def _editable(request, pk: int) -> Report:
    report = _report(request, pk)
    if not report_can_edit(report=report, user=request.user):
        raise PermissionDenied("Only the report's owner or an admin changes it.")
    return report


@login_required
def report_list(request):
    reports = list(reports_visible_to(user=request.user).order_by("name", "id")[:500])
    return render(
        request,
        "reports/list.html",
        {
            "reports": [(r, report_can_edit(report=r, user=request.user)) for r in reports],
            "can_create": roles.has_role(request.user, roles.EDITOR),
        },
    )


@login_required
def report_detail(request, pk: int):
    report = _report(request, pk)
    figures = report_figures(report=report, user=request.user)
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "doc": presentation(figures),
            "can_edit": report_can_edit(report=report, user=request.user),
            "deliveries": report_deliveries(report=report),
        },
    )


def _builder_context(request, *, report: Report | None, fields, errors=None) -> dict:
    state = preview(user=request.user, fields=fields)
    return {
        "report": report,
        "f": fields,
        "errors": errors or {},
        "kinds": KINDS,
        "metrics": METRICS,
        "run_statuses": RUN_STATUSES,
        "windows": Report.Window.choices,
        "time_zones": TIME_ZONES,
        "pipeline_choices": list(
            pipelines_visible_to(user=request.user).order_by("name", "id").values("pk", "name")[:PIPELINE_CHOICES]
        ),
        "tag_choices": tags_visible_to(user=request.user),
        "preview_errors": state.get("errors"),
        "doc": presentation(state["figures"]) if "figures" in state else None,
    }


def _builder(request, report: Report | None):
    if request.method != "POST":
        fields = initial_fields(report)
        return render(request, "reports/builder.html", _builder_context(request, report=report, fields=fields))
    blocks = blocks_from_post(request.POST)
    op = request.POST.get("op", "")
    if op:  # a builder operation without htmx: the same page again, changed
        blocks = apply_op(blocks, op, request.POST.get("new_kind", ""))
        fields = fields_from_post(request.POST, blocks=blocks)
        return render(request, "reports/builder.html", _builder_context(request, report=report, fields=fields))
    fields = fields_from_post(request.POST, blocks=blocks)
    try:
        if report is None:
            report = report_create(user=request.user, **dict(fields))
            messages.success(request, f"Report “{report.name}” created.")
        else:
            report = report_update(report=report, user=request.user, **dict(fields))
            messages.success(request, f"Report “{report.name}” saved.")
    except ValidationError as exc:
        context = _builder_context(request, report=report, fields=fields, errors=exc.message_dict)
        return render(request, "reports/builder.html", context, status=400)
    return redirect("reports:detail", pk=report.pk)


@login_required
def report_new(request):
    if not roles.has_role(request.user, roles.EDITOR):
        raise PermissionDenied("Creating reports needs the editor role.")
    return _builder(request, None)


@login_required
def report_edit(request, pk: int):
    return _builder(request, _editable(request, pk))


@login_required
@require_POST
def builder_preview(request):
    """htmx: the preview of the posted builder form; with ``op``, the blocks editor and the preview."""
    blocks = blocks_from_post(request.POST)
    op = request.POST.get("op", "")
    if op:
        blocks = apply_op(blocks, op, request.POST.get("new_kind", ""))
    fields = fields_from_post(request.POST, blocks=blocks)
    context = _builder_context(request, report=None, fields=fields)
    body = render_to_string("reports/_preview.html", context, request=request)
    if op:
        context["oob"] = True
        body = render_to_string("reports/_blocks.html", context, request=request) + render_to_string(
            "reports/_preview.html", context, request=request
        )
    return HttpResponse(body)


@login_required
@require_POST
def report_send_view(request, pk: int):
    report = _editable(request, pk)
    try:
        deliveries = report_send(report=report, user=request.user, base_url=request.build_absolute_uri("/"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except SendLimitReached as exc:
        messages.error(request, f"{exc} Try again in {exc.wait // 60 + 1} minutes.")
    else:
        failed = [d for d in deliveries if d.status == d.Status.FAILED]
        if failed:
            messages.error(request, "; ".join(f"{d.channel}: {d.detail}" for d in failed))
        else:
            messages.success(request, "Sent: " + ", ".join(f"{d.channel} ({d.detail})" for d in deliveries))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_delete_view(request, pk: int):
    report = _editable(request, pk)
    name = report.name
    report_delete(report=report, user=request.user)
    messages.success(request, f"Report “{name}” deleted.")
    return redirect("reports:list")
