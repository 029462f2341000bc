"""A pipeline graph compiled to SQL on one target, node by node through each type's ``compile_sql``.

The target is the one connection every database source and destination of the graph shares (PostgreSQL or
DuckDB), or an embedded DuckDB when the graph reads and writes files only. Each node's outputs become
relations named ``__sluice_<n>`` in dependency order (a runner creates them as TEMP views for sources and
the row-wise nodes after them, TEMP tables for the rest, and counts their rows; or inlines them as CTEs);
destinations become the SELECT of what they write, sorted when a sort before them gave the rows an order. A
node that cannot compile is a problem on that node (its field, the reason), and the graph as a whole does
not compile: it runs nowhere half-way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.conf import settings
from sqlglot import exp

from pipelines.graph import Graph, topological_order
from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeConfig, NodeError, NodeType, polars_message
from pipelines.nodes.sqlcompile import NO_SQL_FORM, SqlContext, SqlInput, SqlOutput, generate, ident
from pipelines.nodes.transforms.common import streams_through

BACKENDS = ("polars", "sql", "spark")
# The run parameter naming the Spark connection a run on the spark backend uses (docs/backends.md, Spark).
SPARK_CONNECTION_PARAM = "sluice_spark_connection"
DEFAULT_BACKEND = "polars"
# Connection kinds the sql backend pushes work into, and their sqlglot dialects.
TARGET_DIALECTS = {"postgresql": "postgres", "duckdb": "duckdb"}
# Node types that name the connection they read or write.
_CONNECTED = ("source.database", "destination.database")
_FILES = ("source.file", "destination.file")


@dataclass
class SqlProblem:
    node: str | None
    field: str | None
    code: str
    message: str


@dataclass(frozen=True)
class Target:
    dialect: str
    connection: str | None  # None: an embedded DuckDB over files

    def describe(self) -> str:
        return f"connection {self.connection!r} ({self.dialect})" if self.connection else "an embedded DuckDB"


@dataclass
class Relation:
    name: str
    node: str
    port: str
    select: exp.Select
    schema: pl.Schema
    order: tuple | None = None
    # A source's relation, and a row-wise node's, is a TEMP view (see _streams_from_views); the others TEMP
    # tables, computed once for the nodes after them; and a relation whose count comes from the pass of its
    # one consumer is a view too (see defer_counts).
    view: bool = False
    # Where the rows of a view that is not counted itself come from (defer_counts): ("write", destination
    # node) the rows that destination wrote, ("carry", relation) the input rows an aggregate's table
    # carries, ("same", relation) the rows of a relation that selects every row of this one. None: counted.
    count_from: tuple[str, str] | None = None
    # An aggregate's table that carries its input's rows: the hidden column of each group's COUNT(*), in the
    # table ``carry_table``; the relation itself is then a view of its own columns over that table.
    carry: str | None = None

    @property
    def carry_table(self) -> str:
        return f"{self.name}_in"


@dataclass
class Write:
    node: str
    type: str
    config: NodeConfig
    select: exp.Select  # what the destination writes, in its order
    schema: pl.Schema


@dataclass
class CompiledGraph:
    target: Target
    relations: list[Relation] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    # node key -> what its compile_sql left for the run (quality.validate: "counts", its rule counts query)
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)

    def sql(self, tree: exp.Expression) -> str:
        return generate(tree, self.target.dialect)

    def create_statements(self) -> list[tuple[Relation, str]]:
        """``CREATE TEMP TABLE|VIEW <relation> AS <select>`` per relation, in dependency order (an
        aggregate's table that carries its input's count: its table, then the view of its columns)."""
        return [(relation, sql) for relation in self.relations for sql in self.create_sql(relation)]

    def create_sql(self, relation: Relation) -> list[str]:
        """The statements creating ``relation``."""
        if relation.carry is None:
            return [self._create(relation.name, relation.select, view=relation.view)]
        counted = relation.select.copy().select(
            exp.alias_(exp.Count(this=exp.Star()), ident(relation.carry)), copy=False
        )
        columns = exp.select(*(exp.column(ident(c)) for c in relation.schema.names()))
        columns = columns.from_(exp.Table(this=ident(relation.carry_table)))
        return [
            self._create(relation.carry_table, counted, view=False),
            self._create(relation.name, columns, view=True),
        ]

    def _create(self, name: str, select: exp.Select, *, view: bool) -> str:
        if self.target.dialect == "spark" and not view:
            # Spark has no TEMP tables: an eagerly cached temp view is computed once for the count and the
            # nodes after it (CACHE TABLE ... AS SELECT).
            return self.sql(exp.Cache(this=exp.Table(this=ident(name)), lazy=False, expression=select))
        create = exp.Create(
            this=exp.Table(this=ident(name)),
            kind="VIEW" if view else "TABLE",
            expression=select,
            properties=exp.Properties(expressions=[exp.TemporaryProperty()]),
        )
        return self.sql(create)

    def query(self, relation: str) -> str:
        """One statement for the rows of ``relation``: every relation it needs as a CTE."""
        with_ = exp.select(exp.Star()).from_(exp.Table(this=ident(relation)))
        for one in self.relations:
            with_ = with_.with_(ident(one.name), as_=one.select)
            if one.name == relation:
                break
        return self.sql(with_)


class GraphDoesNotCompile(Exception):
    def __init__(self, problems: list[SqlProblem]):
        super().__init__("; ".join(p.message for p in problems[:5]))
        self.problems = problems


def spark_target(graph: Graph, get_connection, slug: str | None) -> tuple[Target | None, list[SqlProblem]]:
    """The Spark target: the Spark connection ``slug`` (one the user may use: ``get_connection`` applies the
    same access check as every connection of a graph), over files and the tables of that connection's catalog:
    a database source or destination on any other connection (a PostgreSQL table in a Spark run) is a problem
    on its node."""
    problems = []
    for node in graph.nodes:
        if node.type not in _CONNECTED:
            continue
        named = (node.config or {}).get("connection")
        if isinstance(slug, str) and slug and named == slug:
            continue
        shown = f"connection {named[:100]!r}" if isinstance(named, str) and named else "no connection"
        problems.append(
            SqlProblem(
                node.key,
                "connection",
                NO_SQL_FORM,
                f"{node.key}: on Spark a graph reads and writes files and the tables of its Spark connection "
                f"({str(slug)[:100]!r}); this node uses {shown}.",
            )
        )
    if not isinstance(slug, str) or not slug:
        message = (
            f"The spark backend runs on a Spark connection: set the parameter {SPARK_CONNECTION_PARAM} to its slug."
        )
        return None, [SqlProblem(None, f"params.{SPARK_CONNECTION_PARAM}", NO_SQL_FORM, message), *problems]
    try:
        connection = get_connection(slug) if get_connection is not None else None
    except Exception:  # a missing connection, or one the user may not use: the same answer
        connection = None
    if connection is None:
        message = f"No Spark connection {slug[:100]!r} (or you may not use it)."
        return None, [SqlProblem(None, f"params.{SPARK_CONNECTION_PARAM}", NO_SQL_FORM, message), *problems]
    if connection.kind != "spark":
        message = f"Connection {slug[:100]!r} is {connection.kind}, not a Spark connection."
        return None, [SqlProblem(None, f"params.{SPARK_CONNECTION_PARAM}", NO_SQL_FORM, message), *problems]
    return (None if problems else Target("spark", slug)), problems


def polars_problems(graph: Graph, get_connection) -> list[SqlProblem]:
    """On the polars backend: a database source or destination on a Spark connection is a problem on its node
    (the tables of a Spark connection are read and written on the spark backend only)."""
    problems = []
    for node in graph.nodes:
        slug = (node.config or {}).get("connection") if node.type in _CONNECTED else None
        if not isinstance(slug, str) or not slug or get_connection is None:
            continue
        try:
            connection = get_connection(slug)
        except Exception:  # a missing or foreign connection: the node's own validation says which
            connection = None
        if getattr(connection, "kind", None) == "spark":
            verb = "read" if node.type == "source.database" else "written"
            message = f"{node.key}: tables of a Spark connection are {verb} on the spark backend ({slug[:100]!r})."
            problems.append(SqlProblem(node.key, "connection", NO_SQL_FORM, message))
    return problems


def choose_target(graph: Graph, get_connection) -> tuple[Target | None, list[SqlProblem]]:
    """The graph's SQL target, or the problems saying why it has none."""
    slugs: dict[str, list[str]] = defaultdict(list)
    files: list[str] = []
    for node in graph.nodes:
        if node.type in _CONNECTED:
            slug = (node.config or {}).get("connection")
            if isinstance(slug, str) and slug:
                slugs[slug].append(node.key)
        elif node.type in _FILES:
            files.append(node.key)
    if not slugs:
        return Target("duckdb", None), []
    if len(slugs) > 1:
        named = ", ".join(f"{slug!r} ({', '.join(keys)})" for slug, keys in slugs.items())
        return None, [
            SqlProblem(
                keys[0],
                "connection",
                NO_SQL_FORM,
                f"The sql backend runs a graph on one database: its sources and destinations use several "
                f"connections: {named}.",
            )
            for keys in slugs.values()
        ]
    slug, keys = next(iter(slugs.items()))
    try:
        connection = get_connection(slug) if get_connection is not None else None
    except Exception:  # a missing or foreign connection: the node's own validation says which
        connection = None
    if connection is None:
        return None, [SqlProblem(keys[0], "connection", NO_SQL_FORM, f"No connection {slug!r}.")]
    dialect = TARGET_DIALECTS.get(connection.kind)
    if dialect is None:
        return None, [
            SqlProblem(
                keys[0],
                "connection",
                NO_SQL_FORM,
                f"The sql backend pushes work into PostgreSQL or DuckDB; connection {slug!r} is {connection.kind}.",
            )
        ]
    problems = [
        SqlProblem(
            key,
            "path",
            NO_SQL_FORM,
            f"{key}: files are read or written by SQL only on an embedded DuckDB; this graph's target is "
            f"connection {slug!r}.",
        )
        for key in files
    ]
    return (None if problems else Target(dialect, slug)), problems


