"""/api/quality/: who reads and who acts, filters, exports, and query counts that do not grow with the
number of results or issues."""

from __future__ import annotations

import io
from datetime import timedelta

import polars as pl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quality.models import QualityIssue
from quality.services.results import quality_results_record
from tests import factories
from tests.quality.seeding import quality_pipeline, seed_run

pytestmark = pytest.mark.django_db


def _seed(pipeline, n: int, *, start_minutes: int = 0):
    now = timezone.now()
    for i in range(n):
        at = now - timedelta(minutes=start_minutes + i + 1)
        failures = {"id_present": i % 2, "amount_positive": 0, f"rule_{start_minutes + i}": 1}
        quality_results_record(execution_id=seed_run(pipeline, at=at, failures=failures).pk)


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


def test_reads_follow_the_pipeline(pipeline, people, client_for, api):
    _seed(pipeline, 2)
    issue = QualityIssue.objects.first()
    assert api.get("/api/quality/results/").status_code == 401
    for name in ("owner", "viewer", "admin"):
        client = client_for(people[name])
        assert client.get("/api/quality/results/").json()["count"] == 6, name
        assert client.get(f"/api/quality/issues/{issue.pk}/").status_code == 200
        assert client.get("/api/quality/summary/", {"pipeline": pipeline.pk}).status_code == 200
    outsider = client_for(people["outsider"])
    assert outsider.get("/api/quality/results/").json()["count"] == 0
    assert outsider.get("/api/quality/results/", {"pipeline": pipeline.pk}).json()["count"] == 0
    assert outsider.get("/api/quality/issues/").json()["count"] == 0
    assert outsider.get(f"/api/quality/issues/{issue.pk}/").status_code == 404
    assert outsider.get("/api/quality/summary/", {"pipeline": pipeline.pk}).status_code == 404
    exported = outsider.get("/api/quality/results/export/", {"pipeline": pipeline.pk})
    assert b"".join(exported.streaming_content).count(b"\n") == 1  # the header only


def test_acting_needs_the_editor_role_and_the_pipeline(pipeline, people, client_for):
    _seed(pipeline, 1)
    issue = QualityIssue.objects.get()
    url = f"/api/quality/issues/{issue.pk}/"
    viewer, outsider, owner = (client_for(people[n]) for n in ("viewer", "outsider", "owner"))
    assert viewer.post(url + "acknowledge/").status_code == 403
    assert viewer.post(url + "comments/", {"text": "hi"}, format="json").status_code == 403
    assert outsider.post(url + "acknowledge/").status_code == 404
    assert outsider.patch(url, {"severity": "low"}, format="json").status_code == 404

    assert owner.post(url + "acknowledge/").json()["acknowledged_by"] == people["owner"].username
    assert owner.post(url + "acknowledge/").status_code == 400
    response = owner.patch(url, {"severity": "critical", "assignee": people["viewer"].username}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["severity"], response.json()["assignee"]) == ("critical", people["viewer"].username)
    bad = owner.post(url + "assign/", {"assignee": people["outsider"].username}, format="json")
    assert bad.status_code == 400 and "assignee" in bad.json()
    assert owner.post(url + "assign/", {"assignee": None}, format="json").json()["assignee"] is None
    comment = owner.post(url + "comments/", {"text": "on it"}, format="json")
    assert comment.status_code == 201 and comment.json()["kind"] == "commented"
    resolved = owner.post(url + "resolve/", {"note": "done"}, format="json")
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    assert owner.post(url + "resolve/", {}, format="json").status_code == 400
    kinds = [e["kind"] for e in owner.get(url).json()["timeline"]]
    assert kinds == ["opened", "acknowledged", "commented", "assigned", "assigned", "commented", "resolved"]


