"""Column lineage inside a pipeline (pipelines.lineage.column_lineage and GET /api/pipelines/{id}/lineage/):
a column renamed, derived from two, aggregated; the demo pipelines; permissions and query counts."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pipelines import services
from pipelines.graph import parse_graph_document
from pipelines.lineage import column_lineage
from pipelines.models import Pipeline
from pipelines.validation import validate_graph
from tests import factories

pytestmark = pytest.mark.django_db

GRAPH = {
    "nodes": [
        {"key": "src", "type": "source.file", "config": {"path": "in.csv", "format": "csv"}},
        {
            "key": "shape",
            "type": "transform.map",
            "config": {"derive": [{"name": "c", "expr": "x + y"}], "rename": {"a": "b"}},
        },
        {
            "key": "agg",
            "type": "transform.aggregate",
            "config": {
                "group_by": ["region"],
                "aggregations": [
                    {"column": "c", "function": "sum", "alias": "total"},
                    {"column": "*", "function": "count", "alias": "n"},
                ],
            },
        },
        {"key": "dst", "type": "destination.file", "config": {"path": "out/agg.csv", "format": "csv"}},
    ],
    "edges": [
        {"source": "src", "source_port": "out", "target": "shape", "target_port": "in"},
        {"source": "shape", "source_port": "out", "target": "agg", "target_port": "in"},
        {"source": "agg", "source_port": "out", "target": "dst", "target_port": "in"},
    ],
}


@pytest.fixture
def data(settings):
    root = Path(settings.DATA_ROOT)
    (root / "in.csv").write_text("region,a,x,y\nN,1,2,3\nS,4,5,6\n")
    return root


def _lineage(node, column, port=None):
    graph = parse_graph_document(GRAPH)
    validation = validate_graph(graph).to_dict()
    assert validation["valid"], validation["problems"]
    return column_lineage(graph, validation, node=node, column=column, port=port)


def _names(items):
    return {(c["node"], c["column"]) for c in items}


def test_a_renamed_column_comes_from_its_old_name(data):
    found = _lineage("shape", "b")
    assert found["port"] == "out"
    assert _names(found["upstream"]) == {("src", "a")}
    assert found["downstream"] == []  # the aggregate drops it
    assert "agg" in found["consumers"]  # but the aggregate receives it


def test_a_column_derived_from_two(data):
    found = _lineage("shape", "c")
    assert _names(found["upstream"]) == {("src", "x"), ("src", "y")}
    assert {
        "from": {"node": "src", "port": "out", "column": "x"},
        "to": {"node": "shape", "port": "out", "column": "c"},
    } in found["edges"]


def test_an_aggregated_column_and_a_destination(data):
    found = _lineage("agg", "total")
    assert _names(found["upstream"]) == {("shape", "c"), ("src", "x"), ("src", "y")}
    distance = {(c["node"], c["column"]): c["distance"] for c in found["upstream"]}
    assert distance[("shape", "c")] == 1 and distance[("src", "x")] == 2
    assert _names(found["downstream"]) == {("dst", "total")}
    count = _lineage("agg", "n")
    assert count["upstream"] == []  # count(*) comes from no column


def test_downstream_of_a_source_column(data):
    found = _lineage("src", "x")
    assert _names(found["downstream"]) == {("shape", "x"), ("shape", "c"), ("agg", "total"), ("dst", "total")}
    assert found["upstream"] == []
    assert set(found["consumers"]) == {"shape", "agg", "dst"}


def test_a_destination_column_is_its_input(data):
    found = _lineage("dst", "total")
    assert found["port"] == "in"
    assert ("src", "y") in _names(found["upstream"])


def test_unknown_node_column_or_port(data):
    with pytest.raises(ValueError, match="No node"):
        _lineage("nope", "x")
    with pytest.raises(ValueError, match="no column"):
        _lineage("src", "nope")
    with pytest.raises(ValueError, match="on port"):
        _lineage("src", "x", port="nope")


def test_the_api(data, client_for, editor, user):
    pipeline = services.pipeline_create(user=editor, name="Lineage", graph=parse_graph_document(GRAPH))
    client = client_for(editor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/pipelines/{pipeline.pk}/lineage/", {"node": "shape", "column": "c"})
    assert response.status_code == 200, response.content[:500]
    assert _names(response.json()["upstream"]) == {("src", "x"), ("src", "y")}
    assert len(queries) <= 12, [q["sql"] for q in queries]
    bad = client.get(f"/api/pipelines/{pipeline.pk}/lineage/", {"node": "shape", "column": "zzz"})
    assert bad.status_code == 400 and "column" in bad.json()
    assert client.get(f"/api/pipelines/{pipeline.pk}/lineage/", {"node": "shape"}).status_code == 400
    assert (
        client_for(user).get(f"/api/pipelines/{pipeline.pk}/lineage/", {"node": "src", "column": "x"}).status_code
        == 404
    )


def test_the_demo_pipelines(settings):
    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    rollup = Pipeline.objects.get(slug="demo-daily-sales-rollup")
    graph = parse_graph_document(rollup.current_version.graph)
    validation = validate_graph(graph).to_dict()
    revenue = column_lineage(graph, validation, node="priced", column="revenue")
    assert _names(revenue["upstream"]) == {
        ("positive_lines", "amount"),
        ("positive_lines", "unit_price"),
        ("sales", "amount"),
        ("sales", "unit_price"),
    }
    assert ("report", "revenue") in _names(revenue["downstream"])
    joined = Pipeline.objects.get(slug="demo-orders-join")
    graph = parse_graph_document(joined.current_version.graph)
    validation = validate_graph(graph).to_dict()
    name = column_lineage(graph, validation, node="tidy", column="customer_name")
    assert {("customers", "first_name"), ("customers", "last_name")} <= _names(name["upstream"])
    assert ("warehouse", "customer_name") in _names(name["downstream"])
    country = column_lineage(graph, validation, node="tidy", column="customer_country")
    assert ("customers", "country") in _names(country["upstream"])  # renamed
    assert admin.pk
