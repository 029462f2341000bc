"""Fair scheduling (docs/scheduling.md): pools, priorities with aging, per-user fair share.

A step is in a pool when its node's config or its connection's config names one (``pool_of_nodes``, at
the creation of the step rows; the group's head carries it). The claim of such a step (steps._claim)
asks ``pool_admit`` first, inside the claim's transaction: the pool's row is locked (SELECT … FOR
UPDATE), its running steps counted, and the step runs only if a slot is free *and* no waiting step of
the pool ranks before it. Otherwise it waits (``pool_waiting_since``) with no broker message: a step
of the pool that ends wakes the best waiters (``pool_wake``), and the watchdog wakes every pool with
free slots as a safety net (``pools_wake_all``).

The rank: effective priority = priority + waited seconds / SLUICE_PRIORITY_AGING_SECONDS (so a low
priority is never starved); among equal whole levels, the user with the fewest running steps first
(the run's starter, else the pipeline's owner); then the oldest.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from executions import executors
from executions.models import Pool, StepRun

log = logging.getLogger("sluice.executions")

POOL_KEY = "pool"
WAITERS_LIMIT = 5000  # the waiting heads of a pool ranked at once (the oldest first)


@dataclass(frozen=True)
class Waiter:
    """One candidate for a slot: a step waiting for its pool, or a run waiting for its pipeline's."""

    id: int
    priority: int
    since: datetime
    user_id: int | None


def effective_priority(priority: int, since: datetime | None, now: datetime) -> float:
    """``priority`` + the seconds waited since ``since`` / SLUICE_PRIORITY_AGING_SECONDS."""
    waited = max((now - since).total_seconds(), 0.0) if since else 0.0
    return priority + waited / settings.SLUICE_PRIORITY_AGING_SECONDS


def rank(waiters: Iterable[Waiter], *, running_by_user: dict[int | None, int], now: datetime) -> list[Waiter]:
    """The waiters best first: higher whole effective priority level, then the user with the fewest
    running steps, then the oldest (then the lowest id)."""

    def key(w: Waiter) -> tuple[Any, ...]:
        level = math.floor(effective_priority(w.priority, w.since, now))
        return (-level, running_by_user.get(w.user_id, 0), w.since, w.id)

    return sorted(waiters, key=key)


def running_steps_by_user(user_ids: set[int | None]) -> dict[int | None, int]:
    """How many steps each user has running now (a step's user: its run's starter, else the pipeline's
    owner). One grouped query over the running steps."""
    if not user_ids:
        return {}
    rows = (
        StepRun.objects.filter(status=StepRun.Status.RUNNING, position=0)
        .annotate(user=_STEP_USER)
        .filter(user__in=[u for u in user_ids if u is not None])
        .order_by()
        .values("user")
        .annotate(n=Count("id"))
    )
    return {row["user"]: row["n"] for row in rows}


_STEP_USER = Coalesce(F("execution__started_by_id"), F("execution__pipeline__owner_id"))


def _waiters(pool: str, *, also: int | None = None) -> list[Waiter]:
    rows = (
        StepRun.objects.filter(pool=pool, status=StepRun.Status.QUEUED)
        .filter(Q(pool_waiting_since__isnull=False) | Q(pk=also or 0))
        .annotate(user=_STEP_USER, prio=F("execution__priority"))
        .order_by("queued_at", "id")
        .values_list("pk", "prio", "queued_at", "pool_waiting_since", "user")[:WAITERS_LIMIT]
    )
    return [Waiter(pk, prio, queued_at or waiting, user) for pk, prio, queued_at, waiting, user in rows]


def pool_running(pool: str) -> int:
    return StepRun.objects.filter(pool=pool, status=StepRun.Status.RUNNING).count()


def pool_admit(step_id: int, pool_name: str, *, now: datetime | None = None) -> bool:
    """Whether the queued head ``step_id`` of pool ``pool_name`` may be claimed now. Call inside the
    claim's transaction: the pool's row stays locked until it commits, so two workers never take the
    same last slot. A step that may not run is marked waiting; the waiters that rank before it are
    dispatched when the transaction commits (there are free slots for them). A pool that no longer
    exists limits nothing."""
    now = now or timezone.now()
    pool = Pool.objects.select_for_update().filter(name=pool_name).first()
    if pool is None:
        return True
    free = pool.slots - pool_running(pool_name)
    if free > 0:
        waiters = _waiters(pool_name, also=step_id)
        if len(waiters) <= 1:
            return True
        best = rank(waiters, running_by_user=running_steps_by_user({w.user_id for w in waiters}), now=now)[:free]
        chosen = [w.id for w in best]
        if step_id in chosen:
            _dispatch([pk for pk in chosen if pk != step_id])
            return True
        _dispatch(chosen)
    StepRun.objects.filter(pk=step_id, pool_waiting_since__isnull=True).update(pool_waiting_since=now)
    return False


def pool_wake(pool_name: str, *, now: datetime | None = None) -> list[int]:
    """Dispatch the best waiters of ``pool_name`` for its free slots (a step of it ended). They stay
    marked waiting until their claim, which checks again. Returns their ids."""
    now = now or timezone.now()
    with transaction.atomic():
        pool = Pool.objects.select_for_update().filter(name=pool_name).first()
        if pool is None:
            chosen = list(
                StepRun.objects.filter(
                    pool=pool_name, status=StepRun.Status.QUEUED, pool_waiting_since__isnull=False
                ).values_list("pk", flat=True)[:WAITERS_LIMIT]
            )  # the pool was deleted: its waiters wait for nothing any more
        else:
            free = pool.slots - pool_running(pool_name)
            if free <= 0:
                return []
            waiters = _waiters(pool_name)
            if not waiters:
                return []
            ranked = rank(waiters, running_by_user=running_steps_by_user({w.user_id for w in waiters}), now=now)
            chosen = [w.id for w in ranked[:free]]
        _dispatch(chosen)
    return chosen


