"""The lineage page (docs/lineage.md): which pipeline reads and writes which dataset, across the pipelines
the user may see, drawn by the read-only DAG island (dag.js) with a table twin; and its impact part."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.htmx import is_htmx
from pipelines.interactive import InteractiveError
from pipelines.lineage import DatasetNotFound, impact_for, lineage_for


def lineage_dag(graph: dict[str, Any]) -> dict[str, Any]:
    """The dataset graph as a dag.js document: pipelines and datasets are nodes, reads and writes edges."""
    read = {e["dataset"] for e in graph["edges"] if e["direction"] == "reads"}
    written = {e["dataset"] for e in graph["edges"] if e["direction"] == "writes"}
    nodes = [
        {"key": f"p{p['id']}", "type": "pipeline", "label": p["name"], "family": "transform", "position": None}
        for p in graph["pipelines"]
    ]
    nodes += [
        {
            "key": f"d:{d['id']}",
            "type": f"{d['kind']} dataset",
            "label": d["name"],
            "family": "source" if d["id"] not in written else "destination" if d["id"] not in read else "quality",
            "position": None,
            "inputs": ["in"] if d["id"] in written else [],
            "outputs": ["out"] if d["id"] in read else [],
        }
        for d in graph["datasets"]
    ]
    edges = []
    for e in graph["edges"]:
        pipeline, dataset = f"p{e['pipeline']}", f"d:{e['dataset']}"
        source, target = (dataset, pipeline) if e["direction"] == "reads" else (pipeline, dataset)
        edge = {"source": source, "target": target, "source_port": "out", "target_port": "in"}
        if edge not in edges:
            edges.append(edge)
    return {"nodes": nodes, "edges": edges}


def _datasets_table(graph: dict[str, Any]) -> list[dict[str, Any]]:
    names = {p["id"]: p for p in graph["pipelines"]}
    rows = []
    for d in graph["datasets"]:
        links = [e for e in graph["edges"] if e["dataset"] == d["id"]]
        rows.append(
            {
                **d,
                "writers": _pipelines(links, names, "writes"),
                "readers": _pipelines(links, names, "reads"),
            }
        )
    return rows


def _pipelines(links, names, direction: str) -> list[dict[str, Any]]:
    seen: dict[int, dict[str, Any]] = {}
    for e in links:
        if e["direction"] == direction:
            entry = seen.setdefault(e["pipeline"], {**names[e["pipeline"]], "nodes": []})
            entry["nodes"].append(e["node"])
    return list(seen.values())


@login_required
@require_GET
def lineage_page(request):
    graph = lineage_for(user=request.user)
    context = {"graph": graph, "dag": lineage_dag(graph), "datasets": _datasets_table(graph)}
    return render(request, "pipelines/lineage.html", context)


@login_required
@require_GET
def lineage_impact(request):
    """/lineage/impact/?dataset=&column=: what depends on a dataset (or a column of it)."""
    dataset = request.GET.get("dataset", "")[:2000]
    column = request.GET.get("column", "")[:1000].strip() or None
    result, error, status = None, None, 200
    if dataset:
        try:
            result = impact_for(user=request.user, dataset=dataset, column=column)
        except DatasetNotFound as exc:
            error, status = str(exc), 404
        except InteractiveError as exc:
            error, status = str(exc.detail), exc.status_code
    else:
        error, status = "Choose a dataset.", 400
    template = "pipelines/lineage_impact.html" if is_htmx(request) else "pipelines/lineage_impact_page.html"
    context = {"result": result, "error": error, "dataset": dataset, "column": column}
    return render(request, template, context, status=status)
