"""drf-spectacular's settings (SPECTACULAR_SETTINGS in config/settings/web.py): how the OpenAPI document at
/api/schema/ is built. Enum names are fixed here where two models' choices share a field name, so the
document (and the types and client generated from it) keep stable names."""

from __future__ import annotations

from typing import Any


def openapi_settings() -> dict[str, Any]:
    return {
        "TITLE": "Sluice API",
        "DESCRIPTION": "Self-hosted data pipelines: define, validate, version, run and monitor them.",
        "VERSION": "0.1.0",
        "SERVE_INCLUDE_SCHEMA": False,
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
        "COMPONENT_SPLIT_REQUEST": True,
        # The framework's error responses (400/401/403/404/429) on every operation (core/openapi.py).
        "POSTPROCESSING_HOOKS": [
            "drf_spectacular.hooks.postprocess_schema_enums",
            "core.openapi.document_error_responses",
        ],
        "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}},
        "ENUM_NAME_OVERRIDES": {
            "PipelineStatusEnum": "pipelines.models.Pipeline.Status",
            "PipelineBackendEnum": "pipelines.models.Pipeline.Backend",
            "ExecutionStatusEnum": "executions.models.Execution.Status",
            "StepStatusEnum": "executions.models.StepRun.Status",
            "BackfillStatusEnum": "executions.models.Backfill.Status",
            "BackfillIntervalStatusEnum": "executions.models.BackfillInterval.Status",
            "ConnectionKindEnum": "pipelines.models.Connection.Kind",
            "AlertRuleKindEnum": "monitoring.models.AlertRule.Kind",
            "ExecutionTriggerEnum": "executions.models.Execution.Trigger",
            "GitSyncStatusEnum": "gitsync.models.GitSync.Status",
            "GitSyncTriggerEnum": "gitsync.models.GitSync.Trigger",
            "QualityIssueStatusEnum": "quality.models.QualityIssue.Status",
            "InsightKindEnum": "insights.models.Insight.Kind",
            "InsightStateEnum": "insights.models.Insight.State",
            "InsightSeverityEnum": "insights.models.Insight.Severity",
            # Named so that the insights' state and severity do not rename them (collisions of field names).
            "QualityIssueSeverityEnum": "quality.models.QualityIssue.Severity",
            "ApiTokenStateEnum": ["active", "revoked", "expired"],
        },
    }
