"""Content-Security-Policy in Chromium: every kind of page (the app's, the builder, the admin, Swagger UI,
the browsable API, the lockout page) renders and runs under the enforced policy with no violation.
The page fixture (conftest) also fails any other browser test whose pages break the policy."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from executions.models import Execution
from executions.services import execution_start
from monitoring.models import AlertRule
from notifications.services import notification_create
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
    {"key": "sink", "type": "e2e.sink", "config": {"name": "csp"}},
]


def _violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations") + page.csp_errors


def _visit(page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    page.wait_for_load_state("networkidle")
    assert _violations(page) == [], f"{path}: {_violations(page)}"


def test_every_page_runs_under_the_policy(page, login, live_url):
    admin = factories.UserFactory(role="operator", is_staff=True, is_superuser=True)
    pipeline = versioned_pipeline(admin, NODES, name="CSP pipeline")
    execution = execution_start(pipeline=pipeline, user=admin)
    wait_for(lambda: Execution.objects.get(pk=execution.pk).status in Execution.FINISHED, what="the run to end")
    connection = factories.ConnectionFactory(owner=admin)
    rule = AlertRule.objects.create(name="CSP rule", kind=AlertRule.Kind.choices[0][0], pipeline=pipeline)
    notification_create(user=admin, title="CSP")
    login(page, admin)
    for path in (
        "/",
        "/pipelines/",
        "/pipelines/new/",
        f"/pipelines/{pipeline.pk}/",
        f"/executions/{execution.pk}/",
        "/executions/",
        "/monitoring/",
        f"/monitoring/?pipeline={pipeline.pk}",
        "/monitoring/system/",
        "/templates/",
        "/files/",
        "/connections/",
        f"/connections/{connection.pk}/",
        "/connections/new/",
        "/alerts/",
        f"/alerts/rules/{rule.pk}/edit/",
        "/notifications/",
        "/admin/",
        "/admin/pipelines/pipeline/",
        f"/admin/pipelines/pipeline/{pipeline.pk}/change/",
        "/admin/axes/accessattempt/",
        "/api/pipelines/",  # the browsable API
    ):
        _visit(page, path)
    # connect-src 'self' lets the live client open its same-origin ws:// socket (CSP Level 3).
    page.goto("/")
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    # The charts drew (ECharts under the policy) and the DAG (dag.js, elkjs) laid out.
    page.goto(f"/executions/{execution.pk}/")
    expect(page.locator("#timeline-chart canvas, #timeline-chart svg").first).to_be_visible()
    expect(page.locator("#dag-root .react-flow__node").first).to_be_visible()
    assert _violations(page) == []


def test_swagger_ui_loads_its_script_from_a_url(page, live_url):
    """drf-spectacular's split view: the page's initialising script is a request of its own, not inline."""
    _visit(page, "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Sluice API")
    assert _violations(page) == []


def test_builder_runs_under_the_policy(page, login, live_url, editor):
    pipeline = versioned_pipeline(editor, NODES, name="CSP builder")
    login(page, editor)
    _visit(page, f"/pipelines/{pipeline.pk}/builder/")
    node = page.locator('.react-flow__node[data-id="numbers"]')
    expect(node).to_be_visible()
    node.click()  # the node's form (@rjsf) opens
    expect(page.locator("#node-panel-title")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert _violations(page) == []


def test_a_confirmed_form_asks_first_without_an_inline_handler(page, login, live_url):
    admin = factories.UserFactory(role="operator", is_staff=True, is_superuser=True)
    pipeline = versioned_pipeline(admin, NODES, name="CSP alerts")
    rule = AlertRule.objects.create(name="Doomed rule", kind=AlertRule.Kind.choices[0][0], pipeline=pipeline)
    login(page, admin)
    _visit(page, "/alerts/")
    questions: list[str] = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss() if len(questions) == 1 else dialog.accept()

    page.on("dialog", answer)
    page.get_by_role("button", name="Delete Doomed rule").click()
    assert questions == ["Delete this rule and its alert history?"]
    assert AlertRule.objects.filter(pk=rule.pk).exists()  # dismissed: nothing sent
    page.get_by_role("button", name="Delete Doomed rule").click()
    wait_for(lambda: not AlertRule.objects.filter(pk=rule.pk).exists(), timeout=15, what="the rule to go")
    assert _violations(page) == []


def test_the_sign_in_lockout_page_runs_under_the_policy(page, live_url, user):
    page.goto("/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in locked")
    expect(page.locator("#locked-out")).to_contain_text(re.compile("locked for 15 minutes"))
    assert _violations(page) == []


def test_an_injected_handler_is_blocked_and_reported(page, live_url):
    """The policy is enforced (the handler does not run) and the fixtures see the violation (which is
    what fails any other browser test that breaks the policy)."""
    _visit(page, "/login/")
    injected = """<img src="/static/none.png" onerror="window.ran = 1">"""
    page.evaluate("(html) => document.body.insertAdjacentHTML('beforeend', html)", injected)
    page.wait_for_function("window.__cspViolations.length > 0")
    for _ in range(50):  # Chromium's console report arrives on its own schedule
        if page.csp_errors:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("window.ran") is None
    assert any("script-src-attr" in v for v in page.evaluate("window.__cspViolations"))
    assert any("Content Security Policy" in e for e in page.csp_errors)
    # Expected here: clear them so that the fixture's own check passes.
    page.evaluate("window.__cspViolations.length = 0")
    page.csp_errors.clear()
