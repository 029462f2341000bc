"""Pipelines: list, create, read, update, delete; the draft graph; validation; export.

Thin views: parse with an Input serializer, call a service or selector, serialize.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from pipelines.api.common import BAD_REQUEST, INTERACTIVE_ERRORS, READ_ERRORS, WRITE_ERRORS, fake_view, parse
from pipelines.api.filters import PipelineFilter
from pipelines.api.permissions import IsEditorForWrites
from pipelines.api.renderers import YAMLRenderer
from pipelines.api.serializers import (
    ExportOutput,
    GraphInput,
    GraphSaveOutput,
    GraphSerializer,
    GraphValidateInput,
    PipelineDetailOutput,
    PipelineInput,
    PipelineOutput,
    ValidateInput,
    ValidationOutput,
)
from pipelines.models import Pipeline
from pipelines.selectors import pipeline_export, pipeline_graph, pipelines_for_list
from pipelines.services import (
    pipeline_create,
    pipeline_delete,
    pipeline_graph_set,
    pipeline_update,
    pipeline_validate,
    pipeline_validate_json,
)
from pipelines.validation.memory import no_cycle_collection

TAGS = ["pipelines"]


def visible_pipeline(request, pk: int) -> Pipeline:
    """The pipeline ``pk`` if the user may see it, else 404 (never 403: existence is not disclosed)."""
    return get_object_or_404(pipelines_for_list(user=request.user), pk=pk)


class PipelineListApi(generics.ListAPIView):
    permission_classes = [IsEditorForWrites]
    filterset_class = PipelineFilter
    search_fields = ["name", "slug", "description"]
    ordering_fields = ["name", "updated_at", "created_at"]
    ordering = ["name", "id"]

    def get_serializer_class(self):
        return PipelineInput if self.request is not None and self.request.method == "POST" else PipelineOutput

    def get_queryset(self):
        if fake_view(self):
            return Pipeline.objects.none()
        return pipelines_for_list(user=self.request.user)

    @extend_schema(
        tags=TAGS,
        summary="Pipelines visible to you",
        description="Paginated. Filter by tag (every given tag), owner (username or id) and status; "
        "search name, slug and description; order by name, updated_at or created_at (prefix '-' to reverse).",
        parameters=[
            OpenApiParameter(
                "tag",
                OpenApiTypes.STR,
                many=True,
                explode=True,
                description="Tag name; repeat (?tag=a&tag=b) or comma-separate (?tag=a,b). Pipelines with all of them.",
            ),
        ],
        responses={200: PipelineOutput(many=True), 400: BAD_REQUEST},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Create a pipeline",
        description="Needs the editor role. The graph is optional and may be a work in progress: "
        "only its shape (keys, edges between existing nodes, size) is checked here.",
        request=PipelineInput,
        responses={201: PipelineDetailOutput, **WRITE_ERRORS},
    )
    def post(self, request, *args, **kwargs):
        data = parse(PipelineInput, request.data)
        pipeline = pipeline_create(user=request.user, **data)
        return Response(PipelineDetailOutput(pipeline).data, status=status.HTTP_201_CREATED)


class PipelineDetailApi(APIView):
    permission_classes = [IsEditorForWrites]

    @extend_schema(
        tags=TAGS,
        summary="A pipeline with its draft graph",
        responses={200: PipelineDetailOutput, **READ_ERRORS},
    )
    def get(self, request, pk: int):
        return Response(PipelineDetailOutput(visible_pipeline(request, pk)).data)

    def _update(self, request, pk: int, *, partial: bool) -> Response:
        pipeline = visible_pipeline(request, pk)
        data = parse(PipelineInput, request.data, partial=partial)
        graph = data.pop("graph", None)
        with transaction.atomic():
            pipeline = pipeline_update(pipeline=pipeline, user=request.user, **data)
            if graph is not None:
                pipeline_graph_set(pipeline=pipeline, user=request.user, graph=graph)
        return Response(PipelineDetailOutput(visible_pipeline(request, pk)).data)

    @extend_schema(
        tags=TAGS,
        summary="Update a pipeline",
        description="Needs the editor role. Fields not given keep their value; a given graph replaces the draft.",
        request=PipelineInput,
        responses={200: PipelineDetailOutput, **WRITE_ERRORS},
    )
    def put(self, request, pk: int):
        return self._update(request, pk, partial=False)

    @extend_schema(
        tags=TAGS,
        summary="Change some fields of a pipeline",
        request=PipelineInput,
        responses={200: PipelineDetailOutput, **WRITE_ERRORS},
    )
    def patch(self, request, pk: int):
        return self._update(request, pk, partial=True)

    @extend_schema(
        tags=TAGS,
        summary="Delete a pipeline with its versions and history",
        responses={204: None, **WRITE_ERRORS},
    )
    def delete(self, request, pk: int):
        pipeline_delete(pipeline=visible_pipeline(request, pk), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PipelineGraphApi(APIView):
    permission_classes = [IsEditorForWrites]

    @extend_schema(tags=TAGS, summary="The draft graph", responses={200: GraphSerializer, **READ_ERRORS})
    def get(self, request, pk: int):
        pipeline = visible_pipeline(request, pk)
        return Response(GraphSerializer(pipeline_graph(pipeline=pipeline).to_dict()).data)

    @extend_schema(
        tags=TAGS,
        summary="Replace the whole draft graph",
        description="One atomic request; nodes keep their identity when their key stays. A draft with "
        "validation problems still saves (200) and the response lists the problems. A malformed document "
        "(bad types, duplicate keys, edges to unknown nodes, too many nodes) is a 400 naming the field.",
        request=GraphInput,
        responses={200: GraphSaveOutput, **WRITE_ERRORS, **INTERACTIVE_ERRORS},
    )
    def put(self, request, pk: int):
        pipeline = visible_pipeline(request, pk)
        graph = parse(GraphInput, request.data)["graph"]
        pipeline_graph_set(pipeline=pipeline, user=request.user, graph=graph)
        result = pipeline_validate(graph=graph, user=request.user, pipeline=pipeline)
        return Response(GraphSaveOutput({**graph.to_dict(), "validation": result.to_dict()}).data)


class PipelineValidateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Validate the stored draft, or a graph given in the body",
        description="Writes nothing. An invalid graph is a 200 with valid=false and every problem; "
        "a malformed body is a 400.",
        request=ValidateInput,
        responses={200: ValidationOutput, **WRITE_ERRORS, **INTERACTIVE_ERRORS},
    )
    def post(self, request, pk: int):
        pipeline = visible_pipeline(request, pk)
        # A 2,000-node document (see pipelines.validation.memory): paused until the parsed graph is freed,
        # the collector's next pass would otherwise walk all of it (and whatever survived that, again later).
        with no_cycle_collection():
            data = parse(ValidateInput, request.data)
            graph = data.get("graph") or pipeline_graph(pipeline=pipeline)
            body = pipeline_validate_json(graph=graph, user=request.user, pipeline=pipeline)
            del data, graph
        return validation_response(body)


class GraphValidateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Validate a graph without a pipeline",
        request=GraphValidateInput,
        responses={200: ValidationOutput, 400: BAD_REQUEST, **INTERACTIVE_ERRORS},
    )
    def post(self, request):
        with no_cycle_collection():  # as PipelineValidateApi's
            graph = parse(GraphValidateInput, request.data)["graph"]
            body = pipeline_validate_json(graph=graph, user=request.user)
            del graph
        return validation_response(body)


def validation_response(body: bytes) -> HttpResponse:
    """A validation's answer (``ValidationOutput``'s shape) as the interactive child encoded it: the
    builder validates a 2,000-node graph after each edit, whose answer is megabytes that DRF would
    decode, walk field by field and encode again (docs/benchmarks.md, bench/validate.py)."""
    return HttpResponse(body, content_type="application/json")


class PipelineExportApi(APIView):
    renderer_classes = [JSONRenderer, YAMLRenderer, BrowsableAPIRenderer]

    @extend_schema(
        tags=TAGS,
        summary="Export the pipeline as a portable document",
        description="Graph, schedule, params and tags; never secrets (connections are referenced by slug). "
        "JSON by default, YAML with ?format=yaml or Accept: application/yaml.",
        parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "yaml"], description="Output format.")],
        responses={
            (200, "application/json"): ExportOutput,
            # The same document either way: YAML is another spelling of it, not a string.
            (200, "application/yaml"): OpenApiResponse(ExportOutput, description="The same document as YAML."),
            **READ_ERRORS,
        },
    )
    def get(self, request, pk: int):
        pipeline = visible_pipeline(request, pk)
        document = pipeline_export(pipeline=pipeline)
        extension = "yaml" if request.accepted_renderer.format == "yaml" else "json"
        return Response(document, headers={"Content-Disposition": f'inline; filename="{pipeline.slug}.{extension}"'})
