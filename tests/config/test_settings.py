"""Settings fail loudly in production and keep generated secrets outside of it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROD = {
    "SLUICE_MODE": "production",
    "SECRET_KEY": "x" * 50,
    "SLUICE_FERNET_KEYS": "Ck3ZCqTe3Kb4WnSx8C7qSgSJxJH0Q9VxtDZ8KkEGm8U=",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "sluice.example.com",
}


def load_settings(
    env: dict[str, str], var_dir: Path, *, show: str = "settings.SECRET_KEY"
) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PROD and k not in ("PYTEST_VERSION", "_RJEM_MALLOC_CONF")}
    clean.update(env, SLUICE_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="config.settings")
    code = f"import os, django; django.setup(); from django.conf import settings; print({show})"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def test_production_settings_load_when_complete(tmp_path):
    out = load_settings(PROD, tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "x" * 50


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SLUICE_FERNET_KEYS", "ALLOWED_HOSTS"])
def test_production_names_the_missing_variable(tmp_path, missing):
    env = {k: v for k, v in PROD.items() if k != missing}
    out = load_settings(env, tmp_path)
    assert out.returncode != 0
    assert f"{missing} must be set" in out.stderr
    assert not (tmp_path / "secret_key").exists()  # production never invents secrets


def test_embedded_generates_secret_once_and_keeps_it(tmp_path):
    first = load_settings({"SLUICE_MODE": "embedded"}, tmp_path)
    assert first.returncode == 0, first.stderr
    second = load_settings({"SLUICE_MODE": "embedded"}, tmp_path)
    key = first.stdout.strip()
    assert len(key) >= 50 and key == second.stdout.strip()
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert (tmp_path / "fernet_key").exists()


def test_unknown_mode_is_refused(tmp_path):
    out = load_settings({"SLUICE_MODE": "staging"}, tmp_path)
    assert out.returncode != 0 and "SLUICE_MODE must be" in out.stderr


POLARS_DEFAULT = "dirty_decay_ms:500,muzzy_decay_ms:1000"  # what a parent that imported Polars passes down


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, f"{POLARS_DEFAULT},dirty_decay_ms:250,muzzy_decay_ms:0"),
        (
            {"_RJEM_MALLOC_CONF": POLARS_DEFAULT},
            f"{POLARS_DEFAULT},{POLARS_DEFAULT},dirty_decay_ms:250,muzzy_decay_ms:0",
        ),
        ({"SLUICE_MALLOC_CONF": "dirty_decay_ms:0"}, f"{POLARS_DEFAULT},dirty_decay_ms:0"),
        ({"SLUICE_MALLOC_CONF": ""}, POLARS_DEFAULT),
    ],
)
def test_polars_allocator_hands_memory_back_sooner(tmp_path, env, expected):
    """jemalloc reads the last value of an option: SLUICE_MALLOC_CONF goes after Polars' defaults, even
    when a parent process passed those down, and Polars (loaded by django.setup) keeps it last."""
    out = load_settings({"SLUICE_MODE": "embedded", **env}, tmp_path, show="os.environ['_RJEM_MALLOC_CONF']")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == expected
