"""Output shapes of /api/insights/ (docs/insights.md)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from insights.models import Insight, InsightEvent


class InsightLinkOutput(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField(help_text="A page of Sluice: a run, a chart, the builder.")


class InsightEvidenceOutput(serializers.Serializer):
    runs = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the runs behind the finding.")
    links = InsightLinkOutput(many=True)
    figures = serializers.DictField(help_text="The numbers the finding rests on (docs/insights.md, per kind).")


class InsightOutput(serializers.ModelSerializer):
    pipeline = serializers.IntegerField(source="pipeline_id", read_only=True)
    pipeline_name = serializers.CharField(source="pipeline.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    recommendation = serializers.BooleanField(source="is_recommendation", read_only=True)
    evidence = serializers.SerializerMethodField()
    dismissed_by = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()

    class Meta:
        model = Insight
        fields = [
            "id",
            "pipeline",
            "pipeline_name",
            "kind",
            "kind_label",
            "recommendation",
            "node_key",
            "severity",
            "state",
            "title",
            "explanation",
            "evidence",
            "first_seen",
            "last_seen",
            "times_seen",
            "closed_at",
            "dismissed_at",
            "dismissed_by",
            "page",
        ]

    @extend_schema_field(InsightEvidenceOutput)
    def get_evidence(self, obj: Insight) -> dict:
        e = obj.evidence or {}
        return {"runs": e.get("runs", []), "links": e.get("links", []), "figures": e.get("figures", {})}

    def get_dismissed_by(self, obj: Insight) -> str | None:
        return obj.dismissed_by.username if obj.dismissed_by else None

    def get_page(self, obj: Insight) -> str:
        return reverse("insights:detail", args=[obj.pk])


def insight_row(obj: Insight, *, pages: str) -> dict:
    """What InsightOutput gives for ``obj``, built by hand for the lists (DRF's field machinery cost about
    half of a page's time; tests/insights/test_api.py checks both agree). ``pages``: the URL of
    /insights/."""
    e = obj.evidence or {}
    return {
        "id": obj.pk,
        "pipeline": obj.pipeline_id,
        "pipeline_name": obj.pipeline.name,
        "kind": obj.kind,
        "kind_label": obj.get_kind_display(),
        "recommendation": obj.is_recommendation,
        "node_key": obj.node_key,
        "severity": obj.severity,
        "state": obj.state,
        "title": obj.title,
        "explanation": obj.explanation,
        "evidence": {"runs": e.get("runs", []), "links": e.get("links", []), "figures": e.get("figures", {})},
        "first_seen": _time(obj.first_seen),
        "last_seen": _time(obj.last_seen),
        "times_seen": obj.times_seen,
        "closed_at": _time(obj.closed_at),
        "dismissed_at": _time(obj.dismissed_at),
        "dismissed_by": obj.dismissed_by.username if obj.dismissed_by else None,
        "page": f"{pages}{obj.pk}/",
    }


_DATETIME = serializers.DateTimeField()


def _time(value):
    return None if value is None else _DATETIME.to_representation(value)


class InsightEventOutput(serializers.ModelSerializer):
    user = serializers.SerializerMethodField()

    class Meta:
        model = InsightEvent
        fields = ["id", "kind", "user", "figures", "created_at"]

    def get_user(self, obj: InsightEvent) -> str | None:
        return obj.user.username if obj.user else None


class InsightDetailOutput(InsightOutput):
    history = InsightEventOutput(source="events", many=True, read_only=True)

    class Meta(InsightOutput.Meta):
        fields = [*InsightOutput.Meta.fields, "history"]
