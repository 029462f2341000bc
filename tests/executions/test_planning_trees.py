"""The planner fuses in-trees: a join or a union runs in one group with each upstream node whose only
edge goes into it; fan-out, routing, quality checks and pipeline calls still end groups."""

from __future__ import annotations

from executions.engine.planning import plan_execution
from pipelines.graph import Graph
from tests.executions.conftest import chain

SRC = ("source.file", {"path": "x.parquet", "format": "parquet"})
FILTER = ("transform.filter", {"condition": "i > 0"})
MAP = ("transform.map", {"select": ["i"]})
JOIN = ("transform.join", {"on": ["i"]})
UNION = ("transform.union", {})
DEST = ("destination.file", {"path": "out/x.parquet", "format": "parquet"})


def plan(*nodes, edges=None, fuse=True):
    return plan_execution(Graph.from_dict(chain(*((k, t, c) for k, (t, c) in nodes), edges=edges)), fuse=fuse)


def groups(p) -> dict[str, list[str]]:
    return {head: g.members for head, g in p.groups.items()}


def test_a_join_of_two_chains_is_one_group_in_topological_order():
    p = plan(
        ("a", SRC),
        ("fa", FILTER),
        ("b", SRC),
        ("fb", FILTER),
        ("j", JOIN),
        ("m", MAP),
        ("dst", DEST),
        edges=[("a", "fa"), ("fa", "j.left"), ("b", "fb"), ("fb", "j.right"), ("j", "m"), ("m", "dst")],
    )
    assert groups(p) == {"a": ["a", "fa", "b", "fb", "j", "m", "dst"]}
    group = p.groups["a"]
    assert group.inputs == [] and not group.chain
    assert group.upstream_groups == group.downstream_groups == set()
    assert set(p.group_of.values()) == {"a"}


def test_members_follow_the_order_of_the_edges_into_a_join_not_of_the_nodes():
    p = plan(
        ("b", SRC),
        ("a", SRC),
        ("j", JOIN),
        ("dst", DEST),
        edges=[("a", "j.left"), ("b", "j.right"), ("j", "dst")],
    )
    assert groups(p) == {"a": ["a", "b", "j", "dst"]}


def test_a_union_of_three_is_one_group():
    p = plan(
        ("a", SRC),
        ("b", SRC),
        ("c", SRC),
        ("fc", FILTER),
        ("u", UNION),
        ("dst", DEST),
        edges=[("a", "u"), ("b", "u"), ("c", "fc"), ("fc", "u"), ("u", "dst")],
    )
    assert groups(p) == {"a": ["a", "b", "c", "fc", "u", "dst"]}


def test_a_diamond_keeps_its_branches_apart_so_workers_run_them_at_once():
    # fa and fb read the shared node's output: independent steps, not fused into the join (which
    # would run them one after the other in one worker); the join fuses with what follows it
    p = plan(
        ("src", SRC),
        ("fa", FILTER),
        ("fb", FILTER),
        ("j", JOIN),
        ("dst", DEST),
        edges=[("src", "fa"), ("src", "fb"), ("fa", "j.left"), ("fb", "j.right"), ("j", "dst")],
    )
    assert groups(p) == {"src": ["src"], "fa": ["fa"], "fb": ["fb"], "j": ["j", "dst"]}
    assert p.groups["src"].downstream_groups == {"fa", "fb"} and p.groups["j"].upstream_groups == {"fa", "fb"}


def test_a_branch_fuses_into_a_join_only_when_it_starts_at_its_own_source():
    # behind the join, a chain from its own source (b → fb) fuses; a chain that reads another step's
    # output (a → fa, a fans out) does not, even three links long
    p = plan(
        ("a", SRC),
        ("fa", FILTER),
        ("fa2", FILTER),
        ("b", SRC),
        ("fb", FILTER),
        ("j", JOIN),
        ("other", DEST),
        ("dst", DEST),
        edges=[
            ("a", "fa"),
            ("a", "other"),
            ("fa", "fa2"),
            ("fa2", "j.left"),
            ("b", "fb"),
            ("fb", "j.right"),
            ("j", "dst"),
        ],
    )
    assert groups(p) == {"a": ["a"], "fa": ["fa", "fa2"], "b": ["b", "fb", "j", "dst"], "other": ["other"]}
    assert [(e.source, e.target, e.target_port) for e in p.groups["b"].inputs] == [("fa2", "j", "left")]