def test_filters(pipeline, owner, client_for):
    _seed(pipeline, 4)
    client = client_for(owner)
    assert client.get("/api/quality/results/", {"rule": "id_present"}).json()["count"] == 4
    assert client.get("/api/quality/results/", {"rule": "id_present", "failed": "true"}).json()["count"] == 2
    since = (timezone.now() - timedelta(minutes=2, seconds=30)).isoformat()
    assert client.get("/api/quality/results/", {"rule": "id_present", "since": since}).json()["count"] == 2
    until = (timezone.now() - timedelta(minutes=2, seconds=30)).isoformat()
    assert client.get("/api/quality/results/", {"rule": "id_present", "until": until}).json()["count"] == 2
    assert client.get("/api/quality/results/", {"since": "yesterday-ish"}).status_code == 400
    assert client.get("/api/quality/results/", {"since": "2020-01-01", "until": "2024-01-01"}).status_code == 400
    assert client.get("/api/quality/summary/").status_code == 400
    assert client.get("/api/quality/issues/", {"status": "open"}).json()["count"] == 5
    assert client.get("/api/quality/issues/", {"status": "resolved"}).json()["count"] == 0
    assert client.get("/api/quality/issues/", {"status": "bogus"}).status_code == 400


def test_exports(pipeline, owner, client_for):
    _seed(pipeline, 3)
    client = client_for(owner)
    csv = b"".join(client.get("/api/quality/results/export/", {"pipeline": pipeline.pk}).streaming_content)
    lines = csv.decode().strip().splitlines()
    assert lines[0].startswith("id,pipeline_id,pipeline_slug,version,execution_id,node_key,rule")
    assert len(lines) == 1 + 9
    response = client.get("/api/quality/results/export/", {"pipeline": pipeline.pk, "format": "parquet"})
    assert response.status_code == 200 and response["Content-Type"] == "application/vnd.apache.parquet"
    frame = pl.read_parquet(io.BytesIO(response.content))
    assert frame.height == 9 and frame.filter(pl.col("rule") == "id_present")["failed_rows"].sum() == 1
    assert client.get("/api/quality/results/export/", {"format": "xlsx"}).status_code == 400


@pytest.mark.parametrize(
    "url",
    ["/api/quality/results/", "/api/quality/issues/", "/api/quality/summary/?pipeline={pk}"],
)
def test_query_counts_do_not_grow_with_the_results(pipeline, client_for, url, settings):
    viewer = factories.UserFactory(role="viewer")
    pipeline.shared_with_users.add(viewer)
    client = client_for(viewer)
    url = url.format(pk=pipeline.pk)
    _seed(pipeline, 2)
    client.get(url)  # the user's role is read once, then cached on the user object
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _seed(pipeline, 12, start_minutes=100)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_issue_detail_query_count_does_not_grow_with_the_timeline(pipeline, owner, client_for):
    _seed(pipeline, 1)
    issue = QualityIssue.objects.get(rule="rule_0")
    client = client_for(owner)
    client.post(f"/api/quality/issues/{issue.pk}/comments/", {"text": "one"}, format="json")
    client.get(f"/api/quality/issues/{issue.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/api/quality/issues/{issue.pk}/")
    for i in range(8):
        client.post(f"/api/quality/issues/{issue.pk}/comments/", {"text": f"more {i}"}, format="json")
    with CaptureQueriesContext(connection) as many:
        client.get(f"/api/quality/issues/{issue.pk}/")
    assert len(many) == len(few)


def test_other_pipelines_stay_out(owner, client_for):
    mine = quality_pipeline(owner, name="Mine")
    theirs = quality_pipeline(factories.UserFactory(role="editor"), name="Theirs")
    _seed(mine, 1)
    _seed(theirs, 1)
    body = client_for(owner).get("/api/quality/results/").json()
    assert {r["pipeline_slug"] for r in body["results"]} == {mine.slug}


def test_the_results_count_stops_at_its_cap(pipeline, owner, client_for, monkeypatch):
    from core import pagination

    _seed(pipeline, 4)  # 12 results: three rules per run
    client = client_for(owner)
    exact = client.get("/api/quality/results/", {"page_size": 5}).json()
    assert (exact["count"], exact["count_capped"], len(exact["results"])) == (12, False, 5)
    monkeypatch.setattr(pagination, "COUNT_CAP", 10)
    capped = client.get("/api/quality/results/", {"page_size": 5}).json()
    assert (capped["count"], capped["count_capped"]) == (10, True)
    assert len(client.get("/api/quality/results/", {"page_size": 5, "page": 3}).json()["results"]) == 1  # the 11th
    assert client.get("/api/quality/results/", {"page_size": 5, "page": 4}).status_code == 404
