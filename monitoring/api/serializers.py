"""Output shapes of the monitoring API (they serialize the selectors' dicts and document them)."""

from __future__ import annotations

from rest_framework import serializers

from core.rendering import datetime_converter
from executions.models import Execution, StepRun

S = serializers


class WindowOutput(S.Serializer):
    window = S.CharField(help_text="The window asked for, e.g. 24h.")
    seconds = S.IntegerField(help_text="Its length in seconds, after the 90-day cap.")
    since = S.DateTimeField()
    until = S.DateTimeField()
    capped = S.BooleanField(help_text="True when the window asked for was over 90 days.")


class ExecutionFiguresOutput(S.Serializer):
    total = S.IntegerField()
    by_status = S.DictField(child=S.IntegerField())
    success_rate = S.FloatField(allow_null=True, help_text="succeeded / (succeeded + failed)")
    avg_duration_s = S.FloatField(allow_null=True)
    p95_duration_s = S.FloatField(allow_null=True)
    rows_in = S.IntegerField()
    rows_out = S.IntegerField()


class WorkersOutput(S.Serializer):
    online = S.IntegerField()
    busy = S.IntegerField()


class FailingPipelineOutput(S.Serializer):
    pipeline_id = S.IntegerField()
    slug = S.CharField()
    name = S.CharField()
    runs = S.IntegerField()
    failed = S.IntegerField()
    failure_rate = S.FloatField()


class FailingNodeOutput(S.Serializer):
    pipeline_id = S.IntegerField()
    slug = S.CharField()
    node_key = S.CharField()
    failed = S.IntegerField()


class SummaryOutput(WindowOutput):
    executions = ExecutionFiguresOutput()
    running_now = S.IntegerField()
    queued_now = S.IntegerField()
    workers = WorkersOutput()
    top_failing_pipelines = FailingPipelineOutput(many=True)
    top_failing_nodes = FailingNodeOutput(many=True)


class PipelineRefOutput(S.Serializer):
    id = S.IntegerField()
    slug = S.CharField()
    name = S.CharField()


class ActiveStepOutput(S.Serializer):
    node_key = S.CharField()
    node_type = S.CharField()
    group = S.CharField()
    status = S.ChoiceField(choices=StepRun.Status.choices)
    attempt = S.IntegerField()
    worker = S.CharField()
    queued_at = S.DateTimeField(allow_null=True)
    started_at = S.DateTimeField(allow_null=True)
    elapsed_s = S.FloatField(allow_null=True)
    progress = S.FloatField()
    expected_s = S.FloatField(allow_null=True, help_text="Median of the node's last 20 successful durations.")
    eta_s = S.FloatField(allow_null=True, help_text="expected_s - elapsed_s (0 when done); null without history.")
    rows_in = S.IntegerField(allow_null=True)
    rows_out = S.IntegerField(allow_null=True)


class ActiveExecutionOutput(S.Serializer):
    id = S.IntegerField()
    pipeline = PipelineRefOutput()
    version = S.IntegerField()
    status = S.ChoiceField(choices=Execution.Status.choices)
    trigger = S.CharField()
    priority = S.IntegerField()
    created_at = S.DateTimeField()
    started_at = S.DateTimeField(allow_null=True)
    elapsed_s = S.FloatField(allow_null=True)
    steps_total = S.IntegerField()
    steps_done = S.IntegerField()
    progress = S.FloatField()
    eta_s = S.FloatField(allow_null=True, help_text="Longest remaining path through the graph, in seconds.")
    expected_finish_at = S.DateTimeField(allow_null=True)
    steps = ActiveStepOutput(many=True)


class LastErrorOutput(S.Serializer):
    message = S.CharField()
    at = S.DateTimeField(allow_null=True)
    execution_id = S.IntegerField()


