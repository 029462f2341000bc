"""Serializers of graphs, validation results, pipelines and versions.

Input serializers parse and check shape; the graph itself is parsed by
``pipelines.graph.parse_graph_document`` so the API, import and templates agree
on what a graph document is, with errors keyed by dotted paths
(``nodes.3.key``, ``edges.0.target``). Output serializers describe responses.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pipelines.api.fields import (
    StorableJSON,
    StrictCharField,
    StrictChoiceField,
    StrictSlugField,
    check_storable,
    surely_storable,
)
from pipelines.graph import Graph, parse_graph_document
from pipelines.models import Pipeline, PipelineVersion
from pipelines.selectors import pipeline_graph

# --- Graph documents --------------------------------------------------------------------------


class PositionSerializer(serializers.Serializer):
    x = serializers.FloatField(help_text="Canvas x coordinate.")
    y = serializers.FloatField(help_text="Canvas y coordinate.")


class NodeSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable id of the node within the pipeline, e.g. filter_1.")
    type = serializers.CharField(help_text="Node type key, e.g. transform.filter (see /api/node-types/).")
    label = serializers.CharField(required=False, allow_blank=True, help_text="Label shown on the canvas.")
    config = serializers.DictField(required=False, help_text="Configuration, checked by the node type's schema.")
    position = PositionSerializer(required=False)


class EdgeSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="Key of the upstream node.")
    source_port = serializers.CharField(required=False, default="out", help_text="Output port of the source.")
    target = serializers.CharField(help_text="Key of the downstream node.")
    target_port = serializers.CharField(required=False, default="in", help_text="Input port of the target.")


class GroupSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable id of the group within the pipeline.")
    label = serializers.CharField(required=False, allow_blank=True, help_text="Name shown on the canvas.")
    nodes = serializers.ListField(child=serializers.CharField(), help_text="Keys of its nodes (one group per node).")
    collapsed = serializers.BooleanField(required=False, default=False, help_text="Drawn as one summary box.")


class GraphSerializer(serializers.Serializer):
    nodes = NodeSerializer(many=True)
    edges = EdgeSerializer(many=True)
    groups = GroupSerializer(
        many=True,
        required=False,
        help_text="Canvas groups of nodes (the builder's Group): purely visual, never part of execution or "
        "of the version's content hash. Absent when there are none.",
    )


def parse_graph(document: Any, *, prefix: str = "", storable: bool = False) -> Graph:
    """A Graph from a request document; DRF/Django ValidationErrors keyed by dotted field paths.
    ``storable``: the document was found storable already (``GraphDocumentField.storable``)."""
    if not storable:
        check_storable(document, prefix=prefix)
    return parse_graph_document(document, field_prefix=prefix)


@extend_schema_field(GraphSerializer)
class GraphDocumentField(serializers.JSONField):
    """A graph document (``{nodes, edges}``); parsed by the serializer's ``validate``.

    A document of plain JSON that PostgreSQL can store (``fields.surely_storable``) is taken as it is and
    kept as ``storable``: DRF's JSONField would encode it whole only to learn that it can be (megabytes
    at 2,000 nodes, bench/validate.py), and ``parse_graph`` need not check it again. Anything else goes
    through DRF's check and then ``check_storable``, as before."""

    storable: Any = None  # the value taken as storable (each serializer has its own copy of its fields)

    def to_internal_value(self, data):
        if surely_storable(data):
            self.storable = data
            return data
        return super().to_internal_value(data)


class GraphInput(GraphSerializer):
    """The whole request body is a graph document; ``validated_data["graph"]`` is a Graph."""

    def to_internal_value(self, data):
        return {"document": data}

    def validate(self, attrs):
        return {"graph": parse_graph(attrs["document"])}


class ValidateInput(serializers.Serializer):
    graph = GraphDocumentField(required=False, help_text="A graph to validate instead of the pipeline's stored draft.")

    def validate(self, attrs):
        if "graph" in attrs:
            storable = attrs["graph"] is self.fields["graph"].storable
            attrs["graph"] = parse_graph(attrs["graph"], prefix="graph.", storable=storable)
        return attrs


class GraphValidateInput(ValidateInput):
    graph = GraphDocumentField(help_text="The graph to validate.")


# --- Validation results -----------------------------------------------------------------------


class ProblemOutput(serializers.Serializer):
    node = serializers.CharField(allow_null=True, help_text="Key of the node concerned, if any.")
    field = serializers.CharField(allow_null=True, help_text="Dotted path of the field concerned, if any.")
    code = serializers.CharField(help_text="Machine-readable kind: unknown_type, cycle, missing_input...")
    message = serializers.CharField()


class ValidationOutput(serializers.Serializer):
    valid = serializers.BooleanField()
    problems = ProblemOutput(many=True)
    warnings = ProblemOutput(
        many=True,
        required=False,
        help_text="Not problems: nodes that hold their input in memory and so cannot stream "
        "(code not_streaming, e.g. 'order: sort holds the whole input in memory').",
    )
    schemas = serializers.DictField(
        child=serializers.DictField(child=serializers.DictField(child=serializers.CharField())),
        help_text="Node key -> port -> column -> dtype ('in:<port>' keys hold input schemas).",
    )
    lineage = serializers.DictField(
        child=serializers.DictField(),
        help_text="Node key -> output port -> column -> [{node, port, column}] it comes from.",
    )
    order = serializers.ListField(child=serializers.CharField(), help_text="Node keys in execution order.")


class GraphSaveOutput(GraphSerializer):
    validation = ValidationOutput(help_text="Problems of the saved draft (a draft with problems still saves).")


