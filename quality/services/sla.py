"""Duration SLAs: a pipeline's runs should finish within ``max_seconds``. A periodic check (celery beat's
``quality.check_slas``, the embedded loop in one-process mode) looks at the runs still going and, for
each one past its pipeline's SLA, records a breach once (a unique run), publishes
``quality.sla_breached`` (on ``pipeline:<id>``, ``execution:<id>`` and the dashboard, after commit) and
notifies the pipeline's owner and the subscribers of that event type: while the run is still going,
not after it ends."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from executions.models import Execution
from executions.services.lifecycle import RUN_SLA_PARAM
from notifications.events import publish
from notifications.models import PipelineSubscription
from notifications.services import notification_create, notify_subscribers
from quality.models import DurationSLA, SLABreach

log = logging.getLogger("sluice.quality")
SLA_MAX_SECONDS = 30 * 24 * 3600
EVENT = "quality.sla_breached"
# A run counts as going from its start until it finishes (committing: still publishing).
GOING = (Execution.Status.RUNNING, Execution.Status.COMMITTING, Execution.Status.CANCELLING)


def sla_set(*, pipeline, max_seconds: int, enabled: bool = True) -> DurationSLA:
    """Create or change the pipeline's duration SLA."""
    if isinstance(max_seconds, bool) or not isinstance(max_seconds, int) or not 1 <= max_seconds <= SLA_MAX_SECONDS:
        raise ValidationError({"max_seconds": [f"A whole number of seconds between 1 and {SLA_MAX_SECONDS}."]})
    sla, _ = DurationSLA.objects.update_or_create(
        pipeline=pipeline, defaults={"max_seconds": max_seconds, "enabled": bool(enabled), "updated_at": timezone.now()}
    )
    return sla


def sla_delete(*, pipeline) -> bool:
    return DurationSLA.objects.filter(pipeline=pipeline).delete()[0] > 0


def _announce(breach: SLABreach, execution: Execution) -> None:
    pipeline = execution.pipeline
    data = {
        "execution_id": execution.pk,
        "pipeline_id": pipeline.pk,
        "pipeline_slug": pipeline.slug,
        "sla_seconds": breach.sla_seconds,
        "elapsed_seconds": round(breach.elapsed_seconds, 3),
        "status": execution.status,
    }
    publish(f"pipeline:{pipeline.pk}", EVENT, data, topics=(f"execution:{execution.pk}", "dashboard"))
    transaction.on_commit(lambda: _notify(breach.pk))


def _notify(breach_id: int) -> None:
    breach = SLABreach.objects.select_related("pipeline__owner").filter(pk=breach_id).first()
    if breach is None:
        return
    pipeline, topic = breach.pipeline, f"pipeline:{breach.pipeline_id}"
    title = f"{pipeline.name}: run #{breach.execution_id} is past its SLA of {breach.sla_seconds}s"
    body = f"Still running after {breach.elapsed_seconds:.0f}s (SLA {breach.sla_seconds}s)."
    link = f"/executions/{breach.execution_id}/"
    subscriptions = PipelineSubscription.objects.filter(topic=topic, event_types__contains=[EVENT])
    subscribed = set(subscriptions.values_list("user_id", flat=True))
    owner = pipeline.owner
    if owner is not None and owner.is_active and owner.pk not in subscribed:
        notification_create(user=owner, title=title, body=body, link=link, level="warning")
    notify_subscribers(topic=topic, event_type=EVENT, title=title, body=body, link=link, level="warning")


def _limit(execution: Execution) -> int | None:
    """The run's own SLA (``params['sluice_sla_seconds']``, checked when it started) over its pipeline's."""
    own = (execution.params or {}).get(RUN_SLA_PARAM)
    if isinstance(own, int) and not isinstance(own, bool) and own > 0:
        return own
    sla = getattr(execution.pipeline, "duration_sla", None)
    return sla.max_seconds if sla is not None and sla.enabled else None


def slas_check(*, now=None) -> list[SLABreach]:
    """Record (once) and announce every run still going past its SLA (its own, else its pipeline's)."""
    now = now or timezone.now()
    going = (
        Execution.objects.filter(status__in=GOING, started_at__isnull=False, sla_breach__isnull=True)
        .filter(Q(pipeline__duration_sla__enabled=True) | Q(params__has_key=RUN_SLA_PARAM))
        .select_related("pipeline__duration_sla")
        .order_by("started_at")[:1000]
    )
    breaches = []
    for execution in going:
        limit = _limit(execution)
        elapsed = (now - execution.started_at).total_seconds()
        if limit is None or elapsed <= limit:
            continue
        try:
            with transaction.atomic():
                breach = SLABreach.objects.create(
                    pipeline_id=execution.pipeline_id,
                    execution=execution,
                    sla_seconds=limit,
                    elapsed_seconds=elapsed,
                    detected_at=now,
                )
                _announce(breach, execution)
        except IntegrityError:  # another check recorded it first
            continue
        log.warning("run %s of %s is past its SLA (%ss)", execution.pk, execution.pipeline.slug, limit)
        breaches.append(breach)
    return breaches
