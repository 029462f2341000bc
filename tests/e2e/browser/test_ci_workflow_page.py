"""The pipeline's "CI workflow" page in Chromium: reached from the pipeline page, options changed, the workflow
shown and downloaded; axe-core finds no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from tests.factories import PipelineFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery"),
]


def test_generate_and_download_a_workflow(page, login, editor, assert_accessible):
    pipeline = PipelineFactory(owner=editor, slug="browser-ci", name="Browser CI")
    login(page, editor)
    page.goto(f"/pipelines/{pipeline.pk}/")
    page.get_by_role("link", name="CI workflow").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("GitHub Actions workflow")
    expect(page.get_by_label("The workflow (select all and copy, or download it)")).to_contain_text(
        "sluice pipelines validate"
    )
    assert_accessible(page)

    page.get_by_label("Folder", exact=True).fill("etl/pipelines")
    page.get_by_label("Deploy from the main branch (apply as new versions)").check()
    page.get_by_label("After the deploy, run this pipeline and wait for it").check()
    page.get_by_role("button", name="Generate").click()
    box = page.get_by_label("The workflow (select all and copy, or download it)")
    expect(box).to_contain_text("SLUICE_PIPELINE: browser-ci")
    expect(box).to_contain_text("SLUICE_DOCUMENTS: etl/pipelines")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download sluice.yml").click()
    download = info.value
    assert download.suggested_filename == "sluice.yml"
    document = yaml.safe_load(Path(download.path()).read_text(encoding="utf-8"))
    assert document["jobs"]["deploy"]["steps"][-1]["env"]["SLUICE_PIPELINE"] == "browser-ci"

    page.get_by_label("Branch", exact=True).fill("${{ github.token }}")
    page.get_by_role("button", name="Generate").click()
    expect(page.locator("#id_branch_error")).to_be_visible()
    expect(page.get_by_text("Correct the options to see the workflow.")).to_be_visible()
    assert_accessible(page)
    assert not page.js_errors
