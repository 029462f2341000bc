from celery import shared_task


@shared_task(ignore_result=True, name="insights.refresh_all")
def refresh_all() -> int:
    from insights.services.generate import insights_refresh_all

    return insights_refresh_all()


@shared_task(ignore_result=True, name="insights.refresh")
def refresh(pipeline_id: int) -> None:
    from insights.services.generate import insights_refresh

    insights_refresh(pipeline_id=pipeline_id)
