"""The plan process (executions/engine/planproc.py, planchild.py): a step's big Polars pass runs in a lean
child started with a fresh interpreter, which imports Polars and never Django; its memory and CPU count in
the step's, SLUICE_STEP_MEMORY_LIMIT and a death of the child fail the step clearly, a Polars error reads
the same as in the worker, and a plan that calls Python stays in the worker. Real child processes, real
pipelines on the inline executor (SLUICE_PLAN_PROCESS=child here; the rest of the suite runs inline)."""

from __future__ import annotations

import io
import json
import os
import signal
import struct
import threading
import time
from pathlib import Path

import polars as pl
import psutil
import pytest
from django.conf import settings

from executions import executors
from executions.engine import planchild, planproc
from executions.engine.monitor import StepMonitor
from executions.models import StepLog
from executions.services import execution_start
from pipelines.nodes import registry
from pipelines.nodes.base import NodeConfig, NodeType
from tests.executions.conftest import chain

BIG = 5_000_000  # rows sorted by the memory tests: about 40 MB of data, more while sorting


@pytest.fixture(autouse=True)
def _child_mode(settings, tmp_path):
    settings.SLUICE_PLAN_PROCESS = "child"
    settings.SLUICE_SCRATCH_DIR = str(tmp_path / "scratch")
    yield
    planproc.kill_all()


def _run(pipeline, user):
    execution = execution_start(pipeline=pipeline, user=user)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    return execution


def _gone(pid: int) -> bool:
    """The process ended (reaped, or a zombie waiting for its reaper thread)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _wait_for(predicate, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def _numbers(name: str, rows: int) -> None:
    pl.DataFrame({"i": pl.int_range(0, rows, eager=True)}).write_parquet(Path(settings.DATA_ROOT) / name)


def test_the_plan_process_is_a_fresh_interpreter_without_django():
    modules = planproc.modules_of_child()
    assert "polars" in modules
    for name in ("django", "config", "pipelines", "core", "celery", "rest_framework", "numpy", "__mp_main__"):
        assert name not in modules, name
    (pid,) = planproc.children()
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    assert b"executions.engine.planchild" in cmdline  # started with -m, not a fork of this process
    assert psutil.Process(pid).ppid() == os.getpid()


@pytest.mark.django_db(transaction=True)
def test_a_big_pass_runs_in_the_plan_process_and_counts_in_the_step(make_pipeline, editor):
    _numbers("numbers.parquet", 200_000)
    passes = planproc.stats["passes"]
    graph = chain(
        ("src", "source.file", {"path": "numbers.parquet", "format": "parquet"}),
        ("keep", "transform.filter", {"condition": "i % 4 = 0"}),
        ("dst", "destination.file", {"path": "out/kept.parquet", "format": "parquet"}),
    )
    execution = _run(make_pipeline(graph), editor)
    assert execution.status == "succeeded", execution.error
    assert planproc.stats["passes"] == passes + 1
    out = pl.read_parquet(Path(settings.DATA_ROOT) / "out" / "kept.parquet")
    assert out.height == 50_000 and out["i"].sum() == sum(range(0, 200_000, 4))
    steps = {s.node_key: s for s in execution.steps.all()}
    assert steps["keep"].rows_in == 200_000 and steps["keep"].rows_out == 50_000
    assert steps["dst"].rows_in == 50_000
    assert steps["src"].peak_rss_bytes and steps["src"].cpu_seconds is not None
    assert _wait_for(lambda: len(planproc.children()) == 1)  # the next pass's child, ready or starting


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("spooled", [False, True], ids=["lazy-sink", "spooled"])
def test_a_polars_error_in_the_plan_process_reads_as_in_the_worker(make_pipeline, editor, settings, spooled):
    """The pass fails on the data (a cast of a cell that is not a number, which validation cannot know of):
    the step's error is the one the same pass gives in the worker, and a destination leaves no staging."""
    lines = [f"{i},{i}" for i in range(5000)] + ["5000,not-a-number"]
    (Path(settings.DATA_ROOT) / "late.csv").write_text("i,s\n" + "\n".join(lines) + "\n")
    file = ("dst", "destination.file", {"path": "out/late.parquet", "format": "parquet"})
    destination = ("dst", "t.sink", {"name": "late"}) if spooled else file
    graph = chain(
        ("src", "source.file", {"path": "late.csv", "format": "csv"}),
        ("keep", "transform.filter", {"condition": "CAST(s AS INTEGER) >= 0"}),
        destination,
    )
    errors = {}
    for mode in ("inline", "child"):
        settings.SLUICE_PLAN_PROCESS = mode
        failed_in_a_child = planproc.stats["errors"]
        execution = _run(make_pipeline(graph, name=f"late {mode}"), editor)
        assert planproc.stats["errors"] == failed_in_a_child + (mode == "child")
        assert execution.status == "failed"
        errors[mode] = execution.steps.get(node_key="src").error
    assert errors["child"] == errors["inline"]
    assert "not-a-number" in errors["child"]
    leftovers = [p.name for p in Path(settings.DATA_ROOT).rglob("*") if p.name.startswith(".")]
    assert leftovers == []


