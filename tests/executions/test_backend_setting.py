"""The backend setting: Pipeline.backend (API field), a run's override (start body, CLI), resolved at the
start and stored on the execution; with backend sql a graph that does not compile is refused with its
nodes' reasons; a graph that compiles runs as one step on its target, every node recorded."""

from __future__ import annotations

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from executions import executors
from executions.models import Execution
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db(transaction=True)
ENGINE_GRAPH = chain(("src", "t.rows", {"n": 3}), ("a", "t.add", {"add": 1}), ("dst", "t.sink", {"name": "b"}))
FILE_GRAPH = chain(
    ("src", "source.file", {"path": "orders.parquet"}),
    ("paid", "transform.filter", {"condition": "amount > 0"}),
    ("out", "destination.file", {"path": "out/paid.parquet"}),
)


@pytest.fixture
def orders(settings):
    pl.DataFrame({"id": [1, 2], "amount": [3.0, -1.0]}).write_parquet(settings.DATA_ROOT / "orders.parquet")


def test_the_pipeline_setting_round_trips_and_refuses_unknown_values(make_pipeline, client_for, editor):
    pipeline = make_pipeline(ENGINE_GRAPH)
    c = client_for(editor)
    assert c.get(f"/api/pipelines/{pipeline.pk}/").json()["backend"] == "polars"
    for bad in ("flink", "SQL", "", 1, None, ["sql"], "x" * 10_000):
        response = c.patch(f"/api/pipelines/{pipeline.pk}/", {"backend": bad}, format="json")
        assert response.status_code == 400 and "backend" in response.json(), bad
    response = c.patch(f"/api/pipelines/{pipeline.pk}/", {"backend": "sql"}, format="json")
    assert response.status_code == 200 and response.json()["backend"] == "sql"
    pipeline.refresh_from_db()
    assert pipeline.backend == "sql"


def test_a_run_on_polars_records_its_backend(make_pipeline, client_for, operator):
    pipeline = make_pipeline(ENGINE_GRAPH)
    pipeline.shared_with_users.add(operator)
    response = client_for(operator).post(f"/api/pipelines/{pipeline.pk}/run/", {"backend": "polars"}, format="json")
    assert response.status_code == 202 and response.json()["backend"] == "polars"
    executors.run_inline_until_idle()
    assert Execution.objects.get(pk=response.json()["id"]).status == "succeeded"


def test_unknown_backends_are_field_errors(make_pipeline, client_for, operator):
    pipeline = make_pipeline(ENGINE_GRAPH)
    pipeline.shared_with_users.add(operator)
    for bad in ("flink", "duckdb", 3, ["sql"]):
        response = client_for(operator).post(f"/api/pipelines/{pipeline.pk}/run/", {"backend": bad}, format="json")
        assert response.status_code == 400 and list(response.json()) == ["backend"], bad
    assert not Execution.objects.exists()


def test_a_graph_that_cannot_compile_is_refused_at_the_start_with_its_nodes(make_pipeline, client_for, operator):
    pipeline = make_pipeline(ENGINE_GRAPH)
    pipeline.shared_with_users.add(operator)
    response = client_for(operator).post(f"/api/pipelines/{pipeline.pk}/run/", {"backend": "sql"}, format="json")
    assert response.status_code == 400
    messages = response.json()["graph"]
    assert any(m.startswith("src: t.rows has no SQL form") for m in messages), messages
    assert not Execution.objects.exists()


def test_the_pipeline_backend_applies_when_the_run_names_none(make_pipeline, client_for, operator, editor):
    pipeline = make_pipeline(ENGINE_GRAPH)
    pipeline.shared_with_users.add(operator)
    client_for(editor).patch(f"/api/pipelines/{pipeline.pk}/", {"backend": "sql"}, format="json")
    response = client_for(operator).post(f"/api/pipelines/{pipeline.pk}/run/", {}, format="json")
    assert response.status_code == 400 and "graph" in response.json()
    # ... and a run may still choose polars over it.
    response = client_for(operator).post(f"/api/pipelines/{pipeline.pk}/run/", {"backend": "polars"}, format="json")
    assert response.status_code == 202 and response.json()["backend"] == "polars"
    executors.run_inline_until_idle()


