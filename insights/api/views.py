"""/api/insights/: the insights of the pipelines you may see, one with its history, dismiss and un-dismiss.
Reading needs the view right of the pipeline; dismissing needs the editor role (or above) too."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.ids import is_digits
from insights.api import serializers as io
from insights.models import Insight, InsightEvent
from insights.selectors import insights_filtered, insights_visible_to
from insights.services.store import insight_dismiss, insight_undismiss

TAGS = ["insights"]
WINDOWS = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30), "90d": timedelta(days=90)}
STATES = ("open", "dismissed", "closed", "all")


def _param(request, name: str, choices) -> str:
    value = request.query_params.get(name, "")
    if value and value not in choices:
        raise ValidationError({name: [f"One of {', '.join(choices)}."]})
    return value


def _pipeline(request) -> int | None:
    raw = request.query_params.get("pipeline")
    if raw in (None, ""):
        return None
    if not is_digits(raw) or not 1 <= int(raw) <= 2**63 - 1:  # ASCII digits only: int("²") fails
        raise ValidationError({"pipeline": ["pipeline must be a positive integer."]})
    return int(raw)


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="Insights of the pipelines you may see, newest first",
        description="Generated from run history and each pipeline's current graph (docs/insights.md): "
        "regressions, slowest and most failing nodes, growth forecasts and recommendations, each with its "
        "evidence. Paginated with page and page_size.",
        parameters=[
            OpenApiParameter("pipeline", OpenApiTypes.INT, description="Only this pipeline (its id)."),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=list(Insight.Kind.values), description="Only this kind."),
            OpenApiParameter(
                "state",
                OpenApiTypes.STR,
                enum=list(STATES),
                description="open (the default), dismissed, closed (no longer holds), or all.",
            ),
            OpenApiParameter(
                "window", OpenApiTypes.STR, enum=list(WINDOWS), description="Only insights seen in this window."
            ),
        ],
    ),
    retrieve=extend_schema(
        tags=TAGS,
        summary="An insight with its history",
        description="404 when its pipeline is not visible to you.",
        responses=io.InsightDetailOutput,
    ),
)
class InsightViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = io.InsightOutput
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Insight.objects.none()
        if self.action != "list":
            events = InsightEvent.objects.select_related("user").order_by("created_at", "id")
            return insights_visible_to(user=self.request.user).prefetch_related(Prefetch("events", queryset=events))
        window = _param(self.request, "window", WINDOWS)
        return insights_filtered(
            user=self.request.user,
            pipeline_id=_pipeline(self.request),
            kind=_param(self.request, "kind", Insight.Kind.values),
            state=_param(self.request, "state", STATES) or "open",
            since=timezone.now() - WINDOWS[window] if window else None,
        )

    def get_serializer_class(self):
        return io.InsightOutput if self.action == "list" else io.InsightDetailOutput

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        pages = reverse("insights:overview")
        return self.get_paginated_response([io.insight_row(i, pages=pages) for i in page])

    def _detail(self, insight: Insight) -> Response:
        return Response(io.InsightDetailOutput(self.get_queryset().get(pk=insight.pk)).data)

    @extend_schema(
        tags=TAGS,
        request=None,
        responses=io.InsightDetailOutput,
        summary="Dismiss an open insight",
        description="It stays dismissed while it holds; once it no longer holds it is closed, and if it comes "
        "back it reopens as open. Dismissing a dismissed insight changes nothing; 400 when it is closed; 403 "
        "without the editor role.",
    )
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        return self._detail(insight_dismiss(insight=self.get_object(), user=request.user))

    @extend_schema(
        tags=TAGS,
        request=None,
        responses=io.InsightDetailOutput,
        summary="Un-dismiss a dismissed insight (it is open again)",
        description="Un-dismissing an open insight changes nothing; 400 when it is closed; 403 without the editor "
        "role.",
    )
    @action(detail=True, methods=["post"])
    def undismiss(self, request, pk=None):
        return self._detail(insight_undismiss(insight=self.get_object(), user=request.user))
