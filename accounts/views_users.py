"""Pages for admins: Users (list, search, invite, change role, deactivate/reactivate, re-invite) and the
audit log; for everyone: Your sessions; for an invited person: the invitation link (set a password)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, sessions, users
from accounts.forms import AuditFilterForm, InviteForm, InvitePasswordForm, RoleForm
from accounts.models import UserSession
from core.forms import apply_service_errors
from pipelines import roles

PAGE_SIZE = 50


def admin_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not roles.sees_everything(request.user):
            raise PermissionDenied("Only an admin manages users.")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _errors(request, exc: ValidationError) -> None:
    for error in exc.messages:
        messages.error(request, error)


@never_cache
@admin_required
@require_http_methods(["GET", "POST"])
def users_page(request):
    invited = None
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user, url, sent = users.user_invite(
                actor=request.user, base_url=request.build_absolute_uri("/"), **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            invited = {"user": user, "url": url, "sent": sent}  # the link is shown here, once
            form = InviteForm()
    q, role, active = request.GET.get("q", ""), request.GET.get("role", ""), request.GET.get("active", "")
    page = Paginator(selectors.users_list(q=q, role=role, active=active), PAGE_SIZE).get_page(request.GET.get("page"))
    for u in page:
        u.sluice_role = users.role_of(u)
    context = {
        "form": form,
        "invited": invited,
        "page_obj": page,
        "q": q[:100],
        "role": role,
        "active": active,
        "roles": roles.ROLES,
    }
    status = 400 if request.method == "POST" and invited is None else 200
    return render(request, "accounts/users.html", context, status=status)


def _target(pk: int):
    return get_object_or_404(get_user_model(), pk=pk)


@admin_required
@require_POST
def user_role(request, pk: int):
    user = _target(pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the roles.")
        return redirect("accounts:users")
    try:
        users.user_set_role(actor=request.user, user=user, role=form.cleaned_data["role"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"{user.get_username()} is now {form.cleaned_data['role']}.")
    return redirect("accounts:users")


@admin_required
@require_POST
def user_active(request, pk: int, active: bool):
    user = _target(pk)
    try:
        (users.user_reactivate if active else users.user_deactivate)(actor=request.user, user=user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"{user.get_username()} {'reactivated' if active else 'deactivated'}.")
    return redirect("accounts:users")


@admin_required
@require_POST
def user_reinvite(request, pk: int):
    user = _target(pk)
    try:
        url, sent = users.user_invite_resend(actor=request.user, user=user, base_url=request.build_absolute_uri("/"))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        where = f"emailed to {user.email}" if sent else "not emailed (mail failed): pass the link on"
        messages.success(request, f"A new invitation link for {user.get_username()}, {where}: {url}")
    return redirect("accounts:users")


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None


@never_cache
@admin_required
@require_http_methods(["GET"])
def audit_page(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    until = filters.get("until")
    qs = selectors.audit_events(
        actor=filters.get("actor", ""),
        action=filters.get("action", ""),
        target_type=filters.get("target_type", ""),
        since=_day_start(filters.get("since")),
        until=_day_start(until + timedelta(days=1)) if until else None,
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 400 if request.GET and not form.is_valid() else 200
    return render(request, "accounts/audit.html", {"form": form, "page_obj": page}, status=status)


@never_cache
@login_required
@require_http_methods(["GET"])
def sessions_page(request):
    rows = sessions.sessions_of(user=request.user)
    current = request.session.session_key
    return render(request, "accounts/sessions.html", {"sessions": rows, "current": current})


@login_required
@require_POST
def session_revoke(request, pk: int):
    row = UserSession.objects.select_related("user").filter(pk=pk, user=request.user).first()
    if row is None:
        raise Http404("No such session.")
    mine = row.session_key == request.session.session_key
    sessions.session_revoke(actor=request.user, session=row)
    if mine:
        return redirect("login")
    messages.success(request, "The session is signed out.")
    return redirect("accounts:sessions")


@never_cache
@require_http_methods(["GET", "POST"])
def invite_accept(request, token: str):
    """The link of an invitation email: set a first password. A bad, used or expired link is a 404."""
    user = users.invite_user(token)
    if user is None:
        return render(request, "accounts/invite_invalid.html", status=404)
    form = InvitePasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            users.invite_accept(user=user, password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Your password is set: sign in with it.")
            return redirect("login")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/invite.html", {"form": form, "invited": user}, status=status)
