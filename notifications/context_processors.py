"""Template context shared by every page: the navbar's unread-notification count."""

from notifications.selectors import notifications_of


def unread_notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:  # called by the template only when a page shows it
        return notifications_of(user=user).filter(read_at__isnull=True).count()

    return {"unread_notifications": count}
