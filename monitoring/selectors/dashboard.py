"""Reads of the dashboard and the system page: today's counters, recent failures, host samples and the
worker roster. Every function runs a fixed number of queries whatever the number of executions."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Avg, Count, Max, Q
from django.utils import timezone

from core.sql import EpochBucket
from executions.models import Execution
from monitoring.models import MetricSample, Worker
from monitoring.selectors.access import visible
from monitoring.selectors.windows import Window as TimeWindow

E = Execution.Status
RUNNING = (E.RUNNING, E.COMMITTING, E.CANCELLING)
SPARKLINE_POINTS = 60
MAX_SERIES_POINTS = 300
MAX_WORKERS = 200
SYSTEM_METRICS = ("cpu_percent", "memory_percent", "disk_percent")


def start_of_today(now: datetime | None = None) -> datetime:
    """Midnight of the current day in the active time zone."""
    local = timezone.localtime(now or timezone.now())
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def dashboard_counters(*, user, now: datetime | None = None) -> dict[str, Any]:
    """Running and queued now; succeeded, failed and cancelled since midnight; today's success rate.
    One query: the rows created today or active now (both indexed: ``created_at`` and ``status``)."""
    today = start_of_today(now)
    created_today = Q(created_at__gte=today)
    row = (
        Execution.objects.filter(visible(user))
        .filter(created_today | Q(status__in=Execution.ACTIVE))
        .aggregate(
            running=Count("id", filter=Q(status__in=RUNNING)),
            queued=Count("id", filter=Q(status=E.QUEUED)),
            succeeded=Count("id", filter=created_today & Q(status=E.SUCCEEDED)),
            failed=Count("id", filter=created_today & Q(status=E.FAILED)),
            cancelled=Count("id", filter=created_today & Q(status=E.CANCELLED)),
            total_today=Count("id", filter=created_today),
        )
    )
    done = row["succeeded"] + row["failed"]
    return {**row, "since": today, "success_rate": row["succeeded"] / done if done else None}


def recent_failures(*, user, limit: int = 8, days: int = 7) -> list[Execution]:
    """The newest failed executions of the last ``days`` days (the ``status`` index, then a top-N sort)."""
    since = timezone.now() - timedelta(days=days)
    return list(
        Execution.objects.filter(visible(user), status=E.FAILED, created_at__gte=since)
        .select_related("pipeline", "version")
        .order_by("-created_at", "-id")[:limit]
    )


def metric_sparklines(*, points: int = SPARKLINE_POINTS) -> dict[str, list[list[Any]]]:
    """The newest ``points`` host samples (all hosts, oldest first) as ``[iso ts, value]`` pairs per
    metric: ``cpu_percent`` and ``memory_percent``. One query on the ``ts`` index."""
    rows = list(
        MetricSample.objects.order_by("-ts").values_list("ts", "host", "cpu_percent", "memory_percent")[:points]
    )
    rows.reverse()
    return {
        "cpu_percent": [[ts.isoformat(), round(cpu, 1)] for ts, _host, cpu, _mem in rows],
        "memory_percent": [[ts.isoformat(), round(mem, 1)] for ts, _host, _cpu, mem in rows],
        "latest": {
            "cpu_percent": rows[-1][2] if rows else None,
            "memory_percent": rows[-1][3] if rows else None,
            "host": rows[-1][1] if rows else None,
            "ts": rows[-1][0] if rows else None,
        },
    }


def workers_roster(*, limit: int = MAX_WORKERS) -> dict[str, Any]:
    """Workers (online first) and the counts online and offline. Two queries."""
    counts = Worker.objects.aggregate(
        online=Count("id", filter=Q(status=Worker.Status.ONLINE)),
        offline=Count("id", filter=Q(status=Worker.Status.OFFLINE)),
    )
    workers = list(Worker.objects.order_by("-status", "name")[:limit])  # "online" sorts after "offline"
    return {**counts, "workers": workers}


def system_series(*, window: TimeWindow, host: str | None = None) -> dict[str, Any]:
    """Per host, the window's samples averaged into at most 300 buckets: CPU, memory and disk (%),
    memory used (bytes, max) and network throughput (bytes/s, from the growth of the cumulative
    counters between buckets). One query for the hosts, one for the series."""
    size = max(1, math.ceil(window.seconds / MAX_SERIES_POINTS))
    qs = MetricSample.objects.filter(ts__gte=window.since, ts__lte=window.until)
    if host:
        qs = qs.filter(host=host)
    rows = (
        qs.annotate(bucket=EpochBucket("ts", size))
        .values("host", "bucket")
        .annotate(
            cpu_percent=Avg("cpu_percent"),
            memory_percent=Avg("memory_percent"),
            disk_percent=Avg("disk_percent"),
            memory_used_bytes=Max("memory_used_bytes"),
            net_sent_bytes=Max("net_sent_bytes"),
            net_recv_bytes=Max("net_recv_bytes"),
            samples=Count("id"),
        )
        .order_by("host", "bucket")
    )
    hosts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    previous: dict[str, dict[str, Any]] = {}
    for r in rows:
        point = {
            "ts": datetime.fromtimestamp(r["bucket"], tz=UTC),
            "cpu_percent": round(r["cpu_percent"], 2),
            "memory_percent": round(r["memory_percent"], 2),
            "disk_percent": round(r["disk_percent"], 2),
            "memory_used_bytes": r["memory_used_bytes"],
            "net_sent_per_s": None,
            "net_recv_per_s": None,
        }
        before = previous.get(r["host"])
        if before is not None:
            seconds = r["bucket"] - before["bucket"]
            for key, counter in (("net_sent_per_s", "net_sent_bytes"), ("net_recv_per_s", "net_recv_bytes")):
                grown = r[counter] - before[counter]
                point[key] = round(grown / seconds, 1) if seconds > 0 and grown >= 0 else None  # a reboot resets
        previous[r["host"]] = r
        hosts[r["host"]].append(point)
    return {
        **window.as_dict(),
        "bucket_seconds": size,
        "hosts": [{"host": h, "points": points} for h, points in sorted(hosts.items())],
    }


def known_hosts(*, since: datetime) -> list[str]:
    """Hosts that sent a sample since ``since`` (for the host filter)."""
    return list(
        MetricSample.objects.filter(ts__gte=since).values_list("host", flat=True).distinct().order_by("host")[:100]
    )
