"""Headers on every page: Content-Security-Policy (no inline or eval'd script, except 'unsafe-eval' on the
builder alone), CORS off by default and on for the configured origins only; and the templates hold no
inline script or event handler the policy would refuse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.fixture
def admin_client(client):
    client.force_login(factories.UserFactory(role="operator", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/pipelines/",
        "/executions/",
        "/monitoring/",
        "/alerts/",
        "/admin/",
        "/api/pipelines/?format=api",
        "/api/docs/",
        "/api/pipelines/",
        "/healthz",
    ],
)
def test_every_response_carries_the_strict_policy(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 200, path
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no other origin
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]


def test_signed_out_pages_carry_it_too(client):
    for path in ("/login/", "/admin/login/", "/api/auth/login/"):
        assert directives(client.get(path))["script-src"] == ["'self'"], path


def test_only_the_builder_may_eval(client, editor):
    pipeline = factories.PipelineFactory(owner=editor)
    client.force_login(editor)
    policy = directives(client.get(f"/pipelines/{pipeline.pk}/builder/"))
    assert policy["script-src"] == ["'self'", "'unsafe-eval'"]
    assert directives(client.get(f"/pipelines/{pipeline.pk}/"))["script-src"] == ["'self'"]


def test_report_only_mode(client, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    response = client.get("/login/")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)


def test_templates_have_no_inline_script_or_event_handler():
    """Scripts load from static files (a src) or carry the request's nonce; data goes in
    <script type="application/json"> (json_script), which never runs."""
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for attrs in SCRIPT.findall(text):
            if "src=" not in attrs and "csp_nonce" not in attrs and "application/json" not in attrs:
                offenders.append(f"{path.relative_to(TEMPLATES)}: <script{attrs}>")
        offenders += [f"{path.relative_to(TEMPLATES)}: {m.group(0).strip()}" for m in HANDLER.finditer(text)]
        if "javascript:" in text:
            offenders.append(f"{path.relative_to(TEMPLATES)}: javascript: URL")
    assert offenders == []


def test_the_scan_finds_what_it_looks_for():
    assert SCRIPT.findall('<script>alert(1)</script><script src="/x.js"></script>') == ["", ' src="/x.js"']
    assert HANDLER.search('<form onsubmit="return confirm(1)">') and not HANDLER.search('<b data-confirm="x">')


# --- CORS ------------------------------------------------------------------------


def preflight(client, origin: str):
    return client.options(
        "/api/pipelines/",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )


def test_cors_is_off_by_default(client, client_for, user, settings):
    assert settings.CORS_ALLOWED_ORIGINS == []
    assert "Access-Control-Allow-Origin" not in preflight(client, "https://app.example.com")
    response = client_for(user).get("/api/pipelines/", HTTP_ORIGIN="https://app.example.com")
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response


def test_cors_answers_the_configured_origins_only(client, client_for, user, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    allowed = preflight(client, "https://app.example.com")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "authorization" in allowed["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in allowed  # bearer tokens, not cookies, cross-origin
    assert "Access-Control-Allow-Origin" not in preflight(client, "https://evil.example.com")
    api = client_for(user)
    assert api.get("/api/pipelines/", HTTP_ORIGIN="https://app.example.com")["Access-Control-Allow-Origin"] == (
        "https://app.example.com"
    )
    assert "Access-Control-Allow-Origin" not in api.get("/api/pipelines/", HTTP_ORIGIN="https://evil.example.com")
    # Only the API answers cross-origin; the pages never do.
    client.force_login(user)
    assert "Access-Control-Allow-Origin" not in client.get("/pipelines/", HTTP_ORIGIN="https://app.example.com")
