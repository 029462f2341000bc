"""The admin setup checklist (issue 18): each item's status read from the system (monitoring.selectors.setup),
the page, the API and the dashboard card, dismissal and the console email acceptance; admins only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.onboarding import onboarding_for, onboarding_update
from executions.models import Execution
from monitoring.models import Worker
from monitoring.selectors.setup import setup_checklist
from pipelines.models import PipelineVersion
from tests import factories

pytestmark = pytest.mark.django_db
CONSOLE = "django.core.mail.backends.console.EmailBackend"


def status(key: str, **kwargs) -> str:
    return {item.key: item for item in setup_checklist(**kwargs)}[key].status


def test_identity_provider(settings):
    settings.SLUICE_OIDC_ISSUER = ""
    assert status("identity") == "todo"
    settings.SLUICE_OIDC_ISSUER = "https://login.example.com"
    item = {i.key: i for i in setup_checklist()}["identity"]
    assert item.status == "ok" and "login.example.com" in item.detail


def test_email_backend(settings):
    settings.EMAIL_BACKEND = CONSOLE
    assert status("email") == "todo"
    assert status("email", console_email_accepted=True) == "ok"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "smtp.example.com"
    item = {i.key: i for i in setup_checklist()}["email"]
    assert item.status == "ok" and "smtp.example.com" in item.detail


def _worker(name: str, *, status: str = Worker.Status.ONLINE, seen: timedelta = timedelta(0)) -> Worker:
    now = timezone.now()
    return Worker.objects.create(name=name, host="h", pid=1, status=status, started_at=now, last_seen=now - seen)


def test_workers_from_their_heartbeats(settings):
    settings.SLUICE_EXECUTOR = "local"
    assert status("workers") == "optional"
    settings.SLUICE_EXECUTOR = "celery"
    assert status("workers") == "todo"
    _worker("gone", status=Worker.Status.OFFLINE)
    _worker("silent", seen=timedelta(minutes=10))  # still "online", but no heartbeat for ten minutes
    assert status("workers") == "todo"
    _worker("alive", seen=timedelta(seconds=3))
    item = {i.key: i for i in setup_checklist()}["workers"]
    assert item.status == "ok" and item.detail.startswith("1 worker")


def test_redis_is_pinged(settings):
    settings.REDIS_URL = ""
    assert status("redis") == "optional"
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert status("redis") == "ok"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    assert status("redis") == "todo"


def test_a_connection_and_a_successful_run():
    assert status("connection") == "todo" and status("run") == "todo"
    factories.ConnectionFactory()
    assert status("connection") == "ok"
    pipeline = factories.PipelineFactory()
    version = PipelineVersion.objects.create(pipeline=pipeline, number=1, graph={}, content_hash="x")
    Execution.objects.create(pipeline=pipeline, version=version, status=Execution.Status.FAILED)
    assert status("run") == "todo"
    run = Execution.objects.create(
        pipeline=pipeline, version=version, status=Execution.Status.SUCCEEDED, finished_at=timezone.now()
    )
    item = {i.key: i for i in setup_checklist()}["run"]
    assert item.status == "ok" and item.fix_url == f"/executions/{run.pk}/"


def test_api_is_for_admins_with_constant_queries(client_for, staff, editor, settings, django_assert_max_num_queries):
    settings.EMAIL_BACKEND = CONSOLE
    assert client_for(editor).get("/api/setup/checklist/").status_code == 403
    c = client_for(staff)
    with django_assert_max_num_queries(6):
        body = c.get("/api/setup/checklist/").json()
    assert [i["key"] for i in body["items"]] == ["identity", "email", "workers", "redis", "connection", "run"]
    assert body["dismissed"] is False and body["done"] == sum(i["status"] != "todo" for i in body["items"])
    for _ in range(5):
        factories.ConnectionFactory()
    with django_assert_max_num_queries(6):
        c.get("/api/setup/checklist/")


def test_the_page_the_dashboard_card_dismissal_and_email_acceptance(client, staff, editor, settings):
    settings.EMAIL_BACKEND = CONSOLE
    client.force_login(staff)
    page = client.get("/setup/").content.decode()
    assert "Setup checklist" in page and 'data-check="email" data-status="todo"' in page
    dashboard = client.get("/").content.decode()
    assert "data-setup-checklist" in dashboard and "Dismiss the checklist" in dashboard
    client.post("/setup/", {"action": "accept-email"})
    assert onboarding_for(user=staff).console_email_accepted
    assert 'data-check="email" data-status="ok"' in client.get("/setup/").content.decode()
    response = client.post("/setup/", {"action": "dismiss", "next": "dashboard"})
    assert response["Location"] == "/"
    assert "data-setup-checklist" not in client.get("/").content.decode()
    assert "Show it on the dashboard again" in client.get("/setup/").content.decode()
    assert client.post("/setup/", {"action": "bogus\x00"}).status_code == 302
    assert onboarding_for(user=staff).checklist_dismissed  # nothing changed by a bad action
    client.force_login(editor)
    assert client.get("/setup/").status_code == 403
    assert client.post("/setup/", {"action": "dismiss"}).status_code == 403
    assert "data-setup-checklist" not in client.get("/").content.decode()
    onboarding_update(user=editor, checklist_dismissed=False)
    assert "Setup checklist" not in client.get("/").content.decode()  # not even in the user menu
