"""The orchestration in the database, on the inline executor with real commits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from executions import executors
from executions.engine import profiling
from executions.engine.planning import plan_execution
from executions.models import DestinationProfile, Execution, StepLog, StepRun
from executions.services import execution_cancel, execution_retry, execution_start
from executions.services.steps import step_claim
from pipelines.graph import Graph
from tests.executions.conftest import chain, read_target
from tests.executions.engine_passes import spy_passes

pytestmark = pytest.mark.django_db(transaction=True)


def run(pipeline, user, **kw) -> Execution:
    execution = execution_start(pipeline=pipeline, user=user, **kw)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    return execution


def steps(execution) -> dict[str, StepRun]:
    return {s.node_key: s for s in execution.steps.all()}


def test_linear_chain_is_one_fused_step_with_per_node_counts(make_pipeline, editor):
    pipeline = make_pipeline(
        chain(
            ("src", "t.rows", {"n": 10}),
            ("a", "t.add", {"add": 1}),
            ("b", "t.add", {"add": 10}),
            ("dst", "t.sink", {"name": "out"}),
        )
    )
    execution = run(pipeline, editor)
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    s = steps(execution)
    assert {x.group for x in s.values()} == {"src"}
    assert all(x.status == "succeeded" and x.attempt == 1 for x in s.values())
    assert s["src"].rows_out == 10 and s["a"].rows_in == 10 and s["b"].rows_out == 10 and s["dst"].rows_in == 10
    assert sorted(read_target("out")["i"].to_list()) == list(range(11, 21))
    assert execution.rows_in == 10 and execution.rows_out == 10
    assert not list(Path(settings.DATA_ROOT).glob(".out.*"))  # staging published


def test_branch_routes_and_skips_empty_ports(make_pipeline, editor):
    graph = chain(
        ("src", "t.rows", {"n": 4}),
        ("split", "t.split", {"threshold": 10}),
        ("low", "t.add", {}),
        ("high", "t.add", {}),
        ("dlow", "t.sink", {"name": "low"}),
        ("dhigh", "t.sink", {"name": "high"}),
        edges=[("src", "split"), ("split.low", "low"), ("split.high", "high"), ("low", "dlow"), ("high", "dhigh")],
    )
    execution = run(make_pipeline(graph), editor)
    assert execution.status == "succeeded", execution.error
    s = steps(execution)
    assert s["split"].output_rows == {"low": 4, "high": 0}
    assert s["low"].status == s["dlow"].status == "succeeded"
    assert s["high"].status == s["dhigh"].status == "skipped"
    assert read_target("low").height == 4
    assert not (Path(settings.DATA_ROOT) / "high.parquet").exists()


def test_union_runs_when_one_input_is_absent(make_pipeline, editor):
    graph = chain(
        ("src", "t.rows", {"n": 3}),
        ("split", "t.split", {"threshold": 10}),
        ("u", "t.union", {}),
        ("dst", "t.sink", {"name": "u"}),
        edges=[("src", "split"), ("split.low", "u"), ("split.high", "u"), ("u", "dst")],
    )
    execution = run(make_pipeline(graph), editor)
    assert execution.status == "succeeded", execution.error
    assert read_target("u").height == 3


def test_failure_retries_then_succeeds_with_logs(make_pipeline, editor):
    graph = chain(
        ("src", "t.rows", {"n": 3}),
        ("flaky", "t.add", {"fail_times": 2, "retry": None}),
        ("dst", "t.sink", {"name": "flaky"}),
    )
    graph["nodes"][1]["config"] = {"fail_times": 2}
    pipeline = make_pipeline(graph, default_params={"sluice_retry": {"max_attempts": 3, "backoff_seconds": 0}})
    execution = run(pipeline, editor)
    assert execution.status == "succeeded", execution.error
    s = steps(execution)
    assert s["src"].attempt == 3  # the fused group retried as a whole
    assert read_target("flaky").height == 3
    messages = list(StepLog.objects.filter(execution=execution).values_list("message", flat=True))
    assert "failing on purpose (1)" in messages and "failing on purpose (2)" in messages


def test_failure_without_retries_fails_cancels_and_drops_staging(make_pipeline, editor):
    graph = chain(
        ("src", "t.rows", {"n": 3}),
        ("split", "t.split", {"threshold": 2}),
        ("ok", "t.add", {}),
        ("bad", "t.add", {"fail_times": 5}),
        ("dok", "t.sink", {"name": "ok"}),
        ("dbad", "t.sink", {"name": "bad"}),
        edges=[("src", "split"), ("split.low", "ok"), ("split.high", "bad"), ("ok", "dok"), ("bad", "dbad")],
    )
    execution = run(make_pipeline(graph), editor)
    assert execution.status == "failed"
    assert "planned failure" in execution.error
    s = steps(execution)
    assert s["bad"].status == "failed" and "planned failure" in s["bad"].error and "NodeError" in s["bad"].traceback
    # The other branch staged its write; the failed run must not publish it.
    assert not (Path(settings.DATA_ROOT) / "ok.parquet").exists()
    assert not list(Path(settings.DATA_ROOT).glob(".ok.*"))
    assert all(x.status in ("succeeded", "failed", "cancelled") for x in s.values())


def test_retry_reuses_upstream_artifacts(make_pipeline, editor):
    graph = chain(
        ("src", "t.rows", {"n": 6}),
        ("split", "t.split", {"threshold": 3}),
        ("ok", "t.add", {}),
        ("bad", "t.add", {"fail_times": 1}),
        ("dok", "t.sink", {"name": "ok"}),
        ("dbad", "t.sink", {"name": "bad"}),
        edges=[("src", "split"), ("split.low", "ok"), ("split.high", "bad"), ("ok", "dok"), ("bad", "dbad")],
    )
    pipeline = make_pipeline(graph)
    failed = run(pipeline, editor)
    assert failed.status == "failed"
    retry = execution_retry(execution=failed, user=editor)
    executors.run_inline_until_idle()
    retry.refresh_from_db()
    assert retry.status == "succeeded", retry.error
    s = steps(retry)
    assert s["src"].report.get("reused_from_execution") == failed.pk
    assert s["split"].report.get("reused_from_execution") == failed.pk
    assert read_target("ok").height == 3 and read_target("bad").height == 3


def test_duplicate_delivery_claims_nothing(make_pipeline, editor):
    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 1}), ("dst", "t.sink", {"name": "dup"})))
    execution = execution_start(pipeline=pipeline, user=editor)
    head = execution.steps.get(node_key="src")
    assert step_claim(step_id=head.pk, worker="w1") is not None
    assert step_claim(step_id=head.pk, worker="w2") is None


def _unfused_chain(make_pipeline, settings, name: str):
    settings.SLUICE_FUSE_CHAINS = False  # every node its own step
    return make_pipeline(
        chain(
            ("src", "t.rows", {"n": 5}),
            ("a", "t.add", {"add": 1}),
            ("b", "t.add", {}),
            ("dst", "t.sink", {"name": name}),
        )
    )


def test_a_linear_chain_of_steps_runs_on_in_the_worker_that_ran_the_first(make_pipeline, editor, settings):
    from notifications.models import Event

    execution = execution_start(pipeline=_unfused_chain(make_pipeline, settings, "cont"), user=editor)
    # One task: each success claimed the single successor it released instead of dispatching it.
    assert executors.run_inline_until_idle() == 1
    execution.refresh_from_db()
    assert execution.status == "succeeded", execution.error
    s = steps(execution)
    assert len({x.group for x in s.values()}) == 4
    assert all(x.status == "succeeded" and x.attempt == 1 and x.worker == "inline" for x in s.values())
    assert read_target("cont")["i"].sort().to_list() == [2, 3, 4, 5, 6]  # 0..4, +1 twice
    # The successor's lifecycle still reads queued → started, after its upstream succeeded.
    seen = list(
        Event.objects.filter(topic=f"execution:{execution.pk}", type__startswith="step.")
        .order_by("id")
        .values_list("type", "data__node_key")
    )
    for upstream, node in (("src", "a"), ("a", "b"), ("b", "dst")):
        assert seen.index(("step.succeeded", upstream)) < seen.index(("step.queued", node))
        assert seen.index(("step.queued", node)) < seen.index(("step.started", node))


def test_steps_go_through_the_executor_when_continuing_is_off_and_at_a_fan_out(make_pipeline, editor, settings):
    settings.SLUICE_CONTINUE_SECONDS = 0
    execution = execution_start(pipeline=_unfused_chain(make_pipeline, settings, "nocont"), user=editor)
    assert executors.run_inline_until_idle() == 4
    execution.refresh_from_db()
    assert execution.status == "succeeded", execution.error

    settings.SLUICE_CONTINUE_SECONDS = 30
    graph = chain(
        ("src", "t.rows", {"n": 4}),
        ("x", "t.add", {}),
        ("y", "t.add", {}),
        ("dx", "t.sink", {"name": "fx"}),
        ("dy", "t.sink", {"name": "fy"}),
        edges=[("src", "x"), ("src", "y"), ("x", "dx"), ("y", "dy")],
    )
    execution = execution_start(pipeline=make_pipeline(graph), user=editor)
    # src releases two steps: it runs on into one (and its destination) and dispatches the other,
    # which runs on into its own destination.
    assert executors.run_inline_until_idle() == 2
    execution.refresh_from_db()
    assert execution.status == "succeeded", execution.error
    assert read_target("fx").height == read_target("fy").height == 4


def test_small_outputs_reach_the_successor_in_memory_and_their_artifacts_on_disk(
    make_pipeline, editor, settings, monkeypatch
):
    from executions import artifacts
    from executions.engine import running

    scanned: list[str] = []
    real_scan = artifacts.scan
    monkeypatch.setattr(artifacts, "scan", lambda url: scanned.append(url) or real_scan(url))

    def outputs(name: str) -> tuple[Execution, dict[str, list[int]]]:
        execution = run(_unfused_chain(make_pipeline, settings, name), editor)
        assert execution.status == "succeeded", execution.error
        s = steps(execution)
        written = {k: real_scan(s[k].artifacts["out"]).collect()["i"].to_list() for k in ("src", "a", "b")}
        assert all(s[k].output_rows == {"out": 5} and s[k].bytes_out > 0 for k in ("src", "a", "b"))
        return execution, written

    # The source's output is sunk lazily (no input bounds it): "a" reads its file; "b" and the
    # destination take their input from the step before, in memory.
    execution, eager = outputs("small")
    assert len(scanned) == 1 and scanned[0].endswith(".src.out.a1.arrow")
    # Written whole from memory, as IPC streams; the source's through its lazy sink, an IPC file.
    assert [steps(execution)[k].artifacts["out"].rsplit(".", 1)[1] for k in ("src", "a", "b")] == [
        "arrow",
        "arrows",
        "arrows",
    ]
    scanned.clear()
    monkeypatch.setattr(running, "EAGER_MAX_ROWS", 0)  # every output through a lazy sink, read back
    assert settings.SLUICE_PROFILE_DESTINATIONS  # on (the default): the destination's profile reads nothing more
    sunk, lazy = outputs("sunk")
    assert len(scanned) == 3
    kept = DestinationProfile.objects.get(execution=sunk, node_key="dst")
    assert kept.rows == 5 and next(c for c in kept.profile["columns"] if c["name"] == "i")["mean"] == 4.0
    assert eager == lazy == {"src": [0, 1, 2, 3, 4], "a": [1, 2, 3, 4, 5], "b": [2, 3, 4, 5, 6]}
    assert read_target("small").equals(read_target("sunk"))


def _cache_ids(plans) -> set[str]:
    return {found for plan in plans for found in re.findall(r"CACHE\[id: ([\w-]+)", plan)}


@pytest.mark.parametrize(
    "middle",
    [("transform.map", {"derive": [{"name": "i", "expr": "i + 1"}]}), ("t.add", {"add": 1})],
    ids=["streams-through", "opaque-transform"],
)
def test_a_destination_profile_comes_from_the_pass_that_writes_it(make_pipeline, editor, settings, monkeypatch, middle):
    """A fused chain source.file → (a map, or t.add) → destination.file (a lazy sink): with destination
    profiles on, the run is one Polars pass; the kept profile describes all the rows, from a bounded sample
    spread over the whole output. Over a chain that streams through (a map) the sink reads the CSV on its
    own and the profile's sample plans share a second read (a cache between the sink and the sample would
    buffer what the slower one has not taken yet: 8.97 GiB at 100M rows); over a transform the engine
    knows nothing of (t.add) the sample shares the sink's subplan (Polars' common-subplan elimination)."""
    import polars as pl

    rows = 1000
    (Path(settings.DATA_ROOT) / "in.csv").write_text("i\n" + "".join(f"{i}\n" for i in range(rows)))
    settings.SLUICE_PROFILE_ROWS = 50
    passes = spy_passes(monkeypatch)
    graph = chain(
        ("src", "source.file", {"path": "in.csv", "format": "csv"}),
        ("a", *middle),
        ("dst", "destination.file", {"path": "out.parquet", "format": "parquet"}),
    )
    execution = run(make_pipeline(graph), editor)
    assert execution.status == "succeeded", execution.error
    assert len(passes) == 1, passes  # one pass: the sink, its checks and the profile's sample
    plans = re.split(r"\n +PLAN \d+:\n", passes[0])[1:]
    sink_caches = _cache_ids(p for p in plans if "SINK (file)" in p)
    sample_caches = _cache_ids(p for p in plans if "SLICE[offset: 0, len: 51]" in p)  # the limit + 1
    assert sample_caches, passes[0]
    if middle[0] == "transform.map":
        assert passes[0].count("SCAN") == 2 and not sink_caches & sample_caches, passes[0]
    else:
        assert passes[0].count("SCAN") == 1 and sink_caches == sample_caches, passes[0]
    # No row index in the sample: over a CSV scan Polars buffers the rows in front of one (5.2 GiB at 100M rows).
    assert "ROW INDEX" not in passes[0] and passes[0].count("gather_every") >= profiling.LEVELS - 1, passes[0]
    on_plans = passes[0].count("PLAN ")
    written = pl.read_parquet(Path(settings.DATA_ROOT) / "out.parquet")["i"]
    assert written.to_list() == list(range(1, rows + 1))
    kept = DestinationProfile.objects.get(execution=execution, node_key="dst")
    profile = kept.profile
    assert kept.rows == profile["rows"] == rows
    # Steps 1 and 8 give more than 50 rows; every 64th row of the 1,000 (i = 1, 65, ..., 961) fits.
    assert profile["rows_profiled"] == 16 and profile["sampled"] and profile["sample_step"] == 64
    i = next(c for c in profile["columns"] if c["name"] == "i")
    expected = list(range(1, rows + 1, 64))
    assert i["distinct"] == 16 and i["nulls"] == 0 and (i["min"], i["max"]) == (1, 961)
    assert i["mean"] == sum(expected) / len(expected)

    settings.SLUICE_PROFILE_DESTINATIONS = False
    passes.clear()
    off = run(make_pipeline(graph), editor)
    assert off.status == "succeeded" and len(passes) == 1 and passes[0].count("SCAN") == 1
    assert passes[0].count("PLAN ") == on_plans - profiling.LEVELS  # the same pass, without the sample
    assert not DestinationProfile.objects.filter(execution=off).exists()


def test_a_fenced_success_records_nothing_and_releases_nothing(make_pipeline, editor, settings):
    """The success UPDATE and the release travel in one pipeline: the release must see that this
    attempt no longer owns its step (the watchdog gave it to attempt 2) and decrement nothing."""
    from executions.engine.running import run_group
    from executions.services.steps import StepRecord, step_succeed

    execution = execution_start(pipeline=_unfused_chain(make_pipeline, settings, "fenced"), user=editor)
    head = step_claim(step_id=execution.steps.get(node_key="src").pk, worker="zombie")
    outcome = run_group(head, record=StepRecord(head))
    StepRun.objects.filter(pk=head.pk).update(attempt=2, worker="newer")  # requeued and claimed again
    assert step_succeed(step=head, outcome=outcome, continue_as="zombie") is None
    s = steps(execution)
    assert (s["src"].status, s["src"].attempt, s["src"].worker) == ("running", 2, "newer")
    assert (s["a"].status, s["a"].remaining_upstream, s["a"].attempt) == ("pending", 1, 0)
    # The owner's success releases it as usual (and claims it for the worker that continues).
    head.attempt, head.worker = 2, "newer"
    following = step_succeed(step=head, outcome=outcome, continue_as="newer")
    assert following is not None and following.node_key == "a" and following.attempt == 1
    assert StepRun.objects.get(pk=following.pk).status == "running"


def _pure_chain(make_pipeline, settings, name: str):
    """src → m1 → m2 → dst, each its own step; m1 and m2 are pure built-in transforms, so m2 runs on
    from m1's frame in memory."""
    settings.SLUICE_FUSE_CHAINS = False
    return make_pipeline(_pure_chain_graph(name))


