"""Schema propagation, node by node in topological order, over the nodes' own ``output_schema``."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import polars as pl
from django.conf import settings

from pipelines.nodes.base import BuildContext, NodeConfig, NodeError, NodeType, polars_message, schema_to_json
from pipelines.validation.lineage import resolve_lineage
from pipelines.validation.ports import Incoming
from pipelines.validation.result import Problem, ValidationResult

# (node key, output port) -> schema
Schemas = dict[tuple[str, str], pl.Schema]
Inputs = dict[str, pl.Schema | list[pl.Schema]]
Refs = dict[str, list[tuple[str, str]]]


def propagate_schemas(
    result: ValidationResult, types: dict[str, NodeType], incoming: Incoming, context: dict[str, Any]
) -> None:
    """Schemas and lineage of every node of ``result.order`` into ``result``; a node with a problem,
    or downstream of one, gets none (its problem already explains it)."""
    out_schemas: Schemas = {}
    failed: set[str] = {p.node for p in result.problems if p.node}
    data_root = context.get("data_root", settings.DATA_ROOT)
    for key in result.order:
        node_type = types.get(key)
        config = result.configs.get(key)
        if node_type is None or config is None or key in failed:
            failed.add(key)
            continue
        wired = _inputs(node_type, config, incoming[key], out_schemas)
        if wired is None:
            failed.add(key)  # an upstream problem already explains this node
            continue
        inputs, refs = wired
        ctx = BuildContext(
            node_key=key,
            mode="schema",
            data_root=data_root,
            params=context.get("params", {}),
            get_connection=context.get("get_connection"),
            timeout=settings.SOURCE_METADATA_TIMEOUT,
            file_access=context.get("file_access"),
        )
        outputs = _outputs(ctx, node_type, config, inputs, result.problems)
        if outputs is None:
            failed.add(key)
            continue
        for port, schema in outputs.items():
            out_schemas[(key, port)] = schema
        result.schemas[key] = _port_schemas(inputs, outputs)
        result.lineage[key] = resolve_lineage(node_type.lineage(config, inputs, outputs), refs)


def _inputs(
    node_type: NodeType, config: NodeConfig, edges_in: dict[str, list], out_schemas: Schemas
) -> tuple[Inputs, Refs] | None:
    """The schema on each connected input port (a list for a port of many edges) and the (node, port)
    of each edge into it; None when an upstream output has no schema."""
    inputs: Inputs = {}
    refs: Refs = {}
    for port in node_type.input_ports(config):
        edges = [e for _, e in edges_in.get(port.name, [])]
        schemas = []
        for e in edges:
            s = out_schemas.get((e.source, e.source_port))
            if s is None:
                return None
            schemas.append(s)
        if not edges:
            continue
        inputs[port.name] = schemas if port.multiple else schemas[0]
        refs[port.name] = [(e.source, e.source_port) for e in edges]
    return inputs, refs


# The output schemas of pure nodes (NodeType.pure: a Polars plan over the inputs, nothing else) are a
# function of the type, the config and the input schemas: kept per process for the last _CACHE_SIZE
# nodes, so the builder's validation after each edit (and the repeats of a large graph) rebuild only
# what changed. Problems are not kept: their messages name the node.
_CACHE_SIZE = 8192
_cache: OrderedDict[tuple, dict[str, pl.Schema]] = OrderedDict()
_cache_lock = threading.Lock()


def _schema_key(schema: pl.Schema) -> tuple:
    return tuple((name, repr(dtype)) for name, dtype in schema.items())


def _cache_key(node_type: NodeType, config: NodeConfig, inputs: Inputs) -> tuple:
    ports = tuple(
        sorted(
            (port, tuple(_schema_key(s) for s in schema) if isinstance(schema, list) else _schema_key(schema))
            for port, schema in inputs.items()
        )
    )
    return (type(node_type), node_type.key, config.model_dump_json(), ports)


def _pure_output_schema(ctx: BuildContext, node_type: NodeType, config: NodeConfig, inputs: Inputs):
    if not node_type.pure:
        return node_type.output_schema(ctx, config, inputs)
    key = _cache_key(node_type, config, inputs)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return {port: pl.Schema(schema) for port, schema in hit.items()}
    outputs = node_type.output_schema(ctx, config, inputs)
    with _cache_lock:
        _cache[key] = {port: pl.Schema(schema) for port, schema in outputs.items()}
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return outputs


def _outputs(
    ctx: BuildContext, node_type: NodeType, config: NodeConfig, inputs: Inputs, problems: list[Problem]
) -> dict[str, pl.Schema] | None:
    """The node's output schemas, or None with its problem added to ``problems``."""
    key = ctx.node_key
    try:
        return _pure_output_schema(ctx, node_type, config, inputs)
    except NodeError as exc:
        problems.append(
            Problem(
                code=exc.code,
                node=key,
                field=f"config.{exc.field}" if exc.field else "config",
                message=f"{key}: {exc.message}",
            )
        )
    except pl.exceptions.PolarsError as exc:
        problems.append(Problem(code="schema_error", node=key, field="config", message=f"{key}: {polars_message(exc)}"))
    return None


def _port_schemas(inputs: Inputs, outputs: dict[str, pl.Schema]) -> dict[str, dict[str, str]]:
    """``in:<port>`` (``in:<port>[i]`` for a port of many edges) and every output port -> {column: dtype}."""
    node_schemas = {f"in:{p}": schema_to_json(s) for p, s in inputs.items() if not isinstance(s, list)}
    for p, s in inputs.items():
        if isinstance(s, list):
            for i, one in enumerate(s):
                node_schemas[f"in:{p}[{i}]"] = schema_to_json(one)
    for port, schema in outputs.items():
        node_schemas[port] = schema_to_json(schema)
    return node_schemas
