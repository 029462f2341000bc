"""The pipeline page's Tests part: the tests with their last result and diff, and the Run action (htmx).

The pipeline page includes the part with ``hx-get`` on load (the link inside is the fallback without
JavaScript); asked for without htmx, the part is a page of its own that leads back to the pipeline.
Whoever sees the pipeline sees its tests; running them needs the editor role (as in the API), since it
executes node code on the fixtures, in the interactive pool.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from core.htmx import is_htmx
from pipelines.models import Pipeline
from pipelines.selectors import pipeline_for_page
from pipelines.testing.report import result_text
from pipelines.testing.selectors import tests_of, tests_summary
from pipelines.testing.services import pipeline_tests_run
from pipelines.views.common import can_edit, require_editor


def _pipeline(request, pk: int) -> Pipeline:
    return get_object_or_404(pipeline_for_page(user=request.user, pk=pk))


def _rows(pipeline: Pipeline) -> list[dict]:
    rows = []
    for test in tests_of(pipeline=pipeline):
        result = {"name": test.name, "status": test.last_status, **(test.last_result or {})}
        failed = test.last_status in ("failed", "error")
        rows.append({"test": test, "diff": "\n".join(result_text(result)[1:]) if failed else ""})
    return rows


def _render(request, pipeline: Pipeline, *, error: str = "", ran: bool = False, status: int = 200):
    context = {
        "pipeline": pipeline,
        "rows": _rows(pipeline),
        "summary": tests_summary(pipeline=pipeline),
        "can_edit": can_edit(request.user),
        "error": error,
        "ran": ran,
    }
    if is_htmx(request):
        response = render(request, "pipelines/_tests.html", context, status=status)
    else:
        context["back_url"] = reverse("pipelines:detail", args=[pipeline.pk]) + "#tests"
        response = render(request, "pipelines/_tests_page.html", context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def pipeline_tests(request, pk: int):
    """The tests of the pipeline with their last result."""
    return _render(request, _pipeline(request, pk))


@login_required
@require_POST
def pipeline_tests_run_view(request, pk: int):
    """Run every test of the pipeline over its draft, then show the part with the new results."""
    pipeline = _pipeline(request, pk)
    require_editor(request.user)
    try:
        pipeline_tests_run(pipeline=pipeline, user=request.user)
    except ValidationError as exc:
        return _render(request, pipeline, error=" ".join(exc.messages), status=400)
    return _render(request, pipeline, ran=True)