def _pure_chain_graph(name: str, middle=("transform.limit", {"n": 100})) -> dict:
    return chain(
        ("src", "t.rows", {"n": 5}),
        ("m1", "transform.limit", {"n": 100}),
        ("m2", *middle),
        ("dst", "t.sink", {"name": name}),
    )


def _with_history(pipeline, editor, monkeypatch) -> None:
    """A first run, so the steps have past durations (a chain holds its commit only over a step
    known to be quick), and an empty cache of them (per process, so other tests' runs are not in it)."""
    from executions.engine import planning

    assert run(pipeline, editor).status == "succeeded"
    monkeypatch.setattr(planning, "_expected", {})


def _sent_batches(monkeypatch) -> list[list[tuple[str, str]]]:
    """(type, node key) of the step events handed to the bus, one list per hand-over (per commit)."""
    from notifications import fanout

    batches: list[list[tuple[str, str]]] = []
    real_send = fanout.send

    def send(messages):
        batches.append([(m["type"], m["data"].get("node_key")) for m in messages if m["type"].startswith("step.")])
        return real_send(messages)

    monkeypatch.setattr(fanout, "send", send)
    return batches


def _batch_of(batches, event) -> int:
    return next(i for i, batch in enumerate(batches) if event in batch)


@pytest.mark.parametrize("budget_ms", [60_000, 0])
def test_a_chain_of_small_pure_steps_commits_together(make_pipeline, editor, settings, monkeypatch, budget_ms):
    settings.SLUICE_CHAIN_COMMIT_MS = budget_ms
    pipeline = _pure_chain(make_pipeline, settings, f"held{budget_ms}")
    batches = _sent_batches(monkeypatch)
    first = run(pipeline, editor)
    # No past durations on a first run: every step commits on its own.
    assert _batch_of(batches, ("step.succeeded", "m1")) < _batch_of(batches, ("step.succeeded", "m2"))
    monkeypatch.setattr("executions.engine.planning._expected", {})
    batches.clear()
    execution = run(pipeline, editor)
    assert first.status == execution.status == "succeeded", execution.error
    assert read_target(f"held{budget_ms}")["i"].sort().to_list() == [0, 1, 2, 3, 4]
    m1, m2 = (_batch_of(batches, ("step.succeeded", k)) for k in ("m1", "m2"))
    # m1 read src's file (not small in memory): src commits alone. m2 is small, pure and was quick:
    # held with m1, unless the budget is 0. The destination is not pure: committed before it runs.
    assert _batch_of(batches, ("step.succeeded", "src")) < m1
    assert (m1 == m2) is (budget_ms > 0)
    assert _batch_of(batches, ("step.started", "dst")) == m2 < _batch_of(batches, ("step.succeeded", "dst"))


