"""A run's start validates a saved version's structure once, then only what can change since the save
(executions.services.start_validation, pipelines.validation.start): an invalid graph never starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from executions import executors
from executions.models import Execution, Pool
from executions.services import execution_start
from pipelines import services
from pipelines.models import Connection, PipelineVersion
from pipelines.nodes import registry
from pipelines.validation import start as start_checks
from tests.executions.conftest import EngineAdd, chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh():
    start_checks.structure_forget_all()
    yield
    executors._inline.clear()
    executors._inline_tasks.clear()


@pytest.fixture
def full_validations(monkeypatch):
    """How many full validations ran (``validate_graph``, as the interactive job calls it)."""
    import pipelines.services.pipelines as pipeline_services

    calls = []
    real = pipeline_services.validate_graph

    def spy(graph, **kwargs):
        calls.append(len(graph.nodes))
        return real(graph, **kwargs)

    monkeypatch.setattr(pipeline_services, "validate_graph", spy)
    return calls


def _add_version(pipeline, graph):
    """A version stored as it is, without the save's validation (a row written by hand, an old row)."""
    last = pipeline.versions.order_by("-number").first()
    return PipelineVersion.objects.create(
        pipeline=pipeline, number=last.number + 1, graph=graph, created_by=pipeline.owner, content_hash="x"
    )


def _rows_to_sink(**src):
    return chain(("src", "t.rows", {"n": 3, **src}), ("a", "t.add", {}), ("dst", "t.sink", {"name": "out"}))


def test_a_saved_version_starts_without_a_full_validation(make_pipeline, editor, full_validations):
    pipeline = make_pipeline(_rows_to_sink())
    assert full_validations == [3]  # the save's
    execution = execution_start(pipeline=pipeline, user=editor)
    assert execution.status == Execution.Status.RUNNING
    assert full_validations == [3]  # the start only checked what can change
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == Execution.Status.SUCCEEDED, execution.error


def test_a_version_not_validated_here_is_validated_in_full_once(make_pipeline, editor, full_validations):
    pipeline = make_pipeline(_rows_to_sink())
    start_checks.structure_forget_all()
    from django.core.cache import cache

    cache.delete(f"sluice:structure:{start_checks.structure_key(pipeline.current_version.graph)}")
    execution_start(pipeline=pipeline, user=editor)
    execution_start(pipeline=pipeline, user=editor)
    assert full_validations == [3, 3]  # the save's, then the first start's only


@pytest.mark.parametrize(
    "broken, message",
    [
        # a cycle: a → b → a
        (
            lambda g: {**g, "edges": [*g["edges"], {"source": "a", "target": "a", "target_port": "in"}]},
            "Cycle",
        ),
        # an unknown type
        (lambda g: {**g, "nodes": [*g["nodes"][:1], {"key": "a", "type": "t.nope"}, *g["nodes"][2:]]}, "unknown"),
        # a bad config
        (
            lambda g: {
                **g,
                "nodes": [g["nodes"][0], {"key": "a", "type": "t.add", "config": {"add": "x"}}, *g["nodes"][2:]],
            },
            "add",
        ),
        # no destination
        (lambda g: {"nodes": g["nodes"][:2], "edges": g["edges"][:1]}, "destination"),
    ],
)
def test_an_invalid_version_never_starts(make_pipeline, editor, broken, message):
    """A version whose graph differs from every validated one (written by hand, or its row changed
    since) is validated in full: its structure is not the one that was remembered."""
    pipeline = make_pipeline(_rows_to_sink())
    execution_start(pipeline=pipeline, user=editor)  # known now
    bad = broken(pipeline.current_version.graph)
    with pytest.raises(ValidationError, match=message):
        execution_start(pipeline=pipeline, user=editor, version=_add_version(pipeline, bad))
    # the row of the valid version changed in place (rows are immutable, but not in SQL)
    PipelineVersion.objects.filter(pk=pipeline.current_version.pk).update(graph=bad)
    with pytest.raises(ValidationError, match=message):
        execution_start(
            pipeline=pipeline, user=editor, version=PipelineVersion.objects.get(pk=pipeline.current_version.pk)
        )
    assert not Execution.objects.filter(pipeline=pipeline).exclude(version__number=1).exists()


