"""The Import page in Chromium: paste a changed export, preview the diff against the draft and the problems
of a broken document, apply it as a new version; axe-core finds no serious or critical violation."""

from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import expect

from pipelines.selectors import pipeline_export
from tests.e2e.conftest import versioned_pipeline

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery"),
]

NODES = [
    {"key": "numbers", "type": "e2e.numbers", "config": {"n": 5}},
    {"key": "sink", "type": "e2e.sink", "config": {"name": "imported"}},
]


def test_import_a_document_see_the_diff_and_apply_it_as_a_version(page, login, user, assert_accessible):
    pipeline = versioned_pipeline(user, NODES, name="Import target")
    document = pipeline_export(pipeline=pipeline)
    document["spec"]["graph"]["nodes"][0]["config"] = {"n": 7}
    login(page, user)
    page.goto("/pipelines/")
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import pipelines")
    assert_accessible(page)

    # A broken document: the problem shows at its line, nothing can be applied.
    page.get_by_label("Documents (YAML or JSON)").fill(yaml.safe_dump(document, sort_keys=False) + "extra: 1\n")
    page.get_by_role("button", name="Preview").click()
    problems = page.locator(".import-problems")
    expect(problems).to_contain_text("extra")
    expect(problems).to_contain_text("Unknown field")
    expect(page.get_by_role("button", name="Apply as draft")).to_have_count(0)

    page.get_by_label("Documents (YAML or JSON)").fill(yaml.safe_dump(document, sort_keys=False))
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("Node changed: numbers")
    expect(preview).to_contain_text("Changes")
    assert_accessible(page)

    page.get_by_role("button", name="Apply as new version").click()
    expect(page).to_have_url(re.compile(rf"/pipelines/{pipeline.pk}/$"))
    expect(page.get_by_text(re.compile("Imported 1 document"))).to_be_visible()
    pipeline.refresh_from_db()
    assert pipeline.current_version.number == 2
    assert not page.js_errors
