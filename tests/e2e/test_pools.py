"""Pools on real Celery workers (docs/scheduling.md): 100 executions whose steps share a 2-slot pool, on two
worker processes with six slots between them; the steps' own recorded start and finish times prove that
never more than 2 ran at once, while the unpooled steps of the same runs did run more than 2 at once
(so the check can fail)."""

from __future__ import annotations

import time

import pytest
from django.db.models import Count

from executions.models import Execution, Pool, StepRun
from executions.services import execution_start
from tests.e2e.conftest import Worker, versioned_pipeline, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("celery")]

RUNS, SLOTS = 100, 2


def most_at_once(intervals: list[tuple[float, float]]) -> int:
    """The largest number of [start, end] intervals that overlap at one moment (an end before a start at
    the same instant: the slot was handed over)."""
    points = sorted([(s, 1) for s, _ in intervals] + [(e, -1) for _, e in intervals], key=lambda p: (p[0], p[1]))
    best = now = 0
    for _, delta in points:
        now += delta
        best = max(best, now)
    return best


@pytest.fixture
def second_worker(on_celery):
    """A second worker process on the same queue (four slots), so workers outnumber the pool's slots."""
    worker = Worker(on_celery.env, on_celery.log_path.with_name("worker-pools.log"), on_celery.queue)
    worker.start(concurrency=4, name=f"pools-{time.monotonic_ns()}@pools-host")
    yield worker
    worker.stop()


def test_a_two_slot_pool_holds_under_100_concurrent_executions(
    on_celery, second_worker, operator, settings, record_property
):
    # A step per node, the pooled one apart from the free one before it (which every run reaches at once).
    settings.SLUICE_FUSE_CHAINS = False
    Pool.objects.create(name="e2e-pool", slots=SLOTS)
    pipeline = versioned_pipeline(
        operator,
        [
            {"key": "numbers", "type": "e2e.numbers", "config": {"n": 10}},
            {"key": "free", "type": "e2e.sleep", "config": {"seconds": 0.2}},
            {"key": "nap", "type": "e2e.sleep", "config": {"seconds": 0.1, "pool": "e2e-pool"}},
            {"key": "sink", "type": "e2e.sink", "config": {"name": "pools"}},
        ],
        name="pooled",
        concurrency_limit=100,
    )
    started = time.monotonic()
    runs = [execution_start(pipeline=pipeline, user=operator) for _ in range(RUNS)]
    ids = [r.pk for r in runs]
    starting = time.monotonic() - started

    def all_finished():
        return not Execution.objects.filter(pk__in=ids).exclude(status__in=Execution.FINISHED).exists()

    wait_for(all_finished, timeout=120, interval=0.5, what="100 executions")
    wall = time.monotonic() - started
    statuses = dict(Execution.objects.filter(pk__in=ids).values_list("status").annotate(n=Count("id")).order_by())
    assert statuses == {"succeeded": RUNS}, statuses

    pooled = StepRun.objects.filter(execution_id__in=ids).exclude(pool="")
    pooled = list(pooled.values_list("started_at", "finished_at"))
    assert len(pooled) == RUNS  # one pooled group per run
    intervals = [(s.timestamp(), e.timestamp()) for s, e in pooled]
    assert most_at_once(intervals) <= SLOTS
    assert most_at_once(intervals) == SLOTS  # the pool was used to its limit, not serialised

    free = StepRun.objects.filter(execution_id__in=ids, pool="", position=0, node_key="free")
    free_intervals = [(s.timestamp(), e.timestamp()) for s, e in free.values_list("started_at", "finished_at")]
    assert most_at_once(free_intervals) > SLOTS  # the workers had room for more: the pool is what held them
    assert (
        not StepRun.objects.filter(execution_id__in=ids, pool_waiting_since__isnull=False)
        .exclude(status__in=StepRun.DONE)
        .exists()
    )
    record_property("wall_seconds", round(wall, 1))  # (-s shows nothing under xdist: --junitxml keeps it)
    record_property("starting_seconds", round(starting, 1))
    print(
        f"\n{RUNS} pooled executions on 2 workers: {wall:.1f} s wall ({starting:.1f} s of it starting them), "
        f"at most {most_at_once(intervals)} pooled steps at once, {most_at_once(free_intervals)} unpooled"
    )
