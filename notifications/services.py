"""Notifications: the inbox, fed by subscriptions (and, later, alert rules)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications import topics
from notifications.delivery import inbox_wanted, send_email
from notifications.events import publish
from notifications.models import Notification, PipelineSubscription

DEFAULT_EVENTS = ["execution.failed"]


def notify_subscribers(
    *, topic: str, event_type: str, title: str, body: str = "", link: str = "", level: str = Notification.Level.INFO
) -> list[Notification]:
    """An inbox entry (and a notification.created event on user:<id>) for each user subscribed to
    ``topic`` for ``event_type`` who may still see it."""
    made = []
    for sub in PipelineSubscription.objects.select_related("user").filter(topic=topic):
        if event_type not in (sub.event_types or DEFAULT_EVENTS) or not sub.user.is_active:
            continue
        if not topics.can_view(sub.user, topic):
            continue
        channels = sub.channels or [PipelineSubscription.Channel.IN_APP]
        if PipelineSubscription.Channel.IN_APP in channels:
            made_one = notification_create(user=sub.user, title=title, body=body, link=link, level=level)
            if made_one is not None:
                made.append(made_one)
        if PipelineSubscription.Channel.EMAIL in channels and sub.user.email:
            send_email(to=[sub.user.email], subject=title, body=f"{body}\n\n{link}".strip())
    return made


def notification_create(
    *, user, title: str, body: str = "", link: str = "", level: str = "info"
) -> Notification | None:
    """An inbox entry for ``user`` (and its live event), or None when the user turned the in-app channel
    off in their preferences (the delivery's inbox filter)."""
    if not inbox_wanted(user):
        return None
    notification = Notification.objects.create(user=user, title=title[:200], body=body, link=link[:500], level=level)
    publish(
        f"user:{user.pk}",
        "notification.created",
        {
            "notification_id": notification.pk,
            "level": level,
            "title": notification.title,
            "body": body,
            "link": notification.link,
        },
    )
    return notification


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark some (or, with ``ids`` None, all) of ``user``'s unread notifications read."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def subscription_create(
    *, user, topic: str, event_types: list[str] | None = None, channels: list[str] | None = None
) -> PipelineSubscription:
    from notifications.schemas import SCHEMAS

    errors = {}
    try:
        if not topics.can_view(user, topic):
            errors["topic"] = [f"You may not subscribe to {topic}: it does not exist or is not visible to you."]
        elif topics.is_aggregate(topic):
            errors["topic"] = [
                f"{topic} is an aggregate topic (every pipeline you may see): subscribe to one "
                "pipeline instead, e.g. pipeline:12."
            ]
    except topics.TopicError as exc:
        errors["topic"] = [str(exc)]
    unknown = [t for t in (event_types or []) if t not in SCHEMAS]
    if unknown:
        errors["event_types"] = [f"Unknown event type {t!r}." for t in unknown]
    bad_channels = [c for c in (channels or []) if c not in PipelineSubscription.Channel.values]
    if bad_channels:
        errors["channels"] = [f"Unknown channel {c!r}." for c in bad_channels]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return PipelineSubscription.objects.create(
                user=user, topic=topic, event_types=event_types or [], channels=channels or []
            )
    except IntegrityError as exc:
        raise ValidationError({"topic": [f"You are already subscribed to {topic}."]}) from exc


def subscription_delete(*, subscription: PipelineSubscription, user) -> None:
    subscription.delete()


def events_cleanup(*, before) -> int:
    """Delete events older than ``before`` (SLUICE_EVENT_RETENTION_DAYS); returns how many."""
    from notifications.models import Event

    deleted, _ = Event.objects.filter(ts__lt=before).delete()
    return deleted
