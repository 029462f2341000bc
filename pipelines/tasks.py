from celery import shared_task


@shared_task(ignore_result=True, name="pipelines.purge_uploads")
def purge_uploads() -> int:
    """Resumable uploads left unfinished for a week are deleted."""
    from pipelines.files import uploads_purge

    return uploads_purge()