def test_a_failing_step_after_a_held_chain_keeps_what_succeeded_before_it(make_pipeline, editor, settings, monkeypatch):
    from pipelines.graph import parse_graph_document
    from pipelines.services import pipeline_graph_set, pipeline_version_create

    settings.SLUICE_CHAIN_COMMIT_MS = 60_000
    pipeline = _pure_chain(make_pipeline, settings, "heldfail")
    _with_history(pipeline, editor, monkeypatch)
    # A new version in which m2 fails while collecting: text that is no number, cast strictly.
    failing = ("transform.map", {"derive": [{"name": "s", "expr": "'abc'"}], "cast": {"s": "int64"}})
    pipeline_graph_set(pipeline=pipeline, user=editor, graph=parse_graph_document(_pure_chain_graph("x", failing)))
    pipeline_version_create(pipeline=pipeline, user=editor)
    pipeline.refresh_from_db()
    batches = _sent_batches(monkeypatch)
    execution = run(pipeline, editor)
    assert execution.status == "failed" and execution.version_id == pipeline.current_version_id
    s = steps(execution)
    assert [s[k].status for k in ("src", "m1", "m2", "dst")] == ["succeeded", "succeeded", "failed", "cancelled"]
    # m2 was held with m1 (quick last time); m1's success was committed before m2's failure was
    # recorded, in a transaction of its own.
    assert _batch_of(batches, ("step.started", "m2")) == _batch_of(batches, ("step.succeeded", "m1"))
    assert _batch_of(batches, ("step.succeeded", "m1")) < _batch_of(batches, ("step.failed", "m2"))
    assert s["m2"].error and s["m2"].traceback


