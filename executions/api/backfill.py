"""The backfill API: start (or dry-run) a backfill of a pipeline's schedule, list, follow and cancel."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ids import MAX_ID, is_digits
from executions.api.permissions import IsOperator
from executions.backfill_selectors import backfill_intervals_of, backfills_visible_to
from executions.models import Backfill, BackfillInterval
from executions.services.backfill import backfill_cancel, backfill_plan, backfill_start, parse_moment, plan_as_dict
from pipelines.api.fields import StrictCharField
from pipelines.selectors import pipelines_visible_to

TAGS = ["executions"]


class MomentField(StrictCharField):
    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        if len(text) > 40:
            raise serializers.ValidationError("At most 40 characters.")
        moment = parse_moment(text)
        if moment is None:
            raise serializers.ValidationError("A date (2026-11-01) or an ISO 8601 date-time.")
        if not 1970 <= moment.year <= 2100:
            raise serializers.ValidationError("A year from 1970 to 2100.")
        return moment


class BackfillInput(serializers.Serializer):
    start = MomentField(
        help_text="Start of the range (inclusive): a date or date-time, in the schedule's time zone "
        "unless it has an offset."
    )
    end = MomentField(help_text="End of the range (exclusive).")
    concurrency = serializers.IntegerField(
        required=False, default=1, min_value=1, help_text="Runs at once (at most SLUICE_BACKFILL_MAX_CONCURRENCY)."
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Only list the intervals that would run and those skipped."
    )


class BackfillOutput(serializers.ModelSerializer):
    pipeline_slug = serializers.CharField(source="pipeline.slug", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None, allow_null=True)
    progress = serializers.SerializerMethodField(help_text="Intervals by status, and the total.")

    class Meta:
        model = Backfill
        fields = [
            "id",
            "pipeline",
            "pipeline_slug",
            "status",
            "range_start",
            "range_end",
            "cron",
            "timezone",
            "concurrency",
            "created_by",
            "created_at",
            "finished_at",
            "progress",
        ]

    def get_progress(self, obj) -> dict[str, int]:
        names = ("total", "pending", "running", "succeeded", "failed", "cancelled", "skipped")
        return {name: getattr(obj, f"n_{name}", 0) for name in names}


class BackfillIntervalOutput(serializers.ModelSerializer):
    execution_status = serializers.CharField(source="execution.status", read_only=True, default=None, allow_null=True)

    class Meta:
        model = BackfillInterval
        fields = ["interval_start", "interval_end", "status", "execution", "execution_status", "error"]


class BackfillDetailOutput(BackfillOutput):
    intervals = serializers.SerializerMethodField()

    class Meta(BackfillOutput.Meta):
        fields = [*BackfillOutput.Meta.fields, "intervals"]

    @extend_schema_field(BackfillIntervalOutput(many=True))
    def get_intervals(self, obj) -> list[dict]:
        return BackfillIntervalOutput(backfill_intervals_of(backfill=obj), many=True).data


class BackfillPlanOutput(serializers.Serializer):
    to_run = serializers.ListField(child=serializers.DictField(), help_text="[{start, end}] in UTC, oldest first.")
    skipped = serializers.ListField(child=serializers.DictField(), help_text="Intervals with a successful run already.")


def _visible(request, pk):
    return get_object_or_404(backfills_visible_to(user=request.user), pk=pk)


class PipelineBackfillApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        tags=TAGS,
        request=BackfillInput,
        responses={201: BackfillDetailOutput, 200: BackfillPlanOutput},
        summary="Backfill the pipeline's schedule over a past range (or dry-run it)",
        description="Runs the cron intervals that start in [start, end) and have no successful run yet "
        "(runs carry `sluice_interval_start`/`sluice_interval_end` params), oldest first, `concurrency` at a "
        "time, on the backfill queue. `dry_run`: 200 with the intervals that would run and those skipped.",
    )
    def post(self, request, pk: int):
        pipeline = get_object_or_404(pipelines_visible_to(user=request.user), pk=pk)
        data = BackfillInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if v["dry_run"]:
            plan = backfill_plan(pipeline=pipeline, start=v["start"], end=v["end"])
            return Response(plan_as_dict(plan))
        backfill = backfill_start(
            pipeline=pipeline, user=request.user, start=v["start"], end=v["end"], concurrency=v["concurrency"]
        )
        backfill = backfills_visible_to(user=request.user).get(pk=backfill.pk)
        return Response(BackfillDetailOutput(backfill).data, status=status.HTTP_201_CREATED)


class BackfillListApi(generics.ListAPIView):
    serializer_class = BackfillOutput
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Backfill.objects.none()
        raw = self.request.query_params.get("pipeline")
        if raw is not None and (not is_digits(raw) or not 0 < int(raw) <= MAX_ID):
            raise ApiValidationError({"pipeline": ["A pipeline id."]})
        return backfills_visible_to(user=self.request.user, pipeline_id=int(raw) if raw else None)

    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("pipeline", int, description="Only this pipeline's backfills")],
        summary="Backfills, newest first, with their progress",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class BackfillDetailApi(APIView):
    @extend_schema(tags=TAGS, responses=BackfillDetailOutput, summary="A backfill with its intervals")
    def get(self, request, pk: int):
        return Response(BackfillDetailOutput(_visible(request, pk)).data)


class BackfillCancelApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        tags=TAGS,
        request=None,
        responses=BackfillDetailOutput,
        summary="Cancel a backfill: its pending intervals never start, its running runs are cancelled",
    )
    def post(self, request, pk: int):
        backfill_cancel(backfill=_visible(request, pk), by=request.user)
        return Response(BackfillDetailOutput(_visible(request, pk)).data)
