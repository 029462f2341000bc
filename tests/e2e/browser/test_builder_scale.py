"""The builder's tools for large graphs in a real browser (issue 18): a paste of many nodes and its undo
as one step each, align/distribute, Ctrl+F canvas search, the keyboard node list, the drill-down link of
a pipeline.call node, groups (collapse, drag, duplicate), validation's warnings on a node that cannot
stream, and axe-core with the search and the list open.

The graphs are made through the services (the e2e node type e2e.numbers and the built-in filter).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery"),
]


def _pipeline(owner, nodes: list[dict], edges: list[dict] | None = None, name="Scale e2e"):
    from pipelines import services
    from pipelines.graph import parse_graph_document

    pipeline = services.pipeline_create(user=owner, name=name)
    graph = parse_graph_document({"nodes": nodes, "edges": edges or []})
    services.pipeline_graph_set(pipeline=pipeline, user=owner, graph=graph)
    return pipeline


def _chains(count: int, length: int = 3) -> tuple[list[dict], list[dict]]:
    nodes, edges = [], []
    for c in range(count):
        for i in range(length):
            key = f"c{c}_{i}"
            node_type, config = ("e2e.numbers", {"n": 5}) if i == 0 else ("transform.filter", {"condition": f"i > {i}"})
            nodes.append({"key": key, "type": node_type, "config": config, "position": {"x": 260 * i, "y": 110 * c}})
            if i:
                edges.append({"source": f"c{c}_{i - 1}", "target": key})
    return nodes, edges


def _open(page: Page, pipeline) -> None:
    page.goto(f"/pipelines/{pipeline.pk}/builder/")
    expect(page.locator(".sluice-builder[data-ready=true]")).to_be_visible()
    expect(page.locator("#builder-status")).to_have_text(re.compile(r"Loaded \d+ nodes?\."))


def _status(page: Page):
    return page.locator("#builder-status")


def _saved(pipeline) -> dict:
    from pipelines.selectors import pipeline_graph

    pipeline.refresh_from_db()
    return pipeline_graph(pipeline=pipeline).to_dict()


def _save(page: Page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()
    expect(_status(page)).to_have_text("Draft saved.")


def test_paste_of_many_nodes_and_its_undo_are_one_step_each(page, live_url, login, editor):
    nodes, edges = _chains(20)
    pipeline = _pipeline(editor, nodes, edges)
    login(page, editor)
    _open(page, pipeline)

    page.locator(".react-flow__pane").click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+a")
    expect(_status(page)).to_have_text("Selected 60 nodes.")
    page.keyboard.press("Control+c")
    expect(_status(page)).to_have_text("Copied 60 nodes.")
    page.keyboard.press("Control+v")
    expect(_status(page)).to_have_text("Pasted 60 nodes.")
    _save(page)
    saved = _saved(pipeline)
    assert len(saved["nodes"]) == 120
    assert len(saved["edges"]) == 80  # the copies keep the edges between them

    # One Ctrl+Z takes the whole paste back; one Ctrl+Shift+Z brings it again.
    page.keyboard.press("Control+z")
    expect(_status(page)).to_have_text("Undone.")
    _save(page)
    assert len(_saved(pipeline)["nodes"]) == 60
    page.keyboard.press("Control+Shift+z")
    _save(page)
    assert len(_saved(pipeline)["nodes"]) == 120

    # Deleting a large selection is one step too.
    page.locator(".react-flow__pane").click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    expect(_status(page)).to_have_text("Deleted 120 nodes and 0 edges.")
    expect(page.locator(".react-flow__node")).to_have_count(0)
    page.keyboard.press("Control+z")
    _save(page)
    assert len(_saved(pipeline)["nodes"]) == 120


def test_align_and_distribute_the_selection_then_undo(page, live_url, login, editor):
    nodes = [
        {"key": "a", "type": "e2e.numbers", "position": {"x": 0, "y": 0}},
        {"key": "b", "type": "e2e.numbers", "position": {"x": 300, "y": 60}},
        {"key": "c", "type": "e2e.numbers", "position": {"x": 900, "y": 200}},
    ]
    pipeline = _pipeline(editor, nodes)
    login(page, editor)
    _open(page, pipeline)
    arrange = page.get_by_label("Align or distribute the selected nodes")
    expect(arrange).to_be_disabled()

    page.locator(".react-flow__pane").click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+a")
    arrange.select_option("top")
    expect(_status(page)).to_have_text("Align top edges: 3 nodes.")
    arrange.select_option("horizontal")
    expect(_status(page)).to_have_text("Distribute horizontally: 3 nodes.")
    _save(page)
    positions = {n["key"]: n["position"] for n in _saved(pipeline)["nodes"]}
    assert {p["y"] for p in positions.values()} == {0}
    assert positions["a"]["x"] == 0 and positions["c"]["x"] == 900
    gap_ab = positions["b"]["x"] - positions["a"]["x"]
    gap_bc = positions["c"]["x"] - positions["b"]["x"]
    assert abs(gap_ab - gap_bc) <= 1  # the three nodes have one width

    page.get_by_role("button", name="Undo").click()
    page.get_by_role("button", name="Undo").click()
    _save(page)
    assert {n["key"]: n["position"] for n in _saved(pipeline)["nodes"]} == {
        "a": {"x": 0, "y": 0},
        "b": {"x": 300, "y": 60},
        "c": {"x": 900, "y": 200},
    }


def test_find_a_node_and_the_keyboard_node_list(page, live_url, login, editor, assert_accessible):
    nodes, edges = _chains(30)
    nodes[-1]["label"] = "Needle in the graph"
    pipeline = _pipeline(editor, nodes, edges)
    login(page, editor)
    _open(page, pipeline)

    # Ctrl+F opens the search; Enter goes to each match in turn and selects it.
    page.keyboard.press("Control+f")
    search = page.get_by_label("Find a node", exact=True)
    expect(search).to_be_focused()
    search.fill("needle")
    expect(page.locator("#canvas-search-status")).to_have_text("1 match: Enter goes to the first.")
    search.press("Enter")
    expect(page.get_by_role("heading", name="Node c29_2")).to_be_visible()
    expect(page.locator(".react-flow__node[data-id='c29_2']")).to_be_in_viewport()
    search.fill("i > 2")  # config text: the last filter of each chain
    search.press("Enter")
    expect(page.locator("#canvas-search-status")).to_have_text("1 of 30: c0_2 (config)")
    search.press("Enter")
    expect(page.locator("#canvas-search-status")).to_have_text("2 of 30: c1_2 (config)")
    search.press("Shift+Enter")
    expect(page.get_by_role("heading", name="Node c0_2")).to_be_visible()
    assert_accessible(page)
    search.press("Escape")
    expect(search).to_have_count(0)

    # The node list: filter, arrow keys, Enter selects and centres.
    page.get_by_role("button", name="Node list").click()
    expect(page.get_by_role("button", name="Node list")).to_have_attribute("aria-expanded", "true")
    listbox = page.get_by_role("listbox", name="Nodes")
    expect(listbox.get_by_role("option")).to_have_count(90)
    page.get_by_label("Filter nodes").fill("c2")
    expect(listbox.get_by_role("option")).to_have_count(3 + 30)  # c2_* and c20_*..c29_*
    page.get_by_label("Filter nodes").fill("c12_")
    page.get_by_label("Filter nodes").press("ArrowDown")
    expect(listbox).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Node c12_1")).to_be_visible()
    expect(listbox.get_by_role("option", name=re.compile(r"^c12_1, Filter"))).to_have_attribute("aria-selected", "true")
    expect(page.locator(".react-flow__node[data-id='c12_1']")).to_be_in_viewport()
    assert_accessible(page)


def test_a_pipeline_call_node_links_to_the_called_pipeline(page, live_url, login, editor):
    called = _pipeline(editor, [{"key": "n", "type": "e2e.numbers"}], name="Called")
    caller = _pipeline(
        editor,
        [{"key": "call", "type": "pipeline.call", "config": {"pipeline": called.pk, "version": None}}],
        name="Caller",
    )
    login(page, editor)
    _open(page, caller)
    page.locator(".react-flow__node[data-id='call']").click()
    link = page.get_by_role("link", name=f"Open called pipeline #{called.pk}")
    expect(link).to_have_attribute("href", f"/pipelines/{called.pk}/builder/")
    link.click()
    expect(page.get_by_role("heading", name=re.compile("Builder: Called"))).to_be_visible()


def test_group_collapse_find_inside_and_ungroup(page, live_url, login, editor, assert_accessible):
    nodes, edges = _chains(1, 4)  # c0_0 -> c0_1 -> c0_2 -> c0_3
    pipeline = _pipeline(editor, nodes, edges)
    login(page, editor)
    _open(page, pipeline)
    expect(page.get_by_role("button", name="Group", exact=True)).to_be_disabled()

    page.locator(".react-flow__node[data-id='c0_1']").click()
    page.locator(".react-flow__node[data-id='c0_2']").click(modifiers=["Control"])
    page.get_by_role("button", name="Group", exact=True).click()
    expect(_status(page)).to_have_text("Grouped 2 nodes as Group 1.")
    page.get_by_label("Group name").fill("Middle")
    expect(page.locator("[data-group-key='group_1'] .sluice-group-label")).to_have_text("Middle")

    # Collapsed: one box in place of the two nodes, the crossing edges drawn to it.
    page.get_by_role("button", name="Collapse group Middle").click()
    expect(_status(page)).to_have_text("Collapsed group Middle.")
    expect(page.locator(".react-flow__node[data-id='c0_1']")).to_be_hidden()
    expect(page.locator(".react-flow__edge.sluice-group-edge")).to_have_count(2)
    assert_accessible(page)
    _save(page)
    saved_group = {"key": "group_1", "label": "Middle", "nodes": ["c0_1", "c0_2"], "collapsed": True}
    assert _saved(pipeline)["groups"] == [saved_group]

    # Finding a node hidden in a collapsed group expands the group and selects the node.
    page.keyboard.press("Control+f")
    page.get_by_label("Find a node", exact=True).fill("c0_2")
    page.get_by_label("Find a node", exact=True).press("Enter")
    expect(page.get_by_role("heading", name="Node c0_2")).to_be_visible()
    expect(page.get_by_role("button", name="Collapse group Middle")).to_be_visible()
    page.get_by_label("Find a node", exact=True).press("Escape")

    # Ungroup from the group's form; undo brings the group back. Reloading keeps it.
    page.get_by_role("button", name="Edit group Middle").click()
    page.get_by_role("button", name="Ungroup").click()
    expect(_status(page)).to_have_text("Ungrouped Middle.")
    expect(page.locator("[data-group-key='group_1']")).to_have_count(0)
    page.keyboard.press("Control+z")
    expect(page.locator("[data-group-key='group_1']")).to_be_visible()
    _save(page)
    assert _saved(pipeline)["groups"][0]["label"] == "Middle"
    _open(page, pipeline)
    expect(page.locator("[data-group-key='group_1'] .sluice-group-label")).to_have_text("Middle")


def test_drag_a_group_box_moves_its_nodes_and_duplicate_makes_a_new_group(page, live_url, login, editor):
    nodes, edges = _chains(1, 4)  # c0_0 -> c0_1 -> c0_2 -> c0_3, 260 px apart
    pipeline = _pipeline(editor, nodes, edges)
    login(page, editor)
    _open(page, pipeline)
    page.locator(".react-flow__node[data-id='c0_1']").click()
    page.locator(".react-flow__node[data-id='c0_2']").click(modifiers=["Control"])
    page.get_by_role("button", name="Group", exact=True).click()
    expect(_status(page)).to_have_text("Grouped 2 nodes as Group 1.")
    page.get_by_label("Group name").fill("Middle")
    _save(page)
    before = {n["key"]: n["position"] for n in _saved(pipeline)["nodes"]}

    # Drag the box by its header (the label): both nodes move by the same amount, the others stay.
    label = page.locator("[data-group-key='group_1'] .sluice-group-label")
    box = label.bounding_box()
    assert box
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, box["y"] + 85, steps=8)
    page.mouse.up()
    expect(_status(page)).to_have_text("Moved group Middle (2 nodes).")
    _save(page)
    after = {n["key"]: n["position"] for n in _saved(pipeline)["nodes"]}
    shift = {k: (after[k]["x"] - before[k]["x"], after[k]["y"] - before[k]["y"]) for k in before}
    assert shift["c0_0"] == shift["c0_3"] == (0, 0)
    assert shift["c0_1"] == shift["c0_2"] != (0, 0)
    # One undo step puts both back.
    page.keyboard.press("Control+z")
    expect(_status(page)).to_have_text("Undone.")
    _save(page)
    assert {n["key"]: n["position"] for n in _saved(pipeline)["nodes"]} == before

    # Collapsed, the box drags anywhere and still carries its (hidden) nodes.
    page.get_by_role("button", name="Collapse group Middle").click()
    expect(page.locator("[data-group-key='group_1']")).to_have_class(re.compile("is-collapsed"))
    collapsed = page.locator("[data-group-key='group_1']").bounding_box()
    assert collapsed
    # Below its header (at the canvas's zoom the box is about 120 x 43 px on screen).
    x, y = collapsed["x"] + collapsed["width"] / 2, collapsed["y"] + collapsed["height"] * 0.8
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y + 100, steps=8)
    page.mouse.up()
    expect(_status(page)).to_have_text("Moved group Middle (2 nodes).")

    # Duplicate from the group's form: a new group of the copies, "Middle copy", one undo step.
    page.get_by_role("button", name="Edit group Middle").click()
    page.get_by_role("button", name="Duplicate group").click()
    expect(_status(page)).to_have_text("Duplicated 2 nodes in 1 new group.")
    expect(page.locator("[data-group-key='group_2'] .sluice-group-label")).to_have_text("Middle copy")
    _save(page)
    groups = _saved(pipeline)["groups"]
    assert [(g["key"], g["label"], g["collapsed"]) for g in groups] == [
        ("group_1", "Middle", True),
        ("group_2", "Middle copy", True),
    ]
    assert len(groups[1]["nodes"]) == 2 and not set(groups[1]["nodes"]) & {"c0_1", "c0_2"}
    page.keyboard.press("Control+z")
    expect(page.locator("[data-group-key='group_2']")).to_have_count(0)


def test_a_node_that_cannot_stream_shows_a_warning_that_does_not_block(
    page, live_url, login, editor, assert_accessible
):
    sort = {"keys": [{"column": "i"}]}
    nodes = [
        {"key": "numbers", "type": "e2e.numbers", "config": {"n": 5}, "position": {"x": 0, "y": 0}},
        {"key": "order", "type": "transform.sort", "config": sort, "position": {"x": 280, "y": 0}},
        {"key": "out", "type": "e2e.sink", "config": {"name": "sorted_out"}, "position": {"x": 560, "y": 0}},
    ]
    edges = [{"source": "numbers", "target": "order"}, {"source": "order", "target": "out"}]
    pipeline = _pipeline(editor, nodes, edges)
    login(page, editor)
    _open(page, pipeline)

    # The sort holds its whole input in memory (validation's not_streaming): a warning badge and the
    # message on the node, in text, not the error style.
    order = page.locator(".sluice-node[data-node-key='order']")
    expect(order).to_have_class(re.compile("has-warnings"))
    expect(order).not_to_have_class(re.compile("has-problems"))
    expect(order.locator(".sluice-node-warning")).to_have_text(re.compile(r"^⚠ warning$"))
    expect(order.get_by_role("list", name="Warnings")).to_contain_text("sort holds the whole input in memory")
    expect(page.locator(".sluice-node.has-warnings")).to_have_count(1)
    # The bottom panel lists it under no problems; the toolbar says valid, with one warning.
    expect(page.get_by_role("tab", name="Problems (0) · 1 warning")).to_be_visible()
    warnings = page.get_by_role("list", name="Warnings").last
    expect(warnings).to_contain_text("order: sort holds the whole input in memory")
    expect(page.locator(".sluice-toolbar")).to_contain_text("valid, 1 warning")
    assert_accessible(page)
    # A click on it selects the node.
    warnings.get_by_role("button").click()
    expect(page.get_by_role("heading", name="Node order")).to_be_visible()

    # It does not block: the draft saves and a version is made.
    page.get_by_role("button", name="Save as version").click()
    page.get_by_label("Version message").fill("Sorted")
    page.get_by_role("button", name="Create version").click()
    expect(_status(page)).to_have_text("Saved version 1.")
    pipeline.refresh_from_db()
    assert pipeline.current_version.number == 1


def _open_chain_and_select(page: Page, login, editor, key: str):
    """A chain of three nodes in the builder, ``key`` selected: the pipeline and its saved positions."""
    nodes, edges = _chains(1, 3)
    pipeline = _pipeline(editor, nodes, edges)
    login(page, editor)
    _open(page, pipeline)
    before = {n["key"]: n["position"] for n in _saved(pipeline)["nodes"]}
    page.locator(f".react-flow__node[data-id='{key}']").click()
    return pipeline, before


def test_moving_the_selection_with_arrow_keys_is_one_undo_step(page, live_url, login, editor):
    pipeline, before = _open_chain_and_select(page, login, editor, "c0_1")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    _save(page)
    moved = {n["key"]: n["position"] for n in _saved(pipeline)["nodes"]}
    assert moved["c0_1"]["x"] > before["c0_1"]["x"] and moved["c0_1"]["y"] == before["c0_1"]["y"]
    assert moved["c0_0"] == before["c0_0"]
    # One Ctrl+Z undoes the three presses.
    page.keyboard.press("Control+z")
    expect(_status(page)).to_have_text("Undone.")
    _save(page)
    assert {n["key"]: n["position"] for n in _saved(pipeline)["nodes"]} == before


def _left(page: Page, key: str) -> float:
    return page.locator(f".react-flow__node[data-id='{key}']").bounding_box()["x"]


def test_a_held_arrow_key_moves_at_once_and_another_key_sees_the_move(page, live_url, login, editor):
    """A run of presses stays in React Flow's store until the key is released; a key pressed before the
    release (here Ctrl+Z with the arrow still held) first writes the run back: it undoes the run."""
    pipeline, before = _open_chain_and_select(page, login, editor, "c0_1")
    x0 = _left(page, "c0_1")
    for _ in range(4):  # a held key: repeated keydowns, no keyup
        page.keyboard.down("ArrowDown")
    page.keyboard.down("ArrowRight")
    page.wait_for_function(
        "([x]) => document.querySelector(\".react-flow__node[data-id='c0_1']\").getBoundingClientRect().x > x",
        arg=[x0],
    )
    assert _left(page, "c0_0") < x0  # only the selection moved
    page.keyboard.press("Control+z")
    expect(_status(page)).to_have_text("Undone.")
    page.keyboard.up("ArrowRight")
    page.keyboard.up("ArrowDown")
    _save(page)
    assert {n["key"]: n["position"] for n in _saved(pipeline)["nodes"]} == before
    # Released, a run is one step: saved where it went, and Ctrl+Z takes it back.
    page.locator(".react-flow__node[data-id='c0_2']").click()
    page.keyboard.down("ArrowLeft")
    page.keyboard.down("ArrowLeft")
    page.keyboard.up("ArrowLeft")
    _save(page)
    moved = {n["key"]: n["position"] for n in _saved(pipeline)["nodes"]}
    assert moved["c0_2"] == {"x": before["c0_2"]["x"] - 10, "y": before["c0_2"]["y"]}
    page.keyboard.press("Control+z")
    expect(_status(page)).to_have_text("Undone.")


def _open_chain_with_a_group(page: Page, login, editor):
    """A chain of three nodes in the builder, the middle one in a group of its own: the pipeline."""
    from pipelines import services
    from pipelines.graph import parse_graph_document

    nodes, edges = _chains(1, 3)
    pipeline = _pipeline(editor, nodes, edges)
    graph = {"nodes": nodes, "edges": edges, "groups": [{"key": "group_1", "label": "Middle", "nodes": ["c0_1"]}]}
    services.pipeline_graph_set(pipeline=pipeline, user=editor, graph=parse_graph_document(graph))
    login(page, editor)
    _open(page, pipeline)
    return pipeline


def test_an_arrow_key_moves_a_group_member_and_its_box_follows(page, live_url, login, editor):
    _open_chain_with_a_group(page, login, editor)
    box = page.locator(".react-flow__node[data-id='group:group_1']")
    x0 = box.bounding_box()["x"]
    page.locator(".react-flow__node[data-id='c0_1']").click()
    page.keyboard.down("ArrowRight")  # not released: the box follows all the same
    page.wait_for_function(
        "([x]) => document.querySelector(\".react-flow__node[data-id='group:group_1']\").getBoundingClientRect().x > x",
        arg=[x0],
    )
    page.keyboard.up("ArrowRight")


def test_leaving_during_a_held_arrow_key_asks_first(page, live_url, login, editor):
    """A run not yet written back has not set the unsaved flag: leaving the page asks all the same."""
    _open_chain_and_select(page, login, editor, "c0_1")
    x0 = _left(page, "c0_1")
    page.keyboard.down("ArrowRight")  # held: the run is still in React Flow's store
    page.wait_for_function(
        "([x]) => document.querySelector(\".react-flow__node[data-id='c0_1']\").getBoundingClientRect().x > x",
        arg=[x0],
    )
    asked = []

    def on_dialog(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", on_dialog)
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]


def _edge_path(page: Page, source: str, target: str) -> str:
    edge = page.locator(f".react-flow__edge[data-id='{source}:out->{target}:in'] path.react-flow__edge-path")
    return edge.get_attribute("d")


def test_dragging_a_node_draws_it_and_its_edges_on_the_way_and_is_one_undo_step(page, live_url, login, editor):
    """The node and its edges are drawn on the way; the node's form opens (the drag selects it) and
    filling in its defaults (state.ts normalise, the one node) does not put the node back where it was
    picked up; the drop is saved, and one Ctrl+Z takes it back."""
    nodes, edges = _chains(1, 3)
    pipeline = _pipeline(editor, nodes, edges)
    login(page, editor)
    _open(page, pipeline)
    before = {n["key"]: n["position"] for n in _saved(pipeline)["nodes"]}
    node = page.locator(".react-flow__node[data-id='c0_1']")
    box = node.bounding_box()
    edge_before = _edge_path(page, "c0_0", "c0_1")
    page.mouse.move(box["x"] + 40, box["y"] + 15)
    page.mouse.down()
    page.mouse.move(box["x"] + 140, box["y"] + 95, steps=10)
    # Held: the node, its edge and its form.
    expect(page.locator("#node-panel-title")).to_contain_text("c0_1")
    page.wait_for_timeout(300)  # the form has filled in its defaults (a change of the state)
    moved = node.bounding_box()
    assert moved["x"] > box["x"] + 80 and moved["y"] > box["y"] + 60, (box, moved)
    assert _edge_path(page, "c0_0", "c0_1") != edge_before
    page.mouse.move(box["x"] + 160, box["y"] + 105, steps=2)
    page.mouse.up()
    _save(page)
    after = {n["key"]: n["position"] for n in _saved(pipeline)["nodes"]}
    assert after["c0_1"]["x"] > before["c0_1"]["x"] and after["c0_1"]["y"] > before["c0_1"]["y"]
    assert after["c0_0"] == before["c0_0"] and after["c0_2"] == before["c0_2"]
    assert node.bounding_box()["x"] > box["x"] + 100
    page.keyboard.press("Control+z")
    expect(_status(page)).to_have_text("Undone.")
    _save(page)
    assert {n["key"]: n["position"] for n in _saved(pipeline)["nodes"]} == before


def test_dragging_a_group_member_moves_its_box_on_the_way(page, live_url, login, editor):
    """A node of a group goes through the builder's state while dragged: its box is drawn from it."""
    pipeline = _open_chain_with_a_group(page, login, editor)
    group = page.locator(".react-flow__node[data-id='group:group_1']")
    x0 = group.bounding_box()["x"]
    box = page.locator(".react-flow__node[data-id='c0_1']").bounding_box()
    page.mouse.move(box["x"] + 40, box["y"] + 30)
    page.mouse.down()
    page.mouse.move(box["x"] + 140, box["y"] + 30, steps=8)
    page.wait_for_function(
        "([x]) => document.querySelector(\".react-flow__node[data-id='group:group_1']\").getBoundingClientRect().x"
        " > x + 50",
        arg=[x0],
    )
    page.mouse.up()
    _save(page)
    moved = {n["key"]: n["position"] for n in _saved(pipeline)["nodes"]}
    assert moved["c0_1"]["x"] > 260
