"""The mode (embedded, test, production), the paths, the kept secrets and the allowed hosts."""

from __future__ import annotations

import secrets
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Under pytest (which sets PYTEST_VERSION) the default is the test mode against the local services.
SLUICE_MODE = env.str("SLUICE_MODE", default="test" if env.str("PYTEST_VERSION", default="") else "embedded")
if SLUICE_MODE not in {"embedded", "test", "production"}:
    raise ImproperlyConfigured(f"SLUICE_MODE must be embedded, test or production, not {SLUICE_MODE!r}")
EMBEDDED = SLUICE_MODE == "embedded"
PRODUCTION = SLUICE_MODE == "production"

VAR_DIR = Path(env.str("SLUICE_VAR_DIR", default=str(BASE_DIR / "var")))


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when SLUICE_MODE=production (see docs/configuration.md)")
    return value


def _kept_secret(name: str, filename: str, make) -> str:
    """A secret from the environment, or (outside production) one generated once and kept under var/."""
    value = env.str(name, default="")
    if value:
        return value
    if PRODUCTION:
        return _required(name)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / filename
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _kept_secret("SECRET_KEY", "secret_key", lambda: secrets.token_urlsafe(50))
# Comma-separated Fernet keys; the first encrypts, all decrypt (key rotation).
FERNET_KEYS = _kept_secret("SLUICE_FERNET_KEYS", "fernet_key", lambda: Fernet.generate_key().decode()).split(",")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    _required("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", default=[] if PRODUCTION else ["http://127.0.0.1:8000", "http://localhost:8000"]
)
