"""``pipeline.call``: another pipeline's version as one node of this one.

The config names the called pipeline (and a version, or null for its current one) and maps ports:
``inputs`` sends each input port of the call to a source node of the called graph, whose reading it
replaces; ``outputs`` makes an output port of the call from a node (and port) of the called graph.
Only what the chosen outputs need runs: the called graph's destinations never write.

Resolving the called version needs the database and the asker's rights, which a node type does not
have: validation (``pipelines.validation.calls``) resolves it, checks cycles, depth and the mapping,
and attaches the result to the parsed config (``CallConfig.called``). The schemas then propagate
through the called graph node by node (``output_schema``); a run records the called graph as a child
execution (``executions.services.calls``); a dry run builds it inline (``build``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar

import polars as pl
from pydantic import Field, PrivateAttr, StringConstraints, field_validator

from pipelines.nodes.base import BuildContext, NodeConfig, NodeError, NodeType, Port
from pipelines.nodes.registry import register

CALL_TYPE = "pipeline.call"
MAX_MAPPED_PORTS = 20
_NAME = r"^[A-Za-z][A-Za-z0-9_]{0,62}$"
_TARGET = r"^[A-Za-z][A-Za-z0-9_]{0,62}(\.[A-Za-z][A-Za-z0-9_]{0,62})?$"
PortName = Annotated[str, StringConstraints(pattern=_NAME)]
NodeKey = Annotated[str, StringConstraints(pattern=_NAME)]
Target = Annotated[str, StringConstraints(pattern=_TARGET)]


@dataclass
class ResolvedCall:
    """A called version as validation found it: its graph parsed, in topological order."""

    pipeline_id: int
    name: str
    version: int
    version_id: int
    graph: Any  # pipelines.graph.Graph (the graph module imports the node registry)
    types: dict[str, NodeType]
    configs: dict[str, NodeConfig]
    order: list[str]
    incoming: dict[str, list[Any]] = field(default_factory=dict)  # node -> its incoming EdgeSpecs

    @property
    def label(self) -> str:
        return f"{self.name} v{self.version}"


@dataclass
class CallPlan:
    """What a call runs: the called nodes its outputs need (topological order, replaced sources left
    out), the replaced sources and the caller port feeding each, and each output port's (node, port)."""

    order: list[str]
    replaced: dict[str, str]
    outputs: dict[str, tuple[str, str]]


class CallConfig(NodeConfig):
    pipeline: int = Field(strict=True, gt=0, lt=2**63, description="Id of the pipeline to call.")
    version: int | None = Field(
        None,
        strict=True,
        ge=1,
        lt=2**31,
        description="Version number to call; null calls the pipeline's current version at the time it runs.",
    )
    inputs: dict[PortName, NodeKey] = Field(
        default_factory=dict,
        max_length=MAX_MAPPED_PORTS,
        description="Input port of this node → key of a source node of the called graph, which it replaces.",
    )
    outputs: dict[PortName, Target] = Field(
        min_length=1,
        max_length=MAX_MAPPED_PORTS,
        description="Output port of this node → `node` or `node.port` of the called graph.",
    )
    _called: ResolvedCall | None = PrivateAttr(default=None)

    @field_validator("inputs")
    @classmethod
    def _one_port_per_source(cls, value: dict[str, str]) -> dict[str, str]:
        seen: dict[str, str] = {}
        for port, source in value.items():
            if source in seen:
                raise ValueError(f"the source {source!r} is fed by both {seen[source]!r} and {port!r}")
            seen[source] = port
        return value

    @property
    def called(self) -> ResolvedCall | None:
        return self._called

    def attach(self, resolved: ResolvedCall) -> None:
        self._called = resolved


def output_ref(resolved: ResolvedCall, target: str) -> tuple[str, str] | str:
    """The (node, port) an output mapping names, or the reason it names none."""
    node, _, port = target.partition(".")
    node_type = resolved.types.get(node)
    if node_type is None:
        return f"{resolved.label} has no node {node!r}"
    if node_type.family == "destination":
        return f"{node!r} is a destination of {resolved.label}: it has no output"
    ports = node_type.output_ports(resolved.configs.get(node))
    if not port:
        if len(ports) != 1:
            return f"{node!r} has several output ports ({', '.join(ports)}): name one as {node}.<port>"
        port = ports[0]
    if port not in ports:
        return f"{node!r} has no output port {port!r} (ports: {', '.join(ports) or 'none'})"
    return node, port


