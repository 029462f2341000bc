"""``pipeline.call`` nodes: the called version found (only among the pipelines its caller's owner may
see), no cycle of calls through any depth, no deeper than SLUICE_CALL_MAX_DEPTH, and a mapping that
names sources and outputs the called graph has. A call that passes gets its called graph attached
to its parsed config (``CallConfig.attach``), which its schema propagation and a dry run walk.

The lookup itself needs the database and the rights of whoever validates: it comes in the
validation context as ``call_scope() -> (resolve_call, caller)`` (``pipelines.services.calls``),
called only when the graph has a call: ``resolve_call(pipeline_id, version) -> CalledVersion | None``,
and ``caller`` names the pipeline being validated (``(id, name)``), when it is a saved one, so a call
back to it is a cycle at once (``resolve_call`` and ``caller`` may also be given directly).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from pydantic import ValidationError as PydanticValidationError

from pipelines.graph import EdgeSpec, Graph, topological_order
from pipelines.nodes import registry
from pipelines.nodes.base import NodeConfig, NodeType
from pipelines.nodes.calls import CALL_TYPE, CallConfig, ResolvedCall, output_ref
from pipelines.validation.result import Problem, ValidationResult

# Call nodes resolved in one validation, nested ones included (each parses its called graph).
MAX_RESOLVED = 200


@dataclass
class CalledVersion:
    """What a resolver returns for a pipeline the asker may use: ``version`` is None when it has no
    such version (or no version at all, for ``version=None``)."""

    pipeline_id: int
    name: str
    version: int | None = None
    version_id: int | None = None
    graph: dict[str, Any] = field(default_factory=dict)


Resolver = Callable[[int, "int | None"], "CalledVersion | None"]


class CallProblem(Exception):
    def __init__(self, code: str, message: str, field: str = "config.pipeline"):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


def check_calls(types: dict[str, NodeType], result: ValidationResult, context: dict[str, Any]) -> None:
    """Resolve every ``pipeline.call`` node with a parsed config; problems go to ``result.problems``."""
    calls = [k for k, t in types.items() if t.key == CALL_TYPE and k in result.configs]
    if not calls:
        return
    scope = context.get("call_scope")  # lazy (resolver, caller): a graph without calls costs no query
    resolve, caller = scope() if scope else (context.get("resolve_call"), context.get("caller"))
    chain = [tuple(caller)] if caller else []
    cache: dict[Any, Any] = {}  # (pipeline, version) -> CalledVersion | None, and the count resolved
    for key in calls:
        config = result.configs[key]
        if resolve is None:
            result.problems.append(
                Problem(
                    code="call_unavailable",
                    node=key,
                    field="config.pipeline",
                    message=f"{key}: calls to other pipelines cannot be checked here.",
                )
            )
            continue
        try:
            resolve_call(config, resolve=resolve, chain=chain, cache=cache)
        except CallProblem as exc:
            result.problems.append(Problem(code=exc.code, node=key, field=exc.field, message=f"{key}: {exc.message}"))


def resolve_call(
    config: CallConfig,
    *,
    resolve: Resolver,
    chain: list[tuple[int, str]],
    cache: dict | None = None,
    depth: int = 1,
) -> ResolvedCall:
    """The called version of ``config`` with its own calls resolved, attached to ``config``; raises
    CallProblem. ``chain``: the pipelines calling this one, outermost first; ``depth``: 1 for a call
    of the graph being validated, 2 for a call inside the called graph, and so on."""
    cache = {} if cache is None else cache
    limit = settings.SLUICE_CALL_MAX_DEPTH
    cache["resolved"] = cache.get("resolved", 0) + 1
    if cache["resolved"] > MAX_RESOLVED:  # many calls of many calls: bounded work, whatever the fan-out
        raise CallProblem("call_too_large", f"The calls reach more than {MAX_RESOLVED} called nodes in all.")
    wanted = (config.pipeline, config.version)
    if wanted not in cache:
        cache[wanted] = resolve(config.pipeline, config.version)
    found = cache[wanted]
    if found is None:  # missing and not visible look the same: nothing leaks
        raise CallProblem("not_found", f"No pipeline {config.pipeline} (or you may not use it).")
    names = [name for _, name in chain] + [found.name]
    if any(pid == found.pipeline_id for pid, _ in chain):
        raise CallProblem("call_cycle", f"Calls form a cycle: {' → '.join(names)}.")
    if depth > limit:
        raise CallProblem("call_depth", f"Calls nest deeper than {limit} levels: {' → '.join(names)}.")
    if found.version is None:
        which = f"no version {config.version}" if config.version else "no version yet"
        raise CallProblem("not_found", f"{found.name} has {which}.", field="config.version")
    resolved = _parse(found)
    inner_chain = [*chain, (found.pipeline_id, found.name)]
    for key in resolved.order:
        if resolved.types[key].key == CALL_TYPE:
            resolve_call(resolved.configs[key], resolve=resolve, chain=inner_chain, cache=cache, depth=depth + 1)
    _check_mapping(config, resolved)
    config.attach(resolved)
    return resolved


def _parse(found: CalledVersion) -> ResolvedCall:
    """The called graph's types, configs, order and edges (it was valid when saved; a node type since
    uninstalled or a config it no longer accepts is a problem of the call)."""
    label = f"{found.name} v{found.version}"
    graph = Graph.from_dict(found.graph)
    types: dict[str, NodeType] = {}
    configs: dict[str, NodeConfig] = {}
    for node in graph.nodes:
        node_type = registry.get(node.type)
        if node_type is None:
            raise CallProblem("call_invalid", f"{label}: unknown node type {node.type!r} in {node.key}.")
        try:
            configs[node.key] = node_type.parse_config(node.config)
        except PydanticValidationError as exc:
            raise CallProblem(
                "call_invalid", f"{label}: {node.key} has an invalid config ({exc.error_count()} errors)."
            ) from exc
        types[node.key] = node_type
    incoming: dict[str, list[EdgeSpec]] = defaultdict(list)
    for edge in graph.edges:
        incoming[edge.target].append(edge)
    order = topological_order([n.key for n in graph.nodes], [(e.source, e.target) for e in graph.edges])
    return ResolvedCall(
        pipeline_id=found.pipeline_id,
        name=found.name,
        version=found.version,
        version_id=found.version_id,
        graph=graph,
        types=types,
        configs=configs,
        order=order,
        incoming=dict(incoming),
    )


def _check_mapping(config: CallConfig, resolved: ResolvedCall) -> None:
    """Every input port names a source of the called graph, every output port a node and port it has."""
    sources = sorted(k for k, t in resolved.types.items() if t.family == "source")
    for port, source in config.inputs.items():
        if source not in sources:
            raise CallProblem(
                "call_mapping",
                f"inputs.{port}: {source!r} is not a source of {resolved.label} "
                f"(sources: {', '.join(sources) or 'none'}).",
                field=f"config.inputs.{port}",
            )
    for port, target in config.outputs.items():
        ref = output_ref(resolved, target)
        if isinstance(ref, str):
            raise CallProblem("call_mapping", f"outputs.{port}: {ref}.", field=f"config.outputs.{port}")
