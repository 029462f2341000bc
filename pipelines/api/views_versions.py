"""Pipeline versions (list, snapshot the draft, read, diff) and the node-type catalog."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from pipelines.api.common import (
    BAD_REQUEST,
    INTERACTIVE_ERRORS,
    NOT_FOUND,
    READ_ERRORS,
    WRITE_ERRORS,
    fake_view,
    parse,
)
from pipelines.api.permissions import IsEditorForWrites
from pipelines.api.serializers import (
    DiffOutput,
    VersionCreateInput,
    VersionCreateOutput,
    VersionDetailOutput,
    VersionDiffQuery,
    VersionOutput,
)
from pipelines.api.serializers_resources import NodeTypeOutput, NodeTypeQuery
from pipelines.api.views_pipelines import visible_pipeline
from pipelines.models import PipelineVersion
from pipelines.nodes import registry
from pipelines.selectors import version_diff, versions_of
from pipelines.services import pipeline_version_create

TAGS = ["versions"]


def _version(pipeline, number: int) -> PipelineVersion:
    version = versions_of(pipeline=pipeline).filter(number=number).first()
    if version is None:
        raise NotFound(f"Version {number} of pipeline {pipeline.slug!r} does not exist.")
    return version


class VersionListApi(generics.ListAPIView):
    permission_classes = [IsEditorForWrites]
    serializer_class = VersionOutput
    filter_backends: list = []

    def get_queryset(self):
        if fake_view(self):
            return PipelineVersion.objects.none()
        return versions_of(pipeline=visible_pipeline(self.request, self.kwargs["pk"]))

    @extend_schema(
        tags=TAGS,
        summary="Versions of a pipeline, newest first",
        responses={200: VersionOutput(many=True), **READ_ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Save the draft as a new version",
        description="Needs the editor role. The draft must be valid (400 listing the problems under 'graph'). "
        "An unchanged draft makes no new version: 200 with the latest one and created=false.",
        request=VersionCreateInput,
        responses={201: VersionCreateOutput, 200: VersionCreateOutput, **WRITE_ERRORS, **INTERACTIVE_ERRORS},
    )
    def post(self, request, pk: int):
        pipeline = visible_pipeline(request, pk)
        data = parse(VersionCreateInput, request.data)
        version, created = pipeline_version_create(pipeline=pipeline, user=request.user, message=data["message"])
        return Response(
            VersionCreateOutput(version, context={"created": created}).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class VersionDetailApi(APIView):
    @extend_schema(tags=TAGS, summary="A version with its graph", responses={200: VersionDetailOutput, **READ_ERRORS})
    def get(self, request, pk: int, number: int):
        pipeline = visible_pipeline(request, pk)
        return Response(VersionDetailOutput(_version(pipeline, number)).data)


class VersionDiffApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="What changed between two versions",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.INT, required=True, description="Older version number."),
            OpenApiParameter("to", OpenApiTypes.INT, required=True, description="Newer version number."),
        ],
        responses={200: DiffOutput, 400: BAD_REQUEST, **READ_ERRORS},
    )
    def get(self, request, pk: int):
        pipeline = visible_pipeline(request, pk)
        query = parse(VersionDiffQuery, request.query_params)
        old, new = _version(pipeline, query["from"]), _version(pipeline, query["to"])
        return Response(DiffOutput(version_diff(old=old, new=new)).data)


class NodeTypeListApi(APIView):
    @extend_schema(
        tags=["node types"],
        summary="Every registered node type",
        description="Ports, JSON Schema of the config, docs and an example; the builder's palette.",
        parameters=[NodeTypeQuery],
        responses={200: NodeTypeOutput(many=True), 400: BAD_REQUEST},
    )
    def get(self, request):
        family = parse(NodeTypeQuery, request.query_params).get("family") or None
        described = [t.describe() for t in registry.all_types() if family is None or t.family == family]
        return Response(NodeTypeOutput(described, many=True).data)


class NodeTypeDetailApi(APIView):
    @extend_schema(
        tags=["node types"],
        summary="One node type",
        parameters=[OpenApiParameter("key", OpenApiTypes.STR, OpenApiParameter.PATH, description="e.g. source.file")],
        responses={200: NodeTypeOutput, 404: NOT_FOUND},
    )
    def get(self, request, key: str):
        node_type = registry.get(key)
        if node_type is None:
            raise NotFound(f"No node type {key!r}.")
        return Response(NodeTypeOutput(node_type.describe()).data)
