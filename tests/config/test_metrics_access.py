"""/metrics: open outside production unless a gate is configured; with SLUICE_METRICS_TOKEN a bearer
token, with SLUICE_METRICS_ALLOWED_IPS an allowed address (CIDRs); closed in production without either."""

from __future__ import annotations

import pytest

from monitoring import prometheus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_networks():
    prometheus._networks.cache_clear()
    yield
    prometheus._networks.cache_clear()


def get(client, *, token: str | None = None, addr: str = "127.0.0.1"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    return client.get("/metrics", REMOTE_ADDR=addr, **headers)


def is_metrics(response) -> bool:
    return response.status_code == 200 and b"sluice_queue_depth" in response.content


def test_open_outside_production_when_nothing_is_configured(client, settings):
    assert settings.SLUICE_METRICS_TOKEN == "" and settings.SLUICE_METRICS_ALLOWED_IPS == []
    assert is_metrics(get(client))


def test_closed_in_production_when_nothing_is_configured(client, settings):
    settings.PRODUCTION = True
    response = get(client)
    assert response.status_code == 403 and b"SLUICE_METRICS_TOKEN" in response.content
    assert b"sluice_" not in response.content


def test_a_token_opens_it(client, settings):
    settings.PRODUCTION = True
    settings.SLUICE_METRICS_TOKEN = "s3cret-scrape-token"
    missing = get(client)
    assert missing.status_code == 401 and missing["WWW-Authenticate"].startswith("Bearer")
    assert b"sluice_" not in missing.content
    wrong = get(client, token="s3cret-scrape-tokeN")
    assert wrong.status_code == 401 and b"Wrong" in wrong.content
    assert get(client, token="").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Basic czNjcmV0").status_code == 401
    assert is_metrics(get(client, token="s3cret-scrape-token"))


def test_allowed_addresses_open_it(client, settings):
    settings.PRODUCTION = True
    settings.SLUICE_METRICS_ALLOWED_IPS = ["10.0.0.0/8", "192.168.1.7", "fd00::/8"]
    assert is_metrics(get(client, addr="10.1.2.3"))
    assert is_metrics(get(client, addr="192.168.1.7"))
    assert is_metrics(get(client, addr="fd00::5"))
    assert is_metrics(get(client, addr="::ffff:10.9.9.9"))  # an IPv4 peer on a dual-stack socket
    for addr in ("192.168.1.8", "127.0.0.1", "11.0.0.1"):
        response = get(client, addr=addr)
        assert response.status_code == 403 and b"sluice_" not in response.content, addr


def test_token_or_address(client, settings):
    settings.PRODUCTION = True
    settings.SLUICE_METRICS_TOKEN = "tok"
    settings.SLUICE_METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert is_metrics(get(client, addr="10.1.1.1"))  # allowed address, no token
    assert is_metrics(get(client, token="tok", addr="8.8.8.8"))  # token from anywhere
    assert get(client, addr="8.8.8.8").status_code == 401
    assert get(client, token="nope", addr="8.8.8.8").status_code == 401


def test_a_configured_gate_applies_outside_production_too(client, settings):
    settings.SLUICE_METRICS_TOKEN = "tok"
    assert get(client).status_code == 401
    assert is_metrics(get(client, token="tok"))


def test_a_bad_cidr_is_named(client, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.SLUICE_METRICS_ALLOWED_IPS = ["10.0.0.0/33"]
    with pytest.raises(ImproperlyConfigured, match=r"10\.0\.0\.0/33"):
        get(client, addr="10.0.0.1")


def test_probes_and_metrics_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/metrics").status_code == 200
    redirected = client.get("/login/")
    assert redirected.status_code == 301 and redirected["Location"].startswith("https://")