def test_a_node_library_that_changed_validates_in_full_again(make_pipeline, editor):
    pipeline = make_pipeline(_rows_to_sink())
    registry.unregister("t.add")
    try:
        with pytest.raises(ValidationError, match=r"unknown node type 't\.add'"):
            execution_start(pipeline=pipeline, user=editor)
    finally:
        registry.register(EngineAdd)
    assert execution_start(pipeline=pipeline, user=editor).status == Execution.Status.RUNNING


def test_the_start_refuses_a_pool_deleted_since_the_save(make_pipeline, editor, full_validations):
    Pool.objects.create(name="db", slots=2)
    pipeline = make_pipeline(_rows_to_sink(pool="db"))
    execution_start(pipeline=pipeline, user=editor)
    Pool.objects.filter(name="db").delete()
    with pytest.raises(ValidationError, match="there is no pool 'db'"):
        execution_start(pipeline=pipeline, user=editor)
    assert full_validations == [3]  # refused by the start's own checks


def test_the_start_refuses_a_source_file_gone_since_the_save(make_pipeline, editor, full_validations):
    data = Path(settings.DATA_ROOT) / "in.csv"
    data.write_text("i\n1\n2\n")
    pipeline = make_pipeline(
        chain(("src", "source.file", {"path": "in.csv", "format": "csv"}), ("dst", "t.sink", {"name": "out"}))
    )
    execution_start(pipeline=pipeline, user=editor)
    data.unlink()
    with pytest.raises(ValidationError, match="src"):
        execution_start(pipeline=pipeline, user=editor)
    for hostile in ("../../etc/passwd", "/etc/passwd", "x" * 5000):  # a version written by hand
        graph = chain(("src", "source.file", {"path": hostile, "format": "csv"}), ("dst", "t.sink", {"name": "o"}))
        with pytest.raises(ValidationError):
            execution_start(pipeline=pipeline, user=editor, version=_add_version(pipeline, graph))
    assert full_validations[0] == 2 and len(full_validations) == 4


def test_the_start_refuses_a_connection_deleted_or_hidden_since_the_save(make_pipeline, editor, viewer):
    connection = services.connection_create(user=editor, name="Shop", kind="sqlite", config={"path": "shop.sqlite"})
    graph = chain(
        ("src", "t.rows", {"n": 2}),
        ("dst", "destination.database", {"connection": connection.slug, "table": "t"}),
    )
    pipeline = make_pipeline(graph)
    execution_start(pipeline=pipeline, user=editor)
    # someone who may not use the connection: refused at the start, as in the full validation
    with pytest.raises(ValidationError, match="No connection"):
        execution_start(pipeline=pipeline, user=viewer)
    Connection.objects.filter(pk=connection.pk).delete()
    with pytest.raises(ValidationError, match="No connection"):
        execution_start(pipeline=pipeline, user=editor)


def test_structure_keys():
    graph = _rows_to_sink()
    key = start_checks.structure_key(graph)
    assert key == start_checks.structure_key({"edges": graph["edges"], "nodes": graph["nodes"]})  # key order
    assert key != start_checks.structure_key(_rows_to_sink(n=4))
    assert start_checks.structure_key({"nodes": [{"key": "\ud800"}]}) is None  # no stable JSON: never known
    deep: dict = {}
    for _ in range(2000):
        deep = {"d": deep}
    assert start_checks.structure_key({"nodes": [{"key": "a", "type": "t.add", "config": deep}]}) is None
    assert not start_checks.structure_known(None)
    start_checks.structure_remember(None)  # nothing to remember


def test_the_settings_of_the_structural_checks_are_in_the_key(settings):
    graph = _rows_to_sink()
    key = start_checks.structure_key(graph)
    settings.SLUICE_MAX_GRAPH_NODES = 2
    assert start_checks.structure_key(graph) != key


def test_a_lone_surrogate_version_is_validated_in_full(make_pipeline, editor, full_validations):
    pipeline = make_pipeline(_rows_to_sink())
    graph = _rows_to_sink()
    graph["nodes"][1]["label"] = "\ud800"
    version = _add_version(pipeline, _rows_to_sink())
    version.graph = graph  # in memory only: PostgreSQL refuses to store it
    execution_start(pipeline=pipeline, user=editor, version=version)
    execution_start(pipeline=pipeline, user=editor, version=version)
    assert full_validations == [3, 3, 3]
