"""Input and output shapes of /api/quality/ (docs/quality.md)."""

from __future__ import annotations

from rest_framework import serializers

from quality.models import QualityIssue, QualityIssueEntry, QualityResult


class QualityResultOutput(serializers.ModelSerializer):
    pipeline_slug = serializers.CharField(source="pipeline.slug", read_only=True)
    version = serializers.IntegerField(source="version_number", read_only=True)
    execution = serializers.IntegerField(source="execution_id", read_only=True)
    pipeline = serializers.IntegerField(source="pipeline_id", read_only=True)
    sample = serializers.ListField(
        child=serializers.DictField(), read_only=True, help_text="A few failing rows, secrets masked."
    )

    class Meta:
        model = QualityResult
        fields = [
            "id",
            "pipeline",
            "pipeline_slug",
            "version",
            "execution",
            "node_key",
            "rule",
            "rule_type",
            "rows_checked",
            "failed_rows",
            "failure_rate",
            "passed",
            "message",
            "sample",
            "kind",
            "severity",
            "value",
            "action",
            "details",
            "run_at",
            "created_at",
        ]
        extra_kwargs = {
            "kind": {"help_text": "rule: a row rule of quality.validate; check: a data check of the run."},
            "severity": {"help_text": "The severity the rule or check declares (info, warning, critical); or empty."},
            "value": {"help_text": "Checks: the value measured (a rate, a count, seconds...); null for rules."},
            "action": {"help_text": "Checks: block (a failure refused the publish) or warn; empty for rules."},
            "details": {
                "help_text": "Checks: the column, the status (passed, warning, blocked), the baseline judged "
                "against (method, runs, center, spread, low, high, score) or the schema drift."
            },
        }


class QualitySummaryDayOutput(serializers.Serializer):
    node_key = serializers.CharField()
    rule = serializers.CharField()
    day = serializers.DateField()
    runs = serializers.IntegerField()
    passed = serializers.IntegerField()
    failed = serializers.IntegerField()
    pass_rate = serializers.FloatField()
    rows_checked = serializers.IntegerField()
    failed_rows = serializers.IntegerField()


class QualitySummaryOutput(serializers.Serializer):
    pipeline = serializers.IntegerField()
    since = serializers.DateTimeField()
    until = serializers.DateTimeField()
    days = QualitySummaryDayOutput(many=True)


class QualityEntryOutput(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    execution = serializers.IntegerField(source="execution_id", read_only=True, allow_null=True)

    class Meta:
        model = QualityIssueEntry
        fields = ["id", "kind", "user", "execution", "text", "created_at"]


class QualityIssueOutput(serializers.ModelSerializer):
    pipeline = serializers.IntegerField(source="pipeline_id", read_only=True)
    pipeline_slug = serializers.CharField(source="pipeline.slug", read_only=True)
    last_execution = serializers.IntegerField(source="last_execution_id", read_only=True, allow_null=True)
    resolved_execution = serializers.IntegerField(source="resolved_execution_id", read_only=True, allow_null=True)
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    acknowledged_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    resolved_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = QualityIssue
        fields = [
            "id",
            "pipeline",
            "pipeline_slug",
            "node_key",
            "rule",
            "rule_type",
            "status",
            "severity",
            "rule_severity",
            "first_seen",
            "last_seen",
            "last_run_at",
            "affected_runs",
            "affected_rows",
            "last_failure_rate",
            "last_execution",
            "reopened_count",
            "acknowledged_at",
            "acknowledged_by",
            "assignee",
            "resolved_at",
            "resolved_by",
            "resolved_execution",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "rule_severity": {
                "help_text": "The severity the rule or check declares (info, warning, critical), which sets the "
                "issue's (low, medium, critical); empty: judged from the failure rate."
            }
        }


class QualityIssueDetailOutput(QualityIssueOutput):
    timeline = QualityEntryOutput(source="entries", many=True, read_only=True)

    class Meta(QualityIssueOutput.Meta):
        fields = [*QualityIssueOutput.Meta.fields, "timeline"]


class QualityIssuePatchInput(serializers.Serializer):
    severity = serializers.ChoiceField(choices=QualityIssue.Severity.choices, required=False)
    assignee = serializers.CharField(
        required=False, allow_null=True, max_length=150, help_text="A username who sees the pipeline; null: nobody."
    )


class QualityAssignInput(serializers.Serializer):
    assignee = serializers.CharField(
        allow_null=True, max_length=150, help_text="A username who sees the pipeline; null: nobody."
    )


class QualityResolveInput(serializers.Serializer):
    execution = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="The resolving run (where the rule passed); default: the last such run since the last failure.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class QualityCommentInput(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
