from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task(ignore_result=True, name="quality.cleanup_results")
def cleanup_results() -> int:
    from quality.services.retention import quality_results_cleanup

    return quality_results_cleanup(before=timezone.now() - timedelta(days=settings.SLUICE_QUALITY_RETENTION_DAYS))


@shared_task(ignore_result=True, name="quality.check_slas")
def check_slas() -> int:
    from quality.services.sla import slas_check

    return len(slas_check())
