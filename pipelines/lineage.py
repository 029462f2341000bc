"""Lineage (docs/lineage.md): of columns inside a pipeline, and of datasets across pipelines.

Inside a pipeline, the validator's column lineage (``pipelines.validation``: output port -> column ->
the upstream columns it comes from) becomes a graph of columns (node, port, column); a destination's
columns are those of its input (port ``in``). ``column_lineage`` walks it both ways from one column.

Across pipelines, each pipeline's *current version* names the datasets its sources read and its
destinations write (a file path, a table of a connection, a DuckDB file's table, an API URL without its
query): ``dataset_graph`` links pipelines through them. Only pipelines the user may see are read, so a
dataset is named only through them. ``impact`` answers "what breaks if this dataset (or this column of
it) goes": the pipelines, nodes and columns downstream, following written datasets into the pipelines
that read them (column-level through each pipeline's validation, in the interactive pool, bounded).
"""

from __future__ import annotations

import fnmatch
import re
from collections import deque
from typing import Any

from django.urls import reverse

from pipelines.graph import Graph, NodeSpec

MAX_IMPACT_PIPELINES = 25  # validations one impact analysis may run


class DatasetNotFound(LookupError):
    """No pipeline the user may see names this dataset (its existence is not disclosed)."""


Column = tuple[str, str, str]  # (node, port, column)


# --- datasets of a node -----------------------------------------------------------------------------


def _table(config: dict[str, Any]) -> str | None:
    table = config.get("table")
    if not isinstance(table, str) or not table:
        return None
    schema = config.get("schema") or config.get("schema_")
    return f"{schema}.{table}" if isinstance(schema, str) and schema else table


def _query_tables(query: str) -> list[str]:
    """The tables a source's SQL query reads (sqlglot; nothing when it does not parse)."""
    try:
        import sqlglot
        from sqlglot import exp

        tree = sqlglot.parse_one(query)
    except Exception:  # any parse failure: the query names no dataset we can tell
        return []
    ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
    names = {(f"{t.db}.{t.name}" if t.db else t.name) for t in tree.find_all(exp.Table) if t.name not in ctes}
    return sorted(n for n in names if n)


def _file(path: Any) -> str | None:
    if not isinstance(path, str) or not path.strip():
        return None
    return re.sub(r"^(\./)+", "", path.strip()).rstrip("/")


def node_datasets(node: NodeSpec) -> list[tuple[str, dict[str, str]]]:
    """(``reads`` | ``writes``, dataset) of one node, from its type and config; a dataset is
    ``{"id", "kind", "name"}`` (``kind``: file, table, api)."""
    config = node.config or {}
    kind = node.type
    found: list[tuple[str, dict[str, str]]] = []
    if kind in ("source.file", "destination.file"):
        path = _file(config.get("path"))
        if path:
            found.append(("reads" if kind == "source.file" else "writes", _dataset("file", path)))
    elif kind in ("source.database", "destination.database"):
        connection = config.get("connection")
        table = _table(config)
        tables = [table] if table else _query_tables(config.get("query") or "") if kind == "source.database" else []
        for one in tables:
            found.append(("reads" if kind == "source.database" else "writes", _dataset("table", f"{connection}/{one}")))
    elif kind == "destination.warehouse":
        table = _table(config)
        if table:
            place = config.get("connection") or f"duckdb:{_file(config.get('path')) or 'warehouse.duckdb'}"
            found.append(("writes", _dataset("table", f"{place}/{table}")))
    elif kind == "source.api":
        url = config.get("url")
        if isinstance(url, str) and url:
            base = url.split("?", 1)[0].split("#", 1)[0]
            base = re.sub(r"//[^/@]*@", "//", base)  # no credentials in a name
            connection = config.get("connection")
            found.append(("reads", _dataset("api", f"{connection}:{base}" if connection else base)))
    return found


def _dataset(kind: str, name: str) -> dict[str, str]:
    return {"id": f"{kind}:{name}", "kind": kind, "name": name}


# --- across pipelines --------------------------------------------------------------------------------


def dataset_graph(pipelines) -> dict[str, Any]:
    """The dataset graph of ``pipelines`` (with ``current_version`` loaded): pipelines, datasets, and
    edges ``{pipeline, node, dataset, direction}``. A source reading a glob (``out/*.parquet``) or a
    directory also reads the file datasets written under it."""
    items, datasets, edges = [], {}, []
    for pipeline in pipelines:
        version = pipeline.current_version
        if version is None:
            continue
        items.append(
            {
                "id": pipeline.pk,
                "name": pipeline.name,
                "slug": pipeline.slug,
                "version": version.number,
                "url": reverse("pipelines:detail", kwargs={"pk": pipeline.pk}),
            }
        )
        for node in Graph.from_dict(version.graph or {}).nodes:
            for direction, dataset in node_datasets(node):
                datasets.setdefault(dataset["id"], dataset)
                edges.append(
                    {"pipeline": pipeline.pk, "node": node.key, "dataset": dataset["id"], "direction": direction}
                )
    edges += _glob_reads(edges, datasets)
    return {"pipelines": items, "datasets": sorted(datasets.values(), key=lambda d: d["id"]), "edges": edges}


