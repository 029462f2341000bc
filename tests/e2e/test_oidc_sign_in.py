"""OIDC sign-in end to end (issue 18) against a real OpenID Connect provider that this test starts: the
django-oauth-toolkit project of tests/oidc_provider/, in its own process (runserver on a free port), with
its own SQLite database and an RSA key generated here. Sluice discovers the endpoints, sends the browser
(httpx, following each redirect by hand) to the provider's sign-in and consent, takes the code back,
exchanges it over HTTP, checks the ID token against the provider's keys and creates the user with the role
its groups map to; a second sign-in with other groups changes the role."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.test import Client

from accounts import oidc
from accounts.models import AuditEvent
from pipelines import roles

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID, CLIENT_SECRET = "sluice-test", "sluice-test-secret-0123456789"
REDIRECT = "http://testserver/oidc/callback/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Provider:
    def __init__(self, tmp: Path):
        self.port = _free_port()
        self.issuer = f"http://127.0.0.1:{self.port}/o"
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        (tmp / "key.pem").write_bytes(pem)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
            "PYTHONPATH": str(ROOT),
            "OIDC_PROVIDER_DB": str(tmp / "provider.sqlite3"),
            "OIDC_PROVIDER_KEY": str(tmp / "key.pem"),
            "OIDC_PROVIDER_ISSUER": self.issuer,
        }
        self.process = None

    def run(self, *args: str) -> None:
        subprocess.run([sys.executable, *args], env=self.env, cwd=ROOT, check=True, capture_output=True, timeout=120)

    def user(self, name: str, email: str, groups: str) -> None:
        self.run("-m", "tests.oidc_provider.seed", "user", name, "provider-pass-1", email, groups)

    def start(self) -> None:
        self.run("-m", "django", "migrate", "--noinput")
        self.run("-m", "tests.oidc_provider.seed", "client", CLIENT_ID, CLIENT_SECRET, REDIRECT)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.issuer}/.well-known/openid-configuration", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise RuntimeError("the OIDC provider did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    p = Provider(tmp_path_factory.mktemp("oidc-provider"))
    p.start()
    yield p
    p.stop()


@pytest.fixture
def sso(settings, provider):
    settings.SLUICE_OIDC_ISSUER = provider.issuer
    settings.SLUICE_OIDC_PROVIDER_NAME = "Test IdP"
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.SLUICE_OIDC_ROLE_MAP = {"sluice-admins": "admin", "data-eng": "editor"}
    settings.SLUICE_OIDC_DEFAULT_ROLE = ""
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "accounts.oidc.SluiceOIDCBackend"]
    oidc._discovered.clear()
    yield provider
    oidc._discovered.clear()


def sign_in(provider: Provider, username: str) -> tuple[Client, object]:
    """The whole redirect dance: Sluice → the provider's authorize → its sign-in form → authorize → Sluice's
    callback (which exchanges the code with the provider over HTTP). Returns Sluice's client and answer."""
    sluice = Client()
    to_provider = sluice.get("/oidc/authenticate/?next=/pipelines/")
    assert to_provider.status_code == 302 and to_provider.url.startswith(f"{provider.issuer}/authorize/")
    with httpx.Client(base_url=f"http://127.0.0.1:{provider.port}", follow_redirects=False, timeout=20) as idp:
        to_login = idp.get(to_provider.url)
        assert to_login.status_code == 302 and "/accounts/login/" in to_login.headers["location"]
        form = idp.get(to_login.headers["location"])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        nxt = re.search(r'name="next" value="([^"]*)"', form.text).group(1).replace("&amp;", "&")
        signed = idp.post(
            to_login.headers["location"],
            data={"csrfmiddlewaretoken": token, "username": username, "password": "provider-pass-1", "next": nxt},
            headers={"Referer": str(form.url)},
        )
        assert signed.status_code == 302, signed.text[:500]
        back = idp.get(signed.headers["location"])
        assert back.status_code == 302 and back.headers["location"].startswith(REDIRECT), back.text[:500]
    callback = urlsplit(back.headers["location"])
    return sluice, sluice.get(f"{callback.path}?{callback.query}")


