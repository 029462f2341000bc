"""pipeline.call on the inline executor with real commits: the child execution, its steps, roll-up,
failures, retries and cancels."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from executions import executors
from executions.models import Execution, StepRun
from executions.services import execution_cancel, execution_retry, execution_start
from executions.services.calls import calls_cancel_stale
from tests.executions.conftest import chain, read_target

pytestmark = pytest.mark.django_db(transaction=True)


def run(pipeline, user, **kw) -> Execution:
    execution = execution_start(pipeline=pipeline, user=user, **kw)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    return execution


def steps(execution) -> dict[str, StepRun]:
    return {s.node_key: s for s in execution.steps.all()}


@pytest.fixture
def called(make_pipeline):
    """src (10 rows) → plus100 → split(threshold 105) → low / high → sinks; a call maps its input to src
    and takes split.high."""
    return make_pipeline(
        chain(
            ("src", "t.rows", {"n": 10}),
            ("plus", "t.add", {"add": 100}),
            ("split", "t.split", {"threshold": 105}),
            ("dlow", "t.sink", {"name": "called_low"}),
            ("dhigh", "t.sink", {"name": "called_high"}),
            edges=[("src", "plus"), ("plus", "split"), ("split.low", "dlow"), ("split.high", "dhigh")],
        ),
        name="Called",
    )


def caller_graph(called_id, *, n=8, outputs=None, version=None):
    return chain(
        ("rows", "t.rows", {"n": n}),
        (
            "call",
            "pipeline.call",
            {
                "pipeline": called_id,
                "version": version,
                "inputs": {"in": "src"},
                "outputs": outputs or {"out": "split.high"},
            },
        ),
        ("after", "t.add", {"add": 1}),
        ("dst", "t.sink", {"name": "caller_out"}),
    )


def test_call_runs_the_called_graph_as_a_child_execution(make_pipeline, editor, called):
    caller = make_pipeline(caller_graph(called.pk), name="Caller")
    execution = run(caller, editor)
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    s = steps(execution)
    assert s["call"].group == "call"  # never fused into the chain
    # 8 rows 0..7 +100 → 100..107; high (>= 105) is 105, 106, 107; then +1
    assert sorted(read_target("caller_out")["i"].to_list()) == [106, 107, 108]
    assert s["call"].rows_in == 8 and s["call"].rows_out == 3 and s["call"].output_rows == {"out": 3}
    child = Execution.objects.get(parent_step=s["call"])
    assert s["call"].report["call"] == {"execution": child.pk, "pipeline": called.pk, "version": 1}
    assert child.trigger == Execution.Trigger.CALL and child.status == Execution.Status.SUCCEEDED
    assert child.pipeline_id == called.pk and child.artifact_key == execution.artifact_key
    c = steps(child)
    assert c["src"].status == "succeeded" and c["src"].report["replaced_by"] == "call.in"
    assert c["src"].rows_out == 8  # the caller's rows, not the source's own 10
    assert c["plus"].status == c["split"].status == "succeeded" and c["split"].output_rows == {"low": 5, "high": 3}
    assert c["dlow"].status == c["dhigh"].status == "skipped"  # called destinations never write
    assert child.rows_in == 8
    assert s["call"].duration_ms >= 0 and c["plus"].duration_ms is not None
    assert not (Path(settings.DATA_ROOT) / "called_high.parquet").exists()


def test_called_source_not_mapped_reads_its_own_data(make_pipeline, editor, called):
    graph = chain(
        ("call", "pipeline.call", {"pipeline": called.pk, "outputs": {"out": "plus"}}),
        ("dst", "t.sink", {"name": "caller_out"}),
    )
    execution = run(make_pipeline(graph, name="No inputs"), editor)
    assert execution.status == "succeeded", execution.error
    assert sorted(read_target("caller_out")["i"].to_list()) == list(range(100, 110))


def test_failed_child_fails_the_calling_step_with_its_error_and_retries(make_pipeline, editor, settings):
    failing = make_pipeline(
        chain(("src", "t.rows", {"n": 3}), ("boom", "t.add", {"fail_times": 1}), ("d", "t.sink", {"name": "x"})),
        name="Flaky",
    )
    graph = caller_graph(failing.pk, outputs={"out": "boom"})
    caller = make_pipeline(
        graph, name="Caller", default_params={"sluice_retry": {"max_attempts": 2, "backoff_seconds": 0}}
    )
    execution = run(caller, editor)
    assert execution.status == "succeeded", execution.error
    s = steps(execution)
    assert s["call"].attempt == 2
    children = list(Execution.objects.filter(parent_step=s["call"]).order_by("pk"))
    assert [c.status for c in children] == ["failed", "succeeded"]
    assert "boom" in children[0].error and "planned failure 1" in children[0].error
    assert steps(children[0])["boom"].status == "failed"


def test_failed_child_past_attempts_fails_the_run(make_pipeline, editor):
    failing = make_pipeline(
        chain(("src", "t.rows", {"n": 3}), ("boom", "t.add", {"fail_times": 5}), ("d", "t.sink", {"name": "x"})),
        name="Broken",
    )
    execution = run(make_pipeline(caller_graph(failing.pk, outputs={"out": "boom"}), name="Caller"), editor)
    assert execution.status == "failed"
    s = steps(execution)
    assert s["call"].status == "failed"
    assert "Broken v1" in s["call"].error and "failed at boom: planned failure 1" in s["call"].error
    child = Execution.objects.get(parent_step=s["call"])
    assert child.status == "failed" and s["call"].report["call"]["execution"] == child.pk
    assert s["dst"].status == "cancelled"


def test_retry_of_the_parent_reuses_the_call_output(make_pipeline, editor, called):
    graph = caller_graph(called.pk)
    graph["nodes"][2]["config"]["fail_times"] = 1
    execution = run(make_pipeline(graph, name="Caller"), editor)
    assert execution.status == "failed"
    retried = execution_retry(execution=execution, user=editor)
    executors.run_inline_until_idle()
    retried.refresh_from_db()
    assert retried.status == "succeeded", retried.error
    assert steps(retried)["call"].report.get("reused_from_execution") == execution.pk
    assert sorted(read_target("caller_out")["i"].to_list()) == [106, 107, 108]


def test_cancel_of_the_parent_cancels_a_queued_call(make_pipeline, editor, called):
    execution = execution_start(pipeline=make_pipeline(caller_graph(called.pk), name="Caller"), user=editor)
    execution_cancel(execution=execution, by=editor)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == "cancelled"
    assert not Execution.objects.filter(parent_step__execution=execution).exists()


def test_stale_children_are_cancelled(make_pipeline, editor, called):
    execution = run(make_pipeline(caller_graph(called.pk), name="Caller"), editor)
    call = steps(execution)["call"]
    child = Execution.objects.get(parent_step=call)
    Execution.objects.filter(pk=child.pk).update(status=Execution.Status.RUNNING, finished_at=None)
    StepRun.objects.filter(execution=child, node_key="plus").update(status=StepRun.Status.RUNNING)
    assert calls_cancel_stale() == 1
    child.refresh_from_db()
    assert child.status == "cancelled" and steps(child)["plus"].status == "cancelled"


def test_nested_calls_run_as_grandchildren(make_pipeline, editor, called):
    middle = make_pipeline(
        chain(
            ("src", "t.rows", {"n": 1}),
            ("inner", "pipeline.call", {"pipeline": called.pk, "inputs": {"in": "src"}, "outputs": {"out": "plus"}}),
            ("more", "t.add", {"add": 1000}),
            ("dst", "t.sink", {"name": "middle"}),
        ),
        name="Middle",
    )
    graph = caller_graph(middle.pk, n=3, outputs={"out": "more"})
    execution = run(make_pipeline(graph, name="Outer"), editor)
    assert execution.status == "succeeded", execution.error
    assert sorted(read_target("caller_out")["i"].to_list()) == [1101, 1102, 1103]
    child = Execution.objects.get(parent_step__execution=execution)
    grandchild = Execution.objects.get(parent_step__execution=child)
    assert child.pipeline_id == middle.pk and grandchild.pipeline_id == called.pk
    assert steps(child)["inner"].report["call"]["execution"] == grandchild.pk
    assert steps(grandchild)["src"].rows_out == 3 and grandchild.status == "succeeded"


def test_dry_run_runs_the_called_graph_inline(make_pipeline, editor, called, client_for):
    caller = make_pipeline(caller_graph(called.pk, n=8), name="Caller")
    response = client_for(editor).post(f"/api/pipelines/{caller.pk}/dry-run/", {"preview_rows": 5}, format="json")
    assert response.status_code == 200, response.content
    node = response.json()["nodes"]["call"]
    assert node["status"] == "ok", node
    assert node["rows"] == {"out": 3} and node["schema"]["out"] == {"i": "Int64"}
    assert not Execution.objects.exists()  # a dry run records nothing
