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


def test_a_regression_and_a_trend_are_drawn_with_what_they_found(pipeline, owner):
    import json
    from datetime import timedelta

    from django.utils import timezone

    from insights.services.generate import insights_refresh
    from tests.insights.test_generate import BASELINE, RECENT, _line_runs

    runs = _line_runs(pipeline, BASELINE + RECENT)
    insights_refresh(pipeline_id=pipeline.pk)
    insight = Insight.objects.get(pipeline=pipeline, kind="duration_regression")
    response = _client(owner).get(f"/insights/{insight.pk}/")
    option = json.loads(json.dumps(response.context["chart"]))  # plain JSON, as the page embeds it
    assert 'id="insight-chart-option"' in response.content.decode()
    line = option["series"][0]
    assert [p[1] for p in line["data"]] == BASELINE + RECENT
    assert line["data"][-1][0] == runs[-1].finished_at.isoformat()
    assert [m["yAxis"] for m in line["markLine"]["data"]] == [11.0, 21.0]

    grow = make_pipeline(owner, name="Grow", graph=LINE)
    durations = [10 + 2.0 * d for d in range(12)]
    _line_runs(grow, durations, start=timezone.now() - timedelta(days=13), spacing=timedelta(days=1))
    insights_refresh(pipeline_id=grow.pk)
    trend = Insight.objects.get(pipeline=grow, kind="duration_growth")
    fitted = _client(owner).get(f"/insights/{trend.pk}/").context["chart"]["series"][1]["data"]
    figures = trend.evidence["figures"]
    assert fitted[0][1] == pytest.approx(10.0, abs=1e-3) and fitted[1][1] == pytest.approx(32.0, abs=1e-3)
    assert fitted[2][1] == figures["forecast"] == pytest.approx(32.0 + 2.0 * 30, abs=1e-3)
    assert _client(owner).get(f"/insights/{_insights(grow, 1)[0].pk}/").context["chart"] is None  # a node ranking
