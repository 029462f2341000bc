"""The insights pages: the global list, a pipeline's, an insight's; dismiss and un-dismiss from them; the
empty state; hostile ``next`` values; query counts that do not grow with the number of insights."""

from __future__ import annotations

import pytest
from django.test import Client

from insights.models import Insight
from tests import factories
from tests.insights.seeding import LINE, make_pipeline
from tests.insights.test_api import _insights

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def pipeline(owner):
    return make_pipeline(owner, name="Line", graph=LINE)


def test_empty_state_says_what_to_do(pipeline, owner):
    page = _client(owner).get("/insights/").content.decode()
    assert 'id="insights-empty"' in page and "Run your pipelines" in page
    page = _client(owner).get(f"/insights/pipelines/{pipeline.pk}/").content.decode()
    assert "Run the pipeline" in page


def test_lists_link_to_the_evidence_and_dismiss(pipeline, owner):
    insight = _insights(pipeline, 1)[0]
    client = _client(owner)
    page = client.get("/insights/").content.decode()
    assert insight.title in page and f'href="/insights/{insight.pk}/"' in page and 'href="/a"' in page
    assert f'action="/insights/{insight.pk}/dismiss/"' in page
    response = client.post(f"/insights/{insight.pk}/dismiss/", {"next": f"/insights/pipelines/{pipeline.pk}/"})
    assert response.status_code == 302 and response["Location"] == f"/insights/pipelines/{pipeline.pk}/"
    insight.refresh_from_db()
    assert insight.state == "dismissed"
    assert insight.title not in client.get("/insights/").content.decode()  # open ones by default
    assert insight.title in client.get("/insights/?state=dismissed").content.decode()
    detail = client.get(f"/insights/{insight.pk}/").content.decode()
    assert "Un-dismiss" in detail and "Dismissed" in detail and 'id="insight-history"' in detail
    for hostile in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = client.post(f"/insights/{insight.pk}/undismiss/", {"next": hostile})
        assert response["Location"] == f"/insights/{insight.pk}/", hostile
        client.post(f"/insights/{insight.pk}/dismiss/")
    Insight.objects.filter(pk=insight.pk).update(state="closed")
    response = client.post(f"/insights/{insight.pk}/dismiss/", follow=True)
    assert "this one is closed" in response.content.decode()


def test_viewers_read_but_do_not_dismiss(pipeline):
    insight = _insights(pipeline, 1)[0]
    viewer = factories.UserFactory(role="viewer")
    pipeline.shared_with_users.add(viewer)
    client = _client(viewer)
    page = client.get(f"/insights/pipelines/{pipeline.pk}/").content.decode()
    assert insight.title in page and "/dismiss/" not in page
    assert client.post(f"/insights/{insight.pk}/dismiss/").status_code == 403
    outsider = _client(factories.UserFactory(role="editor"))
    assert outsider.get(f"/insights/{insight.pk}/").status_code == 404
    assert outsider.get(f"/insights/pipelines/{pipeline.pk}/").status_code == 404
    assert insight.title not in outsider.get("/insights/").content.decode()


def test_page_queries_do_not_grow(pipeline, owner, django_assert_max_num_queries):
    client = _client(owner)
    _insights(pipeline, 2)
    client.get("/insights/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/insights/?state=all")
    _insights(pipeline, 40, events=5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/insights/?state=all").status_code == 200
