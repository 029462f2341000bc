"""API rate limits (DRF throttles). The counters live in ``CACHES["default"]`` (Redis when there is
Redis), so every web process counts against the same limit; an exceeded limit is a 429 whose
``Retry-After`` says how many seconds to wait.

The rates are read on every request rather than once at import (DRF's own classes keep the dict they
saw first), so a changed setting, in a test or a reloaded process, takes effect.
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError
from rest_framework import throttling
from rest_framework.settings import api_settings

log = logging.getLogger("sluice.throttling")
_CACHE_ERRORS = (RedisError, ConnectionError, TimeoutError)


class _SettingsRate:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        """Fail open when the counters' cache (Redis) is unreachable: a Redis restart must not turn every
        API request into a 500. The limit is back as soon as Redis is."""
        try:
            return super().allow_request(request, view)
        except _CACHE_ERRORS:
            log.warning("rate limit not checked: the cache is unreachable", exc_info=True)
            return True

    @property
    def THROTTLE_RATES(self):
        return api_settings.DEFAULT_THROTTLE_RATES


class AnonRateThrottle(_SettingsRate, throttling.AnonRateThrottle):
    """Requests without a signed-in user, per client address (SLUICE_THROTTLE_ANON)."""


class UserRateThrottle(_SettingsRate, throttling.UserRateThrottle):
    """Requests of a signed-in user, per user (SLUICE_THROTTLE_USER)."""


class AuthRateThrottle(_SettingsRate, throttling.SimpleRateThrottle):
    """The endpoints that take credentials or a refresh token, per client address (SLUICE_THROTTLE_AUTH),
    whoever is signed in: a stricter limit than the anonymous one, on top of it."""

    scope = "auth"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
