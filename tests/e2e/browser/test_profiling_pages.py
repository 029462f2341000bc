"""The profile panel of the execution page and the lineage page in Chromium against daphne + a real Celery
worker: a real run's step profiled from its page, what its destination received (kept by the worker), the
dataset graph with its impact analysis; axe-core clean."""

from __future__ import annotations

import time

import polars as pl
import pytest
from django.conf import settings
from playwright.sync_api import expect

from executions.models import DestinationProfile, Execution
from executions.services import execution_start
from tests.e2e.conftest import versioned_pipeline, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery"),
]


def test_profile_panel_of_a_real_run(page, login, operator, assert_accessible):
    nodes = [
        {"key": "nums", "type": "e2e.numbers", "config": {"n": 40, "mod": 4}},
        {"key": "sink", "type": "e2e.sink", "config": {"name": f"p{time.monotonic_ns() % 10**9}"}},
    ]
    execution = execution_start(pipeline=versioned_pipeline(operator, nodes, name="Profiled run"), user=operator)
    wait_for(
        lambda: Execution.objects.get(pk=execution.pk).status in Execution.FINISHED, timeout=60, what="the run to end"
    )
    assert Execution.objects.get(pk=execution.pk).status == "succeeded"
    # The worker profiles what the destination received right after recording the step's success.
    wait_for(
        lambda: DestinationProfile.objects.filter(execution=execution, node_key="sink").exists(),
        timeout=30,
        what="the destination's profile",
    )
    login(page, operator)
    page.goto(f"/executions/{execution.pk}/")
    page.click('#steps-table tr[data-node="nums"] button:has-text("Profile")')
    panel = page.locator("#profile-result")
    expect(panel).to_contain_text("Profile of nums")
    expect(panel.locator('tr[data-column="i"]')).to_contain_text("0 – 39")
    expect(panel.locator('tr[data-column="p"] svg[role="img"] rect')).to_have_count(10)
    expect(page.locator('#destination-profiles [data-node="sink"]')).to_contain_text("40 rows")
    page.click('#steps-table tr[data-node="sink"] button:has-text("Profile")')
    expect(page.locator("#profile-result")).to_contain_text("kept by the run")
    assert_accessible(page)
    assert page.js_errors == []


def test_lineage_page_and_impact(page, login, editor, assert_accessible):
    root = settings.DATA_ROOT
    stamp = time.monotonic_ns() % 10**9
    pl.DataFrame({"id": [1, 2], "amount": [3.0, 4.0]}).write_csv(root / f"lin{stamp}.csv")
    first = [
        {"key": "read", "type": "source.file", "config": {"path": f"lin{stamp}.csv"}},
        {"key": "write", "type": "destination.file", "config": {"path": f"lin/{stamp}.parquet", "format": "parquet"}},
    ]
    versioned_pipeline(editor, first, name="Lineage producer")
    (root / "lin").mkdir(exist_ok=True)
    pl.DataFrame({"id": [1, 2], "amount": [3.0, 4.0]}).write_parquet(root / "lin" / f"{stamp}.parquet")
    second = [
        {"key": "read", "type": "source.file", "config": {"path": f"lin/{stamp}.parquet"}},
        {"key": "write", "type": "destination.file", "config": {"path": f"lin/{stamp}-out.csv", "format": "csv"}},
    ]
    versioned_pipeline(editor, second, name="Lineage consumer")
    login(page, editor)
    page.goto("/lineage/")
    expect(page.locator("#dag-root .react-flow__node").first).to_be_visible()
    assert page.locator("#dag-root .react-flow__node").count() == 5  # two pipelines, three datasets
    expect(page.locator(f'#datasets-table tr[data-dataset="file:lin/{stamp}.parquet"]')).to_contain_text(
        "Lineage consumer"
    )
    page.select_option("#impact-dataset", f"file:lin{stamp}.csv")
    page.fill("#impact-column", "amount")
    page.click("#impact-form button[type=submit]")
    answer = page.locator("#impact-answer")
    expect(answer).to_contain_text("Lineage consumer")
    expect(answer.locator("[data-impact-columns]")).to_contain_text("amount")
    assert_accessible(page)
    assert page.js_errors == []


def test_builder_profile_and_lineage_tabs(page, login, editor, assert_accessible):
    stamp = time.monotonic_ns() % 10**9
    pl.DataFrame({"id": [1, 2, None], "amount": [3.0, 4.0, 5.0]}).write_csv(settings.DATA_ROOT / f"b{stamp}.csv")
    nodes = [
        {"key": "read", "type": "source.file", "config": {"path": f"b{stamp}.csv"}},
        {"key": "calc", "type": "transform.map", "config": {"derive": [{"name": "twice", "expr": "amount * 2"}]}},
        {"key": "write", "type": "destination.file", "config": {"path": f"b{stamp}.parquet", "format": "parquet"}},
    ]
    pipeline = versioned_pipeline(editor, nodes, name="Builder profile")
    login(page, editor)
    page.goto(f"/pipelines/{pipeline.pk}/builder/")
    expect(page.locator(".sluice-builder[data-ready=true]")).to_be_visible()
    expect(page.get_by_role("tab", name="Problems (0)")).to_be_visible()
    page.locator(".sluice-node[data-node-key='read']").click()
    page.get_by_role("tab", name="Profile").click()
    page.locator("#bottom-panel-profile").get_by_role("button", name="Profile").click()
    row = page.locator("#bottom-panel-profile [data-profile-column='id']")
    expect(row).to_contain_text("1 (33.3 %)")
    expect(page.locator("#bottom-panel-profile [data-profile-column='amount'] svg rect")).to_have_count(10)
    page.locator(".sluice-node[data-node-key='write']").click()
    page.get_by_role("tab", name="Lineage").click()
    page.get_by_label("Column of").select_option("twice")
    expect(page.get_by_role("list", name="Comes from")).to_contain_text("amount")
    assert_accessible(page)
    assert page.js_errors == []
