"""Transforms that combine several inputs: transform.join (two inputs by key) and transform.union (stacking)."""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import Field, model_validator
from sqlglot import exp

from pipelines.nodes.base import NodeConfig, NodeError, NodeType, Port
from pipelines.nodes.expressions import require_column
from pipelines.nodes.registry import register
from pipelines.nodes.sqlcompile import SqlOutput, alias, all_columns, cast, col, from_item, refuse, select_from
from pipelines.nodes.transforms.common import ColumnName, Lineage, frame_schema, one_input

JoinHow = Literal["inner", "left", "right", "full", "semi", "anti"]
# Keep a deterministic row order: that of the side whose rows all survive.
_JOIN_ORDER = {"inner": "left", "left": "left", "right": "right", "full": "left_right", "semi": None, "anti": None}


class JoinConfig(NodeConfig):
    how: JoinHow = Field(
        "inner",
        description="inner: matching rows only; left/right: every row of that side, with nulls where nothing "
        "matches; full: every row of both; semi: left rows that have a match (left columns only); anti: left rows "
        "that have none.",
    )
    on: list[ColumnName] = Field(
        default_factory=list,
        max_length=50,
        description="Key columns present in both inputs under the same names. Give either this or left_on/right_on.",
        examples=[["customer_id"]],
    )
    left_on: list[ColumnName] = Field(
        default_factory=list, max_length=50, description="Key columns of the left input (paired with right_on)."
    )
    right_on: list[ColumnName] = Field(
        default_factory=list, max_length=50, description="Key columns of the right input, in the same order."
    )
    suffix: str = Field(
        "_right",
        min_length=1,
        max_length=50,
        description="Appended to a right column whose name the left input already uses.",
    )
    coalesce: bool = Field(
        True,
        description="Merge each pair of key columns into one column, as SQL's USING does. Off: keep the right "
        "keys as separate columns (suffixed when their names clash).",
    )
    nulls_equal: bool = Field(False, description="Let null keys match each other (SQL never does).")
    maintain_order: bool = Field(
        True,
        description="Keep a deterministic row order: the left rows' order (the right rows' for a right join, left "
        "then right for a full join). Off: inner, left, right and full joins put rows out in any order, which is "
        "faster (about twice on a large inner join); for a join followed by an aggregate or a sort, as in SQL. "
        "Semi and anti joins always keep the left order.",
    )
    validate_keys: Literal["m:m", "1:1", "1:m", "m:1"] = Field(
        "m:m",
        description="Check the relationship between the sides and fail the step when it does not hold: 1:1 (keys "
        "unique on both sides), 1:m (unique on the left), m:1 (unique on the right), m:m (no check). Inner, left and "
        "full joins only.",
    )

    @model_validator(mode="after")
    def _keys(self) -> JoinConfig:
        if self.on and (self.left_on or self.right_on):
            raise ValueError("give either 'on' or 'left_on' and 'right_on', not both")
        if not self.on:
            if not self.left_on or not self.right_on:
                raise ValueError("give the key columns: 'on', or both 'left_on' and 'right_on'")
            if len(self.left_on) != len(self.right_on):
                raise ValueError(
                    f"'left_on' has {len(self.left_on)} columns but 'right_on' has {len(self.right_on)}; "
                    "they pair up one to one"
                )
        if self.validate_keys != "m:m" and self.how not in ("inner", "left", "full"):
            raise ValueError(f"'validate_keys' checks inner, left and full joins, not {self.how} joins")
        return self

    def keys(self) -> tuple[list[str], list[str]]:
        return (list(self.on), list(self.on)) if self.on else (list(self.left_on), list(self.right_on))


def join_columns(config: JoinConfig, left: pl.Schema, right: pl.Schema) -> list[tuple[str, list[tuple[str, str]]]]:
    """The output columns of a join, each with its sources ``[(input port, input column)]``.

    Mirrors Polars' naming: coalesced keys keep the left names (the right ones for a right join);
    a right column whose name a remaining left column has gets ``suffix``.
    """
    if config.how in ("semi", "anti"):
        return [(c, [("left", c)]) for c in left.names()]
    lkeys, rkeys = config.keys()
    coalesced = config.coalesce
    right_pairs = dict(zip(lkeys, rkeys, strict=True))  # left key -> right key
    left_pairs = dict(zip(rkeys, lkeys, strict=True))  # right key -> left key
    drop_left_keys = coalesced and config.how == "right"
    drop_right_keys = coalesced and config.how != "right"
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for c in left.names():
        if drop_left_keys and c in right_pairs:
            continue
        sources = [("left", c)]
        if coalesced and c in right_pairs:
            sources.append(("right", right_pairs[c]))
        out.append((c, sources))
    left_names = {name for name, _ in out}
    for c in right.names():
        if drop_right_keys and c in left_pairs:
            continue
        sources = [("right", c)]
        if drop_left_keys and c in left_pairs:
            sources.insert(0, ("left", left_pairs[c]))
        out.append((c + config.suffix if c in left_names else c, sources))
    return out


