from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from executions.services.dryrun import pipeline_dry_run
from pipelines.graph import Graph
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db

GRAPH = chain(
    ("src", "t.rows", {"n": 1000}),
    ("split", "t.split", {"threshold": 3}),
    ("add", "t.add", {"add": 100}),
    ("dst", "t.sink", {"name": "never"}),
    edges=[("src", "split"), ("split.low", "add"), ("add", "dst")],
)


def test_samples_previews_and_writes_nothing(editor):
    result = pipeline_dry_run(graph=Graph.from_dict(GRAPH), user=editor, sample_rows=10, preview_rows=2)
    nodes = result["nodes"]
    assert nodes["src"]["rows"] == {"out": 10}
    assert nodes["split"]["rows"] == {"low": 3, "high": 7}
    assert nodes["add"]["preview"]["out"] == [{"i": 100}, {"i": 101}]
    assert nodes["add"]["schema"]["out"] == {"i": "Int64"}
    assert nodes["dst"]["would_write"] == 3 and nodes["dst"]["status"] == "ok"
    assert not list(Path(settings.DATA_ROOT).iterdir())  # no staging, no target


def test_injected_rows_replace_the_source(editor):
    result = pipeline_dry_run(graph=Graph.from_dict(GRAPH), user=editor, inject={"src": [{"i": 1}, {"i": 50}]})
    assert result["nodes"]["split"]["rows"] == {"low": 1, "high": 1}
    assert result["nodes"]["add"]["preview"]["out"] == [{"i": 101}]


def test_node_errors_are_shown_per_node(editor):
    graph = chain(("src", "t.rows", {"n": 5}), ("bad", "t.add", {"fail_times": 1}), ("dst", "t.sink", {"name": "x"}))
    result = pipeline_dry_run(graph=Graph.from_dict(graph), user=editor)
    assert result["nodes"]["bad"]["status"] == "error" and "planned failure" in result["nodes"]["bad"]["error"]
    assert result["nodes"]["dst"]["status"] == "blocked"


def test_invalid_graph_reports_problems(editor):
    graph = chain(("src", "t.rows", {}), ("x", "nope", {}), ("dst", "t.sink", {"name": "x"}))
    result = pipeline_dry_run(graph=Graph.from_dict(graph), user=editor)
    assert not result["valid"]
    assert result["nodes"]["x"]["status"] == "invalid"
    assert result["nodes"]["src"]["status"] == "ok"


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"sample_rows": 0}, "sample_rows"),
        ({"sample_rows": 10**6}, "sample_rows"),
        ({"inject": {"src": "x"}}, "inject"),
        ({"inject": {"ghost": []}}, "inject"),
        ({"preview_rows": -1}, "preview_rows"),
    ],
)
def test_bad_parameters(editor, kwargs, field):
    with pytest.raises(ValidationError) as info:
        pipeline_dry_run(graph=Graph.from_dict(GRAPH), user=editor, **kwargs)
    assert field in info.value.message_dict
