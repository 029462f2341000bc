"""Fused in-trees through the engine: a join (or a union) runs as one group with its upstream chains,
with the same output and the same per-node statuses and row counts as when every node is a step."""

from __future__ import annotations

import pytest

from executions import executors
from executions.models import Execution, StepRun
from executions.services import execution_retry, execution_start
from executions.services.preview import node_frame
from tests.executions.conftest import chain, read_target

pytestmark = pytest.mark.django_db(transaction=True)

# left: i in 0..19, the filter keeps 10..19 (+100 -> 110..119 after the add); right: i in 105..114
JOIN_GRAPH = chain(
    ("left", "t.rows", {"n": 20}),
    ("keep", "transform.filter", {"condition": "i >= 10"}),
    ("shift", "t.add", {"add": 100}),
    ("right", "t.rows", {"rows": [{"i": i, "tag": f"r{i}"} for i in range(105, 115)]}),
    ("few", "transform.filter", {"condition": "i < 113"}),
    ("j", "transform.join", {"on": ["i"], "maintain_order": False}),
    (
        "per_tag",
        "transform.aggregate",
        {"group_by": ["tag"], "aggregations": [{"column": "i", "function": "count", "alias": "n"}]},
    ),
    ("order", "transform.sort", {"keys": [{"column": "tag"}]}),
    ("top", "transform.limit", {"n": 2}),
    ("dst", "t.sink", {"name": "joined"}),
    edges=[
        ("left", "keep"),
        ("keep", "shift"),
        ("shift", "j.left"),
        ("right", "few"),
        ("few", "j.right"),
        ("j", "per_tag"),
        ("per_tag", "order"),
        ("order", "top"),
        ("top", "dst"),
    ],
)
ROWS = {  # node: (rows in, rows out), the same fused or not
    "left": (None, 20),
    "keep": (20, 10),
    "shift": (10, 10),
    "right": (None, 10),
    "few": (10, 8),
    "j": (10 + 8, 3),  # 110..112 on both sides
    "per_tag": (3, 3),
    "order": (3, 3),
    "top": (3, 2),
    "dst": (2, None),
}


def run(pipeline, user, **kw) -> Execution:
    execution = execution_start(pipeline=pipeline, user=user, **kw)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    return execution


def steps(execution) -> dict[str, StepRun]:
    return {s.node_key: s for s in execution.steps.all()}


def counts(execution) -> dict[str, tuple[int | None, int | None]]:
    return {k: (s.rows_in, s.rows_out) for k, s in steps(execution).items()}


@pytest.mark.parametrize("fuse", [True, False])
def test_a_join_pipeline_gives_the_same_answer_and_counts_fused_or_not(make_pipeline, editor, settings, fuse):
    settings.SLUICE_FUSE_CHAINS = fuse
    execution = run(make_pipeline(JOIN_GRAPH), editor)
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    s = steps(execution)
    assert all(x.status == "succeeded" and x.attempt == 1 for x in s.values())
    assert counts(execution) == ROWS
    assert s["j"].output_rows == {"out": 3} and s["keep"].output_rows == {"out": 10}
    answer = read_target("joined")
    assert answer.to_dicts() == [{"tag": "r110", "n": 1}, {"tag": "r111", "n": 1}]
    if fuse:  # one group, one plan: its members in a topological order, the head a leaf
        assert {x.group for x in s.values()} == {"left"}
        members = sorted(s.values(), key=lambda x: x.position)
        assert [m.node_key for m in members] == list(ROWS)
        assert all(not x.artifacts for x in s.values())  # nothing written in between
    else:
        assert len({x.group for x in s.values()}) == len(ROWS)


