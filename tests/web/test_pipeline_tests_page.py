"""The pipeline page's Tests part: the list with last results, the Run action (htmx and without), the diff,
roles and visibility, query counts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from pipelines.graph import parse_graph_document
from pipelines.models import PipelineTest
from pipelines.services import pipeline_create
from pipelines.testing.services import pipeline_test_create
from pipelines.testing.spec import parse_spec
from tests import factories
from tests.pipelines.testing.helpers import FILTER_GRAPH, ORDERS

pytestmark = pytest.mark.django_db

KEPT = [r for r in ORDERS if r["amount"] > 0]


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pipeline(user, viewer):
    p = pipeline_create(user=user, name="Orders", graph=parse_graph_document(FILTER_GRAPH))
    p.shared_with_users.add(viewer)
    for name, golden in (("kept", KEPT), ("everything", ORDERS)):
        spec = parse_spec({"name": name, "fixtures": {"src": {"rows": ORDERS}}, "expect": {"dst": {"rows": golden}}})
        pipeline_test_create(pipeline=p, user=user, spec=spec)
    return p


def test_the_pipeline_page_loads_the_tests_part(user, pipeline):
    page = web(user).get(reverse("pipelines:detail", args=[pipeline.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="tests"' in html and reverse("pipelines:tests", args=[pipeline.pk]) in html


def test_the_part_lists_the_tests_not_run_yet(user, pipeline):
    client = web(user)
    url = reverse("pipelines:tests", args=[pipeline.pk])
    part = client.get(url, HTTP_HX_REQUEST="true")  # the session's first request does more than the part
    assert part.status_code == 200
    html = part.content.decode()
    assert html.count("not run yet") == 2 and "Run tests" in html
    assert "<html" not in html  # a part, not a page


def test_the_part_reads_a_constant_number_of_rows(user, pipeline):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = web(user)
    url = reverse("pipelines:tests", args=[pipeline.pk])
    client.get(url, HTTP_HX_REQUEST="true")
    with CaptureQueriesContext(connection) as few:
        client.get(url, HTTP_HX_REQUEST="true")
    for i in range(10):
        data = {"name": f"more-{i}", "fixtures": {"src": {"rows": ORDERS}}, "expect": {"dst": {"rows": KEPT}}}
        spec = parse_spec(data)
        pipeline_test_create(pipeline=pipeline, user=user, spec=spec)
    with CaptureQueriesContext(connection) as many:
        client.get(url, HTTP_HX_REQUEST="true")
    assert len(many) == len(few) <= 8


def test_run_shows_the_results_and_the_diff(user, pipeline):
    answer = web(user).post(reverse("pipelines:tests_run", args=[pipeline.pk]), HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "1 passed, 1 failed" in html
    assert "What differs in everything" in html and "amount=-3.0" in html
    assert PipelineTest.objects.get(name="kept").last_status == "passed"


def test_without_htmx_the_part_is_a_page_that_leads_back(user, pipeline):
    page = web(user).get(reverse("pipelines:tests", args=[pipeline.pk]))
    assert page.status_code == 200
    assert "<html" in page.content.decode() and "Back to the pipeline" in page.content.decode()
    ran = web(user).post(reverse("pipelines:tests_run", args=[pipeline.pk]))
    assert ran.status_code == 200 and "1 failed" in ran.content.decode()


def test_a_viewer_sees_the_tests_but_may_not_run_them(viewer, pipeline):
    part = web(viewer).get(reverse("pipelines:tests", args=[pipeline.pk]), HTTP_HX_REQUEST="true")
    assert part.status_code == 200
    assert "You need the editor role to run the tests" in part.content.decode()
    assert web(viewer).post(reverse("pipelines:tests_run", args=[pipeline.pk])).status_code == 403
    assert PipelineTest.objects.get(name="kept").last_status == "never"


def test_someone_who_does_not_see_the_pipeline_gets_a_404(pipeline):
    stranger = factories.UserFactory(role="operator")
    assert web(stranger).get(reverse("pipelines:tests", args=[pipeline.pk])).status_code == 404
    assert web(stranger).post(reverse("pipelines:tests_run", args=[pipeline.pk])).status_code == 404


def test_a_pipeline_without_tests_says_how_to_add_them(user):
    empty = pipeline_create(user=user, name="Empty", graph=parse_graph_document(FILTER_GRAPH))
    html = web(user).get(reverse("pipelines:tests", args=[empty.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "No tests yet" in html and "disabled" in html
