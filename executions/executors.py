"""Where steps run: ``celery`` (a broker is configured), ``local`` (a thread pool in the web
process, the embedded mode) or ``inline`` (a queue drained by the caller, for tests and the CLI).
All of them call the same service, ``step_execute``.

The services dispatch through this module, so it imports none of them: ``ExecutionsConfig.ready``
tells it what runs a step and which Celery task carries one (``serve``)."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import close_old_connections

log = logging.getLogger("sluice.executions")
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_inline: deque[tuple[int, float]] = deque()
_inline_tasks: deque[tuple[str, tuple]] = deque()  # run_later's, drained after the steps
_execute: Callable[..., None] | None = None  # services.steps.step_execute
_task: Any = None  # tasks.run_step


def serve(*, execute: Callable[..., None], task: Any) -> None:
    """What runs a step in this process (``execute(step_id=, worker=)``) and the Celery task that carries
    a step to a worker. Called once at start-up, by ``ExecutionsConfig.ready``."""
    global _execute, _task
    _execute, _task = execute, task


def _served() -> tuple[Callable[..., None], Any]:
    if _execute is None or _task is None:
        raise RuntimeError("executions.executors.serve() was not called (ExecutionsConfig.ready calls it)")
    return _execute, _task


def backend() -> str:
    return settings.SLUICE_EXECUTOR


def dispatch(step_ids: list[int], *, priority: int = 5, delay: float = 0.0, backfill: bool | None = None) -> None:
    """Send ready steps to the executor. Called only after the transaction that queued them committed.

    ``backfill``: whether the steps belong to a backfill run (their lane), when the caller knows it (the
    run's start, a step's success: one run's steps); None looks it up (one query)."""
    if not step_ids:
        return
    kind = backend()
    if kind == "celery":
        _, task = _served()
        backfill = (set(step_ids) if backfill else set()) if backfill is not None else _backfill_steps(step_ids)
        for step_id in step_ids:
            task.apply_async(
                args=[step_id],
                priority=max(0, min(9, 9 - priority)),
                countdown=delay or None,
                queue=step_queue(backfill=step_id in backfill),
            )
    elif kind == "local":
        for step_id in step_ids:
            _local_pool().submit(_run_local, step_id, delay)
    elif kind == "inline":
        _inline.extend((step_id, delay) for step_id in step_ids)
    else:
        raise ValueError(f"Unknown SLUICE_EXECUTOR {kind!r}")


def step_queue(*, backfill: bool = False) -> str:
    """The Celery queue of a step: backfill runs have a lane of their own (SLUICE_BACKFILL_QUEUE), so a
    long backfill never sits in front of the steps of scheduled and manual runs."""
    return settings.SLUICE_BACKFILL_QUEUE if backfill else settings.SLUICE_STEP_QUEUE


def _backfill_steps(step_ids: list[int]) -> set[int]:
    """Which of ``step_ids`` belong to backfill runs (one query; none when both lanes are one queue)."""
    if settings.SLUICE_BACKFILL_QUEUE == settings.SLUICE_STEP_QUEUE:
        return set()
    from executions.models import StepRun

    return set(StepRun.objects.filter(pk__in=step_ids, execution__trigger="backfill").values_list("pk", flat=True))


def run_later(task_name: str, *args: Any) -> None:
    """Run a Celery task (by its registered name) outside the caller's work, on what runs steps: a
    worker of the step queue (``celery``), the thread pool (``local``) or the inline queue, drained by
    ``run_inline_until_idle`` after the steps (``inline``). Called after the commit that decided it."""
    kind = backend()
    if kind == "celery":
        _task_named(task_name).apply_async(args=list(args), queue=step_queue())
    elif kind == "local":
        _local_pool().submit(_run_task_local, task_name, args)
    elif kind == "inline":
        _inline_tasks.append((task_name, args))
    else:
        raise ValueError(f"Unknown SLUICE_EXECUTOR {kind!r}")


def _task_named(name: str):
    from celery import current_app

    return current_app.tasks[name]


def _run_task_local(task_name: str, args: tuple) -> None:
    close_old_connections()
    try:
        _task_named(task_name)(*args)
    except Exception:
        log.exception("local task %s%r crashed", task_name, args)
    finally:
        close_old_connections()


def _local_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=settings.SLUICE_LOCAL_WORKERS, thread_name_prefix="sluice-step")
        return _pool


def _run_local(step_id: int, delay: float) -> None:
    if delay:
        time.sleep(delay)
    close_old_connections()
    try:
        execute, _ = _served()
        execute(step_id=step_id, worker=worker_name())
    except Exception:
        log.exception("local step %s crashed", step_id)
    finally:
        close_old_connections()


def worker_name(node: str | None = None) -> str:
    """``host:pid:thread`` of the process running a step. ``node``: the Celery worker's node name
    (``name@host``, set with ``--hostname``); its host part stands for the machine, else the OS's."""
    host = node.rpartition("@")[2] if node else ""
    return f"{host or os.uname().nodename}:{os.getpid()}:{threading.current_thread().name}"


def run_inline_until_idle(*, max_steps: int = 10_000, tasks: bool = True) -> int:
    """Drain the inline queue (delays are not slept), then the tasks of ``run_later`` (the hooks of a
    finished run), until both are empty; returns how many steps ran. ``tasks=False``: the steps only,
    the tasks left queued (bench/tpch.py times a run to its finish, then its hooks apart, as a Celery
    worker runs them: a task of their own after the finish)."""
    ran = 0
    while (_inline and ran < max_steps) or (tasks and _inline_tasks):
        if _inline and ran < max_steps:
            step_id, _delay = _inline.popleft()
            execute, _ = _served()
            execute(step_id=step_id, worker="inline")
            ran += 1
        else:
            task_name, args = _inline_tasks.popleft()
            _task_named(task_name)(*args)
    return ran


_broker_clients: dict[str, object] = {}


def broker_started_at():
    """When the Celery broker (Redis) last started, or None (another executor or broker, or unreachable).

    A step message sent before that moment may be gone with the restart (a Redis without persistence
    keeps nothing): the watchdog dispatches such steps again at once instead of waiting
    SLUICE_REDISPATCH_AFTER_SECONDS. A message that survived claims nothing the second time."""
    url = settings.CELERY_BROKER_URL if backend() == "celery" else ""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    from datetime import timedelta

    import redis
    from django.utils import timezone

    client = _broker_clients.get(url)
    if client is None:
        client = _broker_clients.setdefault(url, redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2))
    try:
        uptime = int(client.info("server")["uptime_in_seconds"])
    except (redis.RedisError, OSError, KeyError, ValueError):
        return None
    return timezone.now() - timedelta(seconds=uptime + 1)
