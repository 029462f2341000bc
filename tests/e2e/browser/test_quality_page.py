"""Browser test of the quality pages: a pipeline's quality page draws its charts and lists its open
issues; the issue page's actions work in place (htmx). Each page is checked with axe-core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from quality.models import QualityIssue
from quality.services.results import quality_results_record
from tests.quality.seeding import quality_pipeline, seed_run

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery"),
]


def test_quality_pages(page, login, user, assert_accessible):
    pipeline = quality_pipeline(user, name="Browser quality")
    now = timezone.now()
    for day in range(4):
        failures = {"id_present": day % 2, "amount_positive": 0 if day else 3}
        samples = {"id_present": [{"id": None, "password": "pw-browser", "amount": 1}]}
        execution = seed_run(pipeline, at=now - timedelta(days=day), failures=failures, samples=samples)
        quality_results_record(execution_id=execution.pk)
    login(page, user)

    page.goto("/quality/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data quality")
    expect(page.locator(f'tr[data-pipeline="{pipeline.pk}"]')).to_contain_text("Browser quality")
    assert_accessible(page)

    page.get_by_role("link", name="Browser quality").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quality of Browser quality")
    expect(page.locator("#quality-lines canvas")).to_have_count(1)
    expect(page.locator("#quality-heatmap canvas")).to_have_count(1)
    expect(page.locator("#open-issues")).to_contain_text("check.id_present")
    assert_accessible(page)

    # Drill down to a run's failing rows: the secret column is masked.
    page.locator("#failing-runs a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quality of run #")
    expect(page.locator("main")).not_to_contain_text("pw-browser")
    assert_accessible(page)

    issue = QualityIssue.objects.get(pipeline=pipeline, rule="id_present")
    page.goto(f"/quality/issues/{issue.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator("#issue-timeline")).to_contain_text("Acknowledged")
    page.get_by_label("Comment").fill("Looking into it")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator("#issue-timeline")).to_contain_text("Looking into it")
    page.get_by_role("button", name="Resolve").click()
    expect(page.locator("#issue-status")).to_contain_text("Resolved")
    assert_accessible(page)
    assert not page.js_errors
