from __future__ import annotations

from rest_framework import serializers

from executions.models import Execution, PipelineDependency, StepLog, StepRun
from pipelines.models import Pipeline


class StepOutput(serializers.ModelSerializer):
    class Meta:
        model = StepRun
        fields = [
            "id",
            "node_key",
            "node_type",
            "group",
            "position",
            "status",
            "attempt",
            "max_attempts",
            "worker",
            "queued_at",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "duration_ms",
            "rows_in",
            "rows_out",
            "output_rows",
            "bytes_out",
            "cpu_seconds",
            "peak_rss_bytes",
            "progress",
            "error",
            "traceback",
            "report",
            "pool",
            "pool_waiting_since",
        ]
        extra_kwargs = {
            "pool": {"help_text": "The pool of this step (docs/scheduling.md); empty when in none."},
            "pool_waiting_since": {
                "help_text": "Since when this ready step waits for a free slot of its pool; null when not waiting."
            },
        }


class ExecutionOutput(serializers.ModelSerializer):
    pipeline_slug = serializers.CharField(source="pipeline.slug", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    started_by = serializers.CharField(source="started_by.username", read_only=True, default=None, allow_null=True)
    duration_seconds = serializers.FloatField(read_only=True, allow_null=True, help_text="Null until it finishes.")
    parent_execution = serializers.IntegerField(
        source="parent_step.execution_id",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="A called run (trigger `call`): the execution whose `pipeline.call` step ran it; else null.",
    )
    parent_node = serializers.CharField(
        source="parent_step.node_key",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="A called run: the key of the `pipeline.call` node that ran it; else null.",
    )

    class Meta:
        model = Execution
        fields = [
            "id",
            "pipeline",
            "pipeline_slug",
            "version",
            "status",
            "trigger",
            "params",
            "priority",
            "backend",
            "correlation_id",
            "started_by",
            "retry_of",
            "upstream_execution",
            "parent_execution",
            "parent_node",
            "created_at",
            "started_at",
            "finished_at",
            "duration_seconds",
            "rows_in",
            "rows_out",
            "error",
        ]


class ExecutionDetailOutput(ExecutionOutput):
    steps = StepOutput(many=True, read_only=True)

    class Meta(ExecutionOutput.Meta):
        fields = [*ExecutionOutput.Meta.fields, "steps"]


class RunInput(serializers.Serializer):
    params = serializers.DictField(required=False, default=dict, help_text="Run parameters over the defaults.")
    version = serializers.IntegerField(required=False, min_value=1, help_text="Version number; default current.")
    backend = serializers.ChoiceField(
        choices=Pipeline.Backend.choices,
        required=False,
        help_text="This run's backend over the pipeline's: polars (the workers), sql (the whole graph pushed down "
        "into its database) or spark (on the Spark connection the parameter sluice_spark_connection names); "
        "refused with the nodes that cannot compile. See docs/backends.md.",
    )


class DryRunInput(serializers.Serializer):
    graph = serializers.JSONField(required=False, help_text="A graph to try instead of the saved draft.")
    sample_rows = serializers.IntegerField(required=False, default=100, min_value=1, max_value=10_000)
    preview_rows = serializers.IntegerField(required=False, default=20, min_value=0, max_value=200)
    inject = serializers.DictField(
        child=serializers.ListField(child=serializers.DictField()),
        required=False,
        default=dict,
        help_text="Test rows per source node key; they replace what the source would read.",
    )


class StepLogOutput(serializers.ModelSerializer):
    class Meta:
        model = StepLog
        fields = ["id", "ts", "level", "node_key", "logger", "message", "extra"]


class PreviewOutput(serializers.Serializer):
    node_key = serializers.CharField()
    port = serializers.CharField()
    rows = serializers.IntegerField(allow_null=True)
    schema = serializers.DictField(child=serializers.CharField())
    preview = serializers.ListField(child=serializers.DictField())
    recomputed = serializers.BooleanField(
        help_text="True when a fused node's output was recomputed from its chain input."
    )


class DependencyOutput(serializers.ModelSerializer):
    upstream_slug = serializers.CharField(source="upstream.slug", read_only=True)
    downstream_slug = serializers.CharField(source="downstream.slug", read_only=True)

    class Meta:
        model = PipelineDependency
        fields = ["id", "upstream", "upstream_slug", "downstream", "downstream_slug", "enabled", "created_at"]


class DependencyInput(serializers.Serializer):
    downstream = serializers.IntegerField(help_text="Id of the pipeline to run when this one succeeds.")
