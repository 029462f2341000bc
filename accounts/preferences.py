"""Per-user preferences: read (``preferences_for``), validated and written (``preferences_update``), and
applied: quiet hours hold email notifications (``email_decision``, registered with
``notifications.delivery.set_email_hold``) until ``release_held_emails`` sends them, and the in-app channel
turned off keeps notifications out of the inbox (``inbox_wanted``, ``notifications.delivery.set_inbox_filter``)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta
from functools import cache as memoize

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.preferences_models import HeldEmail, UserPreferences
from notifications.delivery import send_email

CHANNELS = ("in_app", "email")
LANDING_URLS = {
    UserPreferences.Landing.DASHBOARD: "dashboard",
    UserPreferences.Landing.PIPELINES: "pipelines:list",
    UserPreferences.Landing.EXECUTIONS: "executions:list",
    UserPreferences.Landing.MONITORING: "monitoring:stages",
    UserPreferences.Landing.QUALITY: "quality:overview",
    UserPreferences.Landing.INBOX: "notifications:inbox",
}
FIELDS = ("theme", "time_zone", "density", "landing_page", "channels", "quiet_start", "quiet_end")
CACHE_SECONDS = 300  # every page reads them: from the cache, not one more query per page


@memoize
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def defaults(user) -> UserPreferences:
    return UserPreferences(user=user)


def preferences_for(*, user) -> UserPreferences:
    """The user's preferences; the defaults (unsaved) when they never saved any. Never writes."""
    found = UserPreferences.objects.filter(user=user).first()
    return found if found is not None else defaults(user)


def _cache_key(user_id) -> str:
    return f"sluice:preferences:{user_id}"


def preferences_cached(*, user) -> UserPreferences:
    """``preferences_for`` through the cache (cleared when they change): what each page applies."""
    data = cache.get(_cache_key(user.pk))
    if isinstance(data, dict) and set(data) == set(FIELDS):
        return UserPreferences(user=user, **data)
    prefs = preferences_for(user=user)
    cache.set(_cache_key(user.pk), {field: getattr(prefs, field) for field in FIELDS}, CACHE_SECONDS)
    return prefs


def landing_url(prefs: UserPreferences) -> str:
    return reverse(LANDING_URLS.get(prefs.landing_page, "dashboard"))


def validate(values: dict) -> dict:
    """Field errors of a complete set of preference values ({} when valid)."""
    errors: dict[str, list[str]] = {}
    choices = {
        "theme": UserPreferences.Theme.values,
        "density": UserPreferences.Density.values,
        "landing_page": UserPreferences.Landing.values,
    }
    for field, allowed in choices.items():
        if values.get(field) not in allowed:
            errors[field] = [f"Choose one of: {', '.join(allowed)}."]
    if values.get("time_zone") not in time_zones():
        errors["time_zone"] = [f"Unknown time zone {values.get('time_zone')!r}: use an IANA name, e.g. Europe/Paris."]
    channels = values.get("channels")
    if not isinstance(channels, list) or any(c not in CHANNELS for c in channels):
        errors["channels"] = [f"A list of: {', '.join(CHANNELS)}."]
    start, end = values.get("quiet_start"), values.get("quiet_end")
    if (start is None) != (end is None):
        errors["quiet_end" if end is None else "quiet_start"] = ["Quiet hours need both a start and an end."]
    elif start is not None and start == end:
        errors["quiet_end"] = ["Quiet hours must end at another time than they start."]
    return errors


def preferences_update(*, user, **changes) -> UserPreferences:
    """Set some preferences (the others keep their value); raises ValidationError with field errors."""
    prefs = preferences_for(user=user)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError({name: ["Not a preference."] for name in sorted(unknown)})
    values = {field: getattr(prefs, field) for field in FIELDS} | changes
    errors = validate(values)
    if errors:
        raise ValidationError(errors)
    for field, value in values.items():
        setattr(prefs, field, sorted(set(value), key=CHANNELS.index) if field == "channels" else value)
    prefs.save()
    cache.delete(_cache_key(user.pk))
    transaction.on_commit(lambda: cache.delete(_cache_key(user.pk)))
    return prefs


def quiet_until(prefs: UserPreferences, now: datetime | None = None) -> datetime | None:
    """When the quiet hours around ``now`` end (aware), or None when ``now`` is outside them."""
    if prefs.quiet_start is None or prefs.quiet_end is None or prefs.quiet_start == prefs.quiet_end:
        return None
    zone = zoneinfo.ZoneInfo(prefs.time_zone)
    local = (now or timezone.now()).astimezone(zone)
    start, end, t = prefs.quiet_start, prefs.quiet_end, local.time().replace(tzinfo=None)
    if start < end:
        inside, day = start <= t < end, local.date()
    else:  # over midnight, e.g. 22:00-07:00
        inside = t >= start or t < end
        day = local.date() + timedelta(days=1) if t >= start else local.date()
    if not inside:
        return None
    return datetime.combine(day, time(end.hour, end.minute), tzinfo=zone)


def inbox_wanted(user) -> bool:
    """Whether ``user`` takes in-app notifications: off when they removed *In the app* from their channels
    (registered with ``notifications.delivery.set_inbox_filter``; read through the cache)."""
    return "in_app" in preferences_cached(user=user).channels


def email_decision(address: str, subject: str, body: str) -> str:
    """What to do with an email notification to ``address``: "send"; "skip" when every account with that
    address turned email off; "hold" (a HeldEmail row) during the quiet hours of such an account."""
    users = list(
        get_user_model()
        .objects.filter(email__iexact=address, is_active=True)
        .select_related("sluice_preferences")
        .order_by("pk")
    )
    if not users:
        return "send"
    prefs = [getattr(u, "sluice_preferences", None) or defaults(u) for u in users]
    wanting = [p for p in prefs if "email" in p.channels]
    if not wanting:
        return "skip"
    for p in wanting:
        until = quiet_until(p)
        if until is not None:
            HeldEmail.objects.create(user=p.user, to=address, subject=subject[:200], body=body, release_at=until)
            return "hold"
    return "send"


def release_held_emails(*, now: datetime | None = None) -> int:
    """Send the held emails whose quiet hours are over; returns how many were sent."""
    sent = 0
    with transaction.atomic():
        due = list(HeldEmail.objects.select_for_update(skip_locked=True).filter(release_at__lte=now or timezone.now()))
        for held in due:
            ok, _detail = send_email(to=[held.to], subject=held.subject, body=held.body, hold=False)
            sent += ok
        HeldEmail.objects.filter(pk__in=[h.pk for h in due]).delete()
    return sent
