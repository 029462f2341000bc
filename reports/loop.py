"""The embedded mode's report scheduler (one process, no celery beat): a daemon loop that sends the reports
whose cron schedule is due, inline (config/asgi.py starts it next to the pipelines' scheduler)."""

from __future__ import annotations

import logging

from core.loops import start_daemon_loop

log = logging.getLogger("sluice.reports")


def _tick() -> None:
    from reports.services import reports_send_due

    sent = reports_send_due()
    if sent:
        log.info("reports sent", extra={"reports": sent})


def start_embedded_reports(*, interval: float = 30.0) -> None:
    start_daemon_loop(name="sluice-reports", interval=interval, tick=_tick, log=log)