def compile_graph(graph: Graph, *, context: dict[str, Any] | None = None) -> CompiledGraph:
    """The compiled graph, or GraphDoesNotCompile with every node's problem (the graph is assumed
    valid: run ``validate_graph`` first; its problems come before these). With ``context["spark_connection"]``
    (a connection slug) the target is that Spark connection (``spark_target``)."""
    context = context or {}
    get_connection = context.get("get_connection")
    if "spark_connection" in context:
        target, problems = spark_target(graph, get_connection, context["spark_connection"])
    else:
        target, problems = choose_target(graph, get_connection)
    if target is None:
        raise GraphDoesNotCompile(problems)
    nodes = {n.key: n for n in graph.nodes}
    order = topological_order(list(nodes), [(e.source, e.target) for e in graph.edges])
    incoming: dict[str, list] = defaultdict(list)
    for edge in graph.edges:
        incoming[edge.target].append(edge)
    compiled = CompiledGraph(target=target, order=order)
    outputs: dict[tuple[str, str], SqlInput] = {}
    failed: set[str] = set()
    base = {
        "mode": "schema",
        "data_root": context.get("data_root", settings.DATA_ROOT),
        "params": context.get("params", {}),
        "get_connection": get_connection,
        "timeout": settings.SOURCE_METADATA_TIMEOUT,
        "file_access": context.get("file_access"),
    }
    for key in order:
        spec = nodes[key]
        node_type = registry.get(spec.type)
        if node_type is None:
            problems.append(SqlProblem(key, "type", "unknown_type", f"Unknown node type {spec.type!r}."))
            failed.add(key)
            continue
        if any(e.source in failed for e in incoming[key]):
            failed.add(key)  # an upstream problem explains it
            continue
        try:
            config = node_type.parse_config(spec.config or {})
            inputs = _inputs(node_type, config, incoming[key], outputs)
            build = BuildContext(node_key=key, **base)
            schemas = {p: s.schema if not isinstance(s, list) else [i.schema for i in s] for p, s in inputs.items()}
            out_schemas = node_type.output_schema(build, config, schemas)
            ctx = SqlContext(
                dialect=target.dialect,
                node_key=key,
                build=build,
                output_schemas=out_schemas,
                connection=target.connection,
            )
            result = node_type.compile_sql(ctx, config, inputs)
            if ctx.reports:
                compiled.reports[key] = ctx.reports
        except NodeError as exc:
            problems.append(SqlProblem(key, exc.field, exc.code, _message(spec.type, exc)))
            failed.add(key)
            continue
        except (pl.exceptions.PolarsError, ValueError) as exc:
            message = polars_message(exc) if isinstance(exc, pl.exceptions.PolarsError) else str(exc)
            problems.append(SqlProblem(key, None, "invalid_config", f"{spec.type}: {message}"))
            failed.add(key)
            continue
        if node_type.family == "destination":
            written: SqlOutput = result["in"]
            compiled.writes.append(Write(key, spec.type, config, written.select, schemas["in"]))
            continue
        for port, output in result.items():
            name = f"__sluice_{len(compiled.relations)}"
            schema = out_schemas[port]
            view = _streams_from_views(node_type, incoming[key], compiled.relations)
            compiled.relations.append(Relation(name, key, port, output.select, schema, output.order, view))
            outputs[(key, port)] = SqlInput(exp.Table(this=ident(name)), schema, output.order)
    if problems:
        raise GraphDoesNotCompile(problems)
    defer_counts(compiled)
    return compiled


