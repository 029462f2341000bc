"""The pipeline builder in a real browser: palette drag-and-drop and keyboard, connections, config forms,
live validation on the nodes, dry-run previews, save, save as version, run with live step colours,
undo/redo, copy/paste, read-only mode, and axe-core.

Uses the e2e node types (tests/e2e/nodes.py): e2e.numbers (a source of the integers 0..n-1 in column
``i``), e2e.sink (a Parquet file under DATA_ROOT) and the built-in transform.filter.
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


def _new_pipeline(owner, name="Builder e2e"):
    from pipelines import services

    return services.pipeline_create(user=owner, name=name)


def _open_builder(page: Page, pipeline) -> None:
    page.goto(f"/pipelines/{pipeline.pk}/builder/")
    expect(page.locator(".sluice-builder[data-ready=true]")).to_be_visible()


def _node(page: Page, key: str):
    return page.locator(f".sluice-node[data-node-key='{key}']")


def _drag_to_canvas(page: Page, node_type: str, x: int, y: int) -> None:
    page.drag_and_drop(
        f".sluice-palette [data-node-type='{node_type}']",
        ".sluice-canvas .react-flow__pane",
        target_position={"x": x, "y": y},
    )


def _connect_by_mouse(page: Page, source: str, target: str) -> None:
    """Drag from the source's output handle to the target's input handle (hover waits until each is
    stable, so a view still settling after a layout does not turn the drag into a node move)."""
    source_handle = _node(page, source).locator("[data-port='out:out']")
    target_handle = _node(page, target).locator("[data-port='in:in']")
    source_handle.hover()
    page.mouse.down()
    box = source_handle.bounding_box()
    assert box
    page.mouse.move(box["x"] + 30, box["y"] + 30, steps=4)
    target_handle.hover()
    page.mouse.up()


def _graph(pipeline):
    from pipelines.selectors import pipeline_graph

    return pipeline_graph(pipeline=pipeline).to_dict()


def test_build_validate_dry_run_save_version_and_run(page, live_url, login, operator, assert_accessible):
    pipeline = _new_pipeline(operator)
    login(page, operator)
    _open_builder(page, pipeline)
    expect(page.get_by_role("heading", name=re.compile("Builder: Builder e2e"))).to_be_visible()

    # Palette: drag the source and the filter onto the canvas; add the sink with the keyboard.
    page.get_by_label("Search node types").fill("e2e")
    _drag_to_canvas(page, "e2e.numbers", 120, 120)
    expect(_node(page, "numbers_1")).to_be_visible()
    page.get_by_label("Search node types").fill("")
    _drag_to_canvas(page, "transform.filter", 420, 120)
    expect(_node(page, "filter_1")).to_be_visible()
    page.locator(".sluice-palette [data-node-type='e2e.sink']").focus()
    page.keyboard.press("Enter")
    expect(_node(page, "sink_1")).to_be_visible()
    expect(page.locator("#builder-status")).to_have_text(re.compile("Added .* node sink_1"))

    # A missing input and a missing required config are reported on the nodes by live validation.
    expect(_node(page, "filter_1")).to_have_class(re.compile("has-problems"))
    expect(page.get_by_role("tab", name=re.compile(r"Problems \([1-9]"))).to_be_visible()

    # Lay the nodes out; connect numbers -> filter with the mouse, filter -> sink with the keyboard.
    page.get_by_role("button", name="Auto-layout").click()
    expect(page.locator("#builder-status")).to_have_text("Laid out the graph.")
    _connect_by_mouse(page, "numbers_1", "filter_1")
    expect(page.locator("#builder-status")).to_have_text("Connected numbers_1 to filter_1.")
    _node(page, "filter_1").click()
    expect(page.get_by_role("heading", name="Node filter_1")).to_be_visible()
    page.get_by_label("Connect to…").select_option(label="sink_1")
    page.get_by_role("button", name="Connect", exact=True).click()
    expect(page.locator("#builder-status")).to_have_text("Connected filter_1 to sink_1.")
    expect(page.locator(".react-flow__edge")).to_have_count(2)

    # The filter's condition names a column that does not exist: an error on the node, then fixed.
    condition = page.locator("#node_filter_1_condition")
    condition.fill("missing_column > 1")
    expect(_node(page, "filter_1")).to_have_class(re.compile("has-problems"))
    expect(_node(page, "filter_1").locator(".sluice-node-problems")).to_contain_text("missing_column")
    condition.fill("i >= 5")
    expect(_node(page, "filter_1")).not_to_have_class(re.compile("has-problems"))

    # The sink's name is required (and must match its pattern): fill it in the form.
    _node(page, "sink_1").click()
    name = page.locator("#node_sink_1_name")
    name.fill("Bad Name!")
    expect(_node(page, "sink_1")).to_have_class(re.compile("has-problems"))
    name.fill("builder_out")
    expect(page.get_by_role("tab", name="Problems (0)")).to_be_visible()
    expect(page.locator(".sluice-node.has-problems")).to_have_count(0)

    # Hovering a handle shows the port's propagated schema.
    _node(page, "filter_1").locator("[data-port='out:out']").hover()
    schema = _node(page, "filter_1").locator(".sluice-port-schema")
    expect(schema.locator("td")).to_have_text(["i", "Int64"])

    # Dry-run: per-node previews with rows, schema and counts.
    page.get_by_role("button", name="Dry-run").click()
    preview = page.locator("[data-preview-node='filter_1']")
    expect(preview).to_contain_text("out: 5 rows")
    expect(preview.locator("tbody tr")).to_have_count(5)
    expect(preview.locator("tbody tr").first).to_contain_text("5")
    expect(page.locator("[data-preview-node='sink_1']")).to_contain_text("would write 5")

    # Save the draft: the server has the three nodes and two edges, with the config.
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#builder-status")).to_have_text("Draft saved.")
    saved = _graph(pipeline)
    assert sorted(n["key"] for n in saved["nodes"]) == ["filter_1", "numbers_1", "sink_1"]
    assert {(e["source"], e["target"]) for e in saved["edges"]} == {("numbers_1", "filter_1"), ("filter_1", "sink_1")}
    assert next(n for n in saved["nodes"] if n["key"] == "filter_1")["config"]["condition"] == "i >= 5"

    # Save as version, with a message.
    page.get_by_role("button", name="Save as version").click()
    page.get_by_label("Version message").fill("First cut from the builder")
    page.get_by_role("button", name="Create version").click()
    expect(page.locator("#builder-status")).to_have_text("Saved version 1.")
    expect(page.locator(f'[data-version-of="{pipeline.pk}"]')).to_have_text("current version v1")
    pipeline.refresh_from_db()
    assert pipeline.current_version.number == 1
    assert pipeline.current_version.message == "First cut from the builder"

    assert_accessible(page)

    # Run on sql (the select beside Run): the start refuses this graph with its nodes' reasons, nothing runs.
    backend = page.get_by_label("Backend of this run")
    expect(backend).to_have_value("")
    backend.select_option("sql")
    expect(page.locator("#builder-backend-note")).to_contain_text("Dry-runs compute on Polars")
    page.get_by_role("button", name="Run", exact=True).click()
    expect(page.locator("#builder-status")).to_contain_text("Running failed")
    expect(page.locator(".sluice-bottom")).to_contain_text("has no SQL form")
    from executions.models import Execution

    assert not Execution.objects.filter(pipeline=pipeline).exists()

    # Run on the pipeline's backend (polars): nodes turn green live, and the run links to its execution page.
    backend.select_option("")
    expect(page.locator("#builder-backend-note")).to_have_count(0)
    page.get_by_role("button", name="Run", exact=True).click()
    for key in ("numbers_1", "filter_1", "sink_1"):
        expect(_node(page, key)).to_have_attribute("data-status", "succeeded", timeout=60_000)
    expect(_node(page, "filter_1").locator(".sluice-node-metrics")).to_contain_text("5 out")
    link = page.get_by_role("link", name=re.compile(r"Open execution #\d+"))
    expect(link).to_have_attribute("href", re.compile(r"^/executions/\d+/$"))
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    assert page.js_errors == []


def test_invalid_version_is_refused_inline(page, live_url, login, editor):
    pipeline = _new_pipeline(editor, name="Half done")
    login(page, editor)
    _open_builder(page, pipeline)
    page.locator(".sluice-palette [data-node-type='transform.filter']").focus()
    page.keyboard.press("Enter")
    expect(_node(page, "filter_1")).to_be_visible()
    page.get_by_role("button", name="Save as version").click()
    page.get_by_role("button", name="Create version").click()
    errors = page.locator("#version-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("filter_1")
    expect(page.get_by_label("Version message")).to_have_attribute("aria-invalid", "true")
    pipeline.refresh_from_db()
    assert pipeline.current_version is None

    # A 400 from the server (here a forged one: the builder never sends a malformed graph) lands on
    # the node and under the form field it names.
    def reject(route):
        if route.request.method == "PUT":
            route.fulfill(status=400, json={"nodes.0.config.condition": ["The server says no."]})
        else:
            route.continue_()

    page.route(re.compile(r"/api/pipelines/\d+/graph/$"), reject)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#builder-status")).to_have_text(re.compile("Saving failed"))
    expect(_node(page, "filter_1").locator(".sluice-node-problems")).to_contain_text("The server says no.")
    _node(page, "filter_1").click()
    expect(page.locator(".sluice-config-form")).to_contain_text("The server says no.")
    expect(page.locator(".sluice-problems")).to_contain_text("config.condition")
    # The editor may not run: no Run button.
    expect(page.get_by_role("button", name="Run", exact=True)).to_have_count(0)


def test_keyboard_delete_undo_redo_copy_paste(page, live_url, login, editor):
    pipeline = _new_pipeline(editor, name="Keys")
    login(page, editor)
    _open_builder(page, pipeline)
    item = page.locator(".sluice-palette [data-node-type='transform.filter']")
    item.focus()
    page.keyboard.press("Enter")
    expect(_node(page, "filter_1")).to_be_visible()

    # Select the node with the keyboard (Tab to it, Enter), copy and paste it.
    page.locator(".react-flow__node[data-id='filter_1']").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Node filter_1")).to_be_visible()
    page.keyboard.press("Control+c")
    page.keyboard.press("Control+v")
    expect(_node(page, "filter_2")).to_be_visible()
    expect(page.locator(".sluice-node")).to_have_count(2)

    # Delete removes the selection (the pasted copy); undo brings it back, redo removes it again.
    page.locator(".react-flow__node[data-id='filter_2']").focus()
    page.keyboard.press("Delete")
    expect(page.locator(".sluice-node")).to_have_count(1)
    page.keyboard.press("Control+z")
    expect(_node(page, "filter_2")).to_be_visible()
    page.keyboard.press("Control+Shift+z")
    expect(page.locator(".sluice-node")).to_have_count(1)
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+z")
    expect(page.locator(".sluice-node")).to_have_count(0)
    page.keyboard.press("Control+y")
    expect(page.locator(".sluice-node")).to_have_count(1)
    page.get_by_role("button", name="Auto-layout").click()
    expect(page.locator("#builder-status")).to_have_text("Laid out the graph.")


def test_viewer_gets_a_read_only_builder(page, live_url, login, viewer, operator, assert_accessible):
    """A viewer sees the graph (laid out by elkjs: these nodes were never placed) but cannot change it."""
    from tests.e2e.conftest import versioned_pipeline

    pipeline = versioned_pipeline(
        operator,
        [
            {"key": "src", "type": "e2e.numbers", "config": {"n": 3}},
            {"key": "keep", "type": "transform.filter", "config": {"condition": "i > 0"}},
            {"key": "out", "type": "e2e.sink", "config": {"name": "viewer_out"}},
        ],
        name="Shared",
    )
    pipeline.shared_with_users.add(viewer)
    login(page, viewer)
    _open_builder(page, pipeline)
    expect(page.locator("#builder-status")).to_have_text("Loaded 3 nodes.")
    expect(page.locator(".react-flow__edge")).to_have_count(2)
    boxes = [_node(page, key).bounding_box() for key in ("src", "keep", "out")]
    assert all(boxes)
    xs = [box["x"] for box in boxes]
    assert xs == sorted(xs) and len({round(x) for x in xs}) == 3, f"not laid out left to right: {boxes}"
    expect(page.get_by_text(re.compile("Read-only"))).to_be_visible()
    expect(page.locator(".sluice-palette")).to_have_count(0)
    expect(page.get_by_role("button", name="Save", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Run", exact=True)).to_have_count(0)
    _node(page, "keep").click()
    expect(page.locator("#node_keep_condition")).to_be_disabled()
    expect(page.get_by_label("Connect to…")).to_have_count(0)
    page.keyboard.press("Delete")
    expect(page.locator(".sluice-node")).to_have_count(3)
    assert_accessible(page)


def test_layout_library_loads_on_demand_and_a_failed_download_is_tried_again(page, live_url, login, operator):
    """elkjs is a chunk of its own, fetched when a graph has nodes never placed: a page whose download
    fails still opens the graph, says so on Auto-layout, and lays out once the chunk comes through."""
    from tests.e2e.conftest import versioned_pipeline

    pipeline = versioned_pipeline(
        operator,
        [
            {"key": "src", "type": "e2e.numbers", "config": {"n": 3}},
            {"key": "out", "type": "e2e.sink", "config": {"name": "elk_out"}},
        ],
        name="Layout later",
    )
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.route(re.compile(r".*-elk\.bundled-.*\.js$"), lambda route: route.abort())
    login(page, operator)
    _open_builder(page, pipeline)
    expect(page.locator("#builder-status")).to_have_text("Loaded 2 nodes.")
    expect(page.locator(".sluice-node")).to_have_count(2)
    page.get_by_role("button", name="Auto-layout").click()
    expect(page.locator("#builder-status")).to_have_text(re.compile("^Could not lay out the graph"))
    page.unroute(re.compile(r".*-elk\.bundled-.*\.js$"))
    page.get_by_role("button", name="Auto-layout").click()
    expect(page.locator("#builder-status")).to_have_text("Laid out the graph.")
    src, out = (_node(page, key).bounding_box() for key in ("src", "out"))
    assert src and out and src["x"] < out["x"]
    assert any("/static/dist/builder-elk.bundled-" in url for url in fetched)
    assert page.js_errors == []


def test_execution_dag_follows_a_run_live(page, live_url, login, operator):
    """dag.js on the execution page: laid out by elkjs, coloured by step status, updated live."""
    from executions.services import execution_start
    from tests.e2e.conftest import versioned_pipeline

    pipeline = versioned_pipeline(
        operator,
        [
            {"key": "src", "type": "e2e.numbers", "config": {"n": 7}},
            {"key": "nap", "type": "e2e.sleep", "config": {"seconds": 4}},
            {"key": "out", "type": "e2e.sink", "config": {"name": "dag_out"}},
        ],
        name="Dag e2e",
    )
    execution = execution_start(pipeline=pipeline, user=operator)
    login(page, operator)
    page.goto(f"/executions/{execution.pk}/")
    dag = page.locator("#dag-root")
    expect(dag.locator(".sluice-node")).to_have_count(3)
    expect(dag.locator(".react-flow__edge")).to_have_count(2)
    # Loaded before the sleep step finished; only the live events can turn it green.
    expect(dag.locator(".sluice-node[data-node-key='nap']")).not_to_have_attribute("data-status", "succeeded")
    for key in ("src", "nap", "out"):
        expect(dag.locator(f".sluice-node[data-node-key='{key}']")).to_have_attribute(
            "data-status", "succeeded", timeout=60_000
        )
    expect(dag.locator(".sluice-node[data-node-key='src'] .sluice-node-metrics")).to_contain_text("7 out")
    assert page.js_errors == []


def test_app_shell_live_badge_and_bootstrap(page, live_url, login, viewer, operator):
    """app.js on any page: the live indicator, the unread badge fed by notification.created, Bootstrap JS."""
    from notifications.services import notification_create

    pipeline = _new_pipeline(operator, name="Shell")
    pipeline.shared_with_users.add(viewer)
    login(page, viewer)
    _open_builder(page, pipeline)
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    expect(page.locator("#live-status")).to_have_text("Live")
    badge = page.locator("#unread-badge")
    expect(badge).to_be_hidden()
    notification_create(user=viewer, title="Run finished", body="All good", link="/executions/")
    expect(badge).to_have_text("1")
    expect(badge).to_be_visible()
    notification_create(user=viewer, title="Another one")
    expect(badge).to_have_text("2")
    # Bootstrap's dropdowns work (the user menu).
    page.locator("#user-menu").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert page.js_errors == []


def test_every_node_type_has_a_working_form(page, live_url, login, editor):
    """Each palette entry adds a node whose config form (from its JSON Schema) renders without errors."""
    pipeline = _new_pipeline(editor, name="Forms")
    login(page, editor)
    _open_builder(page, pipeline)
    items = page.locator(".sluice-palette [data-node-type]")
    types = [items.nth(i).get_attribute("data-node-type") for i in range(items.count())]
    assert {"source.file", "transform.branch", "transform.join", "destination.warehouse"} <= set(types)
    for node_type in types:
        page.locator(f".sluice-palette [data-node-type='{node_type}']").click()
        expect(page.locator("#builder-status")).to_have_text(re.compile(r"Added .* node "))
        panel = page.locator(".sluice-node-panel")
        expect(panel).to_contain_text(node_type)
        expect(panel.locator("form")).to_have_count(1)
        page.keyboard.press("Control+z")
        expect(page.locator(".sluice-node")).to_have_count(0)
    # The branch's routes (an array of $ref objects) become output ports as they are filled in.
    page.locator(".sluice-palette [data-node-type='transform.branch']").click()
    page.locator(".sluice-node-panel").get_by_role("button", name=re.compile("Add", re.I)).first.click()
    page.locator("#node_branch_1_routes_0_port").fill("big")
    expect(_node(page, "branch_1").locator("[data-port='out:big']")).to_have_count(1)
    expect(_node(page, "branch_1").locator("[data-port='out:default']")).to_have_count(1)
    assert page.js_errors == []


def test_live_client_goes_offline_refreshes_and_comes_back(page, live_url, login, viewer, operator):
    """With the socket refused the indicator says Offline and the page is asked to refresh every 30 s;
    once the server is reachable again the client reconnects, resubscribes, and refreshes once."""
    pipeline = _new_pipeline(operator, name="Offline")
    pipeline.shared_with_users.add(viewer)
    allow = {"server": False}

    def handle(ws):
        if allow["server"]:
            ws.connect_to_server()
        else:
            ws.close()

    page.route_web_socket(re.compile(r"/ws/events/"), handle)
    page.add_init_script(
        "window.__refreshes = 0; document.addEventListener('sluice:refresh', () => { window.__refreshes += 1; });"
    )
    page.clock.install()
    login(page, viewer)
    _open_builder(page, pipeline)
    status = page.locator("#live-status")
    expect(status).to_have_attribute("data-state", "offline")
    expect(status).to_have_text("Offline")
    assert page.evaluate("window.__refreshes") == 0
    page.clock.run_for(31_000)
    page.wait_for_function("window.__refreshes >= 1")

    allow["server"] = True
    page.clock.run_for(61_000)  # past the longest backoff
    expect(status).to_have_attribute("data-state", "live")
    expect(status).to_have_text("Live")
    refreshes = page.evaluate("window.__refreshes")
    page.clock.run_for(35_000)  # longer than the 30 s polling period
    assert page.evaluate("window.__refreshes") == refreshes, "no polling once live again"
    expect(status).to_have_attribute("data-state", "live")
    assert page.js_errors == []