def test_first_sign_in_creates_the_user_with_the_mapped_role_and_a_second_updates_it(sso):
    sso.user("dana", "dana@corp.example", "data-eng,unrelated")
    sluice, answer = sign_in(sso, "dana")
    assert answer.status_code == 302 and answer.url == "/pipelines/"
    user = get_user_model().objects.get(email="dana@corp.example")
    assert user.username == "dana" and not user.has_usable_password()
    assert roles.user_role(user) == "editor"
    assert sluice.get("/account/sessions/").status_code == 200  # signed in to Sluice
    created = AuditEvent.objects.get(action="user.oidc_created")
    assert created.target_id == str(user.pk) and created.changes["role"] == "editor"
    assert AuditEvent.objects.filter(action="auth.signed_in", actor=user).exists()

    sso.user("dana", "dana@corp.example", "sluice-admins")
    _, again = sign_in(sso, "dana")
    assert again.status_code == 302
    assert get_user_model().objects.filter(email="dana@corp.example").count() == 1
    assert roles.user_role(get_user_model().objects.get(pk=user.pk)) == "admin"
    changed = AuditEvent.objects.get(action="user.role_changed")
    assert changed.actor is None and changed.changes == {"role": ["editor", "admin"], "via": "oidc"}


def test_no_mapped_group_no_entry(sso):
    sso.user("eve", "eve@corp.example", "marketing")
    sluice, answer = sign_in(sso, "eve")
    assert answer.status_code == 302 and answer.url == "/login/?sso=failed"
    assert not get_user_model().objects.filter(email="eve@corp.example").exists()
    assert sluice.get("/account/sessions/").status_code == 302
    assert b"did not succeed" in sluice.get(answer.url).content


def test_a_forged_callback_is_refused(sso):
    sluice = Client()
    sluice.get("/oidc/authenticate/")
    answer = sluice.get("/oidc/callback/?code=forged&state=forged")
    assert answer.status_code in (302, 400)
    assert sluice.get("/account/sessions/").status_code == 302
    # the right state but a code the provider never issued: refused by the provider, no 500
    state = next(iter(sluice.session["oidc_states"]))
    answer = sluice.get(f"/oidc/callback/?code=forged&state={state}")
    assert answer.status_code == 302 and answer.url == "/login/?sso=failed"
    # a password form posted with ?code= is not an OIDC sign-in
    posted = Client().post("/login/?code=x&state=y", {"username": "nobody", "password": "x"})
    assert posted.status_code == 200


def test_the_login_page_offers_the_provider_and_local_passwords_can_be_off(sso, settings, editor):
    page = Client().get("/login/").content.decode()
    assert "Sign in with Test IdP" in page and 'name="password"' in page
    settings.SLUICE_LOCAL_PASSWORDS = False
    settings.AUTHENTICATION_BACKENDS = [
        b for b in settings.AUTHENTICATION_BACKENDS if b != "django.contrib.auth.backends.ModelBackend"
    ]
    page = Client().get("/login/").content.decode()
    assert "Sign in with Test IdP" in page and 'name="password"' not in page
    refused = Client().post("/login/", {"username": editor.username, "password": "pass-word-123"})
    assert refused.status_code == 200 and "_auth_user_id" not in refused.wsgi_request.session
    token = Client().post(
        "/api/auth/token/", {"username": editor.username, "password": "pass-word-123"}, content_type="application/json"
    )
    assert token.status_code == 401


def test_off_when_not_configured(db):
    assert Client().get("/oidc/authenticate/").status_code == 404
    assert Client().get("/oidc/callback/?code=x&state=y").status_code == 404
    assert "Sign in with" not in Client().get("/login/").content.decode()


def test_without_a_role_map_the_default_role_is_only_the_first(sso, settings):
    settings.SLUICE_OIDC_ROLE_MAP = {}
    settings.SLUICE_OIDC_DEFAULT_ROLE = "viewer"
    sso.user("gus", "gus@corp.example", "")
    sign_in(sso, "gus")
    user = get_user_model().objects.get(email="gus@corp.example")
    assert roles.user_role(user) == "viewer"
    from accounts.users import user_set_role

    user_set_role(actor=get_user_model().objects.create_user("boss", is_staff=True), user=user, role="operator")
    sign_in(sso, "gus")
    assert roles.user_role(get_user_model().objects.get(pk=user.pk)) == "operator"
