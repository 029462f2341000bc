"""Running a compiled graph on Spark: ``SparkRun``, the SQL runner (``pipelines.sqlbackend.runner.SqlRun``:
the relations created and counted in dependency order, quality counts, two-phase destinations) on a Spark
Connect session of the graph's Spark connection.

What differs from a database target:

* the session is ``pipelines.connectors.spark.spark_session`` of the connection (its settings, its token,
  the SSRF checks), bounded by the statement timeout as the whole run's budget;
* each file source is first read as a temp view of its own (``spark.read.parquet(*files)``, the files the
  compiler listed through the Polars reader's path and access checks): the cluster reads the paths
  itself, so they must be reachable from it (this machine's file system for a local cluster; an
  object store, ``s3a://``, in production);
* a relation the compiler stores is ``CACHE TABLE … AS SELECT`` (Spark has no TEMP tables), a view
  ``CREATE TEMPORARY VIEW``; each is counted, as on every target;
* there is no transaction: nothing is published before the commit phase (a file destination is staged
  by its own ``stage`` over the rows read back through Arrow, and aborted on failure), and the session's
  temp views and caches end with it;
* every operation carries the run's tag (``session.addTag``): ``cancel()`` interrupts them
  (``session.interruptTag``) from another thread;
* each statement and its duration is a log line (``log``; by default this module's logger, which the
  step's log captures).
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from pipelines.connectors.spark import spark_session
from pipelines.sqlbackend.runner import SqlRun

_LOGGED_SQL = 300  # characters of a statement in its log line
# The step's log captures the records of its thread (executions.engine.monitor.StepLogHandler).
logger = logging.getLogger("pipelines.sqlbackend.spark")


class _SparkDb:
    """A Spark Connect session with the few calls the SQL runner makes."""

    dialect = "spark"

    def __init__(self, connection, *, timeout: float, tag: str, log: Callable[[str], None]):
        self.tag = tag
        self.log = log
        self._context = spark_session(connection, timeout=timeout)
        self.session = self._context.__enter__()
        try:
            self.session.addTag(tag)
        except BaseException:
            self._context.__exit__(None, None, None)  # the session is released when the run cannot use it
            raise

    def _timed(self, sql: str, call: Callable[[], Any]) -> Any:
        started = time.monotonic()
        result = call()
        one_line = " ".join(sql.split())
        shown = one_line[:_LOGGED_SQL] + ("…" if len(one_line) > _LOGGED_SQL else "")
        self.log(f"spark: {time.monotonic() - started:.2f} s  {shown}")
        return result

    def read_parquet(self, view: str, paths: list[str]) -> None:
        started = time.monotonic()
        self.session.read.parquet(*paths).createOrReplaceTempView(view)
        self.log(f"spark: {time.monotonic() - started:.2f} s  read {len(paths)} Parquet file(s) as {view}")

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
            if read is not None:
                self._check()
                self.db.read_parquet(read["view"], read["paths"])

    def cancel(self) -> None:
        """Interrupt every running operation of the run (safe from another thread); ``run`` then raises
        SqlRunCancelled."""
        self._cancelled.set()
        db = self.db
        if db is not None:
            with contextlib.suppress(Exception):  # nothing runs, or the session ended meanwhile
                db.interrupt()
