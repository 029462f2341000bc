"""Onboarding (issue 18): the tour's server-side state (/api/me/onboarding/, the user menu's restart), and the
in-app channel of the preferences applied to the inbox."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.onboarding import TOUR_STEPS, onboarding_for, onboarding_update, tour_restart
from accounts.onboarding_models import OnboardingState
from accounts.preferences import preferences_update
from notifications.models import Notification, PipelineSubscription
from notifications.services import notification_create, notify_subscribers
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/me/onboarding/"


def test_a_new_user_has_the_tour_ahead_and_nothing_is_written_by_reading(client_for, editor):
    body = client_for(editor).get(URL).json()
    assert body["tour_status"] == "new" and body["tour_step"] == 0
    assert (
        body["tour_steps"]
        == list(TOUR_STEPS)
        == ["palette", "canvas", "inspector", "validate", "dry-run", "save", "run"]
    )
    assert body["checklist_dismissed"] is False and body["console_email_accepted"] is False
    assert not OnboardingState.objects.exists()


def test_the_tour_resumes_where_it_was_closed_and_ends_when_skipped_or_done(client_for, editor):
    c = client_for(editor)
    assert c.patch(URL, {"tour_status": "active", "tour_step": 3}, format="json").status_code == 200
    assert c.get(URL).json() | {"updated_at": None} == {
        "tour_status": "active",
        "tour_step": 3,
        "tour_steps": list(TOUR_STEPS),
        "checklist_dismissed": False,
        "console_email_accepted": False,
        "updated_at": None,
    }
    # PATCH changes only what it names
    assert c.patch(URL, {"tour_step": 4}, format="json").json()["tour_status"] == "active"
    skipped = c.patch(URL, {"tour_status": "skipped"}, format="json").json()
    assert (skipped["tour_status"], skipped["tour_step"]) == ("skipped", 0)
    tour_restart(user=editor)
    assert (onboarding_for(user=editor).tour_status, onboarding_for(user=editor).tour_step) == ("active", 0)
    assert c.patch(URL, {"tour_status": "done"}, format="json").json()["tour_status"] == "done"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"tour_step": len(TOUR_STEPS)}, "tour_step"),
        ({"tour_step": -1}, "tour_step"),
        ({"tour_step": "2; drop table"}, "tour_step"),
        ({"tour_status": "finished"}, "tour_status"),
        ({"tour_status": "active\x00"}, "tour_status"),
        ({"checklist_dismissed": "maybe"}, "checklist_dismissed"),
    ],
)
def test_bad_values_are_400_on_the_field_and_nothing_is_written(client_for, editor, body, field):
    onboarding_update(user=editor, tour_status="active", tour_step=2)
    response = client_for(editor).patch(URL, body, format="json")
    assert response.status_code == 400 and field in response.json()
    state = onboarding_for(user=editor)
    assert (state.tour_status, state.tour_step, state.checklist_dismissed) == ("active", 2, False)


def test_the_service_refuses_unknown_fields_and_bad_values():
    from django.core.exceptions import ValidationError

    user = factories.UserFactory(role="viewer")
    with pytest.raises(ValidationError) as unknown:
        onboarding_update(user=user, is_staff=True)
    assert "is_staff" in unknown.value.message_dict
    with pytest.raises(ValidationError):
        onboarding_update(user=user, tour_step=True)  # a bool is not a step
    assert not OnboardingState.objects.exists()


def test_each_user_sees_and_changes_only_their_own_state(client_for, editor, viewer):
    client_for(editor).patch(URL, {"tour_status": "skipped"}, format="json")
    assert client_for(viewer).get(URL).json()["tour_status"] == "new"
    client_for(viewer).patch(URL, {"tour_status": "active", "tour_step": 5}, format="json")
    assert onboarding_for(user=editor).tour_status == "skipped"


def test_anonymous_gets_401(api):
    assert api.get(URL).status_code == 401
    assert api.patch(URL, {"tour_step": 1}, format="json").status_code == 401


def test_query_counts(client_for, editor, django_assert_max_num_queries):
    c = client_for(editor)
    with django_assert_max_num_queries(3):
        c.get(URL)
    with django_assert_max_num_queries(6):
        c.patch(URL, {"tour_status": "active", "tour_step": 1}, format="json")


def test_the_user_menu_restarts_the_tour_in_the_last_changed_builder(client, editor):
    client.force_login(editor)
    onboarding_update(user=editor, tour_status="done")
    empty = client.post(reverse("accounts:tour"))
    assert empty.status_code == 302 and empty["Location"] == reverse("pipelines:list")
    assert onboarding_for(user=editor).tour_status == "active"
    pipeline = factories.PipelineFactory(owner=editor)
    landed = client.post(reverse("accounts:tour"))
    assert landed["Location"] == reverse("pipelines:builder", args=[pipeline.pk])
    assert client.get(reverse("accounts:tour")).status_code == 405
    page = client.get(reverse("pipelines:builder", args=[pipeline.pk])).content.decode()
    assert 'src="/static/js/tour.js"' in page and 'data-onboarding-url="/api/me/onboarding/"' in page
    assert "Take the builder tour" in client.get("/").content.decode()  # the user menu


# --- the in-app channel ---------------------------------------------------------------------------------


def test_in_app_off_keeps_notifications_out_of_the_inbox(editor, viewer):
    preferences_update(user=editor, channels=["email"])
    assert notification_create(user=editor, title="Run failed", level="error") is None
    assert notification_create(user=viewer, title="Run failed", level="error") is not None
    assert list(Notification.objects.values_list("user_id", flat=True)) == [viewer.pk]
    preferences_update(user=editor, channels=["in_app", "email"])
    assert notification_create(user=editor, title="Back on") is not None
    assert Notification.objects.filter(user=editor).count() == 1


def test_subscriptions_respect_the_in_app_channel(editor, viewer, mailoutbox):
    pipeline = factories.PipelineFactory(owner=editor)
    topic = f"pipeline:{pipeline.pk}"
    for u in (editor,):
        PipelineSubscription.objects.create(
            user=u, topic=topic, event_types=["execution.failed"], channels=["in_app", "email"]
        )
    preferences_update(user=editor, channels=["email"])
    made = notify_subscribers(topic=topic, event_type="execution.failed", title="Run 3 failed", link="/executions/3/")
    assert made == [] and not Notification.objects.exists()
    assert [m.subject for m in mailoutbox] == ["Run 3 failed"]  # email, still wanted, still goes
    preferences_update(user=editor, channels=[])
    assert notify_subscribers(topic=topic, event_type="execution.failed", title="Run 4 failed") == []
    assert len(mailoutbox) == 1 and not Notification.objects.exists()


def test_alert_rules_respect_the_in_app_channel(editor, viewer):
    from monitoring.models import AlertRule
    from monitoring.services.alerts import alert_fire

    rule = AlertRule.objects.create(name="Any failure", kind="execution_failed", channels=["in_app"])
    rule.recipients.set([editor, viewer])
    preferences_update(user=editor, channels=["email"])
    alert = alert_fire(rule=rule, subject="run 9", message="Run 9 failed")
    assert list(Notification.objects.values_list("user_id", flat=True)) == [viewer.pk]
    assert alert.deliveries["in_app"] == "1 users (1 turned in-app off)"  # the count says who got it
