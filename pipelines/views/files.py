"""The files page: what lies under the data root (what file sources read, where file destinations
write), a file's format and schema, and one-shot uploads into the user's area uploads/<user id>/ — the page
twin of /api/files/. It shows only what the signed-in user may open (docs/files.md)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import BootstrapFormMixin, apply_service_errors
from pipelines import files
from pipelines.paths import file_access_for, user_area
from pipelines.views.common import can_edit, require_editor


class UploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label="File", help_text="CSV, JSON, NDJSON, Parquet or Excel.")
    path = forms.CharField(
        label="Folder in your upload area",
        required=False,
        max_length=200,
        help_text="Optional, e.g. sales/2026 (under uploads/<your user id>/).",
    )
    overwrite = forms.BooleanField(label="Replace a file of the same name", required=False)


class FilterForm(BootstrapFormMixin, forms.Form):
    prefix = forms.CharField(label="Path starts with", required=False, max_length=500)


@login_required
@require_http_methods(["GET", "POST"])
def file_browser(request):
    editable = can_edit(request.user)
    access = file_access_for(request.user)
    form = UploadForm()
    if request.method == "POST":
        require_editor(request.user)
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                files.upload_declared_check(content_length=request.META.get("CONTENT_LENGTH"))
                result = files.file_upload(
                    user=request.user,
                    uploaded_file=form.cleaned_data["file"],
                    directory=form.cleaned_data["path"],
                    overwrite=form.cleaned_data["overwrite"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc, field_map={"size": "file", "filename": "file", "directory": "path"})
            else:
                messages.success(request, f"Uploaded {result['path']}.")
                return redirect(f"{request.path}?inspect={result['path']}")
    filters = FilterForm(request.GET or None)
    prefix = filters.cleaned_data["prefix"] if filters.is_valid() else ""
    listing, inspected = [], None
    try:
        listing = files.file_list(prefix=prefix, access=access)
    except ValidationError as exc:
        apply_service_errors(filters, exc)
    if request.GET.get("inspect"):
        try:
            inspected = files.file_inspect(path=request.GET["inspect"], access=access)
        except ValidationError as exc:
            inspected = {"path": request.GET["inspect"], "error": " ".join(exc.messages), "schema": {}}
    return render(
        request,
        "pipelines/files.html",
        {
            "listing": listing,
            "inspected": inspected,
            "form": form,
            "filters": filters,
            "can_edit": editable,
            "max_bytes": settings.UPLOAD_MAX_BYTES,
            "upload_area": user_area(request.user.pk),
        },
        status=400 if form.errors else 200,
    )
