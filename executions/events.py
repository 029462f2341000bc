"""Event payloads of executions and steps (schemas in notifications.schemas). Called by services."""

from __future__ import annotations

from typing import Any

from executions.models import Execution
from notifications.events import publish
from notifications.redaction import redact_error


def _execution_data(execution: Execution) -> dict[str, Any]:
    return {
        "execution_id": execution.pk,
        "pipeline_id": execution.pipeline_id,
        "pipeline_slug": execution.pipeline.slug,
        "version": execution.version.number,
        "status": execution.status,
        "trigger": execution.trigger,
    }


def _connection_details(execution: Execution) -> list[str]:
    """Hosts, users, databases and secrets of the connections the execution's graph uses."""
    from pipelines.selectors import connection_details

    graph = execution.version.graph if isinstance(execution.version.graph, dict) else {}
    nodes = graph.get("nodes") if isinstance(graph.get("nodes"), list) else []
    slugs = {(n.get("config") or {}).get("connection") for n in nodes if isinstance(n, dict)}
    return connection_details(slugs=[s for s in slugs if isinstance(s, str)])


def error_summary(execution: Execution, error: str, *, limit: int = 2000) -> str:
    """An error text fit for an event or a notification: no connection details (users, hosts, DSNs,
    URLs with credentials, secrets). The full text stays on the StepRun/Execution, for the people who
    may see the execution."""
    if not error:
        return ""
    return redact_error(error, known=_connection_details(execution), limit=limit)


def execution_event(execution: Execution, type: str) -> None:
    """execution.* to the execution's, the pipeline's and the dashboard's topics."""
    data = _execution_data(execution)
    if type in ("execution.succeeded", "execution.failed", "execution.cancelled"):
        data |= {
            "duration_seconds": execution.duration_seconds,
            "rows_in": execution.rows_in,
            "rows_out": execution.rows_out,
            "error": error_summary(execution, execution.error),
        }
    publish(f"execution:{execution.pk}", type, data, topics=(f"pipeline:{execution.pipeline_id}", "dashboard"))


def node_event(
    execution: Execution, type: str, *, node_key: str, node_type: str, status: str, attempt: int, **extra: Any
) -> None:
    """step.* on the execution's topic (fused nodes get their own events, so every node on the
    canvas changes colour). An ``error`` is redacted (``error_summary``)."""
    if isinstance(extra.get("error"), str):
        extra["error"] = error_summary(execution, extra["error"])
    data = {
        "execution_id": execution.pk,
        "pipeline_id": execution.pipeline_id,
        "node_key": node_key,
        "node_type": node_type,
        "status": status,
        "attempt": attempt,
        **extra,
    }
    publish(f"execution:{execution.pk}", type, data)


def step_log_event(execution_id: int, node_key: str, lines: list[dict[str, Any]]) -> None:
    publish(
        f"execution:{execution_id}",
        "step.log",
        {"execution_id": execution_id, "node_key": node_key, "lines": lines[-200:]},
    )