def test_a_diamond_runs_its_tree_after_the_shared_node(make_pipeline, editor, settings):
    graph = chain(
        ("src", "t.rows", {"n": 6}),
        ("low", "transform.filter", {"condition": "i < 4"}),
        ("high", "transform.filter", {"condition": "i >= 2"}),
        ("j", "transform.join", {"on": ["i"]}),
        ("dst", "t.sink", {"name": "diamond"}),
        edges=[("src", "low"), ("src", "high"), ("low", "j.left"), ("high", "j.right"), ("j", "dst")],
    )
    execution = run(make_pipeline(graph), editor)
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    s = steps(execution)
    # the branches read the shared node's output: steps of their own (parallel on several workers)
    assert [s[k].group for k in ("src", "low", "high", "j", "dst")] == ["src", "low", "high", "j", "j"]
    assert s["src"].artifacts  # the shared node is materialised once, read by both branches
    assert counts(execution) == {
        "src": (None, 6),
        "low": (6, 4),
        "high": (6, 4),
        "j": (8, 2),
        "dst": (2, None),
    }
    assert sorted(read_target("diamond")["i"].to_list()) == [2, 3]


def test_a_union_of_three_fused(make_pipeline, editor, settings):
    graph = chain(
        ("a", "t.rows", {"n": 3}),
        ("b", "t.rows", {"n": 4}),
        ("c", "t.rows", {"n": 5}),
        ("big", "transform.filter", {"condition": "i > 1"}),
        ("u", "t.union", {}),
        ("dst", "t.sink", {"name": "union"}),
        edges=[("a", "u"), ("b", "u"), ("c", "big"), ("big", "u"), ("u", "dst")],
    )
    execution = run(make_pipeline(graph), editor)
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    s = steps(execution)
    assert {x.group for x in s.values()} == {"a"}
    assert counts(execution) == {
        "a": (None, 3),
        "b": (None, 4),
        "c": (None, 5),
        "big": (5, 3),
        "u": (3 + 4 + 3, 10),
        "dst": (10, None),
    }
    assert sorted(read_target("union")["i"].to_list()) == [0, 0, 1, 1, 2, 2, 2, 3, 3, 4]


def test_a_failed_tree_is_retried_whole_then_a_retry_of_the_run_reuses_the_shared_node(make_pipeline, editor, settings):
    # src fans out (to low and a sink), so low is a step of its own; b → high → j → dst is one tree
    graph = chain(
        ("src", "t.rows", {"n": 6}),
        ("keep", "t.sink", {"name": "kept"}),
        ("low", "transform.filter", {"condition": "i < 4"}),
        ("b", "t.rows", {"n": 6}),
        ("high", "t.add", {"add": 0, "fail_times": 2}),
        ("j", "transform.join", {"on": ["i"]}),
        ("dst", "t.sink", {"name": "retried"}),
        edges=[("src", "keep"), ("src", "low"), ("b", "high"), ("low", "j.left"), ("high", "j.right"), ("j", "dst")],
    )
    pipeline = make_pipeline(graph, default_params={"sluice_retry": {"max_attempts": 2, "backoff_seconds": 0}})
    first = run(pipeline, editor)
    assert first.status == Execution.Status.FAILED
    s = steps(first)
    assert s["src"].status == s["low"].status == "succeeded"
    # the tree is claimed, retried and failed as a whole; its head (a leaf) carried the attempts
    assert {s[k].group for k in ("b", "high", "j", "dst")} == {"b"}
    assert {s[k].status for k in ("b", "high", "j", "dst")} == {"failed"}
    assert s["b"].attempt == 2
    second = execution_retry(execution=first, user=editor)
    executors.run_inline_until_idle()
    second.refresh_from_db()
    assert second.status == Execution.Status.SUCCEEDED, second.error
    s2 = steps(second)
    assert s2["low"].report.get("reused_from_execution") == first.pk  # the tree's input read again
    assert s2["low"].artifacts == s["low"].artifacts
    assert counts(second)["j"] == (4 + 6, 4)
    assert sorted(read_target("retried")["i"].to_list()) == [0, 1, 2, 3]


