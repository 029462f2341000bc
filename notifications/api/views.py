from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ids import is_digits
from notifications import topics
from notifications.api.serializers import (
    EventOutput,
    MarkReadInput,
    NotificationOutput,
    SubscriptionInput,
    SubscriptionOutput,
)
from notifications.selectors import events_for_topic, notifications_of, subscriptions_of
from notifications.services import notifications_mark_read, subscription_create, subscription_delete

TAGS = ["events and notifications"]


class EventListApi(generics.ListAPIView):
    serializer_class = EventOutput
    filter_backends: list = []

    def get_queryset(self):
        q = self.request.query_params
        topic = q.get("topic")
        if not topic:
            raise ValidationError({"topic": ["Required, e.g. execution:12."]})
        since = q.get("since")
        if since is not None and not is_digits(since):
            raise ValidationError({"since": ["An event id (a whole number)."]})
        types = [t for t in q.get("type", "").split(",") if t]
        try:
            return events_for_topic(
                user=self.request.user, topic=topic, since=int(since) if since else None, types=types
            )
        except topics.TopicError as exc:
            raise ValidationError({"topic": [str(exc)]}) from exc
        except PermissionError as exc:
            raise NotFound(f"No topic {topic} for you.") from exc

    @extend_schema(
        tags=TAGS,
        summary="Events of a topic after an event id (audit, and catch-up after a reconnect)",
        parameters=[
            OpenApiParameter("topic", str, required=True),
            OpenApiParameter("since", int, description="Only events with a greater id"),
            OpenApiParameter("type", str, description="Comma-separated event types"),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class NotificationListApi(generics.ListAPIView):
    serializer_class = NotificationOutput
    filter_backends: list = []

    def get_queryset(self):
        qs = notifications_of(user=self.request.user)
        if self.request.query_params.get("unread") in ("1", "true"):
            qs = qs.filter(read_at__isnull=True)
        return qs

    @extend_schema(
        tags=TAGS,
        summary="Your notifications, newest first",
        parameters=[OpenApiParameter("unread", bool, description="Only unread ones")],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class NotificationUnreadCountApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="How many unread notifications you have",
        responses={200: {"type": "object", "properties": {"unread": {"type": "integer"}}}},
    )
    def get(self, request):
        return Response({"unread": notifications_of(user=request.user).filter(read_at__isnull=True).count()})


class NotificationMarkReadApi(APIView):
    @extend_schema(
        tags=TAGS,
        request=MarkReadInput,
        summary="Mark notifications read (all when no ids are given)",
        responses={200: {"type": "object", "properties": {"marked": {"type": "integer"}}}},
    )
    def post(self, request):
        data = MarkReadInput(data=request.data)
        data.is_valid(raise_exception=True)
        marked = notifications_mark_read(user=request.user, ids=data.validated_data.get("ids"))
        return Response({"marked": marked})


class SubscriptionListApi(APIView):
    @extend_schema(tags=TAGS, responses=SubscriptionOutput(many=True), summary="Your standing subscriptions")
    def get(self, request):
        return Response(SubscriptionOutput(subscriptions_of(user=request.user), many=True).data)

    @extend_schema(
        tags=TAGS,
        request=SubscriptionInput,
        responses={201: SubscriptionOutput},
        summary="Be notified of a topic's events (e.g. pipeline:12 failures)",
    )
    def post(self, request):
        data = SubscriptionInput(data=request.data)
        data.is_valid(raise_exception=True)
        subscription = subscription_create(user=request.user, **data.validated_data)
        return Response(SubscriptionOutput(subscription).data, status=status.HTTP_201_CREATED)


class SubscriptionDetailApi(APIView):
    @extend_schema(tags=TAGS, responses={204: None}, summary="Stop a subscription")
    def delete(self, request, pk: int):
        subscription = get_object_or_404(subscriptions_of(user=request.user), pk=pk)
        subscription_delete(subscription=subscription, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
