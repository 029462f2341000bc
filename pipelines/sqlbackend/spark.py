"""Running a compiled graph on Spark: ``SparkRun``, the SQL runner (``pipelines.sqlbackend.runner.SqlRun``:
the relations created and counted in dependency order, quality counts, two-phase destinations) on a Spark
Connect session of the graph's Spark connection.

What differs from a database target:

* the session is ``pipelines.connectors.spark.spark_session`` of the connection (its settings, its token,
  the SSRF checks), bounded by the statement timeout as the whole run's budget;
* each file source is first read as a temp view of its own (``spark.read.parquet(*files)``, or
  ``spark.read.csv`` with every column as text and the source's options, cast by the compiled SQL to the
  types Polars inferred; the files the compiler listed through the Polars reader's path and access
  checks): the cluster reads the paths itself, so they must be reachable from it (this machine's file
  system for a local cluster; an object store, ``s3a://``, in production);
* a relation the compiler stores is ``CACHE TABLE … AS SELECT`` (Spark has no TEMP tables), a view
  ``CREATE TEMPORARY VIEW``; each is counted, as on every target;
* there is no transaction: nothing is published before the commit phase, and the session's temp views
  and caches end with it. A Parquet or CSV file destination is written by the cluster itself
  (``DataFrame.write`` into a hidden directory beside the target, arranged by the type's
  ``stage_by_cluster`` into the staging its ``stage`` would make: one file, or ``col=value/`` directories),
  its rows counted by Spark; NDJSON is staged by the type's own ``stage`` over the rows read back through
  Arrow. Either way the commit phase publishes the receipt with the type's ``commit``, and a failed or
  cancelled run aborts every staging;
* a table of the Spark connection is a source's SELECT (``spark_select``: checked names, a checked
  condition) and a destination's staging table ``_sluice_stage_<stage id>`` beside its target
  (``_stage_table``), published by the type's ``commit`` on a session of the same connection
  (``pipelines.connectors.spark.spark_publish``) and dropped by its ``abort``;
* every operation carries the run's tag (``session.addTag``): ``cancel()`` interrupts them
  (``session.interruptTag``) from another thread;
* each statement and its duration is a log line (``log``; by default this module's logger, which the
  step's log captures), and so is the progress of its Spark jobs (``ProgressLog``: stages and tasks done,
  bytes read; at most one line a second per operation, and its last).
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

import polars as pl
from sqlglot import exp

from pipelines.connectors.spark import spark_current_database, spark_session
from pipelines.connectors.writer import Receipt, staging_name
from pipelines.nodes import registry
from pipelines.nodes.destinations.file import SPARK_FORMATS, spark_write_spec
from pipelines.nodes.sqlcompile import alias, col, ident, select_from
from pipelines.sqlbackend.compiler import Write
from pipelines.sqlbackend.runner import SqlRun

_LOGGED_SQL = 300  # characters of a statement in its log line
_PROGRESS_SQL = 60  # characters of it in its progress lines
# The step's log captures the records of its thread (executions.engine.monitor.StepLogHandler).
logger = logging.getLogger("pipelines.sqlbackend.spark")
_ROW = "__sluice_row"  # a partitioned ordered write's row number, dropped before the files
# A setting of every run: timestamps in Parquet as Polars writes them (INT64 microseconds, not the legacy
# INT96 that Polars reads as naive nanoseconds).
_RUN_SETTINGS = {"spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS"}
# Progress reported every second (Spark's default: 2 s); a server without progress reports keeps its own.
_PROGRESS_SETTINGS = {"spark.connect.progress.reportInterval": "1s"}


def _quoted(name: str) -> str:
    """A column name as Spark parses it in ``functions.col`` (backticks, a backtick inside doubled)."""
    return "`" + name.replace("`", "``") + "`"


def _size(count: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return ""


class ProgressLog:
    """A Spark Connect progress handler (``session.registerProgressHandler``) that makes the progress of
    each operation's jobs log lines: ``spark: progress 3c1f…: stages 1/2, tasks 5/8 (2 running), 1.2 MiB
    read``; at most one line every ``every`` seconds per operation, and always its last (``done``). An
    operation without a Spark job (a command, a cached read) logs nothing. ``what`` names the running
    operation in the lines (its statement's start, set by the caller before it: the handler runs in the
    caller's thread while the operation's results arrive)."""

    def __init__(self, log: Callable[[str], None], *, every: float = 1.0):
        self.log = log
        self.every = every
        self.what = ""
        self._last: dict[str, float] = {}

    def __call__(self, stages=None, inflight_tasks: int = 0, operation_id: str | None = None, done: bool = False):
        stages = list(stages or [])
        key = operation_id or ""
        now = time.monotonic()
        if done:
            logged = self._last.pop(key, None)
            if not stages or (logged is None and not any(s.num_tasks for s in stages)):
                return
        else:
            if not stages or now - self._last.get(key, -self.every) < self.every:
                return
            self._last[key] = now
        tasks = sum(s.num_tasks for s in stages)
        completed = sum(s.num_completed_tasks for s in stages)
        finished = sum(1 for s in stages if s.done)
        read = sum(s.num_bytes_read for s in stages)
        running = f" ({inflight_tasks} running)" if inflight_tasks and not done else ""
        what = f" ({self.what})" if self.what else ""
        self.log(
            f"spark: progress {key[:8]}{' done' if done else ''}{what}: stages {finished}/{len(stages)}, "
            f"tasks {completed}/{tasks}{running}, {_size(read)} read"
        )


class _SparkDb:
    """A Spark Connect session with the few calls the SQL runner makes."""

    dialect = "spark"

    def __init__(self, connection, *, timeout: float, tag: str, log: Callable[[str], None]):
        self.tag = tag
        self.log = log
        self._context = spark_session(connection, timeout=timeout)
        self.session = self._context.__enter__()
        self.progress = ProgressLog(log)
        try:
            self.session.addTag(tag)
            self.session.conf._set_all(configs=_RUN_SETTINGS, silent=False)
            with contextlib.suppress(Exception):  # the progress lines are a help, not a condition of the run
                self.session.conf._set_all(configs=_PROGRESS_SETTINGS, silent=False)
            self.session.registerProgressHandler(self.progress)
        except BaseException:
            self._context.__exit__(None, None, None)  # the session is released when the run cannot use it
            raise

    def _timed(self, sql: str, call: Callable[[], Any]) -> Any:
        started = time.monotonic()
        one_line = " ".join(sql.split())
        self.progress.what = one_line[:_PROGRESS_SQL] + ("…" if len(one_line) > _PROGRESS_SQL else "")
        result = call()
        shown = one_line[:_LOGGED_SQL] + ("…" if len(one_line) > _LOGGED_SQL else "")
        self.log(f"spark: {time.monotonic() - started:.2f} s  {shown}")
        return result

    def read_parquet(self, view: str, paths: list[str]) -> None:
        started = time.monotonic()
        self.progress.what = f"read {view}"
        self.session.read.parquet(*paths).createOrReplaceTempView(view)
        self.log(f"spark: {time.monotonic() - started:.2f} s  read {len(paths)} Parquet file(s) as {view}")

    def read_csv(self, view: str, paths: list[str], columns: list[str], options: dict[str, str]) -> None:
        """The CSV files as a temp view of text columns named ``columns`` (by position; the SQL casts them)."""
        from pyspark.sql.types import StringType, StructField, StructType

        started = time.monotonic()
        self.progress.what = f"read {view}"
        schema = StructType([StructField(name, StringType(), True) for name in columns])
        self.session.read.schema(schema).options(**options).csv(paths).createOrReplaceTempView(view)
        self.log(f"spark: {time.monotonic() - started:.2f} s  read {len(paths)} CSV file(s) as {view}")

    def write_files(self, sql: str, path: str, spec: dict[str, Any], *, ordered: bool) -> int:
        """The cluster writes the rows of ``sql`` into the directory ``path`` (``spark_write_spec``'s format,
        options and partition columns): one part file, in the rows' order (``coalesce(1)`` of the sorted
        rows), or one file per partition (ordered rows: numbered in one task and sorted by partition, then
        number, which Spark's partitioned writer keeps). Returns the rows written, counted by Spark in the
        write's own job (``observe``: the rows are not computed a second time for their count)."""
        from pyspark.sql.connect import functions as F
        from pyspark.sql.connect.observation import Observation

        started = time.monotonic()
        shown = path.rsplit("/", 1)[-1]
        self.progress.what = f"write {shown}"
        observed = Observation(f"sluice_rows_{uuid.uuid4().hex}")  # counted by the write's own job
        frame = self.session.sql(sql).observe(observed, F.count(F.lit(1)).alias("rows"))
        for name in spec["naive_datetimes"]:
            frame = frame.withColumn(name, F.col(_quoted(name)).cast("timestamp_ntz"))
        copies: dict[str, str] = spec["partition_by"]
        if not copies:
            frame = frame.coalesce(1)
        else:
            frame = frame.withColumns({copy: F.col(_quoted(name)) for copy, name in copies.items()})
            if ordered:
                frame = frame.coalesce(1).withColumn(_ROW, F.monotonically_increasing_id())
                frame = frame.sortWithinPartitions(*[F.col(c) for c in copies], F.col(_ROW)).drop(_ROW)
            else:
                frame = frame.repartition(*[F.col(c) for c in copies])
        writer = frame.write.format(spec["format"]).options(**spec["options"]).mode("error")
        if copies:
            writer = writer.partitionBy(*copies)
        writer.save(path)
        rows = int(observed.get["rows"])
        what = "Parquet" if spec["format"] == "parquet" else "CSV"
        self.log(f"spark: {time.monotonic() - started:.2f} s  wrote {rows} rows as {what} ({shown})")
        return rows

    def execute(self, sql: str) -> None:
        # session.sql runs a command (CREATE VIEW, CACHE TABLE) eagerly.
        self._timed(sql, lambda: self.session.sql(sql))

    def fetchall(self, sql: str) -> list[tuple]:
        return self._timed(sql, lambda: [tuple(row) for row in self.session.sql(sql).collect()])

    def read_arrow(self, sql: str):
        return self._timed(sql, lambda: self.session.sql(sql).toArrow())

    def begin(self) -> None:
        """No transaction on Spark: nothing is published before the commit phase."""

    def commit(self) -> None:
        """See ``begin``."""

    def rollback(self) -> None:
        """See ``begin``: the temp views and caches end with the session."""

    def interrupt(self) -> None:
        self.session.interruptTag(self.tag)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # a cancelled or broken session: it is released either way
            self.session.removeProgressHandler(self.progress)
            self.session.catalog.clearCache()
        self._context.__exit__(None, None, None)


class SparkRun(SqlRun):
    """``SqlRun`` on the graph's Spark connection (see the module's docstring)."""

    def __init__(self, compiled, *, log: Callable[[str], None] | None = None, **kwargs):
        super().__init__(compiled, **kwargs)
        self.log = log or logger.info
        self.tag = f"sluice-{uuid.uuid4().hex}"

    def _open(self):
        connection = self._ctx("").connection(self.compiled.target.connection)
        return _SparkDb(connection, timeout=self.timeout, tag=self.tag, log=self.log)

    def _prepare(self) -> None:
        for reports in self.compiled.reports.values():
            read = reports.get("spark_read")
            if read is None:
                continue
            self._check()
            if read["format"] == "csv":
                self.db.read_csv(read["view"], read["paths"], read["columns"], read["options"])
            else:
                self.db.read_parquet(read["view"], read["paths"])

    def _stage(self, write: Write, staged: list) -> tuple[dict[str, Any], int, dict[str, Any]]:
        """A Parquet or CSV file destination is written by the cluster (see the module's docstring), its
        checks measured first in SQL and judged as on Polars (a blocking one fails the run before anything is
        staged); the others as on every target. (receipt, rows written, report) as ``SqlRun._stage``."""
        if write.type == "destination.database":
            return self._stage_table(write, staged)
        if write.type != "destination.file" or write.config.format not in SPARK_FORMATS:
            return super()._stage(write, staged)
        node_type = registry.get(write.type)
        ctx = self._ctx(write.node)
        checks = list(write.config.checks or [])
        report: dict[str, Any] = {}
        if checks:
            rows = write.select.copy()
            rows.set("order", None)
            _, report = self._measure(write, checks, rows.subquery("t"))
        spec = spark_write_spec(write.config, write.schema)
        ordered = bool(write.select.args.get("order"))
        sql = self.compiled.sql(write.select)
        receipt = node_type.stage_by_cluster(
            ctx, write.config, lambda path: self.db.write_files(sql, path, spec, ordered=ordered)
        )
        staged.append((node_type, ctx, write.config, receipt))
        return receipt, receipt["rows"], report

    def _stage_table(self, write: Write, staged: list) -> tuple[dict[str, Any], int, dict[str, Any]]:
        """A table destination of the Spark connection: the cluster writes the rows into the staging table
        ``_sluice_stage_<stage id>`` beside the target, in the target's database (``CREATE TABLE … USING
        parquet AS SELECT``); the rows staged and the checks' measures are read in one scan of it and the checks
        judged as on Polars. The receipt (kind ``spark``) is published by the commit phase (the type's
        ``commit``: ``pipelines.connectors.spark.spark_publish``); a failed run drops the staging (``abort``)."""
        node_type = registry.get(write.type)
        ctx = self._ctx(write.node)
        config = write.config
        schema = config.schema_ or spark_current_database(self.db.session)
        receipt = Receipt(
            kind="spark",
            connection=self.compiled.target.connection,
            target=config.table,
            staging_table=staging_name(ctx.stage_id),
            schema=schema,
            mode=config.mode,
            keys=list(config.keys),
            create_if_missing=config.create_if_missing,
        )
        receipt.check()
        table = exp.Table(this=ident(receipt.staging_table), db=ident(schema))
        staged.append((node_type, ctx, config, receipt.as_json()))  # dropped by abort from here on
        self.db.execute(self.compiled.sql(exp.Drop(tables=[table.copy()], kind="TABLE", exists=True)))
        rows = write.select
        naive = [n for n, d in write.schema.items() if isinstance(d, pl.Datetime) and not d.time_zone]
        if naive:  # naive datetimes stay naive in the table (TIMESTAMP_NTZ), as Polars keeps them
            ntz = exp.DataType.build("TIMESTAMP_NTZ", dialect="spark")
            rows = select_from(
                write.select,
                *(alias(exp.Cast(this=col(n), to=ntz.copy()), n) if n in naive else col(n) for n in write.schema),
            )
        create = f"CREATE TABLE {self.compiled.sql(table)} USING parquet AS {self.compiled.sql(rows)}"
        self.db.execute(create)
        receipt.rows, report = self._measure(write, list(config.checks or []), table.copy())
        staged[-1] = (node_type, ctx, config, receipt.as_json())
        return receipt.as_json(), receipt.rows, report

    def cancel(self) -> None:
        """Interrupt every running operation of the run (safe from another thread); ``run`` then raises
        SqlRunCancelled."""
        self._cancelled.set()
        db = self.db
        if db is not None:
            with contextlib.suppress(Exception):  # nothing runs, or the session ended meanwhile
                db.interrupt()
