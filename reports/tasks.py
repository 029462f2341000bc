"""Celery tasks of the reports app: thin, they take ids and call a service."""

from celery import shared_task


@shared_task(ignore_result=True, name="reports.send_due")
def send_due() -> list[int]:
    """Beat, every minute: claim the reports whose schedule is due and queue one send task each."""
    from reports.services import reports_send_due

    return reports_send_due(send=lambda pk: send_scheduled.delay(pk))


@shared_task(ignore_result=True, name="reports.send_scheduled")
def send_scheduled(report_id: int) -> None:
    from reports.services import report_send_scheduled

    report_send_scheduled(report_id=report_id)