def call_plan(config: CallConfig, resolved: ResolvedCall) -> CallPlan:
    """The nodes to run for ``config``'s outputs; the mapping was checked by validation."""
    replaced = {source: port for port, source in config.inputs.items()}
    outputs: dict[str, tuple[str, str]] = {}
    for port, target in config.outputs.items():
        ref = output_ref(resolved, target)
        if isinstance(ref, str):
            raise NodeError(f"outputs.{port}: {ref}.", field=f"outputs.{port}")
        outputs[port] = ref
    needed: set[str] = set()
    stack = [node for node, _ in outputs.values()]
    while stack:
        key = stack.pop()
        if key in needed:
            continue
        needed.add(key)
        if key not in replaced:
            stack.extend(e.source for e in resolved.incoming.get(key, []))
    order = [k for k in resolved.order if k in needed and k not in replaced]
    return CallPlan(order=order, replaced={k: v for k, v in replaced.items() if k in needed}, outputs=outputs)


def walk_called(
    config: CallConfig, seeds: dict[str, Any], step: Callable[[str, NodeType, NodeConfig, dict[str, Any]], dict]
) -> dict[str, Any]:
    """Through the called graph in order: each replaced source yields the seed of its caller port on
    every output port, every needed node ``step(key, type, config, inputs)``; returns the call's
    outputs. Used alike for schemas (seeds are schemas) and frames (seeds are LazyFrames)."""
    resolved = config.called
    if resolved is None:
        raise NodeError("The called pipeline was not resolved here (see the validation problems).", field="pipeline")
    plan = call_plan(config, resolved)
    values: dict[tuple[str, str], Any] = {}
    for source, port in plan.replaced.items():
        for out in resolved.types[source].output_ports(resolved.configs[source]):
            values[(source, out)] = seeds[port]
    for key in plan.order:
        node_type, node_config = resolved.types[key], resolved.configs[key]
        inputs: dict[str, Any] = {}
        for in_port in node_type.input_ports(node_config):
            found = [
                values[(e.source, e.source_port)]
                for e in resolved.incoming.get(key, [])
                if e.target_port == in_port.name
            ]
            if in_port.multiple:
                inputs[in_port.name] = found
            elif found:
                inputs[in_port.name] = found[0]
        try:
            produced = step(key, node_type, node_config, inputs)
        except NodeError as exc:
            raise NodeError(
                f"in {resolved.label}, node {key}: {exc.message}", field="pipeline", column=exc.column, code=exc.code
            ) from exc
        for out, value in produced.items():
            values[(key, out)] = value
    return {port: values[ref] for port, ref in plan.outputs.items()}


@register
class PipelineCall(NodeType):
    key = CALL_TYPE
    family = "transform"
    title = "Call pipeline"
    description = (
        "Runs a version of another pipeline as one step: each input port replaces a source of the called "
        "pipeline, and each output port is a node of it. Only the nodes the outputs need run; the called "
        "pipeline's destinations do not write. The run is recorded as a child execution you can open."
    )
    icon = "diagram-3"
    inputs = (Port("in", description="Rows for the called pipeline's source named in `inputs`."),)
    outputs = (Port("out", description="Rows of the called node named in `outputs` (one port per mapping)."),)
    Config = CallConfig
    example: ClassVar[dict[str, Any]] = {
        "pipeline": 12,
        "version": None,
        "inputs": {"in": "orders_csv"},
        "outputs": {"out": "big_orders"},
    }
    # A call is a step of its own: never fused into a chain, and it writes a child execution (not pure).
    never_fused: ClassVar[bool] = True

    def input_ports(self, config: CallConfig | None) -> tuple[Port, ...]:
        if config is None:
            return self.inputs
        return tuple(
            Port(port, description=f"Replaces the source {source!r}.") for port, source in config.inputs.items()
        )

    def output_ports(self, config: CallConfig | None) -> tuple[str, ...]:
        if config is None:
            return tuple(p.name for p in self.outputs)
        return tuple(config.outputs)

    def output_schema(self, ctx: BuildContext, config: CallConfig, inputs):
        def step(key: str, node_type: NodeType, node_config: NodeConfig, node_inputs: dict) -> dict:
            sub = dataclasses.replace(ctx, node_key=key, report={})
            return node_type.output_schema(sub, node_config, node_inputs)

        return walk_called(config, inputs, step)

    def build(self, ctx: BuildContext, config: CallConfig, inputs) -> dict[str, pl.LazyFrame]:
        """The called graph inline, as one lazy plan over the inputs (dry runs and pipeline tests; a run
        records each called node as a step of a child execution instead). Destinations never run."""

        def step(key: str, node_type: NodeType, node_config: NodeConfig, node_inputs: dict) -> dict:
            sub = dataclasses.replace(ctx, node_key=key, report={}, injected_rows=None)
            return node_type.execute(sub, node_config, node_inputs)

        return walk_called(config, inputs, step)
