"""Running a pipeline test: the graph's real node code over fixtures, in topological order, in memory.

Sources are not run: each yields its fixture (a source without one is an error naming it, so a test never
reads a database, a file or an API). Every other node runs its own ``execute`` with Polars, as a run
does, with no connections (``BuildContext.get_connection`` refuses) and in ``dry_run`` mode. Destinations
write nothing: ``check_input`` checks what they receive, which is captured and compared with the golden
rows (``pipelines.testing.compare``).

``run_test`` works on plain objects and runs anywhere (``manage.py test_pipelines`` calls it inline); the web
runs it in the interactive pool through ``run_tests_job`` (``pipelines.testing.services``).
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.conf import settings

from pipelines.graph import EdgeSpec, Graph
from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, DestinationType, NodeError, NodeType, polars_message
from pipelines.testing.compare import compare_frames
from pipelines.testing.frames import TableError, table_frame
from pipelines.testing.spec import TestSpec, parse_spec
from pipelines.validation import validate_graph

PASSED, FAILED, ERROR = "passed", "failed", "error"


class TestError(Exception):
    """The test could not be run as written (a missing fixture, an unknown node, a bad table)."""

    __test__ = False

    def __init__(self, message: str, *, node: str | None = None, problems: list[dict] | None = None):
        super().__init__(message)
        self.message, self.node, self.problems = message, node, problems or []


@dataclass
class Outcome:
    """A test's result (plain data) and the frames its expectations received (for --update-golden)."""

    result: dict[str, Any]
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)


class _NodeFailed(Exception):
    def __init__(self, node: str, message: str):
        super().__init__(message)
        self.node, self.message = node, message


def _no_connection(slug: str):
    raise NodeError(f"Pipeline tests use no connections (asked for {slug!r}).", field="connection")


def _targets(spec: TestSpec, types: dict[str, NodeType], configs: dict) -> dict[str, tuple[str, str | None]]:
    """target -> (node key, output port or None for a destination's input); TestError for a bad target."""
    targets = {}
    for target in spec.expect:
        key, _, port = target.partition(":")
        node_type = types.get(key)
        if node_type is None:
            raise TestError(f"expect: {key!r} is not a node of the pipeline.", node=key)
        if isinstance(node_type, DestinationType):
            targets[target] = (key, None)
            continue
        ports = node_type.output_ports(configs.get(key))
        port = port or (ports[0] if ports else "")
        if port not in ports:
            raise TestError(f"expect: {key} has no output port {port!r} (ports: {', '.join(ports)}).", node=key)
        targets[target] = (key, port)
    return targets


def _check_fixtures(spec: TestSpec, order: list[str], types: dict[str, NodeType]) -> None:
    sources = [k for k in order if types[k].family == "source"]
    for key in spec.fixtures:
        if key not in sources:
            raise TestError(f"fixtures: {key!r} is not a source node of the pipeline.", node=key)
    for key in sources:
        if key not in spec.fixtures:
            raise TestError(
                f"Source {key} has no fixture: a test reads no database, file or API; give its rows in fixtures.",
                node=key,
            )


def _inputs(node_type: NodeType, config, edges: list[EdgeSpec], outputs: dict[tuple[str, str], pl.DataFrame]):
    inputs: dict[str, Any] = {}
    for port in node_type.input_ports(config):
        frames = [outputs[(e.source, e.source_port)].lazy() for e in edges if e.target_port == port.name]
        if port.multiple:
            inputs[port.name] = frames
        elif frames:
            inputs[port.name] = frames[0]
    return inputs


@dataclass
class _Walk:
    graph: Graph
    spec: TestSpec
    deadline: float | None
    outputs: dict[tuple[str, str], pl.DataFrame] = field(default_factory=dict)
    captured: dict[str, pl.DataFrame] = field(default_factory=dict)


def _run_node(walk: _Walk, key: str, node_type: NodeType, config, edges: list[EdgeSpec]) -> None:
    """Run one node; its outputs go to ``walk.outputs`` (a destination's input to ``walk.captured``)."""
    if node_type.family == "source":
        try:
            frame = table_frame(walk.spec.fixtures[key])
        except TableError as exc:
            raise TestError(f"fixtures.{key}: {exc}", node=key) from None
        for port in node_type.output_ports(config):
            walk.outputs[(key, port)] = frame
        return
    ctx = BuildContext(
        node_key=key,
        mode="dry_run",
        params=dict(walk.spec.params),
        data_root=settings.DATA_ROOT,
        get_connection=_no_connection,
        timeout=max(1.0, walk.deadline - time.monotonic()) if walk.deadline else None,
        stage_id=f"test_{key}",
    )
    inputs = _inputs(node_type, config, edges, walk.outputs)
    if isinstance(node_type, DestinationType):
        frame = inputs["in"].collect()
        node_type.check_input(ctx, config, frame.schema)
        walk.captured[key] = frame
        return
    built = node_type.execute(ctx, config, inputs)
    for port, frame in zip(built, pl.collect_all(list(built.values())), strict=True):
        walk.outputs[(key, port)] = frame


