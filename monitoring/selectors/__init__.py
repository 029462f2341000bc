"""Monitoring reads: stage metrics and history, the overview, pipeline graphs and state, timelines, alerts.
Every function takes the user (or an object already checked against them) and shows only what
they may see."""

from monitoring.selectors.alerts import alert_rules_with_open_alerts, alerts_visible_to
from monitoring.selectors.overview import executions_active_overview, expected_durations, monitoring_summary
from monitoring.selectors.pipelines import pipeline_dependency_graph, pipeline_state
from monitoring.selectors.stages import stage_history, stage_metrics
from monitoring.selectors.timeline import execution_timeline
from monitoring.selectors.windows import Window, parse_bucket, parse_window

__all__ = [
    "Window",
    "alert_rules_with_open_alerts",
    "alerts_visible_to",
    "execution_timeline",
    "executions_active_overview",
    "expected_durations",
    "monitoring_summary",
    "parse_bucket",
    "parse_window",
    "pipeline_dependency_graph",
    "pipeline_state",
    "stage_history",
    "stage_metrics",
]
