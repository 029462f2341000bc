"""Fair scheduling (docs/scheduling.md): pools, priorities with aging, per-user fair share."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from executions import executors
from executions.models import Execution, Pool, StepRun
from executions.services import execution_start
from executions.services.lifecycle import execution_admit_waiting
from executions.services.pools import Waiter, check_pools, pool_occupancy, pool_of_nodes, pool_wake, rank
from executions.services.steps import step_claim
from executions.services.watchdog import steps_redispatch_lost
from pipelines.graph import Graph
from pipelines.models import Connection
from pipelines.validation.result import ValidationResult
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db(transaction=True)

T0 = timezone.now().replace(microsecond=0)


def pooled(pool="db", **config):
    return chain(("src", "t.rows", {"n": 3, "pool": pool, **config}), ("dst", "t.sink", {"name": "out"}))


def head(execution) -> StepRun:
    return StepRun.objects.get(execution=execution, node_key="src")


# -- the ranking, on plain values ------------------------------------------------------------------


def test_rank_ages_a_low_priority_past_a_fresh_high_one(settings):
    settings.SLUICE_PRIORITY_AGING_SECONDS = 10
    low = Waiter(1, priority=1, since=T0, user_id=1)
    high = Waiter(2, priority=9, since=T0 + timedelta(seconds=79), user_id=1)
    assert [w.id for w in rank([low, high], running_by_user={}, now=T0 + timedelta(seconds=79))] == [2, 1]
    # 80 s of waiting at 10 s a level: 1 + 8 = 9, the fresh one's level; equal levels go to the oldest
    assert [w.id for w in rank([low, high], running_by_user={}, now=T0 + timedelta(seconds=80))] == [1, 2]
    assert [w.id for w in rank([high, low], running_by_user={}, now=T0 + timedelta(seconds=95))] == [1, 2]


def test_rank_gives_equal_levels_to_the_user_with_fewest_running_steps(settings):
    settings.SLUICE_PRIORITY_AGING_SECONDS = 3600
    busy_old = Waiter(1, priority=5, since=T0, user_id=10)
    idle_new = Waiter(2, priority=5, since=T0 + timedelta(seconds=30), user_id=20)
    now = T0 + timedelta(seconds=60)
    assert [w.id for w in rank([busy_old, idle_new], running_by_user={10: 3, 20: 0}, now=now)] == [2, 1]
    assert [w.id for w in rank([busy_old, idle_new], running_by_user={}, now=now)] == [1, 2]
    # fair share never beats a higher level
    higher = Waiter(3, priority=6, since=now, user_id=10)
    assert rank([idle_new, higher], running_by_user={10: 50}, now=now)[0].id == 3


# -- pools in the claim ---------------------------------------------------------------------------


def test_a_step_whose_pool_is_full_waits_and_runs_when_a_slot_frees(make_pipeline, editor):
    Pool.objects.create(name="db", slots=1)
    pipeline = make_pipeline(pooled(), concurrency_limit=5)
    first = execution_start(pipeline=pipeline, user=editor)
    second = execution_start(pipeline=pipeline, user=editor)
    executors._inline.clear()
    a, b = head(first), head(second)
    assert a.pool == b.pool == "db"
    assert StepRun.objects.get(execution=first, node_key="dst").pool == ""  # on the head only

    assert step_claim(step_id=a.pk, worker="w1") is not None
    assert step_claim(step_id=b.pk, worker="w2") is None  # full: waits, no claim
    b.refresh_from_db()
    assert b.status == StepRun.Status.QUEUED and b.pool_waiting_since is not None
    assert pool_occupancy(["db"]) == {"db": {"running": 1, "queued": 1}}
    assert pool_wake("db") == []  # still full
    # a waiting step has no broker message to lose: the watchdog's redispatch leaves it to the pool
    StepRun.objects.filter(pk=b.pk).update(queued_at=T0 - timedelta(days=1))
    assert steps_redispatch_lost(older_than=timedelta(seconds=60)) == 0

    StepRun.objects.filter(execution=first).update(status=StepRun.Status.SUCCEEDED)  # the slot frees
    assert pool_wake("db") == [b.pk]
    assert list(executors._inline) == [(b.pk, 0.0)]
    executors.run_inline_until_idle()
    second.refresh_from_db()
    assert second.status == Execution.Status.SUCCEEDED, second.error
    b.refresh_from_db()
    assert b.pool_waiting_since is None and b.attempt == 1


def test_a_new_arrival_does_not_jump_the_pool_queue(make_pipeline, editor, settings):
    """A slot is free, but an older waiter ranks first: the newcomer waits and the waiter is dispatched."""
    settings.SLUICE_PRIORITY_AGING_SECONDS = 3600
    Pool.objects.create(name="db", slots=1)
    pipeline = make_pipeline(pooled(), concurrency_limit=5)
    old, new = (execution_start(pipeline=pipeline, user=editor) for _ in range(2))
    executors._inline.clear()
    StepRun.objects.filter(pk=head(old).pk).update(pool_waiting_since=T0, queued_at=T0)
    assert step_claim(step_id=head(new).pk, worker="w") is None
    assert head(new).pool_waiting_since is not None
    assert list(executors._inline) == [(head(old).pk, 0.0)]
    executors.run_inline_until_idle()
    assert head(old).status == StepRun.Status.SUCCEEDED


def test_whole_runs_in_a_pool_succeed_inline(make_pipeline, editor):
    Pool.objects.create(name="db", slots=1)
    pipeline = make_pipeline(pooled(), concurrency_limit=5)
    runs = [execution_start(pipeline=pipeline, user=editor) for _ in range(3)]
    executors.run_inline_until_idle()
    for run in runs:
        run.refresh_from_db()
        assert run.status == Execution.Status.SUCCEEDED, run.error


def test_a_connections_pool_applies_to_its_nodes_and_the_nodes_own_wins(editor):
    from pipelines.graph import NodeSpec

    Connection.objects.create(name="W", slug="warehouse", kind="postgresql", owner=editor, config={"pool": "wh"})
    Connection.objects.create(name="P", slug="plain", kind="postgresql", owner=editor, config={"host": "x"})
    nodes = {
        "a": NodeSpec("a", "database.source", {"connection": "warehouse"}),
        "b": NodeSpec("b", "database.source", {"connection": "warehouse", "pool": "mine"}),
        "c": NodeSpec("c", "database.source", {"connection": "plain"}),
        "d": NodeSpec("d", "t.add", {}),
    }
    assert pool_of_nodes(nodes) == {"a": "wh", "b": "mine"}
    result = ValidationResult()
    check_pools(Graph(nodes=list(nodes.values()), edges=[]), result)
    assert [(p.code, p.node, p.field) for p in result.problems] == [
        ("unknown_pool", "b", "config.pool"),
        ("unknown_pool", "a", "config.connection"),
    ]
    Pool.objects.create(name="wh", slots=2)
    Pool.objects.create(name="mine", slots=2)
    result = ValidationResult()
    check_pools(Graph(nodes=list(nodes.values()), edges=[]), result)
    assert result.problems == []


def test_unknown_pool_is_a_validation_problem(make_pipeline, editor):
    Pool.objects.create(name="db", slots=1)
    pipeline = make_pipeline(pooled())
    with pytest.raises(ValidationError, match="there is no pool 'nope'"):
        execution_start(pipeline=pipeline, user=editor, version=_version(pipeline, pooled(pool="nope")))
    for bad in (7, "", "x" * 101):
        with pytest.raises(ValidationError, match="the name of a pool"):
            execution_start(pipeline=pipeline, user=editor, version=_version(pipeline, pooled(pool=bad)))


def _version(pipeline, graph):
    from pipelines.models import PipelineVersion

    last = pipeline.versions.order_by("-number").first()
    return PipelineVersion.objects.create(
        pipeline=pipeline, number=last.number + 1, graph=graph, created_by=pipeline.owner, content_hash="t"
    )


# -- starvation -------------------------------------------------------------------------------------


def test_a_stream_of_high_priority_runs_does_not_starve_a_low_one(make_pipeline, editor, settings):
    """A 1-slot pool; every 5 s a new priority-9 run arrives and the slot goes to the best waiter. The
    priority-1 run that waits from the start gets the slot by its aging bound: (9 - 1) levels × 10 s."""
    aging, tick = 10, 5
    settings.SLUICE_PRIORITY_AGING_SECONDS = aging
    Pool.objects.create(name="db", slots=1)
    low = make_pipeline(pooled(), name="low", priority=1, concurrency_limit=50)
    high = make_pipeline(pooled(), name="high", priority=9, concurrency_limit=50)
    starved = head(execution_start(pipeline=low, user=editor))
    StepRun.objects.filter(pk=starved.pk).update(queued_at=T0, pool_waiting_since=T0)
    granted_at = None
    for k in range(40):
        now = T0 + timedelta(seconds=tick * k)
        arrival = head(execution_start(pipeline=high, user=editor))
        StepRun.objects.filter(pk=arrival.pk).update(queued_at=now, pool_waiting_since=now)
        StepRun.objects.filter(status=StepRun.Status.RUNNING).update(status=StepRun.Status.SUCCEEDED)
        executors._inline.clear()
        chosen = pool_wake("db", now=now)
        assert len(chosen) == 1
        StepRun.objects.filter(pk=chosen[0]).update(status=StepRun.Status.RUNNING, pool_waiting_since=None)
        if chosen[0] == starved.pk:
            granted_at = tick * k
            break
    assert granted_at is not None, "the low-priority run starved"
    assert 0 < granted_at <= (9 - 1) * aging  # priority still counts at first, and aging bounds the wait


def test_queued_runs_of_a_pipeline_are_admitted_by_aged_priority(make_pipeline, editor, settings):
    settings.SLUICE_PRIORITY_AGING_SECONDS = 10
    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 1}), ("dst", "t.sink", {"name": "o"})), concurrency_limit=1)
    blocker = execution_start(pipeline=pipeline, user=editor)
    old = execution_start(pipeline=pipeline, user=editor)
    fresh = execution_start(pipeline=pipeline, user=editor)
    executors._inline.clear()
    Execution.objects.filter(pk=old.pk).update(priority=1, created_at=timezone.now() - timedelta(seconds=200))
    Execution.objects.filter(pk=fresh.pk).update(priority=9)
    Execution.objects.filter(pk=blocker.pk).update(status=Execution.Status.SUCCEEDED)
    assert execution_admit_waiting(pipeline_id=pipeline.pk) == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == Execution.Status.RUNNING and fresh.status == Execution.Status.QUEUED