def pools_wake_all() -> int:
    """The watchdog's safety net: wake every pool that has waiters. Returns how many steps it dispatched."""
    names = set(
        StepRun.objects.filter(status=StepRun.Status.QUEUED, pool_waiting_since__isnull=False)
        .order_by()
        .values_list("pool", flat=True)
        .distinct()
    )
    return sum(len(pool_wake(name)) for name in sorted(names))


def _dispatch(step_ids: list[int]) -> None:
    if not step_ids:
        return
    priorities = dict(StepRun.objects.filter(pk__in=step_ids).values_list("pk", "execution__priority"))
    for pk in step_ids:
        priority = priorities.get(pk, 5)
        transaction.on_commit(lambda pk=pk, priority=priority: executors.dispatch([pk], priority=priority))


def pool_occupancy(names: Iterable[str]) -> dict[str, dict[str, int]]:
    """{pool name: {"running": n, "queued": n}} (queued: ready heads waiting for a slot). Two grouped queries."""
    names = list(names)
    out = {name: {"running": 0, "queued": 0} for name in names}
    if not names:
        return out
    for field, filt in (
        ("running", Q(status=StepRun.Status.RUNNING)),
        ("queued", Q(status=StepRun.Status.QUEUED, pool_waiting_since__isnull=False)),
    ):
        rows = StepRun.objects.filter(filt, pool__in=names).order_by().values("pool").annotate(n=Count("id"))
        for row in rows:
            out[row["pool"]][field] = row["n"]
    return out


def pool_of_nodes(nodes: dict[str, Any]) -> dict[str, str]:
    """{node key: pool name} for the nodes of a graph that are in a pool: the node config's ``pool``, else
    the ``pool`` of the config of the connection its config names. One query for the connections."""
    from pipelines.models import Connection

    out: dict[str, str] = {}
    wanted: dict[str, list[str]] = {}
    for key, node in nodes.items():
        config = node.config if isinstance(node.config, dict) else {}
        name = config.get(POOL_KEY)
        if isinstance(name, str) and name.strip():
            out[key] = name.strip()[:100]
        elif isinstance(config.get("connection"), str) and config["connection"]:
            wanted.setdefault(config["connection"], []).append(key)
    if wanted:
        for slug, config in Connection.objects.filter(slug__in=list(wanted)).values_list("slug", "config"):
            name = config.get(POOL_KEY) if isinstance(config, dict) else None
            if isinstance(name, str) and name.strip():
                for key in wanted[slug]:
                    out[key] = name.strip()[:100]
    return out


def pools_unknown(names: Iterable[str]) -> set[str]:
    """Which of ``names`` name no pool."""
    names = set(names)
    if not names:
        return set()
    return names - set(Pool.objects.filter(name__in=names).values_list("name", flat=True))


def check_pools(graph, result) -> None:
    """Validation (registered with pipelines.validation): a pool that a node names, or that the connection
    it uses names, must exist."""
    from pipelines.validation.result import Problem

    nodes = {n.key: n for n in graph.nodes}
    for key, node in nodes.items():
        value = node.config.get(POOL_KEY) if isinstance(node.config, dict) else None
        if POOL_KEY in (node.config or {}) and not (isinstance(value, str) and 0 < len(value.strip()) <= 100):
            result.problems.append(
                Problem(
                    code="invalid_pool",
                    node=key,
                    field=f"config.{POOL_KEY}",
                    message=f"{key}: pool: the name of a pool (text, at most 100 characters).",
                )
            )
    named = pool_of_nodes(nodes)
    for name in sorted(pools_unknown(named.values())):
        for key in sorted(k for k, n in named.items() if n == name):
            from_node = isinstance(nodes[key].config, dict) and POOL_KEY in nodes[key].config
            result.problems.append(
                Problem(
                    code="unknown_pool",
                    node=key,
                    field=f"config.{POOL_KEY}" if from_node else "config.connection",
                    message=f"{key}: there is no pool {name!r}"
                    + ("" if from_node else " (named by its connection)")
                    + ": create it under Pools, or change the name.",
                )
            )


def pool_save(*, pool: Pool | None = None, name: str | None = None, slots: int, description: str = "") -> Pool:
    """Create a pool, or change the slots and description of one (its name stays: steps name it).
    More slots wake the waiters at once."""
    with transaction.atomic():
        pool = Pool(name=name) if pool is None else Pool.objects.select_for_update().get(pk=pool.pk)
        pool.slots, pool.description = slots, description
        pool.full_clean()
        pool.save()
        transaction.on_commit(lambda: pool_wake(pool.name))
    return pool


def pool_delete(*, pool: Pool) -> None:
    """Delete a pool: its steps run unlimited from now on (its waiters are dispatched at once); a
    pipeline that names it no longer validates until it is created again."""
    name = pool.name
    with transaction.atomic():
        Pool.objects.filter(pk=pool.pk).delete()
        transaction.on_commit(lambda: pool_wake(name))
