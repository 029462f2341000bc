"""Seeding of finished runs whose quality steps carry known reports, for the quality tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from executions.models import Execution, StepRun
from pipelines import services
from pipelines.graph import parse_graph_document

GRAPH = {
    "nodes": [
        {"key": "src", "type": "source.file", "config": {"path": "in.csv", "format": "csv"}},
        {
            "key": "check",
            "type": "quality.validate",
            "config": {
                "rules": [
                    {"name": "id_present", "type": "not_null", "columns": ["id"]},
                    {"name": "amount_positive", "type": "range", "column": "amount", "min": 0},
                ],
                "on_failure": "reject",
            },
        },
        {"key": "dst", "type": "destination.file", "config": {"path": "out/q.csv", "format": "csv"}},
    ],
    "edges": [
        {"source": "src", "source_port": "out", "target": "check", "target_port": "in"},
        {"source": "check", "source_port": "out", "target": "dst", "target_port": "in"},
    ],
}


def quality_pipeline(owner, name: str = "Quality pipeline", graph: dict | None = None):
    """A versioned pipeline src (DATA_ROOT/in.csv) → check (quality.validate) → dst."""
    write_input()
    pipeline = services.pipeline_create(user=owner, name=name, graph=parse_graph_document(graph or GRAPH))
    services.pipeline_version_create(pipeline=pipeline, user=owner)
    pipeline.refresh_from_db()
    return pipeline


def write_input(text: str = "id,amount\n1,5\n,3\n3,-2\n4,7\n") -> None:
    from pathlib import Path

    from django.conf import settings

    (Path(settings.DATA_ROOT) / "in.csv").write_text(text)


def report(rows: int, failures: dict[str, int], *, on_failure: str = "reject", samples=None) -> dict[str, Any]:
    """A quality.validate report: ``failures`` maps rule name -> failed rows (``row_count`` rules: 0/1)."""
    rules = []
    for name, failed in failures.items():
        rule_type = "row_count" if name.startswith("row_count") else "not_null"
        entry = {
            "name": name,
            "type": rule_type,
            "passed": (rows - failed) if rule_type != "row_count" else int(not failed),
            "failed": failed,
            "sample": (samples or {}).get(name, []),
        }
        if failed:
            entry["message"] = f"{failed} of {rows} rows fail"
        rules.append(entry)
    return {"rows": rows, "on_failure": on_failure, "rules": rules}


def seed_run(
    pipeline,
    *,
    at: datetime,
    rows: int = 100,
    failures: dict[str, int],
    status: str = "succeeded",
    node_key: str = "check",
    on_failure: str = "reject",
    samples=None,
    extra_report: dict | None = None,
) -> Execution:
    """A finished execution (finished at ``at``) with a source step and a quality step."""
    execution = Execution.objects.create(
        pipeline=pipeline,
        version=pipeline.current_version,
        status=status,
        started_at=at - timedelta(seconds=5),
        finished_at=at,
    )
    Execution.objects.filter(pk=execution.pk).update(created_at=at - timedelta(seconds=6))
    quality_report = {**report(rows, failures, on_failure=on_failure, samples=samples), **(extra_report or {})}
    StepRun.objects.bulk_create(
        [
            StepRun(execution=execution, node_key="src", node_type="source.file", group="src", status="succeeded"),
            StepRun(
                execution=execution,
                node_key=node_key,
                node_type="quality.validate",
                group=node_key,
                status="failed" if status == "failed" else "succeeded",
                report=quality_report,
            ),
        ]
    )
    return execution
