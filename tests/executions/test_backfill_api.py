"""Backfills through the API, the CLI and the pipeline page: validation, permissions, progress, cancel."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from executions import executors
from executions.models import Backfill, Execution
from tests import factories
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db(transaction=True)
GRAPH = chain(("src", "t.rows", {"n": 2}), ("dst", "t.sink", {"name": "bfa"}))
BODY = {"start": "2026-11-01", "end": "2026-11-04", "concurrency": 2}


@pytest.fixture
def pipeline(make_pipeline, operator):
    p = make_pipeline(GRAPH, schedule_cron="0 6 * * *", schedule_timezone="UTC", concurrency_limit=5)
    p.shared_with_users.add(operator)
    return p


def url(pipeline) -> str:
    return f"/api/pipelines/{pipeline.pk}/backfill/"


def test_dry_run_then_start_then_progress(pipeline, client_for, operator):
    api = client_for(operator)
    response = api.post(url(pipeline), {**BODY, "dry_run": True}, format="json")
    assert response.status_code == 200, response.json()
    plan = response.json()
    assert [r["start"] for r in plan["to_run"]] == [f"2026-11-0{d}T06:00:00+00:00" for d in (1, 2, 3)]
    assert plan["skipped"] == [] and not Backfill.objects.exists()
    response = api.post(url(pipeline), BODY, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["progress"] == {
        "total": 3,
        "pending": 1,
        "running": 2,
        "succeeded": 0,
        "failed": 0,
        "cancelled": 0,
        "skipped": 0,
    }
    assert [i["status"] for i in body["intervals"]] == ["running", "running", "pending"]
    executors.run_inline_until_idle()
    detail = api.get(f"/api/backfills/{body['id']}/").json()
    assert detail["status"] == "succeeded" and detail["progress"]["succeeded"] == 3
    assert {i["execution_status"] for i in detail["intervals"]} == {"succeeded"}
    # Again over the same range: dry run skips all three.
    plan = api.post(url(pipeline), {**BODY, "dry_run": True}, format="json").json()
    assert plan["to_run"] == [] and len(plan["skipped"]) == 3


@pytest.mark.parametrize(
    "body,field",
    [
        ({"start": "2026-11-05", "end": "2026-11-01"}, "end"),
        ({"start": "2016-01-01", "end": "2026-01-01"}, "end"),  # 3,653 daily intervals: over the cap
        ({"start": "2026-11-01\x00", "end": "2026-11-04"}, "start"),
        ({"start": "yesterday", "end": "2026-11-04"}, "start"),
        ({"start": "0001-01-01", "end": "2026-11-04"}, "start"),
        ({"start": ["2026-11-01"], "end": "2026-11-04"}, "start"),
        ({"start": "2026-11-01", "end": "9" * 5000}, "end"),
        ({**BODY, "concurrency": 5}, "concurrency"),
        ({**BODY, "concurrency": 0}, "concurrency"),
        ({"end": "2026-11-04"}, "start"),
    ],
)
def test_validation_names_the_field(pipeline, client_for, operator, body, field):
    response = client_for(operator).post(url(pipeline), body, format="json")
    assert response.status_code == 400, response.json()
    assert field in str(response.json()), response.json()
    assert not Backfill.objects.exists()


def test_ten_years_of_minutes_is_refused_naming_the_count(pipeline, client_for, operator):
    pipeline.schedule_cron = "* * * * *"
    pipeline.save()
    response = client_for(operator).post(url(pipeline), {"start": "2016-01-01", "end": "2026-01-01"}, format="json")
    assert response.status_code == 400
    assert "5,260,320 intervals" in str(response.json()) and "limit of 1000" in str(response.json())


def test_permissions(pipeline, client_for, viewer, editor, make_pipeline):
    assert client_for(editor).post(url(pipeline), BODY, format="json").status_code == 403  # editors do not run
    pipeline.shared_with_users.add(viewer)
    assert client_for(viewer).post(url(pipeline), BODY, format="json").status_code == 403
    stranger = factories.UserFactory(role="operator")
    assert client_for(stranger).post(url(pipeline), BODY, format="json").status_code == 404
    assert not Backfill.objects.exists()


def test_list_cancel_and_query_counts(pipeline, client_for, operator, django_assert_max_num_queries):
    api = client_for(operator)
    first = api.post(url(pipeline), {**BODY, "concurrency": 1}, format="json").json()
    cancelled = api.post(f"/api/backfills/{first['id']}/cancel/").json()
    assert cancelled["status"] == "cancelled"
    executors.run_inline_until_idle()
    assert set(Execution.objects.filter(trigger="backfill").values_list("status", flat=True)) == {"cancelled"}
    with CaptureQueriesContext(connection) as one_row:
        assert len(api.get("/api/backfills/", {"pipeline": pipeline.pk}).json()["results"]) == 1
    one_row = len(one_row)  # now: every request resets the query log the context reads
    with CaptureQueriesContext(connection) as detail_of_3:
        assert len(api.get(f"/api/backfills/{first['id']}/").json()["intervals"]) == 3
    detail_of_3 = len(detail_of_3)
    for month in (1, 2, 3):
        api.post(url(pipeline), {"start": f"2026-0{month}-01", "end": f"2026-0{month}-03"}, format="json")
        api.post(f"/api/backfills/{Backfill.objects.latest('pk').pk}/cancel/")
    with django_assert_max_num_queries(6):
        rows = api.get("/api/backfills/", {"pipeline": pipeline.pk}).json()["results"]
    assert len(rows) == 4 and all(r["status"] == "cancelled" for r in rows)
    with CaptureQueriesContext(connection) as four_rows:
        api.get("/api/backfills/", {"pipeline": pipeline.pk})
    assert len(four_rows) == one_row  # constant in the number of rows
    week = api.post(url(pipeline), {"start": "2026-10-01", "end": "2026-10-08"}, format="json").json()
    with CaptureQueriesContext(connection) as detail_of_7:
        assert len(api.get(f"/api/backfills/{week['id']}/").json()["intervals"]) == 7
    assert len(detail_of_7) == detail_of_3
    other = factories.UserFactory(role="operator")
    assert client_for(other).get("/api/backfills/").json()["results"] == []
    assert client_for(other).get(f"/api/backfills/{first['id']}/").status_code == 404
    assert client_for(other).post(f"/api/backfills/{first['id']}/cancel/").status_code == 404
    assert api.get("/api/backfills/", {"pipeline": "x"}).status_code == 400
    assert api.get("/api/backfills/", {"pipeline": "²"}).status_code == 400  # a digit int() refuses


def test_cli_dry_run_start_wait_and_errors(pipeline, operator):
    out = io.StringIO()
    call_command("backfill", pipeline.slug, "--start", "2026-11-01", "--end", "2026-11-03", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "run  2026-11-01T06:00:00+00:00 → 2026-11-02T06:00:00+00:00" in text and "2 to run, 0 skipped" in text
    assert not Backfill.objects.exists()
    out = io.StringIO()
    call_command(
        "backfill",
        str(pipeline.pk),
        "--start",
        "2026-11-01",
        "--end",
        "2026-11-03",
        "--concurrency",
        "2",
        "--wait",
        stdout=out,
    )
    assert f"backfill {Backfill.objects.get().pk} succeeded" in out.getvalue()
    out = io.StringIO()
    call_command("backfill", pipeline.slug, "--start", "2026-11-01", "--end", "2026-11-04", "--dry-run", stdout=out)
    assert "skip 2026-11-01T06:00:00+00:00" in out.getvalue() and "1 to run, 2 skipped" in out.getvalue()
    with pytest.raises(CommandError, match="end: The end must be after the start"):
        call_command("backfill", pipeline.slug, "--start", "2026-11-05", "--end", "2026-11-01")
    with pytest.raises(CommandError, match="concurrency: A whole number from 1 to 4"):
        call_command("backfill", pipeline.slug, "--start", "2026-11-01", "--end", "2026-11-04", "--concurrency", "9")
    for name in ("nope", "²"):
        with pytest.raises(CommandError, match="No pipeline"):
            call_command("backfill", name, "--start", "2026-11-01", "--end", "2026-11-04")
    with pytest.raises(CommandError, match="--start"):
        call_command("backfill", pipeline.slug, "--start", "soon", "--end", "2026-11-04")


def test_cli_exit_code_is_1_when_an_interval_fails(make_pipeline, operator):
    failing = make_pipeline(
        chain(("src", "t.rows", {"n": 2}), ("a", "t.add", {"fail_times": 9}), ("dst", "t.sink", {"name": "bff"})),
        name="Failing",
        schedule_cron="0 0 * * *",
    )
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "backfill", failing.slug, "--start", "2026-11-01", "--end", "2026-11-02", "--wait", stdout=io.StringIO()
        )
    assert exit_.value.code == 1
    assert Backfill.objects.get().status == "failed"


def test_page_part_start_and_cancel(pipeline, client, operator, viewer):
    client.force_login(operator)
    page = client.get(f"/pipelines/{pipeline.pk}/")
    assert b'id="backfill"' in page.content
    part = client.get(f"/pipelines/{pipeline.pk}/backfills/", HTTP_HX_REQUEST="true")
    assert b"Start backfill" in part.content and b"No backfill yet" in part.content
    dry = client.post(f"/pipelines/{pipeline.pk}/backfills/", {**BODY, "action": "dry_run"}, HTTP_HX_REQUEST="true")
    assert b"Dry run: 3 to run, 0 skipped" in dry.content and not Backfill.objects.exists()
    bad = client.post(f"/pipelines/{pipeline.pk}/backfills/", {**BODY, "end": "2026-10-01"})
    assert bad.status_code == 400 and b"The end must be after the start" in bad.content
    started = client.post(f"/pipelines/{pipeline.pk}/backfills/", {**BODY, "action": "start"}, HTTP_HX_REQUEST="true")
    backfill = Backfill.objects.get()
    assert f"Backfill #{backfill.pk} started".encode() in started.content
    assert b"0 done, 0 failed, 2 running, 1 pending" in started.content
    cancelled = client.post(f"/backfills/{backfill.pk}/cancel/")
    assert cancelled.status_code == 302 and cancelled["Location"].endswith("#backfill")
    backfill.refresh_from_db()
    assert backfill.status == "cancelled"
    pipeline.shared_with_users.add(viewer)
    client.force_login(viewer)
    assert b"Start backfill" not in client.get(f"/pipelines/{pipeline.pk}/backfills/").content
    assert client.post(f"/pipelines/{pipeline.pk}/backfills/", BODY).status_code == 403
    assert datetime(2026, 11, 1, 6, tzinfo=UTC) == backfill.intervals.first().interval_start


def test_a_cron_that_never_fires_is_a_400_not_a_crash(pipeline, client_for, operator):
    pipeline.schedule_cron = "0 0 31 2 *"  # 31 February
    pipeline.save()
    response = client_for(operator).post(url(pipeline), BODY, format="json")
    assert response.status_code == 400 and "cannot be computed" in str(response.json()["pipeline"])
