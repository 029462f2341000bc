"""Kill points: places in the real destination code where a Celery worker stops and waits to be SIGKILLed.

The worker imports this module (through tests.e2e.nodes) with SLUICE_KILLPOINTS set; it then wraps the
real ``destination.file`` / table-destination / commit code so that, when the control file names a point,
the process that reaches it writes ``<control>.reached`` and sleeps (the test kills it there). Without the
control file every wrapper is a pass-through, and without SLUICE_KILLPOINTS nothing is wrapped (so the test
process, which finishes interrupted commits through the watchdog, never stops).

Points, in the order a run reaches them:

* ``before_stage``: the destination's step is running, nothing written yet;
* ``mid_stage``: some batches are in the staging file/table, more to come;
* ``after_stage``: staging complete, the step's success (and its receipt) not recorded yet;
* ``commit``: inside the publish phase, after the first publish and before the rest / the transaction's
  commit;
* ``after_publish``: every receipt published, the execution not yet marked succeeded.
"""

from __future__ import annotations

import functools
import json
import os
import threading
import time
from pathlib import Path

POINTS = ("before_stage", "mid_stage", "after_stage", "commit", "after_publish")
_state = threading.local()
_commits: dict[str, int] = {}  # file commits per run (e<id>) in this process


def control_path() -> Path:
    from django.conf import settings

    return Path(settings.DATA_ROOT).parent / "killpoint.json"


def arm(point: str) -> None:
    """(test side) Make every worker stop at ``point``."""
    assert point in POINTS, point
    reached_path().unlink(missing_ok=True)
    control_path().write_text(json.dumps({"point": point}))


def disarm() -> None:
    control_path().unlink(missing_ok=True)


def reached_path() -> Path:
    return control_path().with_suffix(".reached")


def reached() -> str | None:
    try:
        return reached_path().read_text() or None
    except FileNotFoundError:
        return None


def _armed(point: str) -> bool:
    try:
        return json.loads(control_path().read_text()).get("point") == point
    except (FileNotFoundError, ValueError):
        return False


def stop_here(point: str) -> None:
    """(worker side) Wait here to be killed while ``point`` is armed (at most 5 minutes)."""
    if not _armed(point):
        return
    reached_path().write_text(f"{point} {os.getpid()}")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and _armed(point):
        time.sleep(0.05)


def _wrap(owner, name: str, *, before: str | None = None, after: str | None = None, flag: bool = False):
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        if before:
            stop_here(before)
        if flag:
            _state.staging, _state.batches = True, 0
        try:
            result = original(*args, **kwargs)
        finally:
            if flag:
                _state.staging = False
        if after:
            stop_here(after)
        return result

    setattr(owner, name, wrapper)


def _mid_stage_batches(frame):
    """``frame`` passed through a streaming UDF that stops at ``mid_stage`` once a batch went by."""
    import polars as pl

    seen = {"n": 0}

    def gate(batch: pl.DataFrame) -> pl.DataFrame:
        seen["n"] += 1
        if seen["n"] == 2:
            stop_here("mid_stage")
        return batch

    return frame.map_batches(gate, streamable=True, schema=frame.collect_schema())


def install() -> None:
    from executions.services import lifecycle
    from pipelines.connectors import writer
    from pipelines.nodes.destinations import database, file

    # destination.file: the runner sinks ``stage_plan``'s lazy sink, then reads ``staged_stats``.
    original_plan = file.FileDestination.stage_plan

    @functools.wraps(original_plan)
    def stage_plan(self, ctx, config, frame):
        stop_here("before_stage")
        if _armed("mid_stage"):  # otherwise the plan stays exactly the engine's
            frame = _mid_stage_batches(frame)
        return original_plan(self, ctx, config, frame)

    file.FileDestination.stage_plan = stage_plan
    _wrap(file.FileDestination, "staged_stats", after="after_stage")

    original_commit = file.FileDestination.commit

    @functools.wraps(original_commit)
    def file_commit(self, ctx, config, receipt):
        run = ctx.stage_id.split("_", 1)[0]
        if _commits.get(run):  # the second file of the run: the first one is published already
            stop_here("commit")
        _commits[run] = _commits.get(run, 0) + 1
        return original_commit(self, ctx, config, receipt)

    file.FileDestination.commit = file_commit

    # Table destinations (database, warehouse): stage → stage_frame → a batch at a time through to_arrow.
    _wrap(database.TableDestination, "stage", before="before_stage", after="after_stage", flag=True)
    original_to_arrow = writer.to_arrow

    @functools.wraps(original_to_arrow)
    def to_arrow(*args, **kwargs):
        if getattr(_state, "staging", False):
            _state.batches += 1
            if _state.batches == 2:
                stop_here("mid_stage")
        return original_to_arrow(*args, **kwargs)

    writer.to_arrow = to_arrow
    _wrap(writer, "_publish", after="commit")  # inside the publish transaction, before its COMMIT
    _wrap(lifecycle, "commit_receipts", after="after_publish")


if os.environ.get("SLUICE_KILLPOINTS"):
    install()