def test_a_worker_that_dies_inside_a_held_chain_recorded_none_of_it(make_pipeline, editor, settings, monkeypatch):
    from datetime import timedelta

    from executions.services import steps as step_services
    from executions.services.watchdog import watchdog_sweep
    from notifications.models import Event

    settings.SLUICE_CHAIN_COMMIT_MS = 60_000
    pipeline = _pure_chain(make_pipeline, settings, "died")
    _with_history(pipeline, editor, monkeypatch)
    execution = execution_start(pipeline=pipeline, user=editor)
    real = step_services._record_success

    def die_on_m2(step, key, *args):
        if key == "m2":
            raise SystemExit("the worker died")  # nothing in Sluice catches it, like a killed process
        return real(step, key, *args)

    monkeypatch.setattr(step_services, "_record_success", die_on_m2)
    with pytest.raises(SystemExit):
        executors.run_inline_until_idle()
    # m1's success and m2's claim were held in the open transaction: rolled back together. m1's
    # claim had committed with src's success, so m1 is the stale step.
    s = steps(execution)
    assert (s["src"].status, s["m1"].status, s["m2"].status) == ("succeeded", "running", "pending")
    assert s["m2"].remaining_upstream == 1
    assert not Event.objects.filter(topic=f"execution:{execution.pk}", type="step.succeeded", data__node_key="m1")
    monkeypatch.setattr(step_services, "_record_success", real)
    executors._inline.clear()
    settings.SLUICE_LOST_WORKER_RETRIES = 1
    assert watchdog_sweep(stale_after=timedelta(seconds=0)).get("stale") == 1
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == "succeeded", execution.error
    assert steps(execution)["m1"].attempt == 2
    assert read_target("died")["i"].sort().to_list() == [0, 1, 2, 3, 4]


