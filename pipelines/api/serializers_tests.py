"""Serializers of pipeline tests: the test document (checked by ``pipelines.testing.spec.TestSpec``, which these
describe for the OpenAPI document), the stored test with its last result, and a run's results."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pipelines.api.serializers import GraphDocumentField, parse_graph
from pipelines.models import PipelineTest
from pipelines.nodes.dtypes import DTYPES
from pipelines.testing.spec import FORMATS, MAX_ROWS, parse_spec


class TableSerializer(serializers.Serializer):
    rows = serializers.ListField(
        child=serializers.DictField(), required=False, max_length=MAX_ROWS, help_text="Rows: column -> value."
    )
    format = serializers.ChoiceField(FORMATS, required=False, help_text="The format of a file given in content.")
    content = serializers.CharField(required=False, help_text="A small file, base64-encoded (at most 2 MB).")
    schema = serializers.DictField(
        child=serializers.ChoiceField(list(DTYPES)), required=False, help_text="Column types to cast to."
    )


class TolerancesSerializer(serializers.Serializer):
    ignore_order = serializers.BooleanField(required=False, help_text="Rows compared as a multiset (default true).")
    abs_tolerance = serializers.FloatField(required=False, min_value=0, help_text="Float difference allowed.")
    rel_tolerance = serializers.FloatField(required=False, min_value=0, help_text="Relative difference allowed.")
    columns = serializers.ListField(child=serializers.CharField(), required=False, help_text="Compare only these.")
    ignore_columns = serializers.ListField(child=serializers.CharField(), required=False)


class ExpectationSerializer(TableSerializer, TolerancesSerializer):
    pass


class ExpectErrorSerializer(serializers.Serializer):
    node = serializers.CharField(help_text="The node that must fail.")
    message = serializers.CharField(required=False, help_text="Text its error must contain.")


class TestInput(serializers.Serializer):
    """A test; the whole body is checked by the test model (unknown keys refused, sizes bounded)."""

    name = serializers.CharField(help_text="Unique within the pipeline: letters, digits, '.', '_' and '-'.")
    description = serializers.CharField(required=False, allow_blank=True)
    params = serializers.DictField(required=False, help_text="Run parameters the nodes see.")
    fixtures = serializers.DictField(child=TableSerializer(), required=False, help_text="Source node key -> rows.")
    expect = serializers.DictField(
        child=ExpectationSerializer(), required=False, help_text="Destination key (or node:port) -> golden rows."
    )
    expect_error = ExpectErrorSerializer(required=False, help_text="The run must fail at this node instead.")
    tolerances = TolerancesSerializer(required=False, help_text="Defaults of every expectation.")

    def to_internal_value(self, data):
        try:
            return {"spec": parse_spec(data)}
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None


class TestSummaryOutput(serializers.ModelSerializer):
    class Meta:
        model = PipelineTest
        fields = [
            "id",
            "pipeline",
            "name",
            "description",
            "last_status",
            "last_run_at",
            "last_duration_ms",
            "created_at",
            "updated_at",
        ]


class TestDetailOutput(TestSummaryOutput):
    params = serializers.SerializerMethodField()
    fixtures = serializers.SerializerMethodField()
    expect = serializers.SerializerMethodField()
    expect_error = serializers.SerializerMethodField()
    tolerances = serializers.SerializerMethodField()
    last_result = serializers.JSONField(help_text="The last run's error and per-output diff.")

    class Meta(TestSummaryOutput.Meta):
        fields = [
            *TestSummaryOutput.Meta.fields,
            "params",
            "fixtures",
            "expect",
            "expect_error",
            "tolerances",
            "last_result",
        ]

    def get_params(self, obj) -> dict[str, Any]:
        return obj.spec.get("params") or {}

    @extend_schema_field(serializers.DictField(child=TableSerializer()))
    def get_fixtures(self, obj):
        return obj.spec.get("fixtures") or {}

    @extend_schema_field(serializers.DictField(child=ExpectationSerializer()))
    def get_expect(self, obj):
        return obj.spec.get("expect") or {}

    @extend_schema_field(ExpectErrorSerializer(allow_null=True))
    def get_expect_error(self, obj):
        return obj.spec.get("expect_error")

    @extend_schema_field(TolerancesSerializer)
    def get_tolerances(self, obj):
        return obj.spec.get("tolerances") or {}


class TestResultOutput(serializers.Serializer):
    id = serializers.IntegerField(required=False, help_text="The stored test's id (absent for an offline run).")
    name = serializers.CharField()
    status = serializers.CharField(help_text="passed, failed (outputs differ) or error (could not run).")
    error = serializers.CharField(allow_null=True, help_text="Why it failed or could not run.")
    node = serializers.CharField(allow_null=True, help_text="The node concerned, if any.")
    duration_ms = serializers.IntegerField()
    outputs = serializers.JSONField(
        help_text="Per expectation: passed, rows, expected_rows, schema differences, missing_rows, extra_rows, "
        "changed cells and counts."
    )
    problems = serializers.JSONField(required=False, help_text="Validation problems of the pipeline.")
    expected_error = serializers.CharField(required=False, help_text="The error the test expected, as it came.")


class TestRunOutput(serializers.Serializer):
    status = serializers.CharField(help_text="The worst status of the tests: passed, failed or error.")
    passed = serializers.IntegerField()
    failed = serializers.IntegerField()
    error = serializers.IntegerField()
    total = serializers.IntegerField()
    tests = TestResultOutput(many=True)


class TestRunInput(serializers.Serializer):
    tests = serializers.ListField(
        child=serializers.CharField(), required=False, max_length=100, help_text="Names of the tests to run (all)."
    )


class OfflineRunInput(serializers.Serializer):
    graph = GraphDocumentField(help_text="The pipeline's graph (as in its document).")
    tests = serializers.ListField(child=TestInput(), max_length=100, help_text="The tests to run over it.")

    def validate(self, attrs):
        return {"graph": parse_graph(attrs["graph"], prefix="graph."), "tests": [t["spec"] for t in attrs["tests"]]}
