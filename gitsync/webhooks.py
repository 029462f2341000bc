"""Webhook signatures of the git hosts, checked in constant time against a repository's secret.

- GitHub: ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>``;
- Gitea (and Forgejo): ``X-Gitea-Signature: <hex HMAC-SHA256 of the body>``;
- GitLab: ``X-Gitlab-Token: <the secret itself>``.
"""

from __future__ import annotations

import hashlib
import hmac

HEADERS = ("X-Hub-Signature-256", "X-Gitea-Signature", "X-Gitlab-Token")


def signature_of(headers) -> tuple[str, str] | None:
    """``(provider, value)`` of the first signature header present, or None when the request is unsigned."""
    for name, provider in zip(HEADERS, ("github", "gitea", "gitlab"), strict=True):
        value = headers.get(name)
        if value:
            return provider, value.strip()
    return None


def _hmac(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(*, provider: str, value: str, secret: str, body: bytes) -> bool:
    if not secret:
        return False
    if provider == "github":
        expected = "sha256=" + _hmac(secret, body)
    elif provider == "gitea":
        expected = _hmac(secret, body)
    elif provider == "gitlab":
        expected = secret
    else:
        return False
    return hmac.compare_digest(expected.encode(), value.encode())


def sign(*, provider: str, secret: str, body: bytes) -> dict[str, str]:
    """The headers a host would send (tests, docs)."""
    if provider == "github":
        return {"X-Hub-Signature-256": "sha256=" + _hmac(secret, body)}
    if provider == "gitea":
        return {"X-Gitea-Signature": _hmac(secret, body)}
    return {"X-Gitlab-Token": secret}