def _streams_from_views(node_type: NodeType, edges: list, relations: list[Relation]) -> bool:
    """Whether a node's relation is a TEMP view rather than a table: a source's (a scan, nothing copied),
    and a row-wise node's (a filter, a map, a limit, a branch's route) over one input: counting it is then a
    scan of its input (a view or a table) and the columns its conditions read, and the node after it reads
    the input through it with the conditions pushed into the scan, as a chain does on Polars. Storing such
    a node would copy every column of the rows it keeps (TPC-H Q3's filtered lineitem, 32M rows at SF10,
    was 48 of 58 s). A join, a union, an aggregate, a sort and a dedupe are tables: computed once for the
    count and the nodes after them, unless ``defer_counts`` finds their count in their consumer's pass."""
    if node_type.family == "source":
        return True
    return streams_through(node_type) and len(edges) == 1


# Clauses after which a SELECT no longer has one row per row of its FROM.
_ROW_CHANGING = (
    *("joins", "where", "group", "having", "qualify", "limit", "offset", "distinct", "laterals", "with_"),
    *("sample", "pivots", "prewhere", "connect", "match", "into"),
)


def _reads_only(select: exp.Expression, name: str) -> bool:
    """Whether ``select`` is ``SELECT … FROM <name>`` (or from such a SELECT of every row) with nothing that
    adds or drops rows but a GROUP BY."""
    if not isinstance(select, exp.Select):
        return False
    if any(select.args.get(clause) for clause in _ROW_CHANGING if clause != "group"):
        return False
    source = select.args.get("from_")
    table = source.this if source is not None else None
    if isinstance(table, exp.Subquery):  # a map's derives, one SELECT over the one before
        return _every_row(table.this, name)
    if not isinstance(table, exp.Table) or table.name != name:
        return False
    return {key for key, value in table.args.items() if value} <= {"this", "alias"}  # no schema, no sample


