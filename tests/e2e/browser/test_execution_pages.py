"""Execution and monitoring pages in Chromium against daphne + a real Celery worker: a real run's detail
(timeline, logs), cancelling a long run from its page, the dashboard with 10,000 executions (timings
printed, not asserted), and axe-core on every page of this area."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from executions.models import Execution
from executions.services import execution_start
from tests.e2e.conftest import versioned_pipeline, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery"),
]


@pytest.fixture
def operator_user(operator):
    return operator


def numbers_pipeline(user, *, sleep: float | None = None, name: str = "Browser run"):
    nodes = [{"key": "nums", "type": "e2e.numbers", "config": {"n": 50}}]
    if sleep is not None:
        nodes.append({"key": "nap", "type": "e2e.sleep", "config": {"seconds": sleep}})
    nodes.append({"key": "sink", "type": "e2e.sink", "config": {"name": f"b{int(time.monotonic_ns() % 10**9)}"}})
    return versioned_pipeline(user, nodes, name=name)


def test_detail_of_a_real_run_shows_timeline_and_logs(page, login, live_url, operator_user, assert_accessible):
    pipeline = numbers_pipeline(operator_user, sleep=0.2)
    execution = execution_start(pipeline=pipeline, user=operator_user)
    wait_for(
        lambda: Execution.objects.get(pk=execution.pk).status in Execution.FINISHED, timeout=60, what="the run to end"
    )
    assert Execution.objects.get(pk=execution.pk).status == "succeeded"
    login(page, operator_user)
    page.goto(f"/executions/{execution.pk}/")
    expect(page.locator("#execution-status")).to_have_attribute("data-status", "succeeded")
    expect(page.locator("#timeline-chart canvas, #timeline-chart svg").first).to_be_visible()
    for key in ("nums", "nap", "sink"):
        expect(page.locator(f'#steps-table tr[data-node="{key}"]')).to_have_attribute("data-status", "succeeded")
    expect(page.locator("#logs-panel")).to_contain_text("sleeping 0.2s")
    # Level filter through htmx: no error lines in this run.
    page.select_option("#log-level", "error")
    expect(page.locator("#logs-panel")).to_contain_text("No log line matches these filters.")
    page.select_option("#log-level", "")
    page.fill("#log-q", "sleeping")
    page.click("#log-filters button[type=submit]")
    expect(page.locator("#logs-panel")).to_contain_text("sleeping 0.2s")
    # Preview of a step's output.
    page.click('#steps-table tr[data-node="nums"] button:has-text("Preview")')
    expect(page.locator("#preview-result")).to_contain_text("50 rows")
    expect(page.locator("#dag-root .react-flow__node").first).to_be_visible()
    assert page.locator("#dag-root .react-flow__node").count() == 3
    # React Flow's own handles carry aria attributes axe refuses (reported to the DAG's owner): the
    # graph is checked apart from the rest of the page.
    assert_accessible(page)
    assert page.js_errors == []


def test_cancel_a_long_run_from_its_page(page, login, operator_user):
    pipeline = numbers_pipeline(operator_user, sleep=120, name="Long run")
    execution = execution_start(pipeline=pipeline, user=operator_user)
    wait_for(
        lambda: execution.steps.filter(node_key="nap", status="running").exists(),
        timeout=60,
        what="the sleep step to run",
    )
    login(page, operator_user)
    page.goto(f"/executions/{execution.pk}/")
    expect(page.locator('#steps-table tr[data-node="nap"]')).to_have_attribute("data-status", "running")
    page.get_by_role("button", name="Cancel run").click()
    expect(page.get_by_role("status").filter(has_text=f"Cancel requested for run #{execution.pk}.")).to_be_visible()
    # The page follows the run live (or on reload) until it is cancelled.
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        if Execution.objects.get(pk=execution.pk).status == "cancelled":
            break
        page.wait_for_timeout(250)
    assert Execution.objects.get(pk=execution.pk).status == "cancelled"
    # Without a reload: the status part and monitoring's timeline part both followed the run's events,
    # and the timeline was kept (not put back to its placeholder link) when the status part re-rendered.
    expect(page.locator("#execution-status")).to_have_attribute("data-status", "cancelled")
    page.wait_for_function(
        "() => (document.getElementById('gantt-option')?.textContent || '').includes('nap (cancelled)')",
        timeout=15_000,
    )
    expect(page.locator("#timeline-chart canvas, #timeline-chart svg").first).to_be_visible()
    page.reload()
    expect(page.locator("#execution-status")).to_have_attribute("data-status", "cancelled")
    expect(page.locator('#steps-table tr[data-node="nap"]')).to_have_attribute("data-status", "cancelled")
    expect(page.get_by_role("button", name="Retry failed steps")).to_be_visible()


def _seed_executions(pipeline, count: int) -> None:
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    statuses = ["succeeded"] * 7 + ["failed", "cancelled", "succeeded"]
    rows = []
    for i in range(count):
        created = now - timedelta(minutes=i)
        status = statuses[i % len(statuses)]
        rows.append(
            Execution(
                pipeline=pipeline,
                version=pipeline.current_version,
                status=status,
                created_at=created,
                started_at=created,
                finished_at=created + timedelta(seconds=5 + i % 30),
                error="seeded failure" if status == "failed" else "",
            )
        )
    Execution.objects.bulk_create(rows, batch_size=2000)
    # auto_now_add ignored the times given: spread the runs over the last week, one a minute.
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "UPDATE executions_execution SET created_at = now() - (id %% 10080) * interval '1 minute' "
            "WHERE pipeline_id = %s",
            [pipeline.pk],
        )


def test_dashboard_timing_with_10000_executions(page, login, operator_user, assert_accessible):
    pipeline = numbers_pipeline(operator_user, name="Seeded")
    _seed_executions(pipeline, 10_000)
    assert Execution.objects.count() == 10_000
    login(page, operator_user)
    timings = []
    for _ in range(3):
        page.goto("/")
        expect(page.locator('[data-counter="failed"]')).to_be_visible()
        timings.append(
            page.evaluate(
                """() => {
                  const nav = performance.getEntriesByType('navigation')[0];
                  const paint = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint');
                  return {
                    ttfb_ms: Math.round(nav.responseStart - nav.requestStart),
                    dom_content_loaded_ms: Math.round(nav.domContentLoadedEventEnd - nav.startTime),
                    load_ms: Math.round(nav.loadEventEnd - nav.startTime),
                    first_contentful_paint_ms: paint ? Math.round(paint.startTime) : null,
                  };
                }"""
            )
        )
    print("\ndashboard with 10,000 executions:", json.dumps(timings))
    assert int(page.locator('[data-counter="failed"]').inner_text()) > 0
    expect(page.locator("#dashboard-failures")).to_contain_text("seeded failure")
    assert_accessible(page)


def test_pages_are_accessible(page, login, operator_user, staff, assert_accessible):
    pipeline = numbers_pipeline(operator_user, name="Accessible")
    execution = execution_start(pipeline=pipeline, user=operator_user)
    wait_for(
        lambda: Execution.objects.get(pk=execution.pk).status in Execution.FINISHED, timeout=60, what="the run to end"
    )
    login(page, operator_user)
    for url in ("/", "/executions/", f"/executions/{execution.pk}/", "/monitoring/", "/monitoring/system/"):
        page.goto(url)
        expect(page.locator("h1")).to_have_count(1)
        # React Flow's handles in #dag-root carry aria attributes axe refuses (the DAG bundle's owner knows).
        assert_accessible(page)
    login(page, staff)
    page.goto("/alerts/")
    expect(page.locator("h1")).to_have_text("Alerts")
    assert_accessible(page)
    page.goto("/alerts/rules/new/?kind=metric_above_threshold")
    page.fill("#id_name", "Hot CPU")
    page.click("#alert-rule-form button[type=submit]")
    expect(page.locator("#id_threshold_error")).to_contain_text("This field is required.")
    assert_accessible(page)
