"""Preferences applied to each page: ``PreferencesMiddleware`` (after AuthenticationMiddleware) activates
the user's time zone for displayed times and, right after sign-in, sends "/" to their landing page;
``ui_preferences`` gives base.html the theme (``data-bs-theme`` rendered server-side, so no flash of the
wrong theme) and the density. ``connect()`` (from AccountsConfig.ready) registers quiet hours with the
email delivery, the in-app channel with the inbox, and the sign-in flag."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.http import HttpResponseRedirect
from django.utils import timezone

from accounts.preferences import email_decision, inbox_wanted, landing_url, preferences_cached
from accounts.preferences_models import UserPreferences
from notifications import delivery

LANDING_FLAG = "sluice_landing"


def _signed_in(sender, request, user, **kwargs) -> None:
    """Marks the session when the user lands elsewhere than the dashboard (nothing to do otherwise)."""
    if request is None or not hasattr(request, "session"):
        return
    if preferences_cached(user=user).landing_page != UserPreferences.Landing.DASHBOARD:
        request.session[LANDING_FLAG] = True


def connect() -> None:
    delivery.set_email_hold(email_decision)
    delivery.set_inbox_filter(inbox_wanted)
    user_logged_in.connect(_signed_in, dispatch_uid="sluice-preferences-landing")


class PreferencesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefs = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/api/"):
            prefs = preferences_cached(user=user)
        request.sluice_preferences = prefs
        if prefs is None:
            return self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.get(LANDING_FLAG) and request.method == "GET":
            session.pop(LANDING_FLAG)
            if request.path == "/":
                return HttpResponseRedirect(landing_url(prefs))
        if prefs.time_zone == settings.TIME_ZONE:
            return self.get_response(request)
        timezone.activate(zoneinfo.ZoneInfo(prefs.time_zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def ui_preferences(request) -> dict:
    """``ui_theme`` (the preference: system, light, dark, high-contrast), ``ui_theme_attr`` (what
    ``data-bs-theme`` starts as: "system" renders light and the head script switches before paint),
    ``ui_density`` and ``ui_time_zone``."""
    prefs = getattr(request, "sluice_preferences", None)
    theme = prefs.theme if prefs is not None else UserPreferences.Theme.SYSTEM
    return {
        "ui_theme": theme,
        "ui_theme_attr": "light" if theme == UserPreferences.Theme.SYSTEM else theme,
        "ui_density": prefs.density if prefs is not None else UserPreferences.Density.COMFORTABLE,
        "ui_time_zone": prefs.time_zone if prefs is not None else settings.TIME_ZONE,
    }
