from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task(ignore_result=True, name="notifications.cleanup_events")
def cleanup_events() -> int:
    from notifications.services import events_cleanup

    return events_cleanup(before=timezone.now() - timedelta(days=settings.SLUICE_EVENT_RETENTION_DAYS))
