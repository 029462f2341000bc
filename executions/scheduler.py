"""The embedded mode's in-process scheduler: a daemon thread that fires due cron schedules from the
same PeriodicTask rows celery beat reads in production."""

from __future__ import annotations

import logging

from core.loops import start_daemon_loop

log = logging.getLogger("sluice.schedules")


def _tick() -> None:
    from executions.services.schedules import schedules_due
    from executions.tasks import watchdog

    watchdog()
    fired = schedules_due()
    if fired:
        log.info("schedules fired", extra={"pipelines": fired})


def start_embedded_scheduler(*, interval: float = 20.0) -> None:
    start_daemon_loop(name="sluice-scheduler", interval=interval, tick=_tick, log=log)
