"""Browser tests of the pipeline, template, connection, inbox and sign-in pages: real Chromium against
the e2e daphne server. Each page is checked with axe-core (no serious or critical violations)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from executions.models import Execution, PipelineDependency
from executions.services import execution_start
from notifications.services import notification_create
from pipelines import services
from tests import factories
from tests.e2e.conftest import versioned_pipeline, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery"),
]

NODES = [
    {"key": "numbers", "type": "e2e.numbers", "config": {"n": 5}},
    {"key": "sink", "type": "e2e.sink", "config": {"name": "pages"}},
]


def test_sign_in_through_the_form(page, user, assert_accessible):
    page.goto("/pipelines/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/pipelines/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Sluice")
    assert_accessible(page)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/pipelines/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pipelines")


def test_list_to_detail_and_edit_the_schedule(page, login, user, assert_accessible):
    pipeline = versioned_pipeline(user, NODES, name="Browser nightly")
    services.pipeline_update(pipeline=pipeline, user=user, tags=["nightly"])
    login(page, user)
    page.goto("/pipelines/")
    row = page.locator(f'tr[data-pipeline-id="{pipeline.pk}"]')
    expect(row).to_contain_text("Never run")
    expect(row).to_contain_text("nightly")
    assert_accessible(page)
    # Search narrows the table through htmx.
    page.get_by_label("Search").fill("no such pipeline")
    expect(page.locator("#pipeline-table")).to_contain_text("No pipeline matches these filters.")
    page.get_by_label("Search").fill("browser")
    expect(row).to_be_visible()

    row.get_by_role("link", name="Browser nightly", exact=True).click()  # not "Runs of Browser nightly"
    expect(page).to_have_url(re.compile(rf"/pipelines/{pipeline.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Browser nightly")
    assert_accessible(page)

    schedule = page.locator("#schedule")
    schedule.get_by_label("Cron expression").fill("not a cron")
    expect(page.locator("#next-runs")).to_contain_text("not a valid 5-field cron expression")
    schedule.get_by_label("Cron expression").fill("30 6 * * 1")
    expect(page.locator("#next-runs li")).to_have_count(5)
    expect(page.locator("#next-runs")).to_contain_text("06:30 UTC")
    schedule.get_by_label("Time zone").select_option("Europe/Paris")
    schedule.get_by_label("Enabled").check()
    schedule.get_by_role("button", name="Save schedule").click()
    expect(page.locator("#schedule")).to_contain_text("Schedule saved.")
    expect(page.locator("#next-runs li").first).to_contain_text(re.compile(r"Mon .* 06:30 CES?T"))
    pipeline.refresh_from_db()
    assert (pipeline.schedule_cron, pipeline.schedule_timezone, pipeline.schedule_enabled) == (
        "30 6 * * 1",
        "Europe/Paris",
        True,
    )
    # Inline error from the service, nothing saved.
    page.locator("#schedule").get_by_label("Cron expression").fill("")
    page.locator("#schedule").get_by_role("button", name="Save schedule").click()
    expect(page.locator("#id_schedule_enabled_error")).to_contain_text("cannot be enabled without a cron")
    pipeline.refresh_from_db()
    assert pipeline.schedule_cron == "30 6 * * 1"
    assert not page.js_errors


def test_the_run_parts_of_the_pipeline_pages(page, login, user, assert_accessible):
    """Recent runs, next runs, dependencies and the list's last run are parts served by executions and
    loaded into the pipeline pages; a dependency is added and removed through its part's forms."""
    pipeline = versioned_pipeline(user, NODES, name="Parts upstream")
    services.pipeline_update(pipeline=pipeline, user=user, schedule_cron="0 5 * * *")
    versioned_pipeline(user, NODES, name="Parts downstream")
    execution = execution_start(pipeline=pipeline, user=user)
    wait_for(lambda: Execution.objects.get(pk=execution.pk).status in Execution.FINISHED, what="the run to end")
    login(page, user)
    page.goto("/pipelines/")
    row = page.locator(f'tr[data-pipeline-id="{pipeline.pk}"]')
    expect(row.locator(f'a[href="/executions/{execution.pk}/"] .status-succeeded')).to_be_visible()
    expect(row).to_contain_text("Schedule off")

    page.goto(f"/pipelines/{pipeline.pk}/")
    expect(page.locator("#runs").get_by_role("link", name=f"#{execution.pk}")).to_be_visible()
    expect(page.locator("#next-runs li")).to_have_count(5)
    dependencies = page.locator("#dependencies")
    dependencies.get_by_label("Relation").select_option("downstream")
    dependencies.get_by_label("Pipeline").select_option(label="Parts downstream")
    dependencies.get_by_role("button", name="Add dependency").click()
    expect(dependencies).to_contain_text("“Parts downstream” now runs after “Parts upstream” succeeds.")
    expect(page).to_have_url(re.compile(rf"/pipelines/{pipeline.pk}/$"))  # the page stayed
    assert_accessible(page)
    assert PipelineDependency.objects.filter(upstream=pipeline).count() == 1
    dependencies.get_by_role("button", name="Remove the trigger of Parts downstream").click()
    expect(dependencies).to_contain_text("no longer runs after")
    assert not PipelineDependency.objects.exists()
    assert not page.js_errors


def test_new_pipeline_page(page, login, user, assert_accessible):
    login(page, user)
    page.goto("/pipelines/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Create and open the builder").click()
    expect(page.locator("#id_name_error")).to_have_text("This field is required.")
    assert_accessible(page)


