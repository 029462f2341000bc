import os
import sys

from celery import Celery
from celery.signals import setup_logging, task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("sluice")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Celery's Django fixup (5.7) closes every database connection of a worker before and after each task,
# unless CELERY_DB_REUSE_MAX is set: each task then opened a new PostgreSQL connection (its TCP setup,
# authentication and session: ~10 ms, 20 under load), which a run paid on its first step and its
# finished-run hooks, and a TPC-H run on every step sent through the broker. The fixup's own count is
# set out of reach here and Django's rule applies instead, as it does to web requests: at each task's
# start and end a connection is closed when it is older than CONN_MAX_AGE (DB_CONN_MAX_AGE: 0 closes it
# every time, as behind PgBouncer), broken, or left inside a transaction; others are reused, after a
# health check (CONN_HEALTH_CHECKS) at their first query.
app.conf.CELERY_DB_REUSE_MAX = sys.maxsize


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(sender=None, **kwargs) -> None:
    if getattr(getattr(sender, "request", None), "is_eager", False):
        return  # run in the caller's process and transaction (as the fixup skips them)
    from django.db import close_old_connections

    close_old_connections()


@setup_logging.connect
def _keep_django_logging(**kwargs) -> None:
    """Celery would replace the root logger's handlers; keep Django's structured (JSON) logging."""


def _survive_broker_loss() -> None:
    """A worker must outlive a Redis restart. On a lost broker connection Celery (5.7) collects the
    transport and then closes the connection; closing the Redis channel restores its unacknowledged
    messages with a client built from the transport's connection info, which the collect has already
    cleared: an AttributeError that Celery does not expect, so the worker exits ("Unrecoverable error").
    With the broker gone nothing can be restored then anyway; the messages stay in Redis's unacked set
    (restored after the visibility timeout) and the watchdog dispatches steps whose message was lost
    (SLUICE_REDISPATCH_AFTER_SECONDS). So skip the restore when the transport has no connection left."""
    from kombu.transport import redis as kombu_redis

    original = kombu_redis.QoS.restore_unacked
    if getattr(original, "_sluice", False):
        return

    def restore_unacked(self, client=None):
        transport = getattr(self.channel, "connection", None)
        if client is None and (transport is None or getattr(transport, "client", None) is None):
            return []
        return original(self, client)

    restore_unacked._sluice = True
    kombu_redis.QoS.restore_unacked = restore_unacked


_survive_broker_loss()
