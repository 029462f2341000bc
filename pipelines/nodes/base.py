"""What a node type is: ports, a pydantic Config, and how it builds Polars LazyFrames.

A node type declares its ports and its Config model (whose JSON Schema drives
the builder's form). ``build`` turns input LazyFrames into output LazyFrames;
``output_schema`` by default runs the very same ``build`` over empty frames of
the input schemas and asks Polars for the result schema, so validation and
execution never disagree. Sources override ``output_schema`` to read metadata
only (a file header, a catalog, one API page).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

Family = Literal["source", "transform", "quality", "destination"]
FAMILIES: tuple[Family, ...] = ("source", "transform", "quality", "destination")


class NodeConfig(BaseModel):
    """Base for every node Config: unknown keys are an error, so typos surface in validation."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RetryConfig(BaseModel):
    """A node's ``retry`` block (docs/executions.md, "Failures and retries"): each key overrides the pipeline's
    ``default_params.sluice_retry``, which overrides the built-ins. Read by the engine, not by the node type."""

    model_config = ConfigDict(extra="forbid")

    max_attempts: int | None = Field(None, strict=True, ge=1, le=20, description="Attempts in all (1-20).")
    backoff_seconds: float | None = Field(
        None, ge=0, le=3600, allow_inf_nan=False, description="Wait before the 2nd attempt, doubling after."
    )
    timeout_seconds: int | None = Field(None, strict=True, ge=1, le=7 * 24 * 3600, description="Per attempt.")


class _EngineKeys(BaseModel):
    model_config = ConfigDict(extra="ignore")

    retry: RetryConfig | None = None


# Keys of any node's config that the engine reads and the node type never sees: the step's retry policy and
# the pool it runs in (docs/scheduling.md; executions.services.pools checks the name).
ENGINE_KEYS = ("retry", "pool")


