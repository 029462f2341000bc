"""Sending git work (a sync, a push back) to where it runs: a Celery worker when there is a broker, a
thread of the web process in the embedded mode, a queue the caller drains with ``run_pending`` (tests,
``SLUICE_EXECUTOR=inline``). Never inside the request that asked for it.

The tasks and what they run are registered by ``GitsyncConfig.ready`` (``serve``), so the services that
dispatch import neither (no import circle)."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction

log = logging.getLogger("sluice.gitsync")
_served: dict[str, tuple[Any, Callable[[int], Any]]] = {}
_pending: deque[tuple[str, int]] = deque()


def serve(name: str, *, task: Any, run: Callable[[int], Any]) -> None:
    _served[name] = (task, run)


def _thread(run: Callable[[int], Any], ident: int) -> None:
    def work() -> None:
        close_old_connections()
        try:
            run(ident)
        except Exception:
            log.exception("git work failed", extra={"id": ident})
        finally:
            close_old_connections()

    threading.Thread(target=work, name="sluice-git", daemon=True).start()


def send(name: str, ident: int) -> None:
    """Run ``name`` (``sync``, ``push``) for ``ident`` after the current transaction commits."""

    def go() -> None:
        task, run = _served[name]
        backend = settings.SLUICE_EXECUTOR
        if backend == "celery":
            task.apply_async(args=[ident], queue=settings.SLUICE_GIT_QUEUE)
        elif backend == "local":
            _thread(run, ident)
        else:
            _pending.append((name, ident))

    transaction.on_commit(go)


def run_pending(*, limit: int = 100) -> int:
    """Run what ``send`` queued (the inline backend); how many ran."""
    ran = 0
    while _pending and ran < limit:
        name, ident = _pending.popleft()
        _served[name][1](ident)
        ran += 1
    return ran


def pending() -> list[tuple[str, int]]:
    return list(_pending)


def clear() -> None:
    _pending.clear()
