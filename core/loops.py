"""Background loops of the embedded mode (one process: no celery beat): a daemon thread that runs a tick
every ``interval`` seconds with fresh database connections, logging a failed tick and going on."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.db import close_old_connections

_started: set[str] = set()
_lock = threading.Lock()


def start_daemon_loop(*, name: str, interval: float, tick: Callable[[], None], log: logging.Logger) -> bool:
    """Start the loop ``name`` once per process (False when it runs already). ``tick`` is called first
    after ``interval`` seconds, then every ``interval`` seconds."""
    with _lock:
        if name in _started:
            return False
        _started.add(name)

    def loop() -> None:
        stop = threading.Event()
        while not stop.wait(interval):
            close_old_connections()
            try:
                tick()
            except Exception:
                log.exception("%s tick failed", name)
            finally:
                close_old_connections()

    threading.Thread(target=loop, name=name, daemon=True).start()
    return True
