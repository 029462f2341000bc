"""Celery tasks: thin, ids in, a service call."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from executions.runner import worker_name
from executions.services.steps import step_execute


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, name="executions.run_step")
def run_step(step_id: int) -> None:
    step_execute(step_id=step_id, worker=worker_name(), hard_stop=True)


@shared_task(ignore_result=True, name="executions.watchdog")
def watchdog() -> dict:
    from executions.services.watchdog import watchdog_sweep

    return watchdog_sweep(stale_after=timedelta(seconds=settings.SLUICE_STALE_AFTER_SECONDS))


@shared_task(ignore_result=True, name="executions.cleanup_artifacts")
def cleanup_artifacts() -> int:
    from executions.services.retention import artifacts_cleanup

    return artifacts_cleanup(older_than=timedelta(days=settings.SLUICE_ARTIFACT_RETENTION_DAYS))


@shared_task(ignore_result=True, name="executions.run_scheduled")
def run_scheduled(pipeline_id: int) -> None:
    from executions.services.schedules import schedule_fire

    schedule_fire(pipeline_id=pipeline_id)
