"""The notification inbox: unread first, mark one or all read (through the services)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from core.htmx import is_htmx
from notifications.forms import InboxFilterForm
from notifications.live_since import live_page
from notifications.selectors import notifications_for_inbox, notifications_of
from notifications.services import notifications_mark_read

PAGE_SIZE = 25


def _inbox_context(request) -> dict:
    form = InboxFilterForm(request.GET or {"show": "all"})
    unread_only = form.unread_only()
    page = Paginator(notifications_for_inbox(user=request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    unread = notifications_of(user=request.user).filter(read_at__isnull=True).count()
    return {"form": form, "page_obj": page, "unread_only": unread_only, "unread_count": unread}


@login_required
@require_GET
@live_page
def inbox(request):
    context = _inbox_context(request)
    template = "notifications/_inbox_list.html" if is_htmx(request) else "notifications/inbox.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _back(request):
    """After a POST: the inbox fragment for htmx (with the navbar badge swapped out of band), else a
    redirect to where the form came from."""
    if is_htmx(request):
        request.GET = request.GET.copy()
        for key in ("show", "page"):
            if key in request.POST:
                request.GET[key] = request.POST[key]
        return render(request, "notifications/_inbox_list.html", {**_inbox_context(request), "oob_badge": True})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "notifications:inbox"
    return redirect(target)


@login_required
@require_POST
def mark_read(request, pk: int):
    if not notifications_of(user=request.user).filter(pk=pk).exists():
        raise Http404("No such notification.")
    notifications_mark_read(user=request.user, ids=[pk])
    return _back(request)


@login_required
@require_POST
def mark_all_read(request):
    notifications_mark_read(user=request.user)
    return _back(request)
