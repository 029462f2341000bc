from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task(ignore_result=True, name="monitoring.cleanup_metrics")
def cleanup_metrics() -> int:
    from monitoring.services import metric_samples_cleanup

    return metric_samples_cleanup(before=timezone.now() - timedelta(days=settings.SLUICE_METRICS_RETENTION_DAYS))


@shared_task(ignore_result=True, name="monitoring.refresh_rollups")
def refresh_rollups() -> int:
    """Fold the newly sealed hours into the hourly rollups (monitoring/services/rollups.py)."""
    from monitoring.services.rollups import rollups_refresh

    return rollups_refresh()