def test_a_graph_of_files_runs_on_sql_node_by_node(orders, settings, make_pipeline, client_for, operator):
    pipeline = make_pipeline(FILE_GRAPH)
    pipeline.shared_with_users.add(operator)
    response = client_for(operator).post(f"/api/pipelines/{pipeline.pk}/run/", {"backend": "sql"}, format="json")
    assert response.status_code == 202 and response.json()["backend"] == "sql"
    executors.run_inline_until_idle()
    execution = Execution.objects.get(pk=response.json()["id"])
    assert execution.status == "succeeded", execution.error
    steps = {s.node_key: s for s in execution.steps.all()}
    assert {k: s.status for k, s in steps.items()} == {"src": "succeeded", "paid": "succeeded", "out": "succeeded"}
    assert len({s.group for s in steps.values()}) == 1  # one step: the whole graph
    assert steps["src"].output_rows == {"out": 2} and steps["paid"].output_rows == {"out": 1}
    assert steps["paid"].rows_in == 2 and steps["out"].rows_in == 1
    written = pl.read_parquet(settings.DATA_ROOT / "out" / "paid.parquet")
    assert written.to_dicts() == [{"id": 1, "amount": 3.0}]


def test_a_failed_quality_rule_fails_the_sql_run_and_writes_nothing(orders, settings, make_pipeline):
    from executions.services import execution_start

    graph = chain(
        ("src", "source.file", {"path": "orders.parquet"}),
        ("check", "quality.validate", {"rules": [{"type": "range", "column": "amount", "min": 0}]}),
        ("out", "destination.file", {"path": "out/checked.parquet"}),
    )
    pipeline = make_pipeline(graph)
    execution = execution_start(pipeline=pipeline, user=pipeline.owner, backend="sql")
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == "failed" and "1 of 1 quality rules failed" in execution.error
    assert not (settings.DATA_ROOT / "out" / "checked.parquet").exists()


def test_the_pages_set_the_backend_and_choose_a_runs(orders, make_pipeline, client, editor, operator):
    from django.urls import reverse

    pipeline = make_pipeline(FILE_GRAPH)
    client.force_login(editor)
    form = {"schedule_cron": "", "schedule_timezone": "UTC", "backend": "sql"}
    assert client.post(reverse("pipelines:schedule", args=[pipeline.pk]), form).status_code == 302
    pipeline.refresh_from_db()
    assert pipeline.backend == "sql"
    bad = client.post(reverse("pipelines:schedule", args=[pipeline.pk]), {**form, "backend": "flink"})
    assert bad.status_code == 400 and "backend" in bad.context["schedule_form"].errors
    pipeline.shared_with_users.add(operator)
    client.force_login(operator)
    page = client.get(reverse("pipelines:detail", args=[pipeline.pk])).content.decode()
    assert 'id="run-backend"' in page and "SQL (pushed down into the database) (the pipeline's)" in page
    run = reverse("executions:pipeline_run", args=[pipeline.pk])
    refused = client.post(run, {"backend": "bogus"}, follow=True)
    assert "was not started" in refused.content.decode() and not Execution.objects.exists()
    started = client.post(run, {"backend": "polars"})
    assert started.status_code == 302 and Execution.objects.get().backend == "polars"
    executors.run_inline_until_idle()
    assert client.post(run, {}).status_code == 302  # the pipeline's: sql
    assert Execution.objects.latest("id").backend == "sql"
    executors.run_inline_until_idle()
    assert Execution.objects.latest("id").status == "succeeded"