@pytest.mark.django_db(transaction=True)
def test_a_step_over_the_memory_limit_kills_its_plan_process_and_fails_clearly(
    make_pipeline, editor, settings, monkeypatch
):
    _numbers("big.parquet", BIG)
    settings.SLUICE_STEP_MEMORY_LIMIT = 32 * 1024**2
    # The pass's thread, waiting on the killed child's pipe, raises the limit itself: an asynchronous exception
    # could land in planproc's bookkeeping after the pass (once: between starting the spare and listing it).
    raised_in_step: list[type] = []
    monkeypatch.setattr(StepMonitor, "_raise_in_step", lambda self, exc_type: raised_in_step.append(exc_type))
    planproc.warm(wait=True)
    (warm,) = planproc.children()
    graph = chain(
        ("src", "source.file", {"path": "big.parquet", "format": "parquet"}),
        ("order", "transform.sort", {"keys": [{"column": "i", "descending": True}]}),
        ("dst", "destination.file", {"path": "out/sorted.parquet", "format": "parquet"}),
    )
    pipeline = make_pipeline(graph, default_params={"sluice_retry": {"max_attempts": 3, "backoff_seconds": 0}})
    execution = _run(pipeline, editor)
    assert execution.status == "failed"
    step = execution.steps.get(node_key="src")
    assert step.attempt == 1  # three attempts allowed, one made
    assert step.error == "step src used more than 32.0 MiB (SLUICE_STEP_MEMORY_LIMIT)"
    assert step.peak_rss_bytes > 32 * 1024**2
    line = StepLog.objects.get(execution=execution, level="error", logger="sluice.executions")
    assert line.extra["limit_bytes"] == 32 * 1024**2
    assert _wait_for(lambda: _gone(warm))  # the child that ran the pass was killed
    assert warm not in planproc.children() and len(planproc.children()) == 1  # and replaced
    assert raised_in_step == []
    assert not (Path(settings.DATA_ROOT) / "out" / "sorted.parquet").exists()


@pytest.mark.django_db(transaction=True)
def test_a_plan_process_killed_from_outside_fails_the_step_and_is_replaced(make_pipeline, editor):
    _numbers("big.parquet", BIG)
    planproc.warm(wait=True)
    killed: list[int] = []

    def kill_the_busy_child():
        if _wait_for(lambda: bool(planproc._busy), seconds=120):
            (child,) = list(planproc._busy)
            os.kill(child.pid, signal.SIGKILL)  # as the system's OOM killer would
            killed.append(child.pid)

    killer = threading.Thread(target=kill_the_busy_child, daemon=True)
    killer.start()
    graph = chain(
        ("src", "source.file", {"path": "big.parquet", "format": "parquet"}),
        ("order", "transform.sort", {"keys": [{"column": "i", "descending": True}]}),
        ("dst", "destination.file", {"path": "out/sorted.parquet", "format": "parquet"}),
    )
    execution = _run(make_pipeline(graph), editor)
    killer.join(timeout=10)
    assert killed, "the pass never ran in a plan process"
    assert execution.status == "failed"
    error = execution.steps.get(node_key="src").error
    assert error.startswith("the step's plan process was killed (signal SIGKILL) during its pass"), error
    assert "SLUICE_STEP_MEMORY_LIMIT" in error
    assert killed[0] not in planproc.children() and len(planproc.children()) == 1
    assert not (Path(settings.DATA_ROOT) / "out" / "sorted.parquet").exists()


class _PythonMap(NodeType):
    """A transform whose plan calls Python (cannot be serialized without pickle)."""

    key, family, Config = "t.python_map", "transform", NodeConfig

    def build(self, ctx, config, inputs):
        return {"out": inputs["in"].map_batches(lambda frame: frame.with_columns(pl.col("i") * 2))}


