"""The embedded mode's in-process scheduler: a daemon thread that fires due cron schedules from the
same PeriodicTask rows celery beat reads in production."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections

log = logging.getLogger("sluice.schedules")
_started = threading.Event()


def start_embedded_scheduler(*, interval: float = 20.0) -> None:
    if _started.is_set():
        return
    _started.set()

    def loop() -> None:
        from executions.services.schedules import schedules_due
        from executions.tasks import watchdog

        stop = threading.Event()
        while not stop.wait(interval):
            close_old_connections()
            try:
                watchdog()
                fired = schedules_due()
                if fired:
                    log.info("schedules fired", extra={"pipelines": fired})
            except Exception:
                log.exception("embedded scheduler tick failed")
            finally:
                close_old_connections()

    threading.Thread(target=loop, name="sluice-scheduler", daemon=True).start()
