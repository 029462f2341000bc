"""Browser test of the insights pages: the empty state, then insights generated from seeded runs on the
global and the pipeline's page, an insight's evidence and history, dismissing and un-dismissing. Each page
is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from insights.models import Insight
from insights.services.generate import insights_refresh
from tests.insights.seeding import LINE, make_pipeline
from tests.insights.test_generate import BASELINE, RECENT, _line_runs

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery"),
]


def test_insights_pages(page, login, user, assert_accessible):
    login(page, user)
    page.goto("/insights/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Insights")
    expect(page.locator("#insights-empty")).to_contain_text("Run your pipelines")
    assert_accessible(page)

    pipeline = make_pipeline(user, name="Browser insights", graph=LINE)
    runs = _line_runs(pipeline, BASELINE + RECENT)
    insights_refresh(pipeline_id=pipeline.pk)
    insight = Insight.objects.get(pipeline=pipeline, kind="duration_regression")

    page.goto("/insights/")
    item = page.locator(f'li[data-insight="{insight.pk}"]')
    expect(item).to_contain_text("Runs take +91 % longer")
    expect(item.get_by_role("link", name="Browser insights")).to_be_visible()
    assert_accessible(page)

    item.get_by_role("link", name="Browser insights").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Insights of Browser insights")
    assert_accessible(page)

    page.locator(f'li[data-insight="{insight.pk}"] h3 a').click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Runs take +91 % longer")
    expect(page.locator("#insight-figures")).to_contain_text("recent_median")
    expect(page.locator("#insight-links")).to_contain_text(f"Run #{runs[-1].pk}")
    expect(page.locator("#insight-history")).to_contain_text("Opened")
    expect(page.locator("#insight-chart canvas")).to_have_count(1)  # the runs, with both medians
    assert_accessible(page)

    page.get_by_role("button", name="Dismiss").click()
    expect(page.locator("#insight-history")).to_contain_text("Dismissed")
    expect(page.get_by_role("button", name="Un-dismiss")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Un-dismiss").click()
    expect(page.locator("#insight-history")).to_contain_text("Un-dismissed")

    # From the list: dismissing takes it off the open list, and the evidence link leads to the run.
    page.goto(f"/insights/pipelines/{pipeline.pk}/")
    page.locator(f'li[data-insight="{insight.pk}"]').get_by_role("button", name="Dismiss").click()
    expect(page.locator(f'li[data-insight="{insight.pk}"]')).to_have_count(0)
    page.get_by_role("link", name="Dismissed (1)").click()
    page.locator(f'li[data-insight="{insight.pk}"]').get_by_role("link", name=f"Run #{runs[-1].pk}").click()
    expect(page).to_have_url(re.compile(rf"/executions/{runs[-1].pk}/$"))
    assert not page.js_errors
