"""Warnings, not problems: the nodes of a valid graph that hold their whole input (or a part that grows with
it) in memory, so that a run over data bigger than a worker's memory stops at them. Everything else
streams: Polars' streaming engine reads, filters, derives and writes in batches (docs/performance.md).

Each warning names its node: ``"order: sort holds the whole input in memory"``. The rules follow what
the node's plan does in Polars' streaming engine and what its own code collects."""

from __future__ import annotations

from typing import Any

from pipelines.nodes.base import NodeType
from pipelines.nodes.transforms.common import HOLDING_ROW_TRANSFORMS
from pipelines.validation.result import Problem, ValidationResult

CODE = "not_streaming"
_WHOLE_FILE_FORMATS = {"json", "excel"}


def _file_format(config: Any) -> str | None:
    fmt = getattr(config, "format", None)
    if fmt != "auto":
        return fmt
    from pipelines.nodes.sources.file.locate import detect_format

    return detect_format(getattr(config, "path", "") or "")


def _reason(node_type: NodeType, config: Any) -> str | None:
    """Why ``node_type`` with ``config`` cannot stream, or None when it can."""
    key = node_type.key
    if key in HOLDING_ROW_TRANSFORMS:
        return HOLDING_ROW_TRANSFORMS[key]
    if key == "transform.join":
        return "join holds one of its inputs in memory (the hash table it matches the other against)"
    if key == "transform.aggregate":
        held = sorted({a.function for a in getattr(config, "aggregations", []) if a.function in ("median", "n_unique")})
        if held:
            return f"aggregate with {' and '.join(held)} holds every value of each group in memory"
        return None
    if key == "quality.validate":
        return "quality check holds its whole input in memory (it counts and samples the failing rows)"
    if key == "source.database":
        return "database source reads the whole result into memory"
    if key == "source.api":
        return "API source holds every fetched record in memory"
    if key == "source.file" and _file_format(config) in _WHOLE_FILE_FORMATS:
        return f"{_file_format(config).upper()} file is read whole into memory (CSV, NDJSON and Parquet stream)"
    return None


def streaming_warnings(result: ValidationResult, types: dict[str, NodeType]) -> list[Problem]:
    """One warning per node of ``result.order`` that cannot stream, in that order."""
    warnings = []
    for key in result.order:
        node_type, config = types.get(key), result.configs.get(key)
        if node_type is None or config is None:
            continue
        reason = _reason(node_type, config)
        if reason is not None:
            warnings.append(Problem(code=CODE, node=key, message=f"{key}: {reason}"))
    return warnings