def _walk(walk: _Walk) -> tuple[dict, dict]:
    """Validate and run every node: the (types, configs) of the nodes; _NodeFailed when a node fails."""
    validation = validate_graph(walk.graph, check_schemas=False, server_checks=False)  # no database
    if validation.problems:
        problems = [p.to_dict() for p in validation.problems]
        shown = "; ".join(p.message for p in validation.problems[:5])
        raise TestError(f"The pipeline is not valid: {shown}", problems=problems)
    specs = {n.key: n for n in walk.graph.nodes}
    types = {k: registry.get(specs[k].type) for k in validation.order}
    _check_fixtures(walk.spec, validation.order, types)
    _targets(walk.spec, types, validation.configs)
    incoming: dict[str, list[EdgeSpec]] = {}
    for e in walk.graph.edges:
        incoming.setdefault(e.target, []).append(e)
    for key in validation.order:
        if walk.deadline is not None and time.monotonic() > walk.deadline:
            raise TestError("The test's time limit was reached before this node.", node=key)
        try:
            _run_node(walk, key, types[key], validation.configs[key], incoming.get(key, []))
        except (TestError, MemoryError):
            raise
        except NodeError as exc:
            raise _NodeFailed(key, exc.message) from None
        except pl.exceptions.PolarsError as exc:
            raise _NodeFailed(key, polars_message(exc)) from None
        except Exception as exc:  # user data can break a node in many ways; the test reports it
            raise _NodeFailed(key, f"{type(exc).__name__}: {exc}") from None
    return types, validation.configs


def run_test(graph: Graph, spec: TestSpec, *, deadline: float | None = None) -> Outcome:
    """Run ``spec`` over ``graph``: status passed, failed (outputs differ) or error (could not run)."""
    started = time.monotonic()
    result: dict[str, Any] = {"name": spec.name, "status": PASSED, "error": None, "node": None, "outputs": {}}
    walk = _Walk(graph, spec, deadline)
    try:
        walked: tuple[dict, dict] | _NodeFailed | None = _walk(walk)
    except _NodeFailed as exc:
        walked = exc
    except TestError as exc:
        result.update(status=ERROR, error=exc.message, node=exc.node)
        if exc.problems:
            result["problems"] = exc.problems
        walked = None
    except Exception as exc:  # a bug of the runner or of a node type: an error of this test, never of the run
        result.update(status=ERROR, error=f"{type(exc).__name__}: {exc}")
        result["traceback"] = "".join(traceback.format_exception(exc))[-4000:]
        walked = None
    outcome = Outcome(result)
    if walked is not None:
        _judge(walk, walked, outcome)
    result["duration_ms"] = int((time.monotonic() - started) * 1000)
    return outcome


def _judge(walk: _Walk, walked: tuple[dict, dict] | _NodeFailed, outcome: Outcome) -> None:
    """Compare the run with what the test expects: an error at a node, or the golden outputs."""
    result, spec = outcome.result, walk.spec
    if isinstance(walked, _NodeFailed):
        node, message = walked.node, walked.message
        wanted = spec.expect_error
        if wanted is not None and wanted.node == node and wanted.message in message:
            result["expected_error"] = f"{node}: {message}"
            return
        result.update(status=FAILED if wanted is not None else ERROR, error=f"{node} failed: {message}", node=node)
        return
    if spec.expect_error is not None:
        result.update(status=FAILED, error=f"Expected {spec.expect_error.node} to fail, but the run succeeded.")
        return
    types, configs = walked
    for target, (key, port) in _targets(spec, types, configs).items():
        frame = walk.captured[key] if port is None else walk.outputs[(key, port)]
        outcome.frames[target] = frame
        expectation = spec.expect[target]
        try:
            golden = table_frame(expectation)
        except TableError as exc:
            result.update(status=ERROR, error=f"expect.{target}: {exc}", node=key)
            return
        if golden.width == 0:  # "rows: []" expects no rows, whatever the columns
            golden = frame.head(0)
        tolerance = spec.tolerance(target)
        typed = set(expectation.schema_ or ())
        tolerance["typed_columns"] = set(golden.columns) if expectation.format == "parquet" else typed
        diff = compare_frames(frame, golden, tolerance)
        result["outputs"][target] = diff
        if not diff["passed"]:
            result["status"] = FAILED
    if result["status"] == FAILED:
        failing = [t for t, d in result["outputs"].items() if not d["passed"]]
        result["error"] = f"{len(failing)} of {len(result['outputs'])} outputs differ: {', '.join(failing)}."


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {PASSED: 0, FAILED: 0, ERROR: 0}
    for r in results:
        counts[r["status"]] += 1
    status = ERROR if counts[ERROR] else FAILED if counts[FAILED] else PASSED
    return {"status": status, **counts, "total": len(results), "tests": results}


def run_tests_job(*, graph: dict, tests: list[dict], seconds: float) -> dict[str, Any]:
    """Every test of ``tests`` (spec data) over ``graph``, within ``seconds`` in all (an interactive job)."""
    deadline = time.monotonic() + seconds
    results = []
    parsed_graph = Graph.from_dict(graph)
    for data in tests:
        results.append(run_test(parsed_graph, parse_spec(data), deadline=deadline).result)
    return summarize(results)
