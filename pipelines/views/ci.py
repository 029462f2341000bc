"""The pipeline's "CI workflow" page: choose the options, read (copy or download) the GitHub Actions workflow.

A GET form: generating writes nothing, so the page and its download are links one can share; whoever sees the
pipeline sees the page. The rules of the options are WorkflowOptions' (pipelines/cicd/options.py); its errors come
back inline on the form."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core.forms import BootstrapFormMixin, apply_service_errors
from pipelines.cicd.generate import workflow_generate, workflow_options
from pipelines.cicd.options import PYTHON_VERSIONS
from pipelines.selectors import pipeline_for_page


class WorkflowForm(BootstrapFormMixin, forms.Form):
    folder = forms.CharField(
        initial="pipelines",
        max_length=200,
        required=False,
        help_text="Where the pipeline documents are in the repository.",
    )
    branch = forms.CharField(
        initial="main", max_length=100, required=False, help_text="The main branch: deploys happen from it."
    )
    validate_mode = forms.ChoiceField(
        label="Validate",
        choices=[("server", "against the Sluice server"), ("offline", "offline (the documents' shape only)")],
        initial="server",
        required=False,
        widget=forms.RadioSelect,
    )
    tests = forms.BooleanField(label="Run the pipeline tests (JUnit report kept)", required=False, initial=True)
    deploy = forms.BooleanField(label="Deploy from the main branch (apply as new versions)", required=False)
    run = forms.BooleanField(label="After the deploy, run this pipeline and wait for it", required=False)
    environment = forms.CharField(required=False, max_length=100, help_text="A GitHub environment for the deploy.")
    schedule = forms.CharField(required=False, max_length=100, help_text="Also on a schedule: cron, UTC, optional.")
    python_version = forms.ChoiceField(
        choices=[(v, v) for v in PYTHON_VERSIONS], initial=PYTHON_VERSIONS[0], required=False
    )
    client_source = forms.ChoiceField(
        label="Install the client from",
        choices=[("server", "the Sluice server"), ("path", "a folder of the repository"), ("index", "a package index")],
        initial="server",
        required=False,
    )
    client_path = forms.CharField(initial="clients/python", max_length=200, required=False, label="Client folder")
    client_index_url = forms.CharField(required=False, max_length=300, label="Package index URL")

    def options(self, slug: str) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if v not in ("", None) and k != "run"}
        if data.get("deploy") and self.cleaned_data.get("run"):
            data["pipelines"] = [slug]
        return data


def _form(request) -> WorkflowForm:
    if "folder" in request.GET:  # submitted (unchecked boxes are absent then, not defaults)
        return WorkflowForm(request.GET)
    return WorkflowForm({**{name: f.initial for name, f in WorkflowForm.base_fields.items() if f.initial}})


@login_required
@require_GET
def pipeline_ci(request, pk: int):
    pipeline = get_object_or_404(pipeline_for_page(user=request.user, pk=pk))
    form = _form(request)
    generated = None
    if form.is_valid():
        try:
            generated = workflow_generate(user=request.user, options=workflow_options(form.options(pipeline.slug)))
        except ValidationError as exc:
            apply_service_errors(form, exc, field_map={"pipelines": "run"})
    filename = generated.path.rsplit("/", 1)[-1] if generated else ""
    if generated is not None and request.GET.get("download"):
        response = HttpResponse(generated.content, content_type="application/yaml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    status = 200 if generated is not None else 400
    query = request.GET.copy()
    query["download"] = "1"
    context = {
        "pipeline": pipeline,
        "form": form,
        "generated": generated,
        "filename": filename,
        "download_query": query.urlencode(),
    }
    return render(request, "pipelines/ci.html", context, status=status)
