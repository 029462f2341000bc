import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("sluice")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


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
