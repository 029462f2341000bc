"""Background threads: the web process's host sampler, and a Celery worker's heartbeat."""

from __future__ import annotations

import logging
import os
import threading
from datetime import timedelta

from django.db import close_old_connections

from monitoring.sampling import metrics_interval

log = logging.getLogger("sluice.monitoring")
_web_started = threading.Event()


def _loop(name: str, tick) -> None:
    def run() -> None:
        stop = threading.Event()
        while not stop.wait(metrics_interval()):
            close_old_connections()
            try:
                tick()
            except Exception:
                log.exception("%s tick failed", name)
            finally:
                close_old_connections()

    threading.Thread(target=run, name=name, daemon=True).start()


def start_web_sampler() -> None:
    """Every METRICS_INTERVAL: sample this host (metrics:system) and mark silent workers offline."""
    if _web_started.is_set():
        return
    _web_started.set()

    def tick() -> None:
        from monitoring.services import metrics_sample, workers_mark_stale_offline
        from monitoring.services.alerts import alerts_evaluate_metrics

        metrics_sample()
        workers_mark_stale_offline(stale_after=timedelta(seconds=max(30.0, 4 * metrics_interval())))
        alerts_evaluate_metrics()

    _loop("sluice-web-sampler", tick)


def start_worker_heartbeat(*, name: str, concurrency: int, queues: list[str]) -> None:
    from monitoring.services import worker_heartbeat

    def tick() -> None:
        worker_heartbeat(name=name, pid=os.getpid(), concurrency=concurrency, queues=queues)

    tick()
    _loop("sluice-worker-heartbeat", tick)


def connect_celery_signals() -> None:
    from celery.signals import worker_ready, worker_shutdown

    @worker_ready.connect(weak=False)
    def _ready(sender=None, **kwargs) -> None:
        try:
            queues = sorted(q.name for q in sender.app.amqp.queues.consume_from.values())
        except Exception:
            queues = []
        concurrency = getattr(getattr(sender, "controller", None), "concurrency", 0) or 0
        start_worker_heartbeat(name=sender.hostname, concurrency=concurrency, queues=queues)

    @worker_shutdown.connect(weak=False)
    def _shutdown(sender=None, **kwargs) -> None:
        from monitoring.services import worker_offline

        try:
            worker_offline(name=getattr(sender, "hostname", "") or "")
        except Exception:
            log.exception("could not mark the worker offline")