def test_heartbeats_of_a_step_in_a_held_chain_do_not_stop_it_or_the_next(make_pipeline, editor, settings, monkeypatch):
    """A step of a held chain that runs longer than the monitor's tick: its heartbeats find its claim
    not committed yet (alive all the same), and the last one, once the chain committed, finds it
    succeeded, which must not stop the step running by then."""
    import time as clock

    import polars as pl

    from pipelines.nodes import registry
    from pipelines.nodes.base import NodeType

    class SlowPure(NodeType):
        key, family, pure = "t.slowpure", "transform", True

        def build(self, ctx, config, inputs):
            clock.sleep(0.3)  # stands for a slow Polars plan over a small frame
            return {"out": inputs["in"].with_columns(pl.col("i") * 10)}

    registry.register(SlowPure)
    try:
        settings.SLUICE_FUSE_CHAINS = False
        settings.SLUICE_CHAIN_COMMIT_MS = 60_000
        settings.SLUICE_HEARTBEAT_SECONDS = 0.02
        graph = chain(
            ("src", "t.rows", {"n": 3}),
            ("m1", "transform.limit", {"n": 100}),
            ("slow", "t.slowpure", {}),
            ("m3", "transform.limit", {"n": 100}),
            ("dst", "t.sink", {"name": "beats"}),
        )
        pipeline = make_pipeline(graph)
        _with_history(pipeline, editor, monkeypatch)
        batches = _sent_batches(monkeypatch)
        execution = run(pipeline, editor)
    finally:
        registry.unregister(SlowPure.key)
    assert execution.status == "succeeded", [(x.node_key, x.status, x.error) for x in execution.steps.all()]
    assert {s.status for s in execution.steps.all()} == {"succeeded"}
    assert _batch_of(batches, ("step.started", "slow")) == _batch_of(batches, ("step.succeeded", "m1"))
    assert read_target("beats")["i"].sort().to_list() == [0, 10, 20]


