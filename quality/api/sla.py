"""/api/quality/pipelines/{id}/sla/ (a pipeline's duration SLA: read by whoever sees the pipeline, set and
removed by its editors) and /api/quality/sla-breaches/ (runs that went past it). docs/quality.md, "SLA"."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ids import is_digits
from pipelines import roles
from pipelines.api.common import NOT_FOUND
from pipelines.selectors import pipelines_visible_to
from quality.models import DurationSLA, SLABreach
from quality.services.sla import SLA_MAX_SECONDS, sla_delete, sla_set

TAGS = ["quality"]


class SLAOutput(serializers.ModelSerializer):
    pipeline = serializers.IntegerField(source="pipeline_id", read_only=True)
    max_seconds = serializers.IntegerField(read_only=True, allow_null=True, help_text="null: the pipeline has no SLA.")
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = DurationSLA
        fields = ["pipeline", "max_seconds", "enabled", "updated_at"]


class SLAInput(serializers.Serializer):
    max_seconds = serializers.IntegerField(
        min_value=1,
        max_value=SLA_MAX_SECONDS,
        help_text="A run still going after this many seconds breaches the SLA (announced once, while it runs).",
    )
    enabled = serializers.BooleanField(default=True, help_text="Off: kept, but not checked.")


class SLABreachOutput(serializers.ModelSerializer):
    pipeline = serializers.IntegerField(source="pipeline_id", read_only=True)
    pipeline_slug = serializers.CharField(source="pipeline.slug", read_only=True)
    execution = serializers.IntegerField(source="execution_id", read_only=True)

    class Meta:
        model = SLABreach
        fields = ["id", "pipeline", "pipeline_slug", "execution", "sla_seconds", "elapsed_seconds", "detected_at"]


def _pipeline(request, pk: int, *, change: bool):
    pipeline = get_object_or_404(pipelines_visible_to(user=request.user), pk=pk)
    if change and not roles.has_role(request.user, roles.EDITOR):
        raise PermissionDenied("Setting a pipeline's SLA needs the editor role.")
    return pipeline


class PipelineSLAApi(APIView):
    @extend_schema(
        tags=TAGS,
        responses={200: SLAOutput, 404: NOT_FOUND},
        summary="A pipeline's duration SLA",
        description="`max_seconds` null when the pipeline has none; 404 when the pipeline is not visible to you.",
    )
    def get(self, request, pk: int):
        pipeline = _pipeline(request, pk, change=False)
        sla = DurationSLA.objects.filter(pipeline=pipeline).first()
        if sla is None:
            sla = DurationSLA(pipeline_id=pipeline.pk, max_seconds=None, enabled=False, updated_at=None)
        return Response(SLAOutput(sla).data)

    @extend_schema(
        tags=TAGS,
        request=SLAInput,
        responses={200: SLAOutput, 404: NOT_FOUND},
        summary="Set a pipeline's duration SLA",
        description="Runs of the pipeline still going after `max_seconds` raise `quality.sla_breached` (an event, "
        "and notifications to the owner and subscribers) once per run, while they run. Needs the editor role.",
    )
    def put(self, request, pk: int):
        pipeline = _pipeline(request, pk, change=True)
        data = SLAInput(data=request.data)
        data.is_valid(raise_exception=True)
        sla = sla_set(pipeline=pipeline, **data.validated_data)
        return Response(SLAOutput(sla).data)

    @extend_schema(
        tags=TAGS,
        responses={204: None, 404: NOT_FOUND},
        summary="Remove a pipeline's duration SLA",
        description="Idempotent: 204 whether it had one or not. Needs the editor role.",
    )
    def delete(self, request, pk: int):
        sla_delete(pipeline=_pipeline(request, pk, change=True))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SLABreachListApi(generics.ListAPIView):
    serializer_class = SLABreachOutput
    filter_backends: list = []

    def get_queryset(self):
        visible = pipelines_visible_to(user=self.request.user)
        breaches = SLABreach.objects.filter(pipeline__in=visible).select_related("pipeline")
        raw = self.request.query_params.get("pipeline", "")
        if raw:
            if not is_digits(raw) or not 1 <= int(raw) <= 2**63 - 1:
                raise serializers.ValidationError({"pipeline": ["pipeline must be a positive integer."]})
            breaches = breaches.filter(pipeline_id=int(raw))
        return breaches.order_by("-detected_at", "-id")

    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("pipeline", OpenApiTypes.INT, description="Only this pipeline (its id).")],
        summary="Runs that went past their pipeline's duration SLA, newest first",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