class StageFiguresOutput(S.Serializer):
    runs = S.IntegerField(help_text="Steps that finished succeeded or failed.")
    succeeded = S.IntegerField()
    failed = S.IntegerField()
    skipped = S.IntegerField()
    cancelled = S.IntegerField()
    success_rate = S.FloatField(allow_null=True)
    avg_ms = S.FloatField(allow_null=True)
    p50_ms = S.FloatField(allow_null=True)
    p95_ms = S.FloatField(allow_null=True)
    max_ms = S.IntegerField(allow_null=True)
    rows_in = S.IntegerField()
    rows_out = S.IntegerField()
    throughput_rows_per_s = S.FloatField(allow_null=True)
    cpu_seconds = S.FloatField()
    peak_rss_bytes = S.IntegerField(allow_null=True)
    last_run_at = S.DateTimeField(allow_null=True)


class StageOutput(StageFiguresOutput):
    pipeline_id = S.IntegerField()
    pipeline_slug = S.CharField()
    pipeline_name = S.CharField()
    node_key = S.CharField()
    node_type = S.CharField()
    last_error = LastErrorOutput(allow_null=True)


class StagesOutput(WindowOutput):
    stages = StageOutput(many=True)


class HistoryPointOutput(StageFiguresOutput):
    start = S.DateTimeField(help_text="Start of the bucket.")


class HistoryOutput(WindowOutput):
    pipeline_id = S.IntegerField()
    node_key = S.CharField()
    bucket = S.CharField()
    bucket_seconds = S.IntegerField()
    points = HistoryPointOutput(many=True)


class LatestStepOutput(S.Serializer):
    status = S.ChoiceField(choices=StepRun.Status.choices)
    execution_id = S.IntegerField()
    started_at = S.DateTimeField(allow_null=True)
    finished_at = S.DateTimeField(allow_null=True)
    duration_ms = S.IntegerField(allow_null=True)
    rows_in = S.IntegerField(allow_null=True)
    rows_out = S.IntegerField(allow_null=True)
    progress = S.FloatField()
    error = S.CharField(allow_blank=True)


class GraphNodeOutput(S.Serializer):
    key = S.CharField()
    type = S.CharField()
    label = S.CharField(allow_blank=True)
    position = S.DictField(child=S.FloatField())
    latest = LatestStepOutput(allow_null=True)
    metrics = StageFiguresOutput(allow_null=True)


class GraphEdgeOutput(S.Serializer):
    source = S.CharField()
    source_port = S.CharField()
    target = S.CharField()
    target_port = S.CharField()


class LinkedPipelineOutput(S.Serializer):
    id = S.IntegerField()
    slug = S.CharField()
    name = S.CharField()
    status = S.CharField()
    last_status = S.CharField(allow_null=True)
    last_run_at = S.DateTimeField(allow_null=True)


class PipelineLinkOutput(S.Serializer):
    id = S.IntegerField()
    upstream = S.IntegerField()
    downstream = S.IntegerField()
    enabled = S.BooleanField()


class PipelineLinksOutput(S.Serializer):
    root = S.IntegerField()
    nodes = LinkedPipelineOutput(many=True)
    edges = PipelineLinkOutput(many=True)


class DependencyGraphOutput(WindowOutput):
    pipeline = PipelineRefOutput()
    version = S.IntegerField(allow_null=True)
    nodes = GraphNodeOutput(many=True)
    edges = GraphEdgeOutput(many=True)
    pipelines = PipelineLinksOutput(help_text="Pipelines upstream and downstream of this one (triggers).")


class LastRunOutput(S.Serializer):
    id = S.IntegerField()
    status = S.ChoiceField(choices=Execution.Status.choices)
    trigger = S.CharField()
    created_at = S.DateTimeField()
    started_at = S.DateTimeField(allow_null=True)
    finished_at = S.DateTimeField(allow_null=True)
    duration_s = S.FloatField(allow_null=True)
    rows_in = S.IntegerField()
    rows_out = S.IntegerField()
    error = S.CharField(allow_blank=True)


class RunningOutput(S.Serializer):
    id = S.IntegerField()
    status = S.ChoiceField(choices=Execution.Status.choices)
    created_at = S.DateTimeField()
    started_at = S.DateTimeField(allow_null=True)


class StateScheduleOutput(S.Serializer):
    cron = S.CharField(allow_blank=True)
    timezone = S.CharField()
    enabled = S.BooleanField()
    next_runs = S.ListField(child=S.DateTimeField())