@register
class Join(NodeType):
    key = "transform.join"
    family = "transform"
    pure = True
    title = "Join"
    description = (
        "Joins two inputs on key columns: inner, left, right, full (outer), semi (filter the left rows that have "
        "a match) or anti (those that have none). Right columns whose names the left side already has get a "
        "suffix. Keys must have the same type on both sides (integers of different sizes are fine)."
    )
    icon = "union"
    inputs = (
        Port("left", description="The left rows."),
        Port("right", description="The rows to match with them."),
    )
    outputs = (Port("out", description="The joined rows."),)
    Config = JoinConfig
    example = {"how": "left", "on": ["customer_id"], "suffix": "_customer"}

    def _check(self, config: JoinConfig, left: pl.Schema, right: pl.Schema) -> None:
        lkeys, rkeys = config.keys()
        lfield, rfield = ("on", "on") if config.on else ("left_on", "right_on")
        for i, (lk, rk) in enumerate(zip(lkeys, rkeys, strict=True)):
            ld = require_column(left, lk, field=f"{lfield}.{i}", where="in the left input")
            rd = require_column(right, rk, field=f"{rfield}.{i}", where="in the right input")
            same_kind = (ld.is_integer() and rd.is_integer()) or (ld.is_float() and rd.is_float())
            if ld != rd and not same_kind:
                raise NodeError(
                    f"{rfield}.{i}: the key {lk!r} is {ld} on the left but {rk!r} is {rd} on the right; cast one of "
                    "them (transform.map) so both have the same type.",
                    field=f"{rfield}.{i}",
                    column=rk,
                    code="type_error",
                )
        seen: dict[str, str] = {}
        for name, sources in join_columns(config, left, right):
            if name in seen:
                raise NodeError(
                    f"suffix: the right column {sources[-1][1]!r} would be named {name!r}, which the output already "
                    "has; choose another suffix or rename a column first.",
                    field="suffix",
                    column=name,
                )
            seen[name] = name

    def build(self, ctx, config: JoinConfig, inputs):
        left, right = one_input(inputs, "left"), one_input(inputs, "right")
        self._check(config, frame_schema(left), frame_schema(right))
        lkeys, rkeys = config.keys()
        semi = config.how in ("semi", "anti")
        joined = left.join(
            right,
            left_on=lkeys,
            right_on=rkeys,
            how=config.how,
            suffix=config.suffix,
            coalesce=None if semi else config.coalesce,
            nulls_equal=config.nulls_equal,
            validate=config.validate_keys,
            maintain_order=_JOIN_ORDER[config.how] if config.maintain_order else None,
        )
        return {"out": joined}

    def compile_sql(self, ctx, config: JoinConfig, inputs):
        left, right = inputs["left"], inputs["right"]
        self._check(config, left.schema, right.schema)
        if config.validate_keys != "m:m":
            raise refuse(
                self,
                f"validate_keys {config.validate_keys!r} checks the keys' uniqueness while joining, which SQL's "
                "JOIN does not; use m:m (a quality check on the keys can check them before)",
                field="validate_keys",
            )
        if config.how == "full" and config.nulls_equal and ctx.dialect == "postgres":
            raise refuse(
                self,
                "PostgreSQL runs a full join only on plain equality, and nulls_equal matches null keys",
                field="nulls_equal",
            )
        lkeys, rkeys = config.keys()
        equal = exp.NullSafeEQ if config.nulls_equal else exp.EQ
        condition = exp.and_(
            *(equal(this=col(lk, "l"), expression=col(rk, "r")) for lk, rk in zip(lkeys, rkeys, strict=True))
        )
        if config.how in ("semi", "anti"):
            match = exp.Exists(this=select_from(right.table, exp.Literal.number(1), alias_name="r").where(condition))
            select = select_from(left.table, *all_columns(left.schema, "l"), alias_name="l")
            return {"out": SqlOutput(select.where(match if config.how == "semi" else exp.Not(this=match)))}
        out = ctx.output_schemas["out"]
        items = []
        for name, sources in join_columns(config, left.schema, right.schema):
            refs = [col(c, "l" if port == "left" else "r") for port, c in sources]
            if len(refs) == 1:
                value = refs[0]
            elif config.how == "full":
                value = exp.Coalesce(this=refs[0], expressions=[refs[1]])
            else:  # a coalesced key: the side whose rows all survive
                value = refs[1] if config.how == "right" else refs[0]
            items.append(alias(cast(value, out[name], where=name), name))
        kind = {"inner": "INNER", "left": "LEFT", "right": "RIGHT", "full": "FULL"}[config.how]
        select = select_from(left.table, *items, alias_name="l").join(
            from_item(right.table, "r"), on=condition, join_type=kind
        )
        return {"out": SqlOutput(select)}

    def lineage(self, config: JoinConfig, inputs, outputs) -> Lineage:
        left, right = inputs.get("left"), inputs.get("right")
        if left is None or right is None:
            return {port: {c: [] for c in s.names()} for port, s in outputs.items()}
        origins = dict(join_columns(config, left, right))
        return {
            port: {c: [(p, 0, src) for p, src in origins.get(c, [])] for c in schema.names()}
            for port, schema in outputs.items()
        }