@pytest.mark.django_db(transaction=True)
def test_a_plan_that_calls_python_runs_in_the_worker(make_pipeline, editor):
    _numbers("numbers.parquet", 20_000)
    registry.register(_PythonMap)
    try:
        before = dict(planproc.stats)
        graph = chain(
            ("src", "source.file", {"path": "numbers.parquet", "format": "parquet"}),
            ("double", "t.python_map", {}),
            ("dst", "destination.file", {"path": "out/doubled.parquet", "format": "parquet"}),
        )
        execution = _run(make_pipeline(graph), editor)
    finally:
        registry.unregister(_PythonMap.key)
    assert execution.status == "succeeded", execution.error
    assert planproc.stats["inline"] == before["inline"] + 1 and planproc.stats["passes"] == before["passes"]
    assert pl.read_parquet(Path(settings.DATA_ROOT) / "out" / "doubled.parquet")["i"].sum() == 2 * sum(range(20_000))


def test_optimisations_and_results_cross_the_pipe():
    frame = pl.LazyFrame({"i": [3, 1, 2], "s": ["c", "a", "b"]})
    results = planproc.collect_all(
        [frame.sort("i"), frame.select(pl.len()), frame.filter(pl.col("i") > 5)],
        optimizations=pl.QueryOptFlags(comm_subplan_elim=False),
    )
    assert planproc._flags(pl.QueryOptFlags(comm_subplan_elim=False))["comm_subplan_elim"] is False
    assert results[0].to_dict(as_series=False) == {"i": [1, 2, 3], "s": ["a", "b", "c"]}
    assert results[1].item() == 3 and results[2].height == 0 and results[2].columns == ["i", "s"]


def test_independent_queries_are_collected_apart_and_come_back_after_the_others(tmp_path):
    """``independent``: collected in a pass of their own beside the others (in the child and in the worker),
    their results after the others' in order; an error in either pass fails the call."""
    path = tmp_path / "n.parquet"
    pl.DataFrame({"i": range(100), "v": [None if i % 10 == 0 else i for i in range(100)]}).write_parquet(path)
    scan = pl.scan_parquet(path)
    for mode in ("child", "inline"):
        settings.SLUICE_PLAN_PROCESS = mode
        results = planproc.collect_all(
            [scan.select(pl.len()), scan.filter(pl.col("i") < 3)],
            independent=[scan.select((pl.col("v") > 50).sum()), scan.select((pl.col("i") % 2 == 0).sum())],
        )
        assert [r.item() if r.shape == (1, 1) else r.height for r in results] == [100, 3, 45, 50], mode
        with pytest.raises(pl.exceptions.ColumnNotFoundError):
            planproc.collect_all([scan.select(pl.len())], independent=[scan.select(pl.col("nope").sum())])
    # apart, a plain read of the file is not merged with another one into a cache
    passes = []
    real = pl.collect_all
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            pl, "collect_all", lambda plans, **kw: passes.append(pl.explain_all(plans, **kw)) or real(plans, **kw)
        )
        planchild.collect_pass(pl, [scan.select(pl.len())], None, [scan.select((pl.col("v") > 50).sum())])
    assert len(passes) == 2 and not any("CACHE" in p for p in passes), passes


# --- hostile input ---------------------------------------------------------------------------------


def _framed(header: bytes) -> io.BytesIO:
    return io.BytesIO(struct.pack(">I", len(header)) + header)


@pytest.mark.parametrize(
    "stream",
    [
        io.BytesIO(struct.pack(">I", planchild.MAX_HEADER + 1) + b"{}"),  # a huge header
        _framed(b"[1, 2]"),  # not an object
        _framed(b"{not json"),
        _framed(b'{"blobs": 1}'),  # a blob announced, none sent
        io.BytesIO(_framed(b'{"blobs": 1}').getvalue() + struct.pack(">Q", 2**40) + b"x"),  # a blob cut short
        io.BytesIO(b"\x00\x00"),  # a header length cut short
    ],
)
def test_a_message_that_is_not_one_is_refused(stream):
    with pytest.raises(planchild.ProtocolError):
        planchild.read_message(stream)


