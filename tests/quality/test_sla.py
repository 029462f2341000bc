"""Duration SLAs: a run still going past its pipeline's SLA is announced once, while it runs (the periodic
check, its celery beat entry and its embedded loop), and the API that sets them and lists breaches."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from executions.models import Execution
from notifications.models import Event, Notification, PipelineSubscription
from quality.models import DurationSLA, SLABreach
from quality.services.sla import sla_set, slas_check
from tests import factories
from tests.local_pool import close_local_pool


def _going(pipeline, *, seconds_ago: float, status: str = "running") -> Execution:
    now = timezone.now()
    return Execution.objects.create(
        pipeline=pipeline,
        version=pipeline.current_version,
        status=status,
        started_at=now - timedelta(seconds=seconds_ago),
        finished_at=None if status in ("running", "committing", "cancelling") else now,
    )


@pytest.mark.django_db(transaction=True)
def test_a_running_execution_past_its_sla_is_announced_once(pipeline, owner):
    sla_set(pipeline=pipeline, max_seconds=60)
    subscriber = factories.UserFactory(role="viewer")
    pipeline.shared_with_users.add(subscriber)
    PipelineSubscription.objects.create(
        user=subscriber, topic=f"pipeline:{pipeline.pk}", event_types=["quality.sla_breached"], channels=["in_app"]
    )
    late = _going(pipeline, seconds_ago=90)
    in_time = _going(pipeline, seconds_ago=30)
    _going(pipeline, seconds_ago=900, status="succeeded")  # finished: judged after the fact elsewhere, not here
    (breach,) = slas_check()
    assert (breach.execution_id, breach.sla_seconds) == (late.pk, 60)
    assert 90 <= breach.elapsed_seconds < 120
    late.refresh_from_db()
    assert late.status == "running"  # announced while it runs
    events = Event.objects.filter(type="quality.sla_breached")
    assert sorted(e.topic for e in events) == sorted([f"pipeline:{pipeline.pk}", f"execution:{late.pk}", "dashboard"])
    data = events.first().data
    assert (data["execution_id"], data["sla_seconds"], data["status"]) == (late.pk, 60, "running")
    for user in (owner, subscriber):
        (note,) = Notification.objects.filter(user=user, title__contains="past its SLA")
        assert note.link == f"/executions/{late.pk}/" and note.level == "warning"
    assert slas_check() == []  # once per run
    assert SLABreach.objects.count() == 1 and Event.objects.filter(type="quality.sla_breached").count() == 3
    # the one in time passes its SLA later: then it is announced too
    (second,) = slas_check(now=timezone.now() + timedelta(seconds=40))
    assert second.execution_id == in_time.pk


@pytest.mark.django_db
def test_disabled_or_absent_slas_announce_nothing(pipeline):
    _going(pipeline, seconds_ago=10_000)
    assert slas_check() == []
    sla_set(pipeline=pipeline, max_seconds=5, enabled=False)
    assert slas_check() == []
    sla_set(pipeline=pipeline, max_seconds=5, enabled=True)
    assert len(slas_check()) == 1


def test_the_check_is_scheduled_by_beat_and_by_the_embedded_loop(monkeypatch, settings):
    entry = django_settings.CELERY_BEAT_SCHEDULE["sluice-check-slas"]
    assert entry == {"task": "quality.check_slas", "schedule": django_settings.SLUICE_SLA_CHECK_SECONDS}
    from config.celery import app
    from quality import tasks

    assert app.tasks["quality.check_slas"].run is tasks.check_slas.run
    from quality import sla_loop
    from quality.services import sla

    # The loop itself is core.loops' (tests/config/test_loops.py): a real thread started here would go on
    # querying every 50 ms for the rest of the session, after this test's database is gone.
    started: dict = {}
    monkeypatch.setattr(sla_loop, "start_daemon_loop", lambda **kw: started.update(kw) or True)
    settings.SLUICE_SLA_CHECK_SECONDS = 0.05
    sla_loop.start_embedded_sla_check()
    assert (started["name"], started["interval"]) == ("sluice-sla-check", 0.05)
    checked = []
    monkeypatch.setattr(sla, "slas_check", lambda **kw: checked.append(kw) or [])
    started["tick"]()
    assert checked == [{}], "the loop's tick runs the check"


@pytest.mark.django_db(transaction=True)
def test_a_real_run_is_announced_while_it_is_still_running(owner, settings):
    """The local executor runs a pipeline that sleeps 4 s; its SLA is 1 s: the check sees it running."""
    import tests.e2e.nodes  # noqa: F401  (e2e.sleep, e2e.numbers, e2e.sink)
    from executions.services import execution_start
    from tests.quality.seeding import quality_pipeline

    settings.SLUICE_EXECUTOR = "local"
    settings.SLUICE_HEARTBEAT_SECONDS = 0.2
    graph = {
        "nodes": [
            {"key": "src", "type": "e2e.numbers", "config": {"n": 3}},
            {"key": "nap", "type": "e2e.sleep", "config": {"seconds": 4}},
            {"key": "dst", "type": "e2e.sink", "config": {"name": "sla"}},
        ],
        "edges": [{"source": "src", "target": "nap"}, {"source": "nap", "target": "dst"}],
    }
    pipeline = quality_pipeline(owner, name="Slow", graph=graph)
    sla_set(pipeline=pipeline, max_seconds=1)
    try:
        execution = execution_start(pipeline=pipeline, user=owner)
        deadline, breach = time.monotonic() + 20, None
        while breach is None and time.monotonic() < deadline:
            breach = next(iter(slas_check()), None)
            status = Execution.objects.get(pk=execution.pk).status
            time.sleep(0.1)
        assert breach is not None and breach.execution_id == execution.pk
        assert status == "running" and breach.elapsed_seconds < 4
        while not Execution.objects.get(pk=execution.pk).is_finished and time.monotonic() < deadline + 20:
            time.sleep(0.1)
        assert Execution.objects.get(pk=execution.pk).status == "succeeded"
        assert SLABreach.objects.filter(execution=execution).count() == 1
    finally:
        close_local_pool()


# --- API ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def people(pipeline, owner):
    viewer = factories.UserFactory(role="viewer")
    pipeline.shared_with_users.add(viewer)
    return {"owner": owner, "viewer": viewer, "outsider": factories.UserFactory(role="operator")}


@pytest.mark.django_db
def test_setting_reading_and_removing_an_sla(pipeline, people, client_for, api):
    url = f"/api/quality/pipelines/{pipeline.pk}/sla/"
    owner = client_for(people["owner"])
    assert owner.get(url).json() == {"pipeline": pipeline.pk, "max_seconds": None, "enabled": False, "updated_at": None}
    response = owner.put(url, {"max_seconds": 900}, format="json")
    assert response.status_code == 200 and response.json()["max_seconds"] == 900 and response.json()["enabled"]
    assert DurationSLA.objects.get(pipeline=pipeline).max_seconds == 900
    assert client_for(people["viewer"]).get(url).json()["max_seconds"] == 900
    assert owner.put(url, {"max_seconds": 60, "enabled": False}, format="json").json()["enabled"] is False
    assert owner.delete(url).status_code == 204
    assert owner.delete(url).status_code == 204  # idempotent
    assert owner.get(url).json()["max_seconds"] is None
    assert api.get(url).status_code == 401
    assert client_for(people["viewer"]).put(url, {"max_seconds": 60}, format="json").status_code == 403
    assert client_for(people["outsider"]).get(url).status_code == 404
    assert client_for(people["outsider"]).put(url, {"max_seconds": 60}, format="json").status_code == 404
    assert owner.get("/api/quality/pipelines/999999999/sla/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {},
        {"max_seconds": 0},
        {"max_seconds": -5},
        {"max_seconds": "soon"},
        {"max_seconds": 1.5},
        {"max_seconds": 10**12},
        {"max_seconds": None},
        {"max_seconds": "60\x00"},
        {"max_seconds": 60, "enabled": "maybe"},
    ],
)
def test_bad_sla_bodies_are_400_on_the_field(pipeline, owner, client_for, body):
    response = client_for(owner).put(f"/api/quality/pipelines/{pipeline.pk}/sla/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()) <= {"max_seconds", "enabled"} and response.json()
    assert not DurationSLA.objects.exists()


@pytest.mark.django_db
def test_breaches_list_follows_the_pipeline_with_constant_queries(
    pipeline, people, client_for, django_assert_max_num_queries
):
    sla_set(pipeline=pipeline, max_seconds=1)
    owner = client_for(people["owner"])
    for n in (2, 12):
        while SLABreach.objects.count() < n:
            _going(pipeline, seconds_ago=30)
            slas_check()
        with django_assert_max_num_queries(6):
            body = owner.get("/api/quality/sla-breaches/", {"pipeline": pipeline.pk}).json()
        assert body["count"] == n
    first = body["results"][0]
    assert first["pipeline_slug"] == pipeline.slug and first["sla_seconds"] == 1
    assert client_for(people["viewer"]).get("/api/quality/sla-breaches/").json()["count"] == 12
    assert client_for(people["outsider"]).get("/api/quality/sla-breaches/").json()["count"] == 0
    assert owner.get("/api/quality/sla-breaches/", {"pipeline": "x"}).status_code == 400


@pytest.mark.django_db
def test_a_runs_own_sla_wins_over_its_pipelines(pipeline, owner):
    from django.core.exceptions import ValidationError

    from executions.services import execution_start

    own = _going(pipeline, seconds_ago=20)
    Execution.objects.filter(pk=own.pk).update(params={"sluice_sla_seconds": 10})
    assert [b.execution_id for b in slas_check()] == [own.pk]  # no pipeline SLA: the run's own
    assert SLABreach.objects.get(execution=own).sla_seconds == 10
    sla_set(pipeline=pipeline, max_seconds=60)
    patient = _going(pipeline, seconds_ago=90)
    Execution.objects.filter(pk=patient.pk).update(params={"sluice_sla_seconds": 1000})
    assert slas_check() == []  # 90 s is past the pipeline's 60 s, not the run's 1000 s
    for bad in (0, -1, 1.5, "10", True, 10**9, None):
        with pytest.raises(ValidationError) as caught:
            execution_start(pipeline=pipeline, user=owner, params={"sluice_sla_seconds": bad})
        assert "sluice_sla_seconds" in str(caught.value.message_dict["params"])
    assert Execution.objects.count() == 2


@pytest.mark.django_db
def test_the_pipeline_quality_page_shows_and_sets_the_sla(pipeline, people, client):
    client.force_login(people["owner"])
    page = f"/quality/pipelines/{pipeline.pk}/"
    url = f"/quality/pipelines/{pipeline.pk}/sla/"
    assert "No duration SLA" in client.get(page).content.decode()
    assert client.post(url, {"max_seconds": "900", "enabled": "on"}).status_code == 302
    assert (DurationSLA.objects.get(pipeline=pipeline).max_seconds, DurationSLA.objects.get().enabled) == (900, True)
    late = _going(pipeline, seconds_ago=1000)
    slas_check()
    shown = client.get(page).content.decode()
    assert "Runs should finish within <strong>900 s</strong>" in shown
    assert f"Run #{late.pk}</a>: still going after" in shown
    for bad in ("0", "-3", "abc", "1e3", "9" * 13, "60\x00"):
        client.post(url, {"max_seconds": bad, "enabled": "on"})
        assert DurationSLA.objects.get().max_seconds == 900, bad
    client.post(url, {"max_seconds": "60"})  # the box unticked: kept, off
    assert DurationSLA.objects.get().enabled is False
    client.post(url, {"max_seconds": ""})
    assert not DurationSLA.objects.exists()
    client.force_login(people["viewer"])
    assert client.post(url, {"max_seconds": "5"}).status_code == 403
    assert "Save SLA" not in client.get(page).content.decode()
    client.force_login(people["outsider"])
    assert client.post(url, {"max_seconds": "5"}).status_code == 404
    assert not DurationSLA.objects.exists()