def _every_row(select: exp.Expression, name: str) -> bool:
    """``SELECT <row-wise expressions> FROM <name> [ORDER BY …]``: one row out per row in."""
    if not _reads_only(select, name) or select.args.get("group"):
        return False
    return not any(e.find(exp.AggFunc, exp.Subquery, exp.Unnest, exp.Explode) for e in select.expressions)


def _is_aggregate(select: exp.Expression) -> bool:
    """A SELECT with a GROUP BY, or of aggregates only (no window: COUNT(*) OVER () keeps the rows)."""
    if not isinstance(select, exp.Select) or any(e.find(exp.Window) for e in select.expressions):
        return False
    return bool(select.args.get("group")) or any(e.find(exp.AggFunc) for e in select.expressions)


def _grouped(select: exp.Expression, name: str) -> bool:
    """``SELECT <keys, aggregates> FROM <name> [GROUP BY …]``: an aggregate straight over ``name`` (the sum of
    each group's COUNT(*) is then the rows of ``name``)."""
    return _reads_only(select, name) and _is_aggregate(select)


def _tables_read(tree: Any, into: dict[str, list]) -> None:
    if isinstance(tree, exp.Expression):
        for table in tree.find_all(exp.Table):
            into[table.name].append(tree)
    elif isinstance(tree, dict):
        for value in tree.values():
            _tables_read(value, into)
    elif isinstance(tree, list | tuple):
        for value in tree:
            _tables_read(value, into)


