"""The embedded mode's insights loop: a daemon thread that refreshes the insights of every pipeline with
recent history every SLUICE_INSIGHTS_INTERVAL seconds (celery beat's ``sluice-insights`` entry in
production)."""

from __future__ import annotations

import logging

from django.conf import settings

from core.loops import start_daemon_loop

log = logging.getLogger("sluice.insights")


def _tick() -> None:
    from insights.services.generate import insights_refresh_all

    insights_refresh_all()


def start_embedded_insights(*, interval: float | None = None) -> None:
    start_daemon_loop(
        name="sluice-insights", interval=interval or settings.SLUICE_INSIGHTS_INTERVAL, tick=_tick, log=log
    )
