"""Seeding of Execution and StepRun rows with known figures, for the monitoring tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from executions.models import Execution, StepRun
from pipelines import services
from pipelines.graph import parse_graph_document
from tests.executions.conftest import chain

GRAPH = chain(("src", "t.rows", {"n": 3}), ("add", "t.add", {}), ("out", "t.sink", {"name": "o"}))


def pipeline_for(owner, name: str, **fields):
    pipeline = services.pipeline_create(user=owner, name=name, graph=parse_graph_document(GRAPH), **fields)
    services.pipeline_version_create(pipeline=pipeline, user=owner)
    pipeline.refresh_from_db()
    return pipeline


def seed_run(
    pipeline,
    *,
    created: datetime,
    status: str = "succeeded",
    seconds: float = 10.0,
    rows: int = 100,
    add_ms: int | None = 100,
    add_status: str | None = None,
    error: str = "",
    cpu: float = 0.5,
    rss: int = 1000,
    out_ms: int = 1000,
    worker: str = "",
) -> Execution:
    """One execution with three steps src → add → out; ``add`` has the given duration and status."""
    started = created + timedelta(seconds=1)
    finished = started + timedelta(seconds=seconds) if status in Execution.FINISHED else None
    execution = Execution.objects.create(
        pipeline=pipeline,
        version=pipeline.current_version,
        status=status,
        started_at=started,
        finished_at=finished,
        rows_in=rows,
        rows_out=rows,
        error=error,
    )
    Execution.objects.filter(pk=execution.pk).update(created_at=created)  # auto_now_add overrides on create
    execution.created_at = created
    add_status = add_status or ("failed" if status == "failed" else "succeeded")
    out_status = {"succeeded": "succeeded", "failed": "skipped"}.get(add_status, "pending")
    steps = [
        StepRun(
            execution=execution,
            node_key="src",
            node_type="t.rows",
            group="src",
            status="succeeded",
            started_at=started,
            finished_at=started + timedelta(milliseconds=50),
            duration_ms=50,
            rows_out=rows,
            cpu_seconds=0.1,
            peak_rss_bytes=500,
            worker=worker,
        ),
        StepRun(
            execution=execution,
            node_key="add",
            node_type="t.add",
            group="add",
            status=add_status,
            started_at=started,
            finished_at=started + timedelta(milliseconds=add_ms or 0) if add_status in StepRun.DONE else None,
            duration_ms=add_ms if add_status in StepRun.DONE else None,
            rows_in=rows,
            rows_out=rows if add_status == "succeeded" else None,
            cpu_seconds=cpu,
            peak_rss_bytes=rss,
            error=error if add_status == "failed" else "",
            worker=worker,
        ),
        StepRun(
            execution=execution,
            node_key="out",
            node_type="t.sink",
            group="out",
            status=out_status,
            started_at=started if out_status == "succeeded" else None,
            finished_at=started + timedelta(milliseconds=out_ms) if out_status == "succeeded" else None,
            duration_ms=out_ms if out_status == "succeeded" else None,
            rows_in=rows if out_status == "succeeded" else None,
            worker=worker,
        ),
    ]
    StepRun.objects.bulk_create(steps)
    return execution
