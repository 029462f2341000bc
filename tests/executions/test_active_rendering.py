"""GET /api/executions/active/ renders its page without DRF's per-field walk (core/rendering.py): the
same JSON as ExecutionDetailOutput's, for runs with and without a starter, a caller, a retry and steps in
every state, in another time zone too; and only the runs the user may see."""

from __future__ import annotations

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from core.rendering import model_data
from executions.api.serializers import ExecutionDetailOutput
from executions.models import Execution, StepRun
from executions.selectors import executions_active
from tests import factories
from tests.monitoring.seeding import pipeline_for, seed_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(editor):
    now = timezone.now()
    mine = pipeline_for(editor, "Mine")
    theirs = pipeline_for(factories.UserFactory(role="editor"), "Theirs")
    first = seed_run(mine, created=now - timedelta(minutes=3), status="running", add_status="running")
    second = seed_run(mine, created=now - timedelta(minutes=2), status="queued", add_status="pending")
    Execution.objects.filter(pk=second.pk).update(
        started_by=editor, retry_of=first, params={"day": "2026-12-07", "n": [1, 2]}, error='a "quoted", text'
    )
    StepRun.objects.filter(execution=first, node_key="src").update(
        report={"rows": 3}, output_rows={"out": 3}, traceback="Traceback\n  line", cpu_seconds=0.125
    )
    called = seed_run(mine, created=now - timedelta(minutes=1), status="running", add_status="running")
    Execution.objects.filter(pk=called.pk).update(
        trigger="call", parent_step=StepRun.objects.get(execution=first, node_key="add")
    )
    seed_run(theirs, created=now - timedelta(seconds=30), status="running", add_status="running")
    return mine


def _drf(user) -> list:
    page = list(executions_active(user=user))
    return json.loads(JSONRenderer().render(ExecutionDetailOutput(page, many=True).data))


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata"])
def test_the_plain_page_is_drf_s_json(client_for, editor, active, zone):
    with timezone.override(ZoneInfo(zone)):
        page = list(executions_active(user=editor))
        plain = json.loads(JSONRenderer().render(model_data(ExecutionDetailOutput, page)))
        assert plain == _drf(editor)
    assert len(plain) == 3 and all(len(e["steps"]) == 3 for e in plain)
    assert {e["parent_execution"] for e in plain} >= {None, page[0].pk}


def test_the_endpoint_shows_only_visible_runs(client_for, editor, active):
    r = client_for(editor).get("/api/executions/active/")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 3 and {e["pipeline"] for e in body["results"]} == {active.pk}
    assert body["results"] == _drf(editor)
    admin = factories.UserFactory(role="admin")
    assert client_for(admin).get("/api/executions/active/").json()["count"] == 4
    assert client_for(admin).get("/api/executions/active/?page_size=2").json()["results"] == _drf(admin)[:2]
    for hostile in ("?page=0", "?page=-1", "?page=%F0%9F%92%A5", "?page_size=999999999999"):
        assert client_for(editor).get("/api/executions/active/" + hostile).status_code in (200, 404)


def test_the_list_is_drf_s_json_with_its_filters_and_visibility(client_for, editor, active):
    from executions.api.serializers import ExecutionOutput
    from executions.selectors import executions_for_list

    def drf(user, **filters) -> list:
        page = list(executions_for_list(user=user).filter(**filters).order_by("-created_at")[:50])
        return json.loads(JSONRenderer().render(ExecutionOutput(page, many=True).data))

    c = client_for(editor)
    body = c.get("/api/executions/").json()
    assert body["count"] == 3 and body["results"] == drf(editor)
    assert c.get(f"/api/executions/?status=queued&pipeline={active.pk}").json()["results"] == drf(
        editor, status="queued"
    )
    admin = factories.UserFactory(role="admin")
    assert client_for(admin).get("/api/executions/").json()["results"] == drf(admin)
    assert client_for(admin).get("/api/executions/").json()["count"] == 4
    for hostile in ("?pipeline=1%20OR%201=1", "?status=nope", "?ordering=password", "?page=%00"):
        assert c.get("/api/executions/" + hostile).status_code in (200, 400, 404)
