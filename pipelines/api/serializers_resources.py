"""Serializers of node types, templates and connections."""

from __future__ import annotations

from rest_framework import serializers

from pipelines.api.fields import StorableJSON, StrictCharField, StrictChoiceField, StrictSlugField
from pipelines.api.serializers import GraphDocumentField
from pipelines.models import Connection, PipelineTemplate
from pipelines.nodes.base import FAMILIES

# --- Node types -------------------------------------------------------------------------------


class InputPortOutput(serializers.Serializer):
    name = serializers.CharField()
    multiple = serializers.BooleanField(help_text="Takes several edges (e.g. union).")
    required = serializers.BooleanField(help_text="Must be connected.")
    description = serializers.CharField(allow_blank=True)


class OutputPortOutput(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)


class NodeTypeOutput(serializers.Serializer):
    key = serializers.CharField(help_text="Registry key, e.g. transform.filter.")
    family = serializers.ChoiceField(choices=FAMILIES)
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    icon = serializers.CharField(help_text="Bootstrap Icons name.")
    inputs = InputPortOutput(many=True)
    outputs = OutputPortOutput(many=True)
    dynamic_outputs = serializers.BooleanField(help_text="Output ports depend on the config.")
    config_schema = serializers.DictField(help_text="JSON Schema of the node's config (drives the form).")
    example = serializers.DictField(allow_null=True, help_text="A valid example config.")


class NodeTypeQuery(serializers.Serializer):
    family = StrictChoiceField(choices=FAMILIES, required=False, allow_blank=True, help_text="Only this family.")


# --- Templates --------------------------------------------------------------------------------


class TemplateInput(serializers.Serializer):
    name = StrictCharField(max_length=200)
    slug = StrictSlugField(max_length=100, required=False, help_text="Unique; made from the name when omitted.")
    category = StrictCharField(max_length=100, required=False, allow_blank=True)
    description = StrictCharField(required=False, allow_blank=True)
    graph = GraphDocumentField(
        validators=[StorableJSON()], help_text="A graph document; strings may hold {{ parameter }} placeholders."
    )
    parameters = serializers.DictField(
        required=False, validators=[StorableJSON()], help_text="JSON Schema (an object) of the parameters."
    )

    def validate(self, attrs):
        # A template is applied later, so it must hold a graph now: `{}` or `{"edges": []}` read as an
        # empty graph and was saved, although the documented shape requires the nodes list. (Its type
        # and contents are checked with the rest of the graph, keyed by dotted paths.)
        graph = attrs.get("graph")
        if isinstance(graph, dict) and "nodes" not in graph:
            raise serializers.ValidationError({"graph.nodes": ["This field is required."]})
        return attrs


class TemplateOutput(serializers.ModelSerializer):
    graph = GraphDocumentField(read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, allow_null=True, default=None)
    owner = serializers.CharField(
        source="owner.username",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Who may change or delete it (besides admins); null on built-in templates.",
    )
    builtin = serializers.BooleanField(read_only=True, help_text="Shipped with Sluice: read-only for everyone.")

    class Meta:
        model = PipelineTemplate
        fields = [
            "id",
            "name",
            "slug",
            "category",
            "description",
            "graph",
            "parameters",
            "owner",
            "builtin",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class TemplateApplyInput(serializers.Serializer):
    name = StrictCharField(max_length=200, help_text="Name of the new pipeline.")
    slug = StrictSlugField(max_length=100, required=False, help_text="Made from the name when omitted.")
    description = StrictCharField(required=False, allow_blank=True, help_text="Default: the template's.")
    parameters = serializers.DictField(
        required=False, default=dict, validators=[StorableJSON()], help_text="Values checked by the template schema."
    )


# --- Connections ------------------------------------------------------------------------------


class ConnectionInput(serializers.Serializer):
    name = StrictCharField(max_length=200)
    slug = StrictSlugField(
        max_length=100, required=False, help_text="Unique; nodes refer to it. Made from the name when omitted."
    )
    kind = StrictChoiceField(choices=Connection.Kind.choices)
    description = StrictCharField(required=False, allow_blank=True)
    config = serializers.DictField(
        required=False, validators=[StorableJSON()], help_text="Non-secret settings; see /api/connections/kinds/."
    )
    secrets = serializers.DictField(
        child=StrictCharField(allow_null=True, allow_blank=True, trim_whitespace=False, max_length=10_000),
        required=False,
        write_only=True,
        help_text="Write-only. On update, a key with a value sets it, a key with null removes it, "
        "keys not given are kept. Never returned: responses list secret_keys only.",
    )


class ConnectionOutput(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username", read_only=True)
    secret_keys = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Names of the stored secrets (never their values)."
    )

    class Meta:
        model = Connection
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "description",
            "config",
            "secret_keys",
            "owner",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ConnectionKindOutput(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    config_schema = serializers.DictField(help_text="JSON Schema of the connection's config.")
    secrets = serializers.ListField(child=serializers.CharField(), help_text="Names of the secrets it takes.")


class ConnectionTestOutput(serializers.Serializer):
    ok = serializers.BooleanField()
    message = serializers.CharField()
    latency_ms = serializers.FloatField()
    server_version = serializers.CharField(allow_null=True)


class IntrospectQuery(serializers.Serializer):
    schema = StrictCharField(max_length=63, required=False, allow_blank=True, help_text="Only this schema.")


class ColumnOutput(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()
    nullable = serializers.BooleanField(allow_null=True)


class TableOutput(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()
    columns = ColumnOutput(many=True)


class SchemaOutput(serializers.Serializer):
    name = serializers.CharField()
    tables = TableOutput(many=True)


class IntrospectOutput(serializers.Serializer):
    schemas = SchemaOutput(many=True)
    truncated = serializers.BooleanField(help_text="True when limits cut the listing short.")
