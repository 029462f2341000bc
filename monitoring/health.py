"""Health checks: /healthz (the process answers) and /readyz (its dependencies answer)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection


def _timed(check) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        detail = check() or {}
        return {"ok": True, "latency_ms": round((time.perf_counter() - started) * 1000, 2), **detail}
    except Exception as exc:  # a readiness probe reports, it never raises
        return {
            "ok": False,
            "latency_ms": round((time.perf_counter() - started) * 1000, 2),
            "error": f"{type(exc).__name__}: {exc}"[:500],
        }


def check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def check_channel_layer() -> dict[str, Any]:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")

    async def roundtrip() -> None:
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "health.ping"})
        await asyncio.wait_for(layer.receive(channel), timeout=2)

    async_to_sync(roundtrip)()
    return {"backend": type(layer).__name__}


def check_broker() -> dict[str, Any]:
    if settings.SLUICE_EXECUTOR != "celery":
        return {"skipped": f"executor is {settings.SLUICE_EXECUTOR}"}
    from celery import current_app as app  # config.celery's app: config/__init__.py makes it current

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return {"transport": app.conf.broker_url.split("://", 1)[0]}


def readiness() -> tuple[bool, dict[str, Any]]:
    checks = {
        "database": _timed(check_database),
        "channel_layer": _timed(check_channel_layer),
        "broker": _timed(check_broker),
    }
    return all(c["ok"] for c in checks.values()), checks
