"""Browser test of the report builder: build a report from blocks (add, move, remove) with the live
preview following each change, save it, see its figures and download it as PDF. Each page is checked with
axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reports.models import Report
from tests import factories
from tests.reports.conftest import seed_history

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery"),
]


def test_report_builder(page, login, user, assert_accessible):
    seeded = seed_history(user, factories.UserFactory(role="editor"), runs=12)
    login(page, user)
    page.goto("/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    assert_accessible(page)
    page.get_by_role("link", name="New report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New report")
    preview = page.locator("#report-preview")
    expect(preview.locator('section[data-kind="kpis"]')).to_be_visible()
    expect(preview.locator("svg.report-chart")).to_have_count(1)
    assert_accessible(page)

    page.get_by_label("Name", exact=True).fill("Browser weekly")
    page.get_by_label("Name", exact=True).blur()
    expect(preview.locator("#report-doc-title")).to_have_text("Browser weekly")

    blocks = page.locator("#builder-blocks [data-block]")
    page.get_by_label("New block").select_option("runs_table")
    page.get_by_role("button", name="Add block").click()
    expect(blocks).to_have_count(3)
    expect(blocks.nth(2)).to_have_attribute("data-kind", "runs_table")
    expect(preview.locator('section[data-kind="runs_table"] tr[data-run]')).to_have_count(
        20
    )  # the default limit (24 runs)

    page.get_by_role("button", name="Move block 3 up").click()
    expect(blocks.nth(1)).to_have_attribute("data-kind", "runs_table")
    expect(preview.locator("section.report-block").nth(1)).to_have_attribute("data-kind", "runs_table")
    page.get_by_role("button", name="Remove block 1").click()
    expect(blocks).to_have_count(2)
    expect(blocks.nth(0)).to_have_attribute("data-kind", "runs_table")
    expect(preview.locator('section[data-kind="kpis"]')).to_have_count(0)

    page.get_by_label("Rows (1–100)").fill("5")
    page.get_by_label("Rows (1–100)").blur()
    expect(preview.locator('section[data-kind="runs_table"] tr[data-run]')).to_have_count(5)
    page.locator("#id_pipelines").select_option(str(seeded.mine.pk))
    assert_accessible(page)

    page.get_by_role("button", name="Save report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Browser weekly")
    report = Report.objects.get(name="Browser weekly")
    assert [b["kind"] for b in report.blocks] == ["runs_table", "runs_chart"] and report.blocks[0]["limit"] == 5
    assert list(report.pipelines.all()) == [seeded.mine]
    expect(page.locator("#report-doc svg.report-chart")).to_have_count(1)
    expect(page.locator("#report-doc")).not_to_contain_text("Secret payroll")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert not page.js_errors
