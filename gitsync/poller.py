"""The embedded mode's git poller: a daemon thread that queues the syncs that are due every minute (celery
beat's ``sluice-git-sync-due`` entry does it in production)."""

from __future__ import annotations

import logging

from core.loops import start_daemon_loop

log = logging.getLogger("sluice.gitsync")


def _tick() -> None:
    from gitsync.services import syncs_due

    syncs_due()


def start_embedded_poller(*, interval: float = 60.0) -> None:
    start_daemon_loop(name="sluice-git-poller", interval=interval, tick=_tick, log=log)