# --- Pipelines --------------------------------------------------------------------------------


class PipelineInput(serializers.Serializer):
    name = StrictCharField(max_length=200)
    slug = StrictSlugField(max_length=100, required=False, help_text="Unique; made from the name when omitted.")
    description = StrictCharField(required=False, allow_blank=True)
    tags = serializers.ListField(
        child=StrictCharField(max_length=50),
        required=False,
        max_length=100,
        help_text="Tag names: lowercase letters, digits, '-' and '_'.",
    )
    status = StrictChoiceField(choices=Pipeline.Status.choices, required=False)
    schedule_cron = StrictCharField(
        max_length=120, required=False, allow_blank=True, help_text="5-field cron expression; empty for none."
    )
    schedule_timezone = StrictCharField(max_length=64, required=False, help_text="IANA time zone, e.g. Europe/Paris.")
    schedule_enabled = serializers.BooleanField(required=False)
    default_params = serializers.DictField(required=False, validators=[StorableJSON()])
    concurrency_limit = serializers.IntegerField(min_value=1, max_value=100, required=False)
    priority = serializers.IntegerField(min_value=0, max_value=9, required=False)
    backend = StrictChoiceField(
        choices=Pipeline.Backend.choices,
        required=False,
        help_text="Where runs compute: polars (default, the workers), sql (the graph compiled to SQL and run in "
        "the database its sources and destinations share, or an embedded DuckDB for files) or spark (compiled for "
        "the Spark connection the parameter sluice_spark_connection names; see docs/backends.md). "
        "Validation then says which nodes cannot compile.",
    )
    graph = GraphDocumentField(required=False, help_text="The draft graph (replaces the whole draft).")

    def validate(self, attrs):
        if "graph" in attrs:
            storable = attrs["graph"] is self.fields["graph"].storable
            attrs["graph"] = parse_graph(attrs["graph"], prefix="graph.", storable=storable)
        return attrs


class PipelineOutput(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username", read_only=True)
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    current_version = serializers.IntegerField(
        source="current_version.number",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Number of the latest version, null before the first.",
    )

    class Meta:
        model = Pipeline
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "owner",
            "tags",
            "status",
            "schedule_cron",
            "schedule_timezone",
            "schedule_enabled",
            "default_params",
            "concurrency_limit",
            "priority",
            "backend",
            "current_version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PipelineDetailOutput(PipelineOutput):
    graph = serializers.SerializerMethodField(help_text="The draft graph.")

    class Meta(PipelineOutput.Meta):
        fields = [*PipelineOutput.Meta.fields, "graph"]
        read_only_fields = fields

    @extend_schema_field(GraphSerializer)
    def get_graph(self, pipeline: Pipeline) -> dict[str, Any]:
        return pipeline_graph(pipeline=pipeline).to_dict()


class ScheduleOutput(serializers.Serializer):
    cron = serializers.CharField()
    timezone = serializers.CharField()
    enabled = serializers.BooleanField()


class ExportMetadataOutput(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    description = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())


class ExportSpecOutput(serializers.Serializer):
    status = serializers.CharField()
    schedule = ScheduleOutput()
    params = serializers.DictField()
    concurrency_limit = serializers.IntegerField()
    priority = serializers.IntegerField()
    graph = GraphSerializer()


class ExportOutput(serializers.Serializer):
    """The portable document made by export and read by import (docs/documents.md; its JSON Schema is
    /api/schema/pipeline-document.json)."""

    apiVersion = serializers.CharField(help_text="Document format: sluice.dev/v1.")
    kind = serializers.CharField(help_text="Pipeline.")
    metadata = ExportMetadataOutput()
    spec = ExportSpecOutput()


# --- Versions ---------------------------------------------------------------------------------


class VersionCreateInput(serializers.Serializer):
    message = StrictCharField(max_length=500, required=False, allow_blank=True, default="")


class VersionOutput(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True, allow_null=True, default=None)

    class Meta:
        model = PipelineVersion
        fields = ["number", "message", "content_hash", "created_by", "created_at"]
        read_only_fields = fields


class VersionDetailOutput(VersionOutput):
    graph = GraphDocumentField(read_only=True)

    class Meta(VersionOutput.Meta):
        fields = [*VersionOutput.Meta.fields, "graph"]
        read_only_fields = fields


class VersionCreateOutput(VersionDetailOutput):
    created = serializers.SerializerMethodField(help_text="False when the draft equals the latest version.")

    class Meta(VersionDetailOutput.Meta):
        fields = [*VersionDetailOutput.Meta.fields, "created"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_created(self, version: PipelineVersion) -> bool:
        return bool(self.context.get("created"))


class VersionDiffQuery(serializers.Serializer):
    """Query parameters ``from`` and ``to`` (``from`` is a Python keyword, hence get_fields)."""

    def get_fields(self):
        return {
            "from": serializers.IntegerField(min_value=1, help_text="Older version number."),
            "to": serializers.IntegerField(min_value=1, help_text="Newer version number."),
        }


class NodeChangeOutput(serializers.Serializer):
    key = serializers.CharField()
    changes = serializers.DictField(help_text="Changed type/label/position ({from, to}) and config keys.")


class DiffOutput(serializers.Serializer):
    from_version = serializers.IntegerField()
    to_version = serializers.IntegerField()
    nodes_added = NodeSerializer(many=True)
    nodes_removed = NodeSerializer(many=True)
    nodes_changed = NodeChangeOutput(many=True)
    edges_added = EdgeSerializer(many=True)
    edges_removed = EdgeSerializer(many=True)