class NodeError(Exception):
    """A problem a node reports about its config or data, pointing at a config field.

    ``field`` is a dotted path inside the node's config (``"conditions.0.expr"``),
    ``column`` the data column concerned, if any. ``retryable=False``: the step fails at once whatever its
    retry policy (a verdict on the run's data, like a blocking check, would only be given again).
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        column: str | None = None,
        code: str = "node_error",
        retryable: bool = True,
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.column = column
        self.code = code
        self.retryable = retryable


NO_SQL_FORM = "no_sql_form"


class NoSqlForm(NodeError):
    """A node (or a part of its config) that has no SQL form giving its Polars answer (the sql backend)."""

    def __init__(self, message: str, *, field: str | None = None, column: str | None = None):
        super().__init__(message, field=field, column=column, code=NO_SQL_FORM, retryable=False)


@dataclass(frozen=True)
class Port:
    name: str
    multiple: bool = False  # an input port that takes several edges (union)
    required: bool = True  # an input port that must be connected
    description: str = ""


@dataclass
class BuildContext:
    """What a node may know about the run it is part of.

    mode: ``schema`` (validation: read metadata only, bounded time), ``dry_run``
    (sample rows, no writes) or ``run``.
    """

    node_key: str
    mode: Literal["schema", "dry_run", "run"] = "run"
    params: dict[str, Any] = field(default_factory=dict)
    data_root: Path | None = None
    sample_rows: int | None = None
    # slug -> pipelines.models.Connection (or an object with kind/config/secrets/slug)
    get_connection: Callable[[str], Any] | None = None
    logger: logging.Logger | Any = field(default_factory=lambda: logging.getLogger("sluice.node"))
    # Injected test rows for a source in a dry run.
    injected_rows: list[dict[str, Any]] | None = None
    timeout: float | None = None
    # Unique per execution, node and attempt; names staging tables/files (fencing).
    stage_id: str = ""
    # Node-specific facts of a run (quality rule counts, API pages fetched...), stored with the step.
    report: dict[str, Any] = field(default_factory=dict)
    # Whose upload areas file nodes may open (pipelines.paths.FileAccess, a picklable value); None: the
    # shared area only. Validation and dry runs pass the pipeline owner's and the asker's, runs the
    # owner's and the version author's (pipelines.paths.file_access_for_*).
    file_access: Any = None
    # (check name, runs) -> the measurements of this node's check in the pipeline's last successful runs,
    # newest first (pipelines.nodes.checks); None outside a run.
    check_history: Callable[[str, int], list[Any]] | None = None

    def connection(self, slug: str):
        if self.get_connection is None:
            raise NodeError("Connections are not available here", field="connection")
        return self.get_connection(slug)


class NodeType:
    """One kind of node. Subclass, set the class attributes, register with ``@register``."""

    key: ClassVar[str]
    family: ClassVar[Family]
    title: ClassVar[str] = ""
    description: ClassVar[str] = ""
    icon: ClassVar[str] = "box"
    inputs: ClassVar[tuple[Port, ...]] = (Port("in"),)
    outputs: ClassVar[tuple[Port, ...]] = (Port("out"),)
    Config: ClassVar[type[NodeConfig]] = NodeConfig
    # An example config shown in the docs and used by the docs/tests.
    example: ClassVar[dict[str, Any] | None] = None
    # True when the output has exactly the input's rows (sort, map): a run need not count them again.
    preserves_rows: ClassVar[bool] = False
    # True when running the node only builds and collects a Polars plan over its inputs: no I/O, no
    # waiting, no side effect. A chain of small steps of such nodes records its successes in one
    # transaction (executions.services.chain.Chain), which holds its locks while the next one runs.
    # Every built-in transform and check is pure; a node that calls out to anything must not be.
    pure: ClassVar[bool] = False

    def parse_config(self, raw: dict[str, Any]) -> NodeConfig:
        if isinstance(raw, dict) and not raw.keys().isdisjoint(ENGINE_KEYS):
            _EngineKeys.model_validate({"retry": raw.get("retry")})  # errors located at retry.<key>
            raw = {k: v for k, v in raw.items() if k not in ENGINE_KEYS}
        return self.Config.model_validate(raw)

    def output_ports(self, config: NodeConfig | None) -> tuple[str, ...]:
        """Names of the output ports; a type whose ports depend on its config overrides this."""
        return tuple(p.name for p in self.outputs)

    def input_ports(self, config: NodeConfig | None) -> tuple[Port, ...]:
        return self.inputs

    def build(
        self, ctx: BuildContext, config: NodeConfig, inputs: dict[str, pl.LazyFrame | list[pl.LazyFrame]]
    ) -> dict[str, pl.LazyFrame]:
        raise NotImplementedError(f"{self.key} does not build frames")

    def execute(
        self, ctx: BuildContext, config: NodeConfig, inputs: dict[str, pl.LazyFrame | list[pl.LazyFrame]]
    ) -> dict[str, pl.LazyFrame]:
        """What a run calls. Defaults to ``build``; a type that must look at its data while running
        (quality checks counting failures) overrides this and may fill ``ctx.report``."""
        return self.build(ctx, config, inputs)

    def compile_sql(self, ctx: Any, config: NodeConfig, inputs: dict[str, Any]) -> dict[str, Any]:
        """The node as SQL, for the ``sql`` backend: output port -> ``SqlOutput`` (a sqlglot SELECT over the
        inputs' ``SqlInput`` relations; ``ctx`` is a ``pipelines.nodes.sqlcompile.SqlContext``). The default
        refuses with ``sql_refusal``; a type whose SQL form gives its Polars answer overrides this."""
        raise NoSqlForm(f"{self.key} has no SQL form: {self.sql_refusal}")

    # Why the default ``compile_sql`` refuses (shown by validation for the ``sql`` backend).
    sql_refusal: ClassVar[str] = "only the built-in transforms, checks and database or file nodes compile to SQL"

    def output_schema(
        self, ctx: BuildContext, config: NodeConfig, inputs: dict[str, pl.Schema | list[pl.Schema]]
    ) -> dict[str, pl.Schema]:
        """Schemas of the output ports, from ``build`` over empty frames (the same code path that runs)."""
        frames: dict[str, pl.LazyFrame | list[pl.LazyFrame]] = {}
        for port, schema in inputs.items():
            if isinstance(schema, list):
                frames[port] = [pl.LazyFrame(schema=s) for s in schema]
            else:
                frames[port] = pl.LazyFrame(schema=schema)
        built = self.build(ctx, config, frames)
        try:
            return {port: frame.collect_schema() for port, frame in built.items()}
        except pl.exceptions.PolarsError as exc:
            raise NodeError(polars_message(exc), code="schema_error") from exc

    def lineage(
        self,
        config: NodeConfig,
        inputs: dict[str, pl.Schema | list[pl.Schema]],
        outputs: dict[str, pl.Schema],
    ) -> dict[str, dict[str, list[tuple[str, int, str]]]]:
        """Column-level lineage: output port -> column -> [(input port, edge index, input column)].

        The default says an output column comes from the same-named column of
        each input; types that derive or rename columns override it.
        """
        result: dict[str, dict[str, list[tuple[str, int, str]]]] = {}
        for out_port, schema in outputs.items():
            result[out_port] = {}
            for column in schema.names():
                sources = []
                for in_port, in_schema in inputs.items():
                    for index, one in enumerate(in_schema if isinstance(in_schema, list) else [in_schema]):
                        if column in one:
                            sources.append((in_port, index, column))
                result[out_port][column] = sources
        return result

    @classmethod
    def describe(cls) -> dict[str, Any]:
        """The public description served by /api/node-types/ and used for docs."""
        return {
            "key": cls.key,
            "family": cls.family,
            "title": cls.title or cls.key,
            "description": cls.description,
            "icon": cls.icon,
            "inputs": [
                {"name": p.name, "multiple": p.multiple, "required": p.required, "description": p.description}
                for p in cls.inputs
            ],
            "outputs": [{"name": p.name, "description": p.description} for p in cls.outputs],
            "dynamic_outputs": cls.output_ports is not NodeType.output_ports,
            "config_schema": cls.Config.model_json_schema(),
            "example": cls.example,
        }


class DestinationType(NodeType):
    """A destination writes in two phases so a run publishes all its writes or none.

    ``stage`` writes the frame somewhere invisible to readers (a staging table,
    a temp file beside the target) named from ``ctx.stage_id`` and returns a
    JSON-able receipt. ``commit`` publishes a receipt (rename, or insert from
    staging and drop it in one transaction); ``abort`` drops it. Both take only
    the receipt, so another process can finish what a worker staged, and both
    are idempotent: committing or aborting twice is a no-op.
    ``commit_group`` publishes several receipts of the same target at once (one
    transaction per database); the default commits them one by one.
    """

    family = "destination"
    outputs = ()

    def build(self, ctx, config, inputs):
        return {}

    def output_schema(self, ctx, config, inputs):
        self.check_input(ctx, config, inputs["in"])
        return {}

    def check_input(self, ctx: BuildContext, config: NodeConfig, schema: pl.Schema) -> None:
        """Raise NodeError when the incoming schema cannot be written (missing key columns...)."""

    def stage(self, ctx: BuildContext, config: NodeConfig, frame: pl.LazyFrame) -> dict[str, Any]:
        raise NotImplementedError

    def commit(self, ctx: BuildContext, config: NodeConfig, receipt: dict[str, Any]) -> None:
        raise NotImplementedError

    def abort(self, ctx: BuildContext, config: NodeConfig, receipt: dict[str, Any]) -> None:
        raise NotImplementedError

    def commit_group(self, ctx: BuildContext, items: list[tuple[NodeConfig, dict[str, Any]]]) -> None:
        for config, receipt in items:
            self.commit(ctx, config, receipt)

    def discard(self, ctx: BuildContext, config: NodeConfig) -> None:
        """Remove whatever a stage under ``ctx.stage_id`` may have left, without its receipt: an attempt
        that was killed after (or while) staging, before its receipt was recorded. Staging names derive
        from the stage id, so this finds them; idempotent, a no-op when nothing is there. Types whose
        staging cannot be found from the stage id alone leave this as it is."""

    def group_key(self, config: NodeConfig) -> str:
        """Receipts with the same group key are committed together by ``commit_group``."""
        return self.key


def polars_message(exc: BaseException) -> str:
    """The first line of a Polars error, without the long 'Resolved plan' dump."""
    text = str(exc).strip()
    return text.split("\n\n")[0].split("\nResolved plan")[0].strip() or type(exc).__name__


def schema_to_json(schema: pl.Schema | dict) -> dict[str, str]:
    return {name: str(dtype) for name, dtype in schema.items()}
