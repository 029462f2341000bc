"""A pipeline document's ``spec.backend``: exported, read back (export -> apply -> the same setting), refused
when unknown at its line, and with ``sql`` a graph that does not compile is refused as a version with its
nodes' reasons at their paths (the validation every start makes, pipelines.validation.backend)."""

from __future__ import annotations

import jsonschema
import polars as pl
import pytest
import yaml
from rest_framework.test import APIClient

from pipelines.documents import pipeline as pipeline_kind
from pipelines.models import Pipeline
from pipelines.selectors import pipeline_export
from pipelines.services.transfer import pipeline_import
from tests.pipelines.api.conftest import valid_graph

pytestmark = pytest.mark.django_db
URL = "/api/pipelines/import/"
FILE_GRAPH = {
    "nodes": [
        {"key": "src", "type": "source.file", "config": {"path": "orders.parquet"}},
        {"key": "paid", "type": "transform.filter", "config": {"condition": "amount > 0"}},
        {"key": "out", "type": "destination.file", "config": {"path": "out/paid.parquet"}},
    ],
    "edges": [{"source": "src", "target": "paid"}, {"source": "paid", "target": "out"}],
}


@pytest.fixture
def orders(settings):
    pl.DataFrame({"id": [1, 2], "amount": [3.0, -1.0]}).write_parquet(settings.DATA_ROOT / "orders.parquet")


def document(slug: str = "orders", *, graph: dict | None = None, **spec) -> dict:
    return {
        "apiVersion": "sluice.dev/v1",
        "kind": "Pipeline",
        "metadata": {"name": slug.title(), "slug": slug},
        "spec": {"graph": graph if graph is not None else valid_graph(), **spec},
    }


def post(api, *documents: dict, **body):
    return api.post(URL, {"documents": yaml.safe_dump_all(list(documents), sort_keys=False), **body}, format="json")


def test_the_document_values_are_the_models():
    assert set(pipeline_kind.Backend.__args__) == set(Pipeline.Backend.values)


def test_export_writes_the_backend_and_apply_reads_it_back(client_for, editor, orders):
    api = client_for(editor)
    response = post(api, document(graph=FILE_GRAPH, backend="sql"), mode="version")
    assert response.status_code == 201, response.content
    pipeline = Pipeline.objects.get(slug="orders")
    assert pipeline.backend == "sql" and pipeline.current_version is not None
    exported = pipeline_export(pipeline=pipeline)
    assert exported["spec"]["backend"] == "sql"
    # export -> apply elsewhere (another slug) -> the same setting and the same export
    exported["metadata"]["slug"] = "copy"
    assert post(api, exported, mode="version").status_code == 201
    copy = Pipeline.objects.get(slug="copy")
    assert copy.backend == "sql"
    again = pipeline_export(pipeline=copy)
    again["metadata"]["slug"] = "orders"
    assert again == pipeline_export(pipeline=pipeline)
    # applying the export unchanged changes nothing; a document without backend means the default
    (result,) = post(api, pipeline_export(pipeline=pipeline)).json()["documents"]
    assert result["action"] == "unchanged"
    (plan,) = post(api, document(graph=FILE_GRAPH), dry_run=True).json()["documents"]
    assert plan["fields"]["spec.backend"] == {"from": "sql", "to": "polars"}
    post(api, document(graph=FILE_GRAPH))
    pipeline.refresh_from_db()
    assert pipeline.backend == "polars" and pipeline_export(pipeline=pipeline)["spec"]["backend"] == "polars"


def test_the_schema_knows_the_backend(editor):
    schema = APIClient().get("/api/schema/pipeline-document.json").json()
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(document(backend="sql"))
    errors = list(validator.iter_errors(document(backend="flink")))
    assert errors and any("flink" in e.message for e in errors)


@pytest.mark.parametrize("bad", ["flink", "SQL", "", 1, None, ["sql"], {"sql": 1}, "x" * 10_000])
def test_an_unknown_backend_is_a_field_error_at_its_line(client_for, editor, bad):
    api = client_for(editor)
    response = post(api, document(backend=bad))
    assert response.status_code == 400, response.content
    (problem,) = response.json()["documents"][0]["problems"]
    assert problem["path"] == "spec.backend" and problem["line"], problem
    assert "polars" in problem["message"] and "sql" in problem["message"], problem
    assert not Pipeline.objects.exists()


def test_the_loose_import_refuses_an_unknown_backend_too(editor):
    with pytest.raises(Exception) as caught:
        pipeline_import(user=editor, document=document(backend="flink"), version=False)
    assert "backend" in caught.value.message_dict
    assert not Pipeline.objects.exists()
    made = pipeline_import(user=editor, document=document(backend="sql"), version=False)
    assert made.pipeline.backend == "sql"


def test_sql_with_a_graph_that_does_not_compile_is_refused_with_its_nodes(client_for, editor):
    api = client_for(editor)
    doc = document(backend="sql")
    nodes = {n["key"]: i for i, n in enumerate(doc["spec"]["graph"]["nodes"])}
    # the dry run says so, node by node (validated for the document's backend, not the pipeline's)
    (plan,) = post(api, doc, dry_run=True).json()["documents"]
    assert plan["valid"] is False
    paths = {p["path"] for p in plan["validation"]}
    assert f"spec.graph.nodes.{nodes['src']}.config" in paths, plan["validation"]
    assert any("has no SQL form" in p["message"] and p["line"] for p in plan["validation"]), plan["validation"]
    # as a version: refused with the nodes' reasons at their lines, nothing written
    response = post(api, doc, mode="version")
    assert response.status_code == 400, response.content
    problems = response.json()["documents"][0]["problems"]
    src = [p for p in problems if p["path"] == f"spec.graph.nodes.{nodes['src']}.config"]
    assert src and src[0]["line"] and "src: apitest.rows has no SQL form" in src[0]["message"], problems
    assert not Pipeline.objects.exists()
    # the same graph on polars is a version; switching an existing pipeline to sql by a document is refused too
    assert post(api, document(), mode="version").status_code == 201
    response = post(api, doc, mode="version")
    assert response.status_code == 400
    assert any(p["path"].startswith("spec.graph.nodes.") for p in response.json()["documents"][0]["problems"])
    assert Pipeline.objects.get().backend == "polars"
