from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_generates_a_password_once(monkeypatch):
    monkeypatch.delenv("SLUICE_ADMIN_PASSWORD", raising=False)
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    password = out.getvalue().split("password ")[1].split(" ")[0]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password) and len(password) >= 16
    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert again.getvalue().strip() == "admin user 'admin' exists" and password not in again.getvalue()


def test_password_from_the_environment_and_empty_means_unset(monkeypatch):
    monkeypatch.setenv("SLUICE_ADMIN_PASSWORD", "from-env-pass-9")
    out = StringIO()
    call_command("ensure_admin", "--username", "boss", stdout=out)
    assert "from-env-pass-9" not in out.getvalue()
    assert get_user_model().objects.get(username="boss").check_password("from-env-pass-9")
    monkeypatch.setenv("SLUICE_ADMIN_PASSWORD", "")
    out = StringIO()
    call_command("ensure_admin", "--username", "other", stdout=out)
    assert "shown once" in out.getvalue()