def test_a_cancel_while_a_chain_holds_its_commit(make_pipeline, editor, settings, monkeypatch):
    """The cancel locks the run's waiting steps in index order, the chain its successors in graph
    order: here they are opposite (s999 runs first, s881 last), so the cancel takes the steps still
    ahead of the chain before it comes to those the chain holds. Neither may deadlock: the cancel
    returns, the chain stops, and the run ends cancelled."""
    import threading

    from django.db import connection

    from executions.services.chain import Chain

    settings.SLUICE_FUSE_CHAINS = False
    settings.SLUICE_CHAIN_COMMIT_MS = 150  # a few dozen steps per commit here
    nodes = [("src", "t.rows", {"n": 3})] + [(f"s{1000 - i}", "transform.limit", {"n": 100}) for i in range(1, 120)]
    pipeline = make_pipeline(chain(*nodes, ("dst", "t.sink", {"name": "cancelled"})))
    _with_history(pipeline, editor, monkeypatch)
    execution = execution_start(pipeline=pipeline, user=editor)
    started = threading.Event()
    real_hold = Chain.hold

    def hold(chain, following, outcome):
        real_hold(chain, following, outcome)
        if following is not None and following.node_key == "s980":
            started.set()  # held since s999 or so: the chain locks s998..s980

    monkeypatch.setattr(Chain, "hold", hold)
    errors: list[BaseException] = []

    def work():
        try:
            executors.run_inline_until_idle()
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    assert started.wait(30)
    with connection.cursor() as cursor:  # the plan of a large table: the steps in index order
        cursor.execute("SET enable_seqscan = off; SET enable_bitmapscan = off")
    execution_cancel(execution=execution, by=editor)
    worker.join(60)
    assert not errors, errors
    execution.refresh_from_db()
    assert execution.status == "cancelled"
    s = steps(execution)
    # The cancel waited for the chain's next commit, then the chain found its next step cancelled.
    assert s["s980"].status == "succeeded"
    assert s["s881"].status == "cancelled" and s["dst"].status == "cancelled"


