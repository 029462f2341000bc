"""The Users page in Chromium (issue 18): an admin reaches it from the user menu, invites a user (the link
is shown once), the invited person sets a password through the link and signs in, the admin changes their
role and deactivates them, the audit log lists it all; axe-core finds no serious or critical violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pipelines import roles
from tests import factories

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery"),
]


def test_invite_accept_change_role_deactivate(page, browser, login, live_url, assert_accessible):
    from django.contrib.auth import get_user_model

    admin = factories.UserFactory(username="browser-admin", role="admin")
    login(page, admin)
    page.goto("/notifications/")
    page.locator("#user-menu").click()
    page.get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Users")
    assert_accessible(page)

    invite = page.locator("#invite-form")
    invite.get_by_label("Email").fill("newcomer@example.com")
    invite.get_by_label("Role").select_option("editor")
    page.get_by_role("button", name="Send invitation").click()
    link = page.get_by_label("The invitation link").input_value()
    assert "/account/invite/" in link
    expect(page.locator("#user-list")).to_contain_text("newcomer")
    expect(page.locator("#user-list")).to_contain_text("invited")
    assert_accessible(page)

    guest = browser.new_context(base_url=live_url).new_page()
    guest.goto(link)
    assert_accessible(guest)
    guest.locator("#id_new_password1").fill("a-long-pass-phrase-9")
    guest.locator("#id_new_password2").fill("a-long-pass-phrase-9")
    guest.get_by_role("button", name="Set password").click()
    guest.get_by_label("Username").fill("newcomer")
    guest.get_by_label("Password").fill("a-long-pass-phrase-9")
    guest.get_by_role("button", name="Sign in").click()
    expect(guest.locator("#user-menu")).to_contain_text("newcomer")
    guest.goto(link)
    expect(guest.get_by_role("heading", level=1)).to_have_text("This invitation link does not work")

    user = get_user_model().objects.get(username="newcomer")
    page.goto("/account/users/?q=newcomer")
    page.get_by_label("Role of newcomer").select_option("operator")
    page.get_by_role("button", name="Save the role of newcomer").click()
    expect(page.locator(".messages")).to_contain_text("newcomer is now operator")
    assert roles.user_role(get_user_model().objects.get(pk=user.pk)) == "operator"
    page.get_by_role("button", name="Deactivate newcomer").click()
    expect(page.locator(f'tr[data-user-id="{user.pk}"]')).to_contain_text("deactivated")
    guest.goto("/account/tokens/")
    expect(guest.get_by_role("heading", level=1)).to_have_text("Sign in to Sluice")  # signed out

    page.locator("#user-menu").click()
    page.locator(".dropdown-menu").get_by_role("link", name="Audit log").click()
    audit = page.locator("#audit-list")
    for action in ("user.invited", "user.invite_accepted", "auth.signed_in", "user.role_changed", "user.deactivated"):
        expect(audit).to_contain_text(action)
    assert_accessible(page)
    page.get_by_label("Action").select_option("user.deactivated")
    page.get_by_role("button", name="Filter").click()
    expect(audit.locator("tbody tr")).to_have_count(1)
    assert not page.js_errors


def test_your_sessions_page(page, login, operator, assert_accessible):
    login(page, operator)
    page.goto("/notifications/")
    page.locator("#user-menu").click()
    page.get_by_role("link", name="Your sessions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your sessions")
    assert_accessible(page)
    assert not page.js_errors
