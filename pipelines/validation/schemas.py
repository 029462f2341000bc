"""Schema propagation, node by node in topological order, over the nodes' own ``output_schema``."""

from __future__ import annotations

import logging
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
    or downstream of one, gets none (its problem already explains it).

    One pass in topological order, everything by key: each output port's schema is described (its
    cache key and its JSON) once, when its node is done, and reused by every node it feeds."""
    out_schemas: dict[tuple[str, str], PortSchema] = {}
    failed: set[str] = {p.node for p in result.problems if p.node}
    base = {
        "mode": "schema",
        "data_root": context.get("data_root", settings.DATA_ROOT),
        "params": context.get("params", {}),
        "get_connection": context.get("get_connection"),
        "timeout": settings.SOURCE_METADATA_TIMEOUT,
        "file_access": context.get("file_access"),
        "logger": _NODE_LOG,
    }
    read: SourceReads = {}
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
        inputs, described, refs = wired
        ctx = BuildContext(node_key=key, **base)
        done = _outputs(ctx, node_type, config, (inputs, described), result.problems, read)
        if done is None:
            failed.add(key)
            continue
        outputs, lineage = done
        node_schemas: dict[str, dict[str, str]] = {}
        for port, one in described.items():
            if isinstance(one, list):
                for i, each in enumerate(one):
                    node_schemas[f"in:{port}[{i}]"] = each.json
            else:
                node_schemas[f"in:{port}"] = one.json
        for port, out in outputs.items():
            out_schemas[(key, port)] = out
            node_schemas[port] = out.json
        result.schemas[key] = node_schemas
        if lineage is None:
            outs = {port: pl.Schema(out.schema, check_dtypes=False) for port, out in outputs.items()}
            lineage = node_type.lineage(config, _own(inputs), outs)
        result.lineage[key] = resolve_lineage(lineage, refs)


_NODE_LOG = logging.getLogger("sluice.node")


class PortSchema:
    """An output port's schema, with its cache key and JSON made once for every node it feeds."""

    __slots__ = ("json", "key", "schema")

    def __init__(self, schema: pl.Schema, key: tuple | None = None, json: dict[str, str] | None = None):
        self.schema = schema
        self.key = _schema_key(schema) if key is None else key
        self.json = schema_to_json(schema) if json is None else json


def _own(inputs: Inputs) -> Inputs:
    """Copies of a node's input schemas for its own code to use (and change, if it likes). Node code only
    ever sees such copies, so the described schemas (the cache's, a shared source's, every node's that
    it feeds) are never changed and are shared as they are: a node whose outputs come from the cache
    costs no copy at all (1,900 schema copies per 2,000-node validation before)."""
    return {
        port: [pl.Schema(s, check_dtypes=False) for s in one]
        if isinstance(one, list)
        else pl.Schema(one, check_dtypes=False)
        for port, one in inputs.items()
    }


Described = dict[str, "PortSchema | list[PortSchema]"]


def _inputs(
    node_type: NodeType, config: NodeConfig, edges_in: dict[str, list], out_schemas: dict[tuple[str, str], PortSchema]
) -> tuple[Inputs, Described, Refs] | None:
    """The schema on each connected input port (a list for a port of many edges), the same described,
    and the (node, port) of each edge into it; None when an upstream output has no schema."""
    inputs: Inputs = {}
    described: Described = {}
    refs: Refs = {}
    for port in node_type.input_ports(config):
        edges = [e for _, e in edges_in.get(port.name, [])]
        if not edges:
            continue
        ports = []
        for e in edges:
            s = out_schemas.get((e.source, e.source_port))
            if s is None:
                return None
            ports.append(s)
        described[port.name] = ports if port.multiple else ports[0]
        inputs[port.name] = [p.schema for p in ports] if port.multiple else ports[0].schema
        refs[port.name] = [(e.source, e.source_port) for e in edges]
    return inputs, described, refs


# The output schemas and lineage of pure nodes (NodeType.pure: a Polars plan over the inputs, nothing
# else) are a function of the type, the config and the input schemas: kept per process for the last
# _CACHE_SIZE nodes, so the builder's validation after each edit (and the repeats of a large graph)
# rebuild only what changed. Problems are not kept: their messages name the node.
_CACHE_SIZE = 8192
_cache: OrderedDict[tuple, Done] = OrderedDict()
_cache_lock = threading.Lock()


def _schema_key(schema: pl.Schema) -> tuple:
    return tuple((name, repr(dtype)) for name, dtype in schema.items())


def _cache_key(node_type: NodeType, config: NodeConfig, described: Described) -> tuple:
    ports = tuple(
        sorted(
            (port, tuple(p.key for p in one) if isinstance(one, list) else one.key) for port, one in described.items()
        )
    )
    return (type(node_type), node_type.key, config.model_dump_json(), ports)


Wired = tuple[Inputs, Described]
# The described outputs, and the node's lineage when it comes from the cache (else None: asked of the node)
Done = tuple[dict[str, PortSchema], Any]


def _described(outputs: dict[str, pl.Schema]) -> dict[str, PortSchema]:
    return {port: PortSchema(schema) for port, schema in outputs.items()}


def _pure_output_schema(ctx: BuildContext, node_type: NodeType, config: NodeConfig, wired: Wired) -> Done:
    inputs, described = wired
    if not node_type.pure:
        return _described(node_type.output_schema(ctx, config, _own(inputs))), None
    key = _cache_key(node_type, config, described)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    inputs = _own(inputs)
    outputs = node_type.output_schema(ctx, config, inputs)
    lineage = node_type.lineage(
        config, _own(inputs), {port: pl.Schema(s, check_dtypes=False) for port, s in outputs.items()}
    )
    described = _described(outputs)
    with _cache_lock:
        _cache[key] = (described, lineage)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return described, lineage


# A source's schema is read once per validation: several sources with the same type and config (the
# same file, table or endpoint, read for the same user in the same context) share the first one's
# outcome, its problem included (a source that timed out is not waited on again). Kept for one
# validation only: the file or table may change before the next.
SourceReads = dict[tuple, "Done | Exception"]


def _source_output_schema(
    ctx: BuildContext, node_type: NodeType, config: NodeConfig, wired: Wired, read: SourceReads
) -> Done:
    if node_type.pure or node_type.family != "source" or wired[0]:
        return _pure_output_schema(ctx, node_type, config, wired)
    key = (type(node_type), node_type.key, config.model_dump_json())
    if key not in read:
        try:
            read[key] = _pure_output_schema(ctx, node_type, config, wired)
        except (NodeError, pl.exceptions.PolarsError) as exc:
            read[key] = exc
    outcome = read[key]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def _outputs(
    ctx: BuildContext,
    node_type: NodeType,
    config: NodeConfig,
    wired: Wired,
    problems: list[Problem],
    read: SourceReads,
) -> Done | None:
    """The node's output schemas (and lineage, when known), or None with its problem added to ``problems``."""
    key = ctx.node_key
    try:
        return _source_output_schema(ctx, node_type, config, wired, read)
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
