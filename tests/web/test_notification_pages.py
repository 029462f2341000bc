"""The inbox page: unread first, filter, mark one or all read (only one's own), badge count."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notification_create, notifications_mark_read
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(user):
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.post(reverse("notifications:mark_all_read")).status_code == 302


def test_inbox_lists_unread_first_and_only_mine(web, user):
    old_unread = notification_create(user=user, title="Old but unread", level="error", link="/executions/1/")
    read = notification_create(user=user, title="Newer, read")
    notifications_mark_read(user=user, ids=[read.pk])
    notification_create(user=factories.UserFactory(), title="Someone else's")
    response = web.get(reverse("notifications:inbox"))
    assert response.status_code == 200
    items = list(response.context["page_obj"].object_list)
    assert [n.title for n in items] == ["Old but unread", "Newer, read"]
    body = response.content.decode()
    assert "Someone else" not in body and 'href="/executions/1/"' in body
    assert '<span class="inbox-unread-count">1</span>' in body
    assert reverse("notifications:mark_read", args=[old_unread.pk]) in body


def test_filter_unread_only(web, user):
    notification_create(user=user, title="Unread one")
    read = notification_create(user=user, title="Read one")
    notifications_mark_read(user=user, ids=[read.pk])
    response = web.get(reverse("notifications:inbox"), {"show": "unread"})
    assert [n.title for n in response.context["page_obj"].object_list] == ["Unread one"]


def test_mark_one_read(web, user):
    n = notification_create(user=user, title="Ping")
    response = web.post(reverse("notifications:mark_read", args=[n.pk]))
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.read_at is not None


def test_mark_one_read_htmx_updates_list_and_badge(web, user):
    n = notification_create(user=user, title="Ping")
    notification_create(user=user, title="Pong")
    response = web.post(reverse("notifications:mark_read", args=[n.pk]), {"show": "all"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="inbox-list"')
    assert 'id="unread-badge" hx-swap-oob="true"' in body and 'data-count="1"' in body


def test_cannot_mark_someone_elses(web):
    theirs = notification_create(user=factories.UserFactory(), title="Theirs")
    assert web.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_only_touches_mine(web, user):
    for i in range(3):
        notification_create(user=user, title=f"N{i}")
    theirs = notification_create(user=factories.UserFactory(), title="Theirs")
    response = web.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert 'data-count="0"' in web.get(reverse("notifications:inbox")).content.decode()


def test_inbox_query_count(web, user, django_assert_max_num_queries):
    for i in range(30):
        notification_create(user=user, title=f"N{i}")
    web.get(reverse("notifications:inbox"))
    with django_assert_max_num_queries(8):
        response = web.get(reverse("notifications:inbox"))
    assert len(response.context["page_obj"].object_list) == 25