def test_a_heartbeat_that_finds_its_step_ended_stops_nothing(make_pipeline, editor, settings):
    """The monitor's last tick may run after its step left the monitor (and, in a held chain, after
    the step's success committed): what it finds must not stop the thread, which runs on."""
    import time as clock

    from executions.engine.monitor import StepMonitor
    from executions.services.steps import StepRecord

    execution = execution_start(pipeline=_unfused_chain(make_pipeline, settings, "ended"), user=editor)
    step = step_claim(step_id=execution.steps.get(node_key="src").pk, worker="w")
    monitor = StepMonitor(step, None, record=StepRecord(step))
    with monitor:
        pass
    StepRun.objects.filter(pk=step.pk).update(status=StepRun.Status.SUCCEEDED)
    monitor.tick(clock.monotonic() + 60)  # a heartbeat is due; it finds the step not running
    sum(range(10_000))  # an exception sent to this thread would be raised by now
    assert not monitor.cancelled.is_set()
    assert StepRun.objects.get(pk=step.pk).status == StepRun.Status.SUCCEEDED


def test_cancel_before_running_cancels_everything(make_pipeline, editor):
    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 1}), ("dst", "t.sink", {"name": "c"})))
    execution = execution_start(pipeline=pipeline, user=editor)
    execution = execution_cancel(execution=execution, by=editor)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == "cancelled"
    assert set(execution.steps.values_list("status", flat=True)) == {"cancelled"}


def test_concurrency_limit_queues_then_admits(make_pipeline, editor):
    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 1}), ("dst", "t.sink", {"name": "cc"})), concurrency_limit=1)
    first = execution_start(pipeline=pipeline, user=editor)
    second = execution_start(pipeline=pipeline, user=editor)
    assert first.status == "running" and second.status == "queued"
    assert set(second.steps.values_list("status", flat=True)) == {"pending"}
    executors.run_inline_until_idle()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == "succeeded"


def test_plan_materialises_at_fan_out_and_fan_in():
    graph = Graph.from_dict(
        chain(
            ("src", "t.rows", {}),
            ("split", "t.split", {}),
            ("a", "t.add", {}),
            ("b", "t.add", {}),
            ("u", "t.union", {}),
            ("c", "t.add", {}),
            ("dst", "t.sink", {"name": "x"}),
            edges=[
                ("src", "split"),
                ("split.low", "a"),
                ("split.high", "b"),
                ("a", "u"),
                ("b", "u"),
                ("u", "c"),
                ("c", "dst"),
            ],
        )
    )
    plan = plan_execution(graph)
    assert {h: g.members for h, g in plan.groups.items()} == {
        "src": ["src", "split"],
        "a": ["a"],
        "b": ["b"],
        "u": ["u", "c", "dst"],
    }
    assert plan.groups["u"].upstream_groups == {"a", "b"}


