"""The API tokens page in Chromium: reach it from the user menu, create a token (shown once), use it against
the API, revoke it; axe-core finds no serious or critical violation."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery"),
]


def test_create_use_and_revoke_a_token(page, login, operator, live_url, assert_accessible):
    login(page, operator)
    page.goto("/notifications/")
    page.locator("#user-menu").click()
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    assert_accessible(page)

    page.get_by_label("Name").fill("browser ci")
    page.get_by_label("Role").select_option("operator")
    page.get_by_role("button", name="Create token").click()
    token = page.get_by_label("The new token").input_value()
    assert token.startswith("slu_")
    expect(page.locator("#token-list")).to_contain_text("browser ci")
    assert_accessible(page)

    headers = {"Authorization": f"Bearer {token}"}
    assert requests.get(f"{live_url}/api/pipelines/", headers=headers, timeout=10).status_code == 200

    page.goto("/account/tokens/")
    expect(page.locator("#new-token")).to_have_count(0)  # shown once
    page.get_by_role("button", name="Revoke browser ci").click()
    expect(page.locator("#token-list")).to_contain_text("revoked")
    assert requests.get(f"{live_url}/api/pipelines/", headers=headers, timeout=10).status_code == 401
    assert not page.js_errors
