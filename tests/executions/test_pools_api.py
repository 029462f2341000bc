"""/api/pools/: everyone signed in reads (with occupancy), admins write; hostile input is a 400."""

from __future__ import annotations

import pytest

from executions.models import Pool, StepRun
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return UserFactory(role="admin")


def test_admin_creates_changes_and_deletes_a_pool(client_for, admin):
    api = client_for(admin)
    made = api.post("/api/pools/", {"name": "warehouse", "slots": 2, "description": "the DWH"}, format="json")
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["name"] == "warehouse" and body["slots"] == 2 and body["running"] == 0 and body["queued"] == 0
    pk = body["id"]
    changed = api.patch(f"/api/pools/{pk}/", {"slots": 5, "name": "renamed"}, format="json")
    assert changed.status_code == 200 and changed.json()["slots"] == 5
    assert changed.json()["name"] == "warehouse"  # the name stays: steps name it
    assert api.delete(f"/api/pools/{pk}/").status_code == 204
    assert not Pool.objects.exists()


def test_reads_for_everyone_signed_in_writes_for_admins(client_for, viewer, editor, operator, api):
    pool = Pool.objects.create(name="db", slots=1)
    assert api.get("/api/pools/").status_code == 401
    for who in (viewer, editor, operator):
        c = client_for(who)
        assert [p["name"] for p in c.get("/api/pools/").json()] == ["db"]
        assert c.get(f"/api/pools/{pool.pk}/").status_code == 200
        assert c.post("/api/pools/", {"name": "x", "slots": 1}, format="json").status_code == 403
        assert c.patch(f"/api/pools/{pool.pk}/", {"slots": 9}, format="json").status_code == 403
        assert c.delete(f"/api/pools/{pool.pk}/").status_code == 403
    pool.refresh_from_db()
    assert pool.slots == 1


def test_occupancy_counts_running_and_waiting_heads(client_for, viewer, make_pipeline, editor):
    from executions.services import execution_start
    from tests.executions.conftest import chain

    pool = Pool.objects.create(name="db", slots=3)
    pipeline = make_pipeline(
        chain(("src", "t.rows", {"n": 1, "pool": "db"}), ("dst", "t.sink", {"name": "o"})), concurrency_limit=5
    )
    runs = [execution_start(pipeline=pipeline, user=editor) for _ in range(3)]
    heads = StepRun.objects.filter(execution__in=runs, node_key="src").order_by("pk")
    StepRun.objects.filter(pk=heads[0].pk).update(status="running")
    StepRun.objects.filter(pk__in=[heads[1].pk, heads[2].pk]).update(pool_waiting_since="2026-01-01T00:00Z")
    answer = client_for(viewer).get(f"/api/pools/{pool.pk}/").json()
    assert (answer["running"], answer["queued"]) == (1, 2)


@pytest.mark.parametrize(
    "body",
    [
        {"name": "db", "slots": 0},
        {"name": "db", "slots": -1},
        {"name": "db", "slots": 10**12},
        {"name": "db", "slots": "many"},
        {"name": "db", "slots": True},
        {"name": "../etc", "slots": 1},
        {"name": "a b", "slots": 1},
        {"name": "x" * 101, "slots": 1},
        {"name": "", "slots": 1},
        {"name": "db'; DROP TABLE executions_pool; --", "slots": 1},
        {"name": ["db"], "slots": 1},
        {"slots": 1},
        {"name": "db", "slots": 1, "description": "x" * 2001},
    ],
)
def test_hostile_pool_bodies_are_400(client_for, admin, body):
    answer = client_for(admin).post("/api/pools/", body, format="json")
    assert answer.status_code == 400, answer.content
    assert not Pool.objects.exists()


def test_a_duplicate_name_and_hostile_updates_are_400(client_for, admin):
    pool = Pool.objects.create(name="db", slots=1)
    api = client_for(admin)
    assert api.post("/api/pools/", {"name": "db", "slots": 2}, format="json").status_code == 400
    for body in ({"slots": 0}, {"slots": 10**9}, {"slots": None}, {"description": "x" * 2001}):
        assert api.patch(f"/api/pools/{pool.pk}/", body, format="json").status_code == 400, body
    pool.refresh_from_db()
    assert pool.slots == 1
    for bad in ("999999999", "99999999999999999999999", "-1", "²"):
        assert api.get(f"/api/pools/{bad}/").status_code == 404


def test_the_execution_page_and_api_say_a_step_waits_for_its_pool(client_for, make_pipeline, editor):
    from django.test import Client

    from executions.services import execution_start
    from tests.executions.conftest import chain

    Pool.objects.create(name="db", slots=1)
    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 1, "pool": "db"}), ("dst", "t.sink", {"name": "o"})))
    run = execution_start(pipeline=pipeline, user=editor)
    page = Client()
    page.force_login(editor)
    assert "waiting for pool" not in page.get(f"/executions/{run.pk}/").content.decode()
    StepRun.objects.filter(execution=run, node_key="src").update(pool_waiting_since="2026-01-01T00:00Z")
    html = page.get(f"/executions/{run.pk}/").content.decode()
    assert 'data-pool-wait="db"' in html and "waiting for pool db" in html
    steps = {s["node_key"]: s for s in client_for(editor).get(f"/api/executions/{run.pk}/").json()["steps"]}
    assert steps["src"]["pool"] == "db" and steps["src"]["pool_waiting_since"] is not None
    assert steps["dst"]["pool"] == "" and steps["dst"]["pool_waiting_since"] is None
