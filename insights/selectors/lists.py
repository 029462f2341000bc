"""The insights a user may see (those of the pipelines they may see), filtered; an insight's history;
the pipelines whose history the generators read. A fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, QuerySet

from executions.models import Execution
from insights.models import Insight, InsightEvent
from pipelines import roles
from pipelines.models import Pipeline
from pipelines.selectors import pipelines_visible_to


def insights_visible_to(*, user) -> QuerySet[Insight]:
    qs = Insight.objects.select_related("pipeline", "dismissed_by")
    if roles.sees_everything(user):
        return qs
    return qs.filter(pipeline__in=pipelines_visible_to(user=user).values("pk"))


def insights_filtered(
    *,
    user,
    pipeline_id: int | None = None,
    kind: str = "",
    state: str = "",
    since: datetime | None = None,
) -> QuerySet[Insight]:
    """``state``: open, dismissed, closed, or ``all``/empty for every state; ``since``: last seen since."""
    qs = insights_visible_to(user=user)
    if pipeline_id is not None:
        qs = qs.filter(pipeline_id=pipeline_id)
    if kind:
        qs = qs.filter(kind=kind)
    if state and state != "all":
        qs = qs.filter(state=state)
    if since is not None:
        qs = qs.filter(last_seen__gte=since)
    return qs.order_by("-last_seen", "-id")


def state_counts(*, user, pipeline_id: int | None = None) -> dict[str, int]:
    """How many insights of each state the user sees (one query)."""
    qs = insights_visible_to(user=user)
    if pipeline_id is not None:
        qs = qs.filter(pipeline_id=pipeline_id)
    counts = {s: 0 for s in Insight.State.values}
    for row in qs.order_by().values("state").annotate(n=Count("id")):
        counts[row["state"]] = row["n"]
    return counts


def insight_history(*, insight: Insight) -> list[InsightEvent]:
    return list(insight.events.select_related("user").order_by("created_at", "id"))


def pipelines_with_history(*, since: datetime) -> list[int]:
    """Ids of the pipelines with a run created since ``since`` or with an insight still open or dismissed
    (so that a finding of a pipeline that stopped running is closed)."""
    ran = Execution.objects.filter(created_at__gte=since).order_by().values_list("pipeline_id", flat=True).distinct()
    held = (
        Insight.objects.exclude(state=Insight.State.CLOSED).order_by().values_list("pipeline_id", flat=True).distinct()
    )
    ids = set(ran) | set(held)
    return sorted(Pipeline.objects.filter(pk__in=ids).values_list("pk", flat=True))
