"""The embedded mode's git poller: a daemon thread that queues the syncs that are due every minute (celery
beat's ``sluice-git-sync-due`` entry does it in production)."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections

log = logging.getLogger("sluice.gitsync")
_started = threading.Event()


def start_embedded_poller(*, interval: float = 60.0) -> None:
    if _started.is_set():
        return
    _started.set()

    def loop() -> None:
        from gitsync.services import syncs_due

        stop = threading.Event()
        while not stop.wait(interval):
            close_old_connections()
            try:
                syncs_due()
            except Exception:
                log.exception("git poller tick failed")
            finally:
                close_old_connections()

    threading.Thread(target=loop, name="sluice-git-poller", daemon=True).start()
