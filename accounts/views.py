"""The API tokens page (user menu → API tokens): create one (shown once), list one's own, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import ApiTokenForm
from accounts.selectors import tokens_of, tokens_visible_to
from accounts.services import token_create, token_revoke
from core.forms import apply_service_errors


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    created = None
    if request.method == "POST":
        form = ApiTokenForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                token, raw = token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    role=form.cleaned_data["role"],
                    expires_at=form.expires_at(),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                created = {"token": token, "raw": raw}  # rendered here, once: never stored, never redirected
                form = ApiTokenForm(user=request.user)
    else:
        form = ApiTokenForm(user=request.user)
    status = 400 if request.method == "POST" and created is None else 200
    context = {"form": form, "created": created, "tokens": tokens_of(user=request.user)}
    return render(request, "accounts/tokens.html", context, status=status)


@login_required
@require_POST
def revoke(request, pk: int):
    token = tokens_visible_to(user=request.user).filter(pk=pk).first()
    if token is None:
        raise Http404("No such token.")
    token_revoke(user=request.user, token=token)
    messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    return redirect("accounts:tokens")
