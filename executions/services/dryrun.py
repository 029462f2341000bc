"""Dry-run: the same graph on a sample (or injected rows), every node collected, nothing written."""

from __future__ import annotations

import json
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.conf import settings
from django.core.exceptions import ValidationError

from pipelines import interactive
from pipelines.graph import EdgeSpec, Graph
from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, DestinationType, NodeError, NodeType, polars_message, schema_to_json
from pipelines.services.pipelines import (
    access_from_data,
    access_to_data,
    interactive_file_access,
    validation_context,
)
from pipelines.validation import validate_graph

MAX_SAMPLE_ROWS = 10_000
MAX_PREVIEW_ROWS = 200
MAX_INJECTED_ROWS = 10_000


def frame_preview(frame: pl.DataFrame, limit: int) -> list[dict[str, Any]]:
    """JSON-safe rows (dates, decimals and binaries as Polars serialises them)."""
    return json.loads(frame.head(limit).write_json())


def _check_inputs(sample_rows: int, preview_rows: int, injected: Any) -> None:
    errors: dict[str, list[str]] = {}
    if not 1 <= sample_rows <= MAX_SAMPLE_ROWS:
        errors["sample_rows"] = [f"Between 1 and {MAX_SAMPLE_ROWS}."]
    if not 0 <= preview_rows <= MAX_PREVIEW_ROWS:
        errors["preview_rows"] = [f"Between 0 and {MAX_PREVIEW_ROWS}."]
    if not isinstance(injected, dict) or not all(
        isinstance(rows, list) and all(isinstance(r, dict) for r in rows) for rows in injected.values()
    ):
        errors["inject"] = ["Expected an object mapping source node keys to lists of row objects."]
    elif any(len(rows) > MAX_INJECTED_ROWS for rows in injected.values()):
        errors["inject"] = [f"At most {MAX_INJECTED_ROWS} injected rows per node."]
    if errors:
        raise ValidationError(errors)


def pipeline_dry_run(
    *,
    graph: Graph,
    user,
    sample_rows: int = 100,
    preview_rows: int = 20,
    inject: dict[str, list[dict[str, Any]]] | None = None,
    time_limit: float | None = None,
    pipeline=None,
) -> dict[str, Any]:
    """Validate then run ``graph`` on a sample within ``time_limit`` seconds; per node: status,
    rows and schema of every output port, preview rows, timing, error and report. File nodes open only
    what ``user`` and the owner of ``pipeline`` (a saved pipeline's dry run) both may (docs/files.md)."""
    inject = inject or {}
    _check_inputs(sample_rows, preview_rows, inject)
    unknown = sorted(set(inject) - {n.key for n in graph.nodes})
    if unknown:
        raise ValidationError({"inject": [f"No node {k!r} in the graph." for k in unknown]})
    # In the interactive pool (pipelines.interactive): the child is killed at SLUICE_INTERACTIVE_SECONDS
    # (a 503 naming it); before that, nodes not started by ``time_limit`` are reported as not run.
    hard = settings.SLUICE_INTERACTIVE_SECONDS
    limit = min(time_limit or settings.SLUICE_DRY_RUN_SECONDS, hard * 0.9)
    return interactive.call(
        "executions.services.dryrun.dry_run_job",
        timeout=hard,
        graph=graph.to_dict(),
        user=interactive.user_ref(user),
        file_access=access_to_data(interactive_file_access(user=user, pipeline=pipeline, file_access=None)),
        sample_rows=sample_rows,
        preview_rows=preview_rows,
        inject=inject,
        seconds=limit,
    )


def dry_run_job(
    *, graph: dict, user, file_access: dict | None, sample_rows: int, preview_rows: int, inject: dict, seconds: float
) -> dict[str, Any]:
    """``pipeline_dry_run`` in an interactive child (plain data in and out)."""
    deadline = time.monotonic() + seconds
    context = validation_context(user=interactive.user_from_ref(user), file_access=access_from_data(file_access))
    return _dry_run(Graph.from_dict(graph), context, sample_rows, preview_rows, inject, deadline)


# Problems with the shape of the graph: after one of them, no node is run.
_STRUCTURAL = {"empty_graph", "too_large", "cycle", "duplicate_key", "unknown_node"}


@dataclass
class _Sample:
    """What every node of one dry run shares, and the frames the nodes run so far produced."""

    context: dict[str, Any]
    sample_rows: int
    preview_rows: int
    inject: dict[str, list[dict[str, Any]]]
    deadline: float
    outputs: dict[tuple[str, str], pl.DataFrame] = field(default_factory=dict)


