"""Real runs on the local executor (the embedded mode's thread pool): the recommendations read the steps
the engine really recorded (their fused groups, per-node row counts), and the hook after each run keeps
the insights of the pipeline current."""

from __future__ import annotations

import time

import pytest

from executions.models import Execution
from executions.services import execution_start
from insights.models import Insight
from insights.services.generate import insights_refresh
from tests.insights.seeding import make_pipeline
from tests.quality.test_run import local_executor  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def _run(pipeline, owner, timeout: float = 60.0) -> Execution:
    execution = execution_start(pipeline=pipeline, user=owner)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        execution.refresh_from_db()
        if execution.is_finished:
            assert execution.status == "succeeded", execution.error
            return execution
        time.sleep(0.2)
    raise AssertionError(f"run #{execution.pk} did not finish: {execution.status}")


def _eventually(fetch, timeout: float = 30.0):
    """The hook runs after the run's finish is committed: wait for what it writes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = fetch()
        if found is not None:
            return found
        time.sleep(0.2)
    raise AssertionError("the hook wrote nothing")


def test_recommendations_from_real_runs(local_executor, owner, settings):  # noqa: F811
    pipeline = make_pipeline(owner)  # orders.csv: 3 rows (amounts 5, 2, 9); customers.csv: 2
    fused = _run(pipeline, owner)
    steps = {s.node_key: s for s in fused.steps.all()}
    assert steps["top"].group == steps["first"].group  # fused: Polars does the top-k itself
    insights_refresh(pipeline_id=pipeline.pk)
    moved = Insight.objects.get(pipeline=pipeline, kind="filter_before_join")
    # the join matched 3 rows, the filter (amount > 3) kept 2
    assert (steps["joined"].rows_out, steps["big"].rows_out) == (3, 2)
    assert moved.evidence["figures"]["kept_share"] == pytest.approx(2 / 3, abs=1e-4)
    assert moved.evidence["figures"]["side"] == "left"
    assert Insight.objects.get(pipeline=pipeline, kind="unused_columns").evidence["figures"]["unused"] == [
        "note",
        "region",
    ]
    assert not Insight.objects.filter(pipeline=pipeline, kind__in=["sort_limit", "unfused_chain"]).exists()

    settings.SLUICE_FUSE_CHAINS = False
    unfused = _run(pipeline, owner)  # the hook refreshes at once (no validation needed for these)
    assert not unfused.fuse_chains
    top = _eventually(lambda: Insight.objects.filter(pipeline=pipeline, kind="sort_limit").first())
    assert top.evidence["runs"] == [unfused.pk] and top.state == "open"
    assert Insight.objects.get(pipeline=pipeline, kind="unfused_chain").evidence["figures"]["fused_steps"] == 1
    assert Insight.objects.get(pipeline=pipeline, kind="filter_before_join").state == "open"  # not judged: kept