def test_a_join_fed_by_a_fan_out_fuses_only_its_other_side():
    p = plan(
        ("a", SRC),
        ("b", SRC),
        ("fb", FILTER),
        ("j", JOIN),
        ("other", DEST),
        ("dst", DEST),
        edges=[("a", "j.left"), ("a", "other"), ("b", "fb"), ("fb", "j.right"), ("j", "dst")],
    )
    assert groups(p) == {"a": ["a"], "b": ["b", "fb", "j", "dst"], "other": ["other"]}
    tree = p.groups["b"]
    assert [(e.source, e.target, e.target_port) for e in tree.inputs] == [("a", "j", "left")]
    assert not tree.chain


def test_routed_ports_keep_a_join_and_a_union_apart():
    # a routing node may send nothing down a port: what it feeds may be skipped, so a fan-in that it
    # reaches (through a chain, too) runs in a group of its own and a group is never skipped in part
    branch = ("transform.branch", {"routes": [{"port": "big", "condition": "i > 5"}]})
    p = plan(
        ("src", SRC),
        ("split", branch),
        ("fa", FILTER),
        ("b", SRC),
        ("j", JOIN),
        ("u", UNION),
        ("c", SRC),
        ("dst", DEST),
        edges=[
            ("src", "split"),
            ("split.big", "fa"),
            ("fa", "j.left"),
            ("b", "j.right"),
            ("j", "u"),
            ("split.default", "u"),
            ("c", "u"),
            ("u", "dst"),
        ],
    )
    assert groups(p) == {
        "src": ["src", "split"],
        "fa": ["fa"],
        "b": ["b"],
        "j": ["j"],
        "c": ["c"],
        "u": ["u", "dst"],
    }


def test_a_quality_check_breaks_fusion_on_both_sides():
    quality = ("quality.validate", {"rules": []})
    p = plan(
        ("a", SRC),
        ("b", SRC),
        ("j", JOIN),
        ("q", quality),
        ("dst", DEST),
        edges=[("a", "j.left"), ("b", "j.right"), ("j", "q"), ("q.out", "dst")],
    )
    assert groups(p) == {"a": ["a", "b", "j"], "q": ["q"], "dst": ["dst"]}
    # upstream of a join, a check (its rejected rows are a port of their own: it routes rows) may leave
    # the join's input absent: the join is not fused with either side
    p = plan(
        ("a", SRC),
        ("q", quality),
        ("b", SRC),
        ("fb", FILTER),
        ("j", JOIN),
        ("dst", DEST),
        edges=[("a", "q"), ("q.out", "j.left"), ("b", "fb"), ("fb", "j.right"), ("j", "dst")],
    )
    assert groups(p) == {"a": ["a"], "q": ["q"], "b": ["b", "fb"], "j": ["j", "dst"]}
    assert p.groups["j"].upstream_groups == {"q", "b"}


def test_a_pipeline_call_is_never_fused_into_a_tree():
    call = ("pipeline.call", {"pipeline": "x"})
    p = plan(
        ("a", SRC),
        ("b", SRC),
        ("j", JOIN),
        ("call", call),
        ("dst", DEST),
        edges=[("a", "j.left"), ("b", "j.right"), ("j", "call"), ("call", "dst")],
    )
    assert groups(p) == {"a": ["a", "b", "j"], "call": ["call"], "dst": ["dst"]}


def test_joins_of_joins_and_a_linear_chain_keep_their_shapes():
    p = plan(
        ("a", SRC),
        ("b", SRC),
        ("c", SRC),
        ("j1", JOIN),
        ("j2", JOIN),
        ("dst", DEST),
        ("s", SRC),
        ("f", FILTER),
        ("m", MAP),
        ("out", DEST),
        edges=[
            ("a", "j1.left"),
            ("b", "j1.right"),
            ("c", "j2.left"),
            ("j1", "j2.right"),
            ("j2", "dst"),
            ("s", "f"),
            ("f", "m"),
            ("m", "out"),
        ],
    )
    assert groups(p) == {"c": ["c", "a", "b", "j1", "j2", "dst"], "s": ["s", "f", "m", "out"]}


def test_unfused_every_node_is_its_own_group():
    p = plan(
        ("a", SRC),
        ("b", SRC),
        ("j", JOIN),
        ("dst", DEST),
        edges=[("a", "j.left"), ("b", "j.right"), ("j", "dst")],
        fuse=False,
    )
    assert groups(p) == {"a": ["a"], "b": ["b"], "j": ["j"], "dst": ["dst"]}
    assert p.groups["j"].upstream_groups == {"a", "b"} and p.groups["j"].chain
    assert [(e.source, e.target_port) for e in p.groups["j"].inputs] == [("a", "left"), ("b", "right")]


def test_a_long_chain_plans_without_recursion():
    nodes = [("s", SRC), *((f"f{i}", FILTER) for i in range(3000)), ("dst", DEST)]
    p = plan(*nodes)
    assert list(p.groups) == ["s"] and len(p.groups["s"].members) == 3002 and p.groups["s"].chain
