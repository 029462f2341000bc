"""The templates gallery and applying a template (its parameters drawn as a form)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import apply_service_errors
from pipelines.forms import PARAM_PREFIX, TemplateApplyForm
from pipelines.selectors import templates_for_gallery, templates_visible_to
from pipelines.services import template_apply, template_delete
from pipelines.services.templates import template_can_change, template_change_refusal
from pipelines.views.common import can_edit, require_editor


def _node_count(template) -> int:
    nodes = (template.graph or {}).get("nodes") if isinstance(template.graph, dict) else None
    return len(nodes) if isinstance(nodes, list) else 0


@login_required
@require_GET
def template_gallery(request):
    templates = templates_for_gallery(user=request.user)
    category = request.GET.get("category", "")
    categories = sorted({t.category for t in templates if t.category})
    if category:
        templates = [t for t in templates if t.category == category]
    cards = [
        {
            "template": t,
            "nodes": _node_count(t),
            "parameters": sorted((t.parameters or {}).get("properties", {})),
            "can_change": template_can_change(template=t, user=request.user),
        }
        for t in templates
    ]
    return render(
        request,
        "pipelines/templates.html",
        {"cards": cards, "categories": categories, "category": category, "can_edit": can_edit(request.user)},
    )


def _parameter_errors(form: TemplateApplyForm, exc: ValidationError) -> ValidationError:
    """Messages like 'table: a value is required.' go to the parameter's own field."""
    rest: dict[str, list[str]] = {}
    for key, messages_ in exc.message_dict.items():
        for message in messages_:
            name, sep, text = message.partition(": ")
            field = f"{PARAM_PREFIX}{name}"
            if key == "parameters" and sep and field in form.fields:
                form.add_error(field, text)
            else:
                rest.setdefault(key, []).append(message)
    return ValidationError(rest) if rest else None


@login_required
@require_http_methods(["GET", "POST"])
def template_apply_view(request, pk: int):
    template = get_object_or_404(templates_visible_to(user=request.user), pk=pk)
    require_editor(request.user)
    form = TemplateApplyForm(request.POST or None, template=template)
    if request.method == "POST" and form.is_valid():
        try:
            pipeline = template_apply(
                template=template,
                user=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                parameters=form.parameters(),
            )
        except ValidationError as exc:
            rest = _parameter_errors(form, exc)
            if rest is not None:
                apply_service_errors(form, rest)
            form.mark_invalid()
        else:
            messages.success(request, f"Pipeline “{pipeline.name}” created from the template “{template.name}”.")
            return redirect("pipelines:detail", pk=pipeline.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "pipelines/template_apply.html", {"template": template, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def template_delete_view(request, pk: int):
    """Only the owner or an admin deletes a template; built-in ones are read-only (403 saying why)."""
    template = get_object_or_404(templates_visible_to(user=request.user), pk=pk)
    refusal = template_change_refusal(template=template, user=request.user)
    if refusal is not None:
        raise PermissionDenied(refusal)
    if request.method == "POST":
        name = template.name
        template_delete(template=template, user=request.user)
        messages.success(request, f"Template “{name}” deleted.")
        return redirect("pipelines:templates")
    return render(request, "pipelines/template_delete.html", {"template": template})
