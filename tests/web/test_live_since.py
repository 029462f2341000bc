"""A page's data-live-since is the newest event before the page read what it shows: an event committed while
the page was being built (a run's execution.cancelled between the view's read of the run and the render) is
replayed to the page's socket, not counted as seen. It was read when the template got to <body>, after the
view's queries, and the run's page then kept "cancelling" until a reload (the cancel browser test, once)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

import executions.views
import monitoring.views
import notifications.views
import pipelines.views.detail
import pipelines.views.pages
from executions.events import execution_event
from executions.models import Execution
from notifications.models import Event
from tests.executions.conftest import engine_types  # noqa: F401  (autouse: the t.* node types)
from tests.factories import UserFactory
from tests.monitoring.seeding import pipeline_for, seed_run

pytestmark = pytest.mark.django_db

SINCE = re.compile(r'data-live-since="([0-9]+)"')


@pytest.fixture
def owner(db):
    return UserFactory(role="operator")


@pytest.fixture
def run(owner):
    return seed_run(pipeline_for(owner, "Live since"), created=timezone.now() - timedelta(minutes=1), status="running")


def _finish_meanwhile(run: Execution) -> Event:
    """What the worker does while the page is being built: the run ends and its event is written."""
    Execution.objects.filter(pk=run.pk).update(status=Execution.Status.CANCELLED, finished_at=timezone.now())
    execution_event(Execution.objects.get(pk=run.pk), "execution.cancelled")
    return Event.objects.filter(type="execution.cancelled", topic=f"execution:{run.pk}").latest("id")


def _since(response) -> int:
    assert response.status_code == 200
    match = SINCE.search(response.content.decode())
    assert match, "no data-live-since on the page"
    return int(match.group(1))


def test_the_run_page_resumes_from_before_it_read_the_run(client, owner, run, monkeypatch):
    read = executions.views._visible_execution
    events: list[Event] = []

    def read_then_the_run_ends(request, pk):
        execution = read(request, pk)
        events.append(_finish_meanwhile(execution))
        return execution

    monkeypatch.setattr(executions.views, "_visible_execution", read_then_the_run_ends)
    client.force_login(owner)
    response = client.get(f"/executions/{run.pk}/")
    assert 'data-status="running"' in response.content.decode()  # what the page read
    assert _since(response) < events[0].id  # so the socket replays execution.cancelled to it


def test_the_runs_list_resumes_from_before_it_read_the_rows(client, owner, run, monkeypatch):
    figures = executions.views.execution_figures
    events: list[Event] = []

    def figures_then_the_run_ends(*, executions):
        result = figures(executions=executions)
        events.append(_finish_meanwhile(run))
        return result

    monkeypatch.setattr(executions.views, "execution_figures", figures_then_the_run_ends)
    client.force_login(owner)
    assert _since(client.get("/executions/")) < events[0].id


def test_the_dashboard_resumes_from_before_it_read_its_parts(client, owner, run, monkeypatch):
    context = monitoring.views._dashboard_context
    events: list[Event] = []

    def parts_then_the_run_ends(request, *args):
        result = context(request, *args)
        events.append(_finish_meanwhile(run))
        return result

    monkeypatch.setattr(monitoring.views, "_dashboard_context", parts_then_the_run_ends)
    client.force_login(owner)
    assert _since(client.get("/")) < events[0].id


# Every page with live parts (a ``live_topics`` block): its view module, and its address.
LIVE_PAGES = {
    "pipelines": (pipelines.views.pages, "/pipelines/"),
    "pipeline": (pipelines.views.detail, "/pipelines/{pipeline}/"),
    "builder": (pipelines.views.pages, "/pipelines/{pipeline}/builder/"),
    "stages": (monitoring.views, "/monitoring/"),
    "system": (monitoring.views, "/monitoring/system/"),
    "alerts": (monitoring.views, "/alerts/"),
    "inbox": (notifications.views, "/notifications/"),
    "runs": (executions.views, "/executions/"),
    "run": (executions.views, "/executions/{run}/"),
    "dashboard": (monitoring.views, "/"),
}


@pytest.mark.parametrize("page", LIVE_PAGES)
def test_every_live_page_resumes_from_before_its_view_ran(client, owner, run, monkeypatch, page):
    """An event written while the view builds its page (here: just before it renders) is after the mark."""
    module, address = LIVE_PAGES[page]
    render = module.render
    events: list[Event] = []

    def the_run_ends_then_render(*args, **kwargs):
        events.append(_finish_meanwhile(run))
        return render(*args, **kwargs)

    monkeypatch.setattr(module, "render", the_run_ends_then_render)
    client.force_login(owner)
    assert _since(client.get(address.format(pipeline=run.pipeline_id, run=run.pk))) < events[0].id


def test_the_live_pages_listed_are_every_page_with_live_topics():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    live = {
        p.relative_to(templates).as_posix() for p in templates.rglob("*.html") if "block live_topics" in p.read_text()
    }
    assert live - {"base.html"} == {
        "pipelines/list.html",
        "pipelines/detail.html",
        "pipelines/builder.html",
        "monitoring/stages.html",
        "monitoring/system.html",
        "monitoring/alerts.html",
        "dashboard.html",
        "executions/list.html",
        "executions/detail.html",
    }  # a new one: add it to LIVE_PAGES (its view takes @live_page); the inbox's live part is its list


def test_a_page_that_marks_nothing_still_gets_the_newest_event(client, owner, run):
    execution_event(run, "execution.started")
    client.force_login(owner)
    assert _since(client.get("/account/preferences/")) == Event.objects.latest("id").id