def test_the_plan_process_refuses_what_is_not_a_request_and_ends_on_garbage():
    child = planproc._Child()
    try:
        child.wait_ready()
        header, _ = child.request({"op": "__import__('os').system('true')"})
        assert header["ok"] is False
        header, _ = child.request({"op": "collect", "optimizations": None}, [b"not a plan"])
        assert header["ok"] is False and header["module"].startswith("polars")
        child.proc.stdin.write(b"\xff\xff\xff\xff garbage")
        child.proc.stdin.flush()
        assert child.proc.wait(timeout=30) == 0  # it ends, without answering garbage
    finally:
        child.retire()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ({"type": "ComputeError", "module": "polars.exceptions", "message": "bad"}, pl.exceptions.ComputeError),
        ({"type": "MemoryError", "module": "builtins", "message": "no"}, MemoryError),
        ({"type": "SystemExit", "module": "builtins", "message": "0"}, RuntimeError),  # not an Exception
        ({"type": "__class__", "module": "builtins", "message": "x"}, RuntimeError),
        ({"type": "Popen", "module": "subprocess", "message": "x"}, RuntimeError),
        ({"type": "ComputeError", "module": "polars", "message": json.dumps({"a": 1}) * 3}, pl.exceptions.ComputeError),
    ],
)
def test_a_failure_from_the_child_is_rebuilt_only_as_an_exception(header, expected):
    error = planproc._error(header)
    assert type(error) is expected
    assert header["message"] in str(error)


class _Stopped:
    """A recording room whose run was cancelled: every heartbeat says the step no longer owns it."""

    def __init__(self):
        self.stopped_calls = 0

    def heartbeat(self, *, progress, peak_rss_bytes):
        return False

    def stopped(self):
        self.stopped_calls += 1

    def write_logs(self, batch):
        pass


def test_a_cancel_kills_the_plan_process_of_the_step(monkeypatch):
    from executions.engine.outcomes import StepCancelled
    from executions.models import Execution, StepRun

    raised_in_step: list[type] = []
    monkeypatch.setattr(StepMonitor, "_raise_in_step", lambda self, exc_type: raised_in_step.append(exc_type))

    child = planproc._Child()
    child.wait_ready()
    step = StepRun(node_key="src", attempt=1, execution=Execution(correlation_id="c"))
    record = _Stopped()
    with pytest.raises(StepCancelled), StepMonitor(step, None, record=record) as monitor:
        monitor.attach(child)
        # Waiting on the child's pipe as a pass does (planproc.collect_all) until the cancel kills the child;
        # then the thread raises the monitor's reason itself: no asynchronous exception is sent to it.
        assert child.proc.stdout.read(1) == b""
        monitor.check()
    try:
        assert child.proc.wait(timeout=10) == -signal.SIGKILL
        assert child.killed_by == "cancel" and record.stopped_calls == 1 and raised_in_step == []
    finally:
        child.retire()


def test_a_plan_process_that_grew_is_recycled_once_idle_and_a_small_pass_keeps_it(tmp_path):
    planproc.warm(wait=True)
    (first,) = planproc.children()
    tiny = pl.LazyFrame({"i": [1, 2, 3]})
    # A small step's pass (a one-row source's sink and count): the child's first pass, which once looked like
    # growth (Polars' thread pool and streaming engine, ~30 MiB, start on a process's first pass) and had every
    # child recycled after its first idle second; the child warms them up before it says it is ready.
    child = planproc._idle[0]
    sink = tiny.sink_ipc(tmp_path / "tiny.arrow", compression="lz4", lazy=True)
    assert planproc.collect_all([sink, tiny.select(pl.len())])[1].item() == 3
    assert child.rss() - child.ready_rss < planproc.RECYCLE_SLACK_BYTES / 2  # (30 MiB without the warm-up)
    time.sleep(planproc.RECYCLE_IDLE_SECONDS + 0.5)
    assert planproc.children() == [first]  # nothing grew: the same child waits for the next pass
    big = pl.LazyFrame().select(pl.int_range(0, BIG, dtype=pl.Int64).alias("i")).sort("i", descending=True)
    planproc.collect_all([big.sink_ipc(tmp_path / "sorted.arrow", lazy=True)])
    assert _wait_for(lambda: first not in planproc.children() and len(planproc.children()) == 1)
    assert _wait_for(lambda: _gone(first))
    assert pl.scan_ipc(tmp_path / "sorted.arrow").select(pl.col("i").first()).collect().item() == BIG - 1
