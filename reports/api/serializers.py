"""Input and output shapes of /api/reports/. The blocks are checked by reports.blocks (pydantic) in the
service, so the API and the builder page give the same field-level messages (``blocks.2.limit``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports.blocks import KINDS, MAX_BLOCKS, METRICS, RUN_STATUSES
from reports.models import Report, ReportDelivery

BLOCK_SCHEMA = {
    "type": "object",
    "description": "A block: `kind` is one of "
    + ", ".join(f"`{k}` ({v})" for k, v in KINDS.items())
    + ". Every block takes an optional `title` (at most 200 characters). `kpis` takes `metrics` (a list of "
    + ", ".join(METRICS)
    + "; all by default); `runs_table` takes `limit` (1-100, 20) and `statuses` (a list of "
    + ", ".join(RUN_STATUSES)
    + "; empty = all); `quality_issues` and `insights` take `limit` (1-100, 20). Other keys are refused.",
    "properties": {
        "kind": {"type": "string", "enum": list(KINDS)},
        "title": {"type": "string", "maxLength": 200},
        "metrics": {"type": "array", "items": {"type": "string", "enum": list(METRICS)}},
        "limit": {"type": "integer", "minimum": 1, "maximum": 100},
        "statuses": {"type": "array", "items": {"type": "string", "enum": list(RUN_STATUSES)}},
    },
    "required": ["kind"],
}


@extend_schema_field({"type": "array", "items": BLOCK_SCHEMA, "maxItems": MAX_BLOCKS})
class BlocksField(serializers.JSONField):
    pass


class ReportInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    blocks = BlocksField(required=False, help_text=f"The blocks, in order (at most {MAX_BLOCKS}).")
    window = serializers.ChoiceField(choices=Report.Window.choices, required=False)
    since = serializers.DateTimeField(required=False, allow_null=True, help_text="Start of the range (window=range).")
    until = serializers.DateTimeField(required=False, allow_null=True, help_text="End of the range (window=range).")
    pipelines = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        max_length=200,
        help_text="Pipeline ids the report covers (each visible to the owner); empty = every visible pipeline.",
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50),
        required=False,
        max_length=20,
        help_text="Only pipelines carrying one of these tags.",
    )
    pipeline_owners = serializers.ListField(
        child=serializers.CharField(max_length=150),
        required=False,
        max_length=100,
        help_text="Usernames: only pipelines owned by one of them.",
    )
    shared_with_users = serializers.ListField(
        child=serializers.CharField(max_length=150), required=False, max_length=100, help_text="Usernames."
    )
    shared_with_groups = serializers.ListField(
        child=serializers.CharField(max_length=150), required=False, max_length=100, help_text="Group names."
    )
    schedule_cron = serializers.CharField(max_length=120, required=False, allow_blank=True)
    schedule_timezone = serializers.CharField(max_length=64, required=False)
    schedule_enabled = serializers.BooleanField(required=False)
    email_recipients = serializers.ListField(child=serializers.CharField(max_length=254), required=False, max_length=50)
    webhook_url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    webhook_secret = serializers.CharField(
        max_length=200, required=False, allow_blank=True, write_only=True, help_text="Write-only: signs webhook bodies."
    )


class DeliveryOutput(serializers.ModelSerializer):
    sent_by = serializers.CharField(source="sent_by.username", default=None, allow_null=True)

    class Meta:
        model = ReportDelivery
        fields = ["id", "channel", "status", "trigger", "detail", "sent_by", "created_at"]


class ReportOutput(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username")
    pipelines = serializers.SerializerMethodField()
    shared_with_users = serializers.SerializerMethodField()
    shared_with_groups = serializers.SerializerMethodField()
    blocks = BlocksField()
    can_edit = serializers.SerializerMethodField()
    email_recipients = serializers.SerializerMethodField()
    webhook_url = serializers.SerializerMethodField()
    has_webhook_secret = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "name",
            "description",
            "owner",
            "blocks",
            "window",
            "since",
            "until",
            "pipelines",
            "tags",
            "pipeline_owners",
            "shared_with_users",
            "shared_with_groups",
            "schedule_cron",
            "schedule_timezone",
            "schedule_enabled",
            "next_send_at",
            "email_recipients",
            "webhook_url",
            "has_webhook_secret",
            "can_edit",
            "created_at",
            "updated_at",
        ]

    def _can_edit(self, obj) -> bool:
        from reports.selectors import report_can_edit

        request = self.context.get("request")
        return bool(request and report_can_edit(report=obj, user=request.user))

    def get_pipelines(self, obj) -> list[int]:
        return sorted(p.pk for p in obj.pipelines.all())

    def get_shared_with_users(self, obj) -> list[str]:
        return sorted(u.username for u in obj.shared_with_users.all())

    def get_shared_with_groups(self, obj) -> list[str]:
        return sorted(g.name for g in obj.shared_with_groups.all())

    def get_can_edit(self, obj) -> bool:
        return self._can_edit(obj)

    def get_email_recipients(self, obj) -> list[str]:
        """Only its owner and admins see where a report goes."""
        return list(obj.email_recipients) if self._can_edit(obj) else []

    def get_webhook_url(self, obj) -> str:
        return obj.webhook_url if self._can_edit(obj) else ""

    def get_has_webhook_secret(self, obj) -> bool:
        return bool(obj.encrypted_webhook_secret)


class ReportDetailOutput(ReportOutput):
    deliveries = serializers.SerializerMethodField()

    class Meta(ReportOutput.Meta):
        fields = [*ReportOutput.Meta.fields, "deliveries"]

    @extend_schema_field(DeliveryOutput(many=True))
    def get_deliveries(self, obj):
        from reports.selectors import report_deliveries

        return DeliveryOutput(report_deliveries(report=obj), many=True).data
