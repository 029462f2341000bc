"""The Schedules page and GET /api/schedules/: what runs by itself, its next fire time and last scheduled
run, only for pipelines the user can see; pausing and resuming from the page (editors only)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from croniter import croniter
from django.db import connection
from django.test.utils import CaptureQueriesContext

from executions.models import Execution, PipelineDependency
from pipelines.models import Pipeline
from tests import factories
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db
GRAPH = chain(("src", "t.rows", {"n": 2}), ("dst", "t.sink", {"name": "sched"}))


@pytest.fixture
def scheduled(make_pipeline):
    return make_pipeline(
        GRAPH, name="Nightly", schedule_cron="30 2 * * *", schedule_timezone="Europe/Paris", schedule_enabled=True
    )


@pytest.fixture
def paused(make_pipeline):
    return make_pipeline(GRAPH, name="Paused one", schedule_cron="0 * * * *", schedule_enabled=False)


@pytest.fixture
def downstream(make_pipeline, scheduled):
    p = make_pipeline(GRAPH, name="After nightly")
    PipelineDependency.objects.create(upstream=scheduled, downstream=p)
    return p


def _run(pipeline, trigger, status="succeeded"):
    return Execution.objects.create(pipeline=pipeline, version=pipeline.current_version, trigger=trigger, status=status)


def test_the_list_names_what_runs_by_itself_with_next_and_last_runs(
    client_for, editor, scheduled, paused, downstream, make_pipeline
):
    make_pipeline(GRAPH, name="Manual only")  # no cron, no upstream: not listed
    last = _run(scheduled, Execution.Trigger.SCHEDULE, "failed")
    _run(scheduled, Execution.Trigger.MANUAL)  # newer, but not a scheduled run
    before = datetime.now(UTC)
    body = client_for(editor).get("/api/schedules/").json()
    rows = {r["name"]: r for r in body["results"]}
    assert list(rows) == ["After nightly", "Nightly", "Paused one"]
    nightly = rows["Nightly"]
    expected = croniter("30 2 * * *", before.astimezone(ZoneInfo("Europe/Paris"))).get_next(datetime)
    assert datetime.fromisoformat(nightly["next_run_at"]) == expected
    assert nightly["fires"] is True and nightly["problem"] == "" and nightly["timezone"] == "Europe/Paris"
    assert nightly["last_scheduled_run"]["id"] == last.pk and nightly["last_scheduled_run"]["status"] == "failed"
    paused_row = rows["Paused one"]
    assert paused_row["next_run_at"] is None and paused_row["fires"] is False and paused_row["problem"] == "Paused"
    assert paused_row["last_scheduled_run"] is None
    assert rows["After nightly"]["cron"] == "" and rows["After nightly"]["upstream"] == ["Nightly"]


def test_states_filter_and_a_bad_state_is_a_400(client_for, editor, scheduled, paused, downstream):
    api = client_for(editor)
    assert [r["name"] for r in api.get("/api/schedules/?state=active").json()["results"]] == ["Nightly"]
    assert [r["name"] for r in api.get("/api/schedules/?state=paused").json()["results"]] == ["Paused one"]
    Pipeline.objects.filter(pk=scheduled.pk).update(status=Pipeline.Status.PAUSED)
    paused_rows = api.get("/api/schedules/?state=paused").json()["results"]
    assert [(r["name"], r["problem"]) for r in paused_rows] == [
        ("Nightly", "The pipeline is paused"),
        ("Paused one", "Paused"),
    ]
    response = api.get("/api/schedules/?state=sometimes")
    assert response.status_code == 400 and "state" in response.json()


def test_other_users_schedules_are_not_listed_and_hidden_upstreams_are_not_named(
    client_for, editor, viewer, scheduled, downstream
):
    stranger = factories.UserFactory(role="editor")
    assert client_for(stranger).get("/api/schedules/").json()["results"] == []
    downstream.shared_with_users.add(viewer)  # the viewer sees the downstream, not its upstream
    rows = client_for(viewer).get("/api/schedules/").json()["results"]
    assert [(r["name"], r["upstream"]) for r in rows] == [("After nightly", ["a pipeline you cannot see"])]
    assert "Nightly" not in str(rows)


def test_query_count_does_not_grow_with_the_rows(client_for, editor, make_pipeline, scheduled):
    api = client_for(editor)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/schedules/").status_code == 200
        return len(queries)

    few = count()
    for i in range(6):
        p = make_pipeline(GRAPH, name=f"More {i}", schedule_cron="*/5 * * * *", schedule_enabled=True)
        PipelineDependency.objects.create(upstream=scheduled, downstream=p)
        _run(p, Execution.Trigger.SCHEDULE)
    assert count() == few


def test_the_page_lists_and_an_editor_pauses_and_resumes(client, editor, scheduled, paused):
    client.force_login(editor)
    page = client.get("/schedules/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nightly" in html and "30 2 * * *" in html and "Europe/Paris" in html
    assert 'name="enabled" value="false"' in html
    response = client.post(f"/schedules/{scheduled.pk}/switch/", {"enabled": "false", "state": "active"})
    assert response.status_code == 302 and response["Location"] == "/schedules/?state=active"
    scheduled.refresh_from_db()
    assert scheduled.schedule_enabled is False
    client.post(f"/schedules/{scheduled.pk}/switch/", {"enabled": "true"})
    scheduled.refresh_from_db()
    assert scheduled.schedule_enabled is True


def test_viewers_cannot_switch_and_strangers_get_a_404(client, viewer, scheduled):
    scheduled.shared_with_users.add(viewer)
    client.force_login(viewer)
    html = client.get("/schedules/").content.decode()
    assert "Nightly" in html and 'name="enabled"' not in html
    assert client.post(f"/schedules/{scheduled.pk}/switch/", {"enabled": "false"}).status_code == 403
    stranger = factories.UserFactory(role="editor")
    client.force_login(stranger)
    assert client.post(f"/schedules/{scheduled.pk}/switch/", {"enabled": "false"}).status_code == 404
    scheduled.refresh_from_db()
    assert scheduled.schedule_enabled is True


def test_resuming_a_schedule_with_a_broken_cron_says_why(client, editor, make_pipeline):
    p = make_pipeline(GRAPH, name="No cron")
    client.force_login(editor)
    response = client.post(f"/schedules/{p.pk}/switch/", {"enabled": "true"}, follow=True)
    assert response.status_code == 200
    p.refresh_from_db()
    assert p.schedule_enabled is False
    assert "No cron" in response.content.decode()


def test_an_empty_list_says_what_to_do(client, editor):
    client.force_login(editor)
    html = client.get("/schedules/").content.decode()
    assert "No pipeline runs by itself yet." in html and "set a cron expression" in html
    assert "No schedule is in this state." in client.get("/schedules/?state=paused").content.decode()
