from __future__ import annotations

from django.db.models import QuerySet

from notifications import topics
from notifications.models import Event, Notification, PipelineSubscription


def events_for_topic(*, user, topic: str, since: int | None = None, types: list[str] | None = None) -> QuerySet[Event]:
    """Events of one topic the user may see (raises topics.TopicError, PermissionError); on an aggregate
    topic (``dashboard``) only the events of subjects the user may see (topics.Audience)."""
    if not topics.can_view(user, topic):
        raise PermissionError(topic)
    qs = Event.objects.filter(topic=topic).order_by("id")
    if topics.is_aggregate(topic):
        only = topics.Audience.load(user).q()
        if only is not None:
            qs = qs.filter(only)
    if since is not None:
        qs = qs.filter(id__gt=since)
    if types:
        qs = qs.filter(type__in=types)
    return qs


def notifications_of(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def subscriptions_of(*, user) -> QuerySet[PipelineSubscription]:
    return PipelineSubscription.objects.filter(user=user).order_by("topic")


def notifications_for_inbox(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """The inbox page: unread ones first, then newest first."""
    from django.db.models import BooleanField, Case, Value, When

    qs = notifications_of(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    unread = Case(When(read_at__isnull=True, then=Value(True)), default=Value(False), output_field=BooleanField())
    return qs.annotate(is_unread=unread).order_by("-is_unread", "-created_at", "-id")


def subscription_for_topic(*, user, topic: str) -> PipelineSubscription | None:
    return PipelineSubscription.objects.filter(user=user, topic=topic).first()
