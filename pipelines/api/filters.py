"""Query filters of the list endpoints."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet

from core.ids import MAX_ID, is_digits
from pipelines.models import Connection, Pipeline, PipelineTemplate, Tag


def _csv_values(data, name: str) -> list[str]:
    """``?name=a&name=b`` and ``?name=a,b`` alike."""
    values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name, "")]
    return [v.strip() for raw in values for v in str(raw).split(",") if v.strip()]


class PipelineFilter(django_filters.FilterSet):
    tag = django_filters.CharFilter(method="filter_tag", help_text="Tag name; repeat or comma-separate for several.")
    owner = django_filters.CharFilter(method="filter_owner", help_text="Owner's username or user id.")
    status = django_filters.MultipleChoiceFilter(choices=Pipeline.Status.choices)

    class Meta:
        model = Pipeline
        fields = ["tag", "owner", "status"]

    def filter_tag(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Pipelines carrying every given tag."""
        for tag in _csv_values(self.data, name):
            tagged = Pipeline.tags.through.objects.filter(pipeline=OuterRef("pk"), tag__in=Tag.objects.filter(name=tag))
            queryset = queryset.filter(Exists(tagged))
        return queryset

    def filter_owner(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        match = Q(owner__username=value)
        if is_digits(value) and 1 <= int(value) <= MAX_ID:  # a larger number names no one (and overflows SQLite)
            match |= Q(owner_id=int(value))
        return queryset.filter(match)


class TemplateFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(field_name="category")

    class Meta:
        model = PipelineTemplate
        fields = ["category"]


class ConnectionFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Connection.Kind.choices)

    class Meta:
        model = Connection
        fields = ["kind"]
