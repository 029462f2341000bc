"""Sluice's Prometheus collectors, computed from the database at scrape time (cached a few seconds),
so the figures are right however many web and worker processes there are: no per-process counters
to merge, no multiprocess directory to manage."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily

from executions.models import Execution, StepRun

BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)


class SluiceCollector:
    def __init__(self, ttl: float | None = None):
        self.ttl = ttl
        self._cache: tuple[float, list] | None = None
        self._lock = threading.Lock()

    def describe(self):
        return []  # collected lazily: no database access at registration

    def collect(self):
        ttl = self.ttl if self.ttl is not None else settings.SLUICE_METRICS_CACHE_SECONDS
        with self._lock:
            if self._cache is None or time.monotonic() - self._cache[0] > ttl:
                self._cache = (time.monotonic(), self._compute())
            yield from self._cache[1]

    def _compute(self) -> list:
        metrics = []
        executions = CounterMetricFamily(
            "sluice_executions",
            "Executions by pipeline and status (finished ones count once).",
            labels=["pipeline", "status"],
        )
        for row in Execution.objects.values("pipeline__slug", "status").annotate(n=Count("id")):
            executions.add_metric([row["pipeline__slug"], row["status"]], row["n"])
        metrics.append(executions)

        rows = CounterMetricFamily(
            "sluice_rows_processed", "Rows read by sources of succeeded executions.", labels=["pipeline"]
        )
        for row in (
            Execution.objects.filter(status=Execution.Status.SUCCEEDED)
            .values("pipeline__slug")
            .annotate(n=Sum("rows_in"))
        ):
            rows.add_metric([row["pipeline__slug"]], row["n"] or 0)
        metrics.append(rows)

        duration = HistogramMetricFamily(
            "sluice_step_duration_seconds",
            "Duration of succeeded steps by pipeline and node.",
            labels=["pipeline", "node"],
        )
        aggregates = {f"le_{i}": Count("id", filter=Q(duration_ms__lte=b * 1000)) for i, b in enumerate(BUCKETS)}
        per_node = (
            StepRun.objects.filter(status=StepRun.Status.SUCCEEDED, duration_ms__isnull=False)
            .values("execution__pipeline__slug", "node_key")
            .annotate(total=Count("id"), seconds=Sum("duration_ms"), **aggregates)
        )
        for row in per_node:
            buckets = [(str(b), row[f"le_{i}"]) for i, b in enumerate(BUCKETS)] + [("+Inf", row["total"])]
            duration.add_metric(
                [row["execution__pipeline__slug"], row["node_key"]], buckets, (row["seconds"] or 0) / 1000.0
            )
        metrics.append(duration)

        steps = StepRun.objects.aggregate(
            queued=Count("id", filter=Q(status=StepRun.Status.QUEUED)),
            running=Count("id", filter=Q(status=StepRun.Status.RUNNING, position=0)),
        )
        metrics.append(GaugeMetricFamily("sluice_queue_depth", "Steps queued for a worker.", value=steps["queued"]))
        metrics.append(GaugeMetricFamily("sluice_running_steps", "Steps running now.", value=steps["running"]))
        waiting = Execution.objects.filter(status=Execution.Status.QUEUED).count()
        metrics.append(
            GaugeMetricFamily("sluice_executions_waiting", "Executions waiting for a concurrency slot.", value=waiting)
        )
        recent = timezone.now() - timedelta(seconds=settings.SLUICE_STALE_AFTER_SECONDS)
        workers = (
            StepRun.objects.filter(status=StepRun.Status.RUNNING, heartbeat_at__gte=recent)
            .exclude(worker="")
            .values("worker")
            .distinct()
            .count()
        )
        metrics.append(GaugeMetricFamily("sluice_workers_busy", "Worker processes running a step now.", value=workers))
        from monitoring.models import Worker

        online = Worker.objects.filter(status=Worker.Status.ONLINE).count()
        metrics.append(GaugeMetricFamily("sluice_workers_online", "Celery workers heart-beating.", value=online))

        last = GaugeMetricFamily(
            "sluice_last_success_timestamp_seconds",
            "When each pipeline last succeeded (Unix time).",
            labels=["pipeline"],
        )
        for row in (
            Execution.objects.filter(status=Execution.Status.SUCCEEDED)
            .values("pipeline__slug")
            .annotate(at=Max("finished_at"))
        ):
            last.add_metric([row["pipeline__slug"]], row["at"].timestamp())
        metrics.append(last)
        return metrics
