"""The Import page: paste or upload Sluice documents, preview what each would change (the diff against
the current draft, problems at their lines), then apply them as drafts or as new versions.

Server-rendered with htmx: the preview is a partial swapped under the form. The preview carries the
documents' text in a hidden field (``bundle``: JSON ``[[file, text], ...]``), so applying re-reads and
re-checks everything — nothing the page holds is trusted more than a new paste. Editors only (as creating
a pipeline); updating a pipeline needs the right to change it (pipelines.services.transfer).
"""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.forms import BootstrapFormMixin
from core.htmx import is_htmx
from pipelines.documents import SCHEMA_PATH, DocumentsRejected, Loaded, documents_apply, documents_plan, load_text
from pipelines.documents.results import DocumentPlan
from pipelines.documents.sources import MAX_ARCHIVE_BYTES, SourceFailure, upload_texts
from pipelines.views.common import require_editor

MODES = {"draft": False, "version": True}


class ImportForm(BootstrapFormMixin, forms.Form):
    documents = forms.CharField(
        label="Documents (YAML or JSON)",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace", "spellcheck": "false"}),
        help_text="One or more documents, separated by lines of ---.",
    )
    file = forms.FileField(
        label="Or upload a file",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".yaml,.yml,.json,.zip"}),
        help_text="A document (.yaml, .yml, .json) or a zip archive of them.",
    )

    def clean(self):
        data = super().clean()
        if bool((data.get("documents") or "").strip()) == bool(data.get("file")):
            raise forms.ValidationError("Paste documents or choose a file (one of the two).")
        return data


def _texts(form: ImportForm) -> tuple[list[tuple[str, str]], list[SourceFailure]]:
    upload = form.cleaned_data.get("file")
    if upload is None:
        return [("pasted", form.cleaned_data["documents"])], []
    if upload.size > MAX_ARCHIVE_BYTES:
        return [], [SourceFailure(upload.name, f"larger than {MAX_ARCHIVE_BYTES // 2**20} MB; refused")]
    return upload_texts(upload.name, upload.read(MAX_ARCHIVE_BYTES + 1))


def _load(texts: list[tuple[str, str]], failures: list[SourceFailure]) -> Loaded:
    loaded = Loaded([], list(failures))
    for name, text in texts:
        loaded.extend(load_text(text, filename=name))
    return loaded


def _preview_context(request, texts, failures) -> dict:
    loaded = _load(texts, failures)
    plans = documents_plan(user=request.user, documents=loaded.documents)
    bundle = json.dumps(texts, ensure_ascii=False)
    too_big = len(bundle.encode()) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 64 * 1024
    return {
        "plans": plans,
        "failures": loaded.failures,
        "bundle": "" if too_big else bundle,
        "too_big": too_big,
        "can_apply": bool(plans) and not loaded.failures and all(p.ok for p in plans),
        "can_version": all(p.valid is not False for p in plans),
        "schema_path": SCHEMA_PATH,
    }


@login_required
@require_GET
def import_page(request):
    require_editor(request.user)
    return render(request, "pipelines/import.html", {"form": ImportForm(), "schema_path": SCHEMA_PATH})


@login_required
@require_POST
def import_preview(request):
    """The dry run: per document what would change and every problem (htmx: the partial; else the page)."""
    require_editor(request.user)
    form = ImportForm(request.POST, request.FILES)
    context = {"form": form, "schema_path": SCHEMA_PATH}
    if form.is_valid():
        context |= _preview_context(request, *_texts(form))
    status = 200 if form.is_valid() else 400
    template = "pipelines/import_preview.html" if is_htmx(request) else "pipelines/import.html"
    return render(request, template, context, status=status)


def _bundle(request) -> list[tuple[str, str]] | None:
    try:
        value = json.loads(request.POST.get("bundle") or "")
    except ValueError:
        return None
    if not isinstance(value, list) or not all(
        isinstance(item, list) and len(item) == 2 and all(isinstance(part, str) for part in item) for item in value
    ):
        return None
    return [(name[:300], text) for name, text in value]


@login_required
@require_POST
def import_apply(request):
    """Apply every previewed document (all or nothing); back to the preview with the problems when refused."""
    require_editor(request.user)
    texts, mode = _bundle(request), request.POST.get("mode")
    if texts is None or mode not in MODES:
        messages.error(request, "Nothing to apply: preview the documents first.")
        return redirect("pipelines:import")
    loaded = _load(texts, [])
    try:
        if loaded.failures or not loaded.documents:
            raise DocumentsRejected([])
        results = documents_apply(user=request.user, documents=loaded.documents, as_version=MODES[mode])
    except DocumentsRejected as exc:
        context = {"form": ImportForm(), "schema_path": SCHEMA_PATH} | _preview_context(request, texts, [])
        context["refused"] = [
            DocumentPlan(document=document, action="refused", problems=problems) for document, problems in exc.problems
        ]
        return render(request, "pipelines/import.html", context, status=400)
    done = ", ".join(f"{r.target} ({r.action}{f', v{r.version.number}' if r.version else ''})" for r in results)
    messages.success(request, f"Imported {len(results)} document(s): {done}.")
    if len(results) == 1 and results[0].object is not None and hasattr(results[0].object, "slug"):
        return redirect(reverse("pipelines:detail", args=[results[0].object.pk]))
    return redirect("pipelines:list")
