"""Lineage API (docs/lineage.md): a column's lineage inside a pipeline, the dataset graph across the
pipelines you can see, and impact analysis."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from pipelines.api.common import BAD_REQUEST, INTERACTIVE_ERRORS, READ_ERRORS, parse
from pipelines.api.fields import StrictCharField
from pipelines.api.views_pipelines import visible_pipeline
from pipelines.lineage import DatasetNotFound, impact_for, lineage_for, pipeline_column_lineage

TAGS = ["lineage"]


class ColumnLineageQuery(serializers.Serializer):
    node = StrictCharField(max_length=63, help_text="Node key.")
    column = StrictCharField(max_length=1000, help_text="Column name on the node's output (a destination's input).")
    port = StrictCharField(max_length=63, required=False, help_text="Output port (default: the first with the column).")


class ColumnRefOutput(serializers.Serializer):
    node = serializers.CharField()
    port = serializers.CharField()
    column = serializers.CharField()
    distance = serializers.IntegerField(required=False, help_text="Links away from the column asked about.")


class ColumnLinkOutput(serializers.Serializer):
    from_ = ColumnRefOutput()
    to = ColumnRefOutput()

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class ColumnLineageOutput(serializers.Serializer):
    node = serializers.CharField()
    port = serializers.CharField()
    column = serializers.CharField()
    upstream = ColumnRefOutput(many=True, help_text="Columns it comes from, nearest first.")
    downstream = ColumnRefOutput(many=True, help_text="Columns it feeds, nearest first.")
    edges = ColumnLinkOutput(many=True, help_text="Links between them, upstream to downstream.")
    consumers = serializers.ListField(child=serializers.CharField(), help_text="Nodes receiving a downstream column.")


class LineagePipelineOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    version = serializers.IntegerField(help_text="The current version the graph was read from.")
    url = serializers.CharField()


class DatasetOutput(serializers.Serializer):
    id = serializers.CharField(help_text="kind:name, e.g. file:demo/sales.csv or table:warehouse/main.orders.")
    kind = serializers.ChoiceField(choices=["file", "table", "api"])
    name = serializers.CharField()


class LineageEdgeOutput(serializers.Serializer):
    pipeline = serializers.IntegerField()
    node = serializers.CharField()
    dataset = serializers.CharField()
    direction = serializers.ChoiceField(choices=["reads", "writes"])
    via = serializers.CharField(required=False, help_text="A glob or directory the source reads that covers it.")


class LineageGraphOutput(serializers.Serializer):
    pipelines = LineagePipelineOutput(many=True)
    datasets = DatasetOutput(many=True)
    edges = LineageEdgeOutput(many=True)


class ImpactQuery(serializers.Serializer):
    dataset = StrictCharField(max_length=2000, help_text="A dataset id from GET /api/lineage/.")
    column = StrictCharField(max_length=1000, required=False, help_text="Only what this column feeds.")


class ImpactPipelineOutput(serializers.Serializer):
    pipeline = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.CharField()
    nodes = serializers.ListField(child=serializers.CharField(), help_text="Its nodes that read an affected dataset.")
    via = serializers.ListField(child=serializers.CharField(), help_text="The affected datasets it reads.")


class ImpactColumnOutput(serializers.Serializer):
    pipeline = serializers.IntegerField()
    node = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField(), help_text="Empty: the node receives one of them.")


class ImpactOutput(serializers.Serializer):
    dataset = serializers.CharField()
    column = serializers.CharField(allow_null=True)
    pipelines = ImpactPipelineOutput(many=True)
    datasets = serializers.ListField(child=serializers.CharField(), help_text="Datasets written downstream.")
    columns = ImpactColumnOutput(many=True, help_text="With column: the nodes and columns it feeds.")
    datasets_columns = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="With column: 'dataset column' written downstream."
    )
    truncated = serializers.BooleanField(help_text="More pipelines than one analysis validates were left out.")


class PipelineColumnLineageApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Where a column of the draft comes from and what it feeds",
        description="The draft is validated (in the interactive pool) and the validator's column lineage "
        "walked both ways from the column. A node or column the draft does not have is a 400.",
        parameters=[ColumnLineageQuery],
        responses={200: ColumnLineageOutput, 400: BAD_REQUEST, **READ_ERRORS, **INTERACTIVE_ERRORS},
    )
    def get(self, request, pk: int):
        pipeline = visible_pipeline(request, pk)
        query = parse(ColumnLineageQuery, request.query_params)
        try:
            result = pipeline_column_lineage(
                pipeline=pipeline, user=request.user, node=query["node"], column=query["column"], port=query.get("port")
            )
        except ValueError as exc:
            raise ValidationError({"column": [str(exc)]}) from exc
        return Response(ColumnLineageOutput(result).data)


class LineageGraphApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Which pipeline reads and writes which dataset",
        description="Built from the node configs of the current version of every pipeline you can see "
        "(sources and destinations: files, tables of connections, DuckDB tables, API URLs).",
        responses={200: LineageGraphOutput, 403: READ_ERRORS[403]},
    )
    def get(self, request):
        return Response(LineageGraphOutput(lineage_for(user=request.user)).data)


class LineageImpactApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="What breaks if a dataset (or a column of it) goes",
        description="The pipelines downstream of the dataset, following what they write; with column, the "
        "nodes and columns it feeds (each reading pipeline validated in the interactive pool, a bounded "
        "number). A dataset no pipeline you can see names is a 404.",
        parameters=[ImpactQuery],
        responses={200: ImpactOutput, 400: BAD_REQUEST, **READ_ERRORS, **INTERACTIVE_ERRORS},
    )
    def get(self, request):
        query = parse(ImpactQuery, request.query_params)
        try:
            result = impact_for(user=request.user, dataset=query["dataset"], column=query.get("column") or None)
        except DatasetNotFound as exc:
            raise NotFound(str(exc)) from exc
        return Response(ImpactOutput(result).data)


lineage_urlpatterns = [
    path("pipelines/<id:pk>/lineage/", PipelineColumnLineageApi.as_view(), name="pipeline-lineage"),
    path("lineage/", LineageGraphApi.as_view(), name="lineage"),
    path("lineage/impact/", LineageImpactApi.as_view(), name="lineage-impact"),
]
