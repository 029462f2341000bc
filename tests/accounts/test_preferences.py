"""Preferences (issue 18): the API (own only, validation of time zones, quiet hours and choices), the page,
the theme rendered server-side on <html> for each theme, the time zone applied to displayed times, the
landing page after sign-in, and quiet hours holding email notifications."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from django.core import mail
from django.test import Client

from accounts.models import HeldEmail, UserPreferences, UserSession
from accounts.preferences import preferences_update, quiet_until, release_held_emails
from notifications.delivery import send_email
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/me/preferences/"
VALID = {
    "theme": "dark",
    "time_zone": "Europe/Paris",
    "density": "compact",
    "landing_page": "pipelines",
    "channels": ["email"],
    "quiet_start": "22:00",
    "quiet_end": "07:00",
}


def signed_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# --- API --------------------------------------------------------------------------------------------------


def test_get_gives_the_defaults_without_writing(client_for, user):
    body = client_for(user).get(URL).json()
    assert body["theme"] == "system" and body["time_zone"] == "UTC" and body["density"] == "comfortable"
    assert body["landing_page"] == "dashboard" and body["channels"] == ["in_app", "email"]
    assert body["quiet_start"] is None and body["quiet_end"] is None
    assert not UserPreferences.objects.exists()


def test_put_saves_and_is_personal(client_for, user, viewer):
    answer = client_for(user).put(URL, VALID, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["quiet_start"] == "22:00:00" and answer.json()["theme"] == "dark"
    assert client_for(user).get(URL).json()["time_zone"] == "Europe/Paris"
    assert client_for(viewer).get(URL).json()["theme"] == "system"  # someone else's are untouched


def test_patch_changes_only_what_it_names(client_for, user):
    client_for(user).put(URL, VALID, format="json")
    answer = client_for(user).patch(URL, {"theme": "high-contrast"}, format="json")
    assert answer.status_code == 200
    assert answer.json()["theme"] == "high-contrast" and answer.json()["time_zone"] == "Europe/Paris"


def test_anonymous_is_refused(api):
    assert api.get(URL).status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"time_zone": "../../etc/passwd"}, "time_zone"),
        ({"time_zone": ""}, "time_zone"),
        ({"theme": "neon"}, "theme"),
        ({"density": "cosy"}, "density"),
        ({"landing_page": "/admin/"}, "landing_page"),
        ({"channels": ["sms"]}, "channels"),
        ({"quiet_start": "22:00", "quiet_end": None}, "quiet_end"),
        ({"quiet_start": None, "quiet_end": "07:00"}, "quiet_start"),
        ({"quiet_start": "08:00", "quiet_end": "08:00"}, "quiet_end"),
        ({"quiet_start": "25:00"}, "quiet_start"),
        ({"quiet_start": "22:00Z", "quiet_end": "07:00"}, "quiet_start"),  # a wall-clock time has no offset
        ({"quiet_start": "22:00", "quiet_end": "07:00+02:00"}, "quiet_end"),
    ],
)
def test_put_refuses_invalid_values(client_for, user, change, field):
    answer = client_for(user).put(URL, VALID | change, format="json")
    assert answer.status_code == 400, answer.content
    assert field in answer.json() or field in str(answer.json())
    assert not UserPreferences.objects.filter(user=user).exists()


# --- the page ---------------------------------------------------------------------------------------------


def test_page_saves_and_shows_errors(user):
    c = signed_in(user)
    page = c.get("/account/preferences/")
    assert page.status_code == 200 and b"Europe/Paris" in page.content and b"Quiet hours" in page.content
    form = {**VALID, "quiet_start": "22:00", "quiet_end": "07:00"}
    assert c.post("/account/preferences/", form).status_code == 302
    assert UserPreferences.objects.get(user=user).landing_page == "pipelines"
    bad = c.post("/account/preferences/", {**form, "quiet_end": ""})
    assert bad.status_code == 400 and b"Quiet hours need both a start and an end." in bad.content
    bad = c.post("/account/preferences/", {**form, "time_zone": "Nowhere/Town"})
    assert bad.status_code == 400 and b"is-invalid" in bad.content


def test_page_is_in_the_user_menu(user):
    assert b'href="/account/preferences/"' in signed_in(user).get("/").content


# --- applied ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("theme", "attr"), [("light", "light"), ("dark", "dark"), ("high-contrast", "high-contrast"), ("system", "light")]
)
def test_theme_is_rendered_on_html_server_side(user, theme, attr):
    preferences_update(user=user, theme=theme)
    body = signed_in(user).get("/").content.decode()
    html = body[body.index("<html") : body.index(">", body.index("<html"))]
    assert f'data-bs-theme="{attr}"' in html and f'data-theme-pref="{theme}"' in html
    assert ("js/theme-init.js" in body) == (theme == "system")


def test_system_theme_script_loads_before_paint_without_loosening_the_csp(user):
    response = signed_in(user).get("/")
    head = response.content.decode().split("</head>", 1)[0]
    script = head.index("js/theme-init.js")
    assert script < head.index("dist/app.js")  # blocking, in <head>, before the bundle
    assert 'type="module"' not in head[head.rindex("<script", 0, script) : script]
    assert "script-src 'self';" in response["Content-Security-Policy"] + ";"


def test_density_is_rendered(user):
    preferences_update(user=user, density="compact")
    assert b'data-density="compact"' in signed_in(user).get("/").content


def test_time_zone_applies_to_displayed_times(user):
    c = signed_in(user)
    UserSession.objects.filter(user=user).update(created_at=datetime(2026, 1, 15, 12, 0, tzinfo=UTC))
    assert b"2026-01-15 12:00" in c.get("/account/sessions/").content
    preferences_update(user=user, time_zone="Asia/Tokyo")
    assert b"2026-01-15 21:00" in c.get("/account/sessions/").content


def test_api_times_stay_in_utc(client_for, user):
    preferences_update(user=user, time_zone="Asia/Tokyo")
    c = signed_in(user)
    assert c.get(URL).json()["updated_at"].endswith("Z") or "+00:00" in c.get(URL).json()["updated_at"]


def test_sign_in_lands_on_the_landing_page(user):
    user.set_password("pass-word-123")
    user.save()
    preferences_update(user=user, landing_page="executions")
    c = Client()
    assert c.post("/login/", {"username": user.username, "password": "pass-word-123"}).url == "/"
    assert c.get("/").url == "/executions/"
    assert c.get("/").status_code == 200  # once only: the dashboard stays reachable


# --- quiet hours ------------------------------------------------------------------------------------------


def prefs(**kw) -> UserPreferences:
    return UserPreferences(time_zone=kw.pop("tz", "UTC"), **kw)


@pytest.mark.parametrize(
    ("start", "end", "now", "until"),
    [
        (time(22), time(7), datetime(2026, 3, 1, 23, 0, tzinfo=UTC), datetime(2026, 3, 2, 7, 0, tzinfo=UTC)),
        (time(22), time(7), datetime(2026, 3, 1, 3, 0, tzinfo=UTC), datetime(2026, 3, 1, 7, 0, tzinfo=UTC)),
        (time(22), time(7), datetime(2026, 3, 1, 12, 0, tzinfo=UTC), None),
        (time(12), time(14), datetime(2026, 3, 1, 13, 0, tzinfo=UTC), datetime(2026, 3, 1, 14, 0, tzinfo=UTC)),
        (time(12), time(14), datetime(2026, 3, 1, 14, 0, tzinfo=UTC), None),
    ],
)
def test_quiet_until(start, end, now, until):
    assert quiet_until(prefs(quiet_start=start, quiet_end=end), now) == until


def test_quiet_hours_follow_the_time_zone():
    p = prefs(quiet_start=time(22), quiet_end=time(7), tz="Asia/Tokyo")
    # 14:00 UTC is 23:00 in Tokyo: quiet until 07:00 Tokyo, 22:00 UTC
    assert quiet_until(p, datetime(2026, 3, 1, 14, 0, tzinfo=UTC)) == datetime(2026, 3, 1, 22, 0, tzinfo=UTC)


def _quiet_now(user):
    now = datetime.now(UTC)
    start = time((now.hour - 1) % 24)
    end = time((now.hour + 2) % 24)
    preferences_update(user=user, quiet_start=start, quiet_end=end)


def test_email_is_held_during_quiet_hours_and_sent_after(user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    other = factories.UserFactory(email="other@example.com")
    user.email = "quiet@example.com"
    user.save()
    _quiet_now(user)
    ok, detail = send_email(to=["quiet@example.com", "other@example.com"], subject="Run failed", body="b")
    assert ok and "held for 1" in detail
    assert [m.to for m in mail.outbox] == [["other@example.com"]]
    held = HeldEmail.objects.get()
    assert held.user == user and held.to == "quiet@example.com"
    assert release_held_emails() == 0  # not yet
    assert release_held_emails(now=held.release_at) == 1
    assert mail.outbox[-1].to == ["quiet@example.com"] and not HeldEmail.objects.exists()
    assert other.pk


def test_email_channel_off_skips_email(user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user.email = "noemail@example.com"
    user.save()
    preferences_update(user=user, channels=["in_app"])
    ok, _detail = send_email(to=["noemail@example.com"], subject="s", body="b")
    assert ok and mail.outbox == [] and not HeldEmail.objects.exists()


def test_unknown_addresses_are_sent(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_email(to=["ops@example.com"], subject="s", body="b")[0]
    assert mail.outbox[0].to == ["ops@example.com"]


def test_quiet_hours_answer_what_the_schema_says(client_for, user):
    """Found by the API fuzz: the schema said ``format: time`` (RFC 3339, with an offset), the answer had none."""
    import re

    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    pattern = schema["components"]["schemas"]["Preferences"]["properties"]["quiet_start"]["pattern"]
    saved = client_for(user).put(URL, VALID | {"quiet_start": "22:00", "quiet_end": "07:00:30"}, format="json").json()
    assert re.match(pattern, saved["quiet_start"]) and re.match(pattern, saved["quiet_end"])
