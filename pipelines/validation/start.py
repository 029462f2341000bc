"""What a run's start checks of a version whose structure was already validated (docs/executions.md).

A version is validated in full when it is saved. What that validation found depends on two kinds of
things: the graph itself (its size, the nodes' types and configs, the edges and ports, the inputs, the
cycles, the reach of the destinations), which a version never changes, and the world outside the
graph (the connections and files that the sources read, the pipelines that ``pipeline.call`` nodes
call, the pools that nodes name), which may change between the save and any start.

``structure_key`` names the first part: a hash of the version's graph exactly as stored, with the
validator's version (``VALIDATOR_VERSION``, the registered node types and the settings the structural
checks read). A full validation that found no problem remembers its key (``structure_remember``: in
this process and in the cache shared by the processes); a start whose key is known runs only
``validate_start``, the checks of the second part. A key that is not known (another graph, another
node library, a cache emptied) means a full validation, as before: an invalid graph never starts.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any

import orjson
from django.conf import settings
from django.core.cache import cache

from pipelines.graph import Graph
from pipelines.nodes import registry
from pipelines.nodes.base import NodeError, NodeType
from pipelines.nodes.calls import CALL_TYPE
from pipelines.validation import _checks
from pipelines.validation.calls import check_calls
from pipelines.validation.nodes import check_nodes
from pipelines.validation.ports import check_edges
from pipelines.validation.result import Problem, ValidationResult
from pipelines.validation.schemas import propagate_schemas

# Bump when a structural check changes what it accepts (pipelines.validation: size, nodes, ports,
# structure): every remembered structure is then validated again in full at its next start.
VALIDATOR_VERSION = "1"
CACHE_SECONDS = 30 * 24 * 3600
_KNOWN_LIMIT = 2048
_known: OrderedDict[str, None] = OrderedDict()  # keys known in this process, most recent last
_type_digests: dict[type, str] = {}


def structure_key(graph: Any) -> str | None:
    """The key of a graph's structural validity (the version's ``graph`` as stored, or a graph's
    ``to_dict``), or None for data that has no stable JSON form (then nothing is remembered)."""
    try:
        blob = orjson.dumps(graph, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return None
    return hashlib.blake2b(blob + _validator_fingerprint().encode(), digest_size=20).hexdigest()


def structure_known(key: str | None) -> bool:
    if key is None:
        return False
    if key in _known:
        return True
    if cache.get(_cache_key(key)) is None:
        return False
    _remember_here(key)
    return True


def structure_remember(key: str | None) -> None:
    """Remember that the graph of ``key`` passed a full validation (call only then)."""
    if key is None:
        return
    _remember_here(key)
    cache.set(_cache_key(key), 1, timeout=CACHE_SECONDS)


def structure_forget_all() -> None:
    """Forget this process's keys (tests; the shared cache's expire on their own)."""
    _known.clear()


def outside_part(graph: Graph) -> Graph:
    """The nodes of ``graph`` that reach outside it (``validate_start`` checks them), without edges."""
    return Graph(nodes=[n for n in graph.nodes if _reaches_outside(n)], edges=[])


def server_problems(graph: Graph) -> list:
    """The problems that the checks registered by the apps above find in the whole ``graph`` (a pool a
    node names exists): lookups of this server's state, which the caller may run itself."""
    result = ValidationResult()
    for check in _checks:
        check(graph, result)
    return result.problems


def validate_start(
    graph: Graph, *, context: dict[str, Any] | None = None, server_checks: bool = True
) -> ValidationResult:
    """The checks of a structurally valid ``graph`` against the world outside it, with every problem
    found: the nodes that reach outside are parsed again and checked, the sources by reading their
    schemas again (the files are there and readable, the connections exist and the user may use them),
    the ``pipeline.call`` nodes by resolving their calls again (the called pipeline and version are
    still there and visible, no cycle), any node naming a connection by looking it up for the user;
    then the checks registered by the apps above (a pool a node names exists). The schemas of the
    other nodes are not propagated: they follow from the sources' and the structure, and a source
    whose columns changed since the save fails its run at the first step that misses one.

    ``server_checks=False`` leaves the registered checks to the caller (``server_problems``), which then
    may pass only ``outside_part(graph)``: the nodes that the rest looks at."""
    context = context or {}
    result = ValidationResult()
    outside = outside_part(graph)
    nodes, types = check_nodes(outside, result)
    incoming, _links = check_edges(outside, nodes, types, result)
    check_calls(types, result, context)
    _check_connections(outside, types, result, context)
    if server_checks:
        result.problems.extend(server_problems(graph))
    sources = {k: t for k, t in types.items() if t.family == "source" and not t.input_ports(result.configs.get(k))}
    result.order = list(sources)
    propagate_schemas(result, sources, incoming, context)
    result.order = []  # not the graph's order: only the sources were walked
    return result


def _reaches_outside(node) -> bool:
    node_type = registry.get(node.type)
    if node_type is None:  # unregistered since the save: check_nodes reports it
        return True
    config = node.config if isinstance(node.config, dict) else {}
    return node_type.family == "source" or node_type.key == CALL_TYPE or "connection" in config


def _check_connections(graph: Graph, types: dict[str, NodeType], result: ValidationResult, context: dict) -> None:
    get_connection = context.get("get_connection")
    failed = {p.node for p in result.problems}
    for node in graph.nodes:
        slug = node.config.get("connection") if isinstance(node.config, dict) else None
        if get_connection is None or node.key in failed or node.key not in types or not isinstance(slug, str):
            continue
        if types[node.key].family == "source":
            continue  # its schema is read below, through the same lookup
        try:
            get_connection(slug)
        except NodeError as exc:
            result.problems.append(
                Problem(code=exc.code, node=node.key, field="config.connection", message=f"{node.key}: {exc.message}")
            )


def _remember_here(key: str) -> None:
    _known[key] = None
    _known.move_to_end(key)
    while len(_known) > _KNOWN_LIMIT:
        _known.popitem(last=False)


def _cache_key(key: str) -> str:
    return f"sluice:structure:{key}"


def _validator_fingerprint() -> str:
    """The validator's version: ours, the node types registered now (each by its class and the schema
    of its config) and the settings the structural checks read."""
    parts = [VALIDATOR_VERSION, str(settings.SLUICE_MAX_GRAPH_NODES)]
    for node_type in registry.all_types():
        cls = type(node_type)
        digest = _type_digests.get(cls)
        if digest is None:
            try:
                schema = orjson.dumps(cls.Config.model_json_schema(), option=orjson.OPT_SORT_KEYS)
            except Exception:  # a config model without a JSON schema: its class alone
                schema = b""
            name = f"{cls.__module__}.{cls.__qualname__}:{node_type.key}:"
            digest = _type_digests[cls] = hashlib.blake2b(name.encode() + schema, digest_size=12).hexdigest()
        parts.append(digest)
    return "|".join(parts)
