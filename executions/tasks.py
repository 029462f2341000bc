"""Celery tasks: thin, ids in, a service call."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from executions.executors import worker_name
from executions.services.backfill import backfills_reconcile
from executions.services.finished import finished_hooks_run
from executions.services.retention import artifacts_cleanup
from executions.services.schedules import schedule_fire
from executions.services.steps import step_execute
from executions.services.watchdog import watchdog_sweep


# A step whose task finds the database unreachable (a restart, a failover) is tried again shortly, not
# dropped: the claim is a conditional update, so a retry of a step that did get claimed claims nothing, and
# a queued step would otherwise wait for the watchdog's SLUICE_REDISPATCH_AFTER_SECONDS.
@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    name="executions.run_step",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=1,
    retry_backoff_max=10,
    retry_jitter=False,
    max_retries=60,
)
def run_step(step_id: int) -> None:
    step_execute(step_id=step_id, worker=worker_name(run_step.request.hostname), hard_stop=True)


@shared_task(ignore_result=True, name="executions.watchdog")
def watchdog() -> dict:
    swept = watchdog_sweep(stale_after=timedelta(seconds=settings.SLUICE_STALE_AFTER_SECONDS))
    backfills_reconcile()
    return swept


@shared_task(ignore_result=True, name="executions.cleanup_artifacts")
def cleanup_artifacts() -> int:
    return artifacts_cleanup(older_than=timedelta(days=settings.SLUICE_ARTIFACT_RETENTION_DAYS))


@shared_task(ignore_result=True, name="executions.run_scheduled")
def run_scheduled(pipeline_id: int) -> None:
    schedule_fire(pipeline_id=pipeline_id)


# The hooks of a finished run (services.finished): acked on receipt, so a message is run at most once
# even before the claim; a redelivery would find the claim taken anyway.
@shared_task(ignore_result=True, name="executions.run_finished_hooks")
def run_finished_hooks(execution_id: int, key: str) -> bool:
    return finished_hooks_run(execution_id=execution_id, key=key)
