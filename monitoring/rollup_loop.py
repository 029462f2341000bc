"""The embedded mode's rollup refresh: a daemon thread that folds the newly sealed hours into the hourly
rollups every SLUICE_ROLLUP_SECONDS (celery beat's ``sluice-rollups`` entry does it in production)."""

from __future__ import annotations

import logging

from django.conf import settings

from core.loops import start_daemon_loop

log = logging.getLogger("sluice.monitoring")


def _tick() -> None:
    from monitoring.services.rollups import rollups_refresh

    rollups_refresh()


def start_embedded_rollups() -> None:
    start_daemon_loop(name="sluice-rollups", interval=settings.SLUICE_ROLLUP_SECONDS, tick=_tick, log=log)