def defer_counts(compiled: CompiledGraph) -> None:
    """Count without storing: a relation that exactly one statement reads, once, is a view whose rows come
    from that statement's own pass when that pass sees them all, so the relation is computed once, inside
    its consumer, and never stored just to be counted:

    * a destination writing every row of it: the rows written (``write``; not an upsert, which stages its
      distinct rows);
    * an aggregate straight over it: each group's ``COUNT(*)`` carried in the aggregate's table, summed
      (``carry``; aggregates stay tables, small);
    * a node selecting every row of it (a map, a sort) whose relation is itself computed once (a table, or
      deferred into a pass that computes it once), or any such node when the relation is a view anyway (a
      source, a filter: cheap scans, read through by each statement after them): that node's rows (``same``).

    A table read by a view that counts itself with a scan (a filter after a join) stays a table: as a view its
    work would run twice. Relations are decided from the last to the first, so a consumer is decided before
    what it reads (TPC-H Q9: join → map → aggregate → sort → destination keeps only the aggregate a table)."""
    readers: dict[str, list] = defaultdict(list)
    for relation in compiled.relations:
        _tables_read(relation.select, readers)
    for write in compiled.writes:
        _tables_read(write.select, readers)
    _tables_read(list(compiled.reports.values()), readers)
    writes = {id(w.select): w for w in compiled.writes}
    once: dict[str, bool] = {}  # relation -> whether the statements of the run compute it once
    for relation in reversed(compiled.relations):
        once[relation.name] = not relation.view
        trees = readers.get(relation.name, [])
        if len(trees) != 1 or _is_aggregate(relation.select):
            continue  # read by several statements (or none); an aggregate stays a table, counted itself
        tree = trees[0]
        if sum(1 for t in tree.find_all(exp.Table) if t.name == relation.name) != 1:
            continue
        write = writes.get(id(tree))
        consumer = next((r for r in compiled.relations if r.select is tree), None)
        if write is not None and _every_row(tree, relation.name) and getattr(write.config, "mode", None) != "upsert":
            relation.count_from = ("write", write.node)
            once[relation.name] = True
        elif consumer is None:
            continue
        elif _grouped(tree, relation.name) and not consumer.view and consumer.count_from is None:
            consumer.carry = "__sluice_input_rows"
            while consumer.carry in consumer.schema.names():
                consumer.carry = "_" + consumer.carry
            relation.count_from = ("carry", consumer.name)
            once[relation.name] = True
        elif _every_row(tree, relation.name) and (once[consumer.name] or relation.view):
            relation.count_from = ("same", consumer.name)
            once[relation.name] = once[consumer.name]
        else:
            continue
        relation.view = True


def _message(type_key: str, exc: NodeError) -> str:
    if exc.code == NO_SQL_FORM and exc.message.startswith(type_key):
        return exc.message
    if exc.code == NO_SQL_FORM:
        return f"{type_key} has no SQL form: {exc.message}"
    return exc.message


def _inputs(node_type: NodeType, config: NodeConfig, edges: list, outputs: dict) -> dict[str, Any]:
    inputs: dict[str, Any] = {}
    for port in node_type.input_ports(config):
        wired = [outputs[(e.source, e.source_port)] for e in edges if e.target_port == port.name]
        if not wired:
            continue
        inputs[port.name] = wired if port.multiple else wired[0]
    return inputs
