"""The pipeline page's Backfill card in Chromium against daphne + a real Celery worker that consumes both
lanes: a dry run lists the intervals, a backfill runs them (steps on the backfill queue), a second dry run
skips them all, axe-clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from executions.models import Backfill, Execution
from tests.e2e.conftest import versioned_pipeline, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery"),
]


def test_backfill_from_the_pipeline_page(page, login, operator, assert_accessible):
    nodes = [
        {"key": "nums", "type": "e2e.numbers", "config": {"n": 5}},
        {"key": "sink", "type": "e2e.sink", "config": {"name": "backfill_page"}},
    ]
    pipeline = versioned_pipeline(
        operator, nodes, name="Backfilled", schedule_cron="0 6 * * *", schedule_timezone="UTC", concurrency_limit=3
    )
    login(page, operator)
    page.goto(f"/pipelines/{pipeline.pk}/")
    card = page.locator("#backfill")
    expect(card.get_by_role("button", name="Start backfill")).to_be_visible()
    card.get_by_label("From").fill("2026-11-01")
    card.get_by_label("Until").fill("2026-11-04")
    card.get_by_label("Runs at once").fill("2")
    card.get_by_role("button", name="Dry run").click()
    expect(card.locator("#backfill-plan")).to_contain_text("Dry run: 3 to run, 0 skipped")
    expect(card.locator("#backfill-plan")).to_contain_text("run 2026-11-01T06:00:00+00:00 → 2026-11-02T06:00:00+00:00")
    assert not Backfill.objects.exists()
    card.get_by_role("button", name="Start backfill").click()
    expect(card.get_by_role("status")).to_contain_text("started")
    backfill = Backfill.objects.get()
    wait_for(lambda: Backfill.objects.get(pk=backfill.pk).status != "running", timeout=90, what="the backfill")
    assert Backfill.objects.get(pk=backfill.pk).status == "succeeded"
    runs = Execution.objects.filter(pipeline=pipeline, trigger="backfill")
    assert sorted(r.params["sluice_interval_start"][:10] for r in runs) == ["2026-11-01", "2026-11-02", "2026-11-03"]
    # No reload: the progress table refreshes itself while the backfill runs.
    expect(card.locator("#backfill-table")).to_contain_text("3 done, 0 failed, 0 running, 0 pending", timeout=15_000)
    expect(card.locator("#backfill-table")).not_to_have_attribute("hx-trigger", "every 3s")
    card.get_by_label("From").fill("2026-11-01")
    card.get_by_label("Until").fill("2026-11-04")
    card.get_by_role("button", name="Dry run").click()
    expect(card.locator("#backfill-plan")).to_contain_text("Dry run: 0 to run, 3 skipped")
    assert_accessible(page)
    assert page.js_errors == []
