"""The pipeline pages: list, new, detail (versions, schedule, dependencies, runs, subscription),
run, builder, delete, templates gallery and connections — status codes, roles, visibility, inline
errors that write nothing, and query counts."""

from __future__ import annotations

import sqlite3

import pytest
from django.template import TemplateDoesNotExist
from django.test import Client
from django.urls import reverse

from executions.models import Execution, PipelineDependency
from notifications.models import PipelineSubscription
from pipelines import services
from pipelines.graph import parse_graph_document
from pipelines.models import Connection, Pipeline
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def web():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def part(client, name, *args, data=None):
    """A part of a page (served by executions, included with htmx), as htmx asks for it."""
    return client.get(reverse(name, args=args), data or {}, HTTP_HX_REQUEST="true")


def list_runs(client, *pipelines):
    """The "Last run" and "Next run" cells of the pipelines list for ``pipelines`` (one request)."""
    return part(client, "executions:pipeline_list_runs", data={"pipeline": [p.pk for p in pipelines]})


def make_pipeline(owner, name="Orders", graph=None, **fields) -> Pipeline:
    doc = graph or factories.SIMPLE_GRAPH
    return services.pipeline_create(user=owner, name=name, graph=parse_graph_document(doc), **fields)


def versioned(owner, name="Orders", **fields) -> Pipeline:
    pipeline = make_pipeline(owner, name=name, **fields)
    services.pipeline_version_create(pipeline=pipeline, user=owner)
    pipeline.refresh_from_db()
    return pipeline


@pytest.fixture(autouse=True)
def data_file(settings):
    """The input file of factories.SIMPLE_GRAPH, so that its pipelines validate and can be versioned."""
    (settings.DATA_ROOT / "in.csv").write_text("id,amount\n1,5\n2,-1\n")


