"""Profiles API (docs/profiling.md): a step's output, the destinations' kept profiles of a run with the
comparison to the previous successful run, and a port of a dry run. Thin: parse, service, serialize."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from executions.api.permissions import IsEditor
from executions.selectors import executions_for_list
from executions.services.profiles import destination_profiles, dry_run_profile, step_profile
from pipelines.api.common import BAD_REQUEST, INTERACTIVE_ERRORS, READ_ERRORS, parse
from pipelines.api.fields import StrictCharField
from pipelines.api.serializers_profile import DestinationProfileOutput, StepProfileOutput
from pipelines.graph import parse_graph_document
from pipelines.selectors import pipeline_graph, pipelines_visible_to

TAGS = ["executions"]


class DryRunProfileInput(serializers.Serializer):
    node = StrictCharField(max_length=63, help_text="The node whose port to profile.")
    port = StrictCharField(max_length=63, required=False, help_text="Output port (default: first; destinations: in).")
    graph = serializers.JSONField(required=False, help_text="A graph to try instead of the saved draft.")
    sample_rows = serializers.IntegerField(required=False, default=1000, min_value=1, max_value=10_000)


class StepProfileApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Profile of a step's output",
        description="Per column: type, nulls, distinct values, min/max/mean/std/quantiles, top values and a "
        "histogram of the output port (a destination's: its input), read from the step's artifact or "
        "recomputed from its fused chain's input, in the interactive pool, on at most SLUICE_PROFILE_ROWS "
        "rows (sampled above, and said so). Only succeeded steps; another user's run is a 404.",
        parameters=[OpenApiParameter("port", str, description="Output port (default: the first)")],
        responses={200: StepProfileOutput, 400: BAD_REQUEST, **READ_ERRORS, **INTERACTIVE_ERRORS},
    )
    def get(self, request, pk: int, node_key: str):
        execution = get_object_or_404(executions_for_list(user=request.user), pk=pk)
        result = step_profile(execution=execution, node_key=node_key, port=request.query_params.get("port"))
        return Response(StepProfileOutput(result).data)


class ExecutionProfilesApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Profiles of what the run's destinations received, compared with the previous successful run",
        description="Kept by the worker after each destination step (bounded in rows and time). comparison: "
        "columns added, removed and retyped, and per column the change of null rate and distinct count and "
        "the shift of the mean; null when no earlier successful run kept a profile of the node.",
        responses={200: DestinationProfileOutput(many=True), **READ_ERRORS},
    )
    def get(self, request, pk: int):
        execution = get_object_or_404(executions_for_list(user=request.user), pk=pk)
        return Response(DestinationProfileOutput(destination_profiles(execution=execution), many=True).data)


class DryRunProfileApi(APIView):
    permission_classes = [IsEditor]

    @extend_schema(
        tags=TAGS,
        summary="Profile of a port of a dry run (the draft, or a graph in the body, on a sample)",
        description="Runs the node's upstream nodes on sample_rows rows per source, in the interactive pool, "
        "and profiles the port; writes nothing. Needs the editor role, as the dry run.",
        request=DryRunProfileInput,
        responses={200: StepProfileOutput, 400: BAD_REQUEST, **READ_ERRORS, **INTERACTIVE_ERRORS},
    )
    def post(self, request, pk: int):
        pipeline = get_object_or_404(pipelines_visible_to(user=request.user), pk=pk)
        data = parse(DryRunProfileInput, request.data)
        graph = (
            parse_graph_document(data["graph"], field_prefix="graph.")
            if "graph" in data
            else pipeline_graph(pipeline=pipeline)
        )
        result = dry_run_profile(
            graph=graph,
            user=request.user,
            node=data["node"],
            port=data.get("port"),
            sample_rows=data["sample_rows"],
            pipeline=pipeline,
        )
        return Response(StepProfileOutput(result).data)


profile_urlpatterns = [
    path("executions/<id:pk>/steps/<str:node_key>/profile/", StepProfileApi.as_view(), name="step-profile"),
    path("executions/<id:pk>/profiles/", ExecutionProfilesApi.as_view(), name="execution-profiles"),
    path("pipelines/<id:pk>/dry-run/profile/", DryRunProfileApi.as_view(), name="pipeline-dry-run-profile"),
]
