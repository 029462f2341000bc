"""Where steps run: ``celery`` (a broker is configured), ``local`` (a thread pool in the web
process, the embedded mode) or ``inline`` (a queue drained by the caller, for tests and the CLI).
All of them call the same service, ``step_execute``."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections

log = logging.getLogger("sluice.executions")
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_inline: deque[tuple[int, float]] = deque()


def backend() -> str:
    return settings.SLUICE_EXECUTOR


def dispatch(step_ids: list[int], *, priority: int = 5, delay: float = 0.0) -> None:
    """Send ready steps to the executor. Called only after the transaction that queued them committed."""
    if not step_ids:
        return
    kind = backend()
    if kind == "celery":
        from executions.tasks import run_step

        for step_id in step_ids:
            run_step.apply_async(
                args=[step_id],
                priority=max(0, min(9, 9 - priority)),
                countdown=delay or None,
                queue=settings.SLUICE_STEP_QUEUE,
            )
    elif kind == "local":
        for step_id in step_ids:
            _local_pool().submit(_run_local, step_id, delay)
    elif kind == "inline":
        _inline.extend((step_id, delay) for step_id in step_ids)
    else:
        raise ValueError(f"Unknown SLUICE_EXECUTOR {kind!r}")


def _local_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=settings.SLUICE_LOCAL_WORKERS, thread_name_prefix="sluice-step")
        return _pool


def _run_local(step_id: int, delay: float) -> None:
    from executions.services.steps import step_execute

    if delay:
        time.sleep(delay)
    close_old_connections()
    try:
        step_execute(step_id=step_id, worker=worker_name())
    except Exception:
        log.exception("local step %s crashed", step_id)
    finally:
        close_old_connections()


def worker_name() -> str:
    return f"{os.uname().nodename}:{os.getpid()}:{threading.current_thread().name}"


def run_inline_until_idle(*, max_steps: int = 10_000) -> int:
    """Drain the inline queue (delays are not slept); returns how many steps ran."""
    from executions.services.steps import step_execute

    ran = 0
    while _inline and ran < max_steps:
        step_id, _delay = _inline.popleft()
        step_execute(step_id=step_id, worker="inline")
        ran += 1
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
