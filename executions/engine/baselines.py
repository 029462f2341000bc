"""The history a node's checks are judged against (pipelines.nodes.checks): the measurements the same node's
check recorded in its pipeline's last successful runs (``StepRun.report["checks"]``), newest first.
Failed, cancelled and running executions do not count, nor steps reused from an earlier run (a retry's
copy of that run's report), so a baseline is made of distinct successful runs only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from executions.models import Execution, StepRun

MAX_RUNS = 200


def check_measurements(*, pipeline_id: int, node_key: str, name: str, runs: int, exclude: int | None = None) -> list:
    """The values of check ``name`` of ``node_key`` in the last ``runs`` successful runs, newest first."""
    rows = (
        StepRun.objects.filter(
            execution__pipeline_id=pipeline_id,
            execution__status=Execution.Status.SUCCEEDED,
            node_key=node_key,
            status=StepRun.Status.SUCCEEDED,
            report__has_key="checks",
        )
        .exclude(report__has_key="reused_from_execution")
        .exclude(execution_id=exclude)
        .order_by("-execution__finished_at", "-execution_id")
        .values_list("report__checks", flat=True)[: max(1, min(runs, MAX_RUNS))]
    )
    values = []
    for checks in rows:
        for entry in checks if isinstance(checks, list) else ():
            if isinstance(entry, dict) and entry.get("name") == name and entry.get("value") is not None:
                values.append(entry["value"])
                break
    return values


def check_history_for(execution: Execution, node_key: str) -> Callable[[str, int], list[Any]]:
    """``BuildContext.check_history`` of ``node_key`` in ``execution``: queried only when a check asks."""

    def history(name: str, runs: int) -> list[Any]:
        return check_measurements(
            pipeline_id=execution.pipeline_id, node_key=node_key, name=name, runs=runs, exclude=execution.pk
        )

    return history
