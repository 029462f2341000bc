"""The quality pages: content, access, the htmx actions, query counts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quality.models import QualityIssue
from quality.services.results import quality_results_record
from tests import factories
from tests.quality.seeding import seed_run

pytestmark = pytest.mark.django_db


def _seed(pipeline, n: int, offset: int = 0):
    now = timezone.now()
    for i in range(n):
        failures = {"id_present": (i + 1) % 2, f"rule_{offset + i}": 1}
        samples = {"id_present": [{"id": None, "password": "pw-123", "amount": 3}]}
        quality_results_record(
            execution_id=seed_run(pipeline, at=now - timedelta(hours=offset + i), failures=failures, samples=samples).pk
        )


def _option(html: str, element_id: str) -> dict:
    marker = f'<script id="{element_id}" type="application/json">'
    start = html.index(marker) + len(marker)
    return json.loads(html[start : html.index("</script>", start)])


def test_anonymous_is_sent_to_sign_in(client, pipeline):
    for url in ("/quality/", f"/quality/pipelines/{pipeline.pk}/"):
        assert client.get(url)["Location"].startswith("/login/")


def test_pipeline_page(client, owner, pipeline):
    _seed(pipeline, 3)
    client.force_login(owner)
    html = client.get(f"/quality/pipelines/{pipeline.pk}/").content.decode()
    assert "Pass rate per rule per day" in html and "Failing rules by day" in html
    lines = _option(html, "quality-lines-option")
    names = {s["name"] for s in lines["series"]}
    assert "check.id_present" in names
    heatmap = _option(html, "quality-heatmap-option")
    assert heatmap["series"][0]["type"] == "heatmap" and "check.rule_0" in heatmap["yAxis"]["data"]
    assert 'id="open-issues"' in html and "check.rule_1" in html
    assert "/api/quality/results/export/?format=parquet" in html
    executions = pipeline.executions.order_by("pk")
    assert f'href="/quality/executions/{executions[0].pk}/"' in html


def test_drill_down_to_the_failing_rows(client, owner, pipeline):
    _seed(pipeline, 1)
    execution = pipeline.executions.get()
    client.force_login(owner)
    html = client.get(f"/quality/executions/{execution.pk}/").content.decode()
    assert "check.id_present" in html and "Failed" in html
    assert "pw-123" not in html and "***" in html


def test_overview_ranks_pipelines_and_lists_open_issues(client, owner, pipeline):
    _seed(pipeline, 2)
    client.force_login(owner)
    html = client.get("/quality/?days=7").content.decode()
    assert f'data-pipeline="{pipeline.pk}"' in html and pipeline.name in html
    assert html.count("data-issue=") == QualityIssue.objects.filter(status="failing").count()
    outsider = factories.UserFactory(role="editor")
    client.force_login(outsider)
    html = client.get("/quality/").content.decode()
    assert pipeline.name not in html
    assert client.get(f"/quality/pipelines/{pipeline.pk}/").status_code == 404
    assert client.get(f"/quality/issues/{QualityIssue.objects.first().pk}/").status_code == 404


def test_issue_page_and_its_htmx_actions(client, owner, pipeline):
    _seed(pipeline, 1)
    issue = QualityIssue.objects.get(rule="rule_0")
    client.force_login(owner)
    html = client.get(f"/quality/issues/{issue.pk}/").content.decode()
    assert "Acknowledge" in html and "Resolve" in html and 'id="issue-timeline"' in html
    htmx = {"HTTP_HX_REQUEST": "true"}
    part = client.post(f"/quality/issues/{issue.pk}/acknowledge/", **htmx).content.decode()
    assert part.startswith('<div id="issue-body">') and "by " + owner.username in part
    part = client.post(f"/quality/issues/{issue.pk}/comments/", {"text": "Supplier says fixed"}, **htmx)
    assert "Supplier says fixed" in part.content.decode()
    part = client.post(f"/quality/issues/{issue.pk}/comments/", {"text": ""}, **htmx).content.decode()
    assert "cannot be empty" in part
    part = client.post(f"/quality/issues/{issue.pk}/comments/", {"text": "a\x00b"}, **htmx).content.decode()
    assert "NUL characters" in part
    part = client.post(f"/quality/issues/{issue.pk}/assign/", {"assignee": owner.username}, **htmx).content.decode()
    assert f'id="issue-assignee">{owner.username}' in part
    response = client.post(f"/quality/issues/{issue.pk}/resolve/", {"note": "ok"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == "resolved" and issue.assignee == owner


def test_viewers_read_issues_but_do_not_act(client, pipeline):
    _seed(pipeline, 1)
    viewer = factories.UserFactory(role="viewer")
    pipeline.shared_with_users.add(viewer)
    issue = QualityIssue.objects.get(rule="rule_0")
    client.force_login(viewer)
    html = client.get(f"/quality/issues/{issue.pk}/").content.decode()
    assert "Editors of this pipeline" in html and "issue-acknowledge" not in html and "/acknowledge/" not in html
    assert client.post(f"/quality/issues/{issue.pk}/acknowledge/").status_code == 403


@pytest.mark.parametrize("url", ["/quality/", "/quality/pipelines/{pk}/"])
def test_page_queries_do_not_grow_with_the_results(client, owner, pipeline, url):
    client.force_login(owner)
    url = url.format(pk=pipeline.pk)
    _seed(pipeline, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _seed(pipeline, 10, offset=5)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_pipeline_page_and_the_navbar_link_here(client, owner, pipeline):
    client.force_login(owner)
    html = client.get(f"/pipelines/{pipeline.pk}/").content.decode()
    assert f'href="/quality/pipelines/{pipeline.pk}/"' in html and 'href="/quality/"' in html