def test_templates_gallery(page, login, user, assert_accessible):
    factories.TemplateFactory(name="Gallery sample", category="samples", description="A sample template.")
    login(page, user)
    page.goto("/templates/")
    expect(page.get_by_role("heading", name="Gallery sample")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"Use this template\W+Gallery sample")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gallery sample")
    assert_accessible(page)


def test_connections_pages(page, login, user, assert_accessible):
    connection = factories.ConnectionFactory(owner=user, name="Warehouse DB")
    login(page, user)
    page.goto("/connections/")
    expect(page.get_by_role("link", name="Warehouse DB")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/connections/{connection.pk}/")
    assert_accessible(page)
    page.goto("/connections/new/?kind=postgresql")
    expect(page.get_by_label("Secret: password")).to_have_attribute("type", "password")
    assert_accessible(page)


def test_inbox_mark_read(page, login, user, assert_accessible):
    notification_create(user=user, title="Run 12 failed", level="error")
    notification_create(user=user, title="Run 13 succeeded", level="success")
    login(page, user)
    page.goto("/notifications/")
    expect(page.locator("#unread-badge")).to_have_text("2")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"Mark read\W+Run 12 failed")).click()
    expect(page.locator(".inbox-unread-count")).to_have_text("1")
    expect(page.locator("#unread-badge")).to_have_text("1")
    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator(".inbox-unread-count")).to_have_text("0")


def test_files_page_upload_and_schema(page, login, user, assert_accessible, tmp_path, e2e_dirs):
    login(page, user)
    page.goto("/files/")
    assert_accessible(page)
    sample = tmp_path / "browser-upload.csv"
    sample.write_text("city,visits\nOslo,3\nLima,5\n")
    page.locator("#id_file").set_input_files(str(sample))
    page.get_by_label("Folder in your upload area").fill("browser")
    page.get_by_role("button", name="Upload").click()
    area = f"uploads/{user.pk}"  # each user uploads into their own area (docs/files.md)
    expect(page).to_have_url(re.compile(rf"inspect={area}/browser/browser-upload\.csv"))
    expect(page.get_by_role("heading", name=f"{area}/browser/browser-upload.csv")).to_be_visible()
    expect(page.get_by_role("cell", name="visits")).to_be_visible()
    assert (e2e_dirs / "data" / area / "browser" / "browser-upload.csv").read_text().startswith("city,visits")
    assert_accessible(page)


# --- themes and small screens (issue 18; every page in each theme: test_look.py) ------------------------------


def _themed_world(user):
    from accounts.preferences import preferences_update

    pipeline = versioned_pipeline(user, NODES, name="Themed pipeline")
    execution = execution_start(pipeline=pipeline, user=user)
    wait_for(lambda: Execution.objects.get(pk=execution.pk).status in Execution.FINISHED, what="the run to end")
    notification_create(user=user, title="Run failed", level="error")
    return {"pipeline": pipeline.pk, "execution": execution.pk}, preferences_update


def test_system_theme_follows_the_browser_before_paint(page, login, user):
    page.emulate_media(color_scheme="dark")
    login(page, user)
    # What the document says at its first script, before any bundle ran.
    page.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => {"
        " window.__themeAtReady = document.documentElement.getAttribute('data-bs-theme'); }, {once: true});"
    )
    page.goto("/")
    assert page.evaluate("window.__themeAtReady") == "dark"
    page.emulate_media(color_scheme="light")
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "light")  # and follows a switch


PHONE_PAGES = [
    "/",
    "/pipelines/",
    "/pipelines/{pipeline}/",
    "/executions/",
    "/executions/{execution}/",
    "/monitoring/",
    "/monitoring/system/",
    "/quality/",
    "/lineage/",
    "/templates/",
    "/files/",
    "/connections/",
    "/alerts/",
    "/notifications/",
    "/account/preferences/",
    "/account/tokens/",
    "/account/sessions/",
]


def test_pages_fit_a_phone(browser, live_url, login, user, request):
    """At 390×844 no page scrolls sideways (wide tables scroll in their own box) and the navbar folds."""
    ids, _update = _themed_world(user)
    context = browser.new_context(base_url=live_url, viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = context.new_page()
        login(page, user)
        overflowing = []
        for path in PHONE_PAGES:
            url = path.format(**ids)
            page.goto(url)
            page.wait_for_load_state("networkidle")
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if width[0] > width[1]:
                wide = page.evaluate(
                    "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right >"
                    " window.innerWidth + 1 && !e.closest('.table-responsive, pre, .react-flow')).slice(0, 3)"
                    ".map(e => e.tagName + '.' + e.className + '#' + e.id)"
                )
                overflowing.append(f"{url}: {width[0]}px > {width[1]}px ({wide})")
        assert not overflowing, "pages wider than the phone:\n" + "\n".join(overflowing)
        page.goto("/")
        expect(page.locator("#main-nav")).to_be_hidden()
        page.get_by_role("button", name="Toggle navigation").click()
        expect(page.get_by_role("link", name="Pipelines")).to_be_visible()
        page.goto(f"/pipelines/{ids['pipeline']}/builder/")
        expect(page.get_by_role("status").filter(has_text="needs a wider screen")).to_be_visible()
        expect(page.locator(".sluice-builder-small .sluice-node")).to_have_count(len(NODES))
    finally:
        context.close()
