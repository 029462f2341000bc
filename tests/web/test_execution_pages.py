"""The execution pages: list with filters and figures, detail (timeline, DAG, steps, logs, preview) and
the cancel/retry/rerun actions, through Django's test client."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from executions import executors
from executions.models import Execution, StepLog, StepRun
from executions.services import execution_start
from tests.executions.conftest import chain, engine_types  # noqa: F401  (autouse: t.* node types, inline executor)
from tests.factories import UserFactory
from tests.monitoring.seeding import pipeline_for, seed_run

pytestmark = pytest.mark.django_db

GRAPH = chain(("src", "t.rows", {"n": 5}), ("add", "t.add", {"add": 10}), ("out", "t.sink", {"name": "web_out"}))


def json_script(html: str, element_id: str):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no json_script #{element_id}"
    return json.loads(match.group(1))


@pytest.fixture
def owner(db):
    return UserFactory(role="operator")


@pytest.fixture
def pipeline(owner):
    return pipeline_for(owner, "Web pipeline")


@pytest.fixture
def other_pipeline(db):
    return pipeline_for(UserFactory(role="operator"), "Someone else's")


def run_real(pipeline, user, graph=None):
    from pipelines import services
    from pipelines.graph import parse_graph_document

    if graph is not None:
        pipeline = services.pipeline_create(user=user, name="Real run", graph=parse_graph_document(graph))
        services.pipeline_version_create(pipeline=pipeline, user=user)
        pipeline.refresh_from_db()
    execution = execution_start(pipeline=pipeline, user=user)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    return execution


# --- anonymous ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/executions/",
        "/executions/1/",
        "/executions/1/live/",
        "/executions/1/logs/",
        "/executions/1/steps/a/preview/",
        "/monitoring/executions/1/timeline/",
        "/monitoring/executions/1/resources/",
    ],
)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_anonymous_cannot_cancel(client, pipeline):
    execution = seed_run(pipeline, created=timezone.now(), status="running")
    response = client.post(f"/executions/{execution.pk}/cancel/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    execution.refresh_from_db()
    assert execution.status == "running"


# --- the list -------------------------------------------------------------------------------------


def test_list_shows_own_executions_with_figures(client, owner, pipeline, other_pipeline):
    now = timezone.now()
    seed_run(pipeline, created=now - timedelta(hours=3), status="succeeded", seconds=10)
    seed_run(pipeline, created=now - timedelta(hours=2), status="succeeded", seconds=30)
    failed = seed_run(pipeline, created=now - timedelta(hours=1), status="failed", seconds=20, error="boom")
    hidden = seed_run(other_pipeline, created=now, status="failed")
    client.force_login(owner)
    response = client.get("/executions/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/executions/{failed.pk}/"' in html
    assert f'href="/executions/{hidden.pk}/"' not in html
    figures = response.context["figures"]
    assert figures["total"] == 3
    assert figures["by_status"]["succeeded"] == 2 and figures["by_status"]["failed"] == 1
    assert figures["success_rate"] == pytest.approx(2 / 3)
    assert figures["median_duration_s"] == pytest.approx(20.0)
    assert 'data-figure="success_rate">67 %' in html


def test_list_filters_by_status_pipeline_trigger_and_dates(client, owner, pipeline):
    now = timezone.now()
    ok = seed_run(pipeline, created=now - timedelta(days=3), status="succeeded")
    bad = seed_run(pipeline, created=now, status="failed")
    second = pipeline_for(owner, "Second")
    other = seed_run(second, created=now, status="succeeded")
    client.force_login(owner)

    def ids(query):
        response = client.get("/executions/", query)
        assert response.status_code == 200
        return {e.pk for e in response.context["executions"]}

    assert ids({"status": "failed"}) == {bad.pk}
    assert ids({"status": ["failed", "succeeded"]}) == {ok.pk, bad.pk, other.pk}
    assert ids({"pipeline": second.pk}) == {other.pk}
    assert ids({"trigger": "schedule"}) == set()
    day = (now - timedelta(days=3)).date().isoformat()
    assert ids({"created_after": day, "created_before": day}) == {ok.pk}
    figures = client.get("/executions/", {"status": "failed"}).context["figures"]
    assert figures["total"] == 1 and figures["success_rate"] == 0


def test_list_bad_filters_show_inline_errors(client, owner, pipeline, other_pipeline):
    seed_run(pipeline, created=timezone.now())
    client.force_login(owner)
    response = client.get(
        "/executions/", {"created_after": "2026-02-10", "created_before": "2026-02-01", "status": "nope"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The end date is before the start date." in html
    assert "Select a valid choice" in html
    assert response.context["executions"] == []
    # Another user's pipeline is not a choice.
    response = client.get("/executions/", {"pipeline": other_pipeline.pk})
    assert "Select a valid choice" in response.content.decode()


def test_list_paginates_with_bounded_queries(client, owner, pipeline, django_assert_max_num_queries):
    now = timezone.now()
    for i in range(60):
        seed_run(pipeline, created=now - timedelta(minutes=i), status="succeeded" if i % 3 else "failed")
    client.force_login(owner)
    with django_assert_max_num_queries(12):
        response = client.get("/executions/", {"page": 2})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert len(response.context["executions"]) == 25
    assert response.context["figures"]["total"] == 60
    with django_assert_max_num_queries(12):
        htmx = client.get("/executions/", {"page": 3}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200
    assert "<html" not in htmx.content.decode()  # the partial only
    assert len(htmx.context["executions"]) == 10


# --- the detail -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_detail_of_a_real_run(client, owner):
    execution = run_real(None, owner, graph=GRAPH)
    assert execution.status == "succeeded"
    client.force_login(owner)
    response = client.get(f"/executions/{execution.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-live-topics="user:{owner.pk} execution:{execution.pk}"' in html
    for key in ("src", "add", "out"):
        assert f'data-node="{key}" data-status="succeeded"' in html
    # The timeline is monitoring's partial, loaded by htmx (a plain link without JavaScript).
    timeline_url = f"/monitoring/executions/{execution.pk}/timeline/"
    assert f'hx-get="{timeline_url}"' in html and f'href="{timeline_url}"' in html
    part = client.get(timeline_url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in part
    gantt = json_script(part, "gantt-option")
    assert gantt["yAxis"]["data"] == ["src", "add", "out"]
    assert len(gantt["series"][2]["data"]) == 3
    dag = json_script(html, "execution-dag-data")
    assert dag["execution_id"] == execution.pk
    assert {n["key"]: n["status"] for n in dag["nodes"]} == {"src": "succeeded", "add": "succeeded", "out": "succeeded"}
    assert {n["key"]: n["metrics"].get("rows_out") for n in dag["nodes"]}["add"] == 5
    assert [(e["source"], e["target"]) for e in dag["edges"]] == [("src", "add"), ("add", "out")]
    assert 'id="dag-root" data-graph="execution-dag-data"' in html
    assert "adding 10" in html  # a log line written by the step
    assert "Rerun from the start" in html and "Cancel run" not in html


def test_detail_of_another_users_execution_is_404(client, owner, other_pipeline):
    execution = seed_run(other_pipeline, created=timezone.now(), status="failed")
    client.force_login(owner)
    for url in ("", "live/", "logs/", "steps/add/preview/"):
        assert client.get(f"/executions/{execution.pk}/{url}").status_code == 404
    for part in ("timeline", "resources"):  # monitoring's parts of the page
        assert client.get(f"/monitoring/executions/{execution.pk}/{part}/").status_code == 404
    for action in ("cancel", "retry", "rerun"):
        assert client.post(f"/executions/{execution.pk}/{action}/").status_code == 404
    assert Execution.objects.count() == 1


def test_detail_shows_errors_with_traceback(client, owner, pipeline, django_assert_max_num_queries):
    execution = seed_run(pipeline, created=timezone.now(), status="failed", error="planned failure")
    StepRun.objects.filter(execution=execution, node_key="add").update(
        traceback="Traceback (most recent call last):\n  File x\nNodeError: planned failure"
    )
    client.force_login(owner)
    with django_assert_max_num_queries(16):
        response = client.get(f"/executions/{execution.pk}/")
    html = response.content.decode()
    assert 'data-error-for="add"' in html
    assert "NodeError: planned failure" in html
    assert "<details>" in html
    assert "Retry failed steps" in html


def test_viewer_sees_no_actions_and_a_role_note(client, pipeline):
    viewer = UserFactory(role="viewer")
    pipeline.shared_with_users.add(viewer)
    execution = seed_run(pipeline, created=timezone.now(), status="failed")
    client.force_login(viewer)
    html = client.get(f"/executions/{execution.pk}/").content.decode()
    assert "Retry failed steps" not in html
    assert "You need the operator role" in html


def test_live_partial(client, owner, pipeline):
    execution = seed_run(pipeline, created=timezone.now(), status="running", add_status="running")
    client.force_login(owner)
    response = client.get(f"/executions/{execution.pk}/live/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-status="running"' in html
    assert "Cancel run" in html


def test_timeline_and_resources_parts(client, owner, pipeline):
    """The parts alone for htmx; without JavaScript, the link leads to a page of their own."""
    execution = seed_run(pipeline, created=timezone.now(), status="running", add_status="running")
    client.force_login(owner)
    for part, chart in (("timeline", 'id="timeline-chart"'), ("resources", "Resources")):
        url = f"/monitoring/executions/{execution.pk}/{part}/"
        fragment = client.get(url, headers={"HX-Request": "true"})
        assert fragment.status_code == 200
        assert "<html" not in fragment.content.decode() and chart in fragment.content.decode()
        page = client.get(url).content.decode()
        assert "<html" in page and chart in page
        assert f'href="/executions/{execution.pk}/"' in page  # back to the run


def test_logs_filter_search_and_pages(client, owner, pipeline):
    execution = seed_run(pipeline, created=timezone.now(), status="succeeded")
    base = timezone.now()
    StepLog.objects.bulk_create(
        [
            StepLog(
                execution=execution,
                node_key="add" if i % 2 else "src",
                ts=base + timedelta(milliseconds=i),
                level="error" if i % 10 == 0 else "info",
                message=f"line {i}" + (" needle" if i == 7 else ""),
            )
            for i in range(250)
        ]
    )
    client.force_login(owner)
    url = f"/executions/{execution.pk}/logs/"
    tail = client.get(url)
    assert tail.status_code == 200
    lines = tail.context["lines"]
    assert lines.paginator.count == 250 and lines.number == 3  # the newest page by default
    assert "line 249" in tail.content.decode() and "line 0<" not in tail.content.decode()
    first = client.get(url, {"page": 1})
    assert "line 0" in first.content.decode()
    errors = client.get(url, {"level": "error"})
    assert errors.context["lines"].paginator.count == 25
    found = client.get(url, {"q": "needle"})
    assert [line.message for line in found.context["lines"]] == ["line 7 needle"]
    step = client.get(url, {"step": "src"})
    assert step.context["lines"].paginator.count == 125
    bad = client.get(url, {"level": "loud"})
    assert "Select a valid choice" in bad.content.decode()


@pytest.mark.django_db(transaction=True)
def test_preview_of_a_real_step_and_of_a_step_without_output(client, owner):
    execution = run_real(None, owner, graph=GRAPH)
    client.force_login(owner)
    response = client.get(f"/executions/{execution.pk}/steps/add/preview/")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["error"] is None
    assert response.context["rows"] == [[10], [11], [12], [13], [14]]
    assert '<th scope="col">i' in html
    missing = client.get(f"/executions/{execution.pk}/steps/nope/preview/")
    assert "No step &#x27;nope&#x27; in this execution." in missing.content.decode()


# --- actions ----------------------------------------------------------------------------------------


def test_editor_cannot_cancel(client, pipeline):
    editor = UserFactory(role="editor")
    pipeline.shared_with_users.add(editor)
    execution = seed_run(pipeline, created=timezone.now(), status="running", add_status="running")
    client.force_login(editor)
    assert client.post(f"/executions/{execution.pk}/cancel/").status_code == 403
    execution.refresh_from_db()
    assert execution.status == "running"


@pytest.mark.django_db(transaction=True)
def test_cancel_retry_rerun(client, owner):
    client.force_login(owner)
    # A run waiting for its first step: cancel it.
    from pipelines import services
    from pipelines.graph import parse_graph_document

    pipeline = services.pipeline_create(user=owner, name="Actions", graph=parse_graph_document(GRAPH))
    services.pipeline_version_create(pipeline=pipeline, user=owner)
    pipeline.refresh_from_db()
    execution = execution_start(pipeline=pipeline, user=owner)
    response = client.post(f"/executions/{execution.pk}/cancel/", follow=True)
    assert response.redirect_chain[-1][0] == f"/executions/{execution.pk}/"
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == "cancelled"
    assert execution.cancelled_by == owner
    assert f"Cancel requested for run #{execution.pk}." in response.content.decode()

    # Cancelling again: an inline error message, nothing changes.
    again = client.post(f"/executions/{execution.pk}/cancel/", follow=True)
    assert "Execution already cancelled." in again.content.decode()

    # Retry the cancelled run: a new execution.
    response = client.post(f"/executions/{execution.pk}/retry/")
    retry = Execution.objects.exclude(pk=execution.pk).get()
    assert response["Location"] == f"/executions/{retry.pk}/"
    assert retry.retry_of == execution and retry.trigger == "retry"
    executors.run_inline_until_idle()

    # Rerun: from the start.
    response = client.post(f"/executions/{retry.pk}/rerun/")
    rerun = Execution.objects.order_by("-pk").first()
    assert rerun.pk not in (execution.pk, retry.pk)
    assert response["Location"] == f"/executions/{rerun.pk}/"


def test_retry_of_a_succeeded_run_is_refused_with_a_message(client, owner, pipeline):
    execution = seed_run(pipeline, created=timezone.now(), status="succeeded")
    client.force_login(owner)
    response = client.post(f"/executions/{execution.pk}/retry/", follow=True)
    assert "Only failed or cancelled executions can be retried" in response.content.decode()
    assert Execution.objects.count() == 1


def test_actions_need_post(client, owner, pipeline):
    execution = seed_run(pipeline, created=timezone.now(), status="running")
    client.force_login(owner)
    assert client.get(f"/executions/{execution.pk}/cancel/").status_code == 405


def test_host_chart_only_when_the_hosts_have_samples_in_the_run(client, owner):
    from executions.models import StepRun
    from monitoring.models import MetricSample

    execution = run_real(None, owner, graph=GRAPH)
    StepRun.objects.filter(execution=execution).update(worker="box:celery@1")
    client.force_login(owner)
    url = f"/monitoring/executions/{execution.pk}/resources/"  # the execution page loads it with htmx
    assert f'hx-get="{url}"' in client.get(f"/executions/{execution.pk}/").content.decode()
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Hosts while the run was going" not in html  # a short run: no sample fell inside it
    MetricSample.objects.create(
        ts=execution.started_at,
        source=MetricSample.Source.WORKER,
        host="box",
        cpu_percent=40.0,
        memory_percent=50.0,
        memory_used_bytes=1 << 30,
        disk_percent=10.0,
        net_sent_bytes=0,
        net_recv_bytes=0,
    )
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Hosts while the run was going" in html
    assert {s["name"] for s in json_script(html, "hosts-option")["series"]} == {"box CPU %", "box memory %"}
