import django_filters

from core.ids import IdFilter, UtcIsoDateTimeFilter
from executions.models import Execution


class ExecutionFilter(django_filters.FilterSet):
    pipeline = IdFilter(field_name="pipeline_id", help_text="Pipeline id.")
    pipeline_slug = django_filters.CharFilter(field_name="pipeline__slug")
    status = django_filters.MultipleChoiceFilter(choices=Execution.Status.choices)
    trigger = django_filters.MultipleChoiceFilter(choices=Execution.Trigger.choices)
    created_after = UtcIsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcIsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Execution
        fields = ["pipeline", "pipeline_slug", "status", "trigger", "created_after", "created_before"]