def test_the_run_command_takes_a_backend(orders, make_pipeline):
    pipeline = make_pipeline(FILE_GRAPH)
    with pytest.raises(CommandError):
        call_command("run_pipeline", pipeline.slug, "--backend", "flink")
    call_command("run_pipeline", pipeline.slug, "--backend", "sql", "--wait")
    call_command("run_pipeline", pipeline.slug, "--backend", "polars", "--wait")
    assert sorted(Execution.objects.values_list("backend", "status")) == [
        ("polars", "succeeded"),
        ("sql", "succeeded"),
    ]


def test_a_cancel_stops_the_running_statement(settings, make_pipeline, editor):
    import threading
    import time

    from executions.services import execution_cancel, execution_start

    settings.SLUICE_HEARTBEAT_SECONDS = 0.1
    rows = 30_000
    pl.DataFrame({"k": [1] * rows, "v": list(range(rows))}).write_parquet(settings.DATA_ROOT / "wide.parquet")
    graph = chain(
        ("a", "source.file", {"path": "wide.parquet"}),
        ("b", "source.file", {"path": "wide.parquet"}),
        ("j", "transform.join", {"on": ["k"], "maintain_order": False}),  # 900 million rows
        ("agg", "transform.aggregate", {"aggregations": [{"column": "*", "function": "count"}]}),
        ("out", "destination.file", {"path": "out/n.parquet"}),
        edges=[("a", "j.left"), ("b", "j.right"), ("j", "agg"), ("agg", "out")],
    )
    pipeline = make_pipeline(graph)
    execution = execution_start(pipeline=pipeline, user=editor, backend="sql")
    timer = threading.Timer(1.5, lambda: execution_cancel(execution=Execution.objects.get(pk=execution.pk), by=editor))
    timer.start()
    started = time.monotonic()
    try:
        executors.run_inline_until_idle()
    finally:
        timer.cancel()
    execution.refresh_from_db()
    assert execution.status == "cancelled", execution.error
    assert time.monotonic() - started < 60  # the join alone runs for minutes
    assert not (settings.DATA_ROOT / "out" / "n.parquet").exists()


def test_another_users_connection_is_refused_at_the_start(editor):
    from django.core.exceptions import ValidationError

    from executions.services import execution_start
    from tests import factories

    theirs = factories.ConnectionFactory(slug="not-yours", owner=factories.UserFactory(role="editor"))
    graph = chain(
        ("src", "source.database", {"connection": theirs.slug, "table": "orders"}),
        ("out", "destination.database", {"connection": theirs.slug, "table": "copy"}),
    )
    from pipelines import services
    from pipelines.graph import parse_graph_document

    pipeline = services.pipeline_create(user=editor, name="Theirs", graph=parse_graph_document(graph))
    with pytest.raises(ValidationError) as caught:
        services.pipeline_version_create(pipeline=pipeline, user=editor)
        execution_start(pipeline=pipeline, user=editor, backend="sql")
    assert "not-yours" in str(caught.value)
    assert not Execution.objects.exists()


def test_quality_results_of_a_sql_run_are_recorded_per_node(orders, make_pipeline):
    from executions.services import execution_start
    from quality.models import QualityResult

    def graph(minimum):
        return chain(
            ("src", "source.file", {"path": "orders.parquet"}),
            ("ids", "quality.validate", {"rules": [{"type": "not_null", "columns": ["id"]}]}),
            ("amounts", "quality.validate", {"rules": [{"type": "range", "column": "amount", "min": minimum}]}),
            ("out", "destination.file", {"path": "out/q.parquet"}),
        )

    for minimum, status in ((-5, "succeeded"), (0, "failed")):
        pipeline = make_pipeline(graph(minimum), name=f"Quality {minimum}")
        execution = execution_start(pipeline=pipeline, user=pipeline.owner, backend="sql")
        executors.run_inline_until_idle()
        execution.refresh_from_db()
        assert execution.status == status, execution.error
        results = {(r.node_key, r.rule, r.failed_rows) for r in QualityResult.objects.filter(execution=execution)}
        if status == "succeeded":
            assert results == {("ids", "not_null_id", 0), ("amounts", "range_amount", 0)}
        else:  # the failing node's rules, on that node only
            assert results == {("amounts", "range_amount", 1)}
