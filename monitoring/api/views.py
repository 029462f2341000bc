"""Thin views over the monitoring selectors: parse the query → selector → serialize."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from executions.selectors import executions_visible_to
from monitoring import exports
from monitoring.api import serializers as out
from monitoring.selectors import (
    execution_timeline,
    executions_active_overview,
    monitoring_summary,
    parse_bucket,
    parse_window,
    pipeline_dependency_graph,
    pipeline_state,
    stage_history,
    stage_metrics,
)
from pipelines.selectors import pipelines_visible_to

TAGS = ["monitoring"]
WINDOW = OpenApiParameter(
    "window", OpenApiTypes.STR, description="How far back: a number and m, h or d (15m, 24h, 7d); at most 90d."
)
PIPELINE = OpenApiParameter("pipeline", OpenApiTypes.INT, description="Only this pipeline (its id).")
BUCKET = OpenApiParameter(
    "bucket", OpenApiTypes.STR, enum=["1m", "5m", "15m", "1h", "6h", "1d"], description="Bucket size (auto if empty)."
)
FORMAT = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=list(exports.FORMATS), description="csv (default), json, parquet."
)


def _int_param(request, name: str, *, default: int | None = None, low: int = 1, high: int = 2**63 - 1) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: [f"{name} must be an integer, not {raw[:20]!r}."]}) from None
    if not low <= value <= high:
        raise ValidationError({name: [f"{name} must be within {low} and {high}."]})
    return value


def _window(request, default: str = "24h"):
    return parse_window(request.query_params.get("window"), default=default)


def _visible_pipeline(request, pk: int):
    return get_object_or_404(pipelines_visible_to(user=request.user).select_related("current_version"), pk=pk)


class SummaryApi(APIView):
    @extend_schema(tags=TAGS, parameters=[WINDOW], responses=out.SummaryOutput, summary="Executions over a window")
    def get(self, request):
        return Response(out.SummaryOutput(monitoring_summary(user=request.user, window=_window(request))).data)


class ActiveApi(APIView):
    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("limit", OpenApiTypes.INT, description="At most this many (1-500, 100).")],
        responses=out.ActiveExecutionOutput(many=True),
        summary="Running and queued executions with per-step progress and ETA",
    )
    def get(self, request):
        limit = _int_param(request, "limit", default=100, high=500)
        active = executions_active_overview(user=request.user, limit=limit)
        return Response(out.plain_data(out.ActiveExecutionOutput, active, many=True))


class StagesApi(APIView):
    @extend_schema(
        tags=TAGS,
        parameters=[PIPELINE, WINDOW],
        responses=out.StagesOutput,
        summary="Stage metrics per pipeline and node",
    )
    def get(self, request):
        window = _window(request)
        stages = stage_metrics(user=request.user, window=window, pipeline_id=_int_param(request, "pipeline"))
        return Response(out.plain_data(out.StagesOutput, {**window.as_dict(), "stages": stages}))


class StageHistoryApi(APIView):
    @extend_schema(
        tags=TAGS, parameters=[WINDOW, BUCKET], responses=out.HistoryOutput, summary="Stage metrics of a node over time"
    )
    def get(self, request, pipeline_id: int, node_key: str):
        pipeline = _visible_pipeline(request, pipeline_id)
        window = _window(request)
        label, size = parse_bucket(request.query_params.get("bucket"), window=window)
        points = stage_history(
            user=request.user, pipeline_id=pipeline.pk, node_key=node_key, window=window, bucket_seconds=size
        )
        data = {
            **window.as_dict(),
            "pipeline_id": pipeline.pk,
            "node_key": node_key,
            "bucket": label,
            "bucket_seconds": size,
            "points": points,
        }
        return Response(out.plain_data(out.HistoryOutput, data))


class DependencyGraphApi(APIView):
    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("window", OpenApiTypes.STR, description="Window of the metrics (default 7d).")],
        responses=out.DependencyGraphOutput,
        summary="The pipeline's graph with latest status and metrics, and the pipelines it triggers or follows",
    )
    def get(self, request, pk: int):
        pipeline = _visible_pipeline(request, pk)
        data = pipeline_dependency_graph(user=request.user, pipeline=pipeline, window=_window(request, "7d"))
        return Response(out.DependencyGraphOutput(data).data)


class PipelineStateApi(APIView):
    @extend_schema(tags=TAGS, responses=out.PipelineStateOutput, summary="Last run, next runs, running now and health")
    def get(self, request, pk: int):
        return Response(out.PipelineStateOutput(pipeline_state(pipeline=_visible_pipeline(request, pk))).data)


class ExecutionTimelineApi(APIView):
    @extend_schema(tags=TAGS, responses=out.TimelineOutput, summary="Per-step timing and resources (Gantt)")
    def get(self, request, pk: int):
        execution = get_object_or_404(executions_visible_to(user=request.user), pk=pk)
        return Response(out.TimelineOutput(execution_timeline(execution=execution)).data)


class IgnoreFormatNegotiation(DefaultContentNegotiation):
    """Exports use ``?format=`` for the file format, not for DRF's renderer choice."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ExecutionExportApi(APIView):
    content_negotiation_class = IgnoreFormatNegotiation

    @extend_schema(
        tags=TAGS,
        parameters=[FORMAT, WINDOW, PIPELINE],
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
        summary="Execution history as CSV, JSON or Parquet (CSV and JSON stream)",
    )
    def get(self, request):
        fmt = exports.parse_format(request.query_params.get("format"))
        window = _window(request, "7d")
        pipeline_id = _int_param(request, "pipeline")
        return exports.execution_export_response(user=request.user, window=window, pipeline_id=pipeline_id, fmt=fmt)


class StageExportApi(APIView):
    content_negotiation_class = IgnoreFormatNegotiation

    @extend_schema(
        tags=TAGS,
        parameters=[FORMAT, WINDOW, PIPELINE],
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
        summary="Stage metrics as CSV, JSON or Parquet",
    )
    def get(self, request):
        fmt = exports.parse_format(request.query_params.get("format"))
        window = _window(request)
        rows = exports.stage_export_rows(user=request.user, window=window, pipeline_id=_int_param(request, "pipeline"))
        return exports.export_response(rows=rows, columns=exports.STAGE_COLUMNS, fmt=fmt, filename="stage-metrics")
