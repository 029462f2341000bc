from django.contrib import admin

from quality.models import QualityIssue, QualityResult


@admin.register(QualityResult)
class QualityResultAdmin(admin.ModelAdmin):
    list_display = ("id", "pipeline", "execution_id", "node_key", "rule", "passed", "failure_rate", "run_at")
    list_filter = ("passed", "rule_type")
    search_fields = ("rule", "node_key", "pipeline__slug")
    raw_id_fields = ("pipeline", "execution")
    list_select_related = ("pipeline",)


@admin.register(QualityIssue)
class QualityIssueAdmin(admin.ModelAdmin):
    list_display = ("id", "pipeline", "node_key", "rule", "status", "severity", "affected_runs", "last_seen")
    list_filter = ("status", "severity")
    search_fields = ("rule", "node_key", "pipeline__slug")
    raw_id_fields = ("pipeline", "last_execution", "resolved_execution", "assignee", "acknowledged_by", "resolved_by")
    list_select_related = ("pipeline",)