# --- Anonymous visitors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,args",
    [
        ("pipelines:list", []),
        ("pipelines:create", []),
        ("pipelines:detail", [1]),
        ("pipelines:builder", [1]),
        ("pipelines:templates", []),
        ("pipelines:template_apply", [1]),
        ("pipelines:connections", []),
        ("pipelines:connection_create", []),
        ("pipelines:connection_detail", [1]),
    ],
)
def test_anonymous_is_sent_to_login(client, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


def test_anonymous_post_run_is_sent_to_login(client, user):
    pipeline = versioned(user)
    response = client.post(reverse("executions:pipeline_run", args=[pipeline.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not Execution.objects.exists()


# --- List -----------------------------------------------------------------------------------------


def test_list_shows_visible_pipelines_with_last_and_next_run(web, user, data_file):
    mine = versioned(user, name="Nightly orders", schedule_cron="0 6 * * *", schedule_enabled=True)
    services.pipeline_update(pipeline=mine, user=user, tags=["sales"])
    other = make_pipeline(factories.UserFactory(role="editor"), name="Someone else's")
    from executions.services import execution_start

    execution = execution_start(pipeline=mine, user=user)
    client = web(user)
    response = client.get(reverse("pipelines:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nightly orders" in body
    assert other.name not in body
    assert "sales" in body
    # The last and next run come from executions: one request for the page's rows, swapped in by id.
    assert f"{reverse('executions:pipeline_list_runs')}?pipeline={mine.pk}" in body
    assert f'id="last-run-{mine.pk}"' in body and f'id="next-run-{mine.pk}"' in body
    parts = list_runs(client, mine, other)
    assert parts.status_code == 200
    cells = parts.content.decode()
    assert reverse("executions:detail", args=[execution.pk]) in cells
    assert f"status-{execution.status}" in cells
    assert f'id="last-run-{mine.pk}" hx-swap-oob="true"' in cells
    assert f'id="last-run-{other.pk}"' not in cells  # another user's pipeline: left out
    row = parts.context["rows"][0]
    assert row["pipeline"].last_run_id == execution.pk
    assert row["next_run"] is not None and row["next_run"]["at"].hour == 6


def test_list_filters_search_tag_and_status(web, user):
    a = make_pipeline(user, name="Alpha loader", tags=["finance"])
    b = make_pipeline(user, name="Beta loader", tags=["ops"])
    services.pipeline_update(pipeline=b, user=user, status="paused")
    client = web(user)

    names = lambda r: [row["pipeline"].name for row in r.context["rows"]]  # noqa: E731
    assert names(client.get(reverse("pipelines:list"), {"q": "alpha"})) == [a.name]
    assert names(client.get(reverse("pipelines:list"), {"tag": "ops"})) == [b.name]
    assert names(client.get(reverse("pipelines:list"), {"status": "active"})) == [a.name]
    # An unknown tag is an inline error; the other filters still apply.
    response = client.get(reverse("pipelines:list"), {"tag": "nope", "q": "beta"})
    assert response.status_code == 200
    assert "nope is not one of the available choices" in response.content.decode()
    assert names(response) == [b.name]


def test_list_htmx_returns_the_table_fragment(web, user):
    make_pipeline(user, name="Fragment")
    response = web(user).get(reverse("pipelines:list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="pipeline-table"') and "<html" not in body
    assert "Fragment" in body


def test_list_query_count_does_not_grow_with_rows(web, user, django_assert_max_num_queries, data_file):
    from executions.services import execution_start

    for i in range(12):
        p = versioned(user, name=f"P{i}", schedule_cron="*/5 * * * *", schedule_enabled=True, tags=[f"t{i}"])
        execution_start(pipeline=p, user=user)
    client = web(user)
    client.get(reverse("pipelines:list"))  # warm the session
    with django_assert_max_num_queries(9):
        response = client.get(reverse("pipelines:list"))
    assert len(response.context["rows"]) == 12
    pipelines = [row["pipeline"] for row in response.context["rows"]]
    with django_assert_max_num_queries(4):
        parts = list_runs(client, *pipelines)
    assert len(parts.context["rows"]) == 12 and all(r["pipeline"].last_run_id for r in parts.context["rows"])


def test_run_buttons_follow_the_role(web, viewer, operator):
    owner = factories.UserFactory(role="editor")
    pipeline = versioned(owner)
    for u in (viewer, operator):
        pipeline.shared_with_users.add(u)
    body = web(viewer).get(reverse("pipelines:list")).content.decode()
    assert "needs the operator role" in body
    assert reverse("executions:pipeline_run", args=[pipeline.pk]) not in body
    assert "You need the editor role to create pipelines" in body
    body = web(operator).get(reverse("pipelines:list")).content.decode()
    assert reverse("executions:pipeline_run", args=[pipeline.pk]) in body


# --- New pipeline ------------------------------------------------------------------------------


def test_create_pipeline_redirects_to_the_builder(web, user):
    response = web(user).post(
        reverse("pipelines:create"), {"name": "Fresh", "description": "From the page", "tags": "sales, Nightly"}
    )
    pipeline = Pipeline.objects.get(name="Fresh")
    assert response.status_code == 302
    assert response["Location"] == reverse("pipelines:builder", args=[pipeline.pk])
    assert pipeline.owner == user and pipeline.description == "From the page"
    assert sorted(t.name for t in pipeline.tags.all()) == ["nightly", "sales"]


def test_create_pipeline_errors_are_inline_and_nothing_is_written(web, user):
    response = web(user).post(reverse("pipelines:create"), {"name": "", "tags": "bad tag!"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_name_error"' in body and "This field is required." in body
    assert 'id="id_tags_error"' in body and "Invalid tag" in body
    assert 'aria-invalid="true"' in body
    assert not Pipeline.objects.exists()


def test_viewer_cannot_create(web, viewer):
    client = web(viewer)
    assert client.get(reverse("pipelines:create")).status_code == 403
    assert client.post(reverse("pipelines:create"), {"name": "x"}).status_code == 403
    assert not Pipeline.objects.exists()


# --- Detail ----------------------------------------------------------------------------------------


def test_detail_of_another_users_pipeline_is_404(web, user):
    other = make_pipeline(factories.UserFactory(role="editor"), name="Hidden")
    client = web(user)
    for name in ("pipelines:detail", "pipelines:builder", "pipelines:delete"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    for name in ("executions:pipeline_run", "pipelines:schedule", "pipelines:subscribe", "executions:dependencies"):
        assert client.post(reverse(name, args=[other.pk]), {}).status_code == 404
    for name in ("executions:pipeline_runs", "executions:next_runs", "executions:dependencies"):
        assert part(client, name, other.pk).status_code == 404


def test_detail_shows_summary_versions_runs_and_next_runs(web, operator, data_file, django_assert_max_num_queries):
    pipeline = versioned(operator, name="Detailed", schedule_cron="30 7 * * 1-5", schedule_timezone="Europe/Paris")
    services.pipeline_graph_set(
        pipeline=pipeline,
        user=operator,
        graph=parse_graph_document(
            {
                **factories.SIMPLE_GRAPH,
                "nodes": [
                    {**n, "config": {"condition": "amount > 1"}} if n["key"] == "keep" else n
                    for n in factories.SIMPLE_GRAPH["nodes"]
                ],
            }
        ),
    )
    services.pipeline_version_create(pipeline=pipeline, user=operator, message="stricter")
    from executions.services import execution_start

    execution = execution_start(pipeline=pipeline, user=operator)
    client = web(operator)
    client.get(reverse("pipelines:detail", args=[pipeline.pk]))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("pipelines:detail", args=[pipeline.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1" in body and body.count("<h1") == 1
    assert "v2" in body and "stricter" in body
    # Recent runs, next runs and dependencies are parts of executions, asked for when the page loads.
    for name in ("executions:pipeline_runs", "executions:next_runs", "executions:dependencies"):
        assert f'hx-get="{reverse(name, args=[pipeline.pk])}" hx-trigger="load"' in body
    with django_assert_max_num_queries(8):
        runs = part(client, "executions:pipeline_runs", pipeline.pk)
    assert reverse("executions:detail", args=[execution.pk]) in runs.content.decode()
    with django_assert_max_num_queries(4):
        next_runs = part(client, "executions:next_runs", pipeline.pk)
    assert len(next_runs.context["next_runs"]) == 5
    assert all(r["at"].hour == 7 and r["at"].minute == 30 for r in next_runs.context["next_runs"])
    assert "CET" in next_runs.content.decode() or "CEST" in next_runs.content.decode()
    with django_assert_max_num_queries(8):
        assert part(client, "executions:dependencies", pipeline.pk).status_code == 200
    assert f"/api/pipelines/{pipeline.pk}/export/?format=yaml" in body
    assert reverse("pipelines:builder", args=[pipeline.pk]) in body
    assert reverse("executions:pipeline_run", args=[pipeline.pk]) in body


def test_version_diff(web, user):
    pipeline = versioned(user)
    graph = dict(factories.SIMPLE_GRAPH)
    graph["nodes"] = [
        {**n, "config": {"condition": "amount > 10"}} if n["key"] == "keep" else n for n in graph["nodes"]
    ]
    services.pipeline_graph_set(pipeline=pipeline, user=user, graph=parse_graph_document(graph))
    services.pipeline_version_create(pipeline=pipeline, user=user)
    client = web(user)
    response = client.get(reverse("pipelines:detail", args=[pipeline.pk]), {"old": 1, "new": 2})
    assert response.context["diff"]["nodes_changed"][0]["key"] == "keep"
    assert "amount &gt; 10" in response.content.decode()
    fragment = client.get(reverse("pipelines:diff", args=[pipeline.pk]), {"old": 1, "new": 2}, HTTP_HX_REQUEST="true")
    assert fragment.content.decode().lstrip().startswith('<div id="version-diff"')
    assert "amount &gt; 10" in fragment.content.decode()
    same = client.get(reverse("pipelines:detail", args=[pipeline.pk]), {"old": 2, "new": 2})
    assert "Choose two different versions." in same.content.decode()
    unknown = client.get(reverse("pipelines:detail", args=[pipeline.pk]), {"old": 1, "new": 9})
    assert unknown.status_code == 200 and unknown.context["diff"] is None


# --- Schedule --------------------------------------------------------------------------------------


def test_schedule_save_and_next_runs(web, user):
    pipeline = versioned(user)
    response = web(user).post(
        reverse("pipelines:schedule", args=[pipeline.pk]),
        {"schedule_cron": "15 2 * * *", "schedule_timezone": "Asia/Tokyo", "schedule_enabled": "on"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    pipeline.refresh_from_db()
    assert (pipeline.schedule_cron, pipeline.schedule_timezone, pipeline.schedule_enabled) == (
        "15 2 * * *",
        "Asia/Tokyo",
        True,
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="schedule"') and "Schedule saved." in body
    # The card asks executions for the next runs of the saved schedule.
    assert f'hx-get="{reverse("executions:next_runs", args=[pipeline.pk])}"' in body
    assert part(web(user), "executions:next_runs", pipeline.pk).content.decode().count("02:15 JST") == 5


def test_schedule_errors_inline_and_nothing_saved(web, user):
    pipeline = versioned(user, schedule_cron="0 1 * * *")
    client = web(user)
    response = client.post(
        reverse("pipelines:schedule", args=[pipeline.pk]),
        {"schedule_cron": "61 * * *", "schedule_timezone": "UTC", "schedule_enabled": "on"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_schedule_cron_error"' in body and "not a valid 5-field cron expression" in body
    response = client.post(
        reverse("pipelines:schedule", args=[pipeline.pk]),
        {"schedule_cron": "", "schedule_timezone": "UTC", "schedule_enabled": "on"},
        HTTP_HX_REQUEST="true",
    )
    assert "cannot be enabled without a cron expression" in response.content.decode()
    response = client.post(
        reverse("pipelines:schedule", args=[pipeline.pk]),
        {"schedule_cron": "0 1 * * *", "schedule_timezone": "Mars/Olympus"},
    )
    assert "id_schedule_timezone_error" in response.content.decode()
    pipeline.refresh_from_db()
    assert (pipeline.schedule_cron, pipeline.schedule_enabled) == ("0 1 * * *", False)


def test_schedule_preview(web, user):
    pipeline = make_pipeline(user)
    client = web(user)
    url = reverse("executions:schedule_preview", args=[pipeline.pk])
    body = client.get(url, {"schedule_cron": "0 9 * * 1", "schedule_timezone": "UTC"}).content.decode()
    assert body.count("Mon ") == 5 and "09:00 UTC" in body
    body = client.get(url, {"schedule_cron": "nope", "schedule_timezone": "UTC"}).content.decode()
    assert "not a valid 5-field cron expression" in body
    pipeline.refresh_from_db()
    assert pipeline.schedule_cron == ""


def test_viewer_sees_the_schedule_read_only_and_cannot_post(web, viewer):
    owner = factories.UserFactory(role="editor")
    pipeline = versioned(owner, schedule_cron="0 3 * * *")
    pipeline.shared_with_users.add(viewer)
    client = web(viewer)
    body = client.get(reverse("pipelines:detail", args=[pipeline.pk])).content.decode()
    assert "You need the editor role to change the schedule" in body
    assert "You need the operator role to run pipelines" in body
    assert reverse("pipelines:schedule", args=[pipeline.pk]) not in body
    response = client.post(reverse("pipelines:schedule", args=[pipeline.pk]), {"schedule_cron": "* * * * *"})
    assert response.status_code == 403
    pipeline.refresh_from_db()
    assert pipeline.schedule_cron == "0 3 * * *"
    assert client.post(reverse("executions:pipeline_run", args=[pipeline.pk])).status_code == 403
    assert client.post(reverse("pipelines:delete", args=[pipeline.pk])).status_code == 403
    assert not Execution.objects.exists() and Pipeline.objects.filter(pk=pipeline.pk).exists()


# --- Run ------------------------------------------------------------------------------------------


def test_run_redirects_to_the_execution(web, operator, data_file):
    pipeline = versioned(operator)
    response = web(operator).post(reverse("executions:pipeline_run", args=[pipeline.pk]))
    execution = Execution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("executions:detail", args=[execution.pk])
    assert execution.started_by == operator and execution.trigger == Execution.Trigger.MANUAL


def test_run_without_a_version_shows_why(web, operator):
    pipeline = make_pipeline(operator)
    response = web(operator).post(reverse("executions:pipeline_run", args=[pipeline.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("pipelines:detail", args=[pipeline.pk])
    assert "has no version yet" in response.content.decode()
    assert not Execution.objects.exists()


def test_editor_cannot_run(web, user):
    pipeline = versioned(user)
    assert web(user).post(reverse("executions:pipeline_run", args=[pipeline.pk])).status_code == 403
    assert not Execution.objects.exists()


# --- Dependencies ----------------------------------------------------------------------------------


def test_dependencies_add_remove_and_cycle_error(web, user):
    a, b = make_pipeline(user, name="A"), make_pipeline(user, name="B")
    client = web(user)
    response = client.post(reverse("executions:dependencies", args=[b.pk]), {"direction": "upstream", "other": a.pk})
    assert response.status_code == 302
    link = PipelineDependency.objects.get()
    assert (link.upstream, link.downstream) == (a, b)
    # B -> A would close the loop A -> B -> A.
    response = client.post(reverse("executions:dependencies", args=[b.pk]), {"direction": "downstream", "other": a.pk})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_other_error"' in body and "This would make a cycle" in body
    assert PipelineDependency.objects.count() == 1
    body = part(client, "executions:dependencies", a.pk).content.decode()
    assert "the trigger of B" in body
    response = client.post(reverse("executions:dependency_remove", args=[a.pk, link.pk]))
    assert response.status_code == 302 and not PipelineDependency.objects.exists()


def test_dependency_on_an_invisible_pipeline_is_refused(web, user, viewer):
    mine = make_pipeline(user, name="Mine")
    hidden = make_pipeline(factories.UserFactory(role="editor"), name="Hidden")
    response = web(user).post(
        reverse("executions:dependencies", args=[mine.pk]), {"direction": "upstream", "other": hidden.pk}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not PipelineDependency.objects.exists()
    mine.shared_with_users.add(viewer)
    response = web(viewer).post(
        reverse("executions:dependencies", args=[mine.pk]), {"direction": "upstream", "other": mine.pk}
    )
    assert response.status_code == 403


def test_dependency_forms_through_htmx_answer_with_the_part(web, user):
    a, b = make_pipeline(user, name="A"), make_pipeline(user, name="B")
    client = web(user)
    url = reverse("executions:dependencies", args=[b.pk])
    response = client.post(url, {"direction": "upstream", "other": a.pk}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<div id="dependencies-body"')
    assert "“B” now runs after “A” succeeds." in body and "the dependency on A" in body
    # An error is answered with a 200 too (htmx swaps only 2xx), inline, and nothing is written.
    response = client.post(url, {"direction": "downstream", "other": a.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "This would make a cycle" in response.content.decode()
    link = PipelineDependency.objects.get()
    response = client.post(reverse("executions:dependency_remove", args=[b.pk, link.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "no longer runs after" in response.content.decode()
    assert not PipelineDependency.objects.exists()


def test_parts_without_javascript_are_pages_that_lead_back(web, viewer):
    """The fallback link of each part opens it as a page of its own; a viewer sees no dependency form."""
    owner = factories.UserFactory(role="editor")
    pipeline = versioned(owner, name="Shared", schedule_cron="0 4 * * *")
    pipeline.shared_with_users.add(viewer)
    client = web(viewer)
    for name, title in (
        ("executions:pipeline_runs", "Recent runs"),
        ("executions:next_runs", "Next runs"),
        ("executions:dependencies", "Dependencies"),
    ):
        response = client.get(reverse(name, args=[pipeline.pk]))
        body = response.content.decode()
        assert response.status_code == 200 and "<html" in body and f"{title} of Shared" in body
        assert reverse("pipelines:detail", args=[pipeline.pk]) in body
        assert "HX-Request" in response["Vary"]
    body = part(client, "executions:dependencies", pipeline.pk).content.decode()
    assert "You need the editor role to change dependencies" in body and "<form" not in body


def test_list_runs_ignores_what_is_not_an_id(web, user):
    pipeline = make_pipeline(user)
    ids = ["x", "0", "²", "9" * 5000, str(2**64), pipeline.pk]
    response = part(web(user), "executions:pipeline_list_runs", data={"pipeline": ids})
    assert response.status_code == 200
    assert [r["pipeline"].pk for r in response.context["rows"]] == [pipeline.pk]


# --- Subscriptions --------------------------------------------------------------------------------


def test_subscribe_and_unsubscribe(web, viewer):
    pipeline = make_pipeline(factories.UserFactory(role="editor"))
    pipeline.shared_with_users.add(viewer)
    client = web(viewer)
    response = client.post(
        reverse("pipelines:subscribe", args=[pipeline.pk]),
        {"event_types": ["execution.failed", "execution.succeeded"], "channels": ["in_app"]},
    )
    assert response.status_code == 302
    sub = PipelineSubscription.objects.get(user=viewer)
    assert sub.topic == f"pipeline:{pipeline.pk}"
    assert sorted(sub.event_types) == ["execution.failed", "execution.succeeded"]
    body = client.get(reverse("pipelines:detail", args=[pipeline.pk])).content.decode()
    assert "failed runs and successful runs" in body and "Unsubscribe" in body
    assert client.post(reverse("pipelines:unsubscribe", args=[pipeline.pk])).status_code == 302
    assert not PipelineSubscription.objects.exists()
    assert client.post(reverse("pipelines:unsubscribe", args=[pipeline.pk])).status_code == 404


def test_subscribe_errors_inline(web, user):
    pipeline = make_pipeline(user)
    response = web(user).post(reverse("pipelines:subscribe", args=[pipeline.pk]), {"event_types": ["bogus"]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "id_event_types_error" in body and "id_channels_error" in body
    assert not PipelineSubscription.objects.exists()


# --- Builder, delete -------------------------------------------------------------------------------


def test_builder_renders_builder_template_with_flags(web, user, operator):
    pipeline = make_pipeline(user)
    pipeline.shared_with_users.add(operator)
    for u, can_run in ((user, False), (operator, True)):
        try:
            response = web(u).get(reverse("pipelines:builder", args=[pipeline.pk]))
        except TemplateDoesNotExist as exc:  # F's template not there yet: the view still chose it
            assert "pipelines/builder.html" in str(exc)
            continue
        assert response.status_code == 200
        assert "pipelines/builder.html" in [t.name for t in response.templates]
        assert response.context["pipeline"] == pipeline
        assert response.context["can_edit"] is True and response.context["can_run"] is can_run


def test_builder_page_gives_the_pipelines_backend(web, user):
    pipeline = make_pipeline(user)
    for backend in ("polars", "sql"):
        Pipeline.objects.filter(pk=pipeline.pk).update(backend=backend)
        body = web(user).get(reverse("pipelines:builder", args=[pipeline.pk])).content.decode()
        assert f'data-backend="{backend}"' in body


def test_delete_confirms_then_deletes(web, user):
    pipeline = make_pipeline(user, name="Doomed")
    client = web(user)
    assert "Delete “Doomed”?" in client.get(reverse("pipelines:delete", args=[pipeline.pk])).content.decode()
    response = client.post(reverse("pipelines:delete", args=[pipeline.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("pipelines:list")
    assert not Pipeline.objects.exists()


# --- Templates -------------------------------------------------------------------------------------

PARAM_TEMPLATE = {
    "graph": {
        "nodes": [
            {"key": "src", "type": "source.file", "config": {"path": "{{ path }}", "format": "csv"}},
            {"key": "top", "type": "transform.limit", "config": {"n": "{{ rows }}"}},
        ],
        "edges": [{"source": "src", "target": "top"}],
    },
    "parameters": {
        "type": "object",
        "required": ["path"],
        "properties": {
            "path": {"type": "string", "description": "CSV file under the data root"},
            "rows": {"type": "integer", "minimum": 1, "default": 10},
            "format": {"type": "string", "enum": ["csv", "json"]},
        },
    },
}


def test_gallery_lists_templates_and_apply_makes_a_pipeline(web, user):
    template = factories.TemplateFactory(name="Top rows", category="samples", **PARAM_TEMPLATE)
    client = web(user)
    body = client.get(reverse("pipelines:templates")).content.decode()
    assert "Top rows" in body and reverse("pipelines:template_apply", args=[template.pk]) in body
    form_page = client.get(reverse("pipelines:template_apply", args=[template.pk])).content.decode()
    assert 'name="param_path"' in form_page and 'name="param_rows"' in form_page and 'value="10"' in form_page
    assert '<select name="param_format"' in form_page
    response = client.post(
        reverse("pipelines:template_apply", args=[template.pk]),
        {"name": "From template", "param_path": "data.csv", "param_rows": "25"},
    )
    pipeline = Pipeline.objects.get(name="From template")
    assert response.status_code == 302 and response["Location"] == reverse("pipelines:detail", args=[pipeline.pk])
    configs = {n.key: n.config for n in pipeline.nodes.all()}
    assert configs == {"src": {"path": "data.csv", "format": "csv"}, "top": {"n": 25}}


def test_apply_errors_inline_and_nothing_written(web, user, viewer):
    template = factories.TemplateFactory(**PARAM_TEMPLATE)
    response = web(user).post(
        reverse("pipelines:template_apply", args=[template.pk]), {"name": "x", "param_path": "", "param_rows": "0"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "id_param_path_error" in body and "id_param_rows_error" in body
    assert not Pipeline.objects.exists()
    assert web(viewer).post(reverse("pipelines:template_apply", args=[template.pk]), {"name": "x"}).status_code == 403
    assert (
        "You need the editor role to make pipelines from templates"
        in web(viewer).get(reverse("pipelines:templates")).content.decode()
    )


# --- Connections -----------------------------------------------------------------------------------


def test_connection_create_kind_form_and_secret_never_rendered(web, user):
    client = web(user)
    chooser = client.get(reverse("pipelines:connection_create")).content.decode()
    assert "?kind=postgresql" in chooser and "?kind=http" in chooser
    form = client.get(reverse("pipelines:connection_create"), {"kind": "postgresql"}).content.decode()
    for name in ("config_host", "config_port", "config_database", "config_user", "config_sslmode", "secret_password"):
        assert f'name="{name}"' in form
    response = client.post(
        reverse("pipelines:connection_create") + "?kind=postgresql",
        {
            "kind": "postgresql",
            "name": "Shop DB",
            "config_host": "db.internal",
            "config_port": "5433",
            "config_database": "shop",
            "config_user": "reader",
            "secret_password": "s3cr3t-value",
        },
    )
    connection = Connection.objects.get()
    assert response.status_code == 302
    assert connection.config == {"host": "db.internal", "port": 5433, "database": "shop", "user": "reader"}
    assert connection.secrets == {"password": "s3cr3t-value"}
    for url in (
        reverse("pipelines:connection_detail", args=[connection.pk]),
        reverse("pipelines:connection_edit", args=[connection.pk]),
        reverse("pipelines:connections"),
    ):
        body = client.get(url).content.decode()
        assert "s3cr3t-value" not in body
    assert "password" in client.get(reverse("pipelines:connections")).content.decode()


def test_connection_errors_inline_and_nothing_written(web, user):
    response = web(user).post(
        reverse("pipelines:connection_create") + "?kind=postgresql",
        {"kind": "postgresql", "name": "Bad", "config_host": "bad host/x", "config_database": "d", "config_user": "u"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_config_host_error"' in body and "must be a host name" in body
    assert not Connection.objects.exists()


def test_connection_edit_keeps_or_removes_secrets(web, user):
    client = web(user)
    connection = services.connection_create(
        user=user,
        name="PG",
        kind="postgresql",
        config={"host": "h", "database": "d", "user": "u"},
        secrets={"password": "keep-me"},
    )
    base = {
        "name": "PG renamed",
        "slug": connection.slug,
        "config_host": "h2",
        "config_database": "d",
        "config_user": "u",
    }
    assert client.post(reverse("pipelines:connection_edit", args=[connection.pk]), base).status_code == 302
    connection.refresh_from_db()
    assert connection.name == "PG renamed" and connection.config["host"] == "h2"
    assert connection.secrets == {"password": "keep-me"}
    client.post(reverse("pipelines:connection_edit", args=[connection.pk]), {**base, "clear_password": "on"})
    connection.refresh_from_db()
    assert connection.secrets == {} and connection.secret_keys == []


def test_connection_test_and_browse_sqlite(web, user, settings):
    path = settings.DATA_ROOT / "shop.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL)")
    connection = services.connection_create(user=user, name="Shop file", kind="sqlite", config={"path": "shop.sqlite"})
    client = web(user)
    result = client.post(reverse("pipelines:connection_test", args=[connection.pk]), HTTP_HX_REQUEST="true")
    assert "Connected." in result.content.decode()
    tables = client.get(reverse("pipelines:connection_tables", args=[connection.pk]), HTTP_HX_REQUEST="true")
    body = tables.content.decode()
    assert "customers" in body and "email" in body
    page = client.get(reverse("pipelines:connection_tables", args=[connection.pk]))
    assert page.status_code == 200 and "<h1" in page.content.decode()


def test_connection_test_failure_is_shown(web, user):
    connection = services.connection_create(user=user, name="Gone", kind="sqlite", config={"path": "missing.sqlite"})
    body = web(user).post(reverse("pipelines:connection_test", args=[connection.pk]), HTTP_HX_REQUEST="true")
    assert "Could not connect." in body.content.decode()


def test_connections_visibility_and_roles(web, user, viewer):
    theirs = factories.ConnectionFactory(name="Theirs")
    client = web(user)
    assert "Theirs" not in client.get(reverse("pipelines:connections")).content.decode()
    for name in ("pipelines:connection_detail", "pipelines:connection_edit", "pipelines:connection_delete"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert client.post(reverse("pipelines:connection_test", args=[theirs.pk])).status_code == 404
    mine = factories.ConnectionFactory(owner=viewer, name="Viewer's")
    vclient = web(viewer)
    body = vclient.get(reverse("pipelines:connection_detail", args=[mine.pk])).content.decode()
    assert "You need the editor role to test connections" in body
    assert vclient.post(reverse("pipelines:connection_test", args=[mine.pk])).status_code == 403
    assert vclient.post(reverse("pipelines:connection_delete", args=[mine.pk])).status_code == 403
    assert vclient.get(reverse("pipelines:connection_create")).status_code == 403
    assert Connection.objects.filter(pk=mine.pk).exists()


def test_connection_delete_refused_while_used(web, user):
    connection = factories.ConnectionFactory(owner=user, slug="in-use")
    make_pipeline(
        user,
        graph={
            "nodes": [{"key": "src", "type": "source.database", "config": {"connection": "in-use", "table": "t"}}],
            "edges": [],
        },
    )
    response = web(user).post(reverse("pipelines:connection_delete", args=[connection.pk]))
    assert response.status_code == 400 and "Still used by pipelines" in response.content.decode()
    assert Connection.objects.filter(pk=connection.pk).exists()