def _dry_run(graph, context, sample_rows, preview_rows, inject, deadline) -> dict[str, Any]:
    """Validate ``graph``, then run its nodes in order on the sample: one entry per node."""
    started = time.monotonic()
    # "sample": the tables of a Spark connection are sampled through Arrow (sources.database), which a run on the
    # polars backend refuses to read whole.
    validation = validate_graph(graph, context={**context, "sample": True})
    result: dict[str, Any] = {
        "valid": validation.is_valid,
        "problems": [p.to_dict() for p in validation.problems],
        "nodes": {},
        "sample_rows": sample_rows,
    }
    if any(p.code in _STRUCTURAL for p in validation.problems):
        return result
    sample = _Sample(context, sample_rows, preview_rows, inject, deadline)
    broken = {p.node for p in validation.problems if p.node}
    specs = {n.key: n for n in graph.nodes}
    incoming: dict[str, list[EdgeSpec]] = {}
    for e in graph.edges:
        incoming.setdefault(e.target, []).append(e)
    for key in validation.order:
        node_started = time.monotonic()
        entry: dict[str, Any] = {"status": "ok", "rows": {}, "schema": {}, "preview": {}, "error": None}
        result["nodes"][key] = entry
        node_type = registry.get(specs[key].type)
        config = validation.configs.get(key)
        if key in broken or node_type is None or config is None:
            entry.update(
                status="invalid",
                error="; ".join(p.message for p in validation.problems if p.node == key)
                or "See the upstream problems.",
            )
            continue
        if time.monotonic() > deadline:
            entry.update(status="not_run", error="The dry run's time limit was reached before this node.")
            continue
        inputs = _node_inputs(node_type, config, incoming.get(key, []), sample.outputs)
        if inputs is None:
            entry.update(status="blocked", error="An upstream node did not produce data.")
            continue
        _run_node(key, node_type, config, inputs, entry, sample)
        entry["duration_ms"] = int((time.monotonic() - node_started) * 1000)
    result["duration_ms"] = int((time.monotonic() - started) * 1000)
    return result


def _node_inputs(
    node_type: NodeType, config, edges_in: list[EdgeSpec], outputs: dict[tuple[str, str], pl.DataFrame]
) -> dict[str, Any] | None:
    """The lazy frame on each input port (a list for a port of many edges); None when an upstream
    node produced no data."""
    inputs: dict[str, Any] = {}
    missing = False
    for port in node_type.input_ports(config):
        frames = []
        for e in edges_in:
            if e.target_port != port.name:
                continue
            frame = outputs.get((e.source, e.source_port))
            if frame is None:
                missing = True
                continue
            frames.append(frame.lazy())
        if port.multiple:
            inputs[port.name] = frames
        elif frames:
            inputs[port.name] = frames[0]
    return None if missing else inputs


def _run_node(
    key: str, node_type: NodeType, config, inputs: dict[str, Any], entry: dict[str, Any], sample: _Sample
) -> None:
    """Run one node on the sample into ``entry``: a destination checks and counts what it would
    write; any other node's outputs are collected, kept for the nodes downstream, and previewed."""
    ctx = BuildContext(
        node_key=key,
        mode="dry_run",
        sample_rows=sample.sample_rows,
        injected_rows=sample.inject.get(key),
        data_root=settings.DATA_ROOT,
        get_connection=sample.context["get_connection"],
        file_access=sample.context.get("file_access"),
        timeout=max(1.0, sample.deadline - time.monotonic()),
        stage_id=f"dry_{key}",
    )
    try:
        if isinstance(node_type, DestinationType):
            frame = inputs["in"].collect()
            node_type.check_input(ctx, config, frame.schema)
            entry["would_write"] = frame.height
            _show(entry, "in", frame, sample.preview_rows)
        else:
            built = node_type.execute(ctx, config, inputs)
            collected = dict(zip(built, pl.collect_all(list(built.values())), strict=True))
            for port, frame in collected.items():
                if node_type.family == "source":
                    frame = frame.head(sample.sample_rows)
                sample.outputs[(key, port)] = frame
                _show(entry, port, frame, sample.preview_rows)
    except NodeError as exc:
        entry.update(status="error", error=exc.message, field=exc.field)
    except pl.exceptions.PolarsError as exc:
        entry.update(status="error", error=polars_message(exc))
    except Exception as exc:  # user data can break a node in many ways; show it, never a 500
        entry.update(
            status="error",
            error=f"{type(exc).__name__}: {exc}",
            traceback="".join(traceback.format_exception(exc))[-4000:],
        )
    if ctx.report:
        entry["report"] = ctx.report


def _show(entry: dict[str, Any], port: str, frame: pl.DataFrame, preview_rows: int) -> None:
    """Rows, schema and preview of the frame on ``port``."""
    entry["rows"][port] = frame.height
    entry["schema"][port] = schema_to_json(frame.schema)
    entry["preview"][port] = frame_preview(frame, preview_rows)
