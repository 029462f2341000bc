"""A node's expected duration (progress and ETA, and whether a chain holds its commit over a step): the median of
its last successful runs in its own pipeline, read for all the pipeline's nodes in one query and cached."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from executions.engine import planning
from executions.models import StepRun
from tests.monitoring.seeding import pipeline_for, seed_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch):
    monkeypatch.setattr(planning, "_expected", {})


def step_of(execution, key: str) -> StepRun:
    step = execution.steps.get(node_key=key)
    step.execution = execution
    return step


def test_the_median_of_the_nodes_own_pipeline_from_one_query_for_every_node(editor):
    now = timezone.now()
    mine, other = pipeline_for(editor, "Mine"), pipeline_for(editor, "Other")
    for i, ms in enumerate([100, 300, 200, 900, 400]):  # sorted: 100 200 300 400 900: the median is 300
        seed_run(mine, created=now - timedelta(minutes=10 + i), add_ms=ms, out_ms=1000 + i)
    seed_run(mine, created=now - timedelta(minutes=5), status="failed", add_ms=99_000)  # a failure: not counted
    for i in range(40):  # the same node keys in another pipeline, newer and slower: not counted either
        seed_run(other, created=now - timedelta(minutes=i), add_ms=50_000)
    running = seed_run(mine, created=now, status="running", add_status="running")
    add, out, src = (step_of(running, key) for key in ("add", "out", "src"))
    with CaptureQueriesContext(connection) as queries:
        assert planning.expected_duration(add) == 0.3
        assert planning.expected_duration(out) == 1.002  # 1000..1004 ms
        assert planning.expected_duration(src) == 0.05
    assert len(queries) == 1, [q["sql"] for q in queries]


def test_a_node_without_history_is_looked_for_again_by_the_next_run_or_after_a_second(editor, monkeypatch):
    now = timezone.now()
    pipeline = pipeline_for(editor, "New")
    first = seed_run(pipeline, created=now, status="running", add_status="running")
    clock = [1000.0]
    monkeypatch.setattr(planning.time, "monotonic", lambda: clock[0])
    add = step_of(first, "add")
    assert planning.expected_duration(add) is None
    with CaptureQueriesContext(connection) as queries:
        assert planning.expected_duration(add) is None  # within the second: the cache's answer
    assert len(queries) == 0
    StepRun.objects.filter(execution=first, node_key="add").update(status="succeeded", duration_ms=700)
    clock[0] += planning._EXPECTED_MISS / 2
    assert planning.expected_duration(add) is None  # the same run within the second: the cache's answer
    second = seed_run(pipeline, created=now + timedelta(seconds=1), status="running", add_status="running")
    assert planning.expected_duration(step_of(second, "add")) == 0.7  # the next run looks again at once
    planning._expected[pipeline.pk] = (clock[0], first.pk, {})  # as the first run read it, before "add" had one
    clock[0] += planning._EXPECTED_MISS
    assert planning.expected_duration(add) == 0.7  # the same run, after a second
    StepRun.objects.filter(execution=first, node_key="add").update(duration_ms=5)
    clock[0] += planning._EXPECTED_FOR - 1
    assert planning.expected_duration(step_of(first, "add")) == 0.7  # known: kept for a minute
    clock[0] += 1
    assert planning.expected_duration(step_of(first, "add")) == 0.005


def test_only_the_last_runs_of_the_pipeline_count(editor):
    now = timezone.now()
    pipeline = pipeline_for(editor, "Long")
    for i in range(planning._EXPECTED_RUNS):
        seed_run(pipeline, created=now - timedelta(minutes=i), add_ms=10)
    seed_run(pipeline, created=now - timedelta(days=1), add_ms=10_000)  # older than the last runs
    latest = seed_run(pipeline, created=now + timedelta(seconds=1), status="running", add_status="running")
    assert planning.expected_duration(step_of(latest, "add")) == 0.01