def test_a_fused_member_of_a_tree_is_previewed_from_the_group_inputs(make_pipeline, editor, settings):
    graph = chain(
        ("src", "t.rows", {"n": 6}),
        ("low", "transform.filter", {"condition": "i < 4"}),
        ("high", "transform.filter", {"condition": "i >= 2"}),
        ("j", "transform.join", {"on": ["i"]}),
        ("dst", "t.sink", {"name": "previewed"}),
        edges=[("src", "low"), ("src", "high"), ("low", "j.left"), ("high", "j.right"), ("j", "dst")],
    )
    execution = run(make_pipeline(graph), editor)
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    s = steps(execution)
    frame, port, rows, recomputed = node_frame(execution, s["j"], None)
    assert (port, rows, recomputed) == ("out", 2, True)
    assert sorted(frame.collect()["i"].to_list()) == [2, 3]
    frame, port, _, _ = node_frame(execution, s["dst"], None)
    assert port == "in" and frame.collect().height == 2


@pytest.mark.parametrize("fuse", [True, False])
def test_counts_stay_exact_over_many_batches_and_a_routing_tail(make_pipeline, editor, settings, fuse):
    # Enough rows for the streaming engine to cut them into batches; the join's output is read by both
    # ports of the routing node that ends the group (two sinks): it is counted once, exactly.
    settings.SLUICE_FUSE_CHAINS = fuse
    n = 300_000
    graph = chain(
        ("a", "t.rows", {"n": n}),
        ("even", "transform.filter", {"condition": "i % 2 = 0"}),
        ("b", "t.rows", {"n": n}),
        ("small", "transform.filter", {"condition": "i < 200000"}),
        ("j", "transform.join", {"on": ["i"], "maintain_order": False}),
        ("split", "t.split", {"threshold": 1000}),
        ("low", "t.sink", {"name": "low"}),
        ("high", "t.sink", {"name": "high"}),
        edges=[
            ("a", "even"),
            ("even", "j.left"),
            ("b", "small"),
            ("small", "j.right"),
            ("j", "split"),
            ("split.low", "low"),
            ("split.high", "high"),
        ],
    )
    execution = run(make_pipeline(graph), editor)
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    s = steps(execution)
    assert len({s[k].group for k in ("a", "even", "b", "small", "j", "split")}) == (1 if fuse else 6)
    assert counts(execution) == {
        "a": (None, n),
        "even": (n, n // 2),
        "b": (None, n),
        "small": (n, 200_000),
        "j": (n // 2 + 200_000, 100_000),
        "split": (100_000, 100_000),
        "low": (500, None),
        "high": (99_500, None),
    }
    assert s["split"].output_rows == {"low": 500, "high": 99_500}
    assert read_target("low").height == 500 and read_target("high").height == 99_500


@pytest.mark.parametrize("fuse", [True, False])
def test_a_join_behind_a_routing_node_is_skipped_as_before(make_pipeline, editor, settings, fuse):
    # split sends nothing down "high": the join that reads it is skipped, and so is what follows; the
    # other side of the join ran (it is not fused with a join that may be skipped)
    settings.SLUICE_FUSE_CHAINS = fuse
    graph = chain(
        ("src", "t.rows", {"n": 4}),
        ("split", "t.split", {"threshold": 10}),
        ("other", "t.rows", {"n": 3}),
        ("keep", "transform.filter", {"condition": "i > 0"}),
        ("j", "transform.join", {"on": ["i"]}),
        ("after", "t.add", {}),
        ("dj", "t.sink", {"name": "joined"}),
        ("dlow", "t.sink", {"name": "low"}),
        edges=[
            ("src", "split"),
            ("split.high", "j.left"),
            ("other", "keep"),
            ("keep", "j.right"),
            ("j", "after"),
            ("after", "dj"),
            ("split.low", "dlow"),
        ],
    )
    execution = run(make_pipeline(graph), editor)
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    s = steps(execution)
    assert {k: x.status for k, x in s.items()} == {
        "src": "succeeded",
        "split": "succeeded",
        "other": "succeeded",
        "keep": "succeeded",
        "j": "skipped",
        "after": "skipped",
        "dj": "skipped",
        "dlow": "succeeded",
    }
    assert s["keep"].rows_out == 2 and s["split"].output_rows == {"low": 4, "high": 0}
    assert read_target("low").height == 4
