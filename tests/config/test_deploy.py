"""Production security settings: Secure, HttpOnly, SameSite cookies, HSTS and the HTTPS redirect by
default, each configurable, and `manage.py check --deploy` clean in production mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.config.test_settings import PROD as _PROD
from tests.config.test_settings import ROOT, load_settings

# check --deploy wants a key with some variety in it.
PROD = {**_PROD, "SECRET_KEY": "k3Y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN"}

SECURITY = (
    "[settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_SAMESITE, "
    "settings.CSRF_COOKIE_SECURE, settings.CSRF_COOKIE_HTTPONLY, settings.CSRF_COOKIE_SAMESITE, "
    "settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD, "
    "settings.SECURE_SSL_REDIRECT, settings.CORS_ALLOWED_ORIGINS, settings.SLUICE_METRICS_TOKEN]"
)


def security(env, tmp_path) -> list:
    out = load_settings(env, tmp_path, show=f"__import__('json').dumps({SECURITY})")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def check_deploy(env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in _PROD and k not in ("PYTEST_VERSION", "_RJEM_MALLOC_CONF", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    clean.update(env, SLUICE_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings", LOG_LEVEL="WARNING")
    cmd = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(cmd, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def test_production_defaults_are_locked_down(tmp_path):
    assert security(PROD, tmp_path) == [True, True, "Lax", True, True, "Lax", 31536000, True, False, True, [], ""]


def test_outside_production_cookies_work_over_plain_http(tmp_path):
    values = security({"SLUICE_MODE": "embedded"}, tmp_path)
    assert values[0] is False and values[3] is False and values[6] == 0 and values[9] is False


def test_each_setting_can_be_changed(tmp_path):
    env = {
        **PROD,
        "SECURE_HSTS_SECONDS": "600",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "false",
        "SECURE_HSTS_PRELOAD": "true",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SAMESITE": "Strict",
        "CORS_ALLOWED_ORIGINS": "https://app.example.com,https://other.example.com",
        "SLUICE_METRICS_TOKEN": "t0ken",
    }
    values = security(env, tmp_path)
    assert values[2] == "Strict" and values[6:11] == [
        600,
        False,
        True,
        False,
        ["https://app.example.com", "https://other.example.com"],
    ]
    assert values[11] == "t0ken"


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    out = check_deploy(PROD, tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "WARNINGS" not in out.stderr + out.stdout and "no issues" in out.stdout


@pytest.mark.parametrize(
    ("env", "warning"),
    [
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"SECURE_SSL_REDIRECT": "false"}, "security.W008"),
        ({"SESSION_COOKIE_SECURE": "false"}, "security.W012"),
        ({"CSRF_COOKIE_SECURE": "false"}, "security.W016"),
    ],
)
def test_check_deploy_names_a_weakened_setting(tmp_path, env, warning):
    """The clean result above is not a silenced check: weakening one setting brings its warning back."""
    out = check_deploy({**PROD, **env}, tmp_path)
    assert out.returncode != 0 and warning in out.stderr + out.stdout


LIMITS = (
    "[settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds(), settings.AXES_LOCKOUT_PARAMETERS, "
    "settings.REST_FRAMEWORK['NUM_PROXIES'], settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'], "
    "settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1], settings.AUTHENTICATION_BACKENDS[0]]"
)


def test_limits_and_their_cache_per_mode(tmp_path):
    out = load_settings(PROD, tmp_path, show=f"__import__('json').dumps({LIMITS})")
    assert out.returncode == 0, out.stderr
    limit, cooloff, parameters, proxies, rates, cache, backend = json.loads(out.stdout.strip().splitlines()[-1])
    assert (limit, cooloff, parameters, proxies) == (5, 900, ["username", "ip_address"], 0)
    assert rates == {"anon": "60/min", "user": "1200/min", "auth": "20/min"}
    assert cache == "RedisCache" and backend == "axes.backends.AxesStandaloneBackend"

    env = {
        "SLUICE_MODE": "embedded",
        "SLUICE_LOGIN_FAILURE_LIMIT": "7",
        "SLUICE_LOGIN_COOLOFF_MINUTES": "30",
        "SLUICE_LOGIN_LOCKOUT_PARAMETERS": "username+ip_address",
        "SLUICE_TRUSTED_PROXIES": "1",
        "SLUICE_THROTTLE_ANON": "5/min",
        "SLUICE_THROTTLE_USER": "100/hour",
        "SLUICE_THROTTLE_AUTH": "3/min",
    }
    out = load_settings(env, tmp_path, show=f"__import__('json').dumps({LIMITS})")
    assert out.returncode == 0, out.stderr
    limit, cooloff, parameters, proxies, rates, cache, _ = json.loads(out.stdout.strip().splitlines()[-1])
    assert (limit, cooloff, parameters, proxies) == (7, 1800, [["username", "ip_address"]], 1)
    assert rates == {"anon": "5/min", "user": "100/hour", "auth": "3/min"}
    assert cache == "LocMemCache"  # the embedded mode has no Redis: one process, its own memory
