"""Reads of personal API tokens."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from accounts.models import ApiToken, AuditEvent
from pipelines import roles


def tokens_visible_to(*, user) -> QuerySet[ApiToken]:
    """One's own tokens; an admin's: everyone's."""
    qs = ApiToken.objects.select_related("owner")
    return qs if roles.sees_everything(user) else qs.filter(owner=user)


def tokens_of(*, user) -> QuerySet[ApiToken]:
    """Only ``user``'s own tokens (the page)."""
    return ApiToken.objects.filter(owner=user)


def token_by_prefix(prefix: str) -> ApiToken | None:
    return ApiToken.objects.select_related("owner").filter(prefix=prefix).first()


# --- users and the audit log (admins) --------------------------------------------------------------------

USER_ORDER = ("username", "-username", "last_login", "-last_login", "date_joined", "-date_joined", "email")


def users_list(*, q: str = "", role: str = "", active: str = "", order: str = "username") -> QuerySet:
    """Users for the admins' list: ``q`` searches name and email; ``role`` a role (staff count as admin);
    ``active`` "true"/"false"."""
    qs = get_user_model().objects.prefetch_related("groups")
    q = (q or "").strip()[:100]
    if q:
        qs = qs.filter(
            Q(username__icontains=q) | Q(email__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
    if role == roles.ADMIN:
        qs = qs.filter(Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name=roles.ADMIN)).distinct()
    elif role in roles.ROLES:
        above = roles.ROLES[roles.ROLES.index(role) + 1 :]
        qs = qs.filter(groups__name=role, is_staff=False, is_superuser=False).exclude(groups__name__in=above)
    if active in ("true", "false"):
        qs = qs.filter(is_active=active == "true")
    return qs.order_by(order if order in USER_ORDER else "username", "pk")


def audit_events(
    *, actor: str = "", action: str = "", target_type: str = "", target_id: str = "", since=None, until=None
) -> QuerySet[AuditEvent]:
    """The audit log, newest first, filtered by the actor's user name, the action (or its prefix, e.g.
    ``user.``), the target and a time range."""
    qs = AuditEvent.objects.all()
    if actor:
        qs = qs.filter(actor_label__iexact=actor[:150])
    if action:
        qs = qs.filter(action__startswith=action[:40]) if action.endswith(".") else qs.filter(action=action[:40])
    if target_type:
        qs = qs.filter(target_type=target_type[:40])
    if target_id:
        qs = qs.filter(target_id=target_id[:40])
    if since is not None:
        qs = qs.filter(at__gte=since)
    if until is not None:
        qs = qs.filter(at__lt=until)
    return qs
