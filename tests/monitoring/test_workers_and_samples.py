from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from monitoring.models import MetricSample, Worker
from monitoring.sampling import metrics_interval
from monitoring.services import (
    metric_samples_cleanup,
    metrics_sample,
    worker_heartbeat,
    worker_offline,
    workers_mark_stale_offline,
)
from notifications.models import Event
from notifications.schemas import SCHEMAS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_worker_reports")]


def test_a_sample_is_kept_and_published():
    sample = metrics_sample()
    assert 0 <= sample.cpu_percent <= 100 * 64 and 0 < sample.memory_percent <= 100 and sample.memory_used_bytes > 0
    event = Event.objects.get(type="metrics.system")
    assert event.topic == "metrics:system" and event.data["host"] == sample.host
    SCHEMAS["metrics.system"][0].model_validate(event.data)


def test_worker_online_once_then_offline_when_silent():
    worker_heartbeat(name="w1@host", pid=123, concurrency=2, queues=["celery"])
    worker_heartbeat(name="w1@host", pid=123, concurrency=2, queues=["celery"])
    assert Event.objects.filter(type="worker.online", topic="metrics:system").count() == 1
    assert Worker.objects.get(name="w1@host").status == "online"
    Worker.objects.filter(name="w1@host").update(last_seen=timezone.now() - timedelta(minutes=5))
    assert workers_mark_stale_offline(stale_after=timedelta(seconds=60)) == 1
    assert Worker.objects.get(name="w1@host").status == "offline"
    assert Event.objects.filter(type="worker.offline", topic="metrics:system").count() == 1
    worker_heartbeat(name="w1@host", pid=124)
    assert Event.objects.filter(type="worker.online", topic="metrics:system").count() == 2
    worker_offline(name="w1@host")
    worker_offline(name="w1@host")  # idempotent
    assert Event.objects.filter(type="worker.offline", topic="metrics:system").count() == 2


def test_workers_api(client_for, viewer):
    worker_heartbeat(name="w2@host", pid=1, concurrency=4, queues=["celery"])
    body = client_for(viewer).get("/api/workers/?status=online").json()
    assert [w["name"] for w in body["results"]] == ["w2@host"] and body["results"][0]["concurrency"] == 4


def test_interval_bounds_and_retention(settings):
    settings.METRICS_INTERVAL = 0.01
    assert metrics_interval() == 1.0
    settings.METRICS_INTERVAL = 10_000
    assert metrics_interval() == 300.0
    old = metrics_sample()
    MetricSample.objects.filter(pk=old.pk).update(ts=timezone.now() - timedelta(days=10))
    metrics_sample()
    assert metric_samples_cleanup(before=timezone.now() - timedelta(days=7)) == 1
