"""Fernet encryption for secrets at rest (keys in settings.FERNET_KEYS; the first encrypts)."""

from __future__ import annotations

import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.strip().encode()) for k in settings.FERNET_KEYS if k.strip()])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured("SLUICE_FERNET_KEYS holds an invalid Fernet key") from exc


def encrypt_json(data: dict) -> str:
    return _fernet().encrypt(json.dumps(data, sort_keys=True).encode()).decode()


def decrypt_json(token: str) -> dict:
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A stored secret cannot be decrypted with SLUICE_FERNET_KEYS (was the key changed?)"
        ) from exc
