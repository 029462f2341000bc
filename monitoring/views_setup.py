"""/setup/: the admin setup checklist (monitoring.selectors.setup), its dismissal and the console email
backend's acceptance (kept in the admin's onboarding state, accounts.onboarding). Admins only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.onboarding import onboarding_for, onboarding_update
from monitoring.selectors.setup import setup_checklist
from pipelines import roles

ACTIONS = {
    "dismiss": ({"checklist_dismissed": True}, "The setup checklist is hidden from the dashboard; it stays here."),
    "show": ({"checklist_dismissed": False}, "The setup checklist is back on the dashboard."),
    "accept-email": ({"console_email_accepted": True}, "The console email backend is accepted."),
    "unaccept-email": ({"console_email_accepted": False}, "The console email backend is no longer accepted."),
}


def checklist_context(user) -> dict:
    """What the page and the dashboard's card show: the items, how many are done, and the state."""
    state = onboarding_for(user=user)
    items = setup_checklist(console_email_accepted=state.console_email_accepted)
    return {
        "checklist": items,
        "checklist_done": sum(item.done for item in items),
        "checklist_state": state,
    }


@login_required
@require_http_methods(["GET", "POST"])
def setup_page(request):
    if not roles.sees_everything(request.user):
        raise PermissionDenied("The setup checklist is for admins.")
    if request.method == "POST":
        action = ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, "Unknown action.")
        else:
            onboarding_update(user=request.user, **action[0])
            messages.success(request, action[1])
        return redirect("dashboard" if request.POST.get("next") == "dashboard" else "monitoring:setup")
    return render(request, "monitoring/setup.html", checklist_context(request.user))
