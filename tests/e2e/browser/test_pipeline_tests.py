"""Pipeline tests in Chromium: the pipeline page's Tests card runs them (in the interactive pool of the live
server) and shows the diff of the failing one; the builder's Tests tab does the same; axe-core finds no
serious or critical violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pipelines.graph import parse_graph_document
from pipelines.services import pipeline_create
from pipelines.testing.services import pipeline_test_create
from pipelines.testing.spec import parse_spec
from tests.pipelines.testing.helpers import FILTER_GRAPH, ORDERS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery"),
]

KEPT = [r for r in ORDERS if r["amount"] > 0]


def _pipeline(user):
    pipeline = pipeline_create(user=user, name="Tested orders", graph=parse_graph_document(FILTER_GRAPH))
    for name, golden in (("kept", KEPT), ("everything", ORDERS)):
        spec = parse_spec({"name": name, "fixtures": {"src": {"rows": ORDERS}}, "expect": {"dst": {"rows": golden}}})
        pipeline_test_create(pipeline=pipeline, user=user, spec=spec)
    return pipeline


def test_the_tests_card_runs_the_tests_and_shows_the_diff(page, login, user, assert_accessible):
    pipeline = _pipeline(user)
    login(page, user)
    page.goto(f"/pipelines/{pipeline.pk}/")
    card = page.locator("#tests")
    expect(card.locator("tr[data-test]")).to_have_count(2)
    expect(card).to_contain_text("not run yet")
    assert_accessible(page)

    card.get_by_role("button", name="Run tests").click()
    expect(card.get_by_role("status")).to_contain_text("1 passed, 1 failed")
    expect(card.locator("tr[data-test=kept]")).to_contain_text("passed")
    diff = card.get_by_label("Diff of everything")
    expect(diff).to_be_visible()  # opened after a run
    expect(diff).to_contain_text("amount=-3.0")
    assert_accessible(page)
    assert not page.js_errors


def test_the_builder_tests_tab(page, login, user):
    pipeline = _pipeline(user)
    login(page, user)
    page.goto(f"/pipelines/{pipeline.pk}/builder/")
    expect(page.locator(".sluice-builder[data-ready=true]")).to_be_visible()
    page.get_by_role("tab", name="Tests").click()
    panel = page.locator("#bottom-panel-tests")
    expect(panel.locator("li[data-test]")).to_have_count(2)
    panel.get_by_role("button", name="Run tests").click()
    expect(panel.get_by_role("status")).to_contain_text("1 passed, 1 failed")
    expect(panel.get_by_label("Diff of dst")).to_contain_text("id=2, amount=-3")
    assert not page.js_errors
