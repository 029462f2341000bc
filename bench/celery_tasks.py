"""Raw Celery tasks for the overhead benchmark's peer (loaded by the worker with --include)."""

import redis
from celery import shared_task
from django.conf import settings


@shared_task(name="bench.noop")
def noop(previous=None, *, marker: str | None = None, index: int = 0):
    if marker:
        redis.Redis.from_url(settings.REDIS_URL).rpush(marker, index)  # the bench BLPOPs it
    return index
