"""Seeded pipelines and finished runs with known figures, for the insights tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings

from executions.models import Execution, StepRun
from pipelines import services
from pipelines.graph import parse_graph_document

SHOP = {
    "nodes": [
        {"key": "orders", "type": "source.file", "config": {"path": "orders.csv", "format": "csv"}},
        {"key": "customers", "type": "source.file", "config": {"path": "customers.csv", "format": "csv"}},
        {"key": "joined", "type": "transform.join", "config": {"how": "inner", "on": ["customer_id"]}},
        {"key": "big", "type": "transform.filter", "config": {"condition": "amount > 3"}},
        {"key": "top", "type": "transform.sort", "config": {"keys": [{"column": "amount", "descending": True}]}},
        {"key": "first", "type": "transform.limit", "config": {"n": 2}},
        {"key": "keep", "type": "transform.map", "config": {"select": ["id", "amount", "name"]}},
        {"key": "dst", "type": "destination.file", "config": {"path": "out/shop.csv", "format": "csv"}},
    ],
    "edges": [
        {"source": "orders", "source_port": "out", "target": "joined", "target_port": "left"},
        {"source": "customers", "source_port": "out", "target": "joined", "target_port": "right"},
        {"source": "joined", "source_port": "out", "target": "big", "target_port": "in"},
        {"source": "big", "source_port": "out", "target": "top", "target_port": "in"},
        {"source": "top", "source_port": "out", "target": "first", "target_port": "in"},
        {"source": "first", "source_port": "out", "target": "keep", "target_port": "in"},
        {"source": "keep", "source_port": "out", "target": "dst", "target_port": "in"},
    ],
}
SHOP_NODES = [n["key"] for n in SHOP["nodes"]]
# The fused groups of SHOP: one in-tree (both sources start their branches of the join), headed by orders.
SHOP_GROUPS = dict.fromkeys(SHOP_NODES, "orders")

LINE = {
    "nodes": [
        {"key": "src", "type": "source.file", "config": {"path": "orders.csv", "format": "csv"}},
        {"key": "dst", "type": "destination.file", "config": {"path": "out/line.csv", "format": "csv"}},
    ],
    "edges": [{"source": "src", "source_port": "out", "target": "dst", "target_port": "in"}],
}


def write_inputs() -> None:
    root = Path(settings.DATA_ROOT)
    (root / "orders.csv").write_text("id,customer_id,amount,note,region\n1,10,5,a,n\n2,11,2,b,s\n3,10,9,c,n\n")
    (root / "customers.csv").write_text("customer_id,name\n10,Ann\n11,Bob\n")


def make_pipeline(owner, *, name: str = "Shop", graph: dict | None = None):
    write_inputs()
    pipeline = services.pipeline_create(user=owner, name=name, graph=parse_graph_document(graph or SHOP))
    services.pipeline_version_create(pipeline=pipeline, user=owner)
    pipeline.refresh_from_db()
    return pipeline


def seed_run(
    pipeline,
    *,
    at: datetime,
    seconds: float = 10.0,
    rows_out: int = 1000,
    status: str = "succeeded",
    fuse: bool = True,
    steps: dict[str, dict] | None = None,
) -> Execution:
    """A run that finished at ``at`` after ``seconds``; ``steps``: node key -> StepRun fields (status
    succeeded, the fused group of SHOP unless ``fuse`` is off, by default)."""
    execution = Execution.objects.create(
        pipeline=pipeline,
        version=pipeline.current_version,
        status=status,
        started_at=at - timedelta(seconds=seconds),
        finished_at=at,
        rows_out=rows_out,
        fuse_chains=fuse,
    )
    Execution.objects.filter(pk=execution.pk).update(created_at=at - timedelta(seconds=seconds + 1))
    rows = []
    for key, fields in (steps or {}).items():
        group = SHOP_GROUPS.get(key, key) if fuse else key
        rows.append(
            StepRun(
                execution=execution,
                node_key=key,
                node_type=fields.pop("node_type", _type(pipeline, key)),
                group=fields.pop("group", group),
                status=fields.pop("status", "succeeded"),
                **fields,
            )
        )
    StepRun.objects.bulk_create(rows)
    return execution


def _type(pipeline, key: str) -> str:
    for node in pipeline.current_version.graph["nodes"]:
        if node["key"] == key:
            return node["type"]
    return "transform.filter"
