"""/api/insights/: who reads and who dismisses, filters, validation, and query counts that do not grow
with the number of insights, runs or history lines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from insights.models import Insight, InsightEvent
from insights.services.generate import insights_refresh
from tests import factories
from tests.insights.seeding import LINE, make_pipeline
from tests.insights.test_generate import BASELINE, RECENT, _line_runs

pytestmark = pytest.mark.django_db


@pytest.fixture
def pipeline(owner):
    return make_pipeline(owner, name="Line", graph=LINE)


@pytest.fixture
def people(pipeline, owner):
    viewer = factories.UserFactory(role="viewer")
    pipeline.shared_with_users.add(viewer)
    return {
        "owner": owner,
        "viewer": viewer,
        "outsider": factories.UserFactory(role="operator"),
        "admin": factories.UserFactory(is_staff=True, is_superuser=True),
    }


def _insights(pipeline, n: int, *, user=None, events: int = 1) -> list[Insight]:
    now = timezone.now()
    rows = []
    for i in range(n):
        insight = Insight.objects.create(
            pipeline=pipeline,
            kind="slow_node",
            node_key=f"n{i}",
            fingerprint=f"slow_node:n{i}:{n}",
            title=f"slow {i}",
            explanation="x",
            evidence={"runs": [1, 2], "links": [{"label": "a", "url": "/a"}], "figures": {"rank": i}},
            last_seen=now - timedelta(minutes=i),
            state="dismissed" if user else "open",
            dismissed_by=user,
            dismissed_at=now if user else None,
        )
        InsightEvent.objects.bulk_create(
            [InsightEvent(insight=insight, kind="updated", user=user) for _ in range(events)]
        )
        rows.append(insight)
    return rows


def test_generated_insight_through_the_api(pipeline, people, client_for, api):
    runs = _line_runs(pipeline, BASELINE + RECENT)
    insights_refresh(pipeline_id=pipeline.pk)
    assert api.get("/api/insights/").status_code == 401
    owner = client_for(people["owner"])
    body = owner.get("/api/insights/", {"pipeline": pipeline.pk, "kind": "duration_regression"}).json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["pipeline"] == pipeline.pk and item["pipeline_name"] == "Line" and item["state"] == "open"
    assert item["evidence"]["runs"] == [r.pk for r in runs[-5:]]
    assert item["evidence"]["figures"]["recent_median"] == 21.0
    assert item["page"] == f"/insights/{item['id']}/"
    detail = owner.get(f"/api/insights/{item['id']}/").json()
    assert [h["kind"] for h in detail["history"]] == ["opened"]


def test_reads_follow_the_pipeline(pipeline, people, client_for):
    insight = _insights(pipeline, 2)[0]
    for name in ("owner", "viewer", "admin"):
        client = client_for(people[name])
        assert client.get("/api/insights/").json()["count"] == 2, name
        assert client.get(f"/api/insights/{insight.pk}/").status_code == 200, name
    outsider = client_for(people["outsider"])
    assert outsider.get("/api/insights/").json()["count"] == 0
    assert outsider.get("/api/insights/", {"pipeline": pipeline.pk}).json()["count"] == 0
    assert outsider.get(f"/api/insights/{insight.pk}/").status_code == 404
    assert outsider.post(f"/api/insights/{insight.pk}/dismiss/").status_code == 404


def test_dismiss_and_undismiss(pipeline, people, client_for):
    insight = _insights(pipeline, 1)[0]
    url = f"/api/insights/{insight.pk}/"
    viewer, owner = client_for(people["viewer"]), client_for(people["owner"])
    assert viewer.post(url + "dismiss/").status_code == 403
    dismissed = owner.post(url + "dismiss/").json()
    assert dismissed["state"] == "dismissed" and dismissed["dismissed_by"] == people["owner"].username
    assert owner.post(url + "dismiss/").json()["state"] == "dismissed"  # idempotent
    assert owner.get("/api/insights/").json()["count"] == 0  # open only, by default
    assert owner.get("/api/insights/", {"state": "dismissed"}).json()["count"] == 1
    assert viewer.post(url + "undismiss/").status_code == 403
    again = owner.post(url + "undismiss/").json()
    assert again["state"] == "open" and again["dismissed_by"] is None
    assert [h["kind"] for h in again["history"]][-2:] == ["dismissed", "undismissed"]
    Insight.objects.filter(pk=insight.pk).update(state="closed")
    closed = owner.post(url + "dismiss/")
    assert closed.status_code == 400 and "state" in closed.json()
    assert owner.post(url + "undismiss/").status_code == 400


def test_filters_and_validation(pipeline, owner, client_for):
    _insights(pipeline, 3)
    old = _insights(pipeline, 1)[0]
    Insight.objects.filter(pk=old.pk).update(last_seen=timezone.now() - timedelta(days=10), kind="sort_limit")
    client = client_for(owner)
    assert client.get("/api/insights/", {"kind": "sort_limit"}).json()["count"] == 1
    assert client.get("/api/insights/", {"window": "7d"}).json()["count"] == 3
    assert client.get("/api/insights/", {"window": "30d"}).json()["count"] == 4
    assert client.get("/api/insights/", {"state": "all", "page_size": 2}).json()["count"] == 4
    assert len(client.get("/api/insights/", {"state": "all", "page_size": 2}).json()["results"]) == 2
    for bad in ({"kind": "nope"}, {"state": "gone"}, {"window": "1y"}, {"pipeline": "x"}, {"pipeline": "9" * 30},
                {"kind": "slow_node\x00"}, {"pipeline": "²"}, {"pipeline": "１２"}):  # fmt: skip
        response = client.get("/api/insights/", bad)
        assert response.status_code == 400, bad
        assert set(response.json()) >= set(bad), response.json()
    assert client.get("/api/insights/999999999/").status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow(pipeline, people, client_for, django_assert_max_num_queries):
    viewer = client_for(people["viewer"])  # through the visibility filter
    few = _insights(pipeline, 2, user=people["owner"], events=1)
    viewer.get("/api/insights/")  # the session's first request loads the user once
    small = (_count(viewer, "/api/insights/?state=all"), _count(viewer, f"/api/insights/{few[0].pk}/"))
    many = _insights(pipeline, 30, user=people["owner"], events=25)
    _line_runs(pipeline, [10.0] * 40)  # runs do not enter the reads either
    large = (_count(viewer, "/api/insights/?state=all"), _count(viewer, f"/api/insights/{many[0].pk}/"))
    assert small == large
    with django_assert_max_num_queries(3):  # the count, the page (with pipeline and user), nothing per row
        viewer.get("/api/insights/?state=all&page_size=500")


def test_the_list_rows_are_the_serializer_output(pipeline, owner, client_for):
    from insights.api.serializers import InsightOutput

    insights = _insights(pipeline, 2, user=owner) + _insights(pipeline, 1)
    Insight.objects.filter(pk=insights[0].pk).update(closed_at=timezone.now(), state="closed")
    rows = client_for(owner).get("/api/insights/", {"state": "all"}).json()["results"]
    expected = [InsightOutput(i).data for i in Insight.objects.select_related("pipeline", "dismissed_by")]
    assert sorted(rows, key=lambda r: r["id"]) == sorted(expected, key=lambda r: r["id"])
