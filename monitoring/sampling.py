"""psutil samples of this host, taken by the web process's sampler and by worker heartbeats."""

from __future__ import annotations

import os
import socket
from typing import Any

import psutil
from django.conf import settings


def metrics_interval() -> float:
    """METRICS_INTERVAL within its bounds (1 to 300 seconds)."""
    return max(1.0, min(float(settings.METRICS_INTERVAL), 300.0))


def host_name() -> str:
    return socket.gethostname()


def host_metrics() -> dict[str, Any]:
    memory = psutil.virtual_memory()
    disk_path = str(settings.DATA_ROOT) if os.path.exists(str(settings.DATA_ROOT)) else "/"
    net = psutil.net_io_counters()
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = None
    return {
        "cpu_percent": psutil.cpu_percent(interval=None),
        "memory_percent": memory.percent,
        "memory_used_bytes": memory.used,
        "disk_percent": psutil.disk_usage(disk_path).percent,
        "net_sent_bytes": net.bytes_sent if net else 0,
        "net_recv_bytes": net.bytes_recv if net else 0,
        "load_1m": load,
    }
