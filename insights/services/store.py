"""Storing findings as insights, idempotently: the same finding (pipeline + fingerprint) updates its row;
a finding that no longer holds closes its row; one that comes back reopens it. Dismissing and
un-dismissing. Every change writes a line of the insight's history."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from insights.models import Insight, InsightEvent
from insights.services.findings import Finding
from pipelines import roles
from pipelines.models import Pipeline
from pipelines.selectors import pipelines_visible_to


def insights_sync(
    *, pipeline_id: int, findings: list[Finding], now: datetime | None = None, unjudged: frozenset[str] = frozenset()
) -> dict[str, int]:
    """Store what holds now for ``pipeline_id``; close what no longer does, except insights of the kinds in
    ``unjudged`` (not evaluated this time: they stay as they are). Returns the counts of opened, updated,
    reopened and closed insights."""
    now = now or timezone.now()
    counts = {"opened": 0, "updated": 0, "reopened": 0, "closed": 0}
    by_print = {x.fingerprint: x for x in findings}
    with transaction.atomic():
        # One sync per pipeline at a time (the hook after a run and the periodic refresh may meet): the
        # pipeline's row is the lock, so two syncs never insert the same new finding.
        if not list(Pipeline.objects.select_for_update().filter(pk=pipeline_id).values_list("pk", flat=True)):
            return counts
        rows = {i.fingerprint: i for i in Insight.objects.select_for_update().filter(pipeline_id=pipeline_id)}
        events = []
        for fingerprint, finding in by_print.items():
            row = rows.get(fingerprint)
            if row is None:
                row = Insight.objects.create(
                    pipeline_id=pipeline_id,
                    fingerprint=fingerprint,
                    first_seen=now,
                    last_seen=now,
                    **_fields(finding),
                )
                events.append(InsightEvent(insight=row, kind=InsightEvent.Kind.OPENED, figures=finding.figures))
                counts["opened"] += 1
                continue
            changed = row.evidence.get("figures") != finding.figures or row.title != finding.title
            kind = None
            if row.state == Insight.State.CLOSED:
                row.state, row.closed_at = Insight.State.OPEN, None
                row.dismissed_at, row.dismissed_by = None, None
                kind = InsightEvent.Kind.REOPENED
                counts["reopened"] += 1
            elif changed:
                kind = InsightEvent.Kind.UPDATED
                counts["updated"] += 1
            for name, value in _fields(finding).items():
                setattr(row, name, value)
            row.last_seen = now
            row.times_seen += 1
            row.save()
            if kind:
                events.append(InsightEvent(insight=row, kind=kind, figures=finding.figures))
        for fingerprint, row in rows.items():
            if fingerprint in by_print or row.state == Insight.State.CLOSED or row.kind in unjudged:
                continue
            row.state, row.closed_at = Insight.State.CLOSED, now
            row.save(update_fields=["state", "closed_at"])
            events.append(InsightEvent(insight=row, kind=InsightEvent.Kind.CLOSED))
            counts["closed"] += 1
        for event in events:
            event.created_at = now
        InsightEvent.objects.bulk_create(events)
    return counts


def _fields(finding: Finding) -> dict:
    return {
        "kind": finding.kind,
        "node_key": finding.node_key,
        "severity": finding.severity,
        "title": finding.title[:300],
        "explanation": finding.explanation,
        "evidence": finding.evidence,
    }


def insight_can_act(*, user, insight: Insight) -> bool:
    """Editors (and above) who see the insight's pipeline dismiss it; viewers read it."""
    if not roles.has_role(user, roles.EDITOR):
        return False
    return roles.sees_everything(user) or pipelines_visible_to(user=user).filter(pk=insight.pipeline_id).exists()


def insight_dismiss(*, insight: Insight, user) -> Insight:
    """An open insight becomes dismissed (it stays so while it holds; closed, it reopens as open).
    Dismissing a dismissed insight changes nothing; a closed one cannot be dismissed."""
    if not insight_can_act(user=user, insight=insight):
        raise PermissionDenied("Dismissing insights needs the editor role.")
    if insight.state == Insight.State.DISMISSED:
        return insight
    with transaction.atomic():
        updated = Insight.objects.filter(pk=insight.pk, state=Insight.State.OPEN).update(
            state=Insight.State.DISMISSED, dismissed_at=timezone.now(), dismissed_by=user
        )
        if not updated:
            insight.refresh_from_db()
            raise ValidationError({"state": [f"Only an open insight can be dismissed; this one is {insight.state}."]})
        InsightEvent.objects.create(insight=insight, kind=InsightEvent.Kind.DISMISSED, user=user)
    insight.refresh_from_db()
    return insight


def insight_undismiss(*, insight: Insight, user) -> Insight:
    """A dismissed insight is open again; an open one stays as it is; a closed one cannot be un-dismissed."""
    if not insight_can_act(user=user, insight=insight):
        raise PermissionDenied("Un-dismissing insights needs the editor role.")
    if insight.state == Insight.State.OPEN:
        return insight
    with transaction.atomic():
        updated = Insight.objects.filter(pk=insight.pk, state=Insight.State.DISMISSED).update(
            state=Insight.State.OPEN, dismissed_at=None, dismissed_by=None
        )
        if not updated:
            insight.refresh_from_db()
            raise ValidationError(
                {"state": [f"Only a dismissed insight can be un-dismissed; this one is {insight.state}."]}
            )
        InsightEvent.objects.create(insight=insight, kind=InsightEvent.Kind.UNDISMISSED, user=user)
    insight.refresh_from_db()
    return insight
