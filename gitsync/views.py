"""Repositories: list, create, a page per repository (last sync, what changed, errors, conflicts, webhook),
edit, delete, sync now, resolve a conflict, rotate the webhook secret."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import apply_service_errors
from gitsync.forms import RepositoryForm
from gitsync.models import GitRepository, GitSync
from gitsync.selectors import (
    repositories_visible_to,
    repository_conflicts,
    repository_documents,
    repository_syncs,
)
from gitsync.services import (
    conflict_resolve,
    repository_change_refusal,
    repository_create,
    repository_delete,
    repository_rotate_secret,
    repository_update,
    sync_request,
)
from pipelines import roles


def _repository(request, pk: int) -> GitRepository:
    return get_object_or_404(repositories_visible_to(user=request.user), pk=pk)


def _changeable(request, pk: int) -> GitRepository:
    repository = _repository(request, pk)
    refusal = repository_change_refusal(repository=repository, user=request.user)
    if refusal is not None:
        raise PermissionDenied(refusal)
    return repository


def _require_editor(user) -> None:
    refusal = repository_change_refusal(repository=None, user=user)
    if refusal is not None:
        raise PermissionDenied(refusal)


@login_required
@require_GET
def repository_list(request):
    return render(
        request,
        "gitsync/repositories.html",
        {
            "repositories": repositories_visible_to(user=request.user).order_by("name", "id"),
            "can_edit": roles.has_role(request.user, roles.EDITOR),
        },
    )


def _fields(form: RepositoryForm) -> dict:
    data = dict(form.cleaned_data)
    data["folder"] = data.get("folder") or ""
    data["known_hosts"] = data.get("known_hosts") or ""
    data["push_branch"] = data.get("push_branch") or ""
    return data


@login_required
@require_http_methods(["GET", "POST"])
def repository_create_view(request):
    _require_editor(request.user)
    form = RepositoryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            repository = repository_create(user=request.user, **_fields(form))
        except ValidationError as exc:
            apply_service_errors(form, exc)
            form.mark_invalid()
        else:
            messages.success(request, f"Repository “{repository.name}” added; its first sync is queued.")
            sync_request(repository=repository, trigger=GitSync.Trigger.MANUAL, user=request.user)
            return redirect("gitsync:detail", pk=repository.pk)
    return render(request, "gitsync/repository_form.html", {"form": form, "repository": None})


@login_required
@require_http_methods(["GET", "POST"])
def repository_edit(request, pk: int):
    repository = _changeable(request, pk)
    initial = {name: getattr(repository, name) for name in RepositoryForm.base_fields if name != "credentials"}
    initial["credentials"] = repository.credentials_id
    form = RepositoryForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            repository_update(repository=repository, user=request.user, **_fields(form))
        except ValidationError as exc:
            apply_service_errors(form, exc)
            form.mark_invalid()
        else:
            messages.success(request, "Saved.")
            return redirect("gitsync:detail", pk=repository.pk)
    return render(request, "gitsync/repository_form.html", {"form": form, "repository": repository})


@login_required
@require_http_methods(["GET", "POST"])
def repository_delete_view(request, pk: int):
    repository = _changeable(request, pk)
    if request.method == "POST":
        name = repository.name
        repository_delete(repository=repository, user=request.user)
        messages.success(request, f"Repository “{name}” removed; the pipelines it made stay.")
        return redirect("gitsync:list")
    return render(request, "gitsync/repository_delete.html", {"repository": repository})


@login_required
@require_GET
def repository_detail(request, pk: int):
    repository = _repository(request, pk)
    syncs = list(repository_syncs(repository=repository, limit=20))
    last = next((s for s in syncs if s.finished_at), None)
    webhook = request.build_absolute_uri(reverse("gitsync-api:webhook")) + f"?repository={repository.pk}"
    return render(
        request,
        "gitsync/repository_detail.html",
        {
            "repository": repository,
            "syncs": syncs,
            "last": last,
            "changed": [r for r in (last.results if last else []) if r["outcome"] != "unchanged"],
            "conflicts": repository_conflicts(repository=repository),
            "documents": repository_documents(repository=repository),
            "pending": any(s.status in (GitSync.Status.QUEUED, GitSync.Status.RUNNING) for s in syncs),
            "webhook_url": webhook,
            "show_secret": request.GET.get("secret") == "1",
            "can_change": repository_change_refusal(repository=repository, user=request.user) is None,
        },
    )


@login_required
@require_POST
def repository_sync_view(request, pk: int):
    repository = _changeable(request, pk)
    sync_request(repository=repository, trigger=GitSync.Trigger.MANUAL, user=request.user)
    messages.info(request, "Sync queued.")
    return redirect("gitsync:detail", pk=repository.pk)


@login_required
@require_POST
def repository_secret_view(request, pk: int):
    repository = repository_rotate_secret(repository=_changeable(request, pk), user=request.user)
    messages.success(request, "A new webhook secret was made; update it at the git host.")
    return redirect(reverse("gitsync:detail", args=[repository.pk]) + "?secret=1")


@login_required
@require_POST
def conflict_resolve_view(request, pk: int, document_id: int):
    repository = _changeable(request, pk)
    get_object_or_404(repository_documents(repository=repository), pk=document_id)
    keep = request.POST.get("keep", "")
    try:
        document = conflict_resolve(repository=repository, document_id=document_id, keep=keep, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        pushing = " Sluice's document is being pushed back." if keep == "sluice" and repository.push_back else ""
        messages.success(request, f"{document.path}: resolved ({'git' if keep == 'git' else 'Sluice'} kept).{pushing}")
    return redirect("gitsync:detail", pk=repository.pk)