class UnionConfig(NodeConfig):
    mode: Literal["by_name", "strict"] = Field(
        "by_name",
        description="by_name: match columns by name; a column missing from an input is null there, and differing "
        "types widen to a common one. strict: every input must have the same columns with the same types (in any "
        "order).",
    )


@register
class UnionRows(NodeType):
    key = "transform.union"
    family = "transform"
    pure = True
    title = "Union"
    description = (
        "Stacks the rows of two or more inputs (connect several edges to `in`), in the order of the edges. "
        "Columns are matched by name."
    )
    icon = "stack"
    inputs = (Port("in", multiple=True, description="Two or more inputs whose rows are stacked."),)
    outputs = (Port("out", description="Every row of every input."),)
    Config = UnionConfig
    example = {"mode": "by_name"}

    def build(self, ctx, config: UnionConfig, inputs):
        frames = inputs.get("in") or []
        if not isinstance(frames, list):
            frames = [frames]
        if len(frames) < 2:
            raise NodeError(
                f"A union needs at least 2 inputs; {len(frames)} {'is' if len(frames) == 1 else 'are'} connected to "
                "'in'.",
                code="missing_input",
            )
        schemas = [frame_schema(f) for f in frames]
        if config.mode == "strict":
            first = schemas[0]
            for i, schema in enumerate(schemas[1:], start=1):
                self._same(first, schema, i)
            names = first.names()
            combined = pl.concat([f.select(names) for f in frames], how="vertical")
        else:
            combined = pl.concat(frames, how="diagonal_relaxed")
        frame_schema(combined)  # differing types that do not widen fail here, as a NodeError
        return {"out": combined}

    def compile_sql(self, ctx, config: UnionConfig, inputs):
        sources = inputs.get("in") or []
        sources = sources if isinstance(sources, list) else [sources]
        if len(sources) < 2:
            raise NodeError(f"A union needs at least 2 inputs; {len(sources)} connected to 'in'.", code="missing_input")
        if config.mode == "strict":
            for i, source in enumerate(sources[1:], start=1):
                self._same(sources[0].schema, source.schema, i)
        out = ctx.output_schemas["out"]
        selects = []
        for i, source in enumerate(sources):
            items = []
            for name, dtype in out.items():
                had = source.schema.get(name)
                if had is not None and had.is_float() and dtype == pl.String:
                    raise refuse(
                        self,
                        f"input {i}'s column {name!r} is {had} and becomes text, which SQL writes differently",
                        field="mode",
                    )
                value = col(name) if had is not None else exp.Null()
                items.append(alias(cast(value, dtype, where=name), name))
            selects.append(select_from(source.table, *items))
        union = selects[0]
        for select in selects[1:]:
            union = exp.union(union, select, distinct=False)
        return {"out": SqlOutput(select_from(union, *all_columns(out)))}

    @staticmethod
    def _same(first: pl.Schema, schema: pl.Schema, index: int) -> None:
        for column, dtype in first.items():
            if column not in schema:
                raise NodeError(
                    f"mode: strict union, but input {index} has no column {column!r} (input 0 has it).",
                    field="mode",
                    column=column,
                )
            if schema[column] != dtype:
                raise NodeError(
                    f"mode: strict union, but column {column!r} is {dtype} in input 0 and {schema[column]} in input "
                    f"{index}.",
                    field="mode",
                    column=column,
                )
        for column in schema.names():
            if column not in first:
                raise NodeError(
                    f"mode: strict union, but input {index} has a column {column!r} that input 0 lacks.",
                    field="mode",
                    column=column,
                )

    def lineage(self, config: UnionConfig, inputs, outputs) -> Lineage:
        schemas = inputs.get("in") or []
        if not isinstance(schemas, list):
            schemas = [schemas]
        return {
            port: {c: [("in", i, c) for i, s in enumerate(schemas) if c in s] for c in out.names()}
            for port, out in outputs.items()
        }
