"""kind: PipelineTest documents through pipelines.documents: parsed with line numbers, applied after their
pipeline, refused for a pipeline one may not change or with file references (no folder on the server)."""

from __future__ import annotations

import pytest
import yaml
from django.core.exceptions import ValidationError

from pipelines.documents import DocumentsRejected, documents_apply, documents_parse, documents_plan
from pipelines.graph import parse_graph_document
from pipelines.models import PipelineTest
from pipelines.services import pipeline_create
from tests import factories
from tests.pipelines.testing.helpers import FILTER_GRAPH, ORDERS

pytestmark = pytest.mark.django_db

PIPELINE = {
    "apiVersion": "sluice.dev/v1",
    "kind": "Pipeline",
    "metadata": {"name": "Orders", "slug": "orders-doc"},
    "spec": {"graph": FILTER_GRAPH},
}


def test_doc(**spec) -> dict:
    spec.setdefault("fixtures", {"src": {"rows": ORDERS}})
    spec.setdefault("expect", {"dst": {"rows": ORDERS[:1], "columns": ["id"]}})
    return {
        "apiVersion": "sluice.dev/v1",
        "kind": "PipelineTest",
        "metadata": {"name": "first", "pipeline": "orders-doc"},
        "spec": spec,
    }


test_doc.__test__ = False


def parse(*documents) -> list:
    return documents_parse(yaml.safe_dump_all(list(documents)), filename="set.yaml")


def test_a_pipeline_and_its_test_apply_together(user):
    results = documents_apply(user=user, documents=parse(test_doc(), PIPELINE), as_version=False)
    assert [(r.document.kind, r.action) for r in results] == [("Pipeline", "created"), ("PipelineTest", "created")]
    test = PipelineTest.objects.get()
    assert test.pipeline.slug == "orders-doc" and test.spec["expect"]["dst"]["columns"] == ["id"]
    again = documents_apply(user=user, documents=parse(PIPELINE, test_doc()), as_version=False)
    assert [r.action for r in again] == ["unchanged", "unchanged"]
    [plan] = documents_plan(user=user, documents=parse(test_doc(params={"x": 1})))
    assert plan.action == "update"


def test_unknown_fields_are_refused_with_their_line():
    doc = test_doc()
    doc["spec"]["expect"]["dst"]["ignore_ordr"] = True
    [parsed] = parse(doc)
    assert not parsed.ok
    assert parsed.problems[0].path.endswith("ignore_ordr") and parsed.problems[0].line


def test_file_references_are_refused_on_the_server(user):
    pipeline_create(user=user, name="Orders", slug="orders-doc", graph=parse_graph_document(FILTER_GRAPH))
    documents = parse(test_doc(fixtures={"src": {"file": "../../etc/passwd"}}))
    with pytest.raises(DocumentsRejected) as caught:
        documents_apply(user=user, documents=documents, as_version=False)
    [(_, problems)] = caught.value.problems
    assert "inline" in problems[0].message
    assert not PipelineTest.objects.exists()


def test_a_test_of_a_pipeline_one_may_not_change_is_refused(user):
    pipeline_create(user=factories.UserFactory(role="editor"), name="Theirs", slug="orders-doc")
    with pytest.raises((DocumentsRejected, ValidationError)):
        documents_apply(user=user, documents=parse(test_doc()), as_version=False)
    assert not PipelineTest.objects.exists()


def test_a_dry_run_accepts_file_references_and_a_pipeline_of_the_same_set(user):
    documents = parse(PIPELINE, test_doc(fixtures={"src": {"file": "fixtures/in.csv"}}))
    plans = documents_plan(user=user, documents=documents)
    assert [p.action for p in plans] == ["create", "create"]
    assert all(not p.problems for p in plans)
    bad = parse(test_doc(expect={"dst": {"file": "golden.csv", "ignore_ordr": True}}))
    assert not bad[0].ok  # unknown fields are still refused


def test_a_dry_run_refuses_a_pipeline_one_may_not_change(user):
    pipeline_create(user=factories.UserFactory(role="editor"), name="Theirs", slug="orders-doc")
    [plan] = documents_plan(user=user, documents=parse(test_doc()))
    assert plan.action == "refused" and plan.problems[0].path == "metadata.pipeline"
