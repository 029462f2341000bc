"""Browser tests of the first-run flow (issue 18): the builder's guided tour (keyboard, focus trap, resumed
where it was closed, skipped with Esc, restarted), "Build your first pipeline" from the empty dashboard to a
succeeded run, the empty state of every list page for a fresh user, and the admin setup checklist."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.onboarding import onboarding_for
from executions.models import Execution
from tests.e2e.conftest import versioned_pipeline, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery"),
]

NODES = [
    {"key": "numbers", "type": "e2e.numbers", "config": {"n": 3}},
    {"key": "sink", "type": "e2e.sink", "config": {"name": "tour"}},
]
IN_TOUR = "document.getElementById('builder-tour').contains(document.activeElement)"


def _state(user):
    state = onboarding_for(user=user)
    return state.tour_status, state.tour_step


def test_the_builder_tour(page, login, operator, assert_accessible):
    pipeline = versioned_pipeline(operator, NODES, name="Tour pipeline")
    login(page, operator, tour=True)
    page.goto(f"/pipelines/{pipeline.pk}/builder/")
    tour = page.get_by_role("dialog", name="Add nodes")
    expect(tour).to_be_visible()
    expect(tour).to_contain_text("Builder tour · step 1 of 7")
    expect(page.locator('[data-tour="palette"][data-tour-current]')).to_be_visible()
    expect(tour.get_by_role("button", name="Next")).to_be_focused()
    expect(tour.get_by_role("button", name="Back")).to_be_disabled()
    assert_accessible(page)
    for _ in range(6):  # the focus stays in the dialog, forwards and backwards
        page.keyboard.press("Tab")
        assert page.evaluate(IN_TOUR)
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(IN_TOUR)
    tour.get_by_role("button", name="Next").click()
    expect(page.get_by_role("dialog", name="The canvas")).to_be_visible()
    page.get_by_role("dialog").get_by_role("button", name="Next").press("Enter")
    expect(page.get_by_role("dialog", name="The inspector")).to_be_visible()
    wait_for(lambda: _state(operator) == ("active", 2), what="step 3 recorded")

    # Closed mid-way: next time it resumes at that step.
    page.get_by_role("button", name="Close the tour (it resumes at this step)").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("[data-tour-current]")).to_have_count(0)
    page.reload()
    expect(page.get_by_role("dialog", name="The inspector")).to_be_visible()
    expect(page.get_by_role("dialog")).to_contain_text("step 3 of 7")

    # Esc skips it for good.
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    wait_for(lambda: _state(operator) == ("skipped", 0), what="the skip recorded")
    page.reload()
    expect(page.locator('.sluice-builder[data-ready="true"]')).to_be_visible()
    page.wait_for_timeout(800)
    expect(page.get_by_role("dialog")).to_have_count(0)

    # Restarted from the builder's header, then taken to the end.
    page.get_by_role("button", name="Take the builder tour").click()
    expect(page.get_by_role("dialog", name="Add nodes")).to_be_visible()
    titles = []
    for _ in range(7):
        dialog = page.get_by_role("dialog")
        titles.append(dialog.get_by_role("heading").inner_text())
        dialog.get_by_role("button", name=re.compile("^(Next|Done)$")).click()
    assert titles == ["Add nodes", "The canvas", "The inspector", "Validate", "Dry run", "Save", "Run"]
    expect(page.get_by_role("dialog")).to_have_count(0)
    wait_for(lambda: _state(operator) == ("done", 0), what="the end recorded")
    assert not page.js_errors


def test_the_tour_follows_the_theme_and_the_user_menu_restarts_it(page, login, user, assert_accessible):
    from accounts.preferences import preferences_update

    pipeline = versioned_pipeline(user, NODES, name="Tour themes")
    preferences_update(user=user, theme="high-contrast")
    login(page, user, tour=True)  # an editor: no Run step
    page.goto("/")
    page.get_by_role("button", name=user.username).click()
    page.get_by_role("button", name="Take the builder tour").click()
    expect(page).to_have_url(re.compile(rf"/pipelines/{pipeline.pk}/builder/$"))
    tour = page.get_by_role("dialog", name="Add nodes")
    expect(tour).to_be_visible()
    colours = page.evaluate(
        "() => { const s = getComputedStyle(document.getElementById('builder-tour'));"
        " return [s.backgroundColor, getComputedStyle(document.body).backgroundColor]; }"
    )
    assert colours[0] == colours[1], colours  # the page's own background in this theme, not a fixed white
    # The tour and the page around the builder; the builder island's own colours are test_look's concern.
    assert_accessible(page, exclude=["#builder-root"])
    page.evaluate("document.documentElement.setAttribute('data-bs-theme', 'dark')")
    page.wait_for_timeout(400)  # Bootstrap's colour transitions (0.15 s) end before axe reads the colours
    assert_accessible(page, exclude=["#builder-root"])


def test_build_your_first_pipeline_from_the_empty_dashboard(page, login, user, e2e_dirs):
    login(page, user)  # an editor
    page.goto("/")
    card = page.get_by_role("region", name="Build your first pipeline")
    expect(card).to_contain_text("demo/sales.csv")
    card.get_by_role("button", name="Build and run my first pipeline").click()
    expect(page).to_have_url(re.compile(r"/executions/\d+/$"))
    expect(page.get_by_role("status").filter(has_text="reads the demo sales file")).to_be_visible()
    execution = Execution.objects.get(pipeline__owner=user)
    wait_for(lambda: Execution.objects.get(pk=execution.pk).status in Execution.FINISHED, what="the first run")
    assert Execution.objects.get(pk=execution.pk).status == Execution.Status.SUCCEEDED
    expect(page.locator(".status-succeeded").first).to_be_visible()
    assert (e2e_dirs / "data" / "demo" / "out" / f"first-pipeline-{user.pk}.parquet").exists()
    page.goto("/")
    expect(page.get_by_role("region", name="Build your first pipeline")).to_have_count(0)
    assert not page.js_errors


# Every list page of a fresh editor: (path, the empty state's words, its call to action, where that leads)
EMPTY_PAGES = [
    ("/pipelines/", "No pipelines yet.", "Browse the templates", "/templates/"),
    ("/executions/", "No executions yet.", "Go to the pipelines", "/pipelines/"),
    ("/monitoring/", "No pipeline yet.", "Go to the pipelines", "/pipelines/"),
    ("/quality/", "No quality results in this window.", "Go to the pipelines", "/pipelines/"),
    ("/lineage/", "No pipeline with a saved version yet.", "Go to the pipelines", "/pipelines/"),
    ("/templates/", "No templates yet.", "New pipeline", "/pipelines/new/"),
    ("/files/?prefix=uploads/{user}/", "No files here yet.", "Upload a file", "#upload-title"),
    ("/connections/", "No connections yet.", "New connection", "/connections/new/"),
    ("/alerts/", "No alert yet.", "Go to the pipelines", "/pipelines/"),
    ("/notifications/", "No notifications yet.", "Find a pipeline to follow", "/pipelines/"),
    ("/git/", "No repositories yet.", "Link a repository", "/git/new/"),
    ("/account/tokens/", "No tokens yet.", "Create a token", "#token-form"),
]


def test_every_list_page_says_what_to_do_next_for_a_fresh_user(page, login, user, assert_accessible):
    login(page, user)
    missing = []
    for path, words, action, href in EMPTY_PAGES:
        page.goto(path.format(user=user.pk))
        page.wait_for_load_state("networkidle")
        empty = page.locator("[data-empty-state]").filter(has_text=words)
        if empty.count() != 1:
            missing.append(f"{path}: no empty state saying {words!r}")
            continue
        link = empty.get_by_role("link", name=action)
        if link.count() != 1 or not (link.get_attribute("href") or "").endswith(href):
            missing.append(f"{path}: no {action!r} link to {href}")
        assert_accessible(page)
    assert not missing, "\n".join(missing)
    page.goto("/pipelines/")
    expect(page.get_by_role("button", name="Build and run my first pipeline")).to_be_visible()


def test_the_admin_setup_checklist(page, login, staff, assert_accessible):
    login(page, staff)
    page.goto("/")
    checklist = page.get_by_role("region", name=re.compile(r"^Setup checklist · \d of 6 done$"))
    expect(checklist).to_be_visible()
    expect(checklist.locator('[data-check="connection"]')).to_contain_text("To do")
    assert_accessible(page)
    checklist.get_by_role("link", name=re.compile("New connection")).click()
    expect(page).to_have_url(re.compile(r"/connections/new/$"))
    page.goto("/")
    page.get_by_role("button", name="Dismiss the checklist").click()
    expect(page.get_by_role("status").filter(has_text="hidden from the dashboard")).to_be_visible()
    expect(page.locator("[data-setup-checklist]")).to_have_count(0)
    page.get_by_role("button", name=staff.username).click()
    page.get_by_role("link", name="Setup checklist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Setup checklist")
    assert_accessible(page)
    page.get_by_role("button", name="Show it on the dashboard again").click()
    page.goto("/")
    expect(page.locator("[data-setup-checklist]")).to_be_visible()
