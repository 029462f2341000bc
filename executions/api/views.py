"""Thin views: parse → service/selector → serialize."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ids import is_digits
from core.rendering import model_data
from executions.api.filters import ExecutionFilter
from executions.api.permissions import IsEditor, IsOperator
from executions.api.serializers import (
    DependencyInput,
    DependencyOutput,
    DryRunInput,
    ExecutionDetailOutput,
    ExecutionOutput,
    PreviewOutput,
    RunInput,
    StepLogOutput,
)
from executions.models import Execution, PipelineDependency
from executions.selectors import (
    dependencies_of,
    execution_logs,
    execution_with_steps,
    executions_active,
    executions_for_list,
)
from executions.services import execution_cancel, execution_rerun, execution_retry, execution_start
from executions.services.dependencies import dependency_create, dependency_delete
from executions.services.dryrun import pipeline_dry_run
from executions.services.preview import step_preview
from executions.services.schedules import schedule_next_runs
from pipelines.api.common import INTERACTIVE_ERRORS
from pipelines.graph import parse_graph_document
from pipelines.models import PipelineVersion
from pipelines.selectors import pipeline_graph, pipelines_visible_to

TAGS = ["executions"]


def _visible_pipeline(request, pk):
    return get_object_or_404(pipelines_visible_to(user=request.user).select_related("current_version"), pk=pk)


class PipelineRunApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        tags=TAGS,
        request=RunInput,
        responses={202: ExecutionOutput, **INTERACTIVE_ERRORS},
        summary="Run the pipeline (its current version unless a version number is given)",
    )
    def post(self, request, pk: int):
        pipeline = _visible_pipeline(request, pk)
        data = RunInput(data=request.data)
        data.is_valid(raise_exception=True)
        version = None
        if "version" in data.validated_data:
            version = PipelineVersion.objects.filter(pipeline=pipeline, number=data.validated_data["version"]).first()
            if version is None:
                raise ApiValidationError({"version": ["No such version of this pipeline."]})
        execution = execution_start(
            pipeline=pipeline,
            user=request.user,
            params=data.validated_data["params"],
            version=version,
            trigger=Execution.Trigger.API,
            correlation_id=getattr(request, "request_id", ""),
            backend=data.validated_data.get("backend"),
        )
        return Response(ExecutionOutput(execution).data, status=status.HTTP_202_ACCEPTED)


class PipelineDryRunApi(APIView):
    permission_classes = [IsEditor]

    @extend_schema(
        tags=TAGS,
        request=DryRunInput,
        responses={200: OpenApiTypes.OBJECT, **INTERACTIVE_ERRORS},
        summary="Dry-run the draft (or a graph in the body) on a sample; writes nothing",
    )
    def post(self, request, pk: int):
        pipeline = _visible_pipeline(request, pk)
        data = DryRunInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        graph = (
            parse_graph_document(v["graph"], field_prefix="graph.")
            if "graph" in v
            else pipeline_graph(pipeline=pipeline)
        )
        result = pipeline_dry_run(
            graph=graph,
            user=request.user,
            sample_rows=v["sample_rows"],
            preview_rows=v["preview_rows"],
            inject=v["inject"],
            pipeline=pipeline,
        )
        return Response(result)


class _PlainList:
    # A list whose page is rendered without DRF's per-field walk (core/rendering.py, the same JSON): a page
    # of 50 executions (and, when active, their steps) was most of these endpoints' time while the workers
    # were busy (bench/load.py). A comment, not a docstring: drf-spectacular would take it as the views'
    # description in the OpenAPI schema.

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(model_data(self.get_serializer_class(), queryset))
        return self.get_paginated_response(model_data(self.get_serializer_class(), page))


class ExecutionListApi(_PlainList, generics.ListAPIView):
    serializer_class = ExecutionOutput
    filterset_class = ExecutionFilter
    ordering_fields = ["created_at", "started_at", "finished_at", "priority", "status"]
    ordering = ["-created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Execution.objects.none()
        return executions_for_list(user=self.request.user)

    @extend_schema(tags=TAGS, summary="Executions, newest first (filter by pipeline, status, trigger, dates)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ExecutionActiveApi(_PlainList, generics.ListAPIView):
    serializer_class = ExecutionDetailOutput
    filter_backends: list = []

    def get_queryset(self):
        return executions_active(user=self.request.user)

    @extend_schema(tags=TAGS, summary="Queued and running executions with their steps")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ExecutionDetailApi(generics.RetrieveAPIView):
    serializer_class = ExecutionDetailOutput

    def get_queryset(self):
        return execution_with_steps(user=self.request.user)

    @extend_schema(tags=TAGS, summary="An execution with every step's status, metrics and errors")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ExecutionLogsApi(generics.ListAPIView):
    serializer_class = StepLogOutput
    filter_backends: list = []

    def get_queryset(self):
        execution = get_object_or_404(executions_for_list(user=self.request.user), pk=self.kwargs["pk"])
        q = self.request.query_params
        return execution_logs(execution=execution, step=q.get("step"), level=q.get("level"), text=q.get("q"))

    @extend_schema(
        tags=TAGS,
        summary="Log lines of an execution",
        parameters=[
            OpenApiParameter("step", str, description="Only this node key"),
            OpenApiParameter("level", str, enum=["debug", "info", "warning", "error", "critical"]),
            OpenApiParameter("q", str, description="Text search in message and logger"),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class StepPreviewApi(APIView):
    @extend_schema(
        tags=TAGS,
        responses={200: PreviewOutput, **INTERACTIVE_ERRORS},
        summary="Rows of a step's output",
        parameters=[
            OpenApiParameter("limit", int, description="Rows to return (1-1000, default 50)"),
            OpenApiParameter("port", str, description="Output port (default: the first)"),
        ],
    )
    def get(self, request, pk: int, node_key: str):
        execution = get_object_or_404(executions_for_list(user=request.user), pk=pk)
        raw = request.query_params.get("limit", "50")
        if not is_digits(raw):
            raise ApiValidationError({"limit": ["A whole number between 1 and 1000."]})
        result = step_preview(
            execution=execution, node_key=node_key, limit=int(raw), port=request.query_params.get("port")
        )
        return Response(PreviewOutput(result).data)


class _ExecutionAction(APIView):
    permission_classes = [IsOperator]
    code = status.HTTP_202_ACCEPTED

    def post(self, request, pk: int):
        execution = get_object_or_404(executions_for_list(user=request.user), pk=pk)
        result = self.run(execution, request.user)
        return Response(ExecutionOutput(result).data, status=self.code)


class ExecutionCancelApi(_ExecutionAction):
    @extend_schema(
        tags=TAGS,
        request=None,
        responses={202: ExecutionOutput},
        summary="Cancel: waiting steps are cancelled, running ones stop, staged writes are dropped",
    )
    def post(self, request, pk: int):
        return super().post(request, pk)

    def run(self, execution, user):
        return execution_cancel(execution=execution, by=user)


class ExecutionRetryApi(_ExecutionAction):
    @extend_schema(
        tags=TAGS,
        request=None,
        responses={202: ExecutionOutput, **INTERACTIVE_ERRORS},
        summary="Retry from the failed steps, reusing the outputs of the steps that succeeded",
    )
    def post(self, request, pk: int):
        return super().post(request, pk)

    def run(self, execution, user):
        return execution_retry(execution=execution, user=user)


class ExecutionRerunApi(_ExecutionAction):
    @extend_schema(
        tags=TAGS,
        request=None,
        responses={202: ExecutionOutput, **INTERACTIVE_ERRORS},
        summary="Run the same version with the same parameters again, from the start",
    )
    def post(self, request, pk: int):
        return super().post(request, pk)

    def run(self, execution, user):
        return execution_rerun(execution=execution, user=user)


class PipelineDependenciesApi(APIView):
    permission_classes = [IsEditor]

    @extend_schema(
        tags=TAGS,
        responses=DependencyOutput(many=True),
        summary="Pipelines this one triggers and pipelines that trigger it",
    )
    def get(self, request, pk: int):
        pipeline = _visible_pipeline(request, pk)
        return Response(DependencyOutput(dependencies_of(pipeline=pipeline), many=True).data)

    @extend_schema(
        tags=TAGS,
        request=DependencyInput,
        responses={201: DependencyOutput},
        summary="Run another pipeline whenever this one succeeds (cycles are refused)",
    )
    def post(self, request, pk: int):
        pipeline = _visible_pipeline(request, pk)
        data = DependencyInput(data=request.data)
        data.is_valid(raise_exception=True)
        downstream = pipelines_visible_to(user=request.user).filter(pk=data.validated_data["downstream"]).first()
        if downstream is None:
            raise ApiValidationError({"downstream": ["No such pipeline."]})
        dependency = dependency_create(upstream=pipeline, downstream=downstream, user=request.user)
        return Response(DependencyOutput(dependency).data, status=status.HTTP_201_CREATED)


class DependencyDeleteApi(APIView):
    permission_classes = [IsEditor]

    @extend_schema(tags=TAGS, responses={204: None}, summary="Remove a pipeline dependency")
    def delete(self, request, pk: int):
        visible = pipelines_visible_to(user=request.user)
        dependency = get_object_or_404(PipelineDependency.objects.filter(upstream__in=visible), pk=pk)
        dependency_delete(dependency=dependency, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PipelineNextRunsApi(APIView):
    @extend_schema(
        tags=TAGS,
        responses={200: OpenApiTypes.OBJECT},
        parameters=[OpenApiParameter("count", int, description="How many (1-50, default 5)")],
        summary="The next fire times of the pipeline's cron schedule",
    )
    def get(self, request, pk: int):
        pipeline = _visible_pipeline(request, pk)
        raw = request.query_params.get("count", "5")
        if not is_digits(raw) or not 1 <= int(raw) <= 50:
            raise ApiValidationError({"count": ["A whole number between 1 and 50."]})
        runs = schedule_next_runs(pipeline=pipeline, count=int(raw))
        return Response(
            {
                "cron": pipeline.schedule_cron,
                "timezone": pipeline.schedule_timezone,
                "enabled": pipeline.schedule_enabled,
                "next_runs": [r.isoformat() for r in runs],
            }
        )