def test_watchdog_redispatches_a_step_whose_message_was_lost(make_pipeline, editor):
    from datetime import timedelta

    from django.utils import timezone

    from executions.services.watchdog import watchdog_sweep

    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 2}), ("dst", "t.sink", {"name": "lost"})))
    execution = execution_start(pipeline=pipeline, user=editor)
    executors._inline.clear()  # the broker lost the message
    StepRun.objects.filter(execution=execution).update(queued_at=timezone.now() - timedelta(hours=1))
    assert watchdog_sweep(stale_after=timedelta(seconds=30)).get("redispatched") == 1
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == "succeeded"


def test_watchdog_finishes_a_run_whose_finish_was_lost(make_pipeline, editor, monkeypatch):
    """The worker that ended the last step committed it, then lost the database (or died) before the
    finish: no step is active, nobody else would finish the run, so the watchdog does, commit included."""
    from datetime import timedelta

    from executions.services import steps as step_services
    from executions.services.watchdog import watchdog_sweep

    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 3}), ("dst", "t.sink", {"name": "orphan"})))
    with monkeypatch.context() as patched:
        patched.setattr(step_services, "_maybe_finish", lambda execution_id: None)
        execution = run(pipeline, editor)
    assert execution.status == "running"
    assert set(execution.steps.values_list("status", flat=True)) == {"succeeded"}
    assert watchdog_sweep(stale_after=timedelta(hours=1)) == {}  # its last step ended just now
    assert watchdog_sweep(stale_after=timedelta(seconds=0)) == {"finished": 1}
    execution.refresh_from_db()
    assert execution.status == "succeeded" and execution.rows_out == 3
    assert len(read_target("orphan")) == 3
    assert watchdog_sweep(stale_after=timedelta(seconds=0)) == {}  # once


def test_watchdog_admits_a_run_whose_admission_was_lost(make_pipeline, editor):
    """A run queued behind the concurrency limit is admitted by the finish of the run before it; if that
    finish stopped before admitting (a lost database), the watchdog admits it."""
    from datetime import timedelta

    from django.utils import timezone

    from executions.services.watchdog import watchdog_sweep

    graph = chain(("src", "t.rows", {"n": 1}), ("dst", "t.sink", {"name": "adm"}))
    pipeline = make_pipeline(graph, concurrency_limit=1)
    first = execution_start(pipeline=pipeline, user=editor)
    second = execution_start(pipeline=pipeline, user=editor)
    executors._inline.clear()
    Execution.objects.filter(pk=first.pk).update(status="failed", finished_at=timezone.now())
    StepRun.objects.filter(execution=first).update(status="cancelled")
    assert watchdog_sweep(stale_after=timedelta(hours=1)) == {}  # queued just now: not stalled yet
    assert watchdog_sweep(stale_after=timedelta(seconds=0)) == {"admitted": 1}
    executors.run_inline_until_idle()
    second.refresh_from_db()
    assert second.status == "succeeded"


def test_watchdog_redispatches_at_once_the_steps_queued_before_the_broker_restarted(make_pipeline, editor, monkeypatch):
    """Redis restarted (and kept nothing): steps queued before that are sent again on the next sweep, not
    after SLUICE_REDISPATCH_AFTER_SECONDS; steps queued after the restart are left alone."""
    from datetime import timedelta

    from django.utils import timezone

    from executions.services.watchdog import watchdog_sweep

    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 2}), ("dst", "t.sink", {"name": "restarted"})))
    execution = execution_start(pipeline=pipeline, user=editor)
    executors._inline.clear()  # the restart took the message
    StepRun.objects.filter(execution=execution).update(queued_at=timezone.now() - timedelta(seconds=60))
    monkeypatch.setattr(executors, "broker_started_at", lambda: timezone.now() - timedelta(seconds=90))
    assert "redispatched" not in watchdog_sweep(stale_after=timedelta(seconds=30))  # queued after the start
    monkeypatch.setattr(executors, "broker_started_at", lambda: timezone.now() - timedelta(seconds=30))
    assert watchdog_sweep(stale_after=timedelta(seconds=30)).get("redispatched") == 1
    assert "redispatched" not in watchdog_sweep(stale_after=timedelta(seconds=30))  # once
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == "succeeded"
