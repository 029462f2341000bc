"""Graphs and tests shared by the pipeline-test suites."""

from __future__ import annotations

import itertools
from typing import Any


def node(key: str, type_: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"key": key, "type": type_, "config": config or {}}


def edge(source: str, target: str, source_port: str = "out", target_port: str = "in") -> dict[str, str]:
    return {"source": source, "source_port": source_port, "target": target, "target_port": target_port}


def chain(*nodes: dict[str, Any]) -> dict[str, Any]:
    """A straight line of nodes: each one's out into the next one's in."""
    return {"nodes": list(nodes), "edges": [edge(a["key"], b["key"]) for a, b in itertools.pairwise(nodes)]}


SOURCE = node("src", "source.file", {"path": "orders.csv", "format": "csv"})
DEST = node("dst", "destination.file", {"path": "out/result.csv", "format": "csv"})

ORDERS = [
    {"id": 1, "region": "north", "amount": 10.5, "status": "paid"},
    {"id": 2, "region": "south", "amount": -3.0, "status": "refund"},
    {"id": 3, "region": "north", "amount": 4.25, "status": "paid"},
    {"id": 4, "region": "south", "amount": 7.0, "status": "paid"},
]

FILTER_GRAPH = chain(SOURCE, node("keep", "transform.filter", {"condition": "amount > 0"}), DEST)
