"""Periodic work of the accounts app."""

from celery import shared_task


@shared_task(ignore_result=True, name="accounts.release_held_emails")
def release_held_emails() -> int:
    """Email notifications held during quiet hours, sent once they are over (every minute, beat)."""
    from accounts.preferences import release_held_emails as release

    return release()
