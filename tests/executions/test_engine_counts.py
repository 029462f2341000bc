"""Per-node row counts taken inside an aggregate (executions.engine.running._count_in_aggregate): a fused
chain source → filter → map → aggregate counts the filter's output as the sum of the aggregate's group
sizes instead of reading the source again; every node reports the same rows in and out as when each node
is a step of its own, with null group keys, a global aggregate and an empty input."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from executions import executors
from executions.models import Execution
from executions.services import execution_start
from tests.executions.conftest import chain
from tests.executions.engine_passes import spy_passes

pytestmark = pytest.mark.django_db(transaction=True)

# k: a, b, null, c cycling; v = i
CSV = "i,k\n" + "".join(f"{i},{['a', 'b', '', 'c'][i % 4]}\n" for i in range(40))


def graph(condition: str, group_by: list[str]):
    return chain(
        ("src", "source.file", {"path": "in.csv", "format": "csv"}),
        ("keep", "transform.filter", {"condition": condition}),
        ("twice", "transform.map", {"derive": [{"name": "j", "expr": "i * 2"}]}),
        (
            "agg",
            "transform.aggregate",
            {
                "group_by": group_by,
                "aggregations": [
                    {"column": "*", "function": "count", "alias": "n"},
                    {"column": "j", "function": "sum", "alias": "total"},
                ],
            },
        ),
        ("order", "transform.sort", {"keys": [{"column": c} for c in group_by] or [{"column": "n"}]}),
        ("dst", "destination.file", {"path": "out.parquet", "format": "parquet", "mode": "overwrite"}),
    )


def run(make_pipeline, editor, settings, graph_doc, *, fuse: bool):
    settings.SLUICE_FUSE_CHAINS = fuse
    execution = execution_start(pipeline=make_pipeline(graph_doc, name=f"counts {fuse}"), user=editor)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    counts = {s.node_key: (s.rows_in, s.rows_out) for s in execution.steps.all()}
    return counts, pl.read_parquet(Path(settings.DATA_ROOT) / "out.parquet")


CASES = {
    # 30 rows kept (i >= 10); k a, b, null, c: 4 groups
    "grouped-with-null-keys": ("i >= 10", ["k"], 30, 4),
    "global": ("i >= 10", [], 30, 1),
    "empty-grouped": ("i > 1000", ["k"], 0, 0),
    "empty-global": ("i > 1000", [], 0, 1),
}


@pytest.mark.parametrize("case", list(CASES))
def test_fused_counts_equal_the_unfused_ones(make_pipeline, editor, settings, monkeypatch, case):
    condition, group_by, kept, groups = CASES[case]
    (Path(settings.DATA_ROOT) / "in.csv").write_text(CSV)
    passes = spy_passes(monkeypatch)
    doc = graph(condition, group_by)
    fused, fused_answer = run(make_pipeline, editor, settings, doc, fuse=True)
    assert len(passes) == 1, passes
    # One read of the CSV: the filter is counted inside the aggregate, not by a scan of its own.
    assert len(re.findall(r"Csv SCAN", passes[0])) == 1, passes[0]
    assert "__sluice_group_rows" not in "".join(fused_answer.columns)
    unfused, unfused_answer = run(make_pipeline, editor, settings, doc, fuse=False)
    assert (
        fused
        == unfused
        == {
            "src": (None, 40),
            "keep": (40, kept),
            "twice": (kept, kept),
            "agg": (kept, groups),
            "order": (groups, groups),
            "dst": (groups, None),
        }
    )
    assert fused_answer.equals(unfused_answer) and fused_answer.height == groups
    if groups and kept:
        assert fused_answer["n"].sum() == kept


def test_hostile_a_group_column_named_like_the_hidden_count(make_pipeline, editor, settings):
    """The input has the column the aggregate's group sizes would be named after: another name is used."""
    rows = "__sluice_group_rows,i\n" + "".join(f"{i % 3},{i}\n" for i in range(12))
    (Path(settings.DATA_ROOT) / "in.csv").write_text(rows)
    doc = chain(
        ("src", "source.file", {"path": "in.csv", "format": "csv"}),
        ("keep", "transform.filter", {"condition": "i >= 3"}),
        (
            "agg",
            "transform.aggregate",
            {"group_by": ["__sluice_group_rows"], "aggregations": [{"column": "i", "function": "sum", "alias": "s"}]},
        ),
        ("dst", "destination.file", {"path": "out.parquet", "format": "parquet", "mode": "overwrite"}),
    )
    counts, answer = run(make_pipeline, editor, settings, doc, fuse=True)
    assert counts["keep"] == (12, 9) and counts["agg"] == (9, 3)
    assert answer.columns == ["__sluice_group_rows", "s"] and answer["s"].sum() == sum(range(3, 12))