def _glob_reads(edges: list[dict[str, Any]], datasets: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    written = {e["dataset"] for e in edges if e["direction"] == "writes" and e["dataset"].startswith("file:")}
    extra = []
    for e in edges:
        if e["direction"] != "reads" or not e["dataset"].startswith("file:"):
            continue
        pattern = datasets[e["dataset"]]["name"]
        for target in written - {e["dataset"]}:
            name = datasets[target]["name"]
            if fnmatch.fnmatchcase(name, pattern) or name.startswith(pattern + "/"):
                extra.append({**e, "dataset": target, "via": e["dataset"]})
    return extra


def dataset_impact(graph: dict[str, Any], dataset: str) -> dict[str, Any]:
    """Dataset level: every pipeline (with the nodes reading) downstream of ``dataset``, following what
    they write into the pipelines that read it; and the datasets on the way."""
    reads: dict[str, list[dict]] = {}
    writes: dict[int, list[str]] = {}
    for e in graph["edges"]:
        if e["direction"] == "reads":
            reads.setdefault(e["dataset"], []).append(e)
        else:
            writes.setdefault(e["pipeline"], []).append(e["dataset"])
    seen_datasets, affected = {dataset}, {}
    todo = deque([dataset])
    while todo:
        current = todo.popleft()
        for e in reads.get(current, []):
            entry = affected.setdefault(e["pipeline"], {"pipeline": e["pipeline"], "nodes": set(), "via": set()})
            entry["nodes"].add(e["node"])
            entry["via"].add(current)
            for written in writes.get(e["pipeline"], []):
                if written not in seen_datasets:
                    seen_datasets.add(written)
                    todo.append(written)
    return {
        "pipelines": [
            {"pipeline": p, "nodes": sorted(v["nodes"]), "via": sorted(v["via"])} for p, v in sorted(affected.items())
        ],
        "datasets": sorted(seen_datasets - {dataset}),
    }


# --- columns inside one pipeline ----------------------------------------------------------------------


def column_edges(graph: Graph, validation: dict[str, Any]) -> list[tuple[Column, Column]]:
    """(from, to) column links of a validated graph: the validator's lineage of every output column, and
    each destination's input columns from the edge into it."""
    links: list[tuple[Column, Column]] = []
    for node, ports in (validation.get("lineage") or {}).items():
        for port, columns in ports.items():
            for column, sources in columns.items():
                links += [((s["node"], s["port"], s["column"]), (node, port, column)) for s in sources]
    types = {n.key: n.type for n in graph.nodes}
    schemas = validation.get("schemas") or {}
    for e in graph.edges:
        if types.get(e.target, "").startswith("destination."):
            for column in (schemas.get(e.source) or {}).get(e.source_port, {}):
                links.append(((e.source, e.source_port, column), (e.target, e.target_port, column)))
    return links


def column_lineage(
    graph: Graph, validation: dict[str, Any], *, node: str, column: str, port: str | None = None
) -> dict[str, Any]:
    """Where ``column`` of ``node`` (its output ``port``, by default the first that has the column; a
    destination's input) comes from and what it feeds: ``upstream`` and ``downstream`` columns with their
    distance, ``edges`` between them, and the ``consumers``: the nodes that receive the column or one it
    feeds on an input (a node may use a column, in a filter or a sort, without passing it on)."""
    links = column_edges(graph, validation)
    start = _start(graph, validation, links, node, column, port)
    forward: dict[Column, list[Column]] = {}
    backward: dict[Column, list[Column]] = {}
    for a, b in links:
        forward.setdefault(a, []).append(b)
        backward.setdefault(b, []).append(a)
    up, up_edges = _walk(start, backward, backward=True)
    down, down_edges = _walk(start, forward)
    reached = {start, *down}
    consumers = sorted({e.target for e in graph.edges for n, p, _ in reached if (e.source, e.source_port) == (n, p)})
    return {
        "node": start[0],
        "port": start[1],
        "column": start[2],
        "upstream": [_column(c, d) for c, d in up.items()],
        "downstream": [_column(c, d) for c, d in down.items()],
        "edges": [{"from": _column(a), "to": _column(b)} for a, b in [*up_edges, *down_edges]],
        "consumers": consumers,
    }


def _start(graph, validation, links, node: str, column: str, port: str | None) -> Column:
    """The column to start from, or a ValueError saying why there is none."""
    if node not in {n.key for n in graph.nodes}:
        raise ValueError(f"No node {node!r} in the pipeline.")
    ports = dict((validation.get("schemas") or {}).get(node) or {})
    candidates = [p for p, cols in ports.items() if not p.startswith("in:") and column in cols]
    candidates += sorted({b[1] for _, b in links if b[0] == node and b[2] == column} - set(candidates))
    if port is not None:
        if port not in candidates:
            raise ValueError(f"{node} has no column {column!r} on port {port!r}.")
        return (node, port, column)
    if not candidates:
        raise ValueError(f"{node} has no column {column!r} (or the pipeline does not validate up to it).")
    return (node, candidates[0], column)


def _walk(
    start: Column, nexts: dict[Column, list[Column]], *, backward: bool = False
) -> tuple[dict[Column, int], list[tuple[Column, Column]]]:
    """Breadth first from ``start``: every column reached with its distance, and the links (always
    upstream -> downstream) walked."""
    seen: dict[Column, int] = {}
    edges: list[tuple[Column, Column]] = []
    todo = deque([(start, 0)])
    while todo:
        current, distance = todo.popleft()
        for one in nexts.get(current, []):
            edges.append((one, current) if backward else (current, one))
            if one not in seen and one != start:
                seen[one] = distance + 1
                todo.append((one, distance + 1))
    return seen, edges


def _column(c: Column, distance: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"node": c[0], "port": c[1], "column": c[2]}
    if distance is not None:
        out["distance"] = distance
    return out


# --- reads for a user -------------------------------------------------------------------------------


def lineage_for(*, user) -> dict[str, Any]:
    """The dataset graph of the pipelines ``user`` may see (one query)."""
    from pipelines.selectors import pipelines_visible_to

    pipelines = pipelines_visible_to(user=user).select_related("current_version").order_by("name", "id")
    return dataset_graph(pipelines)


def pipeline_column_lineage(
    *, pipeline, user, node: str, column: str, port: str | None = None, graph: Graph | None = None
) -> dict[str, Any]:
    """``column_lineage`` of ``pipeline``'s draft (or ``graph``), validated in the interactive pool."""
    from pipelines.selectors import pipeline_graph
    from pipelines.services import pipeline_validate

    graph = graph or pipeline_graph(pipeline=pipeline)
    validation = pipeline_validate(graph=graph, user=user, pipeline=pipeline).to_dict()
    return column_lineage(graph, validation, node=node, column=column, port=port)


def impact_for(*, user, dataset: str, column: str | None = None) -> dict[str, Any]:
    """What depends on ``dataset`` among the pipelines ``user`` may see; with ``column``, down to the
    nodes and columns fed by it (each reading pipeline's current version validated, at most
    MAX_IMPACT_PIPELINES of them: ``truncated`` says when more were left)."""
    from pipelines.selectors import pipelines_visible_to

    pipelines = {p.pk: p for p in pipelines_visible_to(user=user).select_related("current_version", "owner")}
    graph = dataset_graph(pipelines.values())
    if dataset not in {d["id"] for d in graph["datasets"]}:
        raise DatasetNotFound(f"No dataset {dataset!r} among the pipelines you can see.")
    result = dataset_impact(graph, dataset)
    names = {p["id"]: p for p in graph["pipelines"]}
    for entry in result["pipelines"]:
        entry.update(name=names[entry["pipeline"]]["name"], url=names[entry["pipeline"]]["url"])
    result.update(dataset=dataset, column=column, columns=[], truncated=False)
    if column:
        _column_impact(result, graph, pipelines, user, dataset, column)
    return result


def _column_impact(result, graph, pipelines, user, dataset: str, column: str) -> None:
    """Follow (dataset, column) into the pipelines that read the dataset, column by column."""
    from pipelines.services import pipeline_validate

    reads: dict[str, list[dict]] = {}
    for e in graph["edges"]:
        if e["direction"] == "reads":
            reads.setdefault(e["dataset"], []).append(e)
    writers = {(e["pipeline"], e["node"]): e["dataset"] for e in graph["edges"] if e["direction"] == "writes"}
    todo, seen, validated = deque([(dataset, column)]), {(dataset, column)}, {}
    affected: dict[tuple[int, str], set[str]] = {}
    while todo:
        current, name = todo.popleft()
        for e in reads.get(current, []):
            pid = e["pipeline"]
            if pid not in validated:
                if len(validated) >= MAX_IMPACT_PIPELINES:
                    result["truncated"] = True
                    continue
                version_graph = Graph.from_dict(pipelines[pid].current_version.graph or {})
                check = pipeline_validate(graph=version_graph, user=user, pipeline=pipelines[pid])
                validated[pid] = (version_graph, check.to_dict())
            version_graph, validation = validated[pid]
            try:
                found = column_lineage(version_graph, validation, node=e["node"], column=name)
            except ValueError:
                continue  # the source does not have the column (or does not validate)
            for c in [found, *found["downstream"]]:
                affected.setdefault((pid, c["node"]), set()).add(c["column"])
                target = writers.get((pid, c["node"]))
                if target and (target, c["column"]) not in seen:
                    seen.add((target, c["column"]))
                    todo.append((target, c["column"]))
            for consumer in found["consumers"]:
                affected.setdefault((pid, consumer), set())
    result["columns"] = [
        {"pipeline": pid, "node": node, "columns": sorted(cols)} for (pid, node), cols in sorted(affected.items())
    ]
    result["datasets_columns"] = sorted({f"{d} {c}" for d, c in seen if d != dataset})
