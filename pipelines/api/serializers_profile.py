"""Serializers of data profiles (pipelines.profiling; docs/profiling.md): output only."""

from __future__ import annotations

from rest_framework import serializers


# A figure of a number column is a number; of a date column, an ISO date or datetime.
def figure() -> serializers.JSONField:
    return serializers.JSONField(allow_null=True, required=False, help_text="A number, or an ISO date(time).")


class TopValueOutput(serializers.Serializer):
    value = serializers.JSONField(allow_null=True, help_text="The value (dates as ISO text, long text cut).")
    count = serializers.IntegerField()


class HistogramOutput(serializers.Serializer):
    of = serializers.ChoiceField(choices=["value", "length"], help_text="Bins of the values, or of text lengths.")
    edges = serializers.ListField(child=serializers.FloatField(), help_text="Bin edges: one more than counts.")
    counts = serializers.ListField(child=serializers.IntegerField())


class QuantilesOutput(serializers.Serializer):
    p5 = figure()
    p25 = figure()
    p50 = figure()
    p75 = figure()
    p95 = figure()


class ColumnProfileOutput(serializers.Serializer):
    name = serializers.CharField()
    dtype = serializers.CharField(help_text="Polars type.")
    kind = serializers.ChoiceField(choices=["numeric", "temporal", "string", "boolean", "other"])
    nulls = serializers.IntegerField()
    null_rate = serializers.FloatField()
    distinct = serializers.IntegerField(allow_null=True, help_text="Distinct non-null values.")
    distinct_exact = serializers.BooleanField(help_text="False: estimated (HyperLogLog) above the threshold.")
    nan_count = serializers.IntegerField(required=False, help_text="Floats: NaN values (left out of the figures).")
    min = figure()
    max = figure()
    mean = figure()
    std = serializers.FloatField(allow_null=True, required=False, help_text="Sample standard deviation.")
    quantiles = QuantilesOutput(required=False)
    top = TopValueOutput(many=True, required=False)
    histogram = HistogramOutput(allow_null=True, required=False)


class ProfileLimitsOutput(serializers.Serializer):
    max_rows = serializers.IntegerField()
    distinct_exact_max = serializers.IntegerField()
    top = serializers.IntegerField()
    bins = serializers.IntegerField()


class ProfileOutput(serializers.Serializer):
    rows = serializers.IntegerField(help_text="Rows of the whole dataset.")
    rows_profiled = serializers.IntegerField()
    sampled = serializers.BooleanField(help_text="True: more rows than the limit; every sample_step-th row.")
    sample_step = serializers.IntegerField(allow_null=True)
    columns_total = serializers.IntegerField()
    columns_profiled = serializers.IntegerField()
    truncated = serializers.BooleanField(help_text="True: the time limit left some columns without details.")
    elapsed_ms = serializers.IntegerField()
    limits = ProfileLimitsOutput()
    columns = ColumnProfileOutput(many=True)


class FileProfileOutput(serializers.Serializer):
    path = serializers.CharField()
    format = serializers.CharField()
    size = serializers.IntegerField()
    profile = ProfileOutput()


class StepProfileOutput(serializers.Serializer):
    node_key = serializers.CharField()
    port = serializers.CharField(help_text="The output port profiled (a destination's: its input, in).")
    recomputed = serializers.BooleanField(help_text="True: rebuilt from the fused chain's input (or a dry run).")
    sample_rows = serializers.IntegerField(required=False, help_text="Dry runs: rows read per source.")
    profile = ProfileOutput()


class RetypedOutput(serializers.Serializer):
    column = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class ColumnChangeOutput(serializers.Serializer):
    null_rate_change = serializers.FloatField()
    distinct_change = serializers.IntegerField(allow_null=True)
    mean_shift = serializers.FloatField(allow_null=True)
    mean_shift_stds = serializers.FloatField(allow_null=True, help_text="In the previous run's standard deviations.")
    mean_shift_notable = serializers.BooleanField()


class ComparisonOutput(serializers.Serializer):
    added = serializers.ListField(child=serializers.CharField())
    removed = serializers.ListField(child=serializers.CharField())
    retyped = RetypedOutput(many=True)
    rows_before = serializers.IntegerField(allow_null=True)
    rows_after = serializers.IntegerField(allow_null=True)
    columns = serializers.DictField(child=ColumnChangeOutput())
    changes = serializers.ListField(child=serializers.CharField(), help_text="The changes worth a look.")


class DestinationProfileOutput(serializers.Serializer):
    node_key = serializers.CharField()
    port = serializers.CharField()
    rows = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    profile = ProfileOutput()
    previous_execution = serializers.IntegerField(
        allow_null=True, help_text="The previous successful run with a profile of this node."
    )
    comparison = ComparisonOutput(allow_null=True)
