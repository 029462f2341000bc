"""transform.branch: route rows to output ports by SQL conditions (ports come from the config)."""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import Field, model_validator
from sqlglot import exp

from pipelines.nodes.base import NodeConfig, Port
from pipelines.nodes.expressions import Expression, parse_expr
from pipelines.nodes.registry import register
from pipelines.nodes.sqlcompile import SqlOutput, all_columns, select_from, sql_expression
from pipelines.nodes.transforms.common import PORT_PATTERN, RowTransform, frame_schema, one_input


class Route(NodeConfig):
    port: str = Field(
        pattern=PORT_PATTERN,
        description="Name of the output port for these rows (letters, digits, underscores; starts with a letter).",
        examples=["big"],
    )
    condition: Expression = Field(
        description="SQL boolean expression; rows where it is true go to this port (null counts as false).",
        examples=["amount >= 1000"],
    )


class BranchConfig(NodeConfig):
    routes: list[Route] = Field(
        min_length=1,
        max_length=50,
        description="Routes, each {port, condition}: the output port and the SQL boolean condition of its rows, "
        "checked in this order.",
        examples=[[{"port": "big", "condition": "amount >= 1000"}, {"port": "refunds", "condition": "amount < 0"}]],
    )
    default_port: str = Field("default", pattern=PORT_PATTERN, description="Port for the rows that match no route.")
    mode: Literal["first_match", "all_matches"] = Field(
        "first_match",
        description="first_match: each row goes to the first route whose condition holds. all_matches: a row goes "
        "to every route whose condition holds. Either way, rows that match none go to the default port.",
    )

    @model_validator(mode="after")
    def _ports(self) -> BranchConfig:
        seen: set[str] = set()
        for i, route in enumerate(self.routes):
            if route.port == self.default_port:
                raise ValueError(f"routes.{i}.port: {route.port!r} is the default port; choose another name")
            if route.port in seen:
                raise ValueError(f"routes.{i}.port: the port {route.port!r} is used by two routes")
            seen.add(route.port)
        return self


@register
class Branch(RowTransform):
    key = "transform.branch"
    title = "Branch"
    description = (
        "Routes rows to output ports by SQL conditions: one port per route plus a default port for the rows that "
        "match no route. A row goes to the first matching route, or to every matching route in all_matches mode. "
        "A condition that is null for a row counts as false."
    )
    icon = "signpost-split"
    inputs = (Port("in", description="Rows to route."),)
    outputs = (Port("default", description="Rows that match no route (the routes add one port each)."),)
    Config = BranchConfig
    example = {
        "routes": [{"port": "big", "condition": "amount >= 1000"}, {"port": "refunds", "condition": "amount < 0"}],
        "default_port": "default",
        "mode": "first_match",
    }

    def output_ports(self, config: BranchConfig | None) -> tuple[str, ...]:
        if config is None:
            return tuple(p.name for p in self.outputs)
        return (*(r.port for r in config.routes), config.default_port)

    def build(self, ctx, config: BranchConfig, inputs):
        frame = one_input(inputs)
        schema = frame_schema(frame)
        conditions = [
            parse_expr(r.condition, schema, field=f"routes.{i}.condition", boolean=True)
            for i, r in enumerate(config.routes)
        ]
        outputs: dict[str, pl.LazyFrame] = {}
        if config.mode == "first_match":
            # when/then treats a null condition as false and falls through to the next route.
            chain = pl.when(conditions[0]).then(pl.lit(0, dtype=pl.Int32))
            for i, condition in enumerate(conditions[1:], start=1):
                chain = chain.when(condition).then(pl.lit(i, dtype=pl.Int32))
            route = chain.otherwise(pl.lit(-1, dtype=pl.Int32))
            for i, r in enumerate(config.routes):
                outputs[r.port] = frame.filter(route == i)
            outputs[config.default_port] = frame.filter(route == -1)
        else:
            for r, condition in zip(config.routes, conditions, strict=True):
                outputs[r.port] = frame.filter(condition.fill_null(False))
            matched = pl.any_horizontal([c.fill_null(False) for c in conditions])
            outputs[config.default_port] = frame.filter(~matched)
        return outputs

    def compile_sql(self, ctx, config: BranchConfig, inputs):
        source = inputs["in"]
        conditions = [
            sql_expression(
                r.condition, source.schema, field=f"routes.{i}.condition", boolean=True, dialect=ctx.dialect
            )[0]
            for i, r in enumerate(config.routes)
        ]
        columns = all_columns(source.schema)

        def rows(where: exp.Expression) -> SqlOutput:
            return SqlOutput(select_from(source.table, *[c.copy() for c in columns]).where(where), source.order)

        outputs: dict[str, SqlOutput] = {}
        if config.mode == "first_match":
            # CASE falls through a null condition to the next route, as Polars' when/then does.
            route = exp.Case(
                ifs=[exp.If(this=c, true=exp.Literal.number(i)) for i, c in enumerate(conditions)],
                default=exp.Literal.number(-1),
            )
            for i, r in enumerate(config.routes):
                outputs[r.port] = rows(exp.EQ(this=route.copy(), expression=exp.Literal.number(i)))
            outputs[config.default_port] = rows(exp.EQ(this=route.copy(), expression=exp.Literal.number(-1)))
        else:
            held = [exp.Coalesce(this=c, expressions=[exp.false()]) for c in conditions]
            for r, condition in zip(config.routes, held, strict=True):
                outputs[r.port] = rows(condition.copy())
            outputs[config.default_port] = rows(exp.Not(this=exp.Paren(this=exp.or_(*[h.copy() for h in held]))))
        return outputs
