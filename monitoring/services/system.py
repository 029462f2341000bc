"""Writes of the monitoring app: host samples, worker heartbeats and the roster."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from monitoring.models import MetricSample, Worker
from monitoring.sampling import host_metrics, host_name
from notifications.events import publish


def metrics_sample(*, source: str = MetricSample.Source.WEB, host: str | None = None) -> MetricSample:
    """Sample this host, keep the sample, and publish metrics.system."""
    values = host_metrics()
    sample = MetricSample.objects.create(ts=timezone.now(), source=source, host=host or host_name(), **values)
    publish(
        "metrics:system",
        "metrics.system",
        {"host": sample.host, "source": source, "ts": sample.ts.isoformat(), **values},
    )
    return sample


def worker_heartbeat(*, name: str, pid: int, concurrency: int = 0, queues: list[str] | None = None) -> Worker:
    """A worker's periodic sign of life (with its host's metrics); announces it when it comes online."""
    now = timezone.now()
    sample = metrics_sample(source=MetricSample.Source.WORKER)
    with transaction.atomic():
        worker, created = Worker.objects.select_for_update().get_or_create(
            name=name,
            defaults={
                "host": sample.host,
                "pid": pid,
                "started_at": now,
                "last_seen": now,
                "concurrency": concurrency,
                "queues": queues or [],
            },
        )
        came_online = created or worker.status != Worker.Status.ONLINE
        worker.status, worker.last_seen, worker.pid = Worker.Status.ONLINE, now, pid
        worker.cpu_percent, worker.memory_percent = sample.cpu_percent, sample.memory_percent
        if came_online:
            worker.started_at = now
            worker.concurrency, worker.queues = concurrency, queues or []
        worker.save()
        if came_online:
            _worker_event(worker, "worker.online")
    return worker


def worker_offline(*, name: str) -> None:
    with transaction.atomic():
        worker = Worker.objects.select_for_update().filter(name=name, status=Worker.Status.ONLINE).first()
        if worker is not None:
            worker.status = Worker.Status.OFFLINE
            worker.save(update_fields=["status"])
            _worker_event(worker, "worker.offline")


def workers_mark_stale_offline(*, stale_after: timedelta) -> int:
    """Workers that stopped heart-beating (killed, machine gone) are marked offline."""
    names = list(
        Worker.objects.filter(status=Worker.Status.ONLINE, last_seen__lt=timezone.now() - stale_after).values_list(
            "name", flat=True
        )
    )
    for name in names:
        worker_offline(name=name)
    return len(names)


def metric_samples_cleanup(*, before) -> int:
    deleted, _ = MetricSample.objects.filter(ts__lt=before).delete()
    return deleted


def _worker_event(worker: Worker, type: str) -> None:
    publish(
        "metrics:system",
        type,
        {"name": worker.name, "host": worker.host, "pid": worker.pid, "last_seen": worker.last_seen.isoformat()},
        topics=("dashboard",),
    )
