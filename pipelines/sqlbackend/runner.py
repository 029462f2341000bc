"""Running a compiled graph on its target: one transaction, per-node row counts, two-phase destinations.

``SqlRun(compiled, ...).run()`` opens the target (the graph's connection, or an in-memory DuckDB for a graph
of files), and in ONE transaction creates each relation (a TEMP view or table: the compiler's Relation.view)
in dependency order and counts it (the rows, and the seconds, of every node's every port; a relation whose
count comes from its consumer's pass, ``Relation.count_from``, is counted there: the rows a destination wrote,
the input rows an aggregate's table carries), runs the quality
rule counts, and stages every destination: a database destination into ``_sluice_stage_<id>`` beside its
table (``CREATE TABLE … AS SELECT``), published later by the destination type's own
``commit``/``commit_group`` from the receipt (as on Polars); a file destination by the type's own ``stage``
over the rows read back from DuckDB. The transaction commits only when everything succeeded: on any error it
rolls back (no staging table stays) and the file stagings already made are aborted. ``cancel()`` (from
another thread) stops the running statement: DuckDB's ``interrupt()``, PostgreSQL's cancel request.

The engine's running room calls this for a run on the ``sql`` backend (docs/backends.md: what remains).
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings
from sqlglot import exp

from pipelines.connectors.arrow import arrow_to_polars
from pipelines.connectors.catalog import default_schema
from pipelines.connectors.sessions import open_database
from pipelines.connectors.sql import ConnectorError, statement_timeout
from pipelines.connectors.writer import Receipt, staging_name
from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError
from pipelines.nodes.checks import checks_enforce, checks_run_on
from pipelines.nodes.quality import MAX_SAMPLE_ROWS, sample_rows
from pipelines.nodes.quality_sql import check_measures
from pipelines.nodes.sqlcompile import all_columns, col, ident, select_from
from pipelines.sqlbackend.compiler import CompiledGraph, Relation, Write


@dataclass
class NodeRun:
    rows: dict[str, int] = field(default_factory=dict)  # output port -> rows
    seconds: float = 0.0
    report: dict[str, Any] = field(default_factory=dict)
    receipt: dict[str, Any] | None = None


class SqlRunCancelled(Exception):
    """The run was cancelled while a statement ran."""


# The share of SLUICE_STEP_MEMORY_LIMIT the embedded DuckDB may hold before it spills to disk: the worker's own
# baseline (~180 MiB of Django) and Arrow results read back count against the same limit.
EMBEDDED_MEMORY_SHARE = 0.6


def embedded_config(scratch: str) -> dict[str, Any]:
    """The embedded DuckDB's settings: spill under ``scratch`` (the run's own directory in SLUICE_SCRATCH_DIR),
    at most EMBEDDED_MEMORY_SHARE of SLUICE_STEP_MEMORY_LIMIT when one is set (so that it spills rather than
    the step monitor killing the step; without a limit DuckDB's own default, 80 % of the machine), and never
    an extension installed or loaded on demand (``read_parquet('https://…')`` would fetch httpfs from the
    internet, then the URL: the compiler never emits one, and DuckDB now refuses it too)."""
    config: dict[str, Any] = {
        "temp_directory": scratch,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }
    limit = settings.SLUICE_STEP_MEMORY_LIMIT
    if limit:
        config["memory_limit"] = f"{max(64 << 20, int(limit * EMBEDDED_MEMORY_SHARE))}B"
    return config


class _Embedded:
    """An in-memory DuckDB with the few calls the runner makes (a graph of files); see ``embedded_config``."""

    dialect = "duckdb"

    def __init__(self) -> None:
        import duckdb

        root = Path(settings.SLUICE_SCRATCH_DIR) / "duckdb"
        root.mkdir(parents=True, exist_ok=True)
        self.scratch = tempfile.mkdtemp(dir=root)
        try:
            self.conn = duckdb.connect(config=embedded_config(self.scratch))
        except BaseException:
            shutil.rmtree(self.scratch, ignore_errors=True)
            raise

    def execute(self, sql: str) -> None:
        self.conn.execute(sql)

    def fetchall(self, sql: str) -> list[tuple]:
        return self.conn.execute(sql).fetchall()

    def read_arrow(self, sql: str):
        return self.conn.sql(sql).to_arrow_table()

    def begin(self) -> None:
        self.conn.execute("BEGIN TRANSACTION")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        with contextlib.suppress(Exception):  # no transaction open
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)


class SqlRun:
    def __init__(
        self,
        compiled: CompiledGraph,
        *,
        context: dict[str, Any],
        stage_id: str,
        timeout: float | None = None,
        context_for: Callable[[str], BuildContext] | None = None,
    ):
        """``context_for(node)``: the BuildContext of a node in the run (the engine's, whose stage ids
        its clean-up of killed attempts knows); default: one made from ``context`` and ``stage_id``."""
        self.context_for = context_for
        self.compiled = compiled
        self.context = context
        self.stage_id = stage_id
        self.timeout = timeout or statement_timeout()
        self.db: Any = None
        self._cancelled = threading.Event()

    # --- the parts --------------------------------------------------------------------------------

    def _ctx(self, node: str) -> BuildContext:
        if self.context_for is not None and node:
            return self.context_for(node)
        return BuildContext(
            node_key=node,
            mode="run",
            data_root=self.context.get("data_root", settings.DATA_ROOT),
            params=self.context.get("params", {}),
            get_connection=self.context.get("get_connection"),
            file_access=self.context.get("file_access"),
            timeout=self.timeout,
            stage_id=f"{self.stage_id}-{node}",
        )

    def _open(self):
        target = self.compiled.target
        if target.connection is None:
            return _Embedded()
        connection = self._ctx("").connection(target.connection)
        return open_database(connection, read_only=False, timeout=self.timeout)

    def _prepare(self) -> None:
        """What a target needs before the relations are created (Spark: the files read as views)."""

    def _check(self) -> None:
        if self._cancelled.is_set():
            raise SqlRunCancelled("The run was cancelled.")

    def cancel(self) -> None:
        """Stop the running statement (safe from another thread); ``run`` then raises SqlRunCancelled."""
        self._cancelled.set()
        db = self.db
        if db is None:
            return
        conn = getattr(db, "conn", None)
        with contextlib.suppress(Exception):  # the statement ended meanwhile
            if hasattr(conn, "interrupt"):  # DuckDB
                conn.interrupt()
            elif hasattr(getattr(db, "cur", None), "adbc_cancel"):  # PostgreSQL through ADBC
                db.cur.adbc_cancel()

    def _sample(self, reports: dict[str, Any]) -> Callable[[int, int], list[dict[str, Any]]]:
        def sample(index: int, take: int) -> list[dict[str, Any]]:
            select = reports["samples"][index].limit(take)
            return sample_rows(arrow_to_polars(self.db.read_arrow(self.compiled.sql(select))))

        return sample

    def _count(self, name: str) -> int:
        select = exp.select(exp.Count(this=exp.Star())).from_(exp.Table(this=ident(name)))
        return int(self.db.fetchall(self.compiled.sql(select))[0][0])

    def _count_carrying(self, relation: Relation) -> tuple[int, int]:
        """An aggregate's rows and its input's (the sum of each group's COUNT(*) its table carries)."""
        summed = exp.Coalesce(this=exp.Sum(this=exp.column(ident(relation.carry))), expressions=[exp.Literal.number(0)])
        select = exp.select(exp.Count(this=exp.Star()), summed).from_(exp.Table(this=ident(relation.carry_table)))
        rows, carried = self.db.fetchall(self.compiled.sql(select))[0]
        return int(rows), int(carried)

    def _deferred_counts(self, nodes: dict[str, NodeRun], carried: dict[str, int], written: dict[str, int]) -> None:
        """The rows of the relations counted in their consumer's pass (the compiler's ``defer_counts``), from
        the last to the first: a relation's consumer comes after it."""
        counts = {r.name: nodes[r.node].rows.get(r.port) for r in self.compiled.relations}
        for relation in reversed(self.compiled.relations):
            if relation.count_from is None:
                continue
            how, source = relation.count_from
            rows = written[source] if how == "write" else carried[source] if how == "carry" else counts[source]
            counts[relation.name] = nodes[relation.node].rows[relation.port] = rows

    def _measure(self, write: Write, checks: list, rows: exp.Expression) -> tuple[int, dict[str, Any]]:
        """The count of ``rows`` (a staging table, or a subquery of the rows to write) and the destination's
        checks judged on them, measured in one scan; (rows, the checks' report)."""
        measures = check_measures(checks, write.schema, dialect=self.compiled.target.dialect)
        select = exp.select(exp.Count(this=exp.Star()), *(m for m in measures if m is not None))
        row = self.db.fetchall(self.compiled.sql(select.from_(rows)))[0]
        if not checks:
            return int(row[0]), {}
        values = iter(row[1:])
        measured = [None if m is None else next(values) for m in measures]
        return int(row[0]), self._judge(write.node, checks, write.schema, measured, rows=int(row[0]))

    def _judge(
        self, node: str, checks: list, schema, values: list, *, rows: int, report: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Judge a node's checks on their measures (``values``: per check, None for one that reads no data)
        with the Polars run's own ``checks_enforce`` (its bounds, its baselines from the node's last runs);
        the node's report (``report`` plus the checks' results), or NodeError(check_blocked)."""
        ctx = self._ctx(node)
        ctx.report.update(report or {})
        measured = {
            f"c{i}": [None if v is None else float(v)] for i, v in enumerate(values) if checks[i].type != "schema_drift"
        }
        stats = pl.DataFrame(measured, schema={name: pl.Float64 for name in measured}) if measured else None
        checks_enforce(ctx, checks, stats, schema, rows=rows)
        return dict(ctx.report)

    def _stage(self, write: Write, staged: list) -> tuple[dict[str, Any], int, dict[str, Any]]:
        """Stage one destination: its receipt, the rows written and its report (its checks judged before
        anything stays staged: a blocking one fails the run, which drops every staging)."""
        node_type = registry.get(write.type)
        ctx = self._ctx(write.node)
        checks = list(getattr(write.config, "checks", None) or [])
        if write.type == "destination.database":
            location = node_type.receipt_location(ctx, write.config)
            schema = write.config.schema_ or default_schema(self.db)
            receipt = Receipt(
                target=write.config.table,
                staging_table=staging_name(ctx.stage_id),
                schema=schema,
                mode=write.config.mode,
                keys=list(write.config.keys),
                create_if_missing=write.config.create_if_missing,
                **location,
            )
            receipt.check()
            table = exp.Table(this=ident(receipt.staging_table), db=ident(schema) if schema else None)
            self.db.execute(self.compiled.sql(exp.Drop(tables=[table.copy()], kind="TABLE", exists=True)))
            rows = write.select
            if receipt.mode == "upsert":  # its distinct rows, as Polars stages a key's last row only
                rows = select_from(write.select, *all_columns(write.schema)).distinct()
            self.db.execute(self.compiled.sql(exp.Create(this=table, kind="TABLE", expression=rows)))
            if receipt.mode == "upsert":
                self._check_upsert_keys(table, receipt.keys)
            receipt.rows, report = self._measure(write, checks, table.copy())
            return receipt.as_json(), receipt.rows, report
        # A file destination on the embedded DuckDB: the type's own staging over the rows read back, its checks
        # measured on them by Polars as on the Polars backend.
        frame = arrow_to_polars(self.db.read_arrow(self.compiled.sql(write.select)))
        report = {}
        if checks:
            report = self._judge_frame(write.node, checks, frame)
        receipt = node_type.stage(ctx, write.config, frame.lazy())
        staged.append((node_type, ctx, write.config, receipt))
        return receipt, frame.height, report

    def _check_upsert_keys(self, table: exp.Table, keys: list[str]) -> None:
        """NodeError unless every staged key is non-null and on one row: a null key is refused as the Polars
        stage refuses it; a key on several different rows is refused here, where Polars keeps the last of
        them (SQL rows have no order to say which is last). Rows equal in every column were made one."""
        keyed = exp.or_(*(exp.Is(this=col(k), expression=exp.Null()) for k in keys))
        count = exp.select(exp.Count(this=exp.Star())).from_(table.copy())
        nulls = int(self.db.fetchall(self.compiled.sql(count.where(keyed)))[0][0])
        named = ", ".join(keys)
        if nulls:
            message = f"{nulls} rows have a null key ({named}); upsert keys must not be null."
            raise NodeError(message, field="keys", code="database_error")
        grouped = exp.select(*(col(k) for k in keys)).from_(table.copy()).group_by(*(col(k) for k in keys))
        grouped = grouped.having(exp.GT(this=exp.Count(this=exp.Star()), expression=exp.Literal.number(1)))
        duplicated = int(self.db.fetchall(self.compiled.sql(select_from(grouped, exp.Count(this=exp.Star()))))[0][0])
        if duplicated:
            raise NodeError(
                f"{duplicated} keys ({named}) are on several different rows of the input. Polars' upsert keeps the "
                "last row of each, but SQL rows have no order to say which is last: remove the duplicates before "
                "this destination (e.g. an aggregate on the keys), or run this pipeline on the polars backend.",
                field="keys",
                code="upsert_duplicate_keys",
            )

    def _judge_frame(self, node: str, checks: list, frame: pl.DataFrame) -> dict[str, Any]:
        ctx = self._ctx(node)
        checks_run_on(ctx, checks, frame)
        return dict(ctx.report)

    # --- the run ----------------------------------------------------------------------------------

    def run(self) -> dict[str, NodeRun]:
        """Every node's rows, seconds, report and (destinations) receipt; raises NodeError (or
        SqlRunCancelled) with nothing left staged."""
        nodes: dict[str, NodeRun] = {key: NodeRun() for key in self.compiled.order}
        staged: list = []
        self.db = self._open()
        try:
            self.db.begin()
            self._prepare()
            carried: dict[str, int] = {}
            for relation in self.compiled.relations:
                self._check()
                started = time.monotonic()
                for sql in self.compiled.create_sql(relation):
                    self.db.execute(sql)
                if relation.carry is not None:
                    rows, carried[relation.name] = self._count_carrying(relation)
                    nodes[relation.node].rows[relation.port] = rows
                elif relation.count_from is None:
                    nodes[relation.node].rows[relation.port] = self._count(relation.name)
                nodes[relation.node].seconds += time.monotonic() - started
            for node, reports in self.compiled.reports.items():
                self._check()
                counts = reports.get("counts")
                if counts is None:
                    continue
                row = self.db.fetchall(self.compiled.sql(counts))[0]
                judge = functools.partial(self._judge, node)
                nodes[node].report = quality_report(node, reports, row, sample=self._sample(reports), judge=judge)
            written: dict[str, int] = {}
            for write in self.compiled.writes:
                self._check()
                started = time.monotonic()
                nodes[write.node].receipt, written[write.node], nodes[write.node].report = self._stage(write, staged)
                nodes[write.node].seconds += time.monotonic() - started
            self._deferred_counts(nodes, carried, written)
            self._check()
            self.db.commit()
        except BaseException as exc:
            self.db.rollback()
            for node_type, ctx, config, receipt in staged:
                with contextlib.suppress(Exception):  # the run's error is the one to report
                    node_type.abort(ctx, config, receipt)
            if self._cancelled.is_set():
                raise SqlRunCancelled("The run was cancelled.") from None
            if isinstance(exc, ConnectorError):
                raise NodeError(exc.message, code="database_error") from exc
            if isinstance(exc, NodeError | KeyboardInterrupt | SystemExit):
                raise
            raise NodeError(f"The SQL run failed: {str(exc).splitlines()[0][:500]}", code="database_error") from None
        finally:
            self.db.close()
            self.db = None
        return nodes


def quality_report(
    node: str,
    reports: dict[str, Any],
    row: tuple,
    *,
    sample: Callable[[int, int], list] | None = None,
    judge: Callable[..., dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A quality node's report from its counts row, shaped as the Polars run's (``Validate.execute``): rows,
    on_failure and per rule passed/failed with a few offending rows (``sample(rule index, rows)``, within
    the same budget). NodeError(quality_failed) when the step must fail: a failed rule in fail mode, or a
    failed row_count in either mode, as on Polars."""
    total = int(row[0])
    entries, failures, hard = [], [], False
    budget = MAX_SAMPLE_ROWS
    for name, kind, severity, index, low, high in reports.get("rules", []):
        entry: dict[str, Any] = {"name": name, "type": kind, "sample": []}
        if severity:
            entry["severity"] = severity
        if index is None:  # row_count
            ok = (low is None or total >= low) and (high is None or total <= high)
            entry.update(passed=int(ok), failed=int(not ok))
            if not ok:
                bounds = " and ".join(f"{w} {v}" for w, v in (("at least", low), ("at most", high)) if v is not None)
                entry["message"] = f"{total} rows; expected {bounds}"
                failures.append(f"{name} ({entry['message']})")
                hard = True
        else:
            failed = int(row[1 + index])
            take = min(int(reports.get("sample_size", 0)), budget) if failed else 0
            rows = sample(index, take) if take and sample is not None else []
            budget -= len(rows)
            entry.update(passed=total - failed, failed=failed, sample=rows)
            if failed:
                entry["message"] = f"{failed} of {total} rows fail"
                failures.append(f"{name} ({failed} of {total} rows)")
        entries.append(entry)
    # rules_of: a failure's report is copied to every row of the one step; its rules are this node's only.
    report = {"rows": total, "on_failure": reports.get("on_failure", "fail"), "rules": entries, "rules_of": node}
    checks, schema, at = reports.get("checks") or ([], None, 0)
    if checks and judge is not None:  # judged before the rules fail the step, as on Polars (Validate.execute)
        values = iter(row[at:])
        measured = [None if c.type == "schema_drift" else next(values) for c in checks]
        report = judge(checks, schema, measured, rows=total, report=report)
    if failures and (report["on_failure"] == "fail" or hard):
        shown = "; ".join(failures[:10]) + (f"; and {len(failures) - 10} more" if len(failures) > 10 else "")
        error = NodeError(
            f"{node}: {len(failures)} of {len(entries)} quality rules failed: {shown}.", code="quality_failed"
        )
        error.report = report  # type: ignore[attr-defined]  # kept with the failed step
        error.node = node  # type: ignore[attr-defined]
        raise error
    return report
