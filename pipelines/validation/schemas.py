"""Schema propagation and column-level lineage, node by node in topological order."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.conf import settings

from pipelines.nodes.base import BuildContext, NodeError, polars_message, schema_to_json
from pipelines.validation.result import Problem, ValidationResult


def _propagate(graph, result: ValidationResult, types, incoming, context: dict[str, Any]) -> None:
    """Schema propagation and lineage in topological order, over the nodes' own ``output_schema``."""
    out_schemas: dict[tuple[str, str], pl.Schema] = {}
    failed: set[str] = {p.node for p in result.problems if p.node}
    data_root = context.get("data_root", settings.DATA_ROOT)
    for key in result.order:
        node_type = types.get(key)
        config = result.configs.get(key)
        if node_type is None or config is None or key in failed:
            failed.add(key)
            continue
        inputs: dict[str, pl.Schema | list[pl.Schema]] = {}
        refs: dict[str, list[tuple[str, str]]] = {}
        blocked = False
        for port in node_type.input_ports(config):
            edges = [e for _, e in incoming[key].get(port.name, [])]
            schemas = []
            for e in edges:
                s = out_schemas.get((e.source, e.source_port))
                if s is None:
                    blocked = True
                    break
                schemas.append(s)
            if blocked:
                break
            if not edges:
                continue
            inputs[port.name] = schemas if port.multiple else schemas[0]
            refs[port.name] = [(e.source, e.source_port) for e in edges]
        if blocked:
            failed.add(key)  # an upstream problem already explains this node
            continue
        ctx = BuildContext(
            node_key=key,
            mode="schema",
            data_root=data_root,
            params=context.get("params", {}),
            get_connection=context.get("get_connection"),
            timeout=settings.SOURCE_METADATA_TIMEOUT,
            file_access=context.get("file_access"),
        )
        try:
            outputs = node_type.output_schema(ctx, config, inputs)
        except NodeError as exc:
            result.problems.append(
                Problem(
                    code=exc.code,
                    node=key,
                    field=f"config.{exc.field}" if exc.field else "config",
                    message=f"{key}: {exc.message}",
                )
            )
            failed.add(key)
            continue
        except pl.exceptions.PolarsError as exc:
            result.problems.append(
                Problem(code="schema_error", node=key, field="config", message=f"{key}: {polars_message(exc)}")
            )
            failed.add(key)
            continue
        node_schemas = {f"in:{p}": schema_to_json(s) for p, s in inputs.items() if not isinstance(s, list)}
        for p, s in inputs.items():
            if isinstance(s, list):
                for i, one in enumerate(s):
                    node_schemas[f"in:{p}[{i}]"] = schema_to_json(one)
        for port, schema in outputs.items():
            out_schemas[(key, port)] = schema
            node_schemas[port] = schema_to_json(schema)
        result.schemas[key] = node_schemas
        lineage = node_type.lineage(config, inputs, outputs)
        resolved: dict[str, dict[str, list[dict[str, str]]]] = {}
        for port, columns in lineage.items():
            resolved[port] = {}
            for column, sources in columns.items():
                items = []
                for in_port, index, src_col in sources:
                    port_refs = refs.get(in_port, [])
                    if index < len(port_refs):
                        src_node, src_port = port_refs[index]
                        items.append({"node": src_node, "port": src_port, "column": src_col})
                resolved[port][column] = items
        result.lineage[key] = resolved
