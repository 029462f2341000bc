"""API rate limits: anonymous clients per address, signed-in users per user, and a stricter limit on the
endpoints that take credentials; a 429 says how long to wait (Retry-After). The counters live in the
cache every web process shares (Redis here)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    """Small limits for the test, and counters of this test only (the keys it made are removed)."""

    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": "1000/min", "user": "1000/min", "auth": "1000/min", **rates},
        }

    made: list[str] = []
    yield set_rates, made
    cache.delete_many(made)


def _spent(api, path: str, limit: int, *, method: str = "get", **kwargs):
    for _ in range(limit):
        response = getattr(api, method)(path, **kwargs)
        assert response.status_code != 429, response.content
    return getattr(api, method)(path, **kwargs)


def test_anonymous_and_user_limits_answer_429_with_retry_after(rates, user, editor):
    set_rates, made = rates
    set_rates(anon="3/min", user="4/min")
    anon_addr = "10.20.30.40"
    made += [f"throttle_anon_{anon_addr}", f"throttle_user_{user.pk}", f"throttle_user_{editor.pk}"]

    anonymous = APIClient(REMOTE_ADDR=anon_addr)
    made.append(f"throttle_auth_{anon_addr}")
    bad_refresh = {"method": "post", "data": {"refresh": "not-a-token"}, "format": "json"}
    response = _spent(anonymous, "/api/auth/token/refresh/", 3, **bad_refresh)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "Request was throttled" in response.json()["detail"]
    assert APIClient(REMOTE_ADDR="10.20.30.41").get("/api/docs/").status_code == 200  # per address
    made += ["throttle_anon_10.20.30.41", "throttle_auth_10.20.30.41"]

    signed_in = APIClient()
    signed_in.force_authenticate(user)
    response = _spent(signed_in, "/api/pipelines/", 4)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    other = APIClient()
    other.force_authenticate(editor)
    assert other.get("/api/pipelines/").status_code == 200  # per user


def test_the_credential_endpoints_have_a_stricter_limit(rates, user):
    set_rates, made = rates
    set_rates(auth="2/min")
    made += ["throttle_auth_10.5.5.5", "throttle_anon_10.5.5.5"]
    api = APIClient(REMOTE_ADDR="10.5.5.5")
    body = {"username": user.username, "password": "pass-word-123"}
    response = _spent(api, "/api/auth/token/", 2, method="post", data=body, format="json")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    # The refresh endpoint counts against the same limit.
    assert api.post("/api/auth/token/refresh/", {"refresh": "x"}, format="json").status_code == 429


def test_the_counters_live_in_the_shared_cache(rates, user, settings):
    set_rates, made = rates
    set_rates(user="5/min")
    made.append(f"throttle_user_{user.pk}")
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    api = APIClient()
    api.force_authenticate(user)
    api.get("/api/pipelines/")
    api.get("/api/pipelines/")
    history = cache.get(f"throttle_user_{user.pk}")
    assert isinstance(history, list) and len(history) == 2  # what another web process would read


def test_test_mode_limits_are_out_of_the_suites_reach(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert {k: rates[k] for k in ("anon", "user", "auth")} == {k: "100000/min" for k in ("anon", "user", "auth")}
