"""Reads of the insights app: the run history the generators need (``history``) and the insights a user
may see (``lists``)."""

from insights.selectors.history import NodeStats, RunPoint, last_run_steps, node_stats, pipeline_runs
from insights.selectors.lists import (
    insight_history,
    insights_filtered,
    insights_visible_to,
    pipelines_with_history,
    state_counts,
)

__all__ = [
    "NodeStats",
    "RunPoint",
    "insight_history",
    "insights_filtered",
    "insights_visible_to",
    "last_run_steps",
    "node_stats",
    "pipeline_runs",
    "pipelines_with_history",
    "state_counts",
]
