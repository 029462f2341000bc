"""Delivery channels: in-app (the inbox), email (Django's email backend), webhook (a JSON POST signed
with HMAC-SHA256, retried with backoff). Webhook URLs pass a guard that the pipelines app registers
(its SSRF check), so notifications knows no other app."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx
from django.conf import settings
from django.core.mail import send_mail

log = logging.getLogger("sluice.delivery")
_url_guard: Callable[[str], None] | None = None
# email_hold(address, subject, body) -> "send" | "hold" | "skip": the recipient's channels and quiet hours
# (registered by the accounts app, which keeps what it holds and sends it later).
_email_hold: Callable[[str, str, str], str] | None = None
# inbox_wanted(user) -> bool: whether the user takes notifications in the app (the inbox); registered by the
# accounts app from the user's channels. Without a hook, everyone does.
_inbox_wanted: Callable[[Any], bool] | None = None
SIGNATURE_HEADER = "X-Sluice-Signature"


def set_url_guard(guard: Callable[[str], None]) -> None:
    """``guard(url)`` raises ValueError for a URL webhooks must not reach."""
    global _url_guard
    _url_guard = guard


def set_email_hold(hook: Callable[[str, str, str], str] | None) -> None:
    """``hook(address, subject, body)`` answers "send", "hold" (it keeps the email to send later) or "skip"."""
    global _email_hold
    _email_hold = hook


def set_inbox_filter(hook: Callable[[Any], bool] | None) -> None:
    """``hook(user)`` answers whether ``user`` wants in-app (inbox) notifications."""
    global _inbox_wanted
    _inbox_wanted = hook


def inbox_wanted(user) -> bool:
    return _inbox_wanted is None or _inbox_wanted(user)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def send_webhook(
    *,
    url: str,
    payload: dict[str, Any],
    secret: str = "",
    attempts: int = 3,
    backoff: float = 1.0,
    timeout: float = 10.0,
) -> tuple[bool, str]:
    """POST ``payload`` as JSON; returns (delivered, detail). Never raises for network errors."""
    if _url_guard is not None:
        try:
            _url_guard(url)
        except ValueError as exc:
            return False, f"refused: {exc}"
    body = json.dumps(payload, sort_keys=True, default=str).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "Sluice-Webhook/1"}
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, body)
    detail = ""
    for attempt in range(1, attempts + 1):
        try:
            response = httpx.post(url, content=body, headers=headers, timeout=timeout, follow_redirects=False)
            if response.status_code < 300:
                return True, f"HTTP {response.status_code}"
            detail = f"HTTP {response.status_code}"
            if response.status_code < 500 and response.status_code != 429:
                return False, detail
        except httpx.HTTPError as exc:
            detail = f"{type(exc).__name__}: {exc}"
        if attempt < attempts:
            time.sleep(backoff * 2 ** (attempt - 1))
    log.warning("webhook to %s failed after %s attempts: %s", url, attempts, detail)
    return False, detail


def send_email(*, to: list[str], subject: str, body: str, hold: bool = True) -> tuple[bool, str]:
    """Email ``to``; with ``hold``, recipients in their quiet hours get it later and those who turned
    email off do not get it (the registered hook decides)."""
    if not to:
        return False, "no recipients"
    held = 0
    if hold and _email_hold is not None:
        decisions = {address: _email_hold(address, subject[:200], body) for address in to}
        held = sum(1 for d in decisions.values() if d == "hold")
        to = [address for address, d in decisions.items() if d == "send"]
        if not to:
            return True, f"held for {held} (quiet hours)" if held else "no recipient wants email"
    try:
        send_mail(subject[:200], body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)
        return True, f"sent to {len(to)}" + (f", held for {held} (quiet hours)" if held else "")
    except Exception as exc:  # SMTP problems are reported on the alert, not raised
        return False, f"{type(exc).__name__}: {exc}"
