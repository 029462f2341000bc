"""Host metrics over time and the worker roster."""

from __future__ import annotations

from django.db import models


class MetricSample(models.Model):
    """One psutil sample of a host (the web process's or a worker's)."""

    class Source(models.TextChoices):
        WEB = "web", "Web"
        WORKER = "worker", "Worker"

    ts = models.DateTimeField(db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    host = models.CharField(max_length=200)
    cpu_percent = models.FloatField()
    memory_percent = models.FloatField()
    memory_used_bytes = models.BigIntegerField()
    disk_percent = models.FloatField()
    net_sent_bytes = models.BigIntegerField()
    net_recv_bytes = models.BigIntegerField()
    load_1m = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-ts"]
        indexes = [models.Index(fields=["host", "-ts"])]

    def __str__(self) -> str:
        return f"{self.host} {self.ts:%H:%M:%S} cpu {self.cpu_percent:.0f}%"


class Worker(models.Model):
    """A Celery worker process, kept by its heartbeats."""

    class Status(models.TextChoices):
        ONLINE = "online", "Online"
        OFFLINE = "offline", "Offline"

    name = models.CharField(max_length=200, unique=True)
    host = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ONLINE, db_index=True)
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)
    cpu_percent = models.FloatField(default=0)
    memory_percent = models.FloatField(default=0)
    concurrency = models.PositiveIntegerField(default=0)
    queues = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"
