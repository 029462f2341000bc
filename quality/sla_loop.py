"""The embedded mode's SLA check: a daemon thread that looks for runs past their duration SLA every
SLUICE_SLA_CHECK_SECONDS (celery beat's ``sluice-check-slas`` entry does it in production)."""

from __future__ import annotations

import logging

from django.conf import settings

from core.loops import start_daemon_loop

log = logging.getLogger("sluice.quality")


def _tick() -> None:
    from quality.services.sla import slas_check

    slas_check()


def start_embedded_sla_check() -> None:
    start_daemon_loop(name="sluice-sla-check", interval=settings.SLUICE_SLA_CHECK_SECONDS, tick=_tick, log=log)