def test_a_source_straight_into_an_aggregate_keeps_its_own_count(make_pipeline, editor, settings):
    """A source's count is not a second read (Parquet's metadata, a CSV's line count): it stays as it was,
    and the counts equal the unfused ones."""
    (Path(settings.DATA_ROOT) / "in.csv").write_text(CSV)
    doc = chain(
        ("src", "source.file", {"path": "in.csv", "format": "csv"}),
        ("agg", "transform.aggregate", {"group_by": ["k"], "aggregations": [{"column": "*", "function": "count"}]}),
        ("dst", "destination.file", {"path": "out.parquet", "format": "parquet", "mode": "overwrite"}),
    )
    fused, _ = run(make_pipeline, editor, settings, doc, fuse=True)
    unfused, _ = run(make_pipeline, editor, settings, doc, fuse=False)
    assert fused == unfused == {"src": (None, 40), "agg": (40, 4), "dst": (4, None)}


def test_a_filter_feeding_a_join_counts_its_condition_in_a_pass_of_its_own(
    make_pipeline, editor, settings, monkeypatch
):
    """A filter right after its source that feeds a join (no aggregate takes its count) is counted by its
    condition summed over the source (``build_counted``), collected apart from the step's pass (where the
    optimiser would merge that read with the source's own count into a cache); a condition that is null
    for a row does not count it, as the filter drops it: the same rows in and out as when every node is a
    step of its own."""
    root = Path(settings.DATA_ROOT)
    # x: null for every fifth row; 'x > 10' is null there
    root.joinpath("in.csv").write_text("i,x\n" + "".join(f"{i},{'' if i % 5 == 0 else i}\n" for i in range(40)))
    root.joinpath("keys.csv").write_text("j,label\n" + "".join(f"{j},l{j}\n" for j in range(0, 40, 2)))
    doc = chain(
        ("src", "source.file", {"path": "in.csv", "format": "csv"}),
        ("keep", "transform.filter", {"condition": "x > 10"}),
        ("keys", "source.file", {"path": "keys.csv", "format": "csv"}),
        ("joined", "transform.join", {"how": "inner", "left_on": ["i"], "right_on": ["j"]}),
        ("dst", "destination.file", {"path": "out.parquet", "format": "parquet", "mode": "overwrite"}),
        edges=[("src", "keep"), ("keep", "joined.left"), ("keys", "joined.right"), ("joined", "dst")],
    )
    passes = spy_passes(monkeypatch)
    fused, fused_answer = run(make_pipeline, editor, settings, doc, fuse=True)
    condition_sum = re.compile(r'SELECT \[\(col\("x"\) > 10\)\.sum\(\)\]')
    assert len(passes) == 2, passes  # the step's pass, and its filter's count beside it (either first)
    (apart,) = [p for p in passes if condition_sum.search(p)]
    assert "CACHE" not in apart and apart.count("SCAN") == 1, apart
    unfused, unfused_answer = run(make_pipeline, editor, settings, doc, fuse=False)
    kept = len([i for i in range(11, 40) if i % 5])
    joined = len([i for i in range(11, 40) if i % 5 and i % 2 == 0])
    assert (
        fused
        == unfused
        == {
            "src": (None, 40),
            "keep": (40, kept),
            "keys": (None, 20),
            "joined": (kept + 20, joined),
            "dst": (joined, None),
        }
    )
    assert fused_answer.sort("i").equals(unfused_answer.sort("i")) and fused_answer.height == joined


def test_a_filter_over_an_aggregate_in_a_chain_is_counted_in_the_steps_pass(
    make_pipeline, editor, settings, monkeypatch
):
    """A filter after an aggregate (a HAVING) does not stream from a read: a count of it apart would compute
    the aggregate again, so it is counted in the step's pass over the aggregate's output (one pass)."""
    (Path(settings.DATA_ROOT) / "in.csv").write_text(CSV)
    doc = chain(
        ("src", "source.file", {"path": "in.csv", "format": "csv"}),
        (
            "agg",
            "transform.aggregate",
            {"group_by": ["k"], "aggregations": [{"column": "i", "function": "sum", "alias": "s"}]},
        ),
        ("big", "transform.filter", {"condition": "s > 190"}),
        ("dst", "destination.file", {"path": "out.parquet", "format": "parquet", "mode": "overwrite"}),
    )
    passes = spy_passes(monkeypatch)
    fused, answer = run(make_pipeline, editor, settings, doc, fuse=True)
    assert len(passes) == 1 and ".sum()]" not in passes[0], passes
    unfused, _ = run(make_pipeline, editor, settings, doc, fuse=False)
    # sums per k: a 180, b 190, null 200, c 210
    assert fused == unfused == {"src": (None, 40), "agg": (40, 4), "big": (4, 2), "dst": (2, None)}
    assert answer.height == 2