class PipelineStateOutput(S.Serializer):
    pipeline = S.DictField()
    last_run = LastRunOutput(allow_null=True)
    last_success_at = S.DateTimeField(allow_null=True)
    running_now = RunningOutput(many=True)
    schedule = StateScheduleOutput()
    recent_success_rate = S.FloatField(allow_null=True)
    health = S.ChoiceField(choices=["ok", "degraded", "failing", "stale", "never_run", "paused"])
    health_reason = S.CharField()


class TimelineStepOutput(S.Serializer):
    node_key = S.CharField()
    node_type = S.CharField()
    group = S.CharField()
    is_head = S.BooleanField()
    status = S.ChoiceField(choices=StepRun.Status.choices)
    attempt = S.IntegerField()
    worker = S.CharField(allow_blank=True)
    queued_at = S.DateTimeField(allow_null=True)
    started_at = S.DateTimeField(allow_null=True)
    finished_at = S.DateTimeField(allow_null=True)
    wait_ms = S.IntegerField(allow_null=True)
    offset_ms = S.IntegerField(allow_null=True, help_text="Start, in ms after the execution started.")
    duration_ms = S.IntegerField(allow_null=True)
    rows_in = S.IntegerField(allow_null=True)
    rows_out = S.IntegerField(allow_null=True)
    bytes_out = S.IntegerField(allow_null=True)
    cpu_seconds = S.FloatField(allow_null=True)
    cpu_utilisation = S.FloatField(allow_null=True, help_text="cpu_seconds per second of wall time.")
    peak_rss_bytes = S.IntegerField(allow_null=True)
    error = S.CharField(allow_blank=True)


class HostSampleOutput(S.Serializer):
    ts = S.DateTimeField()
    cpu_percent = S.FloatField()
    memory_percent = S.FloatField()
    memory_used_bytes = S.IntegerField()


class HostSeriesOutput(S.Serializer):
    host = S.CharField()
    samples = HostSampleOutput(many=True)


class ResourcesOutput(S.Serializer):
    bucket_seconds = S.IntegerField()
    hosts = HostSeriesOutput(many=True)


class TimelineOutput(S.Serializer):
    execution = S.DictField()
    steps = TimelineStepOutput(many=True)
    resources = ResourcesOutput()


# --- plain rendering --------------------------------------------------------------------------------
# DRF walks every field of every row through its generic machinery (about 6 µs a value: 70 ms for the 500
# stage rows of a day at 1M executions). These output serializers only read dict keys of their own names,
# so each is compiled once into (key, convert) pairs that give the same JSON; the serializers still
# document the shapes (OpenAPI) and the tests compare both renderings.


def _converter(field: S.Field):
    if isinstance(field, S.ListSerializer):
        child = _compiled(type(field.child))
        return lambda values: [child(v) for v in values]
    if isinstance(field, S.Serializer):
        return _compiled(type(field))
    if type(field) in (S.IntegerField, S.FloatField, S.CharField):
        return {S.IntegerField: int, S.FloatField: float, S.CharField: str}[type(field)]
    if type(field) is S.DateTimeField:
        return datetime_converter(field)
    return field.to_representation


_COMPILED: dict[type, object] = {}


def _compiled(serializer_class: type[S.Serializer]):
    if serializer_class not in _COMPILED:
        parts = []
        for name, field in serializer_class().fields.items():
            if field.source != name:
                raise TypeError(f"{serializer_class.__name__}.{name}: plain rendering reads keys of the same name")
            parts.append((name, _converter(field)))

        def render(obj: dict) -> dict:
            out = {}
            for name, convert in parts:
                value = obj[name]
                out[name] = None if value is None else convert(value)
            return out

        _COMPILED[serializer_class] = render
    return _COMPILED[serializer_class]


def plain_data(serializer_class: type[S.Serializer], data, *, many: bool = False):
    """What ``serializer_class(data, many=many).data`` gives, for dicts holding every field's key."""
    render = _compiled(serializer_class)
    return [render(d) for d in data] if many else render(data)
