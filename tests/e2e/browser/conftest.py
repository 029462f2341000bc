"""Browser fixtures: Debian's Chromium driven by Playwright against the e2e daphne server.

``live_url`` is a real daphne (HTTP + WebSockets) with a real Celery worker behind it, on the test
database; ``page`` is a fresh browser context per test that saves a screenshot under test-results/
when the test fails; ``login(page, user)`` gives the page that user's session; ``assert_accessible``
runs axe-core in the page and fails on serious or critical violations.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
RESULTS = ROOT / "test-results"
CHROMIUM = os.environ.get("SLUICE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"

# Playwright's sync API keeps an event loop in another greenlet of this thread; the test's own ORM calls
# are still synchronous, so Django's async-safety guard would refuse them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="module")
def browser():
    """Per module, not per session: Playwright's sync API keeps an event loop running in this thread
    while it is open, and the next modules on this xdist worker (websocket tests) need asyncio.run."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make chromium` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def live_url(daphne_server, on_celery) -> str:
    """Base URL of the daphne server; runs dispatched by the test process go to the session's worker."""
    return f"http://{daphne_server}"


@pytest.fixture
def page(browser, live_url, request):
    context = browser.new_context(base_url=live_url, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(15_000)
    # Every securitypolicyviolation event of every document, and Chromium's console report of it: a test
    # whose pages break the Content-Security-Policy fails (after the test, at teardown).
    context.add_init_script(CSP_RECORDER)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors  # tests may assert the page ran without uncaught exceptions
    csp_errors: list[str] = []
    page.on("console", lambda msg: _is_csp_report(msg.text) and csp_errors.append(f"{page.url}: {msg.text}"))
    page.csp_errors = csp_errors
    yield page
    with contextlib.suppress(Exception):  # a closed or crashed page has nothing more to say
        csp_errors.extend(f"{page.url}: {v}" for v in page.evaluate("window.__cspViolations || []"))
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        with contextlib.suppress(Exception):  # a crashed page still lets the failure report itself
            page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
    context.close()
    if csp_errors and not (failed is not None and failed.failed):
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(csp_errors)))


CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = e.sourceFile ? `${e.sourceFile}:${e.lineNumber}` : (e.target && e.target.outerHTML || "").slice(0, 160);
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${where})`);
});
"""


def _is_csp_report(text: str) -> bool:
    return "Content Security Policy" in text or "Content-Security-Policy" in text


@pytest.fixture
def login(live_url):
    """``login(page, user)``: the page's context carries a fresh session of ``user``. The builder's guided tour
    (a dialog that takes the focus) is marked skipped for that user unless ``tour=True`` (the onboarding
    tests), so that tests of other things meet the builder as a returning user does."""
    from django.conf import settings
    from django.test import Client

    from accounts.onboarding_models import OnboardingState

    def do(page, user, *, tour: bool = False):
        if not tour:
            OnboardingState.objects.get_or_create(user=user, defaults={"tour_status": OnboardingState.Tour.SKIPPED})
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_url}])
        return page

    return do


def _axe_violations(page, *, exclude: list[str] | None = None) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make frontend` (npm ci)")
    # Evaluated through the DevTools protocol, not an inline <script> the page's CSP would refuse.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    # Colours are judged at rest: a CSS transition still running (a button whose state the page's script just
    # set) would be measured halfway. Reduced motion turns Bootstrap's transitions off (one starting during the
    # scan is a jump, not a fade; finishing the running ones alone still let the navbar's button be caught
    # mid-fade once), running finite ones are finished, endless ones (spinners) are left as they are.
    page.emulate_media(reduced_motion="reduce")
    page.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => {"
        " document.getAnimations().forEach((a) => { try { a.finish(); } catch (e) {} });"
        " requestAnimationFrame(() => done()); }))"
    )
    result = page.evaluate(
        "async (context) => await axe.run(context || document, {resultTypes: ['violations']})", context
    )
    return [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]


def _summary(node: dict) -> str:
    """axe's failure summary of a node on one line ("Fix any of the following: Element has insufficient ...")."""
    return " ".join((node.get("failureSummary") or "").split())[:300]


@pytest.fixture
def assert_accessible():
    """``assert_accessible(page)``: no serious or critical axe-core violation on the current page."""

    def check(page, *, exclude: list[str] | None = None):
        violations = _axe_violations(page, exclude=exclude)
        if violations:
            # Each node with axe's own account of it (for color-contrast: the colours and the ratio it measured).
            lines = [
                f"{v['id']} ({v['impact']}): {v['help']} — "
                + "; ".join(f"{json.dumps(node['target'])} {_summary(node)}" for node in v["nodes"][:5])
                for v in violations
            ]
            summary = f"axe-core found {len(violations)} serious/critical violation(s) on {page.url}:"
            pytest.fail("\n".join([summary, *lines]))

    return check
