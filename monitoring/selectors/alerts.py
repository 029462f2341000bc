"""Reads of alerts and alert rules. One visibility rule for the pages and the API: admins see every
alert, anyone else the alerts of the rules they are a recipient of."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from monitoring.models import Alert, AlertRule
from pipelines import roles


def alerts_visible_to(*, user) -> QuerySet[Alert]:
    """The alerts ``user`` may see and acknowledge (the alerts page and ``/api/alerts/``)."""
    qs = Alert.objects.select_related("rule", "rule__pipeline", "acknowledged_by")
    return qs if roles.has_role(user, roles.ADMIN) else qs.filter(rule__recipients=user)


def alert_rules_with_open_alerts() -> QuerySet[AlertRule]:
    """Every rule, by name, with its recipients and ``open_alerts`` (how many of its alerts are firing)."""
    return (
        AlertRule.objects.select_related("pipeline")
        .prefetch_related("recipients")
        .annotate(open_alerts=Count("alerts", filter=Q(alerts__status=Alert.Status.FIRING)))
        .order_by("name")
    )
